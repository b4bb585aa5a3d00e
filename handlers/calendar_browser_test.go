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
// address, Back restores the view), a training and a modality narrow the
// week and stay in the address (Back restores the whole week), a trainer's
// "only mine" narrows the month to their own sessions, and a session's
// entry opens its page. axe-core finds nothing serious in the month, the
// week or the filtered views.
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

			// A training: the week narrows to its sessions, the address and
			// the count say so, and Back restores the whole week.
			entries := func(attr string) []string {
				return browsertest.Eval[[]string](tab, `[...document.querySelectorAll('[data-testid="calendar-entry"]')].map(e => e.dataset.`+attr+`)`)
			}
			all := entries("training")
			allCount := tab.Text(`[data-testid="calendar-count"]`)
			if len(all) < 2 {
				t.Fatalf("%d sessions in the week: too few to filter", len(all))
			}
			training := all[0]
			setSelect(tab, `#cal-training`, training)
			tab.WaitUntilSettled("the training filter", `new URLSearchParams(location.search).get('training') === `+jsString(training))
			got := entries("training")
			for _, tr := range got {
				if tr != training {
					t.Errorf("a session of training %s under the filter of training %s", tr, training)
				}
			}
			if len(got) == 0 || len(got) >= len(all) {
				t.Errorf("the training filter shows %d of the week's %d sessions", len(got), len(all))
			}
			if c := tab.Text(`[data-testid="calendar-count"]`); !strings.HasPrefix(c, itoa(len(got))+" ") {
				t.Errorf("the count says %q for %d sessions shown", c, len(got))
			}
			tab.Accessible(size.name + " week filtered by training")
			tab.Do(chromedp.NavigateBack())
			tab.WaitUntilSettled("the whole week again", `!location.search.includes('training=') && `+q(`#cal-training`)+`.value === ''`)
			period("26 Oct – 1 Nov 2026")
			if n := len(entries("training")); n != len(all) || tab.Text(`[data-testid="calendar-count"]`) != allCount {
				t.Errorf("Back after the filter shows %d sessions (%q), want the week's %d (%q)", n, tab.Text(`[data-testid="calendar-count"]`), len(all), allCount)
			}

			// A modality: online sessions only; the address keeps it, and so
			// do the moves.
			setSelect(tab, `#cal-modality`, "online")
			tab.WaitUntilSettled("the online filter", `location.search.includes('modality=online')`)
			mods := entries("modality")
			if len(mods) == 0 {
				t.Fatal("no online sessions in the week")
			}
			if len(mods) >= len(all) {
				t.Errorf("the online filter keeps %d of the week's %d sessions", len(mods), len(all))
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

			// A trainer's "only mine": the sessions of the trainings they
			// teach (each with its sheet) or their self-paced ones, fewer
			// than all; Back shows all again, the box unticked.
			tab = browsertest.Start(t, size.width, size.height)
			signInBrowser(t, tab, srv, sandbox.PersonaTrainer)
			tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="nav-calendar"]`)))
			period("October 2026")
			everyone := tab.Count(`[data-testid="calendar-entry"]`)
			tab.Do(chromedp.Click(chromedp.CSS(`#cal-mine`)))
			tab.WaitUntilSettled("only mine", `new URLSearchParams(location.search).get('mine') === '1' && `+q(`#cal-mine`)+`.checked`)
			mine := tab.Count(`[data-testid="calendar-entry"]`)
			if mine == 0 || mine >= everyone {
				t.Errorf("only mine shows %d of the trainer's %d sessions", mine, everyone)
			}
			if n := tab.Count(`[data-testid="calendar-entry"]:not(:has([data-testid="calendar-sheet"])):not(:has([data-testid="calendar-selfpaced"]))`); n != 0 {
				t.Errorf("only mine shows %d scheduled sessions of trainings the trainer does not teach", n)
			}
			tab.Accessible(size.name + " only mine")
			tab.Do(chromedp.NavigateBack())
			tab.WaitUntilSettled("all sessions again", `!location.search.includes('mine=') && !`+q(`#cal-mine`)+`.checked`)
			if n := tab.Count(`[data-testid="calendar-entry"]`); n != everyone {
				t.Errorf("Back after only mine shows %d sessions, want %d", n, everyone)
			}
			noScriptTrouble(t, tab)
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
