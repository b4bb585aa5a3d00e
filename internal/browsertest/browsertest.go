// Package browsertest drives Debian's Chromium through chromedp for Aula's
// browser tests: it starts a headless tab, collects console messages and
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
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

//go:embed testdata/axe-4.14.1.min.js
var axeSource string

// Tab is one headless browser tab for one test.
type Tab struct {
	Ctx context.Context
	t   testing.TB

	mu       sync.Mutex
	messages []chromedp.ConsoleMessage
}

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

// Start opens a headless tab of width×height; it closes when the test ends.
func Start(t testing.TB, width, height int) *Tab {
	t.Helper()
	path := chromiumPath(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.WindowSize(width, height),
		chromedp.Flag("disable-gpu", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithDeadline(ctx, tabDeadline(t))
	tab := &Tab{Ctx: ctx, t: t}
	t.Cleanup(func() {
		cancelTimeout()
		cancelTab()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height)),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: historyTracker})
			return err
		})); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			tab.mu.Lock()
			tab.messages = append(tab.messages, m)
			tab.mu.Unlock()
		}
	}()
	return tab
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
