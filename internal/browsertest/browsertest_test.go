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
