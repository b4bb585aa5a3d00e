package middleware

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/aula-hr/aula/internal/i18n"
)

// localeSite answers GET / with the request's locale and POST /language
// with Choose, as the switcher's handler will.
func localeSite(secure bool, user UserLanguage) (*echo.Echo, *Locales) {
	e := echo.New()
	ls := NewLocales(secure, user)
	e.Use(ls.Middleware())
	e.GET("/", func(c echo.Context) error {
		return c.String(http.StatusOK, i18n.From(c.Request().Context()).String())
	})
	e.POST("/language", func(c echo.Context) error {
		loc, ok := ls.Choose(c, c.FormValue("lang"))
		if !ok {
			return c.String(http.StatusUnprocessableEntity, loc.String())
		}
		return c.String(http.StatusOK, i18n.T(c.Request().Context(), "Language saved."))
	})
	return e, ls
}

func TestLocaleMiddlewareChooses(t *testing.T) {
	tests := []struct {
		name           string
		cookie, header string
		user           string
		want           string
	}{
		{"browser in Mexican Spanish", "", "es-MX,es;q=0.9", "", "es"},
		{"browser in Latin American Spanish", "", "es-419", "", "es"},
		{"browser in French", "", "fr-FR", "", "en"},
		{"no header", "", "", "", "en"},
		{"cookie beats the browser", "es", "en-US", "", "es"},
		{"Factorial's language beats the browser", "", "en-US", "es", "es"},
		{"cookie beats Factorial's language", "en", "es", "es", "en"},
		{"a cookie of another value is ignored", "de", "es", "", "es"},
		{"a cookie in upper case is ignored", "ES", "en", "", "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _ := localeSite(false, func(echo.Context) string { return tt.user })
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			if tt.header != "" {
				req.Header.Set("Accept-Language", tt.header)
			}
			if tt.cookie != "" {
				req.AddCookie(&http.Cookie{Name: LocaleCookie, Value: tt.cookie})
			}
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, req)
			if got := rec.Body.String(); got != tt.want {
				t.Errorf("locale %q, want %q", got, tt.want)
			}
			if !strings.Contains(strings.Join(rec.Header().Values(echo.HeaderVary), ","), "Accept-Language") {
				t.Errorf("Vary %q lacks Accept-Language", rec.Header().Values(echo.HeaderVary))
			}
		})
	}
}

func TestLocaleMiddlewareWithoutUserHook(t *testing.T) {
	e, _ := localeSite(false, nil)
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("Accept-Language", "es")
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	if rec.Body.String() != "es" {
		t.Errorf("locale %q", rec.Body.String())
	}
}

func postLanguage(e *echo.Echo, value string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/language", strings.NewReader(url.Values{"lang": {value}}.Encode()))
	req.Header.Set(echo.HeaderContentType, echo.MIMEApplicationForm)
	req.Header.Set("Accept-Language", "en")
	for _, ck := range cookies {
		req.AddCookie(ck)
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	return rec
}

func TestChooseRemembersAndAnswersInTheNewLanguage(t *testing.T) {
	e, _ := localeSite(false, func(echo.Context) string { return "en" })
	rec := postLanguage(e, "es")
	if rec.Code != http.StatusOK || rec.Body.String() != "Idioma guardado." {
		t.Fatalf("answer %d %q, want the flash in Spanish", rec.Code, rec.Body.String())
	}
	cks := rec.Result().Cookies()
	if len(cks) != 1 {
		t.Fatalf("cookies %v", cks)
	}
	ck := cks[0]
	if ck.Name != LocaleCookie || ck.Value != "es" || ck.Path != "/" || ck.SameSite != http.SameSiteLaxMode ||
		ck.Secure || !ck.HttpOnly || ck.MaxAge != localeMaxAge {
		t.Errorf("cookie %+v", ck)
	}
	// The next request carries the choice, over Factorial's English and the browser's.
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("Accept-Language", "en")
	req.AddCookie(ck)
	next := httptest.NewRecorder()
	e.ServeHTTP(next, req)
	if next.Body.String() != "es" {
		t.Errorf("next request in %q", next.Body.String())
	}
}

func TestChooseUnderHTTPS(t *testing.T) {
	e, _ := localeSite(true, nil)
	ck := postLanguage(e, "es").Result().Cookies()
	if len(ck) != 1 || ck[0].Name != "__Host-"+LocaleCookie || !ck[0].Secure || ck[0].Path != "/" || ck[0].Domain != "" {
		t.Fatalf("cookie %+v", ck)
	}
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.AddCookie(ck[0])
	req.AddCookie(&http.Cookie{Name: LocaleCookie, Value: "en"}) // the plain name is not read under HTTPS
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	if rec.Body.String() != "es" {
		t.Errorf("locale %q", rec.Body.String())
	}
}

func TestChooseRefusesOtherValues(t *testing.T) {
	e, _ := localeSite(false, nil)
	for _, v := range []string{"", "fr", "ES", "es-ES", "es\r\nSet-Cookie: x=1", "en;", "español"} {
		rec := postLanguage(e, v, &http.Cookie{Name: LocaleCookie, Value: "es"})
		if rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("%q accepted: %d", v, rec.Code)
		}
		if len(rec.Result().Cookies()) != 0 {
			t.Errorf("%q set cookies %v", v, rec.Result().Cookies())
		}
		if rec.Body.String() != "es" {
			t.Errorf("%q: the earlier choice must stay in force, got %q", v, rec.Body.String())
		}
	}
}

// Of chooses for a plain request outside Aula's pages (the demo's persona
// picker) by the same rule: the cookie of this Locales' name, then
// Accept-Language, then English.
func TestLocalesOfAPlainRequest(t *testing.T) {
	for _, tc := range []struct {
		secure         bool
		cookie, accept string
		want           i18n.Locale
	}{
		{false, "", "es-MX,en;q=0.5", i18n.Spanish},
		{false, "en", "es", i18n.English},
		{false, "es", "en", i18n.Spanish},
		{false, "xx", "gl", i18n.English}, // not a choice; Galician is not Spanish
		{true, "es", "en", i18n.Spanish},  // as __Host-aula_lang
		{false, "", "", i18n.English},
	} {
		ls := NewLocales(tc.secure, nil)
		req := httptest.NewRequest(http.MethodGet, "/sandbox/oauth/authorize", nil)
		if tc.accept != "" {
			req.Header.Set("Accept-Language", tc.accept)
		}
		if tc.cookie != "" {
			name := LocaleCookie
			if tc.secure {
				name = "__Host-" + LocaleCookie
				req.AddCookie(&http.Cookie{Name: LocaleCookie, Value: "en"}) // not read under HTTPS
			}
			req.AddCookie(&http.Cookie{Name: name, Value: tc.cookie})
		}
		if got := ls.Of(req); got != tc.want {
			t.Errorf("secure %v, cookie %q, Accept-Language %q: %s, want %s", tc.secure, tc.cookie, tc.accept, got, tc.want)
		}
	}
}
