// Package browsertest drives Debian's Chromium through chromedp for Aula's
// browser tests: it starts a headless tab (more tabs in the same browser
// with Another; a browser closed and started again on the same profile with
// UserDataDir and Restart), collects console messages and
// Content-Security-Policy violations, and runs axe-core on a page.
//
// Without Chromium the tests skip, unless AULA_STRICT_TESTS=1, when they
// fail.
package browsertest

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

//go:embed testdata/axe-4.14.1.min.js
var axeSource string

// Tab is one headless browser tab for one test.
type Tab struct {
	Ctx context.Context
	t   testing.TB

	width, height int
	opts          options
	own           bool         // Start launched the browser for this tab (not Another)
	close         func() error // closes this tab (and, for Start's tab, its browser)

	mu       sync.Mutex
	messages []chromedp.ConsoleMessage
}

// Option changes how Start launches the browser.
type Option func(*options)

type options struct {
	userDataDir string
	touchPoints int64
}

// UserDataDir keeps the browser's profile (cookies, IndexedDB, service
// workers, caches) in dir, which the caller owns (t.TempDir()), instead of
// a directory of its own that is deleted when the browser stops: a tab
// started with it can Restart on the same profile.
func UserDataDir(dir string) Option { return func(o *options) { o.userDataDir = dir } }

// Touch turns touch emulation on, with up to maxPoints touch points (a
// tablet), in every tab of the browser.
func Touch(maxPoints int) Option { return func(o *options) { o.touchPoints = int64(maxPoints) } }

// chromiumPath finds the browser, or skips/fails the test.
func chromiumPath(t testing.TB) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("AULA_STRICT_TESTS") == "1" {
		t.Fatal("Chromium not found and AULA_STRICT_TESTS=1 (apt-get install chromium)")
	}
	t.Skip("Chromium not found; install it (apt-get install chromium) or set AULA_STRICT_TESTS=1 to fail")
	return ""
}

// Start launches Chromium and opens a headless tab of width×height in it;
// both close when the test ends.
func Start(t testing.TB, width, height int, opts ...Option) *Tab {
	t.Helper()
	tab := &Tab{t: t, width: width, height: height, own: true}
	for _, o := range opts {
		o(&tab.opts)
	}
	tab.launch()
	t.Cleanup(func() { _ = tab.close() })
	return tab
}

// launch starts a browser for tab and opens its first tab.
func (tb *Tab) launch() {
	tb.t.Helper()
	flags := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(tb.t)),
		chromedp.WindowSize(tb.width, tb.height),
		chromedp.Flag("disable-gpu", true),
	)
	if tb.opts.userDataDir != "" {
		flags = append(flags, chromedp.UserDataDir(tb.opts.userDataDir))
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), flags...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithDeadline(ctx, tabDeadline(tb.t))
	tb.Ctx = ctx
	kept := tb.opts.userDataDir != ""
	tb.close = func() error {
		// A profile that outlives the browser is closed through the
		// DevTools protocol, and Cancel waits for the process to exit,
		// so what it keeps on disk (cookies, IndexedDB) is written, as
		// when a person closes the browser. A throwaway profile is just
		// stopped.
		var err error
		if kept {
			err = chromedp.Cancel(ctx)
		}
		cancelTimeout()
		cancelTab()
		cancelAlloc()
		return err
	}
	tb.setUp()
}

// setUp prepares the tab: viewport, touch, the history tracker, and the
// collection of console messages.
func (tb *Tab) setUp() {
	tb.t.Helper()
	steps := []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(int64(tb.width), int64(tb.height)),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: historyTracker})
			return err
		})}
	if n := tb.opts.touchPoints; n > 0 {
		steps = append(steps, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: n})
			return err
		}))
	}
	if err := chromedp.Do(tb.Ctx, steps...); err != nil {
		tb.t.Fatalf("start Chromium: %v", err)
	}
	messages := chromedp.Console(tb.Ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			tb.mu.Lock()
			tb.messages = append(tb.messages, m)
			tb.mu.Unlock()
		}
	}()
}

// Another opens a second tab in tab's browser for the test t (a subtest
// of tab's, say): it shares the browser's cookies and storage, as a second
// tab a person opens does, and costs no browser launch. It closes when t
// ends; the browser stays open.
func (tb *Tab) Another(t testing.TB) *Tab {
	t.Helper()
	if !tb.own {
		t.Fatal("browsertest: Another of a tab that Another opened; open it from the tab Start returned")
	}
	ctx, cancel := chromedp.NewContext(tb.Ctx)
	other := &Tab{Ctx: ctx, t: t, width: tb.width, height: tb.height, opts: tb.opts,
		close: func() error { cancel(); return nil }}
	other.setUp()
	t.Cleanup(func() { _ = other.close() })
	return other
}

// Restart closes the whole browser, as a person closing it on a tablet
// does (its process exits), and launches a new Chromium on the same user
// data dir (UserDataDir), with one tab on about:blank. Console messages of
// the closed browser are kept.
func (tb *Tab) Restart() {
	tb.t.Helper()
	if !tb.own || tb.opts.userDataDir == "" {
		tb.t.Fatal("browsertest: Restart needs the tab Start returned, started with UserDataDir")
	}
	proc := tb.browserProcess()
	if err := tb.close(); err != nil {
		tb.t.Fatalf("close Chromium: %v", err)
	}
	if err := proc.Signal(syscall.Signal(0)); err == nil {
		tb.t.Fatalf("Chromium (pid %d) still runs after it was closed", proc.Pid)
	}
	tb.launch()
}

// BrowserPID is the process id of the tab's browser.
func (tb *Tab) BrowserPID() int {
	tb.t.Helper()
	return tb.browserProcess().Pid
}

func (tb *Tab) browserProcess() *os.Process {
	tb.t.Helper()
	c := chromedp.FromContext(tb.Ctx)
	if c == nil || c.Browser == nil || c.Browser.Process() == nil {
		tb.t.Fatal("browsertest: the tab has no browser process")
	}
	return c.Browser.Process()
}

// tabDeadline is when a tab gives up: shortly before the test binary is
// stopped (go test -timeout, 10 minutes by default), so that a stuck wait
// still fails with its own message. No shorter bound: a slow, loaded
// machine makes a browser test slower, not red (a fixed minute per test
// was half used by one test on a loaded machine).
func tabDeadline(t testing.TB) time.Time {
	end := time.Now().Add(10 * time.Minute)
	if d, ok := t.(interface{ Deadline() (time.Time, bool) }); ok {
		if dl, ok := d.Deadline(); ok {
			end = dl
		}
	}
	return end.Add(-min(30*time.Second, time.Until(end)/2))
}

// Do runs steps and fails the test on error.
func (tb *Tab) Do(steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := chromedp.Do(tb.Ctx, steps...); err != nil {
		tb.t.Fatalf("browser: %v (at %s)", err, tb.Location())
	}
}

// Location is the tab's current URL.
func (tb *Tab) Location() string {
	loc, err := chromedp.Run(tb.Ctx, chromedp.Location())
	if err != nil {
		return "?"
	}
	return loc
}

// Text returns the visible text of the first element matching css.
func (tb *Tab) Text(css string) string {
	tb.t.Helper()
	s, err := chromedp.Run(tb.Ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		tb.t.Fatalf("text of %s: %v (at %s)", css, err, tb.Location())
	}
	return strings.TrimSpace(s)
}

// Count returns how many elements match css.
func (tb *Tab) Count(css string) int {
	tb.t.Helper()
	n, err := chromedp.Run(tb.Ctx, chromedp.Evaluate[int](fmt.Sprintf("document.querySelectorAll(%q).length", css)))
	if err != nil {
		tb.t.Fatalf("count %s: %v", css, err)
	}
	return n
}

// Eval evaluates a JavaScript expression in the page.
func Eval[T any](tb *Tab, expr string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.Ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		tb.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// Messages returns the console messages so far.
func (tb *Tab) Messages() []chromedp.ConsoleMessage {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return append([]chromedp.ConsoleMessage(nil), tb.messages...)
}

// CSPViolations returns the console reports of Content-Security-Policy
// violations so far.
func (tb *Tab) CSPViolations() []string {
	var out []string
	for _, m := range tb.Messages() {
		if strings.Contains(m.Text, "Content Security Policy") || strings.Contains(m.Text, "Content-Security-Policy") {
			out = append(out, m.Text)
		}
	}
	return out
}

// NoCSPViolations fails the test if the browser reported any. Console
// messages arrive asynchronously, so it waits briefly first.
func (tb *Tab) NoCSPViolations() {
	tb.t.Helper()
	time.Sleep(200 * time.Millisecond)
	for _, v := range tb.CSPViolations() {
		tb.t.Errorf("CSP violation: %s", v)
	}
}

// Violation is one axe-core finding.
type Violation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// Axe runs axe-core on the current page and returns its violations. The
// script is injected through the DevTools protocol, which the page's CSP
// does not govern.
func (tb *Tab) Axe() []Violation {
	tb.t.Helper()
	if _, err := chromedp.Run(tb.Ctx, chromedp.Evaluate[bool](axeSource+";true")); err != nil {
		tb.t.Fatalf("inject axe-core: %v", err)
	}
	const run = `axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help, nodes: v.nodes.map(n => n.target.join(" "))}))))`
	out, err := chromedp.Run(tb.Ctx, chromedp.Evaluate[string](run, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("run axe-core: %v", err)
	}
	var vs []Violation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		tb.t.Fatalf("axe-core result: %v", err)
	}
	return vs
}

// Accessible fails the test on serious or critical axe-core violations of
// the current page, and logs the minor ones.
func (tb *Tab) Accessible(page string) {
	tb.t.Helper()
	for _, v := range tb.Axe() {
		if v.Impact == "serious" || v.Impact == "critical" {
			tb.t.Errorf("%s: axe %s (%s): %s at %v", page, v.ID, v.Impact, v.Help, v.Nodes)
		} else {
			tb.t.Logf("%s: axe %s (%s): %s at %v", page, v.ID, v.Impact, v.Help, v.Nodes)
		}
	}
}
