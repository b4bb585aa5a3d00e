package browsertest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"
)

// The wait helpers must wait for the condition, across a page load, and
// must not call a page settled while an htmx class says a request or swap
// is in progress. The pages change state on their own, after a delay,
// through scripts the test does not drive.
func TestWaitUntilAndSettled(t *testing.T) {
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, `<!doctype html><html lang="en"><head><title>t</title></head><body>`+body+`</body></html>`)
		}
	}
	// /a loads /b by itself after 1 s: WaitUntil started on /a must
	// keep waiting through the navigation and see /b.
	mux.HandleFunc("/a", page(`<p id="a">A</p><script>setTimeout(() => { location.href = "/b" }, 1000)</script>`))
	mux.HandleFunc("/b", page(`<p id="b">B</p>`))
	// /busy: an element carries htmx-request for 500 ms, then
	// htmx-settling for 300 ms more, then the result appears.
	mux.HandleFunc("/busy", page(`<div id="x" class="htmx-request">…</div><script>
setTimeout(() => { const x = document.getElementById("x"); x.className = "htmx-settling"; x.textContent = "half" }, 500);
setTimeout(() => { const x = document.getElementById("x"); x.className = ""; x.textContent = "done" }, 800);
</script>`))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	tab := Start(t, 800, 600)

	tab.Do(chromedp.Navigate(srv.URL + "/a"))
	if got := Eval[string](tab, `location.pathname`); got != "/a" {
		t.Logf("already at %s before WaitUntil began: the navigation case was not exercised", got)
	}
	// Throws on /a (no #b): counts as false, not as an error.
	tab.WaitUntil("page B", `document.getElementById('b').textContent === 'B'`)
	if got := Eval[string](tab, `location.pathname`); got != "/b" {
		t.Errorf("WaitUntil returned at %s, want /b", got)
	}

	tab.Do(chromedp.Navigate(srv.URL + "/busy"))
	tab.WaitSettled()
	if got := tab.Text("#x"); got != "done" {
		t.Errorf("WaitSettled returned while #x was %q, want done", got)
	}

	tab.Do(chromedp.Navigate(srv.URL + "/busy"))
	// #x exists at once; settled only once the classes are gone.
	tab.WaitUntilSettled("#x", `document.getElementById('x') !== null`)
	if got := tab.Text("#x"); got != "done" {
		t.Errorf("WaitUntilSettled returned while #x was %q, want done", got)
	}
}

// InsertText puts the whole text in with a single input event.
func TestInsertTextIsOneInputEvent(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, `<!doctype html><html lang="en"><head><title>t</title></head><body>
<label for="q">Q</label><input id="q" type="search"><output id="n">0</output>
<script>let n = 0; document.getElementById("q").addEventListener("input", () => { document.getElementById("n").textContent = ++n })</script>
</body></html>`)
	}))
	defer srv.Close()
	tab := Start(t, 800, 600)
	tab.Do(chromedp.Navigate(srv.URL))
	tab.InsertText("#q", "safety")
	if got := Eval[string](tab, `document.getElementById('q').value`); got != "safety" {
		t.Errorf("value %q, want safety", got)
	}
	if got := tab.Text("#n"); got != "1" {
		t.Errorf("%s input events, want 1", got)
	}
}
