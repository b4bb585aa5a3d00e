package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	mw "github.com/aula-hr/aula/middleware"
)

// busyMonth fills the grid of October 2026 (28 Sep – 1 Nov) up to n
// sessions, spread over its days, and returns how many it has.
func busyMonth(t testing.TB, srv *apptest.Server, n int) int {
	t.Helper()
	ctx := context.Background()
	cl := apiClient(t, srv.Sandbox)
	from, to := madridAt(t, 2026, 9, 28, 0, 0), madridAt(t, 2026, 11, 2, 0, 0)
	have, err := cl.Sessions.All(ctx, &factorial.SessionListOptions{StartAfter: &from, StartBefore: &to})
	if err != nil {
		t.Fatal(err)
	}
	tr := taughtTraining(t, srv.Sandbox.Snapshot())
	for i := len(have); i < n; i++ {
		start := madridAt(t, 2026, 9, 28+i%35, 8+i%10, 0)
		if _, err := cl.Sessions.Create(ctx, &factorial.SessionRequest{Name: fmt.Sprintf("Busy month %d", i), TrainingID: tr,
			StartsAt: &start, EndsAt: factorial.Time(start.Add(time.Hour)), Schedule: factorial.Ptr(factorial.ScheduleScheduled),
			Modality: factorial.Ptr(factorial.SessionModalities[i%3]), Location: factorial.String(fmt.Sprintf("Room %d", i%7))}); err != nil {
			t.Fatal(err)
		}
	}
	return max(n, len(have))
}

// calendarCalls is the Factorial calls of one page load in the order they
// reached the sandbox, by path and query keys.
func calendarCalls(srv *apptest.Server) []string {
	var out []string
	for _, r := range srv.Sandbox.Requests() {
		if strings.HasPrefix(r.Path, "/oauth") {
			continue
		}
		out = append(out, fmt.Sprintf("%s %s?%s [%d]", r.Method, r.Path, r.Query, r.Status))
	}
	sort.Strings(out)
	return out
}

// TestCalendarMonthRoundTrips: the month with 300 sessions costs two round
// trips whoever looks at it (a trainer's trainings are read alongside the
// sessions), counted by the Server-Timing Aula sends.
func TestCalendarMonthRoundTrips(t *testing.T) {
	srv := startCalendarServer(t)
	if n := busyMonth(t, srv, 300); n < 300 {
		t.Fatalf("%d sessions", n)
	}
	// The first view since Aula started reads the finished sessions (the
	// self-paced ones past their due date) page 1 first: three round trips;
	// every view after it, a new sign-in's first included, two.
	for i, persona := range []string{sandbox.PersonaHRAdmin, sandbox.PersonaHRAdmin, sandbox.PersonaTrainer} {
		c := srv.SignIn(t, persona)
		// A latency on every call makes concurrent calls overlap, so the
		// meter counts them as one round trip.
		srv.Sandbox.SetFaults(sandbox.Fault{Path: "*", Latency: 30 * time.Millisecond})
		srv.Sandbox.ResetRequests()
		res := c.Get("/calendar")
		t.Logf("%s:\n%s", persona, strings.Join(calendarCalls(srv), "\n"))
		srv.Sandbox.SetFaults()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", persona, res.StatusCode)
		}
		if n := apptest.TestID(apptest.Parse(t, res), "calendar-entry").Length(); persona == sandbox.PersonaHRAdmin && n < 300 {
			t.Errorf("HR sees %d entries, want the 300 sessions at least", n)
		}
		_, _, calls, rounds, ok := mw.ParseServerTiming(res.Header.Get(mw.ServerTimingHeader))
		want := 2
		if i == 0 {
			want = 3
		}
		if !ok || rounds != want {
			t.Errorf("%s, view %d: %d calls in %d round trips (%q), want %d round trips", persona, i+1, calls, rounds, res.Header.Get(mw.ServerTimingHeader), want)
		}
	}
}

// BenchmarkCalendarMonth loads the month view with 300 sessions in its grid
// as HR, 50 ms injected into every Factorial call. The critical path is two
// round trips: (1) the sessions starting in the grid (start_after and
// start_before; its three pages asked for at once with a fourth, empty,
// page prefetched) alongside the self-paced sessions still open (active,
// not next); (2) the names of the trainings and of the groups met, by id,
// at once. Budget: 2 round trips + 20 ms at p50.
//
//	go test ./handlers -run '^$' -bench CalendarMonth -benchtime 40x
func BenchmarkCalendarMonth(b *testing.B) {
	for _, persona := range []string{sandbox.PersonaHRAdmin, sandbox.PersonaTrainer} {
		b.Run(persona, func(b *testing.B) {
			srv := startCalendarServer(b)
			busyMonth(b, srv, 300)
			c := srv.SignIn(b, persona)
			srv.Sandbox.SetFaults(sandbox.Fault{Path: "*", Latency: 50 * time.Millisecond})
			measure(b, func() *http.Response {
				res, err := c.Client.Get(srv.URL + "/calendar")
				if err != nil {
					b.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					b.Fatalf("status %d", res.StatusCode)
				}
				return res
			})
			srv.Sandbox.ResetRequests()
			if res, err := c.Client.Get(srv.URL + "/calendar"); err == nil {
				res.Body.Close()
				b.Logf("%s: Server-Timing %s; the calls of one load:\n%s", persona, res.Header.Get(mw.ServerTimingHeader), strings.Join(calendarCalls(srv), "\n"))
			}
		})
	}
}
