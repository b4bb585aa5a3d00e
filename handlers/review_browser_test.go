package handlers_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/browsertest"
	"github.com/aula-hr/aula/internal/paths"
	"github.com/aula-hr/aula/internal/training"
)

// A manager, on a desktop and on a tablet, opens the team overview from
// the home page, widens the expiry window, drills into one person and then
// into a training, and exports a list as CSV; every screen passes
// axe-core and keeps to the strict CSP.
func TestManagerReviewsTheirTeamInABrowser(t *testing.T) {
	s := apptest.Start(t)
	st := s.Sandbox.Snapshot()
	mine := map[factorial.ID]bool{}
	for _, e := range training.Reports(st.Employees, st.Personas[sandbox.PersonaManager]) {
		mine[e.ID] = true
	}
	rc := findRenewalAmong(t, s.Sandbox, mine)
	for _, size := range [][2]int{{1280, 900}, {768, 1024}} {
		tab := browsertest.Start(t, size[0], size[1])
		signInBrowser(t, tab, s, sandbox.PersonaManager)
		tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="team-overview-link"]`)))
		tab.WaitUntilSettled("the team overview", q(`[data-testid="team-title"]`)+` !== null`)
		tab.Accessible("team overview")

		// Filter: 90 days ahead, in the address.
		tab.Do(chromedp.SetValue(chromedp.CSS(`#f-window`), "90"), chromedp.Click(chromedp.CSS(`[data-testid="filter-apply"]`)))
		tab.WaitUntilSettled("the overview for 90 days", `location.search.includes('window=90')`)
		if got := tab.Text(`[data-testid="list-expiring"] h2`); !strings.Contains(got, "90 days") {
			t.Errorf("the expiring list says %q after choosing 90 days", got)
		}

		// Drill into a person: the overview of that one person.
		name := strings.TrimSpace(tab.Text(`[data-testid="matrix-person"]`))
		tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="matrix-person"]`)))
		tab.WaitUntilSettled("one person's overview", `location.search.includes('employee=')`)
		if got := strings.TrimSpace(tab.Text(`[data-testid="team-title"]`)); got != name {
			t.Errorf("the person's page is titled %q, want %q", got, name)
		}
		if n := tab.Count(`[data-testid="matrix-row"]`); n != 1 {
			t.Errorf("the person's matrix has %d rows", n)
		}
		tab.Accessible("one person's overview")

		// Drill into a training of theirs.
		tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="matrix-training"] a`)))
		tab.WaitUntilSettled("a training's completion", q(`[data-testid="training-completion-title"]`)+` !== null`)
		tab.Accessible("a training's completion")
		tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="back-to-team"]`)))
		tab.WaitUntilSettled("back on the overview", q(`[data-testid="team-title"]`)+` !== null`)

		// Export the overdue list: the link carries the filters, and the
		// file is the list.
		href := browsertest.Eval[string](tab, q(`[data-testid="export-overdue"]`)+`.getAttribute('href')`)
		if !strings.HasPrefix(href, paths.TeamCSV+"?") || !strings.Contains(href, "window=90") || !strings.Contains(href, "list=overdue") {
			t.Errorf("the export link %q does not follow the filters", href)
		}
		csv, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[string](`fetch(`+q(`[data-testid="export-overdue"]`)+`.href).then(r => r.text())`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(strings.TrimPrefix(csv, "\ufeff"), "Person,Email,Training") {
			t.Errorf("the overdue CSV starts %q", csv[:min(len(csv), 60)])
		}

		// Plan a renewal: from the expiring list, a request to HR naming
		// the people due (Factorial lets only HR enrol them).
		tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="plan-renewals"][href*="training=` + rc.training.String() + `&"]`)))
		tab.WaitUntilSettled("the renewals to plan", q(`[data-testid="renewal-request"]`)+` !== null`)
		if n := tab.Count(`[data-testid="renewal-person"]`); n != len(rc.due) {
			t.Errorf("%d people due listed, want %d", n, len(rc.due))
		}
		if href := browsertest.Eval[string](tab, q(`[data-testid="renewal-request"]`)+`.getAttribute('href')`); !strings.HasPrefix(href, "mailto:?") {
			t.Errorf("the request to HR is %q", href)
		}
		tab.Accessible("the renewals a manager plans")
		tab.NoCSPViolations()
	}
}

// HR plans the renewals of a training from the expiring list: the people
// due are ticked, the confirmation names them, and the overview says who
// was invited.
func TestHRPlansRenewalsInABrowser(t *testing.T) {
	s := apptest.Start(t)
	rc := findRenewal(t, s.Sandbox)
	tab := browsertest.Start(t, 768, 1024)
	signInBrowser(t, tab, s, sandbox.PersonaHRAdmin)
	tab.Do(chromedp.Navigate(s.URL + paths.TeamRenewalsFor(paths.TeamFilter{Window: 90}, rc.training)))
	tab.WaitUntilSettled("the renewals", q(`[data-testid="renewals-form"]`)+` !== null`)
	tab.Accessible("renewals")
	if n := tab.Count(`[data-testid="renewal-person"]:checked`); n != len(rc.due) {
		t.Fatalf("%d people ticked, want %d", n, len(rc.due))
	}
	tab.Do(chromedp.SetValue(chromedp.CSS(`#renewal-group`), string(rc.group)), chromedp.Click(chromedp.CSS(`[data-testid="renewals-submit"]`)))
	tab.WaitUntilSettled("the confirmation", q(`[data-testid="confirm"]`)+` !== null`)
	tab.Accessible("renewals confirmation")
	named := tab.Text(`[data-testid="confirm-items"]`)
	for n := range rc.due {
		if !strings.Contains(named, n) {
			t.Errorf("the confirmation does not name %s", n)
		}
	}
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="confirm-button"]`)))
	tab.WaitUntilSettled("the overview after the renewals", q(`[data-testid="team-title"]`)+` !== null`)
	if flash := tab.Text(`#flash`); !strings.Contains(flash, "invited to the 2 sessions") {
		t.Errorf("the overview says %q", flash)
	}
	tab.NoCSPViolations()
}
