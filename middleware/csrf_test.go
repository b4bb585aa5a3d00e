package middleware

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

var testKey = []byte("0123456789abcdef0123456789abcdef")

// csrfSite has one unsafe action, counted, behind Sessions and CSRF, and a
// page that shows the token as forms would carry it.
type csrfSite struct {
	*testSite
	acted int
}

func newCSRFSite(t *testing.T, secure bool) *csrfSite {
	s := &csrfSite{testSite: newTestSite(t)}
	s.e.Use(CSRF(testKey, s.sm, secure))
	s.e.GET("/form", func(c echo.Context) error { return c.String(http.StatusOK, CSRFToken(c)) })
	s.e.Match([]string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}, "/act", func(c echo.Context) error {
		s.acted++
		return c.NoContent(http.StatusNoContent)
	})
	// A sign-in answers with the token of the page it leads to.
	s.e.POST("/signin", func(c echo.Context) error {
		s.sm.Put(c.Request().Context(), LoginKey, "login-new")
		return c.String(http.StatusOK, CSRFToken(c))
	})
	return s
}

// token is the token of the page the browser is shown now.
func (s *csrfSite) token(b *browser) string {
	s.t.Helper()
	tok := s.do(b, get("/form")).Body.String()
	if tok == "" {
		s.t.Fatal("the page has no token")
	}
	return tok
}

// act posts the form to the action and returns the status; the action must
// have run exactly when the status is 204.
func (s *csrfSite) act(b *browser, form url.Values, h http.Header) int {
	s.t.Helper()
	before := s.acted
	status := s.do(b, postForm("/act", form, h)).Code
	if ran := s.acted > before; ran != (status == http.StatusNoContent) {
		s.t.Fatalf("status %d, but the action ran: %v", status, ran)
	}
	return status
}

func signedInBrowser(s *csrfSite, loginID string) *browser {
	b := newBrowser()
	s.token(b) // a first page, as before any sign-in
	s.signIn(b, loginID)
	return b
}

func TestCSRFRefusesAnEmptyToken(t *testing.T) {
	s := newCSRFSite(t, false)
	for _, tc := range []struct {
		name     string
		signedIn bool
		form     url.Values
		header   http.Header
	}{
		{"visitor, empty cookie and empty field", false, url.Values{CSRFFormField: {""}}, nil},
		{"signed in, empty cookie and empty field", true, url.Values{CSRFFormField: {""}}, nil},
		{"signed in, empty header", true, url.Values{}, http.Header{echo.HeaderXCSRFToken: {""}}},
		{"signed in, no token at all", true, url.Values{}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newBrowser()
			if tc.signedIn {
				s.signIn(b, "login-a")
			}
			b.cookies["aula_csrf"] = ""
			if got := s.act(b, tc.form, tc.header); got != http.StatusForbidden {
				t.Fatalf("status %d, want 403", got)
			}
		})
	}
}

// A cookie is all a sibling subdomain, another port on the host or a man in
// the middle of plain HTTP can plant: whatever it holds, it makes no token.
func TestCSRFRefusesAPlantedCookieWithAMatchingField(t *testing.T) {
	s := newCSRFSite(t, false)
	planted := strings.Repeat("A", 43) // a well-formed visitor value
	attacker := newBrowser()
	attackersToken := s.token(attacker) // a real token, for the attacker's own visitor cookie

	for _, tc := range []struct {
		name         string
		signedIn     bool
		cookie, sent string
	}{
		{"visitor: the cookie's value as the token", false, planted, planted},
		{"signed in: the cookie's value as the token", true, planted, planted},
		{"signed in: the attacker's own cookie and its token", true, attacker.cookies["aula_csrf"], attackersToken},
	} {
		t.Run(tc.name, func(t *testing.T) {
			victim := newBrowser()
			if tc.signedIn {
				victim = signedInBrowser(s, "login-victim")
			}
			victim.cookies["aula_csrf"] = tc.cookie
			if got := s.act(victim, url.Values{CSRFFormField: {tc.sent}}, nil); got != http.StatusForbidden {
				t.Fatalf("form: status %d, want 403", got)
			}
			if got := s.act(victim, url.Values{}, http.Header{echo.HeaderXCSRFToken: {tc.sent}}); got != http.StatusForbidden {
				t.Fatalf("header: status %d, want 403", got)
			}
		})
	}
}

func TestCSRFRefusesAnotherSessionsToken(t *testing.T) {
	s := newCSRFSite(t, false)
	a := signedInBrowser(s, "login-a")
	b := signedInBrowser(s, "login-b")
	aToken := s.token(a)
	if got := s.act(b, url.Values{CSRFFormField: {aToken}}, nil); got != http.StatusForbidden {
		t.Errorf("A's token in B's form: status %d, want 403", got)
	}
	if got := s.act(b, url.Values{}, http.Header{echo.HeaderXCSRFToken: {aToken}}); got != http.StatusForbidden {
		t.Errorf("A's token in B's header: status %d, want 403", got)
	}
	// The same browser, signed in again: the earlier sign-in's token is another session's.
	s.signIn(a, "login-a2")
	if got := s.act(a, url.Values{CSRFFormField: {aToken}}, nil); got != http.StatusForbidden {
		t.Errorf("the token of an earlier sign-in: status %d, want 403", got)
	}
}

func TestCSRFAcceptsTheSessionsTokenFromTheHeaderOrTheForm(t *testing.T) {
	s := newCSRFSite(t, false)
	for _, signedIn := range []bool{false, true} {
		b := newBrowser()
		if signedIn {
			b = signedInBrowser(s, "login-a")
		}
		tok := s.token(b)
		if got := s.act(b, url.Values{CSRFFormField: {tok}}, nil); got != http.StatusNoContent {
			t.Errorf("signed in %v, form field: status %d, want 204", signedIn, got)
		}
		if got := s.act(b, url.Values{}, http.Header{echo.HeaderXCSRFToken: {tok}}); got != http.StatusNoContent {
			t.Errorf("signed in %v, header: status %d, want 204", signedIn, got)
		}
		if again := s.token(b); again != tok {
			t.Errorf("signed in %v: the token changed between two pages", signedIn)
		}
	}
}

// The token travels in the body or a header only; one in the address is
// not taken (addresses end up in logs and Referer headers).
func TestCSRFIgnoresATokenInTheURL(t *testing.T) {
	s := newCSRFSite(t, false)
	b := signedInBrowser(s, "login-a")
	req := postForm("/act?"+CSRFFormField+"="+url.QueryEscape(s.token(b)), url.Values{}, nil)
	if got := s.do(b, req).Code; got != http.StatusForbidden || s.acted != 0 {
		t.Fatalf("token in the query: status %d, acted %d, want 403 and nothing done", got, s.acted)
	}
}

// Signing in changes the token within the same request (the page it leads
// to has the new one); the sign-in form's token no longer works after it.
// A form of a sign-in that has ended sends the person to sign in again.
func TestCSRFTokenFollowsTheSignIn(t *testing.T) {
	s := newCSRFSite(t, false)
	b := newBrowser()
	visitorToken := s.token(b)
	rec := s.do(b, postForm("/signin", url.Values{CSRFFormField: {visitorToken}}, nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("sign-in with the visitor's token: status %d", rec.Code)
	}
	signedInToken := rec.Body.String()
	if signedInToken == visitorToken || signedInToken != s.token(b) {
		t.Fatal("the page after sign-in does not carry the signed-in token")
	}
	if got := s.act(b, url.Values{CSRFFormField: {visitorToken}}, nil); got != http.StatusForbidden {
		t.Errorf("the sign-in form's token once signed in: status %d, want 403", got)
	}
	if got := s.act(b, url.Values{CSRFFormField: {signedInToken}}, nil); got != http.StatusNoContent {
		t.Errorf("the signed-in token: status %d, want 204", got)
	}

	delete(b.cookies, s.sm.Cookie.Name) // the session ended (idle, signed out elsewhere)
	s.act(b, url.Values{CSRFFormField: {signedInToken}}, nil)
	if !errors.Is(s.err, ErrSignInRequired) {
		t.Errorf("a signed-in form after the sign-in ended: error %v, want ErrSignInRequired", s.err)
	}
	if got := s.act(b, url.Values{CSRFFormField: {visitorToken}}, nil); got != http.StatusNoContent {
		t.Errorf("the visitor's token after the sign-in ended: status %d, want 204", got)
	}
}

// Sec-Fetch-Site comes from the browser, no page can set it: same-origin
// needs no token; same-site (a sibling subdomain, another port) and
// cross-site are refused even with the right token; none (typed, a
// bookmark) and no header at all take the token path.
func TestCSRFJudgesBrowsersBySecFetchSite(t *testing.T) {
	s := newCSRFSite(t, false)
	b := signedInBrowser(s, "login-a")
	tok := s.token(b)
	for _, tc := range []struct {
		site, token string
		want        int
	}{
		{"same-origin", "", http.StatusNoContent},
		{"same-site", tok, http.StatusForbidden},
		{"cross-site", tok, http.StatusForbidden},
		{"none", "", http.StatusForbidden},
		{"none", tok, http.StatusNoContent},
	} {
		got := s.act(b, url.Values{CSRFFormField: {tc.token}}, http.Header{echo.HeaderSecFetchSite: {tc.site}})
		if got != tc.want {
			t.Errorf("Sec-Fetch-Site %s, token %v: status %d, want %d", tc.site, tc.token != "", got, tc.want)
		}
	}
}

func TestCSRFLetsSafeMethodsPassAndChecksTheOthers(t *testing.T) {
	s := newCSRFSite(t, false)
	ran := 0
	s.e.Match([]string{http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace}, "/safe", func(c echo.Context) error {
		ran++
		return c.NoContent(http.StatusNoContent)
	})
	b := signedInBrowser(s, "login-a")
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace} {
		if got := s.do(b, request(m, "/safe")).Code; got != http.StatusNoContent {
			t.Errorf("%s without a token: status %d, want 204", m, got)
		}
	}
	if ran != 4 {
		t.Errorf("%d safe requests reached the handler, want 4", ran)
	}
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if got := s.do(b, request(m, "/act")).Code; got != http.StatusForbidden || s.acted != 0 {
			t.Errorf("%s without a token: status %d, acted %d, want 403", m, got, s.acted)
		}
	}
}

func request(method, path string) *http.Request {
	req, _ := http.NewRequest(method, path, nil)
	return req
}

// The visitor cookie is HttpOnly, Lax, host-only, and __Host- with Secure
// over HTTPS; it is set once, and a malformed one is replaced.
func TestCSRFVisitorCookie(t *testing.T) {
	for _, tc := range []struct {
		secure bool
		name   string
	}{{false, "aula_csrf"}, {true, "__Host-aula_csrf"}} {
		s := newCSRFSite(t, tc.secure)
		b := newBrowser()
		rec := s.do(b, get("/form"))
		var ck *http.Cookie
		for _, c := range rec.Result().Cookies() {
			if c.Name == tc.name {
				ck = c
			}
		}
		if ck == nil {
			t.Fatalf("secure %v: no %s cookie: %v", tc.secure, tc.name, rec.Header()["Set-Cookie"])
		}
		if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.Domain != "" || ck.Secure != tc.secure || ck.MaxAge != 12*3600 {
			t.Errorf("secure %v: cookie %+v", tc.secure, ck)
		}
		if again := s.do(b, get("/form")); len(again.Result().Cookies()) != 0 {
			t.Errorf("secure %v: the cookie is set again: %v", tc.secure, again.Header()["Set-Cookie"])
		}
		b.cookies[tc.name] = "short"
		s.do(b, get("/form"))
		if b.cookies[tc.name] == "short" {
			t.Errorf("secure %v: a malformed visitor cookie was kept", tc.secure)
		}
	}
}
