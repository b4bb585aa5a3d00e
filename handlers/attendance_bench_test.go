package handlers_test

import (
	"io"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	mw "github.com/aula-hr/aula/middleware"
)

// BenchmarkAttendanceSheet loads the sheet of a 300-person session as its
// trainer, with 50 ms injected into every Factorial call. The budget is 2
// round trips + 20 ms at p50; besides p50 and p99 it reports, from the
// answer's Server-Timing, the round trips and calls to Factorial and
// Aula's own time (app-ms, the p50 of the time not spent waiting).
//
//	go test ./handlers -run '^$' -bench 'AttendanceSheet|AttendanceTap' -benchtime 40x
func BenchmarkAttendanceSheet(b *testing.B) {
	srv := startSheetServer(b, apptest.WithSandboxOptions(sandbox.WithProfile(sandbox.ProfileLarge))) // 2,500 people
	s, _ := sheetSession(b, srv, 300)
	c := srv.SignIn(b, sandbox.PersonaTrainer)
	srv.Sandbox.SetFaults(sandbox.Fault{Path: "*", Latency: 50 * time.Millisecond})
	measure(b, func() *http.Response {
		res, err := c.Client.Get(srv.URL + "/sessions/" + s.ID.String() + "/attendance")
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			b.Fatalf("status %d", res.StatusCode)
		}
		return res
	})
}

// BenchmarkAttendanceTap is one tap on a 300-person sheet: read the rows
// once, check the mark, write it. Its budget is Aula's own server time,
// without the wait on Factorial, under 5 ms at p50: app-ms, read from the
// answer's Server-Timing. "+0" has no injected latency; "+50ms" shows the
// tap costs two round trips.
func BenchmarkAttendanceTap(b *testing.B) {
	for _, latency := range []time.Duration{0, 50 * time.Millisecond} {
		b.Run("+"+latency.String(), func(b *testing.B) {
			srv := startSheetServer(b, apptest.WithSandboxOptions(sandbox.WithProfile(sandbox.ProfileLarge))) // 2,500 people
			s, att := sheetSession(b, srv, 300)
			c := srv.SignIn(b, sandbox.PersonaTrainer)
			st := sheetState(b, c, s.ID)
			if latency > 0 {
				srv.Sandbox.SetFaults(sandbox.Fault{Path: "*", Latency: latency})
			}
			seen, want := "pending", "completed"
			measure(b, func() *http.Response {
				res, ans, err := postMarksRes(c, s.ID, st.Owner, st.CSRF, []wantMark{{ID: att[7].ID, Status: want, Seen: seen}})
				if err != nil || res.StatusCode != http.StatusOK || len(ans.Results) != 1 || ans.Results[0].Outcome != "saved" {
					b.Fatalf("tap: %v %v %+v", res, err, ans.Results)
				}
				seen, want = want, map[string]string{"completed": "missing", "missing": "completed"}[want]
				return res
			})
		})
	}
}

// measure runs f b.N times and reports p50 and p99 in milliseconds and,
// from each answer's Server-Timing (middleware.RequestLog), the p50 of
// Aula's own time (app-ms) and of the wait on Factorial (factorial-ms), the
// mean round trips to Factorial (rounds/op)
// and calls (calls/op).
func measure(b *testing.B, f func() *http.Response) {
	b.Helper()
	f() // warm up connections
	lat := make([]time.Duration, 0, b.N)
	var apps, waits []time.Duration
	var calls, rounds int
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		res := f()
		lat = append(lat, time.Since(t0))
		app, wait, n, r, ok := mw.ParseServerTiming(res.Header.Get(mw.ServerTimingHeader))
		if !ok {
			b.Fatalf("no Server-Timing: %q", res.Header.Get(mw.ServerTimingHeader))
		}
		apps, waits, calls, rounds = append(apps, app), append(waits, wait), calls+n, rounds+r
	}
	b.StopTimer()
	p50 := func(ds []time.Duration) float64 {
		slices.Sort(ds)
		return float64(ds[len(ds)/2].Microseconds()) / 1000
	}
	b.ReportMetric(p50(lat), "p50-ms")
	b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)].Microseconds())/1000, "p99-ms")
	b.ReportMetric(p50(apps), "app-ms/op")
	b.ReportMetric(p50(waits), "factorial-ms/op")
	b.ReportMetric(float64(rounds)/float64(len(lat)), "rounds/op")
	b.ReportMetric(float64(calls)/float64(len(lat)), "calls/op")
}
