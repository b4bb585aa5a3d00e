package handlers_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
)

// Factorial's failures become pages that say what happened, that nothing
// was changed, and offer a retry where one can help; htmx gets the same
// message as a fragment for the flash region.
func TestFactorialFailuresBecomeClearPages(t *testing.T) {
	srv := apptest.Start(t, apptest.WithEnv("AULA_REQUEST_TIMEOUT", "2s"))
	c := srv.SignIn(t, sandbox.PersonaHRAdmin)
	for _, tc := range []struct {
		name   string
		fault  sandbox.Fault
		status int
		title  string
		retry  bool
	}{
		{"server error", sandbox.Fault{Path: "trainings/*", Status: 500}, http.StatusBadGateway, "Factorial did not answer", true},
		{"forbidden", sandbox.Fault{Path: "trainings/*", Status: 403}, http.StatusForbidden, "Not permitted in Factorial", false},
		{"not found", sandbox.Fault{Path: "trainings/*", Status: 404}, http.StatusNotFound, "Not found in Factorial", false},
		{"rate limited", sandbox.Fault{Path: "trainings/*", Status: 429, RetryAfter: time.Hour}, http.StatusServiceUnavailable, "Factorial did not answer", true},
		{"timeout", sandbox.Fault{Path: "trainings/*", Latency: 10 * time.Second}, http.StatusGatewayTimeout, "Factorial did not answer", true},
		{"connection dropped", sandbox.Fault{Path: "trainings/*", Drop: true}, http.StatusBadGateway, "Factorial did not answer", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv.Sandbox.SetFaults(tc.fault)
			defer srv.Sandbox.SetFaults()

			res := c.Get("/")
			if res.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tc.status)
			}
			doc := apptest.Parse(t, res)
			if apptest.TestID(doc, "error-page").Length() != 1 || doc.Find("html").Length() != 1 {
				t.Fatal("not a full error page")
			}
			if got := apptest.TestID(doc, "problem-title").Text(); got != tc.title {
				t.Errorf("title %q, want %q", got, tc.title)
			}
			if !strings.Contains(apptest.TestID(doc, "problem-detail").Text(), "Nothing was changed") {
				t.Errorf("detail %q does not say nothing was changed", apptest.TestID(doc, "problem-detail").Text())
			}
			if got := apptest.TestID(doc, "retry").Length() == 1; got != tc.retry {
				t.Errorf("retry offered: %v, want %v", got, tc.retry)
			}
			if apptest.TestID(doc, "request-id").Text() != res.Header.Get("X-Request-Id") {
				t.Error("the page does not show the request id")
			}
			if strings.Contains(apptest.Body(res), "injected fault") {
				t.Error("the page shows Factorial's error text")
			}

			res = c.HTMX(http.MethodGet, "/", nil)
			if res.StatusCode != tc.status {
				t.Fatalf("htmx: status %d, want %d", res.StatusCode, tc.status)
			}
			if res.Header.Get("HX-Retarget") != "#flash" {
				t.Errorf("htmx: HX-Retarget %q", res.Header.Get("HX-Retarget"))
			}
			body := apptest.Body(res)
			if strings.Contains(body, "<html") || !strings.Contains(body, tc.title) {
				t.Errorf("htmx: want a fragment with %q, got %.200s", tc.title, body)
			}
		})
	}
}

func TestUnknownPageIs404WithFrame(t *testing.T) {
	srv := apptest.Start(t)
	c := srv.SignIn(t, sandbox.PersonaTrainer)
	res := c.Get("/no/such/page")
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("status %d", res.StatusCode)
	}
	doc := apptest.Parse(t, res)
	if apptest.TestID(doc, "problem-title").Text() != "Page not found" {
		t.Errorf("title %q", apptest.TestID(doc, "problem-title").Text())
	}
	if apptest.TestID(doc, "user-name").Length() != 1 {
		t.Error("the 404 page of a signed-in user has no frame")
	}
}

func TestFragmentVersusPage(t *testing.T) {
	srv := apptest.Start(t)
	c := srv.SignIn(t, sandbox.PersonaManager)
	for _, tc := range []struct {
		name    string
		header  http.Header
		full    bool
		noStore bool
	}{
		{"browser", nil, true, true},
		{"htmx", http.Header{"Hx-Request": {"true"}}, false, true},
		{"boosted", http.Header{"Hx-Request": {"true"}, "Hx-Boosted": {"true"}}, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := c.Do(http.MethodGet, "/", nil, tc.header)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d", res.StatusCode)
			}
			doc := apptest.Parse(t, res)
			if got := strings.Contains(apptest.Body(res), "<html"); got != tc.full {
				t.Errorf("full page: %v, want %v", got, tc.full)
			}
			if apptest.TestID(doc, "home-manager").Length() != 1 {
				t.Error("no page content")
			}
			if !strings.Contains(strings.Join(res.Header.Values("Vary"), ","), "HX-Request") {
				t.Errorf("Vary %q lacks HX-Request", res.Header.Values("Vary"))
			}
			if res.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("signed-in page Cache-Control %q", res.Header.Get("Cache-Control"))
			}
		})
	}
}

func TestSecurityHeadersAndStaticCaching(t *testing.T) {
	srv := apptest.Start(t)
	c := srv.NewClient(t)
	res := c.Get("/login")
	csp := res.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "form-action 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe") {
		t.Errorf("CSP allows unsafe sources: %q", csp)
	}
	if res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("X-Frame-Options") != "DENY" {
		t.Error("missing nosniff or frame options")
	}
	doc := apptest.Parse(t, res)
	if doc.Find("script:not([src])").Length() != 0 || doc.Find("[style]").Length() != 0 || doc.Find("style").Length() != 0 {
		t.Error("inline script or style in the page")
	}
	css := doc.Find(`link[rel="stylesheet"]`).AttrOr("href", "")
	if !strings.HasPrefix(css, "/static/css/app.") || css == "/static/css/app.css" {
		t.Fatalf("stylesheet %q is not content-hashed", css)
	}
	res = c.Get(css)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Fatalf("static: %d %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Errorf("content type %q", res.Header.Get("Content-Type"))
	}
	if c.Get("/static/css/app.css").StatusCode != http.StatusNotFound {
		t.Error("the unhashed name is served: a stale page could pair with new CSS")
	}
	for _, s := range []string{"/static/vendor/htmx-2.0.11.min.", "/static/js/app."} {
		if doc.Find(`script[src^="`+s+`"]`).Length() != 1 {
			t.Errorf("no script %s*", s)
		}
	}
	var cfg string
	if cfg = doc.Find(`meta[name="htmx-config"]`).AttrOr("content", ""); !strings.Contains(cfg, `"allowEval":false`) ||
		!strings.Contains(cfg, `"historyCacheSize":0`) || !strings.Contains(cfg, `"includeIndicatorStyles":false`) || !strings.Contains(cfg, `"timeout":`) ||
		!strings.Contains(cfg, `"selfRequestsOnly":true`) || !strings.Contains(cfg, `"allowScriptTags":false`) {
		t.Errorf("htmx config %s", cfg)
	}
}

func TestHealthAndReadiness(t *testing.T) {
	srv := apptest.Start(t, apptest.WithEnv("AULA_SESSION_STORE", "sqlite:"+t.TempDir()+"/aula.db"))
	c := srv.NewClient(t)
	for _, p := range []string{"/healthz", "/readyz"} {
		res := c.Get(p)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
		if len(res.Cookies()) != 0 {
			t.Errorf("%s sets cookies", p)
		}
	}
	_ = srv.App.Close() // the store is gone
	if res := c.Get("/readyz"); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/readyz with the store closed: %d, want 503", res.StatusCode)
	}
}

// TestHTMXWaitsForAulasOwnTimeout: htmx gives up on a request only after
// Aula's request timeout, so a slow Factorial ends in Aula's page that says
// what happened, not in a click that silently does nothing (htmx's timeout
// was 20 s, Aula's 30 s by default).
func TestHTMXWaitsForAulasOwnTimeout(t *testing.T) {
	for _, timeout := range []string{"", "45s"} {
		t.Run("AULA_REQUEST_TIMEOUT="+timeout, func(t *testing.T) {
			var opts []apptest.Option
			if timeout != "" {
				opts = append(opts, apptest.WithEnv("AULA_REQUEST_TIMEOUT", timeout))
			}
			srv := apptest.Start(t, opts...)
			c := srv.NewClient(t)
			var cfg struct{ Timeout int64 }
			raw := apptest.Parse(t, c.Get("/login")).Find(`meta[name="htmx-config"]`).AttrOr("content", "")
			if err := json.Unmarshal([]byte(raw), &cfg); err != nil {
				t.Fatalf("htmx config %q: %v", raw, err)
			}
			if htmx := time.Duration(cfg.Timeout) * time.Millisecond; htmx <= srv.App.Config.RequestTimeout {
				t.Fatalf("htmx times out after %s, Aula after %s", htmx, srv.App.Config.RequestTimeout)
			}
		})
	}
}

// TestHEADRequests: monitors that probe with HEAD get the probes' answer,
// and the sign-in page answers HEAD instead of redirecting to itself
// forever (every HEAD request was "not found" and sent to sign in).
func TestHEADRequests(t *testing.T) {
	srv := apptest.Start(t)
	c := srv.NewClient(t)
	for _, p := range []string{"/healthz", "/readyz", "/login"} {
		res := c.Do(http.MethodHead, p, nil, nil)
		if res.StatusCode != http.StatusOK {
			t.Errorf("HEAD %s: status %d (Location %q), want 200", p, res.StatusCode, res.Header.Get("Location"))
		}
	}
}

// Factorial refusing a write as invalid (422) is not "something went wrong":
// the page says Factorial refused it, quotes its reason, and says nothing
// was changed.
func TestFactorialRefusalQuotesItsReason(t *testing.T) {
	srv := apptest.Start(t)
	c := srv.SignIn(t, sandbox.PersonaHRAdmin)
	tr := busyTraining(t, srv.Sandbox.Snapshot())
	srv.Sandbox.SetFaults(sandbox.Fault{Method: "DELETE", Path: "trainings/trainings/*", Status: http.StatusUnprocessableEntity})

	res := c.Post("/trainings/"+tr.ID.String()+"/delete", url.Values{"confirmed": {"yes"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", res.StatusCode)
	}
	doc := apptest.Parse(t, res)
	if got := apptest.TestID(doc, "problem-title").Text(); got != "Factorial refused the change" {
		t.Errorf("title %q", got)
	}
	if got := apptest.TestID(doc, "problem-detail").Text(); !strings.Contains(got, "Nothing was changed") || !strings.Contains(got, "injected fault") {
		t.Errorf("detail %q does not say nothing changed and quote Factorial", got)
	}
	if srv.Sandbox.Snapshot().Training(tr.ID) == nil {
		t.Error("the training is gone")
	}
}
