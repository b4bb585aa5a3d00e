package handlers_test

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/form"
)

// With a manager chosen, typing a name narrows that manager's people to the
// name: it is not ignored (which listed, and ticked, the whole team).
func TestPickerNameNarrowsAManagersPeople(t *testing.T) {
	s := apptest.Start(t)
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	st := s.Sandbox.Snapshot()
	tr := busyTraining(t, st)
	// A manager with at least two active direct reports; one report's last
	// name is the search.
	reports := map[factorial.ID][]factorial.Employee{}
	for _, e := range st.Employees {
		if e.ManagerID != nil && e.Active {
			reports[*e.ManagerID] = append(reports[*e.ManagerID], e)
		}
	}
	var manager factorial.ID
	for m, rs := range reports {
		if len(rs) >= 2 {
			manager = m
			break
		}
	}
	if manager == 0 {
		t.Fatal("no manager with two reports in the sandbox")
	}
	name := reports[manager][0].LastName
	res := hr.Do(http.MethodGet, "/trainings/"+tr.ID.String()+"/picker?q="+url.QueryEscape(name)+"&manager="+manager.String(), nil, htmxTo("picker-results"))
	mustStatus(t, res, http.StatusOK)
	doc := apptest.Parse(t, res)
	people := apptest.TestID(doc, "picker-person")
	if people.Length() == 0 {
		t.Fatalf("nobody listed for %q among the people of manager %s", name, manager)
	}
	people.Each(func(_ int, p *goquery.Selection) {
		if !strings.Contains(strings.ToLower(p.Text()), strings.ToLower(name)) {
			t.Errorf("%q listed for the name %q", strings.TrimSpace(p.Text()), name)
		}
	})
}

// twoNewcomers returns two active people not enrolled in the training
// whose full names do not contain each other.
func twoNewcomers(t *testing.T, st *sandbox.State, training factorial.ID) (factorial.Employee, factorial.Employee) {
	t.Helper()
	enrolled := map[factorial.ID]bool{}
	for _, m := range membersOf(st, training) {
		enrolled[m.EmployeeID] = true
	}
	var found []factorial.Employee
	for _, e := range st.Employees {
		if !e.Active || enrolled[e.ID] {
			continue
		}
		unique := true
		for _, o := range st.Employees {
			if o.ID != e.ID && strings.Contains(strings.ToLower(o.FullName), strings.ToLower(e.FullName)) {
				unique = false
			}
		}
		if unique {
			found = append(found, e)
		}
		if len(found) == 2 {
			return found[0], found[1]
		}
	}
	t.Fatal("no two newcomers with distinct names in the sandbox")
	return factorial.Employee{}, factorial.Employee{}
}

func itoa(n int) string { return strconv.Itoa(n) }

// A search sent with people ticked before lists them first, still ticked.
func TestPickerSearchKeepsTheTickedPeople(t *testing.T) {
	s := apptest.Start(t)
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	st := s.Sandbox.Snapshot()
	tr := busyTraining(t, st)
	a, b := twoNewcomers(t, st, tr.ID)
	res := hr.Do(http.MethodGet, "/trainings/"+tr.ID.String()+"/picker?q="+url.QueryEscape(b.FullName)+"&employee_ids="+a.ID.String(), nil, htmxTo("picker-results"))
	mustStatus(t, res, http.StatusOK)
	doc := apptest.Parse(t, res)
	if doc.Find(`#enrol-`+a.ID.String()+`[checked]`).Length() != 1 {
		t.Errorf("%s, ticked before the search, is not listed ticked", a.FullName)
	}
	if doc.Find(`#enrol-`+b.ID.String()).Length() != 1 || doc.Find(`#enrol-`+b.ID.String()+`[checked]`).Length() != 0 {
		t.Errorf("%s, found by the search, is not listed unticked", b.FullName)
	}

	// Without htmx the search is a plain GET: the page shows the results
	// with the search still in its fields.
	var manager factorial.ID
	for _, e := range st.Employees {
		if e.ManagerID != nil {
			manager = *e.ManagerID
			break
		}
	}
	doc = apptest.Parse(t, hr.Get("/trainings/"+tr.ID.String()+"/picker?q="+url.QueryEscape(b.FullName)+"&manager="+manager.String()))
	if got := doc.Find("#picker-q").AttrOr("value", ""); got != b.FullName {
		t.Errorf("the name field says %q after searching %q", got, b.FullName)
	}
	if got := doc.Find("#picker-manager option[selected]").AttrOr("value", ""); got != manager.String() {
		t.Errorf("the manager field says %q after searching the people of %s", got, manager)
	}
}

// Emptying the duration of a training clears it in Factorial, as emptying
// any other optional field does (the empty field was left out of the
// update, so Factorial kept the old duration while Aula said "saved").
func TestEditClearsTheDuration(t *testing.T) {
	s := apptest.Start(t)
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	var tr factorial.Training
	for _, x := range visibleTrainings(s.Sandbox.Snapshot()) {
		if x.TotalDuration != 0 {
			tr = x
			break
		}
	}
	if tr.ID == 0 {
		t.Fatal("no training with a duration in the sandbox")
	}
	location(t, hr.Post("/trainings/"+tr.ID.String()+"/edit", url.Values{
		"name": {tr.Name}, "year": {strconv.Itoa(tr.Year)}, "description": {tr.Description}, "duration": {""},
	}))
	if got := s.Sandbox.Snapshot().Training(tr.ID).TotalDuration; got != 0 {
		t.Errorf("after emptying the duration, Factorial has %v hours", got)
	}
}

// The picker's manager list holds every manager, not only Factorial's first
// page of them (100): in a company with more managers, the others could not
// be chosen.
func TestPickerListsEveryManager(t *testing.T) {
	st := sandbox.New(sandbox.WithSeed(1)).Snapshot()
	// 150 more managers, each with one report.
	next := factorial.ID(0)
	for _, e := range st.Employees {
		next = max(next, e.ID)
	}
	for i := 0; i < 150; i++ {
		boss := factorial.Employee{ID: next + 1, FirstName: "Boss", LastName: strconv.Itoa(i), FullName: "Boss " + strconv.Itoa(i), Active: true, AccessID: next + 1}
		report := factorial.Employee{ID: next + 2, FirstName: "Report", LastName: strconv.Itoa(i), FullName: "Report " + strconv.Itoa(i), Active: true, AccessID: next + 2, ManagerID: &boss.ID}
		st.Employees = append(st.Employees, boss, report)
		next += 2
	}
	managers := map[factorial.ID]bool{}
	for _, e := range st.Employees {
		if e.ManagerID != nil {
			managers[*e.ManagerID] = true
		}
	}
	s := apptest.Start(t, apptest.WithSandboxOptions(sandbox.WithState(st)))
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	tr := busyTraining(t, st)
	doc := apptest.Parse(t, hr.Get("/trainings/"+tr.ID.String()+"/participants"))
	listed := doc.Find(`#picker-manager option[value!=""]`).Length()
	if listed != len(managers) {
		t.Errorf("the manager list has %d people, want all %d managers", listed, len(managers))
	}
}

// Factorial hides training costs from people who are not admins: their
// catalogue export leaves the cost columns empty instead of claiming the
// trainings cost 0.00 (the training page says the costs are not shown).
func TestExportLeavesHiddenCostsEmpty(t *testing.T) {
	s := apptest.Start(t)
	var costly factorial.Training
	for _, x := range visibleTrainings(s.Sandbox.Snapshot()) {
		if x.Cost != 0 && x.Catalog {
			costly = x
			break
		}
	}
	if costly.ID == 0 {
		t.Fatal("no costed training in the catalogue of the sandbox")
	}
	for _, c := range []struct {
		persona string
		hidden  bool
	}{{sandbox.PersonaHRAdmin, false}, {sandbox.PersonaEmployee, true}} {
		res := s.SignIn(t, c.persona).Get("/trainings/export.csv")
		mustStatus(t, res, http.StatusOK)
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(apptest.Body(res), "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := slices.IndexFunc(rows[0], func(h string) bool { return strings.HasPrefix(h, "cost (") })
		for _, r := range rows[1:] {
			if r[0] != costly.ID.String() {
				continue
			}
			if c.hidden && (r[col] != "" || r[col+1] != "") {
				t.Errorf("%s: costs hidden by Factorial exported as %q and %q", c.persona, r[col], r[col+1])
			}
			if !c.hidden && r[col] == "" {
				t.Errorf("%s: the cost of %q is missing", c.persona, costly.Name)
			}
		}
	}
}

// A manager with more people than one enrolment can take (MaxSelection):
// the picker lists them unticked and says so, and enrolling too many at
// once is refused with that reason, not a bare "request not understood".
func TestPickerManagerWithMorePeopleThanOneEnrolment(t *testing.T) {
	st := sandbox.New(sandbox.WithSeed(1)).Snapshot()
	next := factorial.ID(0)
	for _, e := range st.Employees {
		next = max(next, e.ID)
	}
	boss := factorial.Employee{ID: next + 1, FirstName: "Big", LastName: "Boss", FullName: "Big Boss", Active: true, AccessID: next + 1}
	st.Employees = append(st.Employees, boss)
	enrol := url.Values{}
	for i := 0; i < form.MaxSelection+1; i++ {
		id := next + 2 + factorial.ID(i)
		st.Employees = append(st.Employees, factorial.Employee{ID: id, FirstName: "P", LastName: strconv.Itoa(i), FullName: "P " + strconv.Itoa(i), Active: true, AccessID: id, ManagerID: &boss.ID})
		enrol.Add("employee_ids", id.String())
	}
	s := apptest.Start(t, apptest.WithSandboxOptions(sandbox.WithState(st)))
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	tr := busyTraining(t, st)
	base := "/trainings/" + tr.ID.String()

	res := hr.Do(http.MethodGet, base+"/picker?manager="+boss.ID.String(), nil, htmxTo("picker-results"))
	mustStatus(t, res, http.StatusOK)
	doc := apptest.Parse(t, res)
	if apptest.TestID(doc, "picker-person").Length() != form.MaxSelection+1 {
		t.Errorf("%d people listed, want the %d reports", apptest.TestID(doc, "picker-person").Length(), form.MaxSelection+1)
	}
	if n := doc.Find(`[data-testid="picker-select"][checked]`).Length(); n != 0 {
		t.Errorf("%d people come ticked, more than one enrolment can take", n)
	}
	if !strings.Contains(apptest.TestID(doc, "picker-too-many").Text(), strconv.Itoa(form.MaxSelection)) {
		t.Error("the picker does not say how many people one enrolment can take")
	}

	res = hr.Post(base+"/participants", enrol)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("enrolling %d people: status %d, want the participants tab with a message\n%s", len(enrol["employee_ids"]), res.StatusCode, excerpt(apptest.Body(res)))
	}
	doc = apptest.Parse(t, hr.Get(location(t, res)))
	if msg := apptest.TestID(doc, "flash-error").Text(); !strings.Contains(msg, strconv.Itoa(form.MaxSelection)) || !strings.Contains(msg, "Nobody was enrolled") {
		t.Errorf("the refusal says %q", msg)
	}
	if n := len(membersOf(s.Sandbox.Snapshot(), tr.ID)); n != len(membersOf(st, tr.ID)) {
		t.Errorf("%d enrolments after a refused enrolment, had %d", n, len(membersOf(st, tr.ID)))
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

// Emptying the name box with people ticked lists just them, not a first
// page of everybody.
func TestPickerWithoutSearchListsOnlyTheTicked(t *testing.T) {
	s := apptest.Start(t)
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	st := s.Sandbox.Snapshot()
	tr := busyTraining(t, st)
	a, _ := twoNewcomers(t, st, tr.ID)
	res := hr.Do(http.MethodGet, "/trainings/"+tr.ID.String()+"/picker?q=&manager=&employee_ids="+a.ID.String(), nil, htmxTo("picker-results"))
	mustStatus(t, res, http.StatusOK)
	if n := apptest.TestID(apptest.Parse(t, res), "picker-person").Length(); n != 1 {
		t.Errorf("%d people listed with no search and one person ticked, want 1", n)
	}
}

// The completion form under htmx answers with its row only: a refused date
// is shown in the row with the input kept and the row's tick kept; a save
// Factorial refuses leaves the row alone and says why in the flash region;
// clearing answers with the row without the date.
func TestCompletionFormAnswersWithItsRow(t *testing.T) {
	s := apptest.Start(t)
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	tr := busyTraining(t, s.Sandbox.Snapshot())
	m := membersOf(s.Sandbox.Snapshot(), tr.ID)[0]
	path := "/trainings/" + tr.ID.String() + "/participants/" + m.ID.String() + "/completion"
	row := "member-" + m.ID.String()
	post := func(form url.Values) *http.Response {
		h := htmxTo(row)
		h.Set("X-CSRF-Token", hr.CSRFToken())
		h.Set("Hx-Current-Url", s.URL+"/trainings/"+tr.ID.String()+"/participants")
		return hr.Do(http.MethodPost, path, form, h)
	}

	// A <tr> alone is dropped by an HTML parser outside a table.
	parseRow := func(res *http.Response) *goquery.Document {
		t.Helper()
		doc, err := goquery.NewDocumentFromReader(strings.NewReader("<table>" + apptest.Body(res) + "</table>"))
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	res := post(url.Values{"completed_at": {"2999-01-01"}, "ids": {m.ID.String()}})
	mustStatus(t, res, http.StatusOK)
	doc := parseRow(res)
	if doc.Find("tr#"+row).Length() != 1 || doc.Find("main, h1, [data-testid=participants-table]").Length() != 0 {
		t.Fatalf("a refused date answers with more than the row:\n%s", excerpt(apptest.Body(res)))
	}
	if apptest.TestID(doc, "error-completed_at").Length() != 1 || doc.Find("#done-"+m.ID.String()).AttrOr("value", "") != "2999-01-01" {
		t.Error("the refused date is not shown in the row with the input kept")
	}
	if doc.Find("#m-"+m.ID.String()+"[checked]").Length() != 1 {
		t.Error("the row's tick is lost when its date is refused")
	}

	// Without htmx, a refused date is the person's form alone, not the
	// whole training page loaded again.
	res = hr.Post(path, url.Values{"completed_at": {"2999-01-01"}})
	mustStatus(t, res, http.StatusOK)
	doc = apptest.Parse(t, res)
	if apptest.TestID(doc, "completion-form").Length() != 1 || apptest.TestID(doc, "participants-table").Length() != 0 ||
		doc.Find("#done-"+m.ID.String()).AttrOr("value", "") != "2999-01-01" || apptest.TestID(doc, "error-completed_at").Length() != 1 {
		t.Errorf("a refused date without htmx:\n%s", excerpt(apptest.Body(res)))
	}

	s.Sandbox.SetFaults(sandbox.Fault{Method: "PUT", Path: "trainings/training_memberships/*", Status: 500})
	res = post(url.Values{"completed_at": {"2026-01-15"}})
	s.Sandbox.SetFaults()
	if res.Header.Get("Hx-Retarget") != "#flash" || apptest.TestID(apptest.Parse(t, res), "problem").Length() != 1 {
		t.Errorf("a failed save: status %d, retarget %q\n%s", res.StatusCode, res.Header.Get("Hx-Retarget"), excerpt(apptest.Body(res)))
	}
	if got := findMember(s, m.ID); got.TrainingCompletedAt != nil && got.TrainingCompletedAt.String() == "2026-01-15" {
		t.Error("the failed save was made")
	}

	mustStatus(t, post(url.Values{"completed_at": {"2026-01-15"}}), http.StatusOK)
	res = post(url.Values{"completed_at": {"2026-01-15"}, "clear": {"yes"}})
	mustStatus(t, res, http.StatusOK)
	doc = parseRow(res)
	if got := doc.Find("#done-"+m.ID.String()).AttrOr("value", "x"); got != "" || !strings.Contains(doc.Find(`[hx-swap-oob]`).Text(), "cleared") {
		t.Errorf("after clearing, the row's date is %q and the flash says %q", got, doc.Find(`[hx-swap-oob]`).Text())
	}
	if got := findMember(s, m.ID); got.TrainingCompletedAt != nil {
		t.Errorf("completion not cleared: %+v", got)
	}
}
