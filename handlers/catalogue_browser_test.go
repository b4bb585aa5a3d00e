package handlers_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/browsertest"
)

// The catalogue in Debian's Chromium at desktop size, on the shared harness
// (internal/browsertest): every distinct screen passes axe-core, and the
// browser reports no CSP violation and no script error. It skips without
// Chromium unless AULA_STRICT_TESTS=1.
//
// Waiting: no step has a timeout of its own and nothing sleeps. After each
// action the test waits for the concrete state it expects (URL, element,
// text) together with htmx being settled (no request in flight, no swap
// settling; browsertest.Settled), all bounded only by the tab's overall
// deadline. So a response still on its way cannot replace what the next
// step clicks, and a slow machine makes the test slower, not red.
func TestCatalogueInTheBrowser(t *testing.T) {
	s := apptest.Start(t)
	tab := browsertest.Start(t, 1280, 900)
	open := func(path string) { tab.Do(chromedp.Navigate(s.URL + path)) }
	path := func() string { return browsertest.Eval[string](tab, `location.pathname + location.search`) }
	js := func(expr string) { browsertest.Eval[bool](tab, `(() => { `+expr+`; return true })()`) }
	click := func(css string) { tab.Do(chromedp.Click(chromedp.CSS(css))) }

	// Sign in as HR admin through the sandbox's persona picker.
	open("/auth/start")
	click(`button[name="persona"][value="` + sandbox.PersonaHRAdmin + `"]`)
	tab.WaitUntilSettled("the signed-in home page", q(`[data-testid="user-name"]`)+` !== null`)

	// Filter: a select applies at once; the URL holds the view.
	open("/trainings")
	tab.WaitUntilSettled("the catalogue", q(`[data-testid="catalogue-table"]`)+` !== null`)
	tab.Accessible("catalogue")
	js(q(`#catalogue-external`) + `.value = 'yes'; ` + q(`#catalogue-external`) + `.dispatchEvent(new Event('change', {bubbles: true}))`)
	tab.WaitUntilSettled("the external view in the URL", `location.search === '?external=yes'`)
	tab.WaitUntilSettled("only external rows", `[...document.querySelectorAll('[data-testid="training-row"]')].every(r => r.textContent.includes('External'))`)

	// Search as you type, debounced, then back to the previous view. The
	// text goes in as one input event: typed key by key on a loaded
	// machine, keystrokes more than the 300 ms debounce apart each start a
	// search that pushes its own history entry, and "back" would then
	// land on a half-typed search instead of the view before it.
	tab.InsertText(`#catalogue-q`, "safety")
	tab.WaitUntilSettled("the search in the URL", `location.search === '?external=yes&q=safety'`)
	tab.WaitUntilSettled("matching rows only", `[...document.querySelectorAll('[data-testid="training-name"]')].every(a => a.textContent.toLowerCase().includes('safety'))`)
	tab.Do(chromedp.NavigateBack())
	tab.WaitUntilSettled("the previous view after back", `location.search === '?external=yes' && !!`+q(`[data-testid="nav"]`)+` && !!`+q(`[data-testid="catalogue-table"]`))

	// Create, with a validation error first.
	open("/trainings/new")
	tab.WaitUntilSettled("the new training form", q(`[data-testid="save-training"]`)+` !== null`)
	tab.Accessible("new training form")
	tab.Do(chromedp.SendKeys(chromedp.CSS(`#f-year`), "x"))
	click(`[data-testid="save-training"]`)
	tab.WaitUntilSettled("the field error", q(`[data-testid="error-name"]`)+` !== null`)
	tab.Accessible("training form with errors")
	js(q(`#f-year`) + `.value = '2026'`)
	tab.Do(chromedp.SendKeys(chromedp.CSS(`#f-name`), "Browser <b>course</b>"))
	click(`[data-testid="save-training"]`)
	tab.WaitUntilSettled("the new training's page", q(`[data-testid="training-title"]`)+`?.textContent === 'Browser <b>course</b>'`)
	tab.Accessible("training page")

	// Edit.
	click(`[data-testid="edit-training"]`)
	tab.WaitUntilSettled("the edit form", q(`#f-name`)+` !== null`)
	tab.Accessible("edit training form")
	js(q(`#f-name`) + `.value = 'Browser course'`)
	click(`[data-testid="save-training"]`)
	tab.WaitUntilSettled("the renamed training", q(`[data-testid="training-title"]`)+`?.textContent === 'Browser course'`)

	// Change status, with the notify choice.
	js(q(`#status-new`) + `.value = 'active'`)
	click(`#status-notify`)
	click(`[data-testid="change-status"]`)
	tab.WaitUntilSettled("the active status", q(`[data-testid="training-status"]`)+`?.textContent === 'Active' && `+q(`[data-testid="flash-success"]`)+`?.textContent.includes('notified')`)

	// Enrol two people found by name, through the picker (tab switch by
	// htmx). Settled before ticking: a picker response still on its way
	// would replace the ticked boxes with fresh ones.
	click(`[data-testid="tab-participants"]`)
	tab.WaitUntilSettled("the participants tab", q(`[data-testid="panel-participants"]`)+` !== null && location.pathname.endsWith('/participants')`)
	tab.Do(chromedp.SendKeys(chromedp.CSS(`#picker-q`), "a"))
	tab.WaitUntilSettled("people found", `document.querySelectorAll('[data-testid="picker-select"]').length >= 2`)
	tab.Accessible("participants tab with picker")
	// Real clicks: the first moves focus out of the name box, which must not
	// reload the people found and drop the ticks.
	click(`[data-testid="picker-person"]:nth-child(1) [data-testid="picker-select"]`)
	click(`[data-testid="picker-person"]:nth-child(2) [data-testid="picker-select"]`)
	tab.WaitSettled()
	if n := tab.Count(`[data-testid="picker-select"]:checked`); n != 2 {
		t.Fatalf("after ticking two people, %d are ticked, want 2", n)
	}
	click(`[data-testid="enrol-selected"]`)
	tab.WaitUntilSettled("two participants", `document.querySelectorAll('[data-testid="participant-row"]').length === 2`)

	// Remove one, through the confirmation that names them.
	name := browsertest.Eval[string](tab, q(`[data-testid="participant-name"]`)+`.textContent`)
	click(`[data-testid="select-participant"]`)
	click(`[data-testid="remove-selected"]`)
	tab.WaitUntilSettled("the confirmation", q(`[data-testid="confirm-items"]`)+`?.textContent.includes(`+jsString(name)+`)`)
	tab.Accessible("remove confirmation")
	click(`[data-testid="confirm-button"]`)
	tab.WaitUntilSettled("one participant left", `document.querySelectorAll('[data-testid="participant-row"]').length === 1`)
	if strings.Contains(browsertest.Eval[string](tab, q(`[data-testid="participants-table"]`)+`.textContent`), name) {
		t.Errorf("%s is still listed", name)
	}

	// Bulk hide two trainings found by a search. Ticked with real clicks:
	// the first moves focus out of the search box, which must not reload
	// the rows and drop the ticks.
	open("/trainings?catalog=yes")
	tab.WaitUntilSettled("visible trainings", q(`[data-testid="catalogue-table"]`)+` !== null`)
	tab.InsertText(`#catalogue-q`, "a")
	tab.WaitUntilSettled("visible trainings matching the search", `location.search === '?catalog=yes&q=a' && document.querySelectorAll('[data-testid="select-training"]').length >= 2`)
	first := browsertest.Eval[string](tab, q(`[data-testid="training-name"]`)+`.textContent`)
	click(`[data-testid="training-row"]:nth-child(1) [data-testid="select-training"]`)
	click(`[data-testid="training-row"]:nth-child(2) [data-testid="select-training"]`)
	tab.WaitSettled()
	if n := tab.Count(`[data-testid="select-training"]:checked`); n != 2 {
		t.Fatalf("after ticking two rows below a search, %d are ticked, want 2", n)
	}
	click(`[data-testid="bulk-hide"]`)
	tab.WaitUntilSettled("the bulk result", q(`[data-testid="flash-success"]`)+`?.textContent.includes('hidden from')`)
	if got := path(); got != "/trainings?catalog=yes&q=a" {
		t.Errorf("after the bulk action the view is %s", got)
	}
	if strings.Contains(browsertest.Eval[string](tab, q(`[data-testid="catalogue-table"]`)+`?.textContent ?? ''`), first) {
		t.Errorf("%q still listed as visible", first)
	}
	tab.Accessible("catalogue after a bulk action")

	tab.NoCSPViolations()
	for _, m := range tab.Messages() {
		if m.IsException() {
			t.Errorf("script error: %s", m.Text)
		}
	}
}
