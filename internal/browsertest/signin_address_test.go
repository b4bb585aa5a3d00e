package browsertest_test

import (
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/browsertest"
)

// Issue 10, point 1: a newcomer who types the other loopback address than
// the one Aula announced (127.0.0.1 for localhost, or the other way round)
// signs in as a demo persona and lands on their home page, at the address
// Aula announced. Before, the handshake cookie stayed on the typed host and
// the sign-in ended back on the sign-in page.
func TestSignInFromTheOtherLoopbackAddressInABrowser(t *testing.T) {
	for _, size := range []struct {
		name          string
		width, height int
	}{
		{"desktop", 1366, 768},
		{"tablet", 768, 1024},
	} {
		for _, tc := range []struct {
			name, public, opened, persona string
		}{
			{"typed 127.0.0.1", "localhost", "127.0.0.1", sandbox.PersonaManager},
			{"typed localhost", "127.0.0.1", "localhost", sandbox.PersonaEmployee},
		} {
			t.Run(size.name+"/"+tc.name, func(t *testing.T) {
				srv := apptest.Start(t, apptest.WithPublicHost(tc.public))
				public := srv.App.Config.PublicURL.String()
				opened := "http://" + tc.opened + ":" + srv.App.Config.PublicURL.Port()
				tab := browsertest.Start(t, size.width, size.height)

				tab.Do(chromedp.Navigate(opened+"/"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="oauth-start"]`)))
				tab.Do(
					chromedp.Click(chromedp.CSS(`[data-testid="oauth-start"]`)),
					chromedp.WaitVisible(chromedp.CSS(`button[name="persona"][value="`+tc.persona+`"]`)),
				)
				tab.Do(
					chromedp.Click(chromedp.CSS(`button[name="persona"][value="`+tc.persona+`"]`)),
					chromedp.WaitVisible(chromedp.CSS(`[data-testid="home-`+tc.persona+`"], [data-testid="flash-error"]`)),
				)
				if tab.Count(`[data-testid="flash-error"]`) > 0 {
					t.Fatalf("sign-in failed at %s: %q", tab.Location(), tab.Text(`[data-testid="flash-error"] p`))
				}
				loc, _ := url.Parse(tab.Location())
				if loc.Scheme+"://"+loc.Host != public || loc.Path != "/" {
					t.Errorf("home at %s, want %s/", tab.Location(), public)
				}
				if tab.Count(`[data-testid="user-name"]`) != 1 {
					t.Error("no signed-in user in the header")
				}
				tab.NoCSPViolations()
			})
		}
	}
}
