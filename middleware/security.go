package middleware

import (
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
