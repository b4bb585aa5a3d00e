package browsertest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// SmallTargets flags exactly the controls that are too small to hit: a
// short link, a tick box whose only label is visually hidden, a small
// button; it passes a tick box inside a 44×44 label, a large link, an
// inline text link that opts out, and skips what is not rendered.
func TestSmallTargetsMeasuresHitAreas(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, `<!doctype html><html lang="en"><head><title>targets</title><style>
body { font: 16px/1.5 sans-serif; margin: 0; }
.big { display: inline-flex; align-items: center; min-height: 44px; min-width: 44px; }
.hit { display: inline-flex; align-items: center; min-height: 44px; min-width: 44px; }
.hit input, .tiny-box { width: 22px; height: 22px; margin: 0; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.small-button { padding: 0; width: 80px; height: 30px; }
</style></head><body>
<a href="/a" id="short-link">Short link</a>
<a href="/b" id="big-link" class="big">Big link</a>
<label class="hit"><input type="checkbox" id="wrapped-box"><span class="sr">Wrapped</span></label>
<input type="checkbox" id="tiny-box" class="tiny-box"><label for="tiny-box" class="sr">Tiny</label>
<button id="small-button" class="small-button">Go</button>
<p>Read <a href="/c" id="inline-link" data-inline-link>the policy</a> first.</p>
<div><a href="/d" id="flagged-outside-text" data-inline-link>Not in text</a></div>
<a href="/e" id="gone" style="display:none">Gone</a>
<details><summary class="big">More</summary><a href="/f" id="closed">Inside a closed details</a></details>
<input type="hidden" name="x" value="1">
</body></html>`)
	}))
	defer srv.Close()
	tab := Start(t, 768, 1024)
	tab.Do(chromedp.Navigate(srv.URL))

	got := tab.SmallTargets(44)
	var ids []string
	for _, s := range got {
		i := strings.LastIndex(s, "(#")
		if i < 0 {
			t.Fatalf("finding without an element id: %q", s)
		}
		ids = append(ids, strings.TrimSuffix(s[i+2:], ")"))
	}
	want := []string{"short-link", "tiny-box", "small-button", "flagged-outside-text"}
	if !slices.Equal(ids, want) {
		t.Errorf("small targets %v, want %v\n%s", ids, want, strings.Join(got, "\n"))
	}
	// The finding carries the measured size.
	if len(got) > 2 && !strings.Contains(got[2], "80×30") {
		t.Errorf("small button finding %q: want its 80×30 px box", got[2])
	}
	// A lower bar passes the 30 px button.
	if small := tab.SmallTargets(30); slices.ContainsFunc(small, func(s string) bool { return strings.Contains(s, "#small-button") }) {
		t.Errorf("a 30 px button is flagged at a 30 px minimum: %v", small)
	}
}
