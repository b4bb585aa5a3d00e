package middleware

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"
)

func TestHTMXHeadersAreReadOnce(t *testing.T) {
	for _, tc := range []struct {
		name     string
		headers  map[string]string
		fragment bool
		current  string
	}{
		{"plain request", nil, false, ""},
		{"htmx", map[string]string{"HX-Request": "true", "HX-Current-URL": "https://aula.example/trainings?year=2026#x"}, true, "/trainings?year=2026"},
		{"boosted", map[string]string{"HX-Request": "true", "HX-Boosted": "true"}, false, ""},
		{"history restore", map[string]string{"HX-Request": "true", "HX-History-Restore-Request": "true"}, false, ""},
		{"current URL elsewhere is not followed", map[string]string{"HX-Request": "true", "HX-Current-URL": "https://evil.example//evil.example/x"}, true, "/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/trainings", nil)
			for k, v := range tc.headers {
				r.Header.Set(k, v)
			}
			c := echo.New().NewContext(r, httptest.NewRecorder())
			if WantsFragment(c) != tc.fragment {
				t.Errorf("WantsFragment = %v", !tc.fragment)
			}
			if got := HX(c).CurrentURL; got != tc.current {
				t.Errorf("CurrentURL = %q, want %q", got, tc.current)
			}
			r.Header.Set("HX-Target", "row")
			if WantsPart(c, "row") {
				t.Error("the headers were read again, not once")
			}
		})
	}
}

func TestHTMXResponseHeaders(t *testing.T) {
	rec := httptest.NewRecorder()
	c := echo.New().NewContext(httptest.NewRequest(http.MethodPost, "/", nil), rec)
	HXRedirect(c, "/trainings/1")
	HXPushURL(c, "/trainings?year=2026")
	HXRetarget(c, "#flash", "innerHTML")
	VaryOnHTMX(c)
	h := rec.Header()
	if h.Get("HX-Redirect") != "/trainings/1" || h.Get("HX-Push-Url") != "/trainings?year=2026" ||
		h.Get("HX-Retarget") != "#flash" || h.Get("HX-Reswap") != "innerHTML" || h.Get("Vary") != "HX-Request" {
		t.Errorf("headers %v", h)
	}
}
