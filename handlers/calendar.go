package handlers

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/calendar"
	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/paths"
	"github.com/aula-hr/aula/internal/training"
	mw "github.com/aula-hr/aula/middleware"
	"github.com/aula-hr/aula/views/components/field"
	"github.com/aula-hr/aula/views/pages"
)

// Calendar is the calendar of sessions (month, week, agenda), a session as
// an .ics file, and each person's subscribable feed. Everyone reads it with
// their own Factorial credentials, so each role sees the sessions Factorial
// shows it.
type Calendar struct {
	*Handlers
}

// NewCalendar builds the calendar area on the base handlers.
func NewCalendar(h *Handlers) *Calendar { return &Calendar{Handlers: h} }

// calendarTarget is the part of the page htmx replaces on every move.
const calendarTarget = "calendar"

type classReader interface {
	List(ctx context.Context, opts *factorial.ClassListOptions) (*factorial.Page[factorial.TrainingClass], error)
}

// calendarSource is what the calendar reads from Factorial.
type calendarSource struct {
	sessions    sessionReader
	memberships membershipLister
	trainings   trainingReader
	classes     classReader
}

func calendarSourceOf(cl *factorial.Client) calendarSource {
	return calendarSource{sessions: cl.Sessions, memberships: cl.Memberships, trainings: cl.Trainings, classes: cl.Classes}
}

// sessionsInRange is what a calendar shows: the sessions of some days, as
// Factorial shows them to one person, filtered, with the names they need.
type sessionsInRange struct {
	first, last factorial.Date
	actor       Actor
	inRange     []factorial.Session // before the filters: the filters' choices come from these
	shown       []factorial.Session // after the filters, in order, times in the company's zone
	trainings   map[factorial.ID]*factorial.Training
	groups      map[factorial.ClassID]*factorial.TrainingClass
	parents     map[factorial.ID]bool // sessions other sessions repeat
}

// mineOffered: "only mine" is for the people who have sessions of their
// own: trainers (the trainings they teach) and employees (what they are
// invited to).
func mineOffered(r mw.Role) bool { return r == mw.RoleTrainer || r == mw.RoleEmployee }

// sessionParts is how many lists a range is read in at once: a month's
// grid is read a week per list, so that each fits in one page (a list's
// further pages need another round trip: Aula's clients read page 1 first).
const sessionParts = 6

// loadSessions reads the sessions of the days first to last in two round
// trips. The first asks at once for the scheduled sessions starting in the
// range (Factorial's start_after/start_before, a part of the range per
// list), for the self-paced ones still open when the range reaches today
// (active and not "next": Factorial cannot filter by due date); the second
// for the names of the trainings and groups met, concurrently. A trainer's
// trainings (every enrolment they see, page 1 then the rest) are read
// alongside both, off the critical path.
func (h *Handlers) loadSessions(ctx context.Context, src calendarSource, act Actor, first, last factorial.Date, f calendar.Filters) (*sessionsInRange, error) {
	zone, today := h.zone(), h.today()
	var employee factorial.ID
	if f.Mine && act.Role == mw.RoleEmployee {
		employee = act.EmployeeID
	}
	parts := calendar.Split(first, last, sessionParts)
	lists := make([][]factorial.Session, len(parts)+1)
	g, gctx := errgroup.WithContext(ctx)
	for i, p := range parts {
		start, end := calendar.Bounds(p[0], p[1], zone)
		opts := factorial.SessionListOptions{StartAfter: &start, StartBefore: factorial.Time(end.Add(-time.Second)), EmployeeID: employee}
		g.Go(func() (err error) { lists[i], err = src.sessions.All(gctx, &opts); return err })
	}
	if !last.Before(today) {
		g.Go(func() (err error) {
			o := factorial.SessionListOptions{EmployeeID: employee, Active: factorial.Ptr(true), Next: factorial.Ptr(false)}
			lists[len(parts)], err = src.sessions.All(gctx, &o)
			return err
		})
	}
	teaching := make(chan error, 1)
	tctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		var err error
		act, err = withTeaching(tctx, act, src.memberships)
		teaching <- err
	}()
	if err := g.Wait(); err != nil {
		return nil, err
	}
	r := &sessionsInRange{first: first, last: last, parents: map[factorial.ID]bool{}}
	seen := map[factorial.ID]bool{}
	for _, s := range slices.Concat(lists...) {
		d, ok := sessionDay(s, zone)
		if !ok || seen[s.ID] || d.Before(first) || d.After(last) {
			continue
		}
		seen[s.ID] = true
		r.inRange = append(r.inRange, s)
		if s.ParentID != nil {
			r.parents[*s.ParentID] = true
		}
	}
	training.SessionsInOrder(r.inRange, zone)
	tids := make([]factorial.ID, 0, len(r.inRange))
	var gids []factorial.ClassID
	for _, s := range r.inRange {
		tids = append(tids, s.TrainingID)
		if s.TrainingClassID != nil {
			gids = append(gids, *s.TrainingClassID)
		}
	}
	g, gctx = errgroup.WithContext(ctx)
	g.Go(func() (err error) { r.trainings, err = training.Trainings(gctx, src.trainings, tids); return err })
	g.Go(func() (err error) { r.groups, err = groupsByID(gctx, src.classes, gids); return err })
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if err := <-teaching; err != nil {
		return nil, err
	}
	r.actor = act
	for _, s := range r.inRange {
		if keep(s, f, act) {
			r.shown = append(r.shown, s)
		}
	}
	return r, nil
}

// sessionDay is the day a session shows on: the day it starts in the
// company's zone, a self-paced one's due date.
func sessionDay(s factorial.Session, zone *time.Location) (factorial.Date, bool) {
	switch {
	case s.StartsAt != nil:
		return calendar.DayOf(*s.StartsAt, zone), true
	case s.DueDate != nil && !s.DueDate.IsZero():
		return *s.DueDate, true
	}
	return factorial.Date{}, false
}

// keep applies the calendar's filters to one session.
func keep(s factorial.Session, f calendar.Filters, act Actor) bool {
	switch {
	case f.Training != 0 && s.TrainingID != f.Training,
		f.Group != "" && (s.TrainingClassID == nil || *s.TrainingClassID != f.Group),
		f.Modality != "" && (s.Modality == nil || *s.Modality != f.Modality),
		f.Location != "" && !strings.EqualFold(strings.TrimSpace(deref(s.Location)), f.Location),
		f.Mine && act.Role == mw.RoleTrainer && !act.Teaches[s.TrainingID]:
		return false
	}
	return true
}

// groupsByID reads the named groups, a page of ids per request, at once.
func groupsByID(ctx context.Context, classes classReader, ids []factorial.ClassID) (map[factorial.ClassID]*factorial.TrainingClass, error) {
	slices.Sort(ids)
	ids = slices.Compact(ids)
	parts := make([][]factorial.TrainingClass, (len(ids)+training.PageSize-1)/training.PageSize)
	g, gctx := errgroup.WithContext(ctx)
	for i := range parts {
		chunk := ids[i*training.PageSize : min((i+1)*training.PageSize, len(ids))]
		g.Go(func() error {
			p, err := classes.List(gctx, &factorial.ClassListOptions{ListOptions: factorial.ListOptions{Limit: training.PageSize}, IDs: chunk})
			if err == nil {
				parts[i] = p.Data
			}
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	out := make(map[factorial.ClassID]*factorial.TrainingClass, len(ids))
	for _, p := range parts {
		for j := range p {
			out[p[j].ID] = &p[j]
		}
	}
	return out, nil
}

// Sessions answers the list of sessions with the calendar's agenda.
func (cal *Calendar) Sessions(c echo.Context) error {
	q := c.QueryParams()
	q.Set("view", string(calendar.Agenda))
	return c.Redirect(http.StatusSeeOther, paths.CalendarAt(calendar.Parse(q, cal.today()).Query(cal.today())))
}

// Show is the calendar: the view, date and filters come from the address,
// and every move (period, view, filter) is a new address, so Back restores
// it. htmx replaces only the calendar and pushes that address; without
// scripts the links and the filter form load the same pages.
func (cal *Calendar) Show(c echo.Context) error {
	if err := require(c, ReadCalendar, Subject{}); err != nil {
		return err
	}
	ctx := c.Request().Context()
	today := cal.today()
	st := calendar.Parse(c.QueryParams(), today)
	if !mineOffered(mw.User(c).Role) {
		st.Filters.Mine = false
	}
	canonical := paths.CalendarAt(st.Query(today))
	if !mw.IsHTMX(c) && c.QueryParams().Encode() != st.Query(today).Encode() {
		// A form sent without scripts carries its empty fields, and a
		// nonsense date or view shows today's month: go to the address to
		// bookmark.
		return c.Redirect(http.StatusSeeOther, canonical)
	}
	first, last := st.Range()
	r, err := cal.loadSessions(ctx, calendarSourceOf(mw.Client(c)), actorOf(c), first, last, st.Filters)
	if err != nil {
		return err
	}
	p := cal.props(c, st, r)
	if mw.WantsPart(c, calendarTarget) {
		if cur := mw.HX(c).CurrentURL; !strings.HasSuffix(cur, canonical) {
			mw.HXPushURL(c, canonical)
		}
		return cal.fragment(c, http.StatusOK, pages.CalendarBody(p))
	}
	return cal.page(c, http.StatusOK, i18n.T(ctx, "Calendar"), pages.Calendar(p))
}

// props lays out the view: its title, moves, days and entries.
func (cal *Calendar) props(c echo.Context, st calendar.State, r *sessionsInRange) pages.CalendarProps {
	ctx := c.Request().Context()
	loc := i18n.From(ctx)
	today := cal.today()
	zone := cal.zone()
	at := func(s calendar.State) string { return paths.CalendarAt(s.Query(today)) }
	p := pages.CalendarProps{
		View: string(st.View), Date: st.Date.String(),
		Prev: at(st.Prev()), Next: at(st.Next()), Today: at(st.On(today)),
		MineOffered: mineOffered(actorOf(c).Role),
		Filters:     st.Filters,
		Feed:        cal.feedProps(c, st),
	}
	switch st.View {
	case calendar.Month:
		p.Title = loc.MonthYear(st.Date.In(zone))
	default:
		p.Title = loc.DateRange(r.first.In(zone), r.last.In(zone))
	}
	for _, v := range calendar.Views {
		p.Views = append(p.Views, pages.CalendarLink{Label: viewLabel(ctx, v), Href: at(st.As(v)), Current: v == st.View, TestID: "view-" + string(v)})
	}
	for i := range 7 {
		day := calendar.Monday(today).AddDays(i).In(zone)
		p.Weekdays = append(p.Weekdays, pages.Weekday{Short: loc.WeekdayShort(day), Long: loc.Weekday(day)})
	}
	byDay := map[factorial.Date][]pages.CalendarEntry{}
	for _, s := range r.shown {
		d, _ := sessionDay(s, zone)
		byDay[d] = append(byDay[d], cal.entry(ctx, s, r))
	}
	p.Count = i18n.T(ctx, "%d sessions", len(r.shown))
	day := func(d factorial.Date) pages.CalendarDay {
		t := d.In(zone)
		return pages.CalendarDay{
			ISO: d.String(), Number: loc.Int(d.Day), Label: loc.LongDate(t), Today: d == today,
			Outside: st.View == calendar.Month && d.Month != st.Date.Month, Entries: byDay[d],
		}
	}
	if st.View == calendar.Month {
		for _, w := range calendar.MonthGrid(st.Date) {
			var week []pages.CalendarDay
			for _, d := range w {
				week = append(week, day(d))
			}
			p.Weeks = append(p.Weeks, week)
		}
	} else {
		for _, d := range calendar.Days(r.first, r.last) {
			if st.View == calendar.Agenda && len(byDay[d]) == 0 {
				continue
			}
			p.Days = append(p.Days, day(d))
		}
	}
	p.Trainings, p.Groups, p.Locations = filterChoices(ctx, r)
	p.Modalities = []field.Option{{Value: "", Label: i18n.T(ctx, "Any modality")}}
	for _, m := range factorial.SessionModalities {
		p.Modalities = append(p.Modalities, field.Option{Value: string(m), Label: modalityLabel(ctx, m)})
	}
	return p
}

func (cal *Calendar) entry(ctx context.Context, s factorial.Session, r *sessionsInRange) pages.CalendarEntry {
	loc := i18n.From(ctx)
	e := pages.CalendarEntry{
		ID: s.ID.String(), TrainingID: s.TrainingID.String(), Name: s.Name, Href: paths.SessionPage(s.ID),
		Training: training.TrainingName(ctx, r.trainings[s.TrainingID]), Where: strings.TrimSpace(deref(s.Location)),
		Series: s.ParentID != nil || r.parents[s.ID],
	}
	if e.Training == s.Name {
		e.Training = ""
	}
	m := factorial.ModalityInPerson
	if s.Modality != nil && s.Modality.Valid() {
		m = *s.Modality
	}
	e.Modality, e.ModalityLabel = string(m), modalityLabel(ctx, m)
	switch {
	case s.StartsAt != nil && s.EndsAt != nil:
		e.When, e.Start = loc.TimeRange(*s.StartsAt, *s.EndsAt), loc.Time(*s.StartsAt)
	case s.StartsAt != nil:
		e.When, e.Start = loc.Time(*s.StartsAt), loc.Time(*s.StartsAt)
	default:
		e.SelfPaced = true
		e.When = i18n.T(ctx, "Self-paced, due")
	}
	if s.TrainingClassID != nil {
		if gr := r.groups[*s.TrainingClassID]; gr != nil {
			e.Group = training.GroupLabel(ctx, *gr)
		}
	}
	if r.actor.Can(MarkAttendance, Subject{TrainingID: s.TrainingID}) && !e.SelfPaced {
		e.SheetHref = paths.Sheet(s.ID)
	}
	return e
}

// filterChoices are the trainings, groups and locations of the sessions in
// the range, by name.
func filterChoices(ctx context.Context, r *sessionsInRange) (trainings, groups, locations []field.Option) {
	seenT, seenG, seenL := map[factorial.ID]bool{}, map[factorial.ClassID]bool{}, map[string]bool{}
	for _, s := range r.inRange {
		if !seenT[s.TrainingID] {
			seenT[s.TrainingID] = true
			trainings = append(trainings, field.Option{Value: s.TrainingID.String(), Label: training.TrainingName(ctx, r.trainings[s.TrainingID])})
		}
		if g := s.TrainingClassID; g != nil && !seenG[*g] {
			seenG[*g] = true
			label := string(*g)
			if gr := r.groups[*g]; gr != nil {
				label = training.GroupLabel(ctx, *gr)
			}
			groups = append(groups, field.Option{Value: string(*g), Label: training.TrainingName(ctx, r.trainings[s.TrainingID]) + " — " + label})
		}
		if l := strings.TrimSpace(deref(s.Location)); l != "" && !seenL[strings.ToLower(l)] {
			seenL[strings.ToLower(l)] = true
			locations = append(locations, field.Option{Value: l, Label: l})
		}
	}
	byLabel := func(a, b field.Option) int {
		return strings.Compare(strings.ToLower(a.Label), strings.ToLower(b.Label))
	}
	for _, o := range [][]field.Option{trainings, groups, locations} {
		slices.SortFunc(o, byLabel)
	}
	any := func(label string, o []field.Option) []field.Option {
		return append([]field.Option{{Value: "", Label: label}}, o...)
	}
	return any(i18n.T(ctx, "Any training"), trainings), any(i18n.T(ctx, "Any group"), groups), any(i18n.T(ctx, "Any location"), locations)
}

func viewLabel(ctx context.Context, v calendar.View) string {
	switch v {
	case calendar.Week:
		return i18n.T(ctx, "Week")
	case calendar.Agenda:
		return i18n.T(ctx, "Agenda")
	}
	return i18n.T(ctx, "Month")
}

func modalityLabel(ctx context.Context, m factorial.SessionModality) string {
	switch m {
	case factorial.ModalityOnline:
		return i18n.T(ctx, "Online")
	case factorial.ModalityMixed:
		return i18n.T(ctx, "Hybrid")
	}
	return i18n.T(ctx, "In person")
}
