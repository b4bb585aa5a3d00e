package handlers_test

import (
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/browsertest"
)

// cuttableProxy is a TCP proxy between the browser and Aula whose cut
// closes every connection and refuses new ones: offline for the page and
// for its service worker alike, which network emulation on the page is not.
type cuttableProxy struct {
	ln     net.Listener
	target string
	down   atomic.Bool
	mu     sync.Mutex
	conns  map[net.Conn]bool
}

func newCuttableProxy(t *testing.T) *cuttableProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cuttableProxy{ln: ln, conns: map[net.Conn]bool{}}
	t.Cleanup(func() { ln.Close(); p.cut() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			if p.down.Load() {
				c.Close()
				continue
			}
			go p.pipe(c)
		}
	}()
	return p
}

func (p *cuttableProxy) URL() string { return "http://" + p.ln.Addr().String() }

// to sets where the proxy forwards (the server starts after the proxy: its
// public address is the proxy's).
func (p *cuttableProxy) to(target string) {
	p.mu.Lock()
	p.target = target
	p.mu.Unlock()
}

func (p *cuttableProxy) pipe(c net.Conn) {
	p.mu.Lock()
	target := p.target
	p.mu.Unlock()
	up, err := net.Dial("tcp", target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	p.conns[c], p.conns[up] = true, true
	p.mu.Unlock()
	go func() { _, _ = io.Copy(up, c); up.Close() }()
	_, _ = io.Copy(c, up)
	c.Close()
}

// cut drops every connection and refuses new ones until restore.
func (p *cuttableProxy) cut() {
	p.down.Store(true)
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		c.Close()
	}
	p.conns = map[net.Conn]bool{}
}

func (p *cuttableProxy) restore() { p.down.Store(false) }

// awaitJS waits until the promise of expr resolves true.
func awaitJS(t *testing.T, tab *browsertest.Tab, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[bool](expr, chromedp.EvalAwaitPromise))
		if err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("waiting for %s: %s", what, expr)
}

// Offline for real: the sheet was opened online, then the proxy between
// the browser and Aula is cut. Marks made meanwhile stay on screen as not
// saved yet, one entry per row (a second tap replaces the first); the
// sheet reloads from the service worker with its waiting marks; no request
// reaches Aula meanwhile. A change made through the API to a row waiting
// meanwhile is offered to the trainer, not overwritten; once the network
// is back every other mark arrives, and the trainer's choice is kept:
// their own mark written on one row, the other change on another.
func TestAttendanceSheetOffline(t *testing.T) {
	proxy := newCuttableProxy(t)
	var served atomic.Int64
	srv := startSheetServer(t, apptest.WithEnv("AULA_PUBLIC_URL", proxy.URL()),
		apptest.WithHandlerWrap(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { served.Add(1); next.ServeHTTP(w, r) })
		}))
	proxy.to(srv.Listener.Addr().String())
	s, _ := sheetSession(t, srv, 3)
	tab := touchTablet(t)
	tab.Do(chromedp.Navigate(proxy.URL() + "/auth/start"))
	tab.Do(chromedp.Click(chromedp.CSS(`button[name="persona"][value="` + sandbox.PersonaTrainer + `"]`)))
	tab.WaitUntilSettled("signed in", q(`[data-testid="user-name"]`)+` !== null`)
	sheetURL := proxy.URL() + "/sessions/" + s.ID.String() + "/attendance"
	tab.Do(chromedp.Navigate(sheetURL))
	tab.WaitUntilSettled("the sheet", q(`[data-testid="sheet-row"]`)+` !== null`)
	awaitJS(t, tab, "the sheet kept by the service worker",
		`navigator.serviceWorker.ready.then(() => caches.open("aula-sheets")).then(c => c.keys()).then(k => k.length === 1)`)
	ids := browsertest.Eval[[]string](tab, `[...document.querySelectorAll('[data-testid="sheet-row"]')].map(r => r.dataset.id)`)
	row := func(i int) factorial.ID { return factorial.ID(atoi(t, ids[i])) }

	proxy.cut()
	before := served.Load()
	tab.Do(chromedp.Click(chromedp.CSS(rowSel(row(0), "mark-attended"))))
	tab.Do(chromedp.Click(chromedp.CSS(rowSel(row(1), "mark-absent"))))
	tab.Do(chromedp.Click(chromedp.CSS(rowSel(row(1), "mark-attended")))) // replaces the absent mark
	tab.Do(chromedp.Click(chromedp.CSS(rowSel(row(2), "mark-absent"))))
	tab.WaitUntil("marks waiting", rowSays(row(0), "row-sync", "not saved yet")+` && `+rowSays(row(1), "row-sync", "not saved yet")+
		` && `+q(`[data-testid="queue-count"]`)+`.textContent === "3 marks waiting to be sent."`)

	tab.Do(chromedp.Reload())
	tab.WaitUntil("the sheet offline with its waiting marks", q(`[data-testid="sheet-row"]`)+` !== null && `+
		rowSays(row(0), "row-status", "attended")+` && `+rowSays(row(1), "row-status", "attended")+` && `+
		rowSays(row(1), "row-sync", "not saved yet")+` && `+q(`[data-testid="queue-count"]`)+`.textContent === "3 marks waiting to be sent."`)

	// Meanwhile someone changes rows 1 and 2 in Factorial.
	if _, err := apiClient(t, srv.Sandbox).Attendances.BulkUpdate(t.Context(), factorial.AttendanceUpdate{IDs: []factorial.ID{row(1), row(2)}, Status: factorial.Ptr(factorial.AttendanceInProgress)}); err != nil {
		t.Fatal(err)
	}
	if n := served.Load() - before; n != 0 {
		t.Errorf("%d requests reached Aula while offline", n)
	}
	if got := srv.Sandbox.Snapshot().Attendance(row(0)).Status; got != factorial.AttendancePending {
		t.Fatalf("row 0 is %s in Factorial while offline", got)
	}

	proxy.restore()
	tab.Do(chromedp.Evaluate[chromedp.Void](`window.dispatchEvent(new Event("online"))`))
	tab.WaitUntil("row 0 saved, rows 1 and 2 offered", rowSays(row(0), "row-sync", "saved")+` && !`+q(rowSel(row(1), "row-conflict"))+`.hidden && !`+
		q(rowSel(row(2), "row-conflict"))+`.hidden && `+rowSays(row(2), "row-conflict-text", "Changed elsewhere to “in progress” while you marked “absent”."))
	tab.Accessible("a conflict offered")
	snap := srv.Sandbox.Snapshot()
	if got := snap.Attendance(row(0)).Status; got != factorial.AttendanceCompleted {
		t.Errorf("row 0 is %s, marked attended offline", got)
	}
	if got := snap.Attendance(row(1)).Status; got != factorial.AttendanceInProgress {
		t.Errorf("the change made elsewhere was overwritten: row 1 is %s", got)
	}
	for _, r := range srv.Sandbox.Requests() {
		if r.Persona == sandbox.PersonaTrainer && strings.HasSuffix(r.Path, "session_attendances/bulk_update") && (containsID(r.Body, row(1)) || containsID(r.Body, row(2))) {
			t.Errorf("a conflicting row written before the trainer chose: %s", r.Body)
		}
	}
	// Row 2: the trainer keeps the other change; nothing is written.
	tab.Do(chromedp.Click(chromedp.CSS(rowSel(row(2), "keep-theirs"))))
	tab.WaitUntil("row 2 as changed elsewhere", rowSays(row(2), "row-status", "in progress")+` && `+q(rowSel(row(2), "row-conflict"))+` === null`)
	tab.Do(chromedp.Click(chromedp.CSS(rowSel(row(1), "keep-mine"))))
	tab.WaitUntil("row 1 saved", rowSays(row(1), "row-sync", "saved")+` && `+rowSays(row(1), "row-status", "attended"))
	if got := srv.Sandbox.Snapshot().Attendance(row(1)).Status; got != factorial.AttendanceCompleted {
		t.Errorf("row 1 is %s after keeping the trainer's mark", got)
	}
	tab.WaitUntil("nothing waiting", q(`[data-testid="queue"]`)+`.hidden`)
	if got := srv.Sandbox.Snapshot().Attendance(row(2)).Status; got != factorial.AttendanceInProgress {
		t.Errorf("row 2 is %s after keeping the other change", got)
	}
	for _, r := range srv.Sandbox.Requests() {
		if r.Persona == sandbox.PersonaTrainer && strings.HasSuffix(r.Path, "session_attendances/bulk_update") && containsID(r.Body, row(2)) {
			t.Errorf("row 2 written although the trainer kept the other change: %s", r.Body)
		}
	}
	noScriptTrouble(t, tab)
}

func containsID(body string, id factorial.ID) bool {
	for _, sep := range []string{"[", ","} {
		for _, end := range []string{",", "]"} {
			if strings.Contains(body, sep+id.String()+end) {
				return true
			}
		}
	}
	return false
}

// A shared tablet: the trainer's marks wait (Aula refuses the writes), and
// HR signs in on the same browser. HR's sheet neither shows nor sends the
// trainer's waiting marks; they stay the trainer's.
func TestWaitingMarksBelongToTheirMaker(t *testing.T) {
	var refuse atomic.Bool
	var sentByHR atomic.Int64
	srv := startSheetServer(t, apptest.WithHandlerWrap(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/attendance/marks") {
				if refuse.Load() {
					http.Error(w, "down", http.StatusServiceUnavailable)
					return
				}
				sentByHR.Add(1)
			}
			next.ServeHTTP(w, r)
		})
	}))
	s, _ := sheetSession(t, srv, 2)
	tab := touchTablet(t)
	signInBrowser(t, tab, srv, sandbox.PersonaTrainer)
	sheetURL := srv.URL + "/sessions/" + s.ID.String() + "/attendance"
	tab.Do(chromedp.Navigate(sheetURL))
	tab.WaitUntilSettled("the sheet", q(`[data-testid="sheet-row"]`)+` !== null`)
	id := factorial.ID(atoi(t, browsertest.Eval[string](tab, q(`[data-testid="sheet-row"]`)+`.dataset.id`)))
	refuse.Store(true)
	tab.Do(chromedp.Click(chromedp.CSS(rowSel(id, "mark-absent"))))
	tab.WaitUntil("the mark waits", rowSays(id, "row-sync", "not saved yet"))

	signInBrowser(t, tab, srv, sandbox.PersonaHRAdmin)
	refuse.Store(false)
	tab.Do(chromedp.Navigate(sheetURL))
	tab.WaitUntilSettled("HR's sheet", q(`[data-testid="sheet-row"]`)+` !== null`)
	awaitJS(t, tab, "the trainer's entry still on the device",
		`new Promise(r => { const o = indexedDB.open("aula-attendance"); o.onsuccess = () => { const g = o.result.transaction("marks").objectStore("marks").getAll(); g.onsuccess = () => r(g.result.length === 1) } })`)
	if got := browsertest.Eval[string](tab, q(rowSel(id, "row-status"))+`.textContent`); got != "not marked" {
		t.Errorf("HR sees the trainer's waiting mark: %q", got)
	}
	if !browsertest.Eval[bool](tab, q(`[data-testid="queue"]`)+`.hidden`) {
		t.Error("HR is shown the trainer's waiting marks")
	}
	tab.Do(chromedp.Evaluate[chromedp.Void](`window.dispatchEvent(new Event("online"))`))
	time.Sleep(300 * time.Millisecond) // a send, were there one, is under way by now
	if n := sentByHR.Load(); n != 0 {
		t.Errorf("%d batches sent after HR signed in", n)
	}
	if got := srv.Sandbox.Snapshot().Attendance(id).Status; got != factorial.AttendancePending {
		t.Errorf("the trainer's mark was written under HR: %s", got)
	}
}
