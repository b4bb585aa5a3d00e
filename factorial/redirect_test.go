package factorial

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// TestAPIKeyNotSentOnRedirectToAnotherHost: Go's http.Client strips
// Authorization on a redirect to another host but copies x-api-key, the
// company-wide admin key. The client must drop it there, and keep it on a
// redirect within the host.
func TestAPIKeyNotSentOnRedirectToAnotherHost(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]string{}
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen["other"] = r.Header.Get("x-api-key")
		mu.Unlock()
		writeJSON(w, 200, `{"id":7}`)
	}))
	t.Cleanup(other.Close)
	var origin *httptest.Server
	origin = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("to") {
		case "":
			http.Redirect(w, r, other.URL+"/elsewhere", http.StatusFound)
		case "same":
			http.Redirect(w, r, origin.URL+"/api/2026-04-01/resources/trainings/trainings/7?to=done", http.StatusFound)
		default:
			mu.Lock()
			seen["same"] = r.Header.Get("x-api-key")
			mu.Unlock()
			writeJSON(w, 200, `{"id":7}`)
		}
	}))
	t.Cleanup(origin.Close)

	for _, hc := range []*http.Client{origin.Client(), {Transport: origin.Client().Transport, CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}} {
		clear(seen)
		c, err := NewClient(WithBaseURL(origin.URL), WithAPIKey("secret-company-key"), WithHTTPClient(hc))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Trainings.Get(context.Background(), 7); err != nil {
			t.Fatal(err)
		}
		var tr Training
		if err := c.do(context.Background(), request{method: "GET", path: "trainings/trainings/7", query: query{"to=same"}, idempotent: true}, &tr); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		if seen["other"] != "" {
			t.Errorf("the API key followed a redirect to another host: %q", seen["other"])
		}
		if seen["same"] != "secret-company-key" {
			t.Errorf("a redirect within the host lost the API key: %q", seen["same"])
		}
		mu.Unlock()
	}
}
