package handlers_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/browsertest"
)

// touchTablet is a 768×1024 tab with touch emulation on.
func touchTablet(t *testing.T, opts ...browsertest.Option) *browsertest.Tab {
	return browsertest.Start(t, 768, 1024, append([]browsertest.Option{browsertest.Touch(5)}, opts...)...)
}

func rowSel(id factorial.ID, inner string) string {
	return `#row-` + id.String() + ` [data-testid="` + inner + `"]`
}

func rowSays(id factorial.ID, testid, text string) string {
	return q(rowSel(id, testid)) + `.textContent === ` + jsString(text)
}

// A trainer on a tablet opens today's session from home, marks people
// with one tap each, undoes the last change, marks all unmarked after
// confirming, undoes that and marks all again, finds a person by name and
// marks by keyboard, and sees a second device's mark without a reload
// (the poll runs every 5 s; the test logs how long it took); each row says
// saving, then saved; the sheet is axe-core clean; afterwards the sandbox holds
// exactly what was tapped.
func TestAttendanceSheetOnATablet(t *testing.T) {
	srv := startSheetServer(t)
	s, att := sheetSession(t, srv, 4)
	tab := touchTablet(t)
	signInBrowser(t, tab, srv, sandbox.PersonaTrainer)
	// From home, the session's row opens its sheet in one tap.
	tab.Do(chromedp.Navigate(srv.URL + "/"))
	tab.WaitSettled()
	if small := tab.SmallTargets(44); len(small) > 0 {
		t.Errorf("targets under 44 px on home: %v", small)
	}
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="today-sessions"] a[data-testid="open-sheet"][href="/sessions/` + s.ID.String() + `/attendance"]`)))
	tab.WaitUntilSettled("the sheet", q(`[data-testid="sheet-row"]`)+` !== null`)
	tab.Accessible("attendance sheet")
	if small := tab.SmallTargets(44); len(small) > 0 {
		t.Errorf("targets under 44 px: %v", small)
	}

	// Rows are in name order on the sheet; the ids come from the page.
	ids := browsertest.Eval[[]string](tab, `[...document.querySelectorAll('[data-testid="sheet-row"]')].map(r => r.dataset.id)`)
	if len(ids) != len(att) {
		t.Fatalf("%d rows on the sheet, want %d", len(ids), len(att))
	}
	row := func(i int) factorial.ID { return factorial.ID(atoi(t, ids[i])) }

	tab.Do(chromedp.Click(chromedp.CSS(rowSel(row(0), "mark-attended"))))
	tab.WaitUntil("row 0 saved", rowSays(row(0), "row-sync", "saved")+` && `+rowSays(row(0), "row-status", "attended"))
	tab.Do(chromedp.Click(chromedp.CSS(rowSel(row(1), "mark-absent"))))
	tab.WaitUntil("row 1 saved", rowSays(row(1), "row-sync", "saved")+` && `+rowSays(row(1), "row-status", "absent"))
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="undo"]`)))
	tab.WaitUntil("row 1 undone", rowSays(row(1), "row-sync", "saved")+` && `+rowSays(row(1), "row-status", "not marked"))
	if got := srv.Sandbox.Snapshot().Attendance(row(1)).Status; got != factorial.AttendancePending {
		t.Errorf("after undo row 1 is %s in Factorial", got)
	}

	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="mark-all"]`)))
	tab.WaitUntil("the confirmation", q(`[data-testid="mark-all-dialog"]`)+`.open && `+q(`[data-testid="mark-all-text"]`)+`.textContent.startsWith("3 people")`)
	tab.Accessible("mark all confirmation")
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="mark-all-confirm"]`)))
	for i := 1; i < 4; i++ {
		tab.WaitUntil("marked all", rowSays(row(i), "row-sync", "saved")+` && `+rowSays(row(i), "row-status", "attended"))
	}
	tab.WaitUntil("the counter", q(`[data-testid="counter"]`)+`.textContent === "4 of 4 marked · 4 attended · 0 absent"`)

	// Mark all is undone as one change: the three it marked are unmarked
	// again, the mark made before it stays.
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="undo"]`)))
	for i := 1; i < 4; i++ {
		tab.WaitUntil("mark all undone", rowSays(row(i), "row-sync", "saved")+` && `+rowSays(row(i), "row-status", "not marked"))
	}
	tab.WaitUntil("the counter after undo", q(`[data-testid="counter"]`)+`.textContent === "1 of 4 marked · 1 attended · 0 absent"`)
	snap := srv.Sandbox.Snapshot()
	for i := 1; i < 4; i++ {
		if got := snap.Attendance(row(i)).Status; got != factorial.AttendancePending {
			t.Errorf("after undoing mark all, row %d is %s in Factorial", i, got)
		}
	}
	if got := snap.Attendance(row(0)).Status; got != factorial.AttendanceCompleted {
		t.Errorf("undoing mark all changed the mark made before it: %s", got)
	}
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="mark-all"]`)))
	tab.WaitUntil("the confirmation again", q(`[data-testid="mark-all-dialog"]`)+`.open`)
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="mark-all-confirm"]`)))
	tab.WaitUntil("marked all again", q(`[data-testid="counter"]`)+`.textContent === "4 of 4 marked · 4 attended · 0 absent"`)

	// Search by name, then mark by keyboard.
	name := browsertest.Eval[string](tab, q(rowSel(row(2), "row-name"))+`.textContent`)
	tab.InsertText(`[data-testid="sheet-search"]`, name)
	tab.WaitUntil("the search", `[...document.querySelectorAll('[data-testid="sheet-row"]')].filter(r => !r.hidden).length >= 1 && !document.getElementById("row-`+ids[2]+`").hidden && document.getElementById("row-`+ids[0]+`").hidden === !document.getElementById("row-`+ids[0]+`").dataset.name.toLowerCase().includes(`+jsString(name)+`.toLowerCase())`)
	tab.Do(chromedp.Focus(chromedp.CSS(rowSel(row(2), "mark-absent"))), chromedp.KeyEvent(kb.Enter))
	tab.WaitUntil("row 2 absent by keyboard", rowSays(row(2), "row-sync", "saved")+` && `+rowSays(row(2), "row-status", "absent"))

	// A second device marks row 3 absent: the sheet shows it without a
	// reload (its conditional poll runs every 5 s).
	tab.Do(chromedp.Evaluate[chromedp.Void](`window.sameDocument = true`))
	t0 := time.Now()
	if _, err := apiClient(t, srv.Sandbox).Attendances.BulkUpdate(t.Context(), factorial.AttendanceUpdate{IDs: []factorial.ID{row(3)}, Status: factorial.Ptr(factorial.AttendanceMissing)}); err != nil {
		t.Fatal(err)
	}
	tab.WaitUntil("the other device's mark", rowSays(row(3), "row-status", "absent")+` && `+
		q(`[data-testid="counter"]`)+`.textContent === "4 of 4 marked · 2 attended · 2 absent" && window.sameDocument === true`)
	t.Logf("the other device's mark shown after %v", time.Since(t0).Round(100*time.Millisecond))
	noScriptTrouble(t, tab)

	want := map[factorial.ID]factorial.SessionAttendanceStatus{row(0): "completed", row(1): "completed", row(2): "missing", row(3): "missing"}
	snap = srv.Sandbox.Snapshot()
	for id, st := range want {
		if got := snap.Attendance(id).Status; got != st {
			t.Errorf("row %d is %s in Factorial, tapped %s", id, got, st)
		}
	}
	if n := len(bulkUpdates(srv.Sandbox)); n > 8 {
		t.Errorf("%d writes for 7 changes (mark all and its undo are one each)", n)
	}
}
