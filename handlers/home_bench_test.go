package handlers_test

import (
	"io"
	"log/slog"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
)

// BenchmarkSignedInHome measures a signed-in home page round trip over
// HTTP: session, login record, per-request client, the page's Factorial
// reads against the in-process sandbox, render. Reports requests per
// second and the p50/p99 latency; allocations include the test client's.
//
//	go test ./handlers -run '^$' -bench SignedInHome -benchtime 2s
//
// The "+50ms" cases inject 50 ms of latency into every Factorial call: the
// page's independent reads run concurrently, so p50 stays near two round
// trips (about 100 ms), not the sum of its calls.
func BenchmarkSignedInHome(b *testing.B) {
	for _, tc := range []struct {
		persona string
		latency time.Duration
	}{
		{sandbox.PersonaHRAdmin, 0}, {sandbox.PersonaTrainer, 0}, {sandbox.PersonaManager, 0}, {sandbox.PersonaEmployee, 0},
		{sandbox.PersonaHRAdmin, 50 * time.Millisecond}, {sandbox.PersonaManager, 50 * time.Millisecond},
	} {
		name := tc.persona
		if tc.latency > 0 {
			name += "+" + tc.latency.String()
		}
		b.Run(name, func(b *testing.B) {
			srv := apptest.Start(b, apptest.WithLogLevel(slog.LevelWarn))
			c := srv.SignIn(b, tc.persona)
			if tc.latency > 0 {
				srv.Sandbox.SetFaults(sandbox.Fault{Path: "*/*", Latency: tc.latency})
			}
			get := func() {
				res, err := c.Client.Get(srv.URL + "/")
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					b.Fatalf("status %d", res.StatusCode)
				}
			}
			get() // warm up connections
			lat := make([]time.Duration, 0, b.N)
			b.ReportAllocs()
			b.ResetTimer()
			start := time.Now()
			for b.Loop() {
				t0 := time.Now()
				get()
				lat = append(lat, time.Since(t0))
			}
			elapsed := time.Since(start)
			b.StopTimer()
			slices.Sort(lat)
			b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "req/s")
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)].Microseconds())/1000, "p99-ms")
		})
	}
}

// BenchmarkSignedInHomeParallel is the same page from many browsers at
// once (one signed-in HR person, GOMAXPROCS×4 concurrent requests).
func BenchmarkSignedInHomeParallel(b *testing.B) {
	srv := apptest.Start(b, apptest.WithLogLevel(slog.LevelWarn))
	c := srv.SignIn(b, sandbox.PersonaTrainer)
	b.ReportAllocs()
	b.SetParallelism(4)
	start := time.Now()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			res, err := c.Client.Get(srv.URL + "/")
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				b.Errorf("status %d", res.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
}
