package handlers_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/browsertest"
)

// signInBrowser signs tab in as the demo persona through the sandbox picker.
func signInBrowser(t *testing.T, tab *browsertest.Tab, s *apptest.Server, persona string) {
	t.Helper()
	tab.Do(chromedp.Navigate(s.URL + "/auth/start"))
	tab.Do(chromedp.Click(chromedp.CSS(`button[name="persona"][value="` + persona + `"]`)))
	tab.WaitUntilSettled("the signed-in home page", q(`[data-testid="user-name"]`)+` !== null`)
}

// Ordering by a column header (an htmx swap of the results only) must not
// leave the filter form's Order field behind: the next filter change sends
// the whole form, and a stale Order would silently drop the chosen order.
func TestCatalogueHeaderSortSurvivesAFilterChange(t *testing.T) {
	s := apptest.Start(t)
	tab := browsertest.Start(t, 1280, 900)
	signInBrowser(t, tab, s, sandbox.PersonaHRAdmin)

	tab.Do(chromedp.Navigate(s.URL + "/trainings"))
	tab.WaitUntilSettled("the catalogue", q(`[data-testid="catalogue-table"]`)+` !== null`)
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="sort-name"]`)))
	tab.WaitUntilSettled("the catalogue by name", `location.search === '?sort=name'`)
	if got := browsertest.Eval[string](tab, q(`#catalogue-sort`)+`.value`); got != "name" {
		t.Errorf("after ordering by the Name header, the Order field says %q, want \"name\"", got)
	}

	browsertest.Eval[bool](tab, `(() => { const s = `+q(`#catalogue-external`)+`; s.value = 'yes'; return s.dispatchEvent(new Event('change', {bubbles: true})) })()`)
	tab.WaitUntilSettled("the external filter applied", `new URLSearchParams(location.search).get('external') === 'yes'`)
	if got := browsertest.Eval[string](tab, `location.search`); got != "?external=yes&sort=name" {
		t.Errorf("after ordering by name then filtering, the view is %s, want ?external=yes&sort=name", got)
	}

	// Choosing the order in the field itself: the field is sent back with
	// the results and keeps the keyboard focus.
	browsertest.Eval[bool](tab, `(() => { const s = `+q(`#catalogue-sort`)+`; s.focus(); s.value = '-year'; return s.dispatchEvent(new Event('change', {bubbles: true})) })()`)
	tab.WaitUntilSettled("the catalogue by year", `new URLSearchParams(location.search).get('sort') === '-year'`)
	if got := browsertest.Eval[string](tab, `(document.activeElement?.id ?? '') + ' ' + `+q(`#catalogue-sort`)+`.value`); got != "catalogue-sort -year" {
		t.Errorf("after choosing an order, focus and Order field are %q, want \"catalogue-sort -year\"", got)
	}
	tab.NoCSPViolations()
}

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
	before := tab.Count(`[data-testid="participant-row"]`)
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
	tab.WaitUntilSettled("both enrolled", `document.querySelectorAll('[data-testid="participant-row"]').length === `+itoa(before+2))
	tab.Accessible("participants after enrolling people from two searches")
	tab.NoCSPViolations()
}

// An export that fails upstream shows the error page, which says what
// happened and offers a retry; a download link would only show the browser's
// "download failed" and no reason.
func TestFailedExportExplainsItself(t *testing.T) {
	s := apptest.Start(t)
	tr := busyTraining(t, s.Sandbox.Snapshot())
	tab := browsertest.Start(t, 1280, 900)
	signInBrowser(t, tab, s, sandbox.PersonaHRAdmin)

	tab.Do(chromedp.Navigate(s.URL + "/trainings/" + tr.ID.String() + "/participants"))
	tab.WaitUntilSettled("the participants tab", q(`[data-testid="export-participants"]`)+` !== null`)
	s.Sandbox.SetFaults(sandbox.Fault{Method: "GET", Path: "trainings/training_memberships", Status: 500})
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="export-participants"]`)))
	tab.WaitUntilSettled("the error page of the failed export", q(`[data-testid="error-page"]`)+` !== null`)
	tab.Accessible("failed export")
}

// Enter in the search box runs the search once and adds one history entry:
// Back then returns to the view before the search, not to the same search
// pushed again (the input's "search" event and the form's submit both ran
// it; a repeated Enter pushed the same view again).
func TestCatalogueSearchEnterIsOneHistoryEntry(t *testing.T) {
	s := apptest.Start(t)
	tab := browsertest.Start(t, 1280, 900)
	signInBrowser(t, tab, s, sandbox.PersonaHRAdmin)
	tab.Do(chromedp.Navigate(s.URL + "/trainings?status=active"))
	tab.WaitUntilSettled("the catalogue", q(`[data-testid="catalogue-table"]`)+` !== null`)
	before := browsertest.Eval[int](tab, `history.length`)

	browsertest.Eval[bool](tab, `(() => { const i = `+q(`#catalogue-q`)+`; i.focus(); i.value = 'fire'; return true })()`)
	tab.Do(chromedp.KeyEvent(kb.Enter))
	tab.WaitUntilSettled("the search in the URL", `location.search === '?q=fire&status=active'`)
	tab.Do(chromedp.KeyEvent(kb.Enter))
	tab.WaitSettled()
	if got := browsertest.Eval[int](tab, `history.length`); got != before+1 {
		t.Errorf("a search and a repeated Enter left %d history entries, want 1", got-before)
	}
	tab.Do(chromedp.NavigateBack())
	tab.WaitUntilSettled("the view before the search", q(`[data-testid="catalogue-table"]`)+` !== null && location.search !== '?q=fire&status=active'`)
	if got := browsertest.Eval[string](tab, `location.search`); got != "?status=active" {
		t.Errorf("back from the search went to %q, want ?status=active", got)
	}
}

// A keyboard user who opens a tab, orders by a column or turns the page
// keeps the focus on the link they used: htmx swaps the part of the page
// holding that link, and restores the focus to an element only by its id.
func TestKeyboardFocusSurvivesPartialUpdates(t *testing.T) {
	s := apptest.Start(t)
	tr := busyTraining(t, s.Sandbox.Snapshot())
	tab := browsertest.Start(t, 1280, 900)
	signInBrowser(t, tab, s, sandbox.PersonaHRAdmin)
	activate := func(testid, what, cond string) {
		t.Helper()
		tab.Do(chromedp.Focus(chromedp.CSS(`[data-testid="` + testid + `"]`)))
		tab.Do(chromedp.KeyEvent(kb.Enter))
		tab.WaitUntilSettled(what, cond)
		if got := browsertest.Eval[string](tab, `document.activeElement?.dataset?.testid ?? document.activeElement?.tagName`); got != testid {
			t.Errorf("after %s, the focus is on %q, want %q", what, got, testid)
		}
	}

	tab.Do(chromedp.Navigate(s.URL + "/trainings/" + tr.ID.String()))
	tab.WaitUntilSettled("the training page", q(`[data-testid="training-tabs"]`)+` !== null`)
	activate("tab-groups", "the groups tab", `location.pathname.endsWith('/groups') && `+q(`[data-testid="panel-groups"]`)+` !== null`)

	tab.Do(chromedp.Navigate(s.URL + "/trainings"))
	tab.WaitUntilSettled("the catalogue", q(`[data-testid="catalogue-table"]`)+` !== null`)
	activate("sort-name", "ordering by name", `location.search === '?sort=name'`)
	activate("page-next", "the next page", `location.search === '?page=2&sort=name'`)
}

// A training name or code that is one long word (a pasted reference, a
// compound word) wraps: it does not make the pages wider than a 768 px
// tablet screen.
// The same holds for the names in the other tabs and lists: a group, a
// session and its place, a participant, a category.
func TestLongWordsDoNotWidenThePages(t *testing.T) {
	long := func(w string) string { return w + strings.Repeat("W", 120) }
	st := sandbox.New(sandbox.WithSeed(1)).Snapshot()
	tr := busyTraining(t, st)
	for i := range st.Classes {
		if st.Classes[i].TrainingID == tr.ID {
			st.Classes[i].Name = long("Gruppe")
			cid := st.Classes[i].ID
			where := long("Schulungsraum")
			st.Sessions = append(st.Sessions, factorial.Session{ID: 900001, TrainingID: tr.ID, TrainingClassID: &cid, Name: long("Sitzung"), Location: &where})
			break
		}
	}
	who := membersOf(st, tr.ID)[0].EmployeeID
	for i := range st.Employees {
		if st.Employees[i].ID == who {
			st.Employees[i].FullName = long("Teilnehmerin")
		}
	}
	st.Categories = append(st.Categories, factorial.TrainingCategory{ID: 900001, Name: long("Kategorie"), CompanyID: st.CompanyID})
	s := apptest.Start(t, apptest.WithSandboxOptions(sandbox.WithState(st)))
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	name := "Arbeitsschutzunterweisung" + strings.Repeat("W", 120)
	page := location(t, hr.Post("/trainings", url.Values{"name": {name}, "year": {"2026"}, "description": {"d"}, "code": {strings.Repeat("C", 40)}}))
	tab := browsertest.Start(t, 768, 1024)
	signInBrowser(t, tab, s, sandbox.PersonaHRAdmin)
	busy := "/trainings/" + tr.ID.String()
	for _, u := range []string{"/trainings?sort=name&q=Arbeitsschutz", page, page + "/edit", page + "/delete",
		busy + "/groups", busy + "/sessions", busy + "/participants", busy + "/costs", "/trainings/categories"} {
		tab.Do(chromedp.Navigate(s.URL + u))
		tab.WaitUntilSettled(u, q(`main`)+` !== null`)
		if w := browsertest.Eval[int](tab, "document.documentElement.scrollWidth"); w > 768 {
			t.Errorf("%s is %d px wide at a 768 px viewport", u, w)
		}
	}
}

// Clicking the tab already open reloads it without adding a history entry
// (Back would otherwise show the same tab again).
func TestCurrentTabAddsNoHistoryEntry(t *testing.T) {
	s := apptest.Start(t)
	tr := busyTraining(t, s.Sandbox.Snapshot())
	tab := browsertest.Start(t, 1280, 900)
	signInBrowser(t, tab, s, sandbox.PersonaHRAdmin)
	tab.Do(chromedp.Navigate(s.URL + "/trainings/" + tr.ID.String() + "/groups"))
	tab.WaitUntilSettled("the groups tab", q(`[data-testid="panel-groups"]`)+` !== null`)
	before := browsertest.Eval[int](tab, `history.length`)
	browsertest.Eval[bool](tab, `(() => { `+q(`[data-testid="panel-groups"]`)+`.dataset.stale = 'yes'; return true })()`)
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="tab-groups"]`)))
	tab.WaitUntilSettled("the groups tab reloaded", q(`[data-testid="panel-groups"]`)+` !== null && !`+q(`[data-testid="panel-groups"]`)+`.dataset.stale`)
	if got := browsertest.Eval[int](tab, `history.length`); got != before {
		t.Errorf("clicking the open tab added %d history entries", got-before)
	}
}
