package handlers_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
)

func TestCatalogueDefaultPageIsOnePageAndCategories(t *testing.T) {
	s := apptest.Start(t)
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	apiCalls(s)
	res := hr.Get("/trainings")
	mustStatus(t, res, http.StatusOK)
	calls := apiCalls(s)
	// Auth's own call (credentials) aside, the page makes one list call of
	// one page and one categories call.
	if countCalls(calls, "GET trainings/trainings") != 1 || countCalls(calls, "GET trainings/categories") != 1 {
		t.Fatalf("calls %v", calls)
	}
	for _, c := range calls {
		if strings.HasPrefix(c, "GET trainings/trainings") && (!strings.Contains(c, "page=1") || !strings.Contains(c, "limit=25")) {
			t.Errorf("the default page asks Factorial for one page: %s", c)
		}
	}
	doc := apptest.Parse(t, res)
	total := len(visibleTrainings(s.Sandbox.Snapshot()))
	if n := apptest.TestID(doc, "training-row").Length(); n != min(25, total) {
		t.Errorf("%d rows, want %d", n, min(25, total))
	}
	if got := apptest.TestID(doc, "catalogue-count").Text(); !strings.Contains(got, strconv.Itoa(total)+" trainings") {
		t.Errorf("count %q, want %d trainings", got, total)
	}
	if apptest.TestID(doc, "new-training").Length() != 1 || apptest.TestID(doc, "bulk-hide").Length() != 1 {
		t.Error("HR sees create and bulk actions")
	}
	if apptest.TestID(doc, "nav-trainings").AttrOr("aria-current", "") != "page" {
		t.Error("navigation marks Trainings as current")
	}
}

func TestCatalogueFiltersNeedingTheWholeListAreCached(t *testing.T) {
	s := apptest.Start(t)
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	st := s.Sandbox.Snapshot()
	all := visibleTrainings(st)
	year := all[0].Year
	var wantYear, wantExternal int
	for _, tr := range all {
		if tr.Year == year {
			wantYear++
		}
		if tr.External && tr.Year == year {
			wantExternal++
		}
	}
	apiCalls(s)
	res := hr.Get("/trainings?per_page=100&year=" + strconv.Itoa(year))
	mustStatus(t, res, http.StatusOK)
	doc := apptest.Parse(t, res)
	if !strings.Contains(apptest.TestID(doc, "catalogue-count").Text(), strconv.Itoa(wantYear)+" training") {
		t.Errorf("year %d: count %q, want %d", year, apptest.TestID(doc, "catalogue-count").Text(), wantYear)
	}
	doc.Find(`[data-testid="training-row"] td:nth-child(4)`).Each(func(_ int, c *goquery.Selection) {
		if c.Text() != strconv.Itoa(year) {
			t.Errorf("row of year %s in a %d view", c.Text(), year)
		}
	})
	first := apiCalls(s)
	if countCalls(first, "GET trainings/trainings") == 0 {
		t.Fatalf("no list read: %v", first)
	}

	// A second whole-list view within the TTL: no list read at all.
	res = hr.Do(http.MethodGet, "/trainings?year="+strconv.Itoa(year)+"&external=yes&q=&status=&sort=", nil, htmxTo("catalogue-results"))
	mustStatus(t, res, http.StatusOK)
	if calls := apiCalls(s); countCalls(calls, "GET trainings/trainings") != 0 {
		t.Errorf("cached list was read again: %v", calls)
	}
	if push := res.Header.Get("HX-Push-Url"); push != "/trainings?external=yes&year="+strconv.Itoa(year) {
		t.Errorf("HX-Push-Url %q is not the canonical view", push)
	}
	body := apptest.Body(res)
	if strings.Contains(body, "<html") {
		t.Error("an htmx filter request gets the results fragment, not the page")
	}
	doc, _ = goquery.NewDocumentFromReader(strings.NewReader(body))
	if n := apptest.TestID(doc, "training-row").Length(); n != min(wantExternal, 25) {
		t.Errorf("external+year rows %d, want %d", n, min(wantExternal, 25))
	}

	// The user's own write drops the cache: the next view reads again.
	form := url.Values{"name": {"Cache buster"}, "year": {strconv.Itoa(year)}}
	location(t, hr.Post("/trainings", form))
	apiCalls(s)
	res = hr.Get("/trainings?q=Cache+buster&year=" + strconv.Itoa(year))
	mustStatus(t, res, http.StatusOK)
	if calls := apiCalls(s); countCalls(calls, "GET trainings/trainings") == 0 {
		t.Error("after a write the list must be read again")
	}
	if !slices.Contains(rowNames(apptest.Parse(t, res), "training-name"), "Cache buster") {
		t.Error("the new training is in the user's next view")
	}
}

func TestCatalogueSortSearchAndEmptyState(t *testing.T) {
	s := apptest.Start(t)
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	// A plain form submission (every field, empty ones too) is sent to the
	// canonical address of the view.
	res := hr.Get("/trainings?q=&status=&category=&sort=name&per_page=100")
	if to := location(t, res); to != "/trainings?per_page=100&sort=name" {
		t.Errorf("canonical redirect to %q", to)
	}
	doc := apptest.Parse(t, hr.Get("/trainings?per_page=100&sort=name"))
	names := rowNames(doc, "training-name")
	if !slices.IsSortedFunc(names, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }) {
		t.Errorf("not in name order: %v", names)
	}
	if doc.Find(`#catalogue-sort option[selected]`).AttrOr("value", "") != "name" {
		t.Error("the order is kept in the form")
	}
	doc = apptest.Parse(t, hr.Get("/trainings?q=zzzz-no-such-training"))
	if !strings.Contains(apptest.TestID(doc, "catalogue-empty").Text(), "No training matches") {
		t.Error("empty state for a search that finds nothing")
	}
	if doc.Find("#catalogue-q").AttrOr("value", "") != "zzzz-no-such-training" {
		t.Error("search kept in the box")
	}
}

func TestCatalogueForEmployeeHasNoWriteActionsAndWritesAre403(t *testing.T) {
	s := apptest.Start(t)
	emp := s.SignIn(t, sandbox.PersonaEmployee)
	res := emp.Get("/trainings")
	mustStatus(t, res, http.StatusOK)
	doc := apptest.Parse(t, res)
	if apptest.TestID(doc, "new-training").Length() != 0 || apptest.TestID(doc, "bulk-actions").Length() != 0 {
		t.Error("an employee sees no write actions")
	}
	// Factorial decides: a create by an employee is refused, the form kept.
	res = emp.Post("/trainings", url.Values{"name": {"Sneaky"}, "year": {"2026"}, "description": {"keep me"}})
	mustStatus(t, res, http.StatusForbidden)
	doc = apptest.Parse(t, res)
	if !strings.Contains(apptest.TestID(doc, "problem").Text(), "Not permitted") {
		t.Errorf("problem %q", apptest.TestID(doc, "problem").Text())
	}
	if doc.Find("#f-name").AttrOr("value", "") != "Sneaky" || doc.Find("#f-description").Text() != "keep me" {
		t.Error("the form keeps the input after a refusal")
	}
	for _, tr := range s.Sandbox.Snapshot().Trainings {
		if tr.Name == "Sneaky" {
			t.Error("the refused training exists")
		}
	}
}

func TestCatalogueUpstreamFailures(t *testing.T) {
	s5 := apptest.Start(t)
	hr5 := s5.SignIn(t, sandbox.PersonaHRAdmin)
	// Reads are retried; when Factorial keeps failing the page says so.
	s5.Sandbox.SetFaults(sandbox.Fault{Method: "GET", Path: "trainings/trainings", Status: 503})
	res := hr5.Get("/trainings")
	mustStatus(t, res, http.StatusBadGateway)
	doc := apptest.Parse(t, res)
	if apptest.TestID(doc, "retry").AttrOr("href", "") != "/trainings" || !strings.Contains(apptest.TestID(doc, "problem-detail").Text(), "Nothing was changed") {
		t.Errorf("5xx page: %q", apptest.TestID(doc, "problem").Text())
	}

	s := apptest.Start(t, apptest.WithEnv("AULA_REQUEST_TIMEOUT", "1s"))
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	s.Sandbox.SetFaults(sandbox.Fault{Method: "GET", Path: "trainings/trainings", Latency: 5e9})
	res = hr.Get("/trainings?year=2026")
	mustStatus(t, res, http.StatusGatewayTimeout)
	if apptest.TestID(apptest.Parse(t, res), "retry").AttrOr("href", "") != "/trainings?year=2026" {
		t.Error("the timeout page retries the same view")
	}

	// A create that Factorial fails: the form is kept and says nothing was saved.
	s.Sandbox.SetFaults(sandbox.Fault{Method: "POST", Path: "trainings/trainings", Status: 500})
	res = hr.Post("/trainings", url.Values{"name": {"Kept"}, "year": {"2026"}, "cost": {"12.50"}})
	mustStatus(t, res, http.StatusBadGateway)
	doc = apptest.Parse(t, res)
	if !strings.Contains(apptest.TestID(doc, "problem-detail").Text(), "Nothing was saved") ||
		doc.Find("#f-name").AttrOr("value", "") != "Kept" || doc.Find("#f-cost").AttrOr("value", "") != "12.50" {
		t.Errorf("failed create: %q", apptest.TestID(doc, "problem").Text())
	}

	// A create whose answer never comes: Aula cannot know, and says so.
	s.Sandbox.SetFaults(sandbox.Fault{Method: "POST", Path: "trainings/trainings", Latency: 5e9})
	res = hr.Post("/trainings", url.Values{"name": {"Maybe"}, "year": {"2026"}})
	mustStatus(t, res, http.StatusGatewayTimeout)
	doc = apptest.Parse(t, res)
	if !strings.Contains(apptest.TestID(doc, "problem-detail").Text(), "cannot tell whether it was saved") || doc.Find("#f-name").AttrOr("value", "") != "Maybe" {
		t.Errorf("timed-out create: %q", apptest.TestID(doc, "problem").Text())
	}
	s.Sandbox.SetFaults()
}

// TestBackButtonGetsTheWholePage: with htmx's history cache off, the back
// button asks the server for the page (HX-History-Restore-Request) and swaps
// the whole body, so it must get the layout, not a fragment.
func TestBackButtonGetsTheWholePage(t *testing.T) {
	s := apptest.Start(t)
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	h := htmxTo("catalogue-results")
	h.Set("Hx-History-Restore-Request", "true")
	res := hr.Do(http.MethodGet, "/trainings?external=yes", nil, h)
	mustStatus(t, res, http.StatusOK)
	doc := apptest.Parse(t, res)
	if apptest.TestID(doc, "nav").Length() != 1 || apptest.TestID(doc, "catalogue-filters").Length() != 1 {
		t.Error("a history restore gets the full page with its filters")
	}
	if doc.Find("#catalogue-external option[selected]").AttrOr("value", "") != "yes" {
		t.Error("the restored page shows the view's filters")
	}
}

// The catalogue's "this year" is the company's: at 00:30 on New Year's Day
// in Madrid (still 31 December in UTC) a new training defaults to the new
// year and the year filter offers it.
func TestCatalogueYearIsTheCompanys(t *testing.T) {
	newYear := time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC)
	clock := func() time.Time { return newYear }
	srv := apptest.Start(t, apptest.WithNow(clock), apptest.WithSandboxOptions(sandbox.WithClock(clock)))
	c := srv.SignIn(t, sandbox.PersonaHRAdmin)
	doc := apptest.Parse(t, c.Get("/trainings/new"))
	if got := doc.Find("#f-year").AttrOr("value", ""); got != "2027" {
		t.Errorf("a new training's year is %q, want 2027", got)
	}
	doc = apptest.Parse(t, c.Get("/trainings"))
	if doc.Find(`#catalogue-year option[value="2028"]`).Length() != 1 {
		t.Error("the year filter does not reach the year after the company's current year (2028)")
	}
}

// A bookmarked view of a category that no longer exists still shows that
// filter in the Category field (an empty list under "Any category" would
// be wrong, and the next filter change would drop it silently).
func TestCatalogueKeepsAnUnknownCategoryFilterVisible(t *testing.T) {
	s := apptest.Start(t)
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	doc := apptest.Parse(t, hr.Get("/trainings?category=99999"))
	sel := doc.Find(`#catalogue-category option[selected]`)
	if v, _ := sel.Attr("value"); v != "99999" || !strings.Contains(sel.Text(), "no longer exists") {
		t.Errorf("the Category field shows %q (%q) for a category that no longer exists", sel.Text(), v)
	}
}
