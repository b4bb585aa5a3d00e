package handlers_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/browsertest"
)

// On a tablet a row of the catalogue is ticked by a tap anywhere in its
// 44×44 px hit box, not only on the tick box itself. (Every screen's
// targets, axe-core and width at 768×1024 are checked by
// TestEveryScreenIsAccessibleOnATablet.)
func TestTouchTargetsOnATablet(t *testing.T) {
	srv := apptest.Start(t)
	tab := browsertest.Start(t, 768, 1024)
	signInBrowser(t, tab, srv, sandbox.PersonaHRAdmin)
	tab.Do(chromedp.Navigate(srv.URL+"/trainings"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="training-row"]`)))
	if tab.Count(`[data-testid="select-training"]`) == 0 || tab.Count(`a[data-testid^="sort-"]`) == 0 {
		t.Error("catalogue: no row checkboxes or sortable headers to measure")
	}
	// A tap near the corner of a row's 44×44 hit box, well outside the
	// tick box itself, ticks it.
	corner := browsertest.Eval[[]float64](tab, `(() => {
		const r = document.querySelector('[data-testid="select-training"]').labels[0].getBoundingClientRect();
		return [r.left + 3, r.top + 3, r.width, r.height];
	})()`)
	tab.Do(chromedp.MouseClickXY(corner[0], corner[1]))
	if !browsertest.Eval[bool](tab, `document.querySelector('[data-testid="select-training"]').checked`) {
		t.Errorf("catalogue: a tap at the corner of the %.0f×%.0f px hit box did not tick the row", corner[2], corner[3])
	}
	tab.NoCSPViolations()
}
