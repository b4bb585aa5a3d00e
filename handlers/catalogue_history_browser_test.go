package handlers_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/browsertest"
)

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

// A search typed while a filter request is still loading shows the search's
// results: the filter's late answer must not replace them (nor put its view
// in the address bar).
func TestCatalogueLateFilterAnswerDoesNotReplaceTheSearch(t *testing.T) {
	wrap, h := holdFirstHTMX(t, "/trainings")
	s := apptest.Start(t, apptest.WithHandlerWrap(wrap))
	tab := browsertest.Start(t, 1280, 900)
	signInBrowser(t, tab, s, sandbox.PersonaHRAdmin)
	tab.Do(chromedp.Navigate(s.URL + "/trainings"))
	tab.WaitUntilSettled("the catalogue", q(`[data-testid="catalogue-table"]`)+` !== null`)

	browsertest.Eval[bool](tab, `(() => { const s = `+q(`#catalogue-status`)+`; s.value = 'active'; return s.dispatchEvent(new Event('change', {bubbles: true})) })()`)
	h.arrived(t, tab)
	tab.InsertText(`#catalogue-q`, "fire")
	h.bothAnswered(t, tab)
	tab.WaitSettled()
	if got := browsertest.Eval[string](tab, `location.search`); got != "?q=fire&status=active" {
		t.Errorf("after a filter overtaken by a search, the address is %q, want ?q=fire&status=active", got)
	}
	want := apptest.TestID(apptest.Parse(t, s.SignIn(t, sandbox.PersonaHRAdmin).Get("/trainings?q=fire&status=active")), "catalogue-count").Text()
	if got := tab.Text(`[data-testid="catalogue-count"]`); strings.TrimSpace(got) != strings.TrimSpace(want) {
		t.Errorf("after a filter overtaken by a search, the results say %q, want the search's %q", got, want)
	}
	if tab.Count(`[data-testid="problem"]`) != 0 {
		t.Errorf("the request replaced by the search is reported as a problem: %q", tab.Text(`[data-testid="problem"]`))
	}
}

// Turning the page and then ordering by a column before the page arrived
// shows the order chosen last, not the late page.
func TestCatalogueLatePageDoesNotReplaceTheOrder(t *testing.T) {
	wrap, h := holdFirstHTMX(t, "/trainings")
	s := apptest.Start(t, apptest.WithHandlerWrap(wrap))
	tab := browsertest.Start(t, 1280, 900)
	signInBrowser(t, tab, s, sandbox.PersonaHRAdmin)
	tab.Do(chromedp.Navigate(s.URL + "/trainings"))
	tab.WaitUntilSettled("the catalogue", q(`[data-testid="catalogue-table"]`)+` !== null`)

	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="page-next"]`)))
	h.arrived(t, tab)
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="sort-name"]`)))
	h.bothAnswered(t, tab)
	tab.WaitSettled()
	if got := browsertest.Eval[string](tab, `location.search + ' ' + `+q(`#catalogue-sort`)+`.value`); got != "?sort=name name" {
		t.Errorf("after turning the page then ordering by name, the address and Order field say %q, want ?sort=name name", got)
	}
}
