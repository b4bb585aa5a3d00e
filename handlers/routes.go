package handlers

import (
	"github.com/labstack/echo/v4"

	mw "github.com/aula-hr/aula/middleware"
)

// Routes registers every route of Aula.
//
// root has only the global middleware (request id, log, recover, headers,
// gzip, limits): probes live there. web adds the session, the signed-in user
// and CSRF. signInLimit throttles the sign-in routes per client address.
// Everything in the app group requires a signed-in user (mw.RequireUser),
// which also marks the response Cache-Control: no-store. Static files are
// mounted by the app.
func (h *Handlers) Routes(root *echo.Echo, web *echo.Group, signInLimit echo.MiddlewareFunc) {
	root.GET("/healthz", h.Healthz)
	root.GET("/readyz", h.Readyz)

	web.GET("/login", h.LoginPage)
	web.POST("/login", h.TokenSignIn, signInLimit)
	web.GET("/auth/start", h.StartOAuth, signInLimit)
	web.GET("/auth/callback", h.OAuthCallback, signInLimit)
	web.POST("/logout", h.Logout)

	app := web.Group("", mw.RequireUser)
	app.GET("/", h.Home)
}
