package handlers_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
)

// calendarNow is a Wednesday in Madrid, the week after the October change.
var calendarNow = time.Date(2026, 10, 28, 10, 0, 0, 0, time.UTC)

func startCalendarServer(t testing.TB, opts ...apptest.Option) *apptest.Server {
	now := func() time.Time { return calendarNow }
	return apptest.Start(t, append([]apptest.Option{apptest.WithLogLevel(8),
		apptest.WithSandboxOptions(sandbox.WithClock(now)), apptest.WithNow(now)}, opts...)...)
}

// TestCalendarForEveryRole: everyone has the calendar in the navigation and
// sees, in the month, the sessions Factorial shows them (HR and trainers
// every session; an employee only those they are invited to).
func TestCalendarForEveryRole(t *testing.T) {
	srv := startCalendarServer(t)
	counts := map[string]int{}
	for _, persona := range []string{sandbox.PersonaHRAdmin, sandbox.PersonaTrainer, sandbox.PersonaManager, sandbox.PersonaEmployee} {
		t.Run(persona, func(t *testing.T) {
			c := srv.SignIn(t, persona)
			home := apptest.Parse(t, c.Get("/"))
			if apptest.TestID(home, "nav-calendar").Length() != 1 {
				t.Error("no Calendar in the navigation")
			}
			res := c.Get("/calendar")
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d\n%s", res.StatusCode, apptest.Body(res))
			}
			doc := apptest.Parse(t, res)
			if got := apptest.TestID(doc, "calendar-period").Text(); got != "October 2026" {
				t.Errorf("period %q", got)
			}
			if n := apptest.TestID(doc, "calendar-day").Length(); n != 35 {
				t.Errorf("%d days in the grid of October 2026 (Mon 28 Sep – Sun 1 Nov), want 35", n)
			}
			counts[persona] = apptest.TestID(doc, "calendar-entry").Length()
			doc.Find(`[data-testid="calendar-session"]`).Each(func(_ int, s *goquery.Selection) {
				if h, _ := s.Attr("href"); !strings.HasPrefix(h, "/sessions/") {
					t.Errorf("entry links to %q", h)
				}
			})
		})
	}
	if counts[sandbox.PersonaHRAdmin] == 0 || counts[sandbox.PersonaEmployee] >= counts[sandbox.PersonaHRAdmin] {
		t.Errorf("entries by role: %v (an employee sees fewer sessions than HR)", counts)
	}
}
