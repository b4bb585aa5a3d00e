package browsertest

import (
	"context"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// retryAfterError is how long WaitUntil lets the browser be after an
// evaluation failed (a navigation replaced the document, the new one has no
// script context yet) before it asks again. It paces retries; it is not a
// guess at how long anything takes.
const retryAfterError = 25 * time.Millisecond

// WaitUntil waits until the JavaScript expression expr is truthy in the
// page, for as long as the tab's overall deadline allows; no wait has a
// shorter timeout of its own, so a slow, loaded machine only makes the test
// slower. The condition is checked in the page every 50 ms; it survives page
// loads (a check cut short by a navigation is started again on the new
// document), and an expression that throws counts as false (e.g.
// document.querySelector(…).textContent before the element exists).
//
// The expression is part of the script sent through the DevTools protocol,
// not compiled by the page (no eval, new Function), so the page's CSP is
// not involved.
func (tb *Tab) WaitUntil(what, expr string) {
	tb.t.Helper()
	script := `new Promise(resolve => {
	const check = () => { try { return !!(` + expr + `) } catch (e) { return false } };
	if (check()) { resolve(true); return }
	const id = setInterval(() => { if (check()) { clearInterval(id); resolve(true) } }, 50);
})`
	var lastErr error
	lastLoc := "?"
	for {
		ok, err := chromedp.Run(tb.Ctx, chromedp.Evaluate[bool](script, chromedp.EvalAwaitPromise))
		if err == nil && ok {
			return
		}
		if tb.Ctx.Err() != nil {
			tb.t.Fatalf("waiting for %s: the test's browser deadline passed (%v); condition: %s; last error: %v; last location: %s",
				what, tb.Ctx.Err(), expr, lastErr, lastLoc)
		}
		lastErr = err
		if loc, lerr := chromedp.Run(tb.Ctx, chromedp.Evaluate[string](`location.href`)); lerr == nil {
			lastLoc = loc
		}
		t := time.NewTimer(retryAfterError)
		select {
		case <-tb.Ctx.Done():
		case <-t.C:
		}
		t.Stop()
	}
}

// Settled is a JavaScript condition that holds when the document has loaded
// and htmx has nothing in flight: no element carries htmx's request class
// (set from the moment a request is issued until its response is handled)
// or its swapping/settling/added classes (removed once the swapped content
// has settled), and no history restore is under way (Back to a view htmx
// pushed: htmx fetches it again with a request that sets no class, while
// the address already says the old view; see historyTracker). It cannot
// see a trigger still in its delay (hx-trigger "delay:300ms"); wait for
// that request's effect (URL, content) too.
const Settled = `(document.readyState === 'complete' && !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added') && !(window.__historyRestores > 0))`

// historyTracker runs in every document of a tab before its own scripts
// (through the DevTools protocol, so the page's CSP is not involved). It
// counts htmx's history restores from the server: started by
// htmx:historyCacheMiss (in the same task as the popstate that changed the
// address), ended once the answer is swapped in or refused.
const historyTracker = `(() => {
	let pending = 0;
	const done = () => { pending = Math.max(0, pending - 1) };
	addEventListener('htmx:historyCacheMiss', () => { pending++ }, true);
	addEventListener('htmx:historyRestore', done, true);
	addEventListener('htmx:historyCacheMissLoadError', done, true);
	Object.defineProperty(window, '__historyRestores', { get: () => pending });
})()`

// WaitSettled waits until the page is Settled.
func (tb *Tab) WaitSettled() {
	tb.t.Helper()
	tb.WaitUntil("the page to settle (loaded, no htmx request or swap in progress)", Settled)
}

// WaitUntilSettled waits until expr is truthy and the page is Settled at
// the same moment: the state expr describes is the one htmx left behind,
// not an intermediate one a pending response is about to replace.
func (tb *Tab) WaitUntilSettled(what, expr string) {
	tb.t.Helper()
	tb.WaitUntil(what+" (page settled)", `(`+expr+`) && `+Settled)
}

// InsertText focuses the first element matching css and inserts text into
// it as one input event, as a paste or an input method would (one "input"
// event for the whole text, where SendKeys fires one per character; with a
// debounced trigger, keystrokes slowed down by a loaded machine can
// otherwise each start their own request).
func (tb *Tab) InsertText(css, text string) {
	tb.t.Helper()
	tb.Do(
		chromedp.Focus(chromedp.CSS(css)),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: text})
			return err
		}),
	)
}
