package handlers_test

import (
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/browsertest"
)

// The header's language switcher in a browser on a tablet, by keyboard
// alone: Español is focused and pressed with Enter, the same page (its
// query kept) comes back in Spanish with <html lang="es">, axe-core clean,
// every target at least 44 px, no CSP violation; English takes it back.
func TestLanguageSwitcherByKeyboardOnATablet(t *testing.T) {
	s := apptest.Start(t)
	tab := browsertest.Start(t, 768, 1024)
	signInBrowser(t, tab, s, sandbox.PersonaHRAdmin)
	const page = "/trainings?status=active"
	tab.Do(chromedp.Navigate(s.URL + page))
	tab.WaitUntilSettled("the catalogue", q(`[data-testid="catalogue-table"]`)+` !== null`)
	if small := tab.SmallTargets(44); len(small) > 0 {
		t.Errorf("targets under 44×44 px: %v", small)
	}

	tab.Do(chromedp.Focus(chromedp.CSS(`[data-testid="language-es"]`)), chromedp.KeyEvent(kb.Enter))
	tab.WaitUntilSettled("the page in Spanish", `document.documentElement.lang === 'es'`)
	if loc := tab.Location(); loc != s.URL+page {
		t.Errorf("after switching: %s, want %s", loc, s.URL+page)
	}
	if got := tab.Text(`[data-testid="catalogue-title"]`); got != "Formaciones" {
		t.Errorf("catalogue title %q", got)
	}
	if got := tab.Text(`[data-testid="language-es"]`); got != "Español" {
		t.Errorf("switcher button %q", got)
	}
	tab.Accessible("catalogue in Spanish")
	if small := tab.SmallTargets(44); len(small) > 0 {
		t.Errorf("Spanish: targets under 44×44 px: %v", small)
	}
	tab.NoCSPViolations()
	if out := os.Getenv("AULA_LANGUAGE_SHOT"); out != "" { // a look at the header, for people
		png, err := chromedp.Run(tab.Ctx, chromedp.CaptureScreenshot())
		if err == nil {
			err = os.WriteFile(out, png, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}

	tab.Do(chromedp.Focus(chromedp.CSS(`[data-testid="language-en"]`)), chromedp.KeyEvent(kb.Enter))
	tab.WaitUntilSettled("the page in English", `document.documentElement.lang === 'en'`)
	if got := tab.Text(`[data-testid="catalogue-title"]`); !strings.Contains(got, "Trainings") {
		t.Errorf("back in English, catalogue title %q", got)
	}
}
