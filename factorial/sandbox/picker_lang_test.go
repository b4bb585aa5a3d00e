package sandbox

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// The persona picker speaks the language its WithLanguage rule gives for
// the request: chrome, persona titles and descriptions and its errors in
// Spanish, with <html lang="es">; persona names stay as they are. Without
// a rule, or for a language it does not speak, it is English.
func TestPickerFollowsTheLanguage(t *testing.T) {
	byHeader := func(r *http.Request) string { return r.Header.Get("X-Lang") }
	for _, tc := range []struct {
		name  string
		opts  []Option
		lang  string
		wants []string
		not   []string
	}{
		{"spanish", []Option{WithLanguage(byHeader), WithRedirectURIs("http://localhost/cb")}, "es",
			[]string{`<html lang="es">`, "Elige quién eres en la demo", "Personas que puedes ser", "responsable de RR. HH.",
				"Llevas el catálogo de formaciones", "docente en Aprendizaje y Desarrollo"},
			[]string{"Choose who you are", "head of HR"}},
		{"english", []Option{WithLanguage(byHeader), WithRedirectURIs("http://localhost/cb")}, "en",
			[]string{`<html lang="en">`, "Choose who you are in the demo", "head of HR"}, []string{"Elige"}},
		{"unknown language", []Option{WithLanguage(byHeader), WithRedirectURIs("http://localhost/cb")}, "fr",
			[]string{`<html lang="en">`, "Choose who you are in the demo"}, nil},
		{"no rule", []Option{WithRedirectURIs("http://localhost/cb")}, "es",
			[]string{`<html lang="en">`, "Choose who you are in the demo"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sb := New(tc.opts...)
			q := url.Values{"client_id": {"aula-demo"}, "redirect_uri": {"http://localhost/cb"}, "response_type": {"code"}}
			page, status, header := get(t, sb, "/oauth/authorize?"+q.Encode(), tc.lang)
			if status != http.StatusOK {
				t.Fatalf("status %d", status)
			}
			for _, p := range sb.Personas() {
				if !strings.Contains(page, p.Name) {
					t.Errorf("persona name %q missing: names are data", p.Name)
				}
			}
			for _, w := range tc.wants {
				if !strings.Contains(page, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(page, n) {
					t.Errorf("page has %q", n)
				}
			}
			if want := strings.TrimSuffix(strings.TrimPrefix(tc.wants[0], `<html lang="`), `">`); header.Get("Content-Language") != want {
				t.Errorf("Content-Language %q, want %q", header.Get("Content-Language"), want)
			}
		})
	}

	// Errors, in Spanish too.
	sb := New(WithLanguage(byHeader))
	page, status, _ := get(t, sb, "/oauth/authorize?client_id=nobody", "es")
	if status != http.StatusBadRequest || !strings.Contains(page, "client_id desconocido.") {
		t.Errorf("unknown client: %d %s", status, short([]byte(page)))
	}
	q := url.Values{"client_id": {"aula-demo"}, "redirect_uri": {"http://elsewhere.example/cb"}, "response_type": {"code"}}
	page, _, _ = get(t, sb, "/oauth/authorize?"+q.Encode(), "es")
	if !strings.Contains(page, "no está registrada para aula-demo") {
		t.Errorf("unregistered redirect: %s", short([]byte(page)))
	}

	// SetLanguage, as demo mode sets it after New.
	sb = New(WithRedirectURIs("http://localhost/cb"))
	sb.SetLanguage(func(*http.Request) string { return "es" })
	q = url.Values{"client_id": {"aula-demo"}, "redirect_uri": {"http://localhost/cb"}, "response_type": {"code"}}
	if page, _, _ := get(t, sb, "/oauth/authorize?"+q.Encode(), ""); !strings.Contains(page, `<html lang="es">`) {
		t.Errorf("SetLanguage: %s", short([]byte(page)))
	}
}

func get(t *testing.T, h http.Handler, target, lang string) (string, int, http.Header) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	if lang != "" {
		req.Header.Set("X-Lang", lang)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Result().Body)
	return string(body), rec.Code, rec.Result().Header
}
