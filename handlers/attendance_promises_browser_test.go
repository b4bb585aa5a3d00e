package handlers_test

import (
	"context"
	"net/http"
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

// waitingEntriesJS counts the marks waiting in the device's queue, every
// person's (the store is made empty when Clear-Site-Data removed it).
const waitingEntriesJS = `new Promise(r => { const o = indexedDB.open("aula-attendance", 1);
	o.onupgradeneeded = () => o.result.createObjectStore("marks", { keyPath: ["owner", "id"] });
	o.onsuccess = () => { const g = o.result.transaction("marks").objectStore("marks").getAll();
		g.onsuccess = () => { o.result.close(); r(g.result.length); } } })`

// counted is a kind of request to Aula that a test counts; while refuse is
// set, Aula answers it 503.
type counted struct {
	match  func(*http.Request) bool
	n      *atomic.Int64
	refuse *atomic.Bool
}

// countRequests wraps Aula's handler to count (and refuse) requests.
func countRequests(cs ...counted) apptest.Option {
	return apptest.WithHandlerWrap(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for _, c := range cs {
				if c.match(r) {
					c.n.Add(1)
					if c.refuse != nil && c.refuse.Load() {
						http.Error(w, "down", http.StatusServiceUnavailable)
						return
					}
				}
			}
			next.ServeHTTP(w, r)
		})
	})
}

// evalAwait is the value expr's promise resolves to.
func evalAwait[T any](t *testing.T, tab *browsertest.Tab, expr string) T {
	t.Helper()
	v, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

func waitingEntries(t *testing.T, tab *browsertest.Tab) int {
	t.Helper()
	return evalAwait[int](t, tab, waitingEntriesJS)
}

// waitingOwners is the owner of each mark waiting in the device's queue,
// sorted (the store is made empty when Clear-Site-Data removed it).
func waitingOwners(t *testing.T, tab *browsertest.Tab) []string {
	t.Helper()
	return evalAwait[[]string](t, tab, `new Promise(r => { const o = indexedDB.open("aula-attendance", 1);
	o.onupgradeneeded = () => o.result.createObjectStore("marks", { keyPath: ["owner", "id"] });
	o.onsuccess = () => { const g = o.result.transaction("marks").objectStore("marks").getAll();
		g.onsuccess = () => { o.result.close(); r(g.result.map(e => e.owner).sort()); } } })`)
}

// noSheetKeptJS says the service worker keeps no sheet on the device.
const noSheetKeptJS = `(async () => { for (const n of await caches.keys()) {
	if (n.startsWith("aula-sheets") && (await (await caches.open(n)).keys()).length > 0) return false } return true })()`

func isLogout(r *http.Request) bool { return r.Method == http.MethodPost && r.URL.Path == "/logout" }

func isMarksPost(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/attendance/marks")
}

// Signing out deletes what the sheet keeps on the tablet. With a mark
// still waiting, the sign-out form says how many are not saved yet and
// offers to stay: staying keeps the mark and the sign-in; signing out
// anyway then ends the sign-in and the device's copy.
func TestSignOutWarnsOfMarksNotSavedYet(t *testing.T) {
	var refuse atomic.Bool
	var logouts, marks atomic.Int64
	srv := startSheetServer(t,
		countRequests(counted{func(r *http.Request) bool { return r.Method == http.MethodPost && r.URL.Path == "/logout" }, &logouts, nil},
			counted{isMarksPost, &marks, &refuse}))
	s, _ := sheetSession(t, srv, 2)
	tab := touchTablet(t)
	signInBrowser(t, tab, srv, sandbox.PersonaTrainer)
	tab.Do(chromedp.Navigate(srv.URL + "/sessions/" + s.ID.String() + "/attendance"))
	tab.WaitUntilSettled("the sheet", q(`[data-testid="sheet-row"]`)+` !== null`)
	id := factorial.ID(atoi(t, browsertest.Eval[string](tab, q(`[data-testid="sheet-row"]`)+`.dataset.id`)))
	refuse.Store(true)
	tab.Do(chromedp.Click(chromedp.CSS(rowSel(id, "mark-absent"))))
	tab.WaitUntil("the mark waits", rowSays(id, "row-sync", "not saved yet"))

	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="sign-out"]`)))
	tab.WaitUntil("the warning", q(`[data-testid="signout-dialog"]`)+`.open && `+
		q(`[data-testid="signout-count"]`)+`.textContent === "1 mark not saved yet"`)
	tab.Accessible("the sign-out warning")
	if n := logouts.Load(); n != 0 {
		t.Fatalf("signed out before the trainer chose: %d sign-out requests", n)
	}
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="signout-stay"]`)))
	tab.WaitUntil("stayed", `!`+q(`[data-testid="signout-dialog"]`)+`.open && `+q(`[data-testid="user-name"]`)+` !== null && `+
		rowSays(id, "row-sync", "not saved yet"))
	if n := waitingEntries(t, tab); n != 1 || logouts.Load() != 0 {
		t.Fatalf("after staying: %d marks waiting, %d sign-outs", n, logouts.Load())
	}

	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="sign-out"]`)))
	tab.WaitUntil("the warning again", q(`[data-testid="signout-dialog"]`)+`.open`)
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="signout-anyway"]`)))
	tab.WaitUntilSettled("signed out", q(`[data-testid="user-name"]`)+` === null && location.pathname === "/login"`)
	if n := logouts.Load(); n != 1 {
		t.Errorf("%d sign-out requests after signing out anyway", n)
	}
	if n := waitingEntries(t, tab); n != 0 {
		t.Errorf("%d marks still kept on the device after sign-out", n)
	}
	if got := srv.Sandbox.Snapshot().Attendance(id).Status; got != factorial.AttendancePending {
		t.Errorf("the refused mark reached Factorial: %s", got)
	}
	noScriptTrouble(t, tab)
}

// A sheet opened online is kept for offline use for the tablet's day only.
// A copy kept on an earlier day is deleted when a sheet is next kept, and
// when the tablet is offline it is neither served nor kept: the sheet does
// not open from it, and it is gone from the device.
func TestOfflineSheetIsKeptForTheDayOnly(t *testing.T) {
	proxy := newCuttableProxy(t)
	srv := startSheetServer(t, apptest.WithEnv("AULA_PUBLIC_URL", proxy.URL()))
	proxy.to(srv.Listener.Addr().String())
	a, _ := sheetSession(t, srv, 1)
	b, _ := sheetSessionAt(t, srv, 1, sheetNow.Add(3*time.Hour))
	tab := touchTablet(t)
	tab.Do(chromedp.Navigate(proxy.URL() + "/auth/start"))
	tab.Do(chromedp.Click(chromedp.CSS(`button[name="persona"][value="` + sandbox.PersonaTrainer + `"]`)))
	tab.WaitUntilSettled("signed in", q(`[data-testid="user-name"]`)+` !== null`)
	sheetPath := func(s *factorial.Session) string { return "/sessions/" + s.ID.String() + "/attendance" }
	kept := func(path string) string {
		return `caches.open("aula-sheets").then(c => c.keys()).then(k => k.some(r => new URL(r.url).pathname === ` + jsString(path) + `))`
	}
	// keptEarlier turns every kept copy of path into one kept on 1 January.
	keptEarlier := func(path string) string {
		return `caches.open("aula-sheets").then(async c => { let n = 0; for (const req of await c.keys()) {
			if (new URL(req.url).pathname !== ` + jsString(path) + `) continue;
			const res = await c.match(req); const h = new Headers(res.headers); h.set("X-Aula-Kept-On", "2026-01-01");
			await c.put(req, new Response(await res.blob(), { status: 200, headers: h })); n++ } return n > 0 })`
	}
	for _, s := range []*factorial.Session{b, a} {
		tab.Do(chromedp.Navigate(proxy.URL() + sheetPath(s)))
		tab.WaitUntilSettled("the sheet", q(`[data-testid="sheet-row"]`)+` !== null`)
		awaitJS(t, tab, "the sheet kept by the service worker", `navigator.serviceWorker.ready.then(() => `+kept(sheetPath(s))+`)`)
	}

	// B was kept on an earlier day: keeping A again deletes it.
	awaitJS(t, tab, "B's copy made old", keptEarlier(sheetPath(b)))
	tab.Do(chromedp.Navigate(proxy.URL() + sheetPath(a)))
	tab.WaitUntilSettled("A online", q(`[data-testid="sheet-row"]`)+` !== null`)
	awaitJS(t, tab, "B's old copy deleted, A's kept", `Promise.all([`+kept(sheetPath(a))+`, `+kept(sheetPath(b))+`]).then(([a, b]) => a && !b)`)

	// Offline, a copy of an earlier day is not served, and is deleted.
	awaitJS(t, tab, "A's copy made old", keptEarlier(sheetPath(a)))
	proxy.cut()
	tab.Do(chromedp.Navigate("about:blank"))
	_, _ = chromedp.Run(tab.Ctx, chromedp.Navigate(proxy.URL()+sheetPath(a))) // fails: nothing to serve
	if browsertest.Eval[bool](tab, q(`[data-testid="sheet-row"]`)+` !== null`) {
		t.Fatal("offline, the sheet opened from a copy kept on an earlier day")
	}
	proxy.restore()
	tab.Do(chromedp.Navigate(proxy.URL() + "/"))
	tab.WaitUntilSettled("home", q(`[data-testid="user-name"]`)+` !== null`)
	if evalAwait[bool](t, tab, kept(sheetPath(a))) {
		t.Error("the copy of an earlier day is still on the device")
	}
}

// The sign-in ends while the tablet is offline with marks waiting. When
// the network is back the marks are kept and not sent: the sheet asks to
// sign in again. Another person signing in on the tablet neither sees nor
// sends them. When the same trainer signs in again, they are sent, as
// the trainer.
func TestSignInEndingOfflineKeepsTheMarksForTheSamePerson(t *testing.T) {
	proxy := newCuttableProxy(t)
	var marks atomic.Int64
	srv := startSheetServer(t, apptest.WithEnv("AULA_PUBLIC_URL", proxy.URL()), countRequests(counted{isMarksPost, &marks, nil}))
	proxy.to(srv.Listener.Addr().String())
	s, _ := sheetSession(t, srv, 2)
	sheetURL := proxy.URL() + "/sessions/" + s.ID.String() + "/attendance"
	tab := touchTablet(t)
	signIn := func(persona string) {
		tab.Do(chromedp.Navigate(proxy.URL() + "/auth/start"))
		tab.Do(chromedp.Click(chromedp.CSS(`button[name="persona"][value="` + persona + `"]`)))
		tab.WaitUntilSettled("signed in", q(`[data-testid="user-name"]`)+` !== null`)
	}
	signIn(sandbox.PersonaTrainer)
	tab.Do(chromedp.Navigate(sheetURL))
	tab.WaitUntilSettled("the sheet", q(`[data-testid="sheet-row"]`)+` !== null`)
	awaitJS(t, tab, "the sheet kept by the service worker",
		`navigator.serviceWorker.ready.then(() => caches.open("aula-sheets")).then(c => c.keys()).then(k => k.length === 1)`)
	id := factorial.ID(atoi(t, browsertest.Eval[string](tab, q(`[data-testid="sheet-row"]`)+`.dataset.id`)))

	proxy.cut()
	tab.Do(chromedp.Click(chromedp.CSS(rowSel(id, "mark-attended"))))
	tab.WaitUntil("the mark waits", rowSays(id, "row-sync", "not saved yet"))
	// The sign-in ends meanwhile: the session cookie is gone.
	tab.Do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.ClearBrowserCookies, cdp.Empty{})
		return err
	}))
	proxy.restore()
	tab.Do(chromedp.Evaluate[chromedp.Void](`window.dispatchEvent(new Event("online"))`))
	tab.WaitUntil("asked to sign in again", `!`+q(`[data-testid="sign-in-again"]`)+`.hidden && `+
		q(`[data-testid="queue-count"]`)+`.textContent.startsWith("Sign in again to send your marks")`)
	if href := browsertest.Eval[string](tab, q(`[data-testid="sign-in-again"]`)+`.getAttribute("href")`); href != "/login?return_to=%2Fsessions%2F"+s.ID.String()+"%2Fattendance" {
		t.Errorf("sign in again leads to %q", href)
	}
	if n := marks.Load(); n != 0 {
		t.Errorf("%d batches sent without a sign-in", n)
	}
	if n := waitingEntries(t, tab); n != 1 {
		t.Fatalf("%d marks kept after the sign-in ended, want 1", n)
	}

	signIn(sandbox.PersonaHRAdmin)
	tab.Do(chromedp.Navigate(sheetURL))
	tab.WaitUntilSettled("HR's sheet", q(`[data-testid="sheet-row"]`)+` !== null`)
	tab.Do(chromedp.Evaluate[chromedp.Void](`window.dispatchEvent(new Event("online"))`))
	awaitJS(t, tab, "the trainer's mark still kept", waitingEntriesJS+`.then(n => n === 1)`)
	if got := browsertest.Eval[string](tab, q(rowSel(id, "row-status"))+`.textContent`); got != "not marked" || !browsertest.Eval[bool](tab, q(`[data-testid="queue"]`)+`.hidden`) {
		t.Errorf("HR is shown the trainer's waiting mark: %q", got)
	}
	if n := marks.Load(); n != 0 {
		t.Errorf("%d batches sent while HR was signed in", n)
	}

	signIn(sandbox.PersonaTrainer)
	tab.Do(chromedp.Navigate(sheetURL))
	tab.WaitUntilSettled("the trainer's sheet again", q(`[data-testid="sheet-row"]`)+` !== null`)
	tab.WaitUntil("the mark sent", rowSays(id, "row-sync", "saved")+` && `+q(`[data-testid="queue"]`)+`.hidden`)
	if got := srv.Sandbox.Snapshot().Attendance(id).Status; got != factorial.AttendanceCompleted {
		t.Errorf("row is %s after the trainer signed in again", got)
	}
	for _, r := range srv.Sandbox.Requests() {
		if strings.HasSuffix(r.Path, "session_attendances/bulk_update") && containsID(r.Body, id) && r.Persona != sandbox.PersonaTrainer {
			t.Errorf("the trainer's mark was written as %s", r.Persona)
		}
	}
	noScriptTrouble(t, tab)
}

// Between the server's answers the sheet's script writes the counter, the
// waiting count and the hours itself: in the page's language, with each
// plural form the server gave the page (Spanish here), never English.
func TestSheetCountsInItsLanguageBetweenAnswers(t *testing.T) {
	var refuse atomic.Bool
	var marks atomic.Int64
	srv := startSheetServer(t, countRequests(counted{isMarksPost, &marks, &refuse}))
	s, _ := sheetSession(t, srv, 2)
	tab := touchTablet(t)
	signInBrowser(t, tab, srv, sandbox.PersonaTrainer)
	tab.Do(chromedp.Evaluate[chromedp.Void](`document.cookie = "aula_lang=es; path=/"`))
	tab.Do(chromedp.Navigate(srv.URL + "/sessions/" + s.ID.String() + "/attendance"))
	tab.WaitUntilSettled("la hoja", q(`[data-testid="sheet-row"]`)+` !== null`)
	counter := func(want string) string { return q(`[data-testid="counter"]`) + `.textContent === ` + jsString(want) }
	tab.WaitUntil("the server's counter", counter("0 de 2 marcadas · 0 asistieron · 0 ausentes"))
	ids := browsertest.Eval[[]string](tab, `[...document.querySelectorAll('[data-testid="sheet-row"]')].map(r => r.dataset.id)`)
	row := func(i int) factorial.ID { return factorial.ID(atoi(t, ids[i])) }

	refuse.Store(true) // the marks wait: the script writes the counter
	tab.Do(chromedp.Click(chromedp.CSS(rowSel(row(0), "mark-absent"))))
	tab.WaitUntil("one mark", counter("1 de 2 marcada · 0 asistieron · 1 ausente")+` && `+
		q(`[data-testid="queue-count"]`)+`.textContent === "1 marca pendiente de enviar."`)
	tab.Do(chromedp.Click(chromedp.CSS(rowSel(row(1), "row-more"))))
	tab.InsertText(`#hours-`+ids[1], "1,5")
	tab.Do(chromedp.Click(chromedp.CSS(rowSel(row(1), "save-hours"))))
	tab.WaitUntil("two marks", counter("2 de 2 marcadas · 1 asistió · 1 ausente")+` && `+
		rowSays(row(1), "row-hours", "1,5 h")+` && `+rowSays(row(1), "row-status", "asistió")+` && `+
		q(`[data-testid="queue-count"]`)+`.textContent === "2 marcas pendientes de enviar."`)

	refuse.Store(false)
	tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="send-now"]`)))
	tab.WaitUntil("sent", rowSays(row(1), "row-sync", "guardado")+` && `+q(`[data-testid="queue"]`)+`.hidden && `+
		counter("2 de 2 marcadas · 1 asistió · 1 ausente"))
	if a := srv.Sandbox.Snapshot().Attendance(row(1)); a.Status != factorial.AttendanceCompleted || a.CompletedDuration == nil || *a.CompletedDuration != 1.5 {
		t.Errorf("1,5 h in Spanish reached Factorial as %+v", a)
	}
	noScriptTrouble(t, tab)
}
