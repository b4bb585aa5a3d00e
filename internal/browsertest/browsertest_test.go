package browsertest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"
)

// The detectors must see what they are meant to catch, or the app's browser
// tests would prove nothing.
func TestDetectorsCatchViolations(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, `<!doctype html><html><head><title>bad</title></head><body>
<p style="color:red">inline style</p><script>document.title = "ran"</script>
<img src="/x.png"><button></button></body></html>`)
	}))
	defer srv.Close()
	tab := Start(t, 1024, 768)
	tab.Do(chromedp.Navigate(srv.URL))
	vs := tab.Axe()
	var serious int
	for _, v := range vs {
		if v.Impact == "serious" || v.Impact == "critical" {
			serious++
		}
	}
	if serious == 0 {
		t.Errorf("axe found no serious violation on a page with an unlabeled button, an image without alt and no lang: %+v", vs)
	}
	tab.Do(chromedp.Sleep(300e6))
	if len(tab.CSPViolations()) == 0 {
		t.Errorf("no CSP violation reported for an inline script and style; console: %v", tab.Messages())
	}
}

// Restart stops the browser's process and starts a new one on the same
// profile: what a page kept in IndexedDB is there again, read by another
// process. Another opens a tab in the same browser, sharing its storage.
func TestRestartKeepsTheProfile(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, `<!doctype html><html lang="en"><head><title>kept</title></head><body><p>kept</p></body></html>`)
	}))
	defer srv.Close()
	const store = `new Promise((resolve, reject) => { const o = indexedDB.open("kept", 1);
		o.onupgradeneeded = () => o.result.createObjectStore("s");
		o.onerror = () => reject(o.error);
		o.onsuccess = () => { const t = o.result.transaction("s", "readwrite"); t.objectStore("s").put("a mark", "k");
			t.oncomplete = () => { o.result.close(); resolve(true) } } })`
	const read = `new Promise(resolve => { const o = indexedDB.open("kept", 1);
		o.onupgradeneeded = () => o.result.createObjectStore("s");
		o.onsuccess = () => { const g = o.result.transaction("s").objectStore("s").get("k");
			g.onsuccess = () => { o.result.close(); resolve(g.result || "") } } })`
	evalAwait := func(tab *Tab, expr string) string {
		t.Helper()
		v, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[any](expr, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("evaluate %s: %v", expr, err)
		}
		s, _ := v.(string)
		return s
	}

	tab := Start(t, 800, 600, UserDataDir(t.TempDir()))
	tab.Do(chromedp.Navigate(srv.URL))
	evalAwait(tab, store)
	t.Run("another tab shares the storage", func(t *testing.T) {
		other := tab.Another(t)
		other.Do(chromedp.Navigate(srv.URL))
		if got := evalAwait(other, read); got != "a mark" {
			t.Errorf("the second tab reads %q", got)
		}
		if other.BrowserPID() != tab.BrowserPID() {
			t.Error("the second tab runs in another browser")
		}
	})
	before := tab.BrowserPID()
	tab.Restart()
	if tab.BrowserPID() == before {
		t.Fatalf("the browser was not restarted (pid %d)", before)
	}
	tab.Do(chromedp.Navigate(srv.URL))
	if got := evalAwait(tab, read); got != "a mark" {
		t.Errorf("after a restart IndexedDB holds %q, want the value kept before", got)
	}
}
