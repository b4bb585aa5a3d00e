package handlers

import (
	"bytes"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/calendar"
	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/ical"
	"github.com/aula-hr/aula/internal/paths"
	"github.com/aula-hr/aula/internal/training"
	"github.com/aula-hr/aula/logins"
	mw "github.com/aula-hr/aula/middleware"
	"github.com/aula-hr/aula/views/pages"
)

// The feed lists the sessions from FeedPast ago to FeedAhead from today.
const (
	FeedPast  = 31 * 24 * time.Hour
	FeedAhead = 366 * 24 * time.Hour
)

// absolute is path on Aula's public address (AULA_PUBLIC_URL), or on the
// address the request came to when none is configured.
func (h *Handlers) absolute(c echo.Context, path string) string {
	if h.PublicURL != nil {
		return h.PublicURL.Scheme + "://" + h.PublicURL.Host + path
	}
	return c.Scheme() + "://" + c.Request().Host + path
}

// uidHost names this Aula in event UIDs, so a session keeps its UID across
// edits, in the single file and in the feed alike.
func (h *Handlers) uidHost(c echo.Context) string {
	if h.PublicURL != nil {
		return h.PublicURL.Hostname()
	}
	host := c.Request().Host
	if i := strings.LastIndexByte(host, ':'); i > 0 && !strings.Contains(host[i:], "]") {
		host = host[:i]
	}
	return host
}

// sessionEvent is a session as an iCalendar event; ok is false for a
// session with neither times nor a due date.
func (h *Handlers) sessionEvent(c echo.Context, s factorial.Session, trainingName, group string) (ical.Event, bool) {
	ctx := c.Request().Context()
	e := ical.Event{
		UID:     "session-" + s.ID.String() + "@" + h.uidHost(c),
		Summary: s.Name,
		URL:     h.absolute(c, paths.SessionPage(s.ID)),
	}
	m := factorial.ModalityInPerson
	if s.Modality != nil && s.Modality.Valid() {
		m = *s.Modality
	}
	e.Categories = modalityLabel(ctx, m)
	e.Location = strings.TrimSpace(deref(s.Location))
	var lines []string
	if trainingName != "" && trainingName != s.Name {
		lines = append(lines, i18n.T(ctx, "Training")+": "+trainingName)
	}
	if group != "" {
		lines = append(lines, i18n.T(ctx, "Group")+": "+group)
	}
	lines = append(lines, i18n.T(ctx, "Modality")+": "+e.Categories)
	if link := strings.TrimSpace(deref(s.Link)); strings.HasPrefix(link, "https://") || strings.HasPrefix(link, "http://") {
		lines = append(lines, i18n.T(ctx, "Link")+": "+link)
		if e.Location == "" {
			e.Location = link
		}
	}
	if d := strings.TrimSpace(deref(s.Description)); d != "" {
		lines = append(lines, "", d)
	}
	e.Description = strings.Join(lines, "\n")
	switch {
	case s.StartsAt != nil && s.EndsAt != nil:
		e.Start, e.End = *s.StartsAt, *s.EndsAt
	case s.StartsAt != nil:
		e.Start, e.End = *s.StartsAt, *s.StartsAt
		if s.Duration != nil {
			e.End = s.StartsAt.Add(time.Duration(s.Duration.TotalMinutes()) * time.Minute)
		}
	case s.DueDate != nil && !s.DueDate.IsZero():
		e.Day = &ical.Date{Year: s.DueDate.Year, Month: s.DueDate.Month, Day: s.DueDate.Day}
		e.Summary = s.Name + " (" + i18n.T(ctx, "Self-paced, due") + ")"
	default:
		return e, false
	}
	// Factorial keeps no revision of a session: the sequence is a hash of
	// what the event shows, so an edit changes it.
	when := e.Start.UTC().Format(time.RFC3339) + e.End.UTC().Format(time.RFC3339)
	if e.Day != nil {
		when = s.DueDate.String()
	}
	e.Sequence = ical.SequenceOf(e.Summary, when, e.Location, e.Description, e.Categories)
	return e, true
}

// writeCalendar answers with an iCalendar file.
func writeCalendar(c echo.Context, filename string, cal ical.Calendar) error {
	var buf bytes.Buffer
	if err := ical.Write(&buf, cal); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+filename+`"`)
	h.Set(echo.HeaderCacheControl, "no-store")
	return c.Blob(http.StatusOK, "text/calendar; charset=utf-8", buf.Bytes())
}

// SessionICS is one session as an .ics file, read as the signed-in person:
// a session Factorial does not show them is not found.
func (cal *Calendar) SessionICS(c echo.Context) error {
	id, err := sessionIDOf(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	cl := mw.Client(c)
	s, err := cl.Sessions.Get(ctx, id)
	if err != nil {
		return err
	}
	ts, err := training.Trainings(ctx, cl.Trainings, []factorial.ID{s.TrainingID})
	if err != nil {
		return err
	}
	training.SessionsInOrder([]factorial.Session{*s}, cal.zone())
	ev, ok := cal.sessionEvent(c, *s, training.TrainingName(ctx, ts[s.TrainingID]), "")
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound, i18n.T(ctx, "This session has no date yet."))
	}
	return writeCalendar(c, "session-"+id.String()+".ics", ical.Calendar{Name: s.Name, Stamp: cal.now(), Events: []ical.Event{ev}})
}

// feedProps is the feed card of the calendar page: whether the person has
// a feed, and the view's filters for the next one.
func (cal *Calendar) feedProps(c echo.Context, st calendar.State) pages.FeedProps {
	p := pages.FeedProps{Action: paths.CalendarFeed}
	for k, vs := range st.Query(cal.today()) {
		p.Query = append(p.Query, pages.HiddenField{Name: k, Value: vs[0]})
	}
	slices.SortFunc(p.Query, func(a, b pages.HiddenField) int { return strings.Compare(a.Name, b.Name) })
	u := mw.User(c)
	if cal.Feeds == nil || u == nil || u.EmployeeID == 0 {
		return p
	}
	if f, err := cal.Feeds.FeedOf(c.Request().Context(), u.CompanyID, u.EmployeeID); err == nil {
		p.Has = true
		p.Created = i18n.From(c.Request().Context()).MediumDate(f.CreatedAt.In(cal.zone()))
	} else if !errors.Is(err, logins.ErrNotFound) {
		cal.Log.WarnContext(c.Request().Context(), "calendar feed not read", "err", err, "request_id", mw.RequestID(c))
	}
	return p
}

// errNoPerson: an API key has nobody behind it to own a feed.
var errNoPerson = errors.New("a calendar feed belongs to a person; an API key has none")

// Feed issues (or rotates) and revokes the person's feed key (POST). A new
// address is shown once, on the calendar page it was made from; only its
// hash is kept.
func (cal *Calendar) Feed(c echo.Context) error {
	if err := require(c, ReadCalendar, Subject{}); err != nil {
		return err
	}
	ctx := c.Request().Context()
	u := mw.User(c)
	if cal.Feeds == nil || u.EmployeeID == 0 {
		return echo.NewHTTPError(http.StatusForbidden, i18n.T(ctx, "A calendar feed belongs to a person: sign in as yourself to have one.")).SetInternal(errNoPerson)
	}
	form, err := c.FormParams()
	if err != nil {
		return echo.ErrBadRequest
	}
	today := cal.today()
	st := calendar.Parse(form, today)
	if !mineOffered(u.Role) {
		st.Filters.Mine = false
	}
	back := paths.CalendarAt(st.Query(today))
	if form.Get("do") == "revoke" {
		if err := cal.Feeds.RevokeFeed(ctx, u.CompanyID, u.EmployeeID); err != nil {
			return err // nothing was changed: the page says so and offers to try again
		}
		cal.flash(c, "success", i18n.T(ctx, "Your calendar feed is off: its address no longer works."))
		return Redirect(c, back)
	}
	key, err := cal.Feeds.IssueFeed(ctx, u.CompanyID, u.EmployeeID, u.LoginID)
	if err != nil {
		return err
	}
	first, last := st.Range()
	r, err := cal.loadSessions(ctx, calendarSourceOf(mw.Client(c)), actorOf(c), first, last, st.Filters)
	if err != nil {
		return err
	}
	p := cal.props(c, st, r)
	p.Feed.URL = cal.absolute(c, paths.CalendarFeedFile(key, st.Filters.Query()))
	return cal.page(c, http.StatusOK, i18n.T(ctx, "Calendar"), pages.Calendar(p))
}

// FeedFile is a person's feed, as calendar apps fetch it: no cookie, the
// key in the path. It reads Factorial with the person's latest sign-in, so
// it shows what they may see; after they sign out it answers 403 until
// they sign in again. A key that was never issued, rotated or revoked is
// not found.
func (cal *Calendar) FeedFile(c echo.Context) error {
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	ctx := c.Request().Context()
	notFound := func() error { return c.String(http.StatusNotFound, i18n.T(ctx, "No such calendar feed.")+"\n") }
	if cal.Feeds == nil || cal.FeedReader == nil {
		return notFound()
	}
	f, err := cal.Feeds.FeedByKey(ctx, c.Param("key"))
	if errors.Is(err, logins.ErrNotFound) {
		return notFound()
	}
	if err != nil {
		return err
	}
	u, cl, err := cal.FeedReader(ctx, f.LoginID)
	if errors.Is(err, mw.ErrSignInRequired) || err == nil && (u.CompanyID != f.CompanyID || u.EmployeeID != f.EmployeeID) {
		return c.String(http.StatusForbidden, i18n.T(ctx, "This calendar feed is paused: its owner signed out of Aula. It works again when they sign in.")+"\n")
	}
	if err != nil {
		return err
	}
	today := cal.today()
	filters := calendar.Parse(c.QueryParams(), today).Filters
	if !mineOffered(u.Role) {
		filters.Mine = false
	}
	now := cal.now()
	first, last := calendar.DayOf(now.Add(-FeedPast), cal.zone()), calendar.DayOf(now.Add(FeedAhead), cal.zone())
	act := Actor{Role: u.Role, EmployeeID: u.EmployeeID}
	r, err := cal.loadSessions(ctx, calendarSourceOf(cl), act, first, last, filters)
	if err != nil {
		return err
	}
	out := ical.Calendar{Name: "Aula — " + u.Name, Stamp: now}
	for _, s := range r.shown {
		group := ""
		if s.TrainingClassID != nil && r.groups[*s.TrainingClassID] != nil {
			group = training.GroupLabel(ctx, *r.groups[*s.TrainingClassID])
		}
		if ev, ok := cal.sessionEvent(c, s, training.TrainingName(ctx, r.trainings[s.TrainingID]), group); ok {
			out.Events = append(out.Events, ev)
		}
	}
	return writeCalendar(c, "aula-sessions.ics", out)
}
