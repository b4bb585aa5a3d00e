package handlers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
)

// Session times are shown in the company's time zone (AULA_TIMEZONE), as on
// the home page, whatever offset Factorial writes them with; a session that
// ends on another day says which.
func TestSessionsTabShowsCompanyTime(t *testing.T) {
	st := sandbox.New(sandbox.WithSeed(1)).Snapshot()
	tr := busyTraining(t, st)
	start := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC) // 09:00 in Madrid
	end := start.Add(2 * time.Hour)
	night := time.Date(2026, 12, 2, 22, 30, 0, 0, time.UTC) // 23:30 in Madrid
	dawn := night.Add(2 * time.Hour)                        // 01:30 the next day
	st.Sessions = append(st.Sessions,
		factorial.Session{ID: 900001, TrainingID: tr.ID, Name: "Morning session", StartsAt: &start, EndsAt: &end},
		factorial.Session{ID: 900002, TrainingID: tr.ID, Name: "Night session", StartsAt: &night, EndsAt: &dawn})
	s := apptest.Start(t, apptest.WithSandboxOptions(sandbox.WithState(st)), apptest.WithEnv("AULA_TIMEZONE", "Europe/Madrid"))
	doc := apptest.Parse(t, s.SignIn(t, sandbox.PersonaHRAdmin).Get("/trainings/"+tr.ID.String()+"/sessions"))
	when := map[string]string{}
	apptest.TestID(doc, "session-row").Each(func(_ int, r *goquery.Selection) {
		when[strings.TrimSpace(r.Find(`[data-testid="session-name"]`).Text())] = strings.TrimSpace(r.Find(`[data-testid="session-time"]`).Text())
	})
	for name, want := range map[string]string{"Morning session": "1 Dec 2026 09:00–11:00", "Night session": "2 Dec 2026 23:30 – 3 Dec 2026 01:30"} {
		if when[name] != want {
			t.Errorf("%s: shown as %q, want %q", name, when[name], want)
		}
	}
}

// The sessions tab lists the sessions in the order they happen (self-paced
// ones by their due date), not in Factorial's id order.
func TestSessionsTabIsInDateOrder(t *testing.T) {
	st := sandbox.New(sandbox.WithSeed(1)).Snapshot()
	tr := busyTraining(t, st)
	late := time.Date(2031, 5, 1, 9, 0, 0, 0, time.UTC)
	early := time.Date(2020, 5, 1, 9, 0, 0, 0, time.UTC)
	due := factorial.Date{Year: 2030, Month: 1, Day: 1}
	st.Sessions = append(st.Sessions,
		factorial.Session{ID: 900001, TrainingID: tr.ID, Name: "Last", StartsAt: &late},
		factorial.Session{ID: 900002, TrainingID: tr.ID, Name: "Self-paced", DueDate: &due},
		factorial.Session{ID: 900003, TrainingID: tr.ID, Name: "First", StartsAt: &early},
		factorial.Session{ID: 900004, TrainingID: tr.ID, Name: "Unplanned"})
	s := apptest.Start(t, apptest.WithSandboxOptions(sandbox.WithState(st)))
	doc := apptest.Parse(t, s.SignIn(t, sandbox.PersonaHRAdmin).Get("/trainings/"+tr.ID.String()+"/sessions"))
	var names []string
	apptest.TestID(doc, "session-row").Each(func(_ int, r *goquery.Selection) {
		names = append(names, strings.TrimSpace(r.Find(`[data-testid="session-name"]`).Text()))
	})
	if len(names) < 5 || names[0] != "First" || names[len(names)-3] != "Self-paced" || names[len(names)-2] != "Last" || names[len(names)-1] != "Unplanned" {
		t.Errorf("sessions listed as %q, want First … Self-paced (2030), Last (2031), Unplanned", names)
	}
}

// The groups tab (and the costs per group) list the groups by their first
// day, not in Factorial's id order: a group planned later for an earlier
// date shows first.
func TestGroupsAreInDateOrder(t *testing.T) {
	st := sandbox.New(sandbox.WithSeed(1)).Snapshot()
	tr := busyTraining(t, st)
	for _, g := range []struct {
		id, name string
		year     int
	}{{"900001", "Latest", 2031}, {"900002", "Earliest", 2019}} {
		start, end := factorial.Date{Year: g.year, Month: 3, Day: 1}, factorial.Date{Year: g.year, Month: 3, Day: 2}
		st.Classes = append(st.Classes, factorial.TrainingClass{ID: factorial.ClassID(g.id), TrainingID: tr.ID, Name: g.name,
			StartDate: &start, EndDate: &end, Cost: "1.00", IndirectCost: "0.00", SalaryCost: "0.00", SubsidizedCost: "0.00"})
	}
	s := apptest.Start(t, apptest.WithSandboxOptions(sandbox.WithState(st)))
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	for tab, row := range map[string]string{"groups": `[data-testid="group-row"] td:first-child`, "costs": `[data-testid="cost-row"] th`} {
		doc := apptest.Parse(t, hr.Get("/trainings/"+tr.ID.String()+"/"+tab))
		var names []string
		doc.Find(row).Each(func(_ int, c *goquery.Selection) { names = append(names, strings.TrimSpace(c.Text())) })
		if len(names) < 3 || names[0] != "Earliest" || names[len(names)-1] != "Latest" {
			t.Errorf("%s tab lists the groups as %q, want Earliest first and Latest last", tab, names)
		}
	}
}
