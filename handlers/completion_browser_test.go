package handlers_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/browsertest"
)

// Saving one person's completion date updates their row only: the people
// ticked for removal stay ticked (the whole page used to reload), the row
// shows the new date and status, and says beside it what was saved.
func TestCompletionDateKeepsTheTicks(t *testing.T) {
	s := apptest.Start(t)
	tr := busyTraining(t, s.Sandbox.Snapshot())
	tab := browsertest.Start(t, 1280, 900)
	signInBrowser(t, tab, s, sandbox.PersonaHRAdmin)
	tab.Do(chromedp.Navigate(s.URL + "/trainings/" + tr.ID.String() + "/participants"))
	tab.WaitUntilSettled("the participants tab", q(`[data-testid="participants-table"]`)+` !== null`)
	ids := browsertest.Eval[[]string](tab, `[...document.querySelectorAll('[data-testid="participant-row"]')].map(r => r.dataset.id)`)
	if len(ids) < 3 {
		t.Fatalf("%d participants, want 3", len(ids))
	}
	// The first two are ticked, and the third, whose date is then saved.
	for _, id := range ids[:3] {
		tab.Do(chromedp.Click(chromedp.CSS(`#m-` + id)))
	}
	done := ids[2]
	browsertest.Eval[bool](tab, `(() => { `+q(`#done-`+done)+`.value = '2026-11-15'; return true })()`)
	row := `[data-testid="participant-row"][data-id="` + done + `"]`
	tab.Do(chromedp.Click(chromedp.CSS(row + ` [data-testid="save-completion"]`)))
	tab.WaitUntilSettled("the completion saved", q(row+` [data-testid="row-notice"]`)+` !== null`)
	if got := browsertest.Eval[string](tab, q(`#done-`+done)+`.value + ' ' + `+q(row+` [data-testid="participant-status"]`)+`.textContent.trim()`); got != "2026-11-15 Completed" {
		t.Errorf("after saving, the row says %q, want the date and Completed", got)
	}
	for _, id := range ids[:3] {
		if !browsertest.Eval[bool](tab, q(`#m-`+id)+`.checked`) {
			t.Errorf("participant %s was ticked before a completion date was saved, and is no longer", id)
		}
	}
	if got := browsertest.Eval[string](tab, q(row+` [data-testid="row-notice"]`)+`.textContent`); !strings.Contains(got, "15 Nov 2026") {
		t.Errorf("the row says %q", got)
	}
	if got := browsertest.Eval[string](tab, `document.activeElement?.id ?? ''`); got != "done-"+done+"-save" {
		t.Errorf("after saving, the focus is on %q, want the row's Save button", got)
	}
	tab.Accessible("participants after saving a completion date")
	tab.NoCSPViolations()
}
