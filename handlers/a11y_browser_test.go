package handlers_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/browsertest"
)

// a11yScreen is one screen a person reaches, as they reach it.
type a11yScreen struct {
	name string
	path string // opened first, when set
	// act, when set, then gets to the screen: a form sent with an error,
	// an htmx fragment swapped in.
	act   func(t *testing.T, tab *browsertest.Tab)
	ready string // a JavaScript condition that holds once the screen is shown
	// focus, when set, is a CSS selector of the element that must hold the
	// keyboard focus once the screen is shown (the error summary of a form
	// sent with errors), so a keyboard or screen reader user starts there.
	focus string
}

// Every screen of every persona, at the tablet size of 768×1024, passes
// the checks axe-core cannot make on its own as well as axe-core itself:
// each control can be reached with the Tab key and shows a focus outline
// of at least 3:1 against what surrounds it (WCAG 2.4.7, 1.4.11); a page
// has one h1, a title of its own and no id twice; the content reflows at
// 320 CSS px and with the text at 200 % (WCAG 1.4.10, 1.4.4: only data
// tables may need sideways scrolling); touch targets are at least 44×44 px,
// nothing is wider than the tablet and no text overlaps; and a page that
// comes back with an error opens with the focus on it.
func TestEveryScreenIsAccessibleOnATablet(t *testing.T) {
	srv := apptest.Start(t, apptest.WithLogLevel(8))
	f := fixtureOf(t, srv.Sandbox.Snapshot())
	tr := "/trainings/" + f.training.ID.String()
	sess, _ := sheetSessionAt(t, srv, 3, time.Now().UTC().Truncate(24*time.Hour).Add(10*time.Hour)) // 10:00 UTC: the same day in Madrid
	sheet := "/sessions/" + sess.ID.String() + "/attendance"
	sessPage := "/sessions/" + sess.ID.String()
	grp := tr + "/groups/" + string(f.class.ID)
	submit := func(form string) func(*testing.T, *browsertest.Tab) {
		return func(_ *testing.T, tab *browsertest.Tab) {
			tab.Do(chromedp.Click(chromedp.CSS(form + ` button[type="submit"]`)))
		}
	}
	fault := func(fl sandbox.Fault) func(*testing.T, *browsertest.Tab) {
		return func(*testing.T, *browsertest.Tab) { srv.Sandbox.SetFaults(fl) } // until visitScreen is done
	}
	shown := func(sel string) string { return q(sel) + ` !== null` }
	common := []a11yScreen{
		{name: "home", path: "/", ready: shown(`[data-testid="home-title"]`)},
		{name: "catalogue", path: "/trainings", ready: shown(`[data-testid="catalogue-title"]`)},
		{name: "training", path: "/trainings", ready: shown(`[data-testid="training-title"]`),
			act: func(_ *testing.T, tab *browsertest.Tab) {
				tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="training-name"]`)))
			}},
		{name: "page not found", path: "/no/such/page", ready: shown(`[data-testid="error-page"]`)},
		{name: "calendar month", path: "/calendar", ready: shown(`[data-testid="calendar-month"]`)},
		{name: "calendar agenda", path: "/calendar?view=agenda", ready: shown(`[data-testid="calendar-period"][data-view="agenda"]`)},
		{name: "calendar week", path: "/calendar?view=week", ready: shown(`[data-testid="calendar-week"]`)},
		{name: "calendar filtered by modality", path: "/calendar?modality=online&view=week",
			ready: shown(`[data-testid="calendar-week"]`) + ` && ` + q(`#cal-modality`) + `.value === 'online'`},
	}
	personas := map[string][]a11yScreen{
		sandbox.PersonaHRAdmin: {
			{name: "catalogue without results", path: "/trainings?q=zzzzzzzz", ready: shown(`[data-testid="empty-clear"]`)},
			{name: "catalogue with Factorial failing on a filter", path: "/trainings", ready: shown(`#flash [data-testid="problem"]`),
				act: func(t *testing.T, tab *browsertest.Tab) {
					tab.WaitSettled()
					fault(sandbox.Fault{Path: "trainings/*", Status: 500})(t, tab)
					browsertest.Eval[bool](tab, `(() => { const s = `+q(`#catalogue-external`)+`; s.value = 'yes'; return s.dispatchEvent(new Event('change', {bubbles: true})) })()`)
				}},
			{name: "training overview", path: tr, ready: shown(`[data-testid="panel-overview"]`)},
			{name: "training groups", path: tr + "/groups", ready: shown(`[data-testid="panel-groups"]`)},
			{name: "training sessions", path: tr + "/sessions", ready: shown(`[data-testid="panel-sessions"]`)},
			{name: "training costs", path: tr + "/costs", ready: shown(`[data-testid="panel-costs"]`)},
			{name: "training participants with people found", path: tr + "/participants", ready: shown(`[data-testid="picker-person"]`),
				act: func(_ *testing.T, tab *browsertest.Tab) {
					tab.Do(chromedp.Evaluate[chromedp.Void](q(`[data-testid="enrol-picker"]`) + `.open = true`))
					tab.InsertText(`#picker-q`, "a")
					tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="picker-find"]`)))
				}},
			// The refused date is far down the list: the page opens on it.
			{name: "training participants with a completion date refused", path: tr + "/participants", ready: shown(`[data-testid="error-completed_at"]`),
				act: func(_ *testing.T, tab *browsertest.Tab) {
					tab.Do(chromedp.Evaluate[chromedp.Void](`(() => { const f = [...document.querySelectorAll('[data-testid="completion-form"]')].at(-1);
						f.querySelector('input[type="date"]').value = '2099-01-01'; f.querySelector('[data-testid="save-completion"]').click() })()`))
				}, focus: `[data-testid="completion-form"] input[aria-invalid="true"]`},
			{name: "training participants filtered by status", path: tr + "/participants?state=not-started", ready: shown(`[data-testid="participants-found"]`)},
			{name: "one completion date for the ticked, refused", path: tr + "/participants", ready: shown(`[data-testid="error-bulk-completed_at"]`),
				act: func(_ *testing.T, tab *browsertest.Tab) {
					tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="select-participant"]`)), chromedp.Click(chromedp.CSS(`[data-testid="bulk-completion"]`)))
				}, focus: `#bulk-done`},
			{name: "status Deleted asks first", path: tr, ready: shown(`[data-testid="confirm"]`),
				act: func(_ *testing.T, tab *browsertest.Tab) {
					setSelect(tab, `#status-new`, "deleted")
					tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="change-status"]`)))
				}},
			{name: "new training", path: "/trainings/new", ready: shown(`[data-testid="training-form"]`)},
			{name: "new training sent empty", path: "/trainings/new", ready: shown(`[data-testid="form-errors"]`),
				act: submit(`[data-testid="training-form"]`), focus: `[data-testid="form-errors"]`},
			{name: "edit training", path: tr + "/edit", ready: shown(`[data-testid="training-form"]`)},
			{name: "new group sent empty", path: tr + "/groups/new", ready: shown(`[data-testid="form-errors"]`),
				act: submit(`[data-testid="group-form"]`), focus: `[data-testid="form-errors"]`},
			// A write Factorial refuses: the page opens on what happened.
			{name: "edit training with Factorial failing", path: tr + "/edit", ready: shown(`[data-testid="problem"]`),
				act: func(t *testing.T, tab *browsertest.Tab) {
					fault(sandbox.Fault{Method: "PUT", Path: "trainings/trainings/*", Status: 500})(t, tab)
					submit(`[data-testid="training-form"]`)(t, tab)
				}, focus: `[data-testid="problem"]`},
			{name: "catalogue with a bulk change failing", path: "/trainings", ready: shown(`[data-testid="problem"]`),
				act: func(t *testing.T, tab *browsertest.Tab) {
					fault(sandbox.Fault{Method: "POST", Path: "trainings/trainings/bulk_update_catalog", Status: 500})(t, tab)
					tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="select-training"]`)), chromedp.Click(chromedp.CSS(`[data-testid="bulk-hide"]`)))
				}, focus: `[data-testid="problem"]`},
			{name: "edit group", path: grp + "/edit", ready: shown(`[data-testid="group-form"]`)},
			{name: "categories", path: "/trainings/categories", ready: shown(`[data-testid="category-form"]`)},
			{name: "new category sent empty", path: "/trainings/categories", ready: shown(`[data-testid="error-name"]`),
				act: submit(`[data-testid="category-form"]`), focus: `#f-name`},
			{name: "delete training", path: tr + "/delete", ready: shown(`[data-testid="confirm"]`)},
			{name: "delete group", path: grp + "/delete", ready: shown(`[data-testid="confirm"]`)},
			{name: "delete category", path: "/trainings/categories/" + f.category.ID.String() + "/delete", ready: shown(`[data-testid="confirm"]`)},
			{name: "everyone's overdue trainings", path: "/team/overdue", ready: shown(`[data-testid="overdue-title"]`)},
			{name: "session page", path: sessPage, ready: shown(`[data-testid="session-people"]`)},
			{name: "session page with people found to invite", path: sessPage + "?q=a", ready: shown(`[data-testid="invite-person"]`)},
			{name: "session page with people found as one types", path: sessPage, ready: shown(`#invite-results [data-testid="invite-person"]`),
				act: func(_ *testing.T, tab *browsertest.Tab) { tab.InsertText(`#invite-q`, "a") }},
			// Factorial fails the invitation before storing it: the page
			// opens on what happened, the people ticked still ticked.
			{name: "session page with Factorial failing on an invite", path: sessPage + "?q=a",
				ready: shown(`[data-testid="problem"]`) + ` && ` + q(`[data-testid="problem"]`) + `.textContent.includes('Nothing was saved') && ` + shown(`#invite-results [data-testid="invite-select"]:checked`),
				act: func(t *testing.T, tab *browsertest.Tab) {
					tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="invite-select"]`)))
					fault(sandbox.Fault{Method: "POST", Path: "trainings/session_access_memberships/bulk_create", Status: 500})(t, tab)
					tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="invite"]`)))
					tab.WaitUntilSettled("the invitation's answer", shown(`[data-testid="problem"]`)+` || `+shown(`[data-testid="invite-anyway"]`))
					if tab.Count(`[data-testid="invite-anyway"]`) > 0 { // the person found is busy then: a warning first
						tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="invite-anyway"]`)))
					}
				}, focus: `[data-testid="problem"]`},
			{name: "schedule a session", path: grp + "/sessions/new", ready: shown(`[data-testid="session-form"]`)},
			{name: "schedule a session sent with errors", path: grp + "/sessions/new", ready: shown(`[data-testid="form-errors"]`),
				act: func(t *testing.T, tab *browsertest.Tab) {
					setValue(tab, `#f-name`, "")
					submit(`[data-testid="session-form"]`)(t, tab)
				}, focus: `[data-testid="form-errors"]`},
			{name: "schedule a session with a clash", path: grp + "/sessions/new", ready: shown(`[data-testid="clashes"]`),
				act: func(t *testing.T, tab *browsertest.Tab) {
					at := sess.StartsAt.In(madrid)
					setValue(tab, `#f-date`, at.Format("2006-01-02"))
					setValue(tab, `#f-start`, at.Format("15:04"))
					setValue(tab, `#f-end`, at.Add(time.Hour).Format("15:04"))
					setValue(tab, `#f-location`, "Room 4")
					submit(`[data-testid="session-form"]`)(t, tab)
				}, focus: `[data-testid="clashes"]`},
			{name: "schedule a session with Factorial failing on the create", path: grp + "/sessions/new", ready: shown(`[data-testid="problem"]`),
				act: func(t *testing.T, tab *browsertest.Tab) {
					day := time.Now().In(madrid).AddDate(0, 5, 0)
					setValue(tab, `#f-date`, day.Format("2006-01-02"))
					setValue(tab, `#f-start`, "09:00")
					setValue(tab, `#f-end`, "10:00")
					setValue(tab, `#f-location`, "Room nobody uses")
					fault(sandbox.Fault{Method: "POST", Path: "trainings/sessions", Status: 500})(t, tab)
					submit(`[data-testid="session-form"]`)(t, tab)
				}, focus: `[data-testid="problem"]`},
			{name: "edit session", path: sessPage + "/edit", ready: shown(`[data-testid="session-form"]`)},
			{name: "delete session", path: sessPage + "/delete", ready: shown(`[data-testid="confirm"]`)},
			{name: "the company's team overview", path: "/team", ready: shown(`[data-testid="team-charts"]`)},
			{name: "a training's completion", path: "/team/trainings/" + f.training.ID.String(), ready: shown(`[data-testid="training-completion-title"]`)},
			{name: "the renewals of a training", path: "/team/renewals?window=90&training=" + f.training.ID.String(), ready: shown(`[data-testid="renewals-title"]`)},
			{name: "calendar filtered by training", path: "/calendar?view=agenda",
				ready: `new URLSearchParams(location.search).get('training') === ` + q(`#cal-training`) + `.value && ` + q(`#cal-training`) + `.value !== ''`,
				act: func(_ *testing.T, tab *browsertest.Tab) {
					browsertest.Eval[bool](tab, `(() => { const s = `+q(`#cal-training`)+`; s.value = s.options[1].value; return s.dispatchEvent(new Event('change', {bubbles: true})) })()`)
				}},
			{name: "calendar with Factorial failing", path: "/calendar", ready: shown(`[data-testid="retry"]`),
				act: func(t *testing.T, tab *browsertest.Tab) {
					fault(sandbox.Fault{Path: "trainings/sessions*", Status: 500})(t, tab)
					tab.Do(chromedp.Reload())
				}},
			{name: "calendar moved with Factorial failing", path: "/calendar?view=week", ready: shown(`#flash [data-testid="problem"]`),
				act: func(t *testing.T, tab *browsertest.Tab) {
					fault(sandbox.Fault{Path: "trainings/sessions*", Status: 500})(t, tab)
					tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="calendar-next"]`)))
				}},
			{name: "Factorial failing", path: "/", ready: shown(`[data-testid="retry"]`),
				act: func(t *testing.T, tab *browsertest.Tab) {
					fault(sandbox.Fault{Path: "trainings/*", Status: 500})(t, tab)
					tab.Do(chromedp.Reload())
				}},
		},
		sandbox.PersonaTrainer: {{name: "not permitted", path: "/trainings/new", ready: shown(`[data-testid="error-page"]`)},
			{name: "today's sessions to mark", path: "/attendance", ready: shown(`[data-testid="today-title"]`)},
			{name: "attendance sheet", path: sheet, ready: shown(`[data-testid="sheet-row"]`)},
			{name: "session page", path: sessPage, ready: shown(`[data-testid="open-sheet"]`)},
			{name: "attendance sheet with hours refused", path: sheet, ready: shown(`[data-testid="row-hours-input"][aria-invalid="true"]`),
				act: func(_ *testing.T, tab *browsertest.Tab) {
					tab.Do(chromedp.Evaluate[chromedp.Void](`(() => { const r = document.querySelector('[data-testid="sheet-row"]'); r.querySelector('[data-testid="row-more"]').click();
						r.querySelector('[data-testid="row-hours-input"]').value = '99'; r.querySelector('[data-testid="save-hours"]').click() })()`))
				}},
			{name: "paper sign-in sheet", path: sheet + "/print", ready: shown(`[data-testid="signin-table"]`)},
			{name: "mark all unmarked, without scripts", path: sheet + "/mark-all", ready: shown(`[data-testid="confirm"]`)},
			{name: "attendance sheet, a mark Factorial failed", path: sheet, ready: shown(`[data-testid="row-sync"][data-state="waiting"]`),
				act: func(t *testing.T, tab *browsertest.Tab) {
					fault(sandbox.Fault{Method: "POST", Path: "trainings/session_attendances/bulk_update", Status: 500})(t, tab)
					tab.Do(chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="sheet-row"] [data-testid="mark-attended"]').click()`))
				}},
		},
		sandbox.PersonaManager: {{name: "not permitted", path: tr + "/edit", ready: shown(`[data-testid="error-page"]`)},
			{name: "the overdue trainings of their people", path: "/team/overdue", ready: shown(`[data-testid="overdue-title"]`)},
			{name: "the second page of them", path: "/team/overdue?page=2", ready: shown(`[data-testid="page-previous"]`)},
			{name: "their team overview", path: "/team?window=90", ready: shown(`[data-testid="team-charts"]`)},
			{name: "the renewals they plan", path: "/team/renewals?window=90&training=" + f.training.ID.String(), ready: shown(`[data-testid="renewals-title"]`)},
			{name: "one person of their team", path: "/team", ready: shown(`[data-testid="team-title"]`) + ` && location.search.includes('employee=')`,
				act: func(_ *testing.T, tab *browsertest.Tab) {
					tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="matrix-person"]`)))
				}},
			{name: "the overdue list, Factorial failing", path: "/team/overdue", ready: shown(`[data-testid="retry"]`),
				act: func(t *testing.T, tab *browsertest.Tab) {
					fault(sandbox.Fault{Path: "trainings/*", Status: 500})(t, tab)
					tab.Do(chromedp.Reload())
				}}},
		sandbox.PersonaEmployee: {{name: "not permitted", path: "/trainings/categories/" + f.category.ID.String() + "/delete", ready: shown(`[data-testid="error-page"]`)}},
	}

	t.Run("signed out", func(t *testing.T) {
		tab := browsertest.Start(t, 768, 1024)
		for _, s := range []a11yScreen{
			{name: "sign-in", path: "/login", ready: shown(`[data-testid="oauth-start"]`)},
			{name: "sign-in with a refused token", path: "/login", ready: shown(`[data-testid="token-error"]`), focus: `#token`,
				act: func(_ *testing.T, tab *browsertest.Tab) {
					tab.InsertText(`#token`, "not a token")
					tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="token-submit"]`)))
				}},
			{name: "the sandbox's persona picker", path: "/auth/start", ready: shown(`button[name="persona"]`)},
		} {
			visitScreen(t, tab, srv, s)
		}
		noScriptTrouble(t, tab)
	})
	for _, persona := range []string{sandbox.PersonaHRAdmin, sandbox.PersonaTrainer, sandbox.PersonaManager, sandbox.PersonaEmployee} {
		// A fresh tab for every few screens keeps each within the tab's
		// deadline.
		screens := append(append([]a11yScreen(nil), common...), personas[persona]...)
		for part := range slices.Chunk(screens, 5) {
			t.Run(persona+"/"+part[0].name, func(t *testing.T) {
				tab := browsertest.Start(t, 768, 1024)
				signInBrowser(t, tab, srv, persona)
				for _, s := range part {
					visitScreen(t, tab, srv, s)
				}
				noScriptTrouble(t, tab)
			})
		}
	}
}

// noScriptTrouble fails the test on a CSP violation or a script error.
func noScriptTrouble(t *testing.T, tab *browsertest.Tab) {
	t.Helper()
	tab.NoCSPViolations()
	for _, m := range tab.Messages() {
		if m.IsException() {
			t.Errorf("script error: %s", m.Text)
		}
	}
}

// visitScreen opens the screen s and checks it.
func visitScreen(t *testing.T, tab *browsertest.Tab, srv *apptest.Server, s a11yScreen) {
	t.Helper()
	defer srv.Sandbox.SetFaults()
	if s.path != "" {
		tab.Do(chromedp.Navigate(srv.URL + s.path))
	}
	if s.act != nil {
		tab.WaitSettled()
		s.act(t, tab)
	}
	tab.WaitUntilSettled(s.name, s.ready)
	if s.focus != "" {
		if !browsertest.Eval[bool](tab, `document.activeElement === `+q(s.focus)) {
			t.Errorf("%s: the focus is on %s, want it on %s", s.name, browsertest.Eval[string](tab, focusedJS), s.focus)
		}
	}
	checkTabletScreen(t, tab, s.name)
	checkKeyboard(t, tab, s.name)
	checkReflow(t, tab, s.name)
	// An id twice: a label, aria-describedby or htmx's out-of-band swap
	// finds the wrong element.
	for _, id := range browsertest.Eval[[]string](tab, `(() => { const seen = new Set(), out = []; for (const e of document.querySelectorAll('[id]')) { if (seen.has(e.id)) out.push(e.id); seen.add(e.id) } return out })()`) {
		t.Errorf("%s: the id %q is used twice", s.name, id)
	}
	if n := tab.Count("h1"); n != 1 {
		t.Errorf("%s: %d h1 headings, want 1", s.name, n)
	}
	if title := browsertest.Eval[string](tab, `document.title`); !strings.Contains(title, " · ") && !strings.Contains(title, "sandbox") {
		t.Errorf("%s: the title %q does not name the page", s.name, title)
	}
}

// checkTabletScreen runs axe-core and measures touch targets and width at
// 768 px.
func checkTabletScreen(t *testing.T, tab *browsertest.Tab, screen string) {
	t.Helper()
	const minTarget = 44
	small := tab.SmallTargets(minTarget)
	for i, s := range small {
		if i == 5 {
			t.Errorf("%s: … and %d more", screen, len(small)-i)
			break
		}
		t.Errorf("%s: target under %d×%d px: %s", screen, minTarget, minTarget, s)
	}
	tab.Accessible(screen)
	if w := browsertest.Eval[int](tab, "document.documentElement.scrollWidth"); w > 768 {
		t.Errorf("%s: page is %d px wide at a 768 px viewport", screen, w)
	}
	// Enlarged hit areas must not make text collide: no two visible
	// sibling elements in main overlap (e.g. a wrapped name link over
	// the tags after it).
	for _, o := range browsertest.Eval[[]string](tab, overlapsJS) {
		t.Errorf("%s: overlapping elements: %s", screen, o)
	}
}

// overlapsJS lists visible sibling elements in main whose boxes overlap.
const overlapsJS = `(() => {
	const out = [];
	const boxes = e => Array.from(e.getClientRects()).filter(r => r.width > 0 && r.height > 0);
	for (const parent of document.querySelectorAll('main *')) {
		const kids = Array.from(parent.children).filter(k => getComputedStyle(k).visibility !== 'hidden' && !k.matches('.visually-hidden, input, select, textarea, legend'));
		for (let i = 0; i < kids.length; i++) for (let j = i + 1; j < kids.length; j++) {
			for (const a of boxes(kids[i])) for (const b of boxes(kids[j])) {
				const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
				const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
				if (w > 2 && h > 2) out.push(kids[i].outerHTML.slice(0, 60) + ' over ' + kids[j].outerHTML.slice(0, 60));
			}
		}
	}
	return out.slice(0, 5);
})()`

// focusedJS describes the focused element for a message.
const focusedJS = `(() => { const e = document.activeElement; if (!e || e === document.body) return 'the page itself';
	return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.dataset.testid ? '[data-testid="' + e.dataset.testid + '"]' : '') + ' "' + (e.textContent || e.value || '').trim().replace(/\s+/g, ' ').slice(0, 30) + '"' })()`

// focusStepJS looks at the element the Tab key just focused: it returns
// "" when Tab left the page or came back round, "=" when it stayed on the
// same control, else a description, and
// a problem with its focus outline (none, thinner than 2 px, under 3:1
// against the colour behind it, off screen) after a tab character.
const focusStepJS = `(() => {
	const el = document.activeElement;
	if (el && el.dataset.kbdSeen === 'last') return '=';
	for (const e of document.querySelectorAll('[data-kbd-seen="last"]')) e.dataset.kbdSeen = '1';
	if (!el || el === document.body || el.dataset.kbdSeen) return '';
	el.dataset.kbdSeen = 'last';
	const desc = ` + focusedJS + `;
	const rgba = s => (s.match(/[\d.]+/g) || []).map(Number);
	const lum = c => { const f = v => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4) }; return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]) };
	const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05) };
	const background = e => { for (let n = e; n; n = n.parentElement) { const c = rgba(getComputedStyle(n).backgroundColor); if (c.length === 3 || c[3] > 0) return c; } return [255, 255, 255]; };
	const cs = getComputedStyle(el);
	if (cs.outlineStyle === 'none' || parseFloat(cs.outlineWidth) < 2) return desc + '\tno focus outline of 2 px or more';
	const behind = background(parseFloat(cs.outlineOffset) >= 0 ? el.parentElement : el);
	const r = ratio(rgba(cs.outlineColor), behind);
	if (r < 3) return desc + '\tfocus outline ' + cs.outlineColor + ' is ' + r.toFixed(2) + ':1 against ' + 'rgb(' + behind.slice(0, 3).join(', ') + ')';
	const b = el.getBoundingClientRect();
	if (b.bottom <= 0 || b.top >= innerHeight || b.right <= 0 || b.left >= innerWidth) return desc + '\tfocused but off screen';
	return desc + '\t';
})()`

// unreachedJS lists the visible controls the Tab key never reached.
const unreachedJS = `(() => {
	const sel = 'a[href], button:not(:disabled), input:not([type="hidden"]):not(:disabled), select:not(:disabled), textarea:not(:disabled), summary, [tabindex]:not([tabindex="-1"])';
	const out = [];
	for (const el of document.querySelectorAll(sel)) {
		if (el.dataset.kbdSeen || !el.checkVisibility({visibilityProperty: true}) || el.getClientRects().length === 0) continue;
		if (el.type === 'radio' && !el.checked && el.form && [...el.form.elements].some(o => o.name === el.name && o.dataset.kbdSeen)) continue;
		out.push(el.outerHTML.slice(0, 80));
	}
	for (const el of document.querySelectorAll('[data-kbd-seen]')) delete el.dataset.kbdSeen;
	return out;
})()`

// checkKeyboard tabs through the page from its top: the first stop is the
// skip link, every control is reached, and each shows its focus.
func checkKeyboard(t *testing.T, tab *browsertest.Tab, screen string) {
	t.Helper()
	// Tab starts after the focused element, or after the last one clicked:
	// focus a stand-in at the top of the page and drop it.
	tab.Do(chromedp.Evaluate[chromedp.Void](`(() => { const s = document.createElement('span'); s.tabIndex = -1; document.body.prepend(s); s.focus(); s.remove(); window.scrollTo(0, 0) })()`))
	skip := tab.Count(".skip-link") > 0 // Aula's pages, not the sandbox's picker
	for i := 0; i < 1500; i++ {
		tab.Do(chromedp.KeyEvent(kb.Tab))
		step := browsertest.Eval[string](tab, focusStepJS)
		if step == "" {
			break
		}
		if step == "=" { // Tab moved inside the same control (a date's day, month, year)
			continue
		}
		desc, problem, _ := strings.Cut(step, "\t")
		if i == 0 && skip && !strings.Contains(desc, "Skip to content") {
			t.Errorf("%s: the first Tab goes to %s, not the skip link", screen, desc)
		}
		if problem != "" {
			t.Errorf("%s: %s: %s", screen, desc, problem)
		}
	}
	for _, u := range browsertest.Eval[[]string](tab, unreachedJS) {
		t.Errorf("%s: the Tab key never reaches %s", screen, u)
	}
}

// checkReflow narrows the page to 320 CSS px (what 400 % zoom of a 1280 px
// window leaves, WCAG 1.4.10), then doubles the text size at 768 px (WCAG
// 1.4.4): nothing but a data table may stick out.
func checkReflow(t *testing.T, tab *browsertest.Tab, screen string) {
	t.Helper()
	tab.Do(chromedp.EmulateViewport(320, 1024))
	for _, o := range browsertest.Eval[[]string](tab, stickingOutJS) {
		t.Errorf("%s: at 320 px wide, %s", screen, o)
	}
	tab.Do(chromedp.EmulateViewport(768, 1024), chromedp.Evaluate[chromedp.Void](`document.documentElement.style.fontSize = '200%'`))
	for _, o := range browsertest.Eval[[]string](tab, stickingOutJS) {
		t.Errorf("%s: with the text at 200 %%, %s", screen, o)
	}
	tab.Do(chromedp.Evaluate[chromedp.Void](`document.documentElement.style.fontSize = ''`))
}

// stickingOutJS lists elements, data tables aside, that stick out of the
// viewport sideways.
const stickingOutJS = `(() => {
		const out = [];
		for (const el of document.querySelectorAll('body *')) {
			if (el.closest('table, .visually-hidden, .skip-link') || !el.checkVisibility()) continue;
			const r = el.getBoundingClientRect();
			if (r.width > 0 && r.right > document.documentElement.clientWidth + 1) out.push(el.outerHTML.slice(0, 80) + ' reaches ' + Math.round(r.right) + ' px');
		}
		return out.slice(0, 5);
	})()`

// liveRegionsJS marks the live regions on the page, so that liveAfterSwapJS
// can tell them from regions a swap brought in (a region added with its
// text is not read out reliably: only changes to a region already there are).
const liveRegionsJS = `document.querySelectorAll('[aria-live], [role="status"], [role="alert"], [role="log"]').forEach(e => e.aulaKept = true)`

// liveAfterSwapJS returns the problems of the live regions after a swap:
// one that holds a table or form controls reads all of them out on every
// change, and the count of what was found (want, a regular expression) must
// be in a region that was already on the page.
const liveAfterSwapJS = `(want => {
	const out = [];
	const regions = [...document.querySelectorAll('[aria-live], [role="status"], [role="alert"], [role="log"]')].filter(e => e.getAttribute('aria-live') !== 'off');
	for (const r of regions) {
		if (r.querySelector('table, input, select, textarea')) out.push('a live region holds the results: ' + r.outerHTML.slice(0, 80));
	}
	if (!regions.some(r => r.aulaKept && new RegExp(want).test(r.textContent))) out.push('no live region already on the page says /' + want + '/');
	return out;
})`

// Filtering the catalogue and searching people to enrol or to invite to a
// session swap in new results: a screen reader user hears how many were
// found, not the whole table or list of tick boxes again (a live region
// around the results would read them all on every keystroke's search).
func TestSearchResultsAreAnnouncedBriefly(t *testing.T) {
	srv := apptest.Start(t, apptest.WithLogLevel(8))
	f := fixtureOf(t, srv.Sandbox.Snapshot())
	tab := browsertest.Start(t, 768, 1024)
	signInBrowser(t, tab, srv, sandbox.PersonaHRAdmin)
	check := func(what, want string) {
		t.Helper()
		for _, p := range browsertest.Eval[[]string](tab, liveAfterSwapJS+`(`+jsString(want)+`)`) {
			t.Errorf("%s: %s", what, p)
		}
	}

	tab.Do(chromedp.Navigate(srv.URL + "/trainings"))
	tab.WaitUntilSettled("the catalogue", q(`[data-testid="catalogue-table"]`)+` !== null`)
	tab.Do(chromedp.Evaluate[chromedp.Void](liveRegionsJS))
	tab.InsertText(`#catalogue-q`, "safety")
	tab.WaitUntilSettled("the search applied", `new URLSearchParams(location.search).get('q') === 'safety'`)
	check("catalogue search", `^\s*\d+ trainings?\b`)

	tab.Do(chromedp.Navigate(srv.URL + "/trainings/" + f.training.ID.String() + "/participants"))
	tab.WaitUntilSettled("the participants", q(`[data-testid="enrol-picker"]`)+` !== null`)
	tab.Do(chromedp.Evaluate[chromedp.Void](q(`[data-testid="enrol-picker"]`) + `.open = true`))
	tab.Do(chromedp.Evaluate[chromedp.Void](liveRegionsJS))
	tab.InsertText(`#picker-q`, "a")
	tab.WaitUntilSettled("people found", q(`[data-testid="picker-person"]`)+` !== null`)
	check("people search", `^\s*\d+ (person|people) found`)

	sess := srv.Sandbox.Snapshot().Sessions[0]
	tab.Do(chromedp.Navigate(srv.URL + "/sessions/" + sess.ID.String()))
	tab.WaitUntilSettled("the session page", q(`#invite-q`)+` !== null`)
	tab.Do(chromedp.Evaluate[chromedp.Void](liveRegionsJS))
	tab.InsertText(`#invite-q`, "a")
	tab.WaitUntilSettled("people found to invite", q(`#invite-results [data-testid="invite-person"]`)+` !== null`)
	check("invitation search", `^\s*\d+ (person|people) found`)
}

// Dismissing a message with the keyboard removes the button that had the
// focus: the focus moves to the content, not back to the top of the
// document, where the next Tab would start over from the skip link.
func TestDismissingAMessageKeepsTheFocusInThePage(t *testing.T) {
	srv := apptest.Start(t, apptest.WithLogLevel(8))
	tab := browsertest.Start(t, 768, 1024)
	signInBrowser(t, tab, srv, sandbox.PersonaTrainer)
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="sign-out"]`)))
	tab.WaitUntilSettled("the signed-out message", q(`[data-testid="flash-success"] [data-dismiss]`)+` !== null`)
	for i := 0; i < 10 && !browsertest.Eval[bool](tab, `document.activeElement.hasAttribute('data-dismiss')`); i++ {
		tab.Do(chromedp.KeyEvent(kb.Tab))
	}
	tab.Do(chromedp.KeyEvent(kb.Enter))
	tab.WaitUntil("the message dismissed", q(`[data-testid="flash-success"]`)+` === null`)
	if got := browsertest.Eval[string](tab, focusedJS); got != `main#main ""` && !strings.HasPrefix(got, "main#main") {
		t.Errorf("after dismissing the message the focus is on %s, want the main content", got)
	}
	tab.Do(chromedp.KeyEvent(kb.Tab))
	if got := browsertest.Eval[string](tab, focusedJS); strings.Contains(got, "Skip to content") {
		t.Errorf("the next Tab after dismissing goes to %s, back at the top of the page", got)
	}
}

// The skip link leads to the content, messages first: a message about the
// last action (here "You are signed out") is not skipped by a keyboard user
// who takes it, nor left outside the main landmark a screen reader user
// jumps to.
func TestSkipLinkDoesNotSkipMessages(t *testing.T) {
	srv := apptest.Start(t, apptest.WithLogLevel(8))
	tab := browsertest.Start(t, 768, 1024)
	signInBrowser(t, tab, srv, sandbox.PersonaTrainer)
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="sign-out"]`)))
	tab.WaitUntilSettled("the signed-out message", q(`[data-testid="flash-success"]`)+` !== null`)
	if !browsertest.Eval[bool](tab, q(`main`)+`.contains(`+q(`[data-testid="flash-success"]`)+`)`) {
		t.Error("the message is outside the main landmark")
	}
	tab.Do(chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Enter))
	tab.WaitUntil("the skip link followed", `location.hash === '#main'`)
	tab.Do(chromedp.KeyEvent(kb.Tab))
	if !browsertest.Eval[bool](tab, `document.activeElement.hasAttribute('data-dismiss')`) {
		t.Errorf("after the skip link, Tab goes to %s, past the message", browsertest.Eval[string](tab, focusedJS))
	}
}

// Turning to the last page with the keyboard swaps in results without a
// "next" link: the focus, which htmx puts back only on an element with the
// same id, stays in the results instead of falling back to the top of the
// document (where the next Tab would start over at the skip link).
func TestFocusStaysInTheResultsOnTheLastPage(t *testing.T) {
	srv := apptest.Start(t, apptest.WithLogLevel(8))
	tab := browsertest.Start(t, 768, 1024)
	signInBrowser(t, tab, srv, sandbox.PersonaHRAdmin)
	tab.Do(chromedp.Navigate(srv.URL + "/trainings?page=2"))
	tab.WaitUntilSettled("the catalogue's page 2", q(`[data-testid="page-position"]`)+` !== null`)
	last := browsertest.Eval[string](tab, `(`+q(`[data-testid="page-position"]`)+`.textContent.match(/of (\d+)/) || [])[1]`)
	if last != "2" {
		tab.Do(chromedp.Navigate(srv.URL + "/trainings?page=" + last))
		tab.WaitUntilSettled("the catalogue's last page", q(`[data-testid="page-previous"]`)+` !== null`)
	}
	// From the page before the last, "next" leads to the last page.
	tab.Do(chromedp.Focus(chromedp.CSS(`[data-testid="page-previous"]`)), chromedp.KeyEvent(kb.Enter))
	tab.WaitUntilSettled("the page before the last", q(`[data-testid="page-next"]`)+` !== null && !location.search.includes('page=`+last+`')`)
	tab.Do(chromedp.Focus(chromedp.CSS(`[data-testid="page-next"]`)), chromedp.KeyEvent(kb.Enter))
	tab.WaitUntilSettled("the last page", q(`[data-testid="page-next"]`)+` === null && location.search.includes('page=`+last+`')`)
	if !browsertest.Eval[bool](tab, q(`#catalogue-results`)+`.contains(document.activeElement)`) {
		t.Errorf("on the last page the focus is on %s, not in the results", browsertest.Eval[string](tab, focusedJS))
	}
}

// Under the pointer (and on a tablet after a tap, which leaves the hover
// state on) every kind of button keeps its colour, only darker, with its
// text readable: a red "Delete…" button does not turn the blue of the
// primary button.
func TestButtonsKeepTheirColourUnderThePointer(t *testing.T) {
	srv := apptest.Start(t, apptest.WithLogLevel(8))
	f := fixtureOf(t, srv.Sandbox.Snapshot())
	tab := browsertest.Start(t, 768, 1024)
	signInBrowser(t, tab, srv, sandbox.PersonaHRAdmin)
	tab.Do(chromedp.Navigate(srv.URL + "/trainings/" + f.training.ID.String()))
	tab.WaitUntilSettled("the training page", q(`[data-testid="delete-training"]`)+` !== null`)
	for _, b := range []string{"edit-training", "delete-training", "change-status"} {
		sel := `[data-testid="` + b + `"]`
		before := browsertest.Eval[string](tab, `getComputedStyle(`+q(sel)+`).backgroundColor`)
		at := browsertest.Eval[[]float64](tab, `(() => { const r = `+q(sel)+`.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2] })()`)
		tab.Do(chromedp.MouseEvent("mouseMoved", at[0], at[1]))
		tab.WaitUntil(b+" hovered", q(sel)+`.matches(':hover')`)
		// [hue family of the background before, under the pointer; contrast of the text]
		got := browsertest.Eval[[]float64](tab, `(() => {
			const rgb = s => (s.match(/[\d.]+/g) || []).map(Number);
			const lum = c => { const f = v => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4) }; return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]) };
			const cs = getComputedStyle(`+q(sel)+`);
			const bg = rgb(cs.backgroundColor), before = rgb(`+jsString(before)+`), fg = rgb(cs.color);
			const [x, y] = [lum(bg), lum(fg)].sort((p, q) => q - p);
			const redder = c => c[0] - c[2];
			return [Math.sign(redder(before)), Math.sign(redder(bg)), (x + 0.05) / (y + 0.05)];
		})()`)
		if got[0] != got[1] {
			t.Errorf("%s: under the pointer its background changes from %s to another colour family", b, before)
		}
		if got[2] < 4.5 {
			t.Errorf("%s: under the pointer its text has a contrast of %.2f:1", b, got[2])
		}
	}
}
