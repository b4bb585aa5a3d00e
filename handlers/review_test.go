package handlers_test

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/paths"
	"github.com/aula-hr/aula/internal/training"
)

// reportNames are the names of the active direct and indirect reports of
// manager in st.
func reportNames(st *sandbox.State, manager factorial.ID) map[string]bool {
	out := map[string]bool{}
	for _, e := range training.Reports(st.Employees, manager) {
		if e.Active {
			out[training.PersonName(&e)] = true
		}
	}
	return out
}

// someoneOutside is an active employee who is not manager's report nor manager.
func someoneOutside(t *testing.T, st *sandbox.State, manager factorial.ID) factorial.Employee {
	t.Helper()
	in := reportNames(st, manager)
	for _, e := range st.Employees {
		if e.Active && e.ID != manager && !in[training.PersonName(&e)] {
			return e
		}
	}
	t.Fatal("everyone reports to the manager")
	return factorial.Employee{}
}

// otherManager is a manager whose team is not the persona's.
func otherManager(t *testing.T, st *sandbox.State, manager factorial.ID) factorial.ID {
	t.Helper()
	mine := map[factorial.ID]bool{manager: true}
	for _, e := range training.Reports(st.Employees, manager) {
		mine[e.ID] = true
	}
	for _, e := range st.Employees {
		if e.ManagerID != nil && !mine[*e.ManagerID] {
			return *e.ManagerID
		}
	}
	t.Fatal("no other manager")
	return 0
}

func csvRows(t *testing.T, res *http.Response) [][]string {
	t.Helper()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("CSV status %d", res.StatusCode)
	}
	body := strings.TrimPrefix(apptest.Body(res), "\ufeff")
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// A manager sees their direct and indirect reports and nobody else: in
// the matrix, in every list, in every CSV; asking for another manager's
// team or for someone outside theirs by editing the address is not found.
func TestTeamOverviewScopeOfAManager(t *testing.T) {
	s := apptest.Start(t)
	st := s.Sandbox.Snapshot()
	mgr := st.Personas[sandbox.PersonaManager]
	mine := reportNames(st, mgr)
	c := s.SignIn(t, sandbox.PersonaManager)

	res := c.Get(paths.Team)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	doc := apptest.Parse(t, res)
	people := apptest.TestID(doc, "matrix-person")
	if people.Length() == 0 {
		t.Fatal("the matrix shows nobody")
	}
	check := func(where string, sel *goquery.Selection) {
		sel.Each(func(_ int, p *goquery.Selection) {
			if !mine[strings.TrimSpace(p.Text())] {
				t.Errorf("%s shows %q, who is not the manager's report", where, p.Text())
			}
		})
	}
	check("the matrix", people)
	check("a list", apptest.TestID(doc, "list-person"))
	if apptest.TestID(doc, "filter-manager").Length() != 0 {
		t.Error("a manager is offered to pick another team")
	}

	outsider := someoneOutside(t, st, mgr)
	other := otherManager(t, st, mgr)
	for _, path := range []string{
		paths.TeamView(paths.TeamFilter{Manager: other}),
		paths.TeamView(paths.TeamFilter{Employee: outsider.ID}),
		paths.TeamView(paths.TeamFilter{Employee: mgr}), // themselves: not their own report
		paths.TeamExport(paths.TeamFilter{Manager: other}, "matrix"),
		paths.TeamExport(paths.TeamFilter{Employee: outsider.ID}, "overdue"),
	} {
		if res := c.Get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, res.StatusCode)
		}
	}
	for _, list := range []string{"matrix", "overdue", "expiring", "expired", "never"} {
		rows := csvRows(t, c.Get(paths.TeamExport(paths.TeamFilter{Window: 90}, list)))
		if len(rows) < 1 || rows[0][0] != "Person" {
			t.Fatalf("%s CSV head %v", list, rows)
		}
		for _, r := range rows[1:] {
			if !mine[r[0]] {
				t.Errorf("the %s CSV has %q, who is not the manager's report", list, r[0])
			}
		}
	}
}

// HR picks a manager and sees that team; employees and trainers have no
// team overview.
func TestTeamOverviewForHRAndOthers(t *testing.T) {
	s := apptest.Start(t)
	st := s.Sandbox.Snapshot()
	mgr := st.Personas[sandbox.PersonaManager]
	mine := reportNames(st, mgr)
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)

	doc := apptest.Parse(t, hr.Get(paths.Team))
	if apptest.TestID(doc, "filter-manager").Length() != 1 || apptest.TestID(doc, "company-counts").Length() != 1 {
		t.Error("HR's company overview lacks the manager picker or the company's counts")
	}
	if n := apptest.TestID(doc, "matrix-person").Length(); n == 0 {
		t.Error("HR's company overview shows nobody")
	}
	doc = apptest.Parse(t, hr.Get(paths.TeamView(paths.TeamFilter{Manager: mgr})))
	apptest.TestID(doc, "matrix-person").Each(func(_ int, p *goquery.Selection) {
		if !mine[strings.TrimSpace(p.Text())] {
			t.Errorf("the manager's team shows %q", p.Text())
		}
	})
	if res := hr.Get("/team?window=45"); res.StatusCode != http.StatusNotFound {
		t.Errorf("window=45: status %d, want 404", res.StatusCode)
	}
	for _, who := range []string{sandbox.PersonaEmployee, sandbox.PersonaTrainer} {
		if res := s.SignIn(t, who).Get(paths.Team); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", who, res.StatusCode)
		}
	}
}
