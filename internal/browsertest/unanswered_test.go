package browsertest_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/browsertest"
)

// TestUnansweredHTMXRequestSaysSo: when an htmx request gets no answer at
// all (Aula cannot be reached, or does not answer before htmx's timeout),
// the page says so in the flash region and offers to try again; htmx alone
// shows nothing, so the click seemed to do nothing. The words are the
// page's language: a Spanish page says it in Spanish.
func TestUnansweredHTMXRequestSaysSo(t *testing.T) {
	for _, tc := range []struct {
		lang, title, detail, retry string
	}{
		{"en", "Aula did not answer",
			"Aula could not be reached or took too long. If you were saving a change, reload the page to see whether it was made before you try again.",
			"Try again"},
		{"es", "Aula no ha respondido",
			"No se ha podido contactar con Aula o ha tardado demasiado. Si estabas guardando un cambio, recarga la página para ver si se hizo antes de volver a intentarlo.",
			"Volver a intentarlo"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			srv := apptest.Start(t)
			tr := srv.Sandbox.Snapshot().Trainings[0]
			tab := browsertest.Start(t, 1280, 800)
			tab.Do(
				chromedp.Navigate(srv.URL+"/login"),
				chromedp.Evaluate[chromedp.Void](`document.cookie = "aula_lang=`+tc.lang+`; path=/"`),
				chromedp.Click(chromedp.CSS(`[data-testid="oauth-start"]`)),
				chromedp.Click(chromedp.CSS(`button[name="persona"][value="`+sandbox.PersonaHRAdmin+`"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="home-hr"]`)),
				chromedp.Navigate(srv.URL+"/trainings/"+tr.ID.String()),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="tab-groups"]`)),
			)
			tab.WaitSettled()
			if got := browsertest.Eval[string](tab, `document.documentElement.lang`); got != tc.lang {
				t.Fatalf("the page is in %q, want %q", got, tc.lang)
			}

			srv.Close() // Aula is gone: the next request is refused
			tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="tab-groups"]`)))
			tab.WaitUntilSettled("a message in the flash region", `document.querySelector('#flash [data-testid="problem"]')`)
			if got := tab.Text(`#flash [data-testid="problem-title"]`); got != tc.title {
				t.Errorf("title %q, want %q", got, tc.title)
			}
			if got := tab.Text(`#flash [data-testid="problem-detail"]`); got != tc.detail {
				t.Errorf("detail %q, want %q", got, tc.detail)
			}
			if got := tab.Text(`#flash [data-testid="retry"]`); got != tc.retry || tab.Count(`#flash [data-testid="retry"]`) != 1 {
				t.Errorf("%d ways to try again, reading %q", tab.Count(`#flash [data-testid="retry"]`), got)
			}
			tab.Accessible("no answer")
			tab.NoCSPViolations()
			for _, m := range tab.Messages() {
				if m.IsException() {
					t.Errorf("script error: %s", m.Text)
				}
			}
		})
	}
}
