package handlers_test

import (
	"io"
	"sync"
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/paths"
)

// Overviews of several people at once, each several times at once, all
// answer (the reads beside the directory once used the enrolments' context,
// cancelled when those were done: a 500 now and then; go test -race shows it).
func TestTeamOverviewsAtOnce(t *testing.T) {
	srv := apptest.Start(t, apptest.WithLogLevel(8))
	srv.Sandbox.SetFaults(sandbox.Fault{Path: "*", Latency: 20 * time.Millisecond})
	var wg sync.WaitGroup
	for _, p := range []string{sandbox.PersonaManager, sandbox.PersonaManager, sandbox.PersonaHRAdmin, sandbox.PersonaHRAdmin} {
		c := srv.SignIn(t, p)
		for range 3 {
			wg.Go(func() {
				for range 5 {
					res := c.Get(paths.Team)
					b, _ := io.ReadAll(res.Body)
					res.Body.Close()
					if res.StatusCode != 200 {
						t.Errorf("%s: %d %s", p, res.StatusCode, b[:min(len(b), 300)])
					}
				}
			})
		}
	}
	wg.Wait()
}
