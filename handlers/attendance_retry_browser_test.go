package handlers_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/browsertest"
)

// writesFail makes Factorial refuse every attendance write (a 500, which
// the client does not retry), while it still answers reads: the sheet
// opens, its marks wait.
var writesFail = sandbox.Fault{Method: http.MethodPost, Path: "trainings/session_attendances/bulk_update", Status: http.StatusInternalServerError}

// Marks made while Factorial fails are kept on the tablet when the whole
// browser is closed: a new Chromium on the same profile opens the sheet
// with them shown as not saved yet and counted, and once Factorial answers
// again they arrive, exactly as tapped.
func TestWaitingMarksSurviveABrowserRestart(t *testing.T) {
	srv := startSheetServer(t)
	s, _ := sheetSession(t, srv, 3)
	tab := touchTablet(t, browsertest.UserDataDir(t.TempDir()))
	signInBrowser(t, tab, srv, sandbox.PersonaTrainer)
	sheetURL := srv.URL + "/sessions/" + s.ID.String() + "/attendance"
	tab.Do(chromedp.Navigate(sheetURL))
	tab.WaitUntilSettled("the sheet", q(`[data-testid="sheet-row"]`)+` !== null`)
	ids := browsertest.Eval[[]string](tab, `[...document.querySelectorAll('[data-testid="sheet-row"]')].map(r => r.dataset.id)`)
	row := func(i int) factorial.ID { return factorial.ID(atoi(t, ids[i])) }

	srv.Sandbox.SetFaults(writesFail)
	tab.Do(chromedp.Click(chromedp.CSS(rowSel(row(0), "mark-attended"))))
	tab.Do(chromedp.Click(chromedp.CSS(rowSel(row(1), "mark-absent"))))
	waiting := rowSays(row(0), "row-status", "attended") + ` && ` + rowSays(row(0), "row-sync", "not saved yet") + ` && ` +
		rowSays(row(1), "row-status", "absent") + ` && ` + rowSays(row(1), "row-sync", "not saved yet") + ` && ` +
		rowSays(row(2), "row-status", "not marked") + ` && !` + q(`[data-testid="queue"]`) + `.hidden && ` +
		q(`[data-testid="queue-count"]`) + `.textContent === "2 marks waiting to be sent."`
	tab.WaitUntil("two marks waiting", waiting)
	if n := len(bulkUpdates(srv.Sandbox)); n == 0 {
		t.Fatal("no write reached Factorial: the marks did not wait because Factorial failed")
	}

	before := tab.BrowserPID()
	tab.Restart()
	if tab.BrowserPID() == before {
		t.Fatal("the browser was not restarted")
	}
	tab.Do(chromedp.Navigate(sheetURL))
	tab.WaitUntilSettled("the sheet after the restart, its marks waiting", waiting)
	if !factorialHas(t, srv, row, factorial.AttendancePending, factorial.AttendancePending, factorial.AttendancePending) {
		t.Fatal("a mark reached Factorial while it failed every write")
	}

	srv.Sandbox.SetFaults()
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="send-now"]`)))
	tab.WaitUntil("the marks saved", rowSays(row(0), "row-sync", "saved")+` && `+rowSays(row(1), "row-sync", "saved")+` && `+
		q(`[data-testid="queue"]`)+`.hidden`)
	factorialHas(t, srv, row, factorial.AttendanceCompleted, factorial.AttendanceMissing, factorial.AttendancePending)
	if n := waitingEntries(t, tab); n != 0 {
		t.Errorf("%d marks still kept on the tablet once Factorial confirmed them", n)
	}
	noScriptTrouble(t, tab)
}

// Waiting marks are sent again, without a reload, by each of the sheet's
// triggers alone: the network coming back (online), the window focused
// again, the tab shown again (visibilitychange), the backoff timer, and the
// trainer's "Send now". Factorial fails
// the first writes, so the marks wait; then it answers again and one
// trigger fires. Where the trigger is not the timer, the timer's first
// delay is made an hour, longer than the test: nothing else sends them.
func TestWaitingMarksAreSentAgainByEachTrigger(t *testing.T) {
	var marks atomic.Int64
	srv := startSheetServer(t, countRequests(counted{isMarksPost, &marks, nil}))
	browser := touchTablet(t)
	signInBrowser(t, browser, srv, sandbox.PersonaTrainer)
	const hour = 3600000
	for _, tc := range []struct {
		name    string
		retryMS int // the backoff's first delay, data-retry-ms
		trigger func(tab *browsertest.Tab)
	}{
		{"online", hour, func(tab *browsertest.Tab) {
			tab.Do(chromedp.Evaluate[chromedp.Void](`window.dispatchEvent(new Event("online"))`))
		}},
		{"window focus", hour, func(tab *browsertest.Tab) {
			tab.Do(chromedp.Evaluate[chromedp.Void](`window.dispatchEvent(new FocusEvent("focus"))`))
		}},
		{"the tab shown again", hour, func(tab *browsertest.Tab) {
			tab.Do(chromedp.Evaluate[chromedp.Void](`document.dispatchEvent(new Event("visibilitychange"))`)) // the tab is visible
		}},
		{"the backoff timer", 100, func(*browsertest.Tab) {}},
		{"send now", hour, func(tab *browsertest.Tab) {
			tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="send-now"]`)))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := sheetSession(t, srv, 2)
			tab := browser.Another(t)
			tab.Do(chromedp.Navigate(srv.URL + "/sessions/" + s.ID.String() + "/attendance"))
			tab.WaitUntilSettled("the sheet", q(`[data-testid="sheet-row"]`)+` !== null`)
			tab.Do(chromedp.Evaluate[chromedp.Void](`document.getElementById("sheet").dataset.retryMs = "` + itoa(tc.retryMS) + `"`))
			ids := browsertest.Eval[[]string](tab, `[...document.querySelectorAll('[data-testid="sheet-row"]')].map(r => r.dataset.id)`)
			row := func(i int) factorial.ID { return factorial.ID(atoi(t, ids[i])) }

			srv.Sandbox.SetFaults(writesFail)
			tab.Do(chromedp.Click(chromedp.CSS(rowSel(row(0), "mark-attended"))))
			tab.Do(chromedp.Click(chromedp.CSS(rowSel(row(1), "mark-absent"))))
			tab.WaitUntil("two marks waiting", rowSays(row(0), "row-sync", "not saved yet")+` && `+rowSays(row(1), "row-sync", "not saved yet")+
				` && `+q(`[data-testid="queue-count"]`)+`.textContent === "2 marks waiting to be sent."`)
			srv.Sandbox.SetFaults()
			sent := marks.Load()
			if !factorialHas(t, srv, row, factorial.AttendancePending, factorial.AttendancePending) {
				t.Fatal("a mark reached Factorial while it failed every write")
			}

			tc.trigger(tab)
			tab.WaitUntil("the marks sent", rowSays(row(0), "row-sync", "saved")+` && `+rowSays(row(1), "row-sync", "saved")+
				` && `+q(`[data-testid="queue"]`)+`.hidden`)
			if marks.Load() == sent {
				t.Error("the marks were saved with no batch sent after Factorial answered again")
			}
			factorialHas(t, srv, row, factorial.AttendanceCompleted, factorial.AttendanceMissing)
			noScriptTrouble(t, tab)
		})
	}
}

// Signing out from any page, not only the sheet, warns of the marks this
// person has waiting on the tablet (signing out deletes them): from home,
// staying keeps the mark and the sign-in; from the calendar, signing out
// anyway ends both. The count is the person's own: another person's entry
// kept on the same tablet is not counted, and it outlives the sign-out.
// With nothing waiting, one tap signs out.
func TestSignOutFromAnyPageWarnsOfWaitingMarks(t *testing.T) {
	var logouts atomic.Int64
	srv := startSheetServer(t, countRequests(counted{func(r *http.Request) bool { return r.Method == http.MethodPost && r.URL.Path == "/logout" }, &logouts, nil}))
	s, _ := sheetSession(t, srv, 2)
	tab := touchTablet(t)
	signInBrowser(t, tab, srv, sandbox.PersonaTrainer)
	tab.Do(chromedp.Navigate(srv.URL + "/sessions/" + s.ID.String() + "/attendance"))
	tab.WaitUntilSettled("the sheet", q(`[data-testid="sheet-row"]`)+` !== null`)
	id := factorial.ID(atoi(t, browsertest.Eval[string](tab, q(`[data-testid="sheet-row"]`)+`.dataset.id`)))
	srv.Sandbox.SetFaults(writesFail)
	tab.Do(chromedp.Click(chromedp.CSS(rowSel(id, "mark-absent"))))
	tab.WaitUntil("the mark waits", rowSays(id, "row-sync", "not saved yet"))
	// Another person's mark, kept on this tablet under their owner id.
	evalAwait[bool](t, tab, `new Promise((resolve, reject) => { const o = indexedDB.open("aula-attendance", 1);
		o.onsuccess = () => { const tx = o.result.transaction("marks", "readwrite");
			tx.objectStore("marks").put({ owner: "someone-else", id: "1", session: "1", status: "completed", seen: "pending", sent: [], at: 1 });
			tx.oncomplete = () => { o.result.close(); resolve(true) }; tx.onerror = () => reject(tx.error) } })`)
	if n := waitingEntries(t, tab); n != 2 {
		t.Fatalf("%d entries on the tablet, want the trainer's and the other person's", n)
	}

	warned := q(`[data-testid="signout-dialog"]`) + `.open && ` + q(`[data-testid="signout-count"]`) + `.textContent === "1 mark not saved yet"`
	tab.Do(chromedp.Navigate(srv.URL + "/"))
	tab.WaitSettled()
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="sign-out"]`)))
	tab.WaitUntil("the warning on home", warned)
	tab.Accessible("the sign-out warning on home")
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="signout-stay"]`)))
	tab.WaitUntil("stayed", `!`+q(`[data-testid="signout-dialog"]`)+`.open && document.activeElement === `+q(`[data-testid="sign-out"]`))
	if n := logouts.Load(); n != 0 {
		t.Fatalf("%d sign-out requests after staying", n)
	}
	if n := waitingEntries(t, tab); n != 2 {
		t.Fatalf("%d entries on the tablet after staying, want 2", n)
	}

	tab.Do(chromedp.Navigate(srv.URL + "/calendar"))
	tab.WaitSettled()
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="sign-out"]`)))
	tab.WaitUntil("the warning on the calendar", warned)
	if n := logouts.Load(); n != 0 {
		t.Fatalf("signed out before the trainer chose: %d sign-out requests", n)
	}
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="signout-anyway"]`)))
	tab.WaitUntilSettled("signed out", q(`[data-testid="user-name"]`)+` === null && location.pathname === "/login"`)
	if n := logouts.Load(); n != 1 {
		t.Errorf("%d sign-out requests after signing out anyway", n)
	}
	if got := waitingOwners(t, tab); !slices.Equal(got, []string{"someone-else"}) {
		t.Errorf("entries of %q on the tablet after sign-out, want only the other person's", got)
	}
	if got := srv.Sandbox.Snapshot().Attendance(id).Status; got != factorial.AttendancePending {
		t.Errorf("the waiting mark reached Factorial: %s", got)
	}

	// Nothing waiting: one tap on Sign out signs out.
	signInBrowser(t, tab, srv, sandbox.PersonaTrainer)
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="sign-out"]`)))
	tab.WaitUntilSettled("signed out without a question", q(`[data-testid="user-name"]`)+` === null && location.pathname === "/login"`)
	if n := logouts.Load(); n != 2 {
		t.Errorf("%d sign-out requests, want 2", n)
	}
	if got := waitingOwners(t, tab); !slices.Equal(got, []string{"someone-else"}) {
		t.Errorf("entries of %q on the tablet after the second sign-out, want only the other person's", got)
	}
	noScriptTrouble(t, tab)
}

// A shared tablet: the trainer's marks wait (Factorial fails every write)
// when their sign-in ends. HR signs in on the same tab and is not shown
// them; HR makes a mark that waits too, and signs out anyway, warned of
// their own one mark only: HR's mark and every sheet the service worker
// kept (they carry names) are deleted, the trainer's marks are not. The
// trainer signs in again and finds them waiting on the sheet, and once
// Factorial answers they arrive, written as the trainer; HR's never does.
func TestWaitingMarksOutliveAnotherPersonsSignOut(t *testing.T) {
	var logouts atomic.Int64
	srv := startSheetServer(t, countRequests(counted{isLogout, &logouts, nil}))
	s, _ := sheetSession(t, srv, 3)
	sheetURL := srv.URL + "/sessions/" + s.ID.String() + "/attendance"
	sheetKept := `navigator.serviceWorker.ready.then(() => caches.open("aula-sheets")).then(c => c.keys()).then(k => k.some(r => new URL(r.url).pathname === ` +
		jsString("/sessions/"+s.ID.String()+"/attendance") + `))`
	owner := func(tab *browsertest.Tab) string {
		return browsertest.Eval[string](tab, q(`form[data-signout-owner]`)+`.dataset.signoutOwner`)
	}
	tab := touchTablet(t)
	signInBrowser(t, tab, srv, sandbox.PersonaTrainer)
	trainer := owner(tab)
	tab.Do(chromedp.Navigate(sheetURL))
	tab.WaitUntilSettled("the trainer's sheet", q(`[data-testid="sheet-row"]`)+` !== null`)
	awaitJS(t, tab, "the trainer's sheet kept by the service worker", sheetKept)
	ids := browsertest.Eval[[]string](tab, `[...document.querySelectorAll('[data-testid="sheet-row"]')].map(r => r.dataset.id)`)
	row := func(i int) factorial.ID { return factorial.ID(atoi(t, ids[i])) }

	srv.Sandbox.SetFaults(writesFail)
	tab.Do(chromedp.Click(chromedp.CSS(rowSel(row(0), "mark-attended"))))
	tab.Do(chromedp.Click(chromedp.CSS(rowSel(row(1), "mark-absent"))))
	tab.WaitUntil("the trainer's two marks waiting", rowSays(row(0), "row-sync", "not saved yet")+` && `+rowSays(row(1), "row-sync", "not saved yet")+
		` && `+q(`[data-testid="queue-count"]`)+`.textContent === "2 marks waiting to be sent."`)
	if len(bulkUpdates(srv.Sandbox)) == 0 {
		t.Fatal("no write reached Factorial: the marks did not wait because Factorial failed")
	}
	// The trainer's sign-in ends (the session cookie is gone), without a
	// sign-out.
	tab.Do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.ClearBrowserCookies, cdp.Empty{})
		return err
	}))

	signInBrowser(t, tab, srv, sandbox.PersonaHRAdmin)
	hr := owner(tab)
	if hr == "" || hr == trainer {
		t.Fatalf("HR's owner id %q, the trainer's %q", hr, trainer)
	}
	tab.Do(chromedp.Navigate(sheetURL))
	tab.WaitUntilSettled("HR's sheet", q(`[data-testid="sheet-row"]`)+` !== null`)
	for i := range 2 {
		if got := browsertest.Eval[string](tab, q(rowSel(row(i), "row-status"))+`.textContent`); got != "not marked" {
			t.Errorf("HR is shown the trainer's waiting mark on row %d: %q", i, got)
		}
	}
	if !browsertest.Eval[bool](tab, q(`[data-testid="queue"]`)+`.hidden`) {
		t.Error("HR is shown the trainer's waiting marks")
	}
	tab.Do(chromedp.Click(chromedp.CSS(rowSel(row(2), "mark-absent"))))
	tab.WaitUntil("HR's own mark waiting", rowSays(row(2), "row-sync", "not saved yet")+` && `+
		q(`[data-testid="queue-count"]`)+`.textContent === "1 mark waiting to be sent."`)
	awaitJS(t, tab, "HR's sheet kept by the service worker", sheetKept)
	if got := waitingOwners(t, tab); !slices.Equal(got, sorted([]string{hr, trainer, trainer})) {
		t.Fatalf("entries of %q on the tablet, want the trainer's two and HR's one", got)
	}

	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="sign-out"]`)))
	tab.WaitUntil("HR warned of their own mark", q(`[data-testid="signout-dialog"]`)+`.open && `+
		q(`[data-testid="signout-count"]`)+`.textContent === "1 mark not saved yet"`)
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="signout-anyway"]`)))
	tab.WaitUntilSettled("HR signed out", q(`[data-testid="user-name"]`)+` === null && location.pathname === "/login"`)
	if n := logouts.Load(); n != 1 {
		t.Fatalf("%d sign-out requests, want 1", n)
	}
	if got := waitingOwners(t, tab); !slices.Equal(got, []string{trainer, trainer}) {
		t.Fatalf("entries of %q on the tablet after HR signed out, want the trainer's two", got)
	}
	if !evalAwait[bool](t, tab, noSheetKeptJS) {
		t.Error("a sheet is still kept on the tablet after HR signed out")
	}

	signInBrowser(t, tab, srv, sandbox.PersonaTrainer)
	if got := owner(tab); got != trainer {
		t.Fatalf("the trainer's owner id is %q, was %q", got, trainer)
	}
	tab.Do(chromedp.Navigate(sheetURL))
	tab.WaitUntilSettled("the trainer's marks waiting on their sheet again",
		rowSays(row(0), "row-status", "attended")+` && `+rowSays(row(0), "row-sync", "not saved yet")+` && `+
			rowSays(row(1), "row-status", "absent")+` && `+rowSays(row(1), "row-sync", "not saved yet")+` && `+
			rowSays(row(2), "row-status", "not marked")+` && !`+q(`[data-testid="queue"]`)+`.hidden && `+
			q(`[data-testid="queue-count"]`)+`.textContent === "2 marks waiting to be sent."`)
	if !factorialHas(t, srv, row, factorial.AttendancePending, factorial.AttendancePending, factorial.AttendancePending) {
		t.Fatal("a mark reached Factorial while it failed every write")
	}

	srv.Sandbox.SetFaults()
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="send-now"]`)))
	tab.WaitUntil("the trainer's marks saved", rowSays(row(0), "row-sync", "saved")+` && `+rowSays(row(1), "row-sync", "saved")+` && `+
		q(`[data-testid="queue"]`)+`.hidden`)
	factorialHas(t, srv, row, factorial.AttendanceCompleted, factorial.AttendanceMissing, factorial.AttendancePending)
	// The writes Factorial made (its failed answers came before it read
	// the token, and name nobody).
	for _, r := range srv.Sandbox.Requests() {
		if strings.HasSuffix(r.Path, "session_attendances/bulk_update") && r.Status < 300 &&
			(containsID(r.Body, row(0)) || containsID(r.Body, row(1))) && r.Persona != sandbox.PersonaTrainer {
			t.Errorf("a trainer's mark was written as %q", r.Persona)
		}
	}
	if n := waitingEntries(t, tab); n != 0 {
		t.Errorf("%d marks still kept on the tablet once Factorial confirmed them", n)
	}
	noScriptTrouble(t, tab)
}

// A second tap on a row while the sheet reads the state before sending the
// first (a slow network: the read is held until the tap is on screen) is
// the one sent: the first is not put back over it, nor sent, and Factorial
// ends with the second.
func TestATapWhileTheQueueIsSentIsNotUndone(t *testing.T) {
	var hold atomic.Bool
	held, release := make(chan struct{}, 1), make(chan struct{})
	srv := startSheetServer(t, apptest.WithHandlerWrap(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// The sheet's read before a batch (the poll sends If-None-Match).
			if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/attendance/state") && r.Header.Get("If-None-Match") == "" && hold.CompareAndSwap(true, false) {
				held <- struct{}{}
				select {
				case <-release:
				case <-r.Context().Done():
				}
			}
			next.ServeHTTP(w, r)
		})
	}))
	s, _ := sheetSession(t, srv, 2)
	tab := touchTablet(t)
	signInBrowser(t, tab, srv, sandbox.PersonaTrainer)
	tab.Do(chromedp.Navigate(srv.URL + "/sessions/" + s.ID.String() + "/attendance"))
	tab.WaitUntilSettled("the sheet", q(`[data-testid="sheet-row"]`)+` !== null`)
	id := factorial.ID(atoi(t, browsertest.Eval[string](tab, q(`[data-testid="sheet-row"]`)+`.dataset.id`)))

	hold.Store(true)
	tab.Do(chromedp.Click(chromedp.CSS(rowSel(id, "mark-attended"))))
	select {
	case <-held:
	case <-time.After(30 * time.Second):
		t.Fatal("the sheet did not read the state before sending the mark")
	}
	tab.Do(chromedp.Click(chromedp.CSS(rowSel(id, "mark-absent"))))
	tab.WaitUntil("the second tap on screen", rowSays(id, "row-status", "absent"))
	close(release)

	tab.WaitUntil("the mark saved", rowSays(id, "row-sync", "saved")+` && `+q(`[data-testid="queue"]`)+`.hidden`)
	if got := browsertest.Eval[string](tab, q(rowSel(id, "row-status"))+`.textContent`); got != "absent" {
		t.Errorf("the row shows %q once saved, tapped absent last", got)
	}
	if got := srv.Sandbox.Snapshot().Attendance(id).Status; got != factorial.AttendanceMissing {
		t.Errorf("the row is %s in Factorial, tapped absent last", got)
	}
	for _, body := range bulkUpdates(srv.Sandbox) {
		if containsID(body, id) && strings.Contains(body, `"status":"`+string(factorial.AttendanceCompleted)+`"`) {
			t.Errorf("the first tap, replaced before it was sent, was sent: %s", body)
		}
	}
	if n := waitingEntries(t, tab); n != 0 {
		t.Errorf("%d marks still kept once Factorial confirmed the row", n)
	}
	noScriptTrouble(t, tab)
}

// factorialHas reports, with an error per row, whether Factorial holds
// want[i] for row(i).
func factorialHas(t *testing.T, srv *apptest.Server, row func(int) factorial.ID, want ...factorial.SessionAttendanceStatus) bool {
	t.Helper()
	snap, ok := srv.Sandbox.Snapshot(), true
	for i, w := range want {
		if got := snap.Attendance(row(i)).Status; got != w {
			t.Errorf("row %d is %s in Factorial, want %s", i, got, w)
			ok = false
		}
	}
	return ok
}
