package handlers_test

import (
	"io"
	"log/slog"
	"net/http"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/paths"
	"github.com/aula-hr/aula/internal/review"
	mw "github.com/aula-hr/aula/middleware"
)

// BenchmarkTeamOverview measures the team overview on the sandbox's large
// profile (2,500 people, 10,000 trainings, about 110,000 enrolments) with
// 50 ms on every Factorial call: HR's whole company, and the team of a
// manager with about 20 people. It reports p50, the Factorial calls and
// round trips of one page (Server-Timing), and the peak heap of the
// process while pages are served (sampled; it includes the in-process
// sandbox's data, reported apart as base-heap-MB). "kept" is a person's
// next overview within the directory's time (see employeesOf); "first" is
// a person's first, each from a new sign-in, the directory read whole.
//
//	go test ./handlers -run '^$' -bench TeamOverview -benchtime 20x
func BenchmarkTeamOverview(b *testing.B) {
	srv := apptest.Start(b, apptest.WithLogLevel(slog.LevelWarn), apptest.WithSandboxOptions(sandbox.WithProfile(sandbox.ProfileLarge)))
	st := srv.Sandbox.Snapshot()
	team, size := teamOfAbout(st, 20)
	hr := srv.SignIn(b, sandbox.PersonaHRAdmin)
	srv.Sandbox.SetFaults(sandbox.Fault{Path: "*", Latency: 50 * time.Millisecond})
	for _, tc := range []struct {
		name  string
		path  string
		first bool
	}{
		{"company/kept", paths.Team, false},
		{"company/first", paths.Team, true},
		{"team-of-" + itoa(size) + "/kept", paths.TeamView(paths.TeamFilter{Manager: team}), false},
		{"team-of-" + itoa(size) + "/first", paths.TeamView(paths.TeamFilter{Manager: team}), true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var calls, rounds int
			var app, wait time.Duration
			who := hr
			get := func() {
				res, err := who.Client.Get(srv.URL + tc.path)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					b.Fatalf("status %d", res.StatusCode)
				}
				app, wait, calls, rounds, _ = mw.ParseServerTiming(res.Header.Get(mw.ServerTimingHeader))
			}
			get() // warm up connections
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			base := ms.HeapInuse
			var peak atomic.Uint64
			stop := make(chan struct{})
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				var m runtime.MemStats
				for {
					select {
					case <-stop:
						return
					case <-time.After(5 * time.Millisecond):
					}
					runtime.ReadMemStats(&m)
					if m.HeapInuse > peak.Load() {
						peak.Store(m.HeapInuse)
					}
				}
			}()
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for b.Loop() {
				if tc.first {
					srv.Sandbox.SetFaults()
					who = srv.SignIn(b, sandbox.PersonaHRAdmin) // a new sign-in: nothing kept for it
					srv.Sandbox.SetFaults(sandbox.Fault{Path: "*", Latency: 50 * time.Millisecond})
				}
				t0 := time.Now()
				get()
				lat = append(lat, time.Since(t0))
			}
			b.StopTimer()
			close(stop)
			wg.Wait()
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(calls), "calls")
			b.ReportMetric(float64(app.Milliseconds()), "app-ms")
			b.ReportMetric(float64(wait.Milliseconds()), "wait-ms")
			b.ReportMetric(float64(rounds), "rounds")
			b.ReportMetric(float64(base)/(1<<20), "base-heap-MB")
			b.ReportMetric(float64(max(peak.Load(), base))/(1<<20), "peak-heap-MB")
		})
	}
}

// teamOfAbout is the manager whose active reports number closest to n.
func teamOfAbout(st *sandbox.State, n int) (factorial.ID, int) {
	best, size := factorial.ID(0), -1
	managers := map[factorial.ID]bool{}
	for _, e := range st.Employees {
		if e.ManagerID != nil {
			managers[*e.ManagerID] = true
		}
	}
	for m := range managers {
		k := len(review.Scope(st.Employees, m))
		if size < 0 || abs(k-n) < abs(size-n) || abs(k-n) == abs(size-n) && m < best {
			best, size = m, k
		}
	}
	return best, size
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
