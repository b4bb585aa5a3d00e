package browsertest_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/browsertest"
)

// TestUnansweredHTMXRequestSaysSo: when an htmx request gets no answer at
// all (Aula cannot be reached, or does not answer before htmx's timeout),
// the page says so in the flash region and offers to try again; htmx alone
// shows nothing, so the click seemed to do nothing.
func TestUnansweredHTMXRequestSaysSo(t *testing.T) {
	srv := apptest.Start(t)
	tr := srv.Sandbox.Snapshot().Trainings[0]
	tab := browsertest.Start(t, 1280, 800)
	tab.Do(
		chromedp.Navigate(srv.URL+"/login"),
		chromedp.Click(chromedp.CSS(`[data-testid="oauth-start"]`)),
		chromedp.Click(chromedp.CSS(`button[name="persona"][value="`+sandbox.PersonaHRAdmin+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="home-hr"]`)),
		chromedp.Navigate(srv.URL+"/trainings/"+tr.ID.String()),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="tab-groups"]`)),
	)
	tab.WaitSettled()

	srv.Close() // Aula is gone: the next request is refused
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="tab-groups"]`)))
	tab.WaitUntilSettled("a message in the flash region", `document.querySelector('#flash [data-testid="problem"]')`)
	if got := tab.Text(`#flash [data-testid="problem-title"]`); !strings.Contains(got, "Aula did not answer") {
		t.Errorf("message %q", got)
	}
	if tab.Count(`#flash [data-testid="retry"]`) != 1 {
		t.Error("no way to try again")
	}
	tab.Accessible("no answer")
	tab.NoCSPViolations()
	for _, m := range tab.Messages() {
		if m.IsException() {
			t.Errorf("script error: %s", m.Text)
		}
	}
}
