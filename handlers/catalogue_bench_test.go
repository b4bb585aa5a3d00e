package handlers_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/aula-hr/aula/internal/paths"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/catalogue"
)

// upstreamLatency is the latency injected on every Factorial API call.
const upstreamLatency = 50 * time.Millisecond

func withLatency(s *apptest.Server) {
	s.Sandbox.SetFaults(
		sandbox.Fault{Path: "trainings/*", Latency: upstreamLatency},
		sandbox.Fault{Path: "employees/*", Latency: upstreamLatency},
	)
}

// benchPage requests path b.N times and reports the median wall time, the
// median in multiples of the upstream latency (sequential round trips) and
// the Factorial requests per page.
func benchPage(b *testing.B, s *apptest.Server, c *apptest.Client, path string, header http.Header, fresh func() *apptest.Client) {
	var times []time.Duration
	s.Sandbox.ResetRequests()
	for b.Loop() {
		if fresh != nil {
			b.StopTimer()
			c = fresh()
			s.Sandbox.ResetRequests()
			b.StartTimer()
		}
		start := time.Now()
		res := c.Do(http.MethodGet, path, nil, header)
		times = append(times, time.Since(start))
		if res.StatusCode != http.StatusOK {
			b.Fatalf("%s: %d", path, res.StatusCode)
		}
	}
	slices.Sort(times)
	p50 := times[len(times)/2]
	calls := len(apiCalls(s))
	if fresh == nil {
		b.ReportMetric(float64(calls)/float64(len(times)), "requests/op")
	} else {
		b.ReportMetric(float64(calls), "requests/op") // of the last, cold, op
	}
	b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(p50)/float64(upstreamLatency), "p50-latencies")
}

// BenchmarkCataloguePages measures the catalogue and training pages against
// the sandbox with 50 ms on every Factorial call. Budget: 2 round trips +
// 20 ms = 120 ms at p50.
//
//	go test ./handlers -run '^$' -bench CataloguePages -benchtime 30x
func BenchmarkCataloguePages(b *testing.B) {
	s := apptest.Start(b, apptest.WithLogLevel(8))
	hr := s.SignIn(b, sandbox.PersonaHRAdmin)
	tr := busyTraining(&testing.T{}, s.Sandbox.Snapshot())
	withLatency(s)
	b.Run("catalogue-default", func(b *testing.B) { benchPage(b, s, hr, "/trainings", nil, nil) })
	b.Run("catalogue-page-2-search", func(b *testing.B) {
		benchPage(b, s, hr, "/trainings?q=a&status=active&page=2&per_page=10", htmxTo("catalogue-results"), nil)
	})
	for _, tab := range []string{"", "/groups", "/sessions", "/participants", "/costs"} {
		name := "training" + tab
		if tab == "" {
			name = "training/overview"
		}
		b.Run(name, func(b *testing.B) { benchPage(b, s, hr, "/trainings/"+tr.ID.String()+tab, nil, nil) })
	}
}

// BenchmarkCatalogueLarge measures the catalogue at 10,000 trainings with
// 50 ms per call: the default page (Factorial pages), and the year and
// external filters, which need the whole list, cold (a fresh sign-in, so an
// empty per-user cache) and warm.
//
//	go test ./handlers -run '^$' -bench CatalogueLarge -benchtime 10x
func BenchmarkCatalogueLarge(b *testing.B) {
	s := apptest.Start(b, apptest.WithLogLevel(8), apptest.WithSandboxOptions(sandbox.WithProfile(sandbox.ProfileLarge)))
	hr := s.SignIn(b, sandbox.PersonaHRAdmin)
	view := catalogue.Query{Year: time.Now().Year(), External: catalogue.No, Page: 1, PerPage: catalogue.DefaultPerPage}
	filtered := view.URL(paths.Trainings)
	withLatency(s)
	b.Run("default", func(b *testing.B) { benchPage(b, s, hr, "/trainings", nil, nil) })
	b.Run("year-external-cold", func(b *testing.B) {
		benchPage(b, s, nil, filtered, nil, func() *apptest.Client {
			s.Sandbox.SetFaults()
			c := s.SignIn(b, sandbox.PersonaHRAdmin)
			withLatency(s)
			return c
		})
	})
	b.Run("year-external-warm", func(b *testing.B) {
		hr.Get(filtered) // fill the cache
		benchPage(b, s, hr, view.WithPage(2).URL(paths.Trainings), nil, nil)
	})
}
