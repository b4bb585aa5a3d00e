package handlers_test

import (
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	mw "github.com/aula-hr/aula/middleware"
)

// Every answer tells its own time apart from the wait on Factorial, with
// the calls and round trips: the home page's reads run at once, so with
// 30 ms on each call its wait is counted in rounds, not summed per call.
func TestServerTimingTellsTheWaitOnFactorial(t *testing.T) {
	srv := apptest.Start(t)
	hr := srv.SignIn(t, sandbox.PersonaHRAdmin)
	srv.Sandbox.SetFaults(sandbox.Fault{Path: "*", Latency: 30 * time.Millisecond})
	res := hr.Get("/")
	res.Body.Close()
	app, wait, calls, rounds, ok := mw.ParseServerTiming(res.Header.Get(mw.ServerTimingHeader))
	if !ok {
		t.Fatalf("Server-Timing %q is not app;dur=…, factorial;dur=…;desc=\"calls=… rounds=…\"", res.Header.Get(mw.ServerTimingHeader))
	}
	if calls < 2 || rounds < 1 || rounds >= calls {
		t.Fatalf("calls %d rounds %d: the home page's concurrent reads should share round trips", calls, rounds)
	}
	if wait < time.Duration(rounds)*30*time.Millisecond || app < 0 {
		t.Fatalf("wait %v for %d rounds of 30 ms, own time %v", wait, rounds, app)
	}
	srv.Sandbox.SetFaults()
	res = srv.NewClient(t).Get("/healthz")
	res.Body.Close()
	if _, _, calls, rounds, ok := mw.ParseServerTiming(res.Header.Get(mw.ServerTimingHeader)); !ok || calls != 0 || rounds != 0 {
		t.Fatalf("a page without Factorial calls: %q", res.Header.Get(mw.ServerTimingHeader))
	}
}
