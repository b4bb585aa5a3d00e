// Package paths is every address inside Aula, written once: routes.go
// registers the patterns (…Route, with :params), and handlers and templates
// build links with the functions. No other code writes an Aula URL by hand.
package paths

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/aula-hr/aula/factorial"
)

// Addresses without parameters.
const (
	Home         = "/"
	Login        = "/login"
	Logout       = "/logout"
	AuthStart    = "/auth/start"
	AuthCallback = "/auth/callback"
	Healthz      = "/healthz"
	Readyz       = "/readyz"

	// Language is where the header's language switcher posts.
	Language = "/language"

	Trainings    = "/trainings"
	NewTraining  = "/trainings/new"
	CatalogueCSV = "/trainings/export.csv"
	Bulk         = "/trainings/bulk"
	Categories   = "/trainings/categories"

	// TeamOverdue is the overdue trainings of the people a manager answers
	// for (HR: everyone's), one page at a time.
	TeamOverdue = "/team/overdue"
)

// Route patterns with parameters, for routes.go.
const (
	CategoryDeleteRoute     = "/trainings/categories/:cid/delete"
	TrainingRoute           = "/trainings/:id"
	TrainingEditRoute       = "/trainings/:id/edit"
	TrainingStatusRoute     = "/trainings/:id/status"
	TrainingDeleteRoute     = "/trainings/:id/delete"
	GroupsRoute             = "/trainings/:id/groups" // the groups tab; POST creates a group
	NewGroupRoute           = "/trainings/:id/groups/new"
	GroupEditRoute          = "/trainings/:id/groups/:cid/edit"
	GroupDeleteRoute        = "/trainings/:id/groups/:cid/delete"
	PickerRoute             = "/trainings/:id/picker"
	ParticipantsRoute       = "/trainings/:id/participants" // the participants tab; POST enrols
	RemoveParticipantsRoute = "/trainings/:id/participants/remove"
	CompletionRoute         = "/trainings/:id/participants/:mid/completion"
	BulkCompletionRoute     = "/trainings/:id/participants/completion"
	ParticipantsCSVRoute    = "/trainings/:id/participants.csv"
)

// Tab is a tab of the training page, also the last segment of its address.
type Tab string

// The tabs of the training page.
const (
	TabOverview     Tab = "overview"
	TabGroups       Tab = "groups"
	TabSessions     Tab = "sessions"
	TabParticipants Tab = "participants"
	TabCosts        Tab = "costs"
)

// TabRoute is the route pattern of a tab.
func TabRoute(t Tab) string {
	if t == TabOverview {
		return TrainingRoute
	}
	return TrainingRoute + "/" + string(t)
}

// fill puts the values into route's :params, in order.
func fill(route string, values ...string) string {
	parts := strings.Split(route, "/")
	for i, p := range parts {
		if strings.HasPrefix(p, ":") && len(values) > 0 {
			parts[i], values = values[0], values[1:]
		}
	}
	return strings.Join(parts, "/")
}

// CategoryDelete confirms and deletes a category.
func CategoryDelete(cid factorial.ID) string { return fill(CategoryDeleteRoute, cid.String()) }

// CategoryTrainings is the catalogue filtered to one category.
func CategoryTrainings(cid factorial.ID) string { return Trainings + "?category=" + cid.String() }

// Training is the training page (its overview tab).
func Training(id factorial.ID) string { return fill(TrainingRoute, id.String()) }

// TrainingTab is a tab of the training page.
func TrainingTab(id factorial.ID, t Tab) string {
	if t == "" {
		t = TabOverview
	}
	return fill(TabRoute(t), id.String())
}

// TrainingEdit is the edit form of a training.
func TrainingEdit(id factorial.ID) string { return fill(TrainingEditRoute, id.String()) }

// TrainingStatus changes a training's status (POST).
func TrainingStatus(id factorial.ID) string { return fill(TrainingStatusRoute, id.String()) }

// TrainingDelete confirms and deletes a training.
func TrainingDelete(id factorial.ID) string { return fill(TrainingDeleteRoute, id.String()) }

// Groups is the groups tab; a POST creates a group.
func Groups(id factorial.ID) string { return fill(GroupsRoute, id.String()) }

// NewGroup is the form of a new group.
func NewGroup(id factorial.ID) string { return fill(NewGroupRoute, id.String()) }

// GroupEdit is the edit form of a group.
func GroupEdit(id factorial.ID, cid factorial.ClassID) string {
	return fill(GroupEditRoute, id.String(), string(cid))
}

// GroupDelete confirms and deletes a group.
func GroupDelete(id factorial.ID, cid factorial.ClassID) string {
	return fill(GroupDeleteRoute, id.String(), string(cid))
}

// Picker finds people to enrol.
func Picker(id factorial.ID) string { return fill(PickerRoute, id.String()) }

// Participants is the participants tab; a POST enrols.
func Participants(id factorial.ID) string { return fill(ParticipantsRoute, id.String()) }

// RemoveParticipants confirms and removes enrolments.
func RemoveParticipants(id factorial.ID) string { return fill(RemoveParticipantsRoute, id.String()) }

// Completion sets one participant's completion date (POST).
func Completion(id, mid factorial.ID) string { return fill(CompletionRoute, id.String(), mid.String()) }

// BulkCompletion sets one completion date for the ticked participants (POST).
func BulkCompletion(id factorial.ID) string { return fill(BulkCompletionRoute, id.String()) }

// ParticipantsView is the participants tab narrowed by query (name q,
// state, page), without the fields left empty: the address to bookmark.
func ParticipantsView(id factorial.ID, query url.Values) string {
	u := Participants(id)
	if e := query.Encode(); e != "" {
		u += "?" + e
	}
	return u
}

// ParticipantsCSV exports the participants.
func ParticipantsCSV(id factorial.ID) string { return fill(ParticipantsCSVRoute, id.String()) }

// TrainingsWithStatus is the catalogue filtered to one training status.
func TrainingsWithStatus(status factorial.TrainingStatus) string {
	return Trainings + "?" + url.Values{"status": {string(status)}}.Encode()
}

// SessionAnchor is the element id of a session's row on the sessions tab.
func SessionAnchor(sid factorial.ID) string { return "session-" + sid.String() }

// Session is where a person acts on a session: for now its row on the
// training's sessions tab (retarget here once the session page exists).
func Session(trainingID, sid factorial.ID) string {
	return TrainingTab(trainingID, TabSessions) + "#" + SessionAnchor(sid)
}

// ParticipantStateOverdue is the state filter of the participants tab
// that keeps the overdue enrolments (training.Overdue's key).
const ParticipantStateOverdue = "overdue"

// ParticipantsFiltered is the participants tab searched for who (q) and
// filtered to a membership state (state); empty values are left out.
func ParticipantsFiltered(id factorial.ID, who, state string) string {
	v := url.Values{}
	if who != "" {
		v.Set("q", who)
	}
	if state != "" {
		v.Set("state", state)
	}
	return ParticipantsView(id, v)
}

// TeamOverduePage is a page of the overdue list; page 1 is the list itself.
func TeamOverduePage(n int) string {
	if n <= 1 {
		return TeamOverdue
	}
	return TeamOverdue + "?page=" + strconv.Itoa(n)
}

// Attendance: today's sessions to mark, and each session's sheet.
const (
	Attendance        = "/attendance"
	ServiceWorker     = "/sw.js"
	SheetRoute        = "/sessions/:id/attendance"
	SheetStateRoute   = "/sessions/:id/attendance/state"
	SheetMarksRoute   = "/sessions/:id/attendance/marks"
	SheetPrintRoute   = "/sessions/:id/attendance/print"
	SheetCSVRoute     = "/sessions/:id/attendance.csv"
	SheetMarkAllRoute = "/sessions/:id/attendance/mark-all"
)

// Sheet is the attendance sheet of a session.
func Sheet(id factorial.ID) string { return fill(SheetRoute, id.String()) }

// SheetState is the sheet's statuses as JSON, polled with If-None-Match.
func SheetState(id factorial.ID) string { return fill(SheetStateRoute, id.String()) }

// SheetMarks takes marks (POST): a form of one row, or a JSON batch.
func SheetMarks(id factorial.ID) string { return fill(SheetMarksRoute, id.String()) }

// SheetMarkAll confirms and marks every unmarked person as attended.
func SheetMarkAll(id factorial.ID) string { return fill(SheetMarkAllRoute, id.String()) }

// SheetPrint is the printable sign-in sheet.
func SheetPrint(id factorial.ID) string { return fill(SheetPrintRoute, id.String()) }

// SheetCSV is the roster with statuses and hours.
func SheetCSV(id factorial.ID) string { return fill(SheetCSVRoute, id.String()) }

// Sessions and the calendar (issue 13). The session page is SessionPage;
// Session above still names a session's row on its training's tab.
const (
	Calendar         = "/calendar"
	SessionPageRoute = "/sessions/:id"
	SessionICSRoute  = "/sessions/:id/calendar.ics"
)

// SessionPage is a session's own page.
func SessionPage(id factorial.ID) string { return fill(SessionPageRoute, id.String()) }

// SessionICS is one session as an iCalendar file.
func SessionICS(id factorial.ID) string { return fill(SessionICSRoute, id.String()) }

// The calendar's own addresses: the sessions list answers with the agenda;
// the feed is issued, rotated and revoked at CalendarFeed (POST), and read
// by calendar apps at CalendarFeedFile with the person's key in the path.
const (
	Sessions              = "/sessions"
	CalendarFeed          = "/calendar/feed"
	CalendarFeedFileRoute = "/calendar/feeds/:key/sessions.ics"
)

// CalendarAt is the calendar showing the view of q (calendar.State.Query).
func CalendarAt(q url.Values) string {
	if e := q.Encode(); e != "" {
		return Calendar + "?" + e
	}
	return Calendar
}

// CalendarFeedFile is the feed of the person with key, filtered by q.
func CalendarFeedFile(key string, q url.Values) string {
	u := fill(CalendarFeedFileRoute, url.PathEscape(key))
	if e := q.Encode(); e != "" {
		u += "?" + e
	}
	return u
}

// Scheduling and the participants of a session (issue 13, the scheduling
// part): a session is created inside its group; edit, delete and the
// invitations hang from the session.
const (
	NewSessionRoute          = "/trainings/:id/groups/:cid/sessions/new" // GET the form, POST creates
	SessionEditRoute         = "/sessions/:id/edit"
	SessionDeleteRoute       = "/sessions/:id/delete"
	SessionInviteRoute       = "/sessions/:id/participants" // POST invites
	SessionUninviteRoute     = "/sessions/:id/participants/remove"
	SessionScopeThis         = "this"
	SessionScopeFollowing    = "following"
	sessionPageTrainingParam = "training"
	sessionPageGroupParam    = "group"
)

// NewSession is the form of a new session (or weekly series) of a group.
func NewSession(id factorial.ID, cid factorial.ClassID) string {
	return fill(NewSessionRoute, id.String(), string(cid))
}

// SessionEdit is the edit form of a session.
func SessionEdit(id factorial.ID) string { return fill(SessionEditRoute, id.String()) }

// SessionDelete confirms and deletes a session, or it and the following
// ones of its series (scope SessionScopeFollowing).
func SessionDelete(id factorial.ID, scope string) string {
	u := fill(SessionDeleteRoute, id.String())
	if scope == SessionScopeFollowing {
		u += "?scope=" + scope
	}
	return u
}

// SessionInvite invites people to a session (POST); with a search it is
// the session page's invitation picker (GET).
func SessionInvite(id factorial.ID) string { return fill(SessionInviteRoute, id.String()) }

// SessionInviteSearch is the session page with the picker searching q.
func SessionInviteSearch(id factorial.ID, q string) string {
	return SessionPage(id) + "?" + url.Values{"q": {q}}.Encode() + "#invite"
}

// SessionUninvite confirms and removes invitations (POST).
func SessionUninvite(id factorial.ID) string { return fill(SessionUninviteRoute, id.String()) }

// SessionPageIn is the session page of a session whose training and group
// the linking page knows already: the page then reads them in the same
// round trip as the session (it checks them against the session; a wrong
// hint costs a second round, never a wrong page).
func SessionPageIn(id, trainingID factorial.ID, cid *factorial.ClassID) string {
	v := url.Values{sessionPageTrainingParam: {trainingID.String()}}
	if cid != nil && *cid != "" {
		v.Set(sessionPageGroupParam, string(*cid))
	}
	return SessionPage(id) + "?" + v.Encode()
}

// SessionPageHints reads what SessionPageIn put in the address.
func SessionPageHints(q url.Values) (factorial.ID, factorial.ClassID) {
	t, _ := factorial.ParseID(q.Get(sessionPageTrainingParam))
	g := q.Get(sessionPageGroupParam)
	if len(g) > 64 {
		g = ""
	}
	return t, factorial.ClassID(g)
}

// The completion review (issue 14): the team overview with its lists, its
// CSV exports, the renewals to plan, and one training's completion.
const (
	Team              = "/team"
	TeamCSV           = "/team/export.csv"
	TeamRenewals      = "/team/renewals"
	TeamTrainingRoute = "/team/trainings/:id"
)

// TeamFilter is what the team overview shows, as its address carries it.
// Zero values are the defaults and are left out of the address.
type TeamFilter struct {
	Manager  factorial.ID // HR: whose reports (0: the whole company)
	Employee factorial.ID // one person
	Training factorial.ID // one training
	Window   int          // days ahead an expiring completion is flagged
	Page     int          // page of people
	Columns  int          // page of trainings (matrix columns)
}

// Values are f's query parameters.
func (f TeamFilter) Values() url.Values {
	v := url.Values{}
	set := func(k string, n int64) {
		if n > 0 {
			v.Set(k, strconv.FormatInt(n, 10))
		}
	}
	set("manager", int64(f.Manager))
	set("employee", int64(f.Employee))
	set("training", int64(f.Training))
	set("window", int64(f.Window))
	if f.Page > 1 {
		set("page", int64(f.Page))
	}
	if f.Columns > 1 {
		set("columns", int64(f.Columns))
	}
	return v
}

func withQuery(p string, v url.Values) string {
	if len(v) == 0 {
		return p
	}
	return p + "?" + v.Encode()
}

// TeamView is the team overview filtered by f.
func TeamView(f TeamFilter) string { return withQuery(Team, f.Values()) }

// TeamExport is the CSV of one part of the team overview filtered by f:
// list is "matrix", "overdue", "expiring", "expired" or "never".
func TeamExport(f TeamFilter, list string) string {
	v := f.Values()
	v.Set("list", list)
	return withQuery(TeamCSV, v)
}

// TeamRenewalsFor is the renewals to plan of one training among the
// people of f (its manager and window).
func TeamRenewalsFor(f TeamFilter, trainingID factorial.ID) string {
	f.Training, f.Employee, f.Page, f.Columns = trainingID, 0, 0, 0
	return withQuery(TeamRenewals, f.Values())
}

// TeamTraining is one training's completion: rates, groups, attendance.
func TeamTraining(id factorial.ID, f TeamFilter) string {
	f.Training, f.Employee, f.Page, f.Columns = 0, 0, 0, 0
	return withQuery(fill(TeamTrainingRoute, id.String()), f.Values())
}
