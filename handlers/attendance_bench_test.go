package handlers_test

import (
	"io"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
)

// BenchmarkAttendanceSheet loads the sheet of a 300-person session as its
// trainer, with 50 ms injected into every Factorial call: the session, its
// attendances (three pages, asked at once) and the trainer's trainings in
// one round trip, the 300 people and the training's name in a second. The
// budget is 2 round trips + 20 ms at p50.
//
//	go test ./handlers -run '^$' -bench 'AttendanceSheet|AttendanceTap' -benchtime 40x
func BenchmarkAttendanceSheet(b *testing.B) {
	srv := startSheetServer(b, apptest.WithSandboxOptions(sandbox.WithProfile(sandbox.ProfileLarge))) // 2,500 people
	s, _ := sheetSession(b, srv, 300)
	c := srv.SignIn(b, sandbox.PersonaTrainer)
	srv.Sandbox.SetFaults(sandbox.Fault{Path: "*", Latency: 50 * time.Millisecond})
	measure(b, func() {
		res, err := c.Client.Get(srv.URL + "/sessions/" + s.ID.String() + "/attendance")
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			b.Fatalf("status %d", res.StatusCode)
		}
	})
}

// BenchmarkAttendanceTap is one tap on a 300-person sheet: read the rows
// once, check the mark, write it. "+0" has no injected latency, so its time
// is Aula's own plus the in-process sandbox's work: an upper bound on the
// server time without the wait on Factorial (budget < 5 ms at p50). "+50ms"
// shows the tap costs two round trips.
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
			measure(b, func() {
				code, ans, err := postMarks(c, s.ID, st.Owner, st.CSRF, []wantMark{{ID: att[7].ID, Status: want, Seen: seen}})
				if err != nil || code != http.StatusOK || len(ans.Results) != 1 || ans.Results[0].Outcome != "saved" {
					b.Fatalf("tap: %d %v %+v", code, err, ans.Results)
				}
				seen, want = want, map[string]string{"completed": "missing", "missing": "completed"}[want]
			})
		})
	}
}

// measure runs f b.N times and reports p50 and p99 in milliseconds.
func measure(b *testing.B, f func()) {
	b.Helper()
	f() // warm up connections
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		f()
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)].Microseconds())/1000, "p99-ms")
}
