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
	var cid factorial.ClassID
	for i := range st.Classes {
		if st.Classes[i].TrainingID == tr.ID {
			st.Classes[i].Name = long("Gruppe")
			cid = st.Classes[i].ID
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
		busy + "/groups", busy + "/sessions", busy + "/participants", busy + "/costs", "/trainings/categories",
		busy + "/groups/" + string(cid) + "/edit", busy + "/groups/" + string(cid) + "/delete", "/trainings/categories/900001/delete"} {
		tab.Do(chromedp.Navigate(s.URL + u))
		tab.WaitUntilSettled(u, q(`main`)+` !== null`)
		if w := browsertest.Eval[int](tab, "document.documentElement.scrollWidth"); w > 768 {
			t.Errorf("%s is %d px wide at a 768 px viewport", u, w)
		}
	}
}
