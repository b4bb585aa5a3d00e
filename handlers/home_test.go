package handlers_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/i18n"
)

func TestHomeShowsEachRoleItsData(t *testing.T) {
	srv := apptest.Start(t)
	personas := map[string]*sandbox.Persona{}
	for _, p := range srv.Sandbox.Personas() {
		personas[p.Key] = &p
	}
	for _, tc := range []struct {
		persona, role, section string
		catalogueLinked        bool
	}{
		{sandbox.PersonaHRAdmin, "hr", "catalogue-counts", true},
		{sandbox.PersonaTrainer, "trainer", "today-sessions", true},
		{sandbox.PersonaManager, "manager", "overdue-memberships", true},
		{sandbox.PersonaEmployee, "employee", "my-trainings", true},
	} {
		t.Run(tc.persona, func(t *testing.T) {
			c := srv.SignIn(t, tc.persona)
			res := c.Get("/")
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET /: status %d\n%s", res.StatusCode, apptest.Body(res))
			}
			doc := apptest.Parse(t, res)
			if got := apptest.TestID(doc, "user-name").Text(); got != personas[tc.persona].Name {
				t.Errorf("user name %q, want %q", got, personas[tc.persona].Name)
			}
			if apptest.TestID(doc, "home-"+tc.role).Length() != 1 {
				t.Errorf("no home-%s section", tc.role)
			}
			if apptest.TestID(doc, tc.section).Length() != 1 {
				t.Errorf("no %s section", tc.section)
			}
			if linked := apptest.TestID(doc, "nav-trainings").Length() == 1; linked != tc.catalogueLinked {
				t.Errorf("catalogue in the navigation: %v, want %v (everyone reads it)", linked, tc.catalogueLinked)
			}
			t.Logf("%s: %d sessions, %d memberships", tc.persona, apptest.TestID(doc, "session").Length(), apptest.TestID(doc, "membership").Length())
		})
	}
}

// TestHomeUpcomingIncludesLaterToday: people without a "Today's sessions"
// list (employees, managers) see a session later today among their upcoming
// sessions; it used to start tomorrow, so the session of this afternoon was
// on no list at all.
func TestHomeUpcomingIncludesLaterToday(t *testing.T) {
	clock := apptest.NewClock(time.Now())
	srv := apptest.Start(t, apptest.WithSandboxOptions(sandbox.WithClock(clock.Now)), apptest.WithNow(clock.Now))
	st := srv.Sandbox.Snapshot()
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		t.Fatal(err)
	}
	emp := st.Personas[sandbox.PersonaEmployee]
	var session *factorial.Session
	for _, a := range st.SessionAccessMemberships {
		if a.EmployeeID == nil || *a.EmployeeID != emp {
			continue
		}
		for i, s := range st.Sessions {
			// A past one: the login's lifetime runs on the real clock.
			if s.ID == a.SessionID && s.StartsAt != nil && s.StartsAt.Before(time.Now()) && s.StartsAt.In(madrid).Hour() >= 2 {
				session = &st.Sessions[i]
			}
		}
	}
	if session == nil {
		t.Fatal("the employee persona has no session in the sandbox")
	}
	// It is one minute before the session, on the same day.
	clock.Advance(session.StartsAt.Add(-time.Minute).Sub(clock.Now()))

	c := srv.SignIn(t, sandbox.PersonaEmployee)
	res := c.Get("/")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /: status %d", res.StatusCode)
	}
	doc := apptest.Parse(t, res)
	when := i18n.English.ShortDate(session.StartsAt.In(madrid)) + ", " + i18n.English.Time(session.StartsAt.In(madrid))
	found := false
	apptest.TestID(doc, "upcoming-sessions").Find(`[data-testid="session"]`).Each(func(_ int, s *goquery.Selection) {
		if strings.Contains(s.Text(), session.Name) && strings.Contains(s.Text(), when) {
			found = true
		}
	})
	if !found {
		t.Fatalf("upcoming sessions do not list %q at %s:\n%s", session.Name, when, apptest.TestID(doc, "upcoming-sessions").Text())
	}
}

// TestHomeReadsRunConcurrently: the home page's independent reads are in
// flight together, not one after the other. Factorial holds the session and
// the category reads until both have arrived; read one at a time, the
// second is never asked for, and the page ends only at Aula's own request
// timeout (shortened here, so that a failure is quick; a working page never
// waits for it).
func TestHomeReadsRunConcurrently(t *testing.T) {
	sessions, categories := apptest.NewGate("/resources/trainings/sessions"), apptest.NewGate("/resources/trainings/categories")
	srv := apptest.Start(t, apptest.WithGate(sessions), apptest.WithGate(categories), apptest.WithEnv("AULA_REQUEST_TIMEOUT", "10s"))
	hr := srv.SignIn(t, sandbox.PersonaHRAdmin)
	type result struct {
		res *http.Response
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, err := hr.Client.Get(srv.URL + "/")
		if err == nil {
			res.Body.Close()
		}
		done <- result{res, err}
	}()
	for _, g := range []*apptest.Gate{sessions, categories} {
		select {
		case <-g.Arrived():
		case r := <-done:
			if r.err != nil {
				t.Fatalf("GET /: %v", r.err)
			}
			t.Fatalf("the home page answered %d before its session and category reads were in flight together", r.res.StatusCode)
		}
	}
	sessions.Release()
	categories.Release()
	if r := <-done; r.err != nil || r.res.StatusCode != http.StatusOK {
		t.Fatalf("GET /: %v", r)
	}
}

// TestTrainerHomeListsTodaysSessions: "Today's sessions" holds exactly the
// sessions that start on the company's day (Europe/Madrid), also in the
// hour when that day has begun and the UTC one has not. The clock is fixed
// there, so the test does not depend on when it runs; before, only the
// section's presence was checked, empty or not.
func TestTrainerHomeListsTodaysSessions(t *testing.T) {
	now := time.Date(2026, 11, 24, 23, 30, 0, 0, time.UTC) // 00:30 on Wednesday 25 in Madrid
	srv := apptest.Start(t, apptest.WithSandboxOptions(sandbox.WithClock(func() time.Time { return now })),
		apptest.WithNow(func() time.Time { return now }))
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{}
	n := 0
	for _, s := range srv.Sandbox.Snapshot().Sessions {
		if s.StartsAt != nil && factorial.DateOf(s.StartsAt.In(madrid)) == (factorial.Date{Year: 2026, Month: time.November, Day: 25}) {
			want[s.Name+" "+s.StartsAt.In(madrid).Format("15:04")]++
			n++
		}
	}
	if n == 0 {
		t.Fatal("the sandbox has no session on 25 November in Madrid")
	}
	c := srv.SignIn(t, sandbox.PersonaTrainer)
	res := c.Get("/")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /: status %d", res.StatusCode)
	}
	listed := apptest.TestID(apptest.Parse(t, res), "today-sessions").Find(`[data-testid="session"]`)
	if listed.Length() != n {
		t.Errorf("%d sessions today, want %d:\n%s", listed.Length(), n, listed.Text())
	}
	listed.Each(func(_ int, s *goquery.Selection) {
		name, when := s.Find("strong").Text(), s.Find(".muted").Last().Text()
		for k := range want {
			if strings.HasPrefix(k, name+" ") && strings.Contains(when, k[len(name)+1:]) && want[k] > 0 {
				want[k]--
				return
			}
		}
		t.Errorf("listed today: %q at %q, not a session of 25 November", name, strings.TrimSpace(when))
	})
}
