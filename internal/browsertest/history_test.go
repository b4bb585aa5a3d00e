package browsertest_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/browsertest"
)

// TestSettledWaitsForHistoryRestore: Back to a view htmx pushed makes htmx
// fetch that view again (Aula keeps no history cache), with a request that
// sets no htmx-request class. Until that answer is swapped in, the address
// is already the old one but the content is not: the page is not settled.
func TestSettledWaitsForHistoryRestore(t *testing.T) {
	srv := apptest.Start(t)
	var tr factorial.Training
	for _, x := range srv.Sandbox.Snapshot().Trainings {
		if *x.Status == factorial.TrainingActive {
			tr = x
			break
		}
	}
	tab := browsertest.Start(t, 1280, 800)
	tab.Do(
		chromedp.Navigate(srv.URL+"/login"),
		chromedp.Click(chromedp.CSS(`[data-testid="oauth-start"]`)),
		chromedp.Click(chromedp.CSS(`button[name="persona"][value="`+sandbox.PersonaHRAdmin+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="home-hr"]`)),
	)
	overview := "/trainings/" + tr.ID.String()
	tab.Do(chromedp.Navigate(srv.URL + overview))
	tab.WaitUntilSettled("the overview", `!!document.querySelector('[data-testid="panel-overview"]')`)
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="tab-groups"]`)))
	tab.WaitUntilSettled("the groups tab", `location.pathname.endsWith('/groups') && !!document.querySelector('[data-testid="panel-groups"]')`)

	// Factorial is slow from now on: the overview Back brings back takes a
	// while to come. (The latency only makes a wrong early return visible;
	// nothing here depends on how long anything takes.)
	srv.Sandbox.SetFaults(sandbox.Fault{Method: "GET", Path: "trainings/*", Latency: 2 * time.Second})
	tab.Do(chromedp.NavigateBack())
	tab.WaitUntilSettled("the overview's address", `location.pathname === '`+overview+`'`)
	if browsertest.Eval[bool](tab, `!document.querySelector('[data-testid="panel-overview"]')`) {
		t.Fatal("the page counted as settled while Back was still fetching the view it restores")
	}
}
