package middleware

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	echomw "github.com/labstack/echo/v4/middleware"
)

const csrfContextKey = "aula.csrf"

// CSRFFormField is the hidden form field that carries the token; htmx sends
// the same token in the X-CSRF-Token header (static/js/app.js).
const CSRFFormField = "_csrf"

// ErrCSRF is a refused unsafe request: missing or forged token, or a
// cross-site browser request.
var ErrCSRF = echo.NewHTTPError(http.StatusForbidden, "csrf")

// CSRF refuses unsafe requests without a valid token. Browsers that send
// Sec-Fetch-Site are judged by it (same-origin passes, cross-site is refused);
// others must send the token of the double-submit cookie in the form field
// _csrf or the X-CSRF-Token header.
func CSRF(secure bool, skip func(echo.Context) bool) echo.MiddlewareFunc {
	name := "aula_csrf"
	if secure {
		name = "__Host-aula_csrf"
	}
	check := echomw.CSRFWithConfig(echomw.CSRFConfig{
		Skipper:        func(c echo.Context) bool { return skip != nil && skip(c) },
		TokenLookup:    "header:" + echo.HeaderXCSRFToken + ",form:" + CSRFFormField,
		ContextKey:     csrfContextKey,
		CookieName:     name,
		CookiePath:     "/",
		CookieMaxAge:   12 * 3600,
		CookieSecure:   secure,
		CookieHTTPOnly: true,
		CookieSameSite: http.SameSiteLaxMode,
		ErrorHandler:   func(error, echo.Context) error { return ErrCSRF },
	})
	// Every refusal by the check, including a cross-site Sec-Fetch-Site,
	// becomes ErrCSRF; errors of the handler behind it pass unchanged.
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		passed := func(c echo.Context) error {
			c.Set(csrfPassedKey, true)
			return next(c)
		}
		h := check(passed)
		return func(c echo.Context) error {
			// The token may be in the form: a body too large to read is
			// "too much data", not a missing token.
			body := &readErr{ReadCloser: c.Request().Body}
			c.Request().Body = body
			err := h(c)
			if err != nil && c.Get(csrfPassedKey) == nil {
				if errors.Is(body.err, echo.ErrStatusRequestEntityTooLarge) {
					return body.err
				}
				return ErrCSRF
			}
			return err
		}
	}
}

const csrfPassedKey = "aula.csrf.passed"

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

// CSRFToken returns the token to put in forms and the csrf-token meta tag.
// It is empty when the browser was judged by Sec-Fetch-Site (no token is
// needed then).
func CSRFToken(c echo.Context) string {
	t, _ := c.Get(csrfContextKey).(string)
	if strings.HasPrefix(t, "_echo_csrf") || t == echomw.CSRFUsingSecFetchSite {
		return ""
	}
	return t
}
