package handlers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/browsertest"
	"github.com/aula-hr/aula/internal/paths"
)

// HR schedules a weekly series from the training's sessions tab, is warned
// of a clash in the same place and saves anyway, opens a session of the
// series from the tab, and invites two people found by name, searched as
// typed and ticked over two searches, at once: on a desktop
// and on a tablet, each screen axe-core clean and without script trouble.
func TestScheduleASeriesSeeAClashAndInvite(t *testing.T) {
	for _, size := range bothSizes {
		t.Run(size.name, func(t *testing.T) {
			s := startSheetServer(t)
			st := s.Sandbox.Snapshot()
			tr, _ := schedulingGroup(t, st)
			other := otherTraining(t, st, tr.ID)
			craftSession(t, s, other, groupOfTraining(t, st, other), "Busy room", "Aula room", time.Date(2026, 12, 14, 10, 0, 0, 0, madrid))
			a, b := twoNewcomers(t, st, tr.ID)
			name := "Browser series " + size.name

			tab := openAsHR(t, s, size.width, size.height, paths.TrainingTab(tr.ID, paths.TabSessions), `[data-testid="schedule-session"]`)
			tab.Accessible("the sessions tab")
			tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="schedule-session"]`)))
			tab.WaitUntilSettled("the form", q(`[data-testid="session-form"]`)+` !== null`)
			tab.Accessible("the scheduling form")
			setValue(tab, `#f-name`, name)
			setValue(tab, `#f-date`, "2026-12-07")
			setValue(tab, `#f-start`, "09:00")
			setValue(tab, `#f-end`, "11:00")
			setValue(tab, `#f-location`, "Aula room")
			tab.Do(chromedp.Click(chromedp.CSS(`#f-repeat`)))
			setSelect(tab, `#f-weekday`, "1")
			setValue(tab, `#f-until`, "2026-12-21")
			tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="save-session"]`)))
			tab.WaitUntilSettled("the clash warning", q(`[data-testid="clashes"]`)+` !== null`)
			if txt := tab.Text(`[data-testid="clashes"]`); !strings.Contains(txt, "Busy room") || !strings.Contains(txt, "in the same place") {
				t.Fatalf("the warning does not name the clash: %q", txt)
			}
			if got := browsertest.Eval[string](tab, q(`#f-until`)+`.value`); got != "2026-12-21" {
				t.Errorf("the input was not kept: until %q", got)
			}
			tab.Accessible("the clash warning")
			if n := len(sessionsNamed(s.Sandbox.Snapshot(), name)); n != 0 {
				t.Fatalf("the warning saved %d sessions", n)
			}
			tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="save-anyway"]`)))
			tab.WaitUntilSettled("the sessions tab", q(`[data-testid="flash-success"]`)+` !== null`)
			series := sessionsNamed(s.Sandbox.Snapshot(), name)
			if len(series) != 3 {
				t.Fatalf("%d sessions created, want 3", len(series))
			}

			tab.Do(chromedp.Click(chromedp.CSS(`#` + paths.SessionAnchor(series[1].ID) + ` [data-testid="session-time"]`)))
			tab.WaitUntilSettled("the session page", q(`[data-testid="session-people"]`)+` !== null`)
			if got := tab.Text(`[data-testid="fact-when"]`); !strings.Contains(got, "09:00") {
				t.Errorf("the session page says %q", got)
			}
			tab.Accessible("the session page")
			// The picker searches as one types: htmx swaps in the people
			// found, the page and its address stay; what was ticked stays
			// ticked through the next search, so one Invite takes both.
			page := browsertest.Eval[string](tab, `location.href`)
			tab.Do(chromedp.Evaluate[chromedp.Void](`window.aulaSamePage = true`))
			tab.InsertText(`#invite-q`, a.LastName)
			tab.WaitUntilSettled("people found as one types", q(`#invite-`+a.ID.String())+` !== null`)
			tab.Do(chromedp.Click(chromedp.CSS(`#invite-` + a.ID.String())))
			browsertest.Eval[bool](tab, `(() => { `+q(`#invite-q`)+`.select(); return true })()`)
			tab.InsertText(`#invite-q`, b.LastName)
			tab.WaitUntilSettled("the second search", q(`#invite-`+b.ID.String())+` !== null`)
			if !browsertest.Eval[bool](tab, q(`#invite-`+a.ID.String())+`?.checked === true`) {
				t.Errorf("%s, ticked before the second search, is no longer ticked", a.FullName)
			}
			if !browsertest.Eval[bool](tab, `window.aulaSamePage === true`) || browsertest.Eval[string](tab, `location.href`) != page {
				t.Errorf("the search loaded a page or changed the address to %s", browsertest.Eval[string](tab, `location.href`))
			}
			if got := tab.Text(`#invite-found`); !strings.Contains(got, "found") {
				t.Errorf("the status says %q after the search", got)
			}
			tab.Accessible("the session page with people found")
			tab.Do(chromedp.Click(chromedp.CSS(`#invite-` + b.ID.String())))
			tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="invite"]`)))
			tab.WaitUntilSettled("the invitation", q(`[data-testid="flash-success"]`)+` !== null`)
			if got := tab.Text(`[data-testid="flash-success"]`); !strings.Contains(got, "2 people invited") {
				t.Errorf("one invitation of both says %q", got)
			}
			snap := s.Sandbox.Snapshot()
			if !invitedTo(snap, series[1].ID, a.ID) || !invitedTo(snap, series[1].ID, b.ID) {
				t.Fatal("the people ticked were not invited")
			}
			if n := tab.Count(`[data-testid="session-person"]`); n != 2 {
				t.Errorf("the page lists %d people, want 2", n)
			}
			tab.Accessible("the session page with people invited")
			noScriptTrouble(t, tab)
		})
	}
}

// A trainer opens the session page of a session they teach and goes on to
// its attendance sheet.
func TestTrainerOpensTheSessionPage(t *testing.T) {
	s := startSheetServer(t)
	x, _ := sheetSession(t, s, 3)
	tab := browsertest.Start(t, 768, 1024)
	signInBrowser(t, tab, s, sandbox.PersonaTrainer)
	tab.Do(chromedp.Navigate(s.URL + paths.SessionPage(x.ID)))
	tab.WaitUntilSettled("the session page", q(`[data-testid="session-people"]`)+` !== null`)
	if n := tab.Count(`[data-testid="session-person"]`); n != 3 {
		t.Errorf("%d people shown, want 3", n)
	}
	tab.Accessible("the trainer's session page")
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="open-sheet"]`)))
	tab.WaitUntilSettled("the sheet", q(`[data-testid="sheet-row"]`)+` !== null`)
	noScriptTrouble(t, tab)
}
