package handlers_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/browsertest"
)

// What a new user tripped over (issue 10), checked at a laptop's and a
// tablet's size.
var newUserSizes = []struct{ w, h int }{{1366, 768}, {768, 1024}}

func forEachSize(t *testing.T, f func(t *testing.T, w, h int)) {
	for _, sz := range newUserSizes {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) { f(t, sz.w, sz.h) })
	}
}

// brokenPhrasesJS lists the elements matching sel whose visible text runs
// over more than one line (text for screen readers only aside).
const brokenPhrasesJS = `(sel => [...document.querySelectorAll(sel)].filter(e => {
	const tops = new Set(), w = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
	for (let n = w.nextNode(); n; n = w.nextNode()) {
		if (n.parentElement.closest('.visually-hidden')) continue;
		const r = document.createRange(); r.selectNodeContents(n);
		for (const x of r.getClientRects()) if (x.width > 0) tops.add(Math.round(x.top));
	}
	return tops.size > 1;
}).map(e => e.textContent.trim()))`

func brokenPhrases(tab *browsertest.Tab, sel string) []string {
	return browsertest.Eval[[]string](tab, brokenPhrasesJS+`(`+jsString(sel)+`)`)
}

// Point 3: no home page is a dead end. A count leads to the catalogue
// filtered so, a session to its row on the training's sessions tab, an
// overdue row to the training's participants filtered to that person, the
// manager's card to the full overdue list, an own training to its page;
// times and places on the home page do not break inside.
func TestHomePagesLeadWhereThePersonActs(t *testing.T) {
	srv := apptest.Start(t, apptest.WithLogLevel(8))
	forEachSize(t, func(t *testing.T, w, h int) {
		click := func(tab *browsertest.Tab, sel string) {
			t.Helper()
			tab.Do(chromedp.ScrollIntoView(chromedp.CSS(sel)), chromedp.Click(chromedp.CSS(sel)))
		}
		home := func(tab *browsertest.Tab) {
			tab.Do(chromedp.Navigate(srv.URL + "/"))
			tab.WaitUntilSettled("the home page", q(`[data-testid="home-title"]`)+` !== null`)
		}

		tab := browsertest.Start(t, w, h)
		signInBrowser(t, tab, srv, sandbox.PersonaHRAdmin)
		home(tab)
		if n := tab.Count(`[data-testid="session-when"]`); n == 0 {
			t.Error("HR's home page shows no session times")
		}
		for _, b := range brokenPhrases(tab, `[data-testid="session-when"], [data-testid="session-where"]`) {
			t.Errorf("a session's time or place breaks across lines: %q", b)
		}
		click(tab, `[data-testid="count-draft"] [data-testid="count-link"]`)
		tab.WaitUntilSettled("the draft trainings", `location.pathname === '/trainings' && location.search === '?status=draft' && `+q(`[data-testid="catalogue-title"]`)+` !== null`)
		home(tab)
		click(tab, `[data-testid="upcoming-sessions"] [data-testid="session-link"]`)
		tab.WaitUntilSettled("the session on its training's sessions tab", `location.pathname.endsWith('/sessions') && `+q(`tr:target`)+` !== null`)
		if !browsertest.Eval[bool](tab, `(() => { const r = `+q(`tr:target`)+`.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight })()`) {
			t.Error("the session's row is not in view")
		}

		tab = browsertest.Start(t, w, h)
		signInBrowser(t, tab, srv, sandbox.PersonaManager)
		home(tab)
		person := tab.Text(`[data-testid="overdue-row"] [data-testid="overdue-person"]`)
		if tab.Count(`[data-testid="overdue-row"]:first-child [data-testid="mandatory"]`) != 1 {
			t.Error("the manager's first overdue training is not labelled mandatory")
		}
		click(tab, `[data-testid="overdue-link"]`)
		tab.WaitUntilSettled("the training's participants", `location.pathname.endsWith('/participants') && `+q(`[data-testid="training-title"]`)+` !== null`)
		if got := browsertest.Eval[string](tab, `new URLSearchParams(location.search).get('q') + '|' + new URLSearchParams(location.search).get('state')`); got != person+"|overdue" {
			t.Errorf("the overdue row leads to the participants filtered by %q, want %q", got, person+"|overdue")
		}
		home(tab)
		click(tab, `[data-testid="all-overdue"]`)
		tab.WaitUntilSettled("the overdue list", q(`[data-testid="overdue-title"]`)+` !== null`)
		if n := tab.Count(`[data-testid="overdue-row"]`); n <= 10 {
			t.Errorf("the full list has %d rows, no more than the card", n)
		}
		if tab.Count(`[data-testid="overdue-row"] [data-testid="you"]`) == 0 {
			t.Error("the manager's own overdue trainings are not marked You")
		}

		tab = browsertest.Start(t, w, h)
		signInBrowser(t, tab, srv, sandbox.PersonaEmployee)
		home(tab)
		click(tab, `[data-testid="membership-link"]`)
		tab.WaitUntilSettled("an own training's page", `/^\/trainings\/\d+$/.test(location.pathname) && `+q(`[data-testid="training-title"]`)+` !== null`)
	})
}

// Point 8: trainers, managers and employees find the catalogue in their
// navigation and read a training without the tabs that would be empty for
// them (costs) and without edit controls.
func TestEveryRoleFindsTheCatalogue(t *testing.T) {
	srv := apptest.Start(t, apptest.WithLogLevel(8))
	forEachSize(t, func(t *testing.T, w, h int) {
		for _, persona := range []string{sandbox.PersonaTrainer, sandbox.PersonaManager, sandbox.PersonaEmployee} {
			tab := browsertest.Start(t, w, h)
			signInBrowser(t, tab, srv, persona)
			tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="nav-trainings"]`)))
			tab.WaitUntilSettled(persona+"'s catalogue", q(`[data-testid="training-name"]`)+` !== null`)
			tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="training-name"]`)))
			tab.WaitUntilSettled(persona+"'s training page", q(`[data-testid="training-tabs"]`)+` !== null`)
			tabs := browsertest.Eval[[]string](tab, `[...document.querySelectorAll('[data-testid="training-tabs"] a')].map(a => a.dataset.testid)`)
			if strings.Join(tabs, " ") != "tab-overview tab-groups tab-sessions tab-participants" {
				t.Errorf("%s: tabs %v, want no costs tab", persona, tabs)
			}
			if tab.Count(`[data-testid="edit-training"], [data-testid="status-form"], [data-testid="delete-training"]`) != 0 {
				t.Errorf("%s: edit controls on a read-only training page", persona)
			}
			if tab.Count(`[data-testid="nav-trainings"][aria-current="page"]`) != 1 {
				t.Errorf("%s: the catalogue is not marked as where they are", persona)
			}
		}
	})
}

// Point 7 (in part): the filter buttons keep their words on one line, a
// long category name leaves its Delete button whole, dates on the home
// page are written one way per context, the 404 page says it once, and the
// persona picker speaks to the person trying the demo.
func TestWordingAndLayoutANewUserReads(t *testing.T) {
	st := sandbox.New(sandbox.WithSeed(1)).Snapshot()
	long := strings.TrimSpace(strings.Repeat("Prevención de riesgos laborales ", 10))[:299] + "X"
	st.Categories = append(st.Categories, factorial.TrainingCategory{ID: 900002, Name: long, CompanyID: st.CompanyID})
	srv := apptest.Start(t, apptest.WithLogLevel(8), apptest.WithSandboxOptions(sandbox.WithState(st)))
	forEachSize(t, func(t *testing.T, w, h int) {
		tab := browsertest.Start(t, w, h)
		tab.Do(chromedp.Navigate(srv.URL + "/auth/start"))
		tab.WaitUntilSettled("the persona picker", q(`button[name="persona"]`)+` !== null`)
		if text := tab.Text(`main`); strings.Contains(text, "will act as") || strings.Contains(text, "aula-demo") {
			t.Errorf("the persona picker speaks to developers: %q", text)
		}
		for _, d := range browsertest.Eval[[]string](tab, `[...document.querySelectorAll('button[name="persona"] .desc')].map(e => e.textContent)`) {
			if !strings.HasPrefix(d, "You ") {
				t.Errorf("a persona's description does not say what the visitor can do: %q", d)
			}
		}
		tab.Do(chromedp.Click(chromedp.CSS(`button[name="persona"][value="` + sandbox.PersonaHRAdmin + `"]`)))
		tab.WaitUntilSettled("the home page", q(`[data-testid="home-title"]`)+` !== null`)
		if d := tab.Text(`.page-head p`); !regexp.MustCompile(`^[A-Z][a-z]+day, \d{1,2} [A-Z][a-z]+ \d{4}$`).MatchString(d) {
			t.Errorf("today is written %q, want the long date", d)
		}
		upcoming := regexp.MustCompile(`^\d{1,2} [A-Z][a-z]{2}, \d\d:\d\d(–\d\d:\d\d)?$`)
		for _, s := range browsertest.Eval[[]string](tab, `[...document.querySelectorAll('[data-testid="upcoming-sessions"] [data-testid="session-when"]')].map(e => e.textContent)`) {
			if !upcoming.MatchString(s) {
				t.Errorf("an upcoming session's time is written %q, want like 4 Dec, 09:30–11:00", s)
			}
		}

		tab.Do(chromedp.Navigate(srv.URL + "/trainings"))
		tab.WaitUntilSettled("the catalogue", q(`[data-testid="apply-filters"]`)+` !== null`)
		for _, b := range brokenPhrases(tab, `[data-testid="apply-filters"], [data-testid="clear-filters"]`) {
			t.Errorf("the button %q wraps inside itself", b)
		}

		tab.Do(chromedp.Navigate(srv.URL + "/trainings/categories"))
		tab.WaitUntilSettled("the categories", q(`[data-testid="category"][data-id="900002"]`)+` !== null`)
		del := `[data-testid="category"][data-id="900002"] [data-testid="delete-category"]`
		for _, b := range brokenPhrases(tab, del) {
			t.Errorf("next to a long name the Delete button wraps: %q", b)
		}
		if got := browsertest.Eval[[]int](tab, `(() => { const b = `+q(del)+`, li = b.closest('li'); return [b.scrollWidth - b.clientWidth, Math.round(b.getBoundingClientRect().right - li.getBoundingClientRect().right), document.documentElement.scrollWidth] })()`); got[0] > 0 || got[1] > 1 || got[2] > w {
			t.Errorf("next to a long name the Delete button is squashed or pushed out: overflow %d px, past its row %d px, page %d px wide", got[0], got[1], got[2])
		}

		tab.Do(chromedp.Navigate(srv.URL + "/no/such/page"))
		tab.WaitUntilSettled("the 404 page", q(`[data-testid="error-page"]`)+` !== null`)
		if n := strings.Count(tab.Text(`main`), "Page not found"); n != 1 {
			t.Errorf("the 404 page says %q %d times", "Page not found", n)
		}
	})
}
