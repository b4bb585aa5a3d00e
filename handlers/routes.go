package handlers

import (
	"github.com/aula-hr/aula/internal/paths"
	"net/http"

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
	// Kept for their time only: no write of Aula changes the directory or
	// whom a trainer teaches (so a trainer's marks keep them).
	h.directory = newDirectory()
	h.teaching = newTeaching()
	h.finished = newFinished() // a session scheduled, edited or deleted drops it
	h.userCaches = append(h.userCaches, h.finished)
	// HEAD too: Echo does not answer it for GET routes, and uptime monitors
	// probe with it (a HEAD of any page was sent to /login, itself included).
	root.Match([]string{http.MethodGet, http.MethodHead}, paths.Healthz, h.Healthz)
	root.Match([]string{http.MethodGet, http.MethodHead}, paths.Readyz, h.Readyz)

	web.Match([]string{http.MethodGet, http.MethodHead}, paths.Login, h.LoginPage)
	web.POST(paths.Login, h.TokenSignIn, signInLimit)
	web.GET(paths.AuthStart, h.StartOAuth, signInLimit)
	web.GET(paths.AuthCallback, h.OAuthCallback, signInLimit)
	web.POST(paths.Logout, h.Logout)
	web.POST(paths.Language, h.Language) // signed in or not: the sign-in page has the switcher too
	// The calendar feed: calendar apps come without a cookie, with the key.
	cal := NewCalendar(h)
	web.GET(paths.CalendarFeedFileRoute, cal.FeedFile)

	app := web.Group("", mw.RequireUser)
	app.GET(paths.Home, h.Home)
	app.GET(paths.TeamOverdue, h.Overdue)

	// --- catalogue (issue 5): trainings, categories, groups, enrolments, exports ---
	ct := NewCatalogue(h)
	app.GET(paths.Trainings, ct.List)
	app.POST(paths.Trainings, ct.CreateTraining)
	app.GET(paths.NewTraining, ct.NewTraining)
	app.GET(paths.CatalogueCSV, ct.ExportCatalogue)
	app.POST(paths.Bulk, ct.Bulk)
	app.GET(paths.Categories, ct.Categories)
	app.POST(paths.Categories, ct.CreateCategory)
	app.GET(paths.CategoryDeleteRoute, ct.ConfirmDeleteCategory)
	app.POST(paths.CategoryDeleteRoute, ct.DeleteCategory)
	for _, tab := range []paths.Tab{paths.TabOverview, paths.TabGroups, paths.TabSessions, paths.TabParticipants, paths.TabCosts} {
		app.GET(paths.TabRoute(tab), ct.ShowTab(tab))
	}
	app.GET(paths.TrainingEditRoute, ct.EditTraining)
	app.POST(paths.TrainingEditRoute, ct.UpdateTraining)
	app.POST(paths.TrainingStatusRoute, ct.ChangeStatus)
	app.GET(paths.TrainingDeleteRoute, ct.ConfirmDeleteTraining)
	app.POST(paths.TrainingDeleteRoute, ct.DeleteTraining)
	app.GET(paths.NewGroupRoute, ct.NewGroup)
	app.POST(paths.GroupsRoute, ct.CreateGroup)
	app.GET(paths.GroupEditRoute, ct.EditGroup)
	app.POST(paths.GroupEditRoute, ct.UpdateGroup)
	app.GET(paths.GroupDeleteRoute, ct.ConfirmDeleteGroup)
	app.POST(paths.GroupDeleteRoute, ct.DeleteGroup)
	app.GET(paths.PickerRoute, ct.Picker)
	app.POST(paths.ParticipantsRoute, ct.Enrol)
	app.POST(paths.RemoveParticipantsRoute, ct.RemoveParticipants)
	app.POST(paths.CompletionRoute, ct.SetCompletion)
	app.POST(paths.BulkCompletionRoute, ct.SetCompletions)
	app.GET(paths.ParticipantsCSVRoute, ct.ExportParticipants)
	// --- end catalogue ---

	// --- attendance (issue 12): today's sessions, the sheet, its marks and files ---
	at := NewAttendance(h)
	app.GET(paths.Attendance, at.Today)
	app.GET(paths.SheetRoute, at.Sheet)
	app.GET(paths.SheetStateRoute, at.State)
	app.POST(paths.SheetMarksRoute, at.Marks)
	app.GET(paths.SheetMarkAllRoute, at.ConfirmMarkAll)
	app.POST(paths.SheetMarkAllRoute, at.MarkAll)
	app.GET(paths.SheetPrintRoute, at.Print)
	app.GET(paths.SheetCSVRoute, at.CSV)
	// --- end attendance ---

	// --- calendar (issue 13, points 1 and 6): month, week, agenda, .ics, feed ---
	app.GET(paths.Calendar, cal.Show)
	app.GET(paths.Sessions, cal.Sessions)
	app.GET(paths.SessionICSRoute, cal.SessionICS)
	app.POST(paths.CalendarFeed, cal.Feed)
	// --- end calendar ---
	// --- sessions (issue 13, scheduling): the session page, scheduling, invitations ---
	ss := NewSessions(h, ct)
	app.GET(paths.SessionPageRoute, ss.Page)
	app.GET(paths.NewSessionRoute, ss.NewSession)
	app.POST(paths.NewSessionRoute, ss.CreateSession)
	app.GET(paths.SessionEditRoute, ss.EditSession)
	app.POST(paths.SessionEditRoute, ss.UpdateSession)
	app.GET(paths.SessionDeleteRoute, ss.ConfirmDeleteSession)
	app.POST(paths.SessionDeleteRoute, ss.DeleteSession)
	app.POST(paths.SessionInviteRoute, ss.Invite)
	app.POST(paths.SessionUninviteRoute, ss.Uninvite)
	// --- end sessions ---
	// --- completion review (issue 14): the team overview, its exports, renewals, a training's completion ---
	rv := NewReview(h)
	app.GET(paths.Team, rv.Team)
	app.GET(paths.TeamCSV, rv.TeamCSV)
	app.GET(paths.TeamRenewals, rv.Renewals)
	app.POST(paths.TeamRenewals, rv.PlanRenewals)
	app.GET(paths.TeamTrainingRoute, rv.TrainingCompletion)
	// --- end completion review ---
}
