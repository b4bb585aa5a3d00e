package handlers_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/browsertest"
)

// Clicking the tab already open reloads it without adding a history entry
// (Back would otherwise show the same tab again).
func TestCurrentTabAddsNoHistoryEntry(t *testing.T) {
	s := apptest.Start(t)
	tr := busyTraining(t, s.Sandbox.Snapshot())
	tab := browsertest.Start(t, 1280, 900)
	signInBrowser(t, tab, s, sandbox.PersonaHRAdmin)
	tab.Do(chromedp.Navigate(s.URL + "/trainings/" + tr.ID.String() + "/groups"))
	tab.WaitUntilSettled("the groups tab", q(`[data-testid="panel-groups"]`)+` !== null`)
	before := browsertest.Eval[int](tab, `history.length`)
	browsertest.Eval[bool](tab, `(() => { `+q(`[data-testid="panel-groups"]`)+`.dataset.stale = 'yes'; return true })()`)
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="tab-groups"]`)))
	tab.WaitUntilSettled("the groups tab reloaded", q(`[data-testid="panel-groups"]`)+` !== null && !`+q(`[data-testid="panel-groups"]`)+`.dataset.stale`)
	if got := browsertest.Eval[int](tab, `history.length`); got != before {
		t.Errorf("clicking the open tab added %d history entries", got-before)
	}
}

// Opening a tab while another is still loading shows the tab opened last:
// the slower answer of the first must not replace it (nor its address).
func TestLateTabAnswerDoesNotReplaceTheNextTab(t *testing.T) {
	wrap, h := holdFirstHTMX(t, "")
	s := apptest.Start(t, apptest.WithHandlerWrap(wrap))
	tr := busyTraining(t, s.Sandbox.Snapshot())
	tab := browsertest.Start(t, 1280, 900)
	signInBrowser(t, tab, s, sandbox.PersonaHRAdmin)
	tab.Do(chromedp.Navigate(s.URL + "/trainings/" + tr.ID.String()))
	tab.WaitUntilSettled("the training page", q(`[data-testid="panel-overview"]`)+` !== null`)

	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="tab-groups"]`)))
	h.arrived(t, tab)
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="tab-sessions"]`)))
	h.bothAnswered(t, tab)
	tab.WaitSettled()
	if got := browsertest.Eval[string](tab, `location.pathname + ' ' + (document.querySelector('.tab-panel')?.dataset.testid ?? '')`); got != "/trainings/"+tr.ID.String()+"/sessions panel-sessions" {
		t.Errorf("after opening Groups then Sessions, the page shows %q, want the sessions tab", got)
	}
}
