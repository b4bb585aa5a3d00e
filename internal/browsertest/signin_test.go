package browsertest_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/browsertest"
)

// A newcomer's path, in a real browser: a protected page sends them to sign
// in, "Sign in with Factorial" leads to the sandbox's persona picker, the
// home page shows real sandbox data, signing out leads back to sign-in and
// the protected page is closed again. Every page passes axe-core and the
// browser reports no CSP violation. Desktop and tablet size.
func TestNewcomerSignsInAndOut(t *testing.T) {
	for _, size := range []struct {
		name          string
		width, height int
	}{
		{"desktop", 1280, 800},
		{"tablet", 768, 1024},
	} {
		t.Run(size.name, func(t *testing.T) {
			srv := apptest.Start(t)
			var trainer sandbox.Persona
			for _, p := range srv.Sandbox.Personas() {
				if p.Key == sandbox.PersonaTrainer {
					trainer = p
				}
			}
			tab := browsertest.Start(t, size.width, size.height)

			tab.Do(chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="oauth-start"]`)))
			if loc := tab.Location(); !strings.HasPrefix(loc, srv.URL+"/login") {
				t.Fatalf("protected page went to %s, want the sign-in page", loc)
			}
			if tab.Count(`[data-testid="demo-banner"]`) != 1 {
				t.Error("no demo banner")
			}
			tab.Accessible("sign-in")
			noOverflow(t, tab, size.width)

			tab.Do(
				chromedp.Click(chromedp.CSS(`[data-testid="oauth-start"]`)),
				chromedp.WaitVisible(chromedp.CSS(`button[name="persona"][value="trainer"]`)),
			)
			if loc := tab.Location(); !strings.HasPrefix(loc, srv.URL+"/sandbox/oauth/authorize") {
				t.Fatalf("OAuth start went to %s, want the sandbox persona picker", loc)
			}
			tab.Accessible("persona picker")
			noOverflow(t, tab, size.width)
			if small := tab.SmallTargets(44); len(small) > 0 {
				t.Errorf("persona picker: targets under 44×44 px: %v", small)
			}
			tab.Do(
				chromedp.Click(chromedp.CSS(`button[name="persona"][value="trainer"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="home-trainer"]`)),
			)
			if loc := tab.Location(); loc != srv.URL+"/" {
				t.Errorf("after sign-in at %s, want /", loc)
			}
			if got := tab.Text(`[data-testid="user-name"]`); got != trainer.Name {
				t.Errorf("signed in as %q, want %q", got, trainer.Name)
			}
			// Real data: the upcoming sessions are the sandbox's.
			names := map[string]bool{}
			for _, s := range srv.Sandbox.Snapshot().Sessions {
				names[s.Name] = true
			}
			if n := tab.Count(`[data-testid="upcoming-sessions"] [data-testid="session"]`); n == 0 {
				t.Fatal("no upcoming sessions on the home page")
			}
			first := tab.Text(`[data-testid="upcoming-sessions"] [data-testid="session"] strong`)
			if !names[first] {
				t.Errorf("session %q is not in the sandbox", first)
			}
			tab.Accessible("home")
			noOverflow(t, tab, size.width)

			tab.Do(
				chromedp.Click(chromedp.CSS(`[data-testid="sign-out"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="flash-success"]`)),
			)
			if loc := tab.Location(); loc != srv.URL+"/login" {
				t.Errorf("after sign-out at %s, want /login", loc)
			}
			if got := tab.Text(`[data-testid="flash-success"] p`); got != "You are signed out." {
				t.Errorf("flash %q", got)
			}
			tab.Accessible("signed out")

			tab.Do(chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="login"]`)))
			if loc := tab.Location(); !strings.HasPrefix(loc, srv.URL+"/login") {
				t.Fatalf("protected page after sign-out at %s, want the sign-in page", loc)
			}
			tab.NoCSPViolations()
			for _, m := range tab.Messages() {
				if m.IsException() {
					t.Errorf("script error: %s", m.Text)
				}
			}
		})
	}
}

// noOverflow: nothing sticks out sideways at this width.
func noOverflow(t *testing.T, tab *browsertest.Tab, width int) {
	t.Helper()
	if w := browsertest.Eval[int](tab, "document.documentElement.scrollWidth"); w > width {
		t.Errorf("page is %d px wide at a %d px viewport", w, width)
	}
}
