package handlers_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/form"
	"github.com/aula-hr/aula/internal/i18n"
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
	// Written as the reader's language writes numbers: "1,000" in English.
	if !strings.Contains(apptest.TestID(doc, "picker-too-many").Text(), i18n.English.Int(form.MaxSelection)) {
		t.Error("the picker does not say how many people one enrolment can take")
	}

	res = hr.Post(base+"/participants", enrol)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("enrolling %d people: status %d, want the participants tab with a message\n%s", len(enrol["employee_ids"]), res.StatusCode, excerpt(apptest.Body(res)))
	}
	doc = apptest.Parse(t, hr.Get(location(t, res)))
	if msg := apptest.TestID(doc, "flash-error").Text(); !strings.Contains(msg, i18n.English.Int(form.MaxSelection)) || !strings.Contains(msg, "Nobody was enrolled") { // "1,000", grouped as English writes it
		t.Errorf("the refusal says %q", msg)
	}
	if n := len(membersOf(s.Sandbox.Snapshot(), tr.ID)); n != len(membersOf(st, tr.ID)) {
		t.Errorf("%d enrolments after a refused enrolment, had %d", n, len(membersOf(st, tr.ID)))
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
