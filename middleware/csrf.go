package middleware

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/alexedwards/scs/v2"
	"github.com/labstack/echo/v4"
)

// CSRFFormField is the hidden form field that carries the token; htmx sends
// the same token in the X-CSRF-Token header (static/js/app.js).
const CSRFFormField = "_csrf"

// ErrCSRF is a refused unsafe request: missing or forged token, or a
// cross-site browser request.
var ErrCSRF = echo.NewHTTPError(http.StatusForbidden, "csrf")

// A token is an HMAC under the app's key of who the request is from, so no
// cookie set from outside Aula (a sibling subdomain, another port, plain
// HTTP) can make one:
//
//   - signed in: the login id in the session. It is random, never leaves
//     the server, and ends with the sign-in, so another session's token,
//     or one of the person's own earlier sign-in, does not match.
//   - not signed in (the sign-in form): a random visitor value in the
//     HttpOnly cookie aula_csrf. Only the HMAC of it is a token: the cookie
//     value itself, or any value a visitor chooses, is not. Someone who can
//     set cookies can still plant the cookie of their own visit with its
//     token; that only starts a sign-in, which planting their own session
//     cookie does as well. Over HTTPS the __Host- prefix stops them.
//
// The prefix tells the two apart: a signed-in form posted once the sign-in
// has ended sends the person to sign in again (nothing is done) rather
// than to "This form has expired".
const (
	userTokenPrefix    = "u."
	visitorTokenPrefix = "v."
)

const csrfContextKey = "aula.csrf"

// csrfBinding is what the request's token is computed from.
type csrfBinding struct {
	key      []byte
	sessions *scs.SessionManager
	visitor  string // the aula_csrf cookie's value
}

// token is the request's token as it stands now: after a sign-in in this
// request it is already the signed-in one.
func (b *csrfBinding) token(c echo.Context) string {
	if id := b.sessions.GetString(c.Request().Context(), LoginKey); id != "" {
		return userTokenPrefix + b.mac("login", id)
	}
	return visitorTokenPrefix + b.mac("visitor", b.visitor)
}

func (b *csrfBinding) mac(kind, value string) string {
	m := hmac.New(sha256.New, b.key)
	m.Write([]byte(kind + "\x00" + value))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// CSRF refuses unsafe requests (anything but GET, HEAD, OPTIONS, TRACE)
// that are not Aula's own. A browser that says Sec-Fetch-Site: same-origin
// is believed (no page can fake it); same-site (a sibling subdomain,
// another port) and cross-site are refused. Every other request must send
// the token in the X-CSRF-Token header or the _csrf form field. key is the
// app's secret key for this one use; it runs after Sessions and Auth.
func CSRF(key []byte, sm *scs.SessionManager, secure bool) echo.MiddlewareFunc {
	name := "aula_csrf"
	if secure {
		name = "__Host-aula_csrf"
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			b := &csrfBinding{key: key, sessions: sm}
			if ck, err := c.Cookie(name); err == nil && validVisitor(ck.Value) {
				b.visitor = ck.Value
			} else {
				b.visitor = newVisitor()
				c.SetCookie(&http.Cookie{Name: name, Value: b.visitor, Path: "/", MaxAge: 12 * 3600,
					Secure: secure, HttpOnly: true, SameSite: http.SameSiteLaxMode})
			}
			c.Set(csrfContextKey, b)

			switch c.Request().Method {
			case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
				return next(c)
			}
			switch c.Request().Header.Get(echo.HeaderSecFetchSite) {
			case "same-origin":
				return next(c)
			case "same-site", "cross-site":
				return ErrCSRF
			}
			// The token may be in the form: a body too large to read is
			// "too much data", not a missing token.
			body := &readErr{ReadCloser: c.Request().Body}
			c.Request().Body = body
			sent := c.Request().Header.Get(echo.HeaderXCSRFToken)
			if sent == "" { // the body only: a token in the address would end up in logs
				sent = c.Request().PostFormValue(CSRFFormField)
			}
			want := b.token(c)
			switch {
			case sent != "" && hmac.Equal([]byte(sent), []byte(want)):
				return next(c)
			case errors.Is(body.err, echo.ErrStatusRequestEntityTooLarge):
				return body.err
			case strings.HasPrefix(sent, userTokenPrefix) && strings.HasPrefix(want, visitorTokenPrefix):
				// A form of a sign-in that has ended (signed out, revoked,
				// idle): nobody is signed in to act as.
				return ErrSignInRequired
			}
			return ErrCSRF
		}
	}
}

// A visitor value is 32 random bytes, base64url without padding.
const visitorLen = 43

func newVisitor() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func validVisitor(v string) bool {
	if len(v) != visitorLen {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(v)
	return err == nil
}

// readErr remembers the last error reading the body.
type readErr struct {
	io.ReadCloser
	err error
}

func (r *readErr) Read(p []byte) (int, error) {
	n, err := r.ReadCloser.Read(p)
	if err != nil && err != io.EOF {
		r.err = err
	}
	return n, err
}

// CSRFToken returns the token to put in forms and the csrf-token meta tag,
// or "" outside the CSRF middleware.
func CSRFToken(c echo.Context) string {
	b, _ := c.Get(csrfContextKey).(*csrfBinding)
	if b == nil {
		return ""
	}
	return b.token(c)
}
