package handlers_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/browsertest"
)

// An export that fails upstream shows the error page, which says what
// happened and offers a retry; a download link would only show the browser's
// "download failed" and no reason.
func TestFailedExportExplainsItself(t *testing.T) {
	s := apptest.Start(t)
	tr := busyTraining(t, s.Sandbox.Snapshot())
	tab := browsertest.Start(t, 1280, 900)
	signInBrowser(t, tab, s, sandbox.PersonaHRAdmin)

	tab.Do(chromedp.Navigate(s.URL + "/trainings/" + tr.ID.String() + "/participants"))
	tab.WaitUntilSettled("the participants tab", q(`[data-testid="export-participants"]`)+` !== null`)
	s.Sandbox.SetFaults(sandbox.Fault{Method: "GET", Path: "trainings/training_memberships", Status: 500})
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="export-participants"]`)))
	tab.WaitUntilSettled("the error page of the failed export", q(`[data-testid="error-page"]`)+` !== null`)
	tab.Accessible("failed export")
}
