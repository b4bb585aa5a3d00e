package handlers_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/browsertest"
)

// Enrolling several people found by different names: the people ticked
// after the first search stay listed and ticked when the next search
// replaces the people found, and one click enrols them all.
func TestPickerKeepsTicksAcrossSearches(t *testing.T) {
	s := apptest.Start(t)
	st := s.Sandbox.Snapshot()
	tr := busyTraining(t, st)
	a, b := twoNewcomers(t, st, tr.ID)
	tab := browsertest.Start(t, 1280, 900)
	signInBrowser(t, tab, s, sandbox.PersonaHRAdmin)

	tab.Do(chromedp.Navigate(s.URL + "/trainings/" + tr.ID.String() + "/participants"))
	tab.WaitUntilSettled("the participants tab", q(`[data-testid="enrol-picker"]`)+` !== null`)
	before := len(membersOf(st, tr.ID)) // the tab shows a page of them: count them all
	browsertest.Eval[bool](tab, q(`[data-testid="enrol-picker"]`)+`.open = true`)
	tick := func(e factorial.Employee) {
		t.Helper()
		tab.Do(chromedp.Click(chromedp.CSS(`#enrol-` + e.ID.String())))
		tab.WaitSettled()
	}
	tab.InsertText(`#picker-q`, a.FullName)
	tab.WaitUntilSettled("the first person found", q(`#enrol-`+a.ID.String())+` !== null`)
	tick(a)
	tab.Do(chromedp.Click(chromedp.CSS(`#picker-q`)))
	browsertest.Eval[bool](tab, `(() => { `+q(`#picker-q`)+`.select(); return true })()`)
	tab.InsertText(`#picker-q`, b.FullName)
	tab.WaitUntilSettled("the second person found", q(`#enrol-`+b.ID.String())+` !== null`)
	tick(b)
	if got := browsertest.Eval[bool](tab, q(`#enrol-`+a.ID.String())+`?.checked === true`); !got {
		t.Fatalf("after searching %q, %s is no longer ticked", b.FullName, a.FullName)
	}
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="enrol-selected"]`)))
	tab.WaitUntilSettled("both enrolled", q(`[data-testid="participants-count"]`)+`?.textContent === '`+itoa(before+2)+` participants'`)
	tab.Accessible("participants after enrolling people from two searches")
	tab.NoCSPViolations()
}

// In the enrolment picker too: a name typed while the manager's team is
// still loading narrows the list to that name; the team's late answer must
// not replace it.
func TestPickerLateAnswerDoesNotReplaceTheSearch(t *testing.T) {
	wrap, h := holdFirstHTMX(t, "")
	st := sandbox.New(sandbox.WithSeed(1)).Snapshot()
	reports := map[factorial.ID][]factorial.Employee{}
	for _, e := range st.Employees {
		if e.Active && e.ManagerID != nil {
			reports[*e.ManagerID] = append(reports[*e.ManagerID], e)
		}
	}
	var boss factorial.ID
	for m, rs := range reports {
		if len(rs) > 2 && (boss == 0 || m < boss) {
			boss = m
		}
	}
	if boss == 0 {
		t.Fatal("no manager with three reports in the sandbox")
	}
	who := reports[boss][0].FullName
	s := apptest.Start(t, apptest.WithSandboxOptions(sandbox.WithState(st)), apptest.WithHandlerWrap(wrap))
	tr := busyTraining(t, st)
	base := "/trainings/" + tr.ID.String()
	tab := browsertest.Start(t, 1280, 900)
	signInBrowser(t, tab, s, sandbox.PersonaHRAdmin)
	tab.Do(chromedp.Navigate(s.URL + base + "/participants"))
	tab.WaitUntilSettled("the participants tab", q(`[data-testid="enrol-picker"]`)+` !== null`)
	browsertest.Eval[bool](tab, q(`[data-testid="enrol-picker"]`)+`.open = true`)

	browsertest.Eval[bool](tab, `(() => { const s = `+q(`#picker-manager`)+`; s.value = '`+boss.String()+`'; return s.dispatchEvent(new Event('change', {bubbles: true})) })()`)
	h.arrived(t, tab)
	tab.InsertText(`#picker-q`, who)
	h.bothAnswered(t, tab)
	tab.WaitSettled()
	res := s.SignIn(t, sandbox.PersonaHRAdmin).Do(http.MethodGet, base+"/picker?q="+url.QueryEscape(who)+"&manager="+boss.String(), nil, htmxTo("picker-results"))
	want := apptest.TestID(apptest.Parse(t, res), "picker-person").Length()
	if got := tab.Count(`[data-testid="picker-person"]`); got != want {
		t.Errorf("after the team was overtaken by a search for %q, the picker lists %d people, want the search's %d", who, got, want)
	}
}
