package middleware

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// ContentSecurityPolicy allows only Aula's own scripts, styles and requests:
// no inline script or style anywhere.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"

// SecureHeaders sets the security headers of every Aula response. hsts is
// set only when Aula is served over HTTPS.
func SecureHeaders(hsts bool, formActions ...string) echo.MiddlewareFunc {
	csp := ContentSecurityPolicy
	for _, a := range formActions {
		csp += " " + a
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			h.Set("Content-Security-Policy", csp)
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Referrer-Policy", "same-origin")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
			if hsts {
				h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
			}
			return next(c)
		}
	}
}

// ReadForms reads the form of an unsafe request before the handler does,
// so that a body over BodyLimit's limit is refused with 413 whether or not
// it came with a Content-Length: without it the limit is only noticed
// while reading, and a handler's FormValue, which drops the error, would
// go on with an empty form. Other bodies are left to their handlers.
func ReadForms() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			switch c.Request().Method {
			case http.MethodGet, http.MethodHead, http.MethodOptions:
				return next(c)
			}
			ct := c.Request().Header.Get(echo.HeaderContentType)
			if strings.HasPrefix(ct, echo.MIMEApplicationForm) || strings.HasPrefix(ct, echo.MIMEMultipartForm) {
				if _, err := c.FormParams(); errors.Is(err, echo.ErrStatusRequestEntityTooLarge) {
					return err
				}
			}
			return next(c)
		}
	}
}
