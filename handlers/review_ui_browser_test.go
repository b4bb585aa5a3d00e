package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
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

// holdFirstHTMX holds the first htmx request to path (any path when "")
// back until the second has been answered (or the first is given up), so its
// answer arrives last: a slow filter request overtaken by a search typed
// meanwhile. h says when the first request is in and when both are answered.
func holdFirstHTMX(t *testing.T, path string) (wrap func(http.Handler) http.Handler, h *held) {
	in, release, done := make(chan struct{}), make(chan struct{}), make(chan struct{}, 8)
	var n atomic.Int32
	var once sync.Once
	free := func() { once.Do(func() { close(release) }) }
	t.Cleanup(free)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("HX-Request") == "" || path != "" && r.URL.Path != path {
				next.ServeHTTP(w, r)
				return
			}
			switch n.Add(1) {
			case 1:
				close(in)
				select {
				case <-release:
				case <-r.Context().Done():
				}
				next.ServeHTTP(w, r)
			case 2:
				next.ServeHTTP(w, r)
				free()
			default:
				next.ServeHTTP(w, r)
			}
			select {
			case done <- struct{}{}:
			default: // nobody counts these any more
			}
		})
	}, &held{in: in, done: done}
}

// held tells a test where the held request is.
type held struct{ in, done <-chan struct{} }

// arrived waits until the first request is being held.
func (h *held) arrived(t *testing.T, tab *browsertest.Tab) {
	t.Helper()
	select {
	case <-h.in:
	case <-tab.Ctx.Done():
		t.Fatal("the first htmx request never reached Aula")
	}
}

// bothAnswered waits until the held request and the one after it have
// been answered.
func (h *held) bothAnswered(t *testing.T, tab *browsertest.Tab) {
	t.Helper()
	for range 2 {
		select {
		case <-h.done:
		case <-tab.Ctx.Done():
			t.Fatal("the held request and the next one were not both answered")
		}
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

// Saving one person's completion date updates their row only: the people
// ticked for removal stay ticked (the whole page used to reload), the row
// shows the new date and status, and the flash region says what was saved.
func TestCompletionDateKeepsTheTicks(t *testing.T) {
	s := apptest.Start(t)
	tr := busyTraining(t, s.Sandbox.Snapshot())
	tab := browsertest.Start(t, 1280, 900)
	signInBrowser(t, tab, s, sandbox.PersonaHRAdmin)
	tab.Do(chromedp.Navigate(s.URL + "/trainings/" + tr.ID.String() + "/participants"))
	tab.WaitUntilSettled("the participants tab", q(`[data-testid="participants-table"]`)+` !== null`)
	ids := browsertest.Eval[[]string](tab, `[...document.querySelectorAll('[data-testid="participant-row"]')].map(r => r.dataset.id)`)
	if len(ids) < 3 {
		t.Fatalf("%d participants, want 3", len(ids))
	}
	// The first two are ticked, and the third, whose date is then saved.
	for _, id := range ids[:3] {
		tab.Do(chromedp.Click(chromedp.CSS(`#m-` + id)))
	}
	done := ids[2]
	browsertest.Eval[bool](tab, `(() => { `+q(`#done-`+done)+`.value = '2026-01-15'; return true })()`)
	row := `[data-testid="participant-row"][data-id="` + done + `"]`
	tab.Do(chromedp.Click(chromedp.CSS(row + ` [data-testid="save-completion"]`)))
	tab.WaitUntilSettled("the completion saved", q(`[data-testid="flash-success"]`)+` !== null`)
	if got := browsertest.Eval[string](tab, q(`#done-`+done)+`.value + ' ' + `+q(row+` [data-testid="participant-status"]`)+`.textContent.trim()`); got != "2026-01-15 Completed" {
		t.Errorf("after saving, the row says %q, want the date and Completed", got)
	}
	for _, id := range ids[:3] {
		if !browsertest.Eval[bool](tab, q(`#m-`+id)+`.checked`) {
			t.Errorf("participant %s was ticked before a completion date was saved, and is no longer", id)
		}
	}
	if got := browsertest.Eval[string](tab, q(`[data-testid="flash-success"]`)+`.textContent`); !strings.Contains(got, "2026-01-15") {
		t.Errorf("the flash says %q", got)
	}
	if got := browsertest.Eval[string](tab, `document.activeElement?.id ?? ''`); got != "done-"+done+"-save" {
		t.Errorf("after saving, the focus is on %q, want the row's Save button", got)
	}
	tab.Accessible("participants after saving a completion date")
	tab.NoCSPViolations()
}

// Opening a tab while another is still loading shows the tab opened last:
// the slower answer of the first must not replace it (nor its address).
func TestLateTabAnswerDoesNotReplaceTheNextTab(t *testing.T) {
	wrap, h := holdFirstHTMX(t, "")
	s := apptest.Start(t, apptest.WithHandlerWrap(wrap))
	tr := busyTraining(t, s.Sandbox.Snapshot())
	tab := browsertest.Start(t, 1280, 900)
	signInBrowser(t, tab, s, sandbox.PersonaHRAdmin)
	tab.Do(chromedp.Navigate(s.URL + "/trainings/" + tr.ID.String()))
	tab.WaitUntilSettled("the training page", q(`[data-testid="panel-overview"]`)+` !== null`)

	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="tab-groups"]`)))
	h.arrived(t, tab)
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="tab-sessions"]`)))
	h.bothAnswered(t, tab)
	tab.WaitSettled()
	if got := browsertest.Eval[string](tab, `location.pathname + ' ' + (document.querySelector('.tab-panel')?.dataset.testid ?? '')`); got != "/trainings/"+tr.ID.String()+"/sessions panel-sessions" {
		t.Errorf("after opening Groups then Sessions, the page shows %q, want the sessions tab", got)
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
