package browsertest_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/browsertest"
	mw "github.com/aula-hr/aula/middleware"
)

// TestScreenshot writes the README's screenshot of the HR home page in demo
// mode, and next to it a manager's home page (screenshot-manager.png) and
// the HR home page in Spanish (screenshot-es.png, the language chosen with
// the aula_lang cookie before signing in). It runs only when asked:
//
//	AULA_SCREENSHOT=$PWD/docs/screenshot.png go test ./internal/browsertest -run Screenshot
func TestScreenshot(t *testing.T) {
	out := os.Getenv("AULA_SCREENSHOT")
	if out == "" {
		t.Skip("set AULA_SCREENSHOT=<file.png> to write the README screenshot")
	}
	srv := apptest.Start(t)
	for _, shot := range []struct{ persona, home, lang, file string }{
		{sandbox.PersonaHRAdmin, "home-hr", "", out},
		{sandbox.PersonaManager, "home-manager", "", filepath.Join(filepath.Dir(out), "screenshot-manager.png")},
		{sandbox.PersonaHRAdmin, "home-hr", "es", filepath.Join(filepath.Dir(out), "screenshot-es.png")},
	} {
		tab := browsertest.Start(t, 1280, 860)
		if shot.lang != "" {
			tab.Do(chromedp.Navigate(srv.URL + "/login"))
			browsertest.Eval[bool](tab, `(document.cookie = "`+mw.LocaleCookie+`=`+shot.lang+`; path=/", true)`)
		}
		tab.Do(
			chromedp.Navigate(srv.URL+"/"),
			chromedp.Click(chromedp.CSS(`[data-testid="oauth-start"]`)),
			chromedp.Click(chromedp.CSS(`button[name="persona"][value="`+shot.persona+`"]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid="`+shot.home+`"]`)),
		)
		png, err := chromedp.Run(tab.Ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(shot.file, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
