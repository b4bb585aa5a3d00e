package handlers_test

import (
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/browsertest"
)

// TestCalendarInTheBrowser, on a desktop and on a tablet: the keyboard
// moves through months and weeks (htmx swaps the calendar and pushes each
// address, Back restores the view), a filter narrows it and stays in the
// address, and a session's entry opens its page. axe-core finds nothing
// serious in the month, the week or the filtered view.
func TestCalendarInTheBrowser(t *testing.T) {
	srv := startCalendarServer(t)
	for _, size := range []struct {
		name          string
		width, height int
	}{{"desktop", 1280, 800}, {"tablet", 768, 1024}} {
		t.Run(size.name, func(t *testing.T) {
			tab := browsertest.Start(t, size.width, size.height)
			signInBrowser(t, tab, srv, sandbox.PersonaHRAdmin)
			tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="nav-calendar"]`)))
			period := func(want string) {
				t.Helper()
				tab.WaitUntilSettled("the calendar showing "+want, q(`[data-testid="calendar-period"]`)+`?.textContent === `+jsString(want))
			}
			period("October 2026")
			tab.Accessible(size.name + " month")
			if small := tab.SmallTargets(44); len(small) > 0 {
				t.Errorf("small touch targets: %v", small)
			}
			if w := browsertest.Eval[int](tab, `document.documentElement.scrollWidth`); w > size.width {
				t.Errorf("the month is %d px wide on a %d px screen", w, size.width)
			}
			if os.Getenv("AULA_SCREENSHOTS") != "" {
				shot(t, tab, "calendar-month-"+size.name)
			}

			// The keyboard: Tab to "Next", Enter.
			tab.Do(chromedp.Focus(chromedp.CSS(`[data-testid="calendar-next"]`)), chromedp.KeyEvent(kb.Enter))
			period("November 2026")
			if got := browsertest.Eval[string](tab, `location.search`); got != "?date=2026-11-01" {
				t.Errorf("address after Next: %q", got)
			}
			tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="calendar-prev"]`)))
			period("October 2026")
			tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="calendar-prev"]`)))
			period("September 2026")
			tab.Do(chromedp.NavigateBack())
			period("October 2026")
			tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="calendar-today"]`)))
			period("October 2026")

			// The week, and the next one.
			tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="view-week"]`)))
			period("26 Oct – 1 Nov 2026")
			if n := tab.Count(`[data-testid="calendar-day"]`); n != 7 {
				t.Errorf("%d days in the week", n)
			}
			tab.Accessible(size.name + " week")
			if os.Getenv("AULA_SCREENSHOTS") != "" {
				shot(t, tab, "calendar-week-"+size.name)
			}
			tab.Do(chromedp.Focus(chromedp.CSS(`[data-testid="calendar-next"]`)), chromedp.KeyEvent(kb.Enter))
			period("2–8 Nov 2026")
			tab.Do(chromedp.NavigateBack())
			period("26 Oct – 1 Nov 2026")

			// A filter: online sessions only; the address keeps it, and so
			// do the moves.
			browsertest.Eval[bool](tab, `(() => { const s = `+q(`#cal-modality`)+`; s.value = 'online'; return s.dispatchEvent(new Event('change', {bubbles: true})) })()`)
			tab.WaitUntilSettled("the online filter", `location.search.includes('modality=online')`)
			mods := browsertest.Eval[[]string](tab, `[...document.querySelectorAll('[data-testid="calendar-entry"]')].map(e => e.dataset.modality)`)
			if len(mods) == 0 {
				t.Fatal("no online sessions in the week")
			}
			for _, m := range mods {
				if m != "online" {
					t.Errorf("a %s session under the online filter", m)
				}
			}
			if got := browsertest.Eval[string](tab, q(`#cal-modality`)+`.value`); got != "online" {
				t.Errorf("the filter shows %q after the swap", got)
			}
			tab.Accessible(size.name + " filtered week")
			tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="calendar-next"]`)))
			period("2–8 Nov 2026")
			if s := browsertest.Eval[string](tab, `location.search`); !strings.Contains(s, "modality=online") || !strings.Contains(s, "view=week") {
				t.Errorf("the move lost the filter or view: %q", s)
			}

			// A session's entry opens its page.
			href := browsertest.Eval[string](tab, q(`[data-testid="calendar-session"]`)+`.getAttribute('href')`)
			tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="calendar-session"]`)))
			tab.WaitUntilSettled("the session's page", `location.pathname === `+jsString(href))
			if !strings.HasPrefix(href, "/sessions/") {
				t.Errorf("the entry opens %q", href)
			}
			tab.NoCSPViolations()
		})
	}
}

func shot(t *testing.T, tab *browsertest.Tab, name string) {
	t.Helper()
	b, err := chromedp.Run(tab.Ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("/tmp/"+name+".png", b, 0o644); err != nil {
		t.Fatal(err)
	}
}
