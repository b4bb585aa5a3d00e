package handlers_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/browsertest"
)

// Trainers and managers use Aula on a tablet: at 768×1024 every link,
// button and form control of the frame and the catalogue screens is at
// least 44×44 CSS px to hit (a checkbox through its label), every screen
// passes axe-core, and the browser reports no CSP violation.
func TestTouchTargetsOnATablet(t *testing.T) {
	const minTarget = 44
	srv := apptest.Start(t)
	tab := browsertest.Start(t, 768, 1024)

	// A training with groups and participants, so that every tab has rows
	// with their links and checkboxes.
	st := srv.Sandbox.Snapshot()
	groups := map[factorial.ID][]factorial.ClassID{}
	for _, c := range st.Classes {
		groups[c.TrainingID] = append(groups[c.TrainingID], c.ID)
	}
	members := map[factorial.ID]int{}
	for _, m := range st.TrainingMemberships {
		members[m.TrainingID]++
	}
	var training factorial.ID
	for _, tr := range st.Trainings {
		if (tr.Status == nil || *tr.Status != factorial.TrainingDeleted) && len(groups[tr.ID]) > 0 && members[tr.ID] > 0 {
			training = tr.ID
			break
		}
	}
	if training == 0 {
		t.Fatal("the sandbox has no training with groups and participants")
	}
	base := "/trainings/" + training.String()
	group := groups[training][0]

	check := func(screen string) {
		t.Helper()
		small := tab.SmallTargets(minTarget)
		for i, s := range small {
			if i == 8 {
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
		overlaps := browsertest.Eval[[]string](tab, `(() => {
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
		})()`)
		for _, o := range overlaps {
			t.Errorf("%s: overlapping elements: %s", screen, o)
		}
	}
	visit := func(screen, path, ready string) {
		t.Helper()
		tab.Do(chromedp.Navigate(srv.URL+path), chromedp.WaitVisible(chromedp.CSS(ready)))
		check(screen)
	}

	// Signed out: the sign-in page.
	visit("sign-in", "/login", `[data-testid="oauth-start"]`)

	// The HR admin signs in through the persona picker.
	tab.Do(
		chromedp.Click(chromedp.CSS(`[data-testid="oauth-start"]`)),
		chromedp.WaitVisible(chromedp.CSS(`button[name="persona"][value="`+sandbox.PersonaHRAdmin+`"]`)),
		chromedp.Click(chromedp.CSS(`button[name="persona"][value="`+sandbox.PersonaHRAdmin+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="user-name"]`)),
	)
	check("home")

	visit("catalogue", "/trainings", `[data-testid="training-row"]`)
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
	// An empty result: its "clear the filters" link sits in a sentence,
	// WCAG's inline exception, and is marked data-inline-link.
	visit("catalogue without results", "/trainings?q=zzzzzzzz", `[data-testid="empty-clear"]`)
	visit("training overview", base, `.tabs`)
	visit("training groups", base+"/groups", `.tabs`)
	visit("training sessions", base+"/sessions", `.tabs`)
	visit("training participants", base+"/participants", `[data-testid="participant-row"]`)
	// The enrolment picker with people found, each with a checkbox.
	tab.Do(chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="enrol-picker"]').open = true`))
	tab.Do(
		chromedp.SetValue(chromedp.CSS(`#picker-q`), "a"),
		chromedp.Click(chromedp.CSS(`[data-testid="picker-find"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="picker-person"]`)),
	)
	tab.WaitSettled()
	check("participants with the enrolment picker")
	visit("training costs", base+"/costs", `.tabs`)
	visit("new training", "/trainings/new", `form`)
	visit("edit group", base+"/groups/"+string(group)+"/edit", `form`)
	visit("new group", base+"/groups/new", `form`)
	visit("categories", "/trainings/categories", `main h1`)
	visit("delete training", base+"/delete", `main form`)

	tab.NoCSPViolations()
	for _, m := range tab.Messages() {
		if m.IsException() {
			t.Errorf("script error: %s", m.Text)
		}
	}
	if loc := tab.Location(); !strings.HasPrefix(loc, srv.URL+base) {
		t.Errorf("ended at %s", loc)
	}
}
