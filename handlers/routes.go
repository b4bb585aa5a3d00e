package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	mw "github.com/aula-hr/aula/middleware"
	"github.com/aula-hr/aula/views/pages"
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
	// HEAD too: Echo does not answer it for GET routes, and uptime monitors
	// probe with it (a HEAD of any page was sent to /login, itself included).
	root.Match([]string{http.MethodGet, http.MethodHead}, "/healthz", h.Healthz)
	root.Match([]string{http.MethodGet, http.MethodHead}, "/readyz", h.Readyz)

	web.Match([]string{http.MethodGet, http.MethodHead}, "/login", h.LoginPage)
	web.POST("/login", h.TokenSignIn, signInLimit)
	web.GET("/auth/start", h.StartOAuth, signInLimit)
	web.GET("/auth/callback", h.OAuthCallback, signInLimit)
	web.POST("/logout", h.Logout)

	app := web.Group("", mw.RequireUser)
	app.GET("/", h.Home)

	// --- catalogue (issue 5): trainings, categories, groups, enrolments, exports ---
	ct := NewCatalogue(h)
	app.GET("/trainings", ct.List)
	app.POST("/trainings", ct.CreateTraining)
	app.GET("/trainings/new", ct.NewTraining)
	app.GET("/trainings/export.csv", ct.ExportCatalogue)
	app.POST("/trainings/bulk", ct.Bulk)
	app.GET("/trainings/categories", ct.Categories)
	app.POST("/trainings/categories", ct.CreateCategory)
	app.GET("/trainings/categories/:cid/delete", ct.ConfirmDeleteCategory)
	app.POST("/trainings/categories/:cid/delete", ct.DeleteCategory)
	app.GET("/trainings/:id", ct.ShowTab(pages.TabOverview))
	app.GET("/trainings/:id/groups", ct.ShowTab(pages.TabGroups))
	app.GET("/trainings/:id/sessions", ct.ShowTab(pages.TabSessions))
	app.GET("/trainings/:id/participants", ct.ShowTab(pages.TabParticipants))
	app.GET("/trainings/:id/costs", ct.ShowTab(pages.TabCosts))
	app.GET("/trainings/:id/edit", ct.EditTraining)
	app.POST("/trainings/:id/edit", ct.UpdateTraining)
	app.POST("/trainings/:id/status", ct.ChangeStatus)
	app.GET("/trainings/:id/delete", ct.ConfirmDeleteTraining)
	app.POST("/trainings/:id/delete", ct.DeleteTraining)
	app.GET("/trainings/:id/groups/new", ct.NewGroup)
	app.POST("/trainings/:id/groups", ct.CreateGroup)
	app.GET("/trainings/:id/groups/:cid/edit", ct.EditGroup)
	app.POST("/trainings/:id/groups/:cid/edit", ct.UpdateGroup)
	app.GET("/trainings/:id/groups/:cid/delete", ct.ConfirmDeleteGroup)
	app.POST("/trainings/:id/groups/:cid/delete", ct.DeleteGroup)
	app.GET("/trainings/:id/picker", ct.Picker)
	app.POST("/trainings/:id/participants", ct.Enrol)
	app.POST("/trainings/:id/participants/remove", ct.RemoveParticipants)
	app.POST("/trainings/:id/participants/:mid/completion", ct.SetCompletion)
	app.GET("/trainings/:id/participants.csv", ct.ExportParticipants)
	// --- end catalogue ---
}
