package handlers

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/paths"
	"github.com/aula-hr/aula/internal/schedule"
	mw "github.com/aula-hr/aula/middleware"
	"github.com/aula-hr/aula/views/components"
	"github.com/aula-hr/aula/views/components/confirm"
	"github.com/aula-hr/aula/views/pages"
)

// clashCheckConcurrency bounds the invitation lists read at once while
// looking for people invited to overlapping sessions.
const clashCheckConcurrency = 8

func (s *Sessions) renderForm(c echo.Context, p pages.SessionFormProps) error {
	status := http.StatusOK
	if p.Problem != nil {
		status = p.Problem.Status
	}
	return s.page(c, status, i18n.T(c.Request().Context(), "Schedule a session"), pages.SessionForm(p))
}

func (s *Sessions) newFormProps(t *factorial.Training, class *factorial.TrainingClass, f schedule.Form) pages.SessionFormProps {
	return pages.SessionFormProps{Training: *t, Group: *class, Form: f,
		Action: paths.NewSession(t.ID, class.ID), Cancel: paths.TrainingTab(t.ID, paths.TabSessions)}
}

// NewSession shows the form of a new session of a group.
func (s *Sessions) NewSession(c echo.Context) error {
	if err := require(c, EditCatalogue, Subject{}); err != nil {
		return err
	}
	id, cid, err := groupPaths(c)
	if err != nil {
		return err
	}
	t, class, err := s.catalogue.loadGroup(c, id, cid)
	if err != nil {
		return err
	}
	in := schedule.Input{Name: t.Name, Schedule: string(factorial.ScheduleScheduled), Modality: string(factorial.ModalityInPerson),
		SendInvites: true, Weekday: "1"}
	return s.renderForm(c, s.newFormProps(t, class, schedule.Form{Input: in}))
}

// CreateSession validates the form, warns of clashes once, and creates the
// session or the weekly series one session at a time (a create is never
// sent twice; after a lost answer Aula looks with one read).
func (s *Sessions) CreateSession(c echo.Context) error {
	if err := require(c, EditCatalogue, Subject{}); err != nil {
		return err
	}
	id, cid, err := groupPaths(c)
	if err != nil {
		return err
	}
	values, err := c.FormParams()
	if err != nil {
		return echo.ErrBadRequest
	}
	ctx := c.Request().Context()
	l := i18n.From(ctx)
	f := schedule.Parse(schedule.InputFrom(values), true, l)
	t, class, err := s.catalogue.loadGroup(c, id, cid)
	if err != nil {
		shell := factorial.Training{ID: id, Name: l.T("this training")}
		p := s.newFormProps(&shell, &factorial.TrainingClass{ID: cid, TrainingID: id}, f)
		p.Problem = readProblem(c.Request().Context(), err)
		return s.renderForm(c, p)
	}
	p := s.newFormProps(t, class, f)
	if !f.Valid() {
		return s.renderForm(c, p)
	}
	occ := f.Values.Occurrences(s.zone())
	if values.Get("clashes") != "seen" {
		clashes, err := s.clashes(ctx, mw.Client(c), id, cid, occ, f.Values.Location, nil)
		if err != nil || len(clashes) > 0 {
			p.Clashes, p.ClashCheckFailed = s.clashRows(ctx, clashes), err != nil
			return s.renderForm(c, p)
		}
	}
	created, failure := s.createAll(ctx, mw.Client(c), id, cid, f.Values, occ)
	if failure == nil {
		s.afterWrite(c)
		if len(created) == 1 {
			s.flash(c, "success", l.T("Session scheduled for %s.", s.occurrenceText(ctx, created[0].occ, f.Values)))
			return Redirect(c, paths.SessionPageIn(created[0].id, id, &cid))
		}
		s.flash(c, "success", l.T("%d sessions scheduled, every %s from %s to %s.", len(created), l.T(schedule.WeekdayName(f.Values.Weekday)),
			l.MediumDate(created[0].occ.Starts), l.MediumDate(created[len(created)-1].occ.Starts)))
		return Redirect(c, paths.TrainingTab(id, paths.TabSessions))
	}
	if len(created) > 0 {
		s.afterWrite(c)
	}
	p.Problem = s.seriesProblem(ctx, t, f.Values, occ, created, failure)
	if failure.outcome == notSaved && f.Values.Repeat {
		// The form now starts at the first session not created: sent
		// again, it makes exactly the rest.
		p.Form.Input.Date = failure.occ.Day.String()
	}
	return s.renderForm(c, p)
}

// createdSession is a session of the form that Factorial has.
type createdSession struct {
	id  factorial.ID
	occ schedule.Occurrence
}

// createFailure is the first session of the form whose create failed.
type createFailure struct {
	err     error
	occ     schedule.Occurrence
	index   int
	outcome lookup // notSaved or unknown (saved ones continue)
}

// createAll creates the occurrences one after another. After a failure it
// looks once whether Factorial has that session; when it does, the series
// goes on; otherwise it stops there, and nothing after it is sent.
func (s *Sessions) createAll(ctx context.Context, cl *factorial.Client, id factorial.ID, cid factorial.ClassID, v schedule.Values, occ []schedule.Occurrence) ([]createdSession, *createFailure) {
	var out []createdSession
	for i, o := range occ {
		x, err := cl.Sessions.Create(ctx, v.Request(id, cid, o))
		if err == nil {
			out = append(out, createdSession{id: x.ID, occ: o})
			continue
		}
		var found factorial.ID
		switch got := lookAfter(err, func() (bool, error) {
			all, lerr := cl.Sessions.All(ctx, &factorial.SessionListOptions{TrainingIDs: []factorial.ID{id}, TrainingClassIDs: []factorial.ClassID{cid}})
			for _, x := range all {
				if sameSession(x, v, o) {
					found = x.ID
				}
			}
			return found != 0, lerr
		}); got {
		case saved:
			out = append(out, createdSession{id: found, occ: o})
		default:
			return out, &createFailure{err: err, occ: o, index: i, outcome: got}
		}
	}
	return out, nil
}

// sameSession: x is the session the form sent for o (name and times, or
// name and due date).
func sameSession(x factorial.Session, v schedule.Values, o schedule.Occurrence) bool {
	if strings.TrimSpace(x.Name) != v.Name {
		return false
	}
	if o.HasTimes {
		return x.StartsAt != nil && x.StartsAt.Equal(o.Starts) && x.EndsAt != nil && x.EndsAt.Equal(o.Ends)
	}
	return x.StartsAt == nil && (x.DueDate == nil) == (v.DueDate == nil) && (x.DueDate == nil || *x.DueDate == *v.DueDate)
}

func (s *Sessions) occurrenceText(ctx context.Context, o schedule.Occurrence, v schedule.Values) string {
	l := i18n.From(ctx)
	if o.HasTimes {
		return l.MediumDate(o.Starts) + " " + l.TimeRange(o.Starts, o.Ends)
	}
	if v.DueDate != nil {
		return l.T("Self-paced, due %s", l.MediumDate(v.DueDate.In(time.UTC)))
	}
	return l.T("Self-paced")
}

// seriesProblem says exactly which sessions of the form Factorial has,
// which it has not, and for which Aula cannot tell.
func (s *Sessions) seriesProblem(ctx context.Context, t *factorial.Training, v schedule.Values, occ []schedule.Occurrence, created []createdSession, f *createFailure) *components.Problem {
	l := i18n.From(ctx)
	p := ProblemFor(ctx, f.err)
	p.Retry = false
	var made []string
	for _, x := range created {
		made = append(made, s.occurrenceText(ctx, x.occ, v))
	}
	var rest []string
	for _, o := range occ[f.index+1:] {
		rest = append(rest, s.occurrenceText(ctx, o, v))
	}
	failed := s.occurrenceText(ctx, f.occ, v)
	var detail []string
	if len(made) > 0 {
		detail = append(detail, l.T("Created: %s.", strings.Join(made, "; ")))
	}
	if f.outcome == unknown {
		p.Title = l.T("Aula cannot tell whether every session was created")
		detail = append(detail, l.T("Factorial did not answer for %s, and Aula could not look: check the sessions of the training before sending the form again, so nothing is made twice.", failed))
		p.CheckURL, p.CheckLabel = paths.TrainingTab(t.ID, paths.TabSessions), l.T("See the sessions of “%s”", t.Name)
	} else {
		p.Title = l.T("Not every session was created")
		if len(made) == 0 {
			p.Title = l.T("Not saved")
			detail = append(detail, l.T("Nothing was saved."))
		}
		detail = append(detail, l.T("Not created: %s.", failed))
	}
	if len(rest) > 0 {
		detail = append(detail, l.T("Not sent: %s.", strings.Join(rest, "; ")))
	}
	if f.outcome == notSaved {
		if len(made) > 0 && v.Repeat {
			detail = append(detail, l.T("The form below now starts at the first session not created: send it again to create the rest."))
		} else {
			detail = append(detail, l.T("Your input is kept below: try again."))
		}
	}
	p.Detail = strings.Join(detail, " ")
	return &p
}

// clashes finds the sessions that overlap occ: in the same place, or with
// people of the group already invited (named from those sessions'
// invitations). people, when set, are the ones being invited instead of the
// group's. skip are the sessions being saved themselves. Two round trips:
// the sessions in the span and the group's people, then the invitations of
// the overlapping sessions at once.
func (s *Sessions) clashes(ctx context.Context, cl *factorial.Client, id factorial.ID, cid factorial.ClassID, occ []schedule.Occurrence, location string, people map[factorial.ID]bool, skip ...factorial.ID) ([]schedule.Clash, error) {
	from, to, ok := schedule.Range(occ)
	if !ok {
		return nil, nil
	}
	// A session starts and ends on one day: one that overlaps started at
	// most a day before the span.
	after, before := from.Add(-24*time.Hour), to
	var near []factorial.Session
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		near, err = cl.Sessions.All(gctx, &factorial.SessionListOptions{StartAfter: &after, StartBefore: &before})
		return err
	})
	if people == nil && cid != "" {
		g.Go(func() error {
			ms, err := cl.Memberships.All(gctx, &factorial.MembershipListOptions{TrainingID: id, ClassID: cid})
			people = map[factorial.ID]bool{}
			for _, m := range ms {
				people[m.EmployeeID] = true
			}
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	skipped := map[factorial.ID]bool{}
	for _, x := range skip {
		skipped[x] = true
	}
	found := schedule.Overlapping(occ, location, near, skipped)
	if len(people) > 0 {
		g, gctx = errgroup.WithContext(ctx)
		g.SetLimit(clashCheckConcurrency)
		for i := range found {
			g.Go(func() error {
				inv, err := cl.SessionAccess.All(gctx, &factorial.SessionAccessListOptions{SessionID: found[i].Session.ID})
				names := map[factorial.ID]string{}
				for _, a := range inv {
					if a.EmployeeID != nil && people[*a.EmployeeID] {
						names[*a.EmployeeID] = accessName(a)
					}
				}
				found[i].People = schedule.Named(inv, names)
				return err
			})
		}
		if err := g.Wait(); err != nil {
			return nil, err
		}
	}
	var out []schedule.Clash
	for _, x := range found {
		if x.SameLocation || len(x.People) > 0 {
			out = append(out, x)
		}
	}
	return out, nil
}

func (s *Sessions) clashRows(ctx context.Context, cs []schedule.Clash) []pages.ClashRow {
	l := i18n.From(ctx)
	var out []pages.ClashRow
	for _, x := range cs {
		r := pages.ClashRow{Name: x.Session.Name, Href: paths.SessionPage(x.Session.ID), SameLocation: x.SameLocation, People: x.People}
		st := x.Session.StartsAt.In(s.zone())
		r.When = l.MediumDate(st) + " " + l.TimeRange(st, x.Session.EndsAt.In(s.zone()))
		if x.Session.Location != nil {
			r.Where = *x.Session.Location
		}
		out = append(out, r)
	}
	return out
}

// sessionToChange reads the session of an edit or delete with its
// training, its group, and the sessions of its series that follow it (the
// group's sessions in one read), in two round trips.
type sessionToChange struct {
	session   *factorial.Session
	training  *factorial.Training
	group     *factorial.TrainingClass
	following []factorial.Session // the session itself first
}

func (s *Sessions) loadChange(c echo.Context, id factorial.ID) (*sessionToChange, error) {
	ctx := c.Request().Context()
	cl := mw.Client(c)
	x, err := cl.Sessions.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	ch := &sessionToChange{session: x, following: []factorial.Session{*x}}
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { ch.training, err = cl.Trainings.Get(gctx, x.TrainingID); return err })
	if x.TrainingClassID != nil && *x.TrainingClassID != "" {
		cid := *x.TrainingClassID
		g.Go(func() (err error) { ch.group, err = cl.Classes.Get(gctx, cid); return err })
		g.Go(func() error {
			all, err := cl.Sessions.All(gctx, &factorial.SessionListOptions{TrainingIDs: []factorial.ID{x.TrainingID}, TrainingClassIDs: []factorial.ClassID{cid}})
			ch.following = schedule.Following(*x, all, s.zone())
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if ch.group == nil {
		ch.group = &factorial.TrainingClass{TrainingID: x.TrainingID}
	}
	return ch, nil
}

func (s *Sessions) editProps(ch *sessionToChange, f schedule.Form, scope string) pages.SessionFormProps {
	return pages.SessionFormProps{Training: *ch.training, Group: *ch.group, Session: ch.session, Form: f, Scope: scope,
		Following: len(ch.following), Action: paths.SessionEdit(ch.session.ID), Cancel: paths.SessionPage(ch.session.ID)}
}

// EditSession shows the form of a session.
func (s *Sessions) EditSession(c echo.Context) error {
	id, err := sessionToEdit(c)
	if err != nil {
		return err
	}
	ch, err := s.loadChange(c, id)
	if err != nil {
		return err
	}
	in := schedule.InputOf(*ch.session, s.zone())
	return s.renderForm(c, s.editProps(ch, schedule.Form{Input: in}, paths.SessionScopeThis))
}

// UpdateSession saves the session, or it and the following ones of its
// series. Each save is a PUT, which sending again cannot make twice; the
// sessions after this one keep their own days and take the form's times.
func (s *Sessions) UpdateSession(c echo.Context) error {
	id, err := sessionToEdit(c)
	if err != nil {
		return err
	}
	values, err := c.FormParams()
	if err != nil {
		return echo.ErrBadRequest
	}
	ctx := c.Request().Context()
	l := i18n.From(ctx)
	ch, err := s.loadChange(c, id)
	if err != nil {
		return err
	}
	scope := values.Get("scope")
	f := schedule.Parse(schedule.InputFrom(values), false, l)
	targets := ch.following[:1]
	if scope == paths.SessionScopeFollowing {
		targets = ch.following
		if f.Valid() && f.Values.Schedule == factorial.ScheduleScheduled && ch.session.StartsAt != nil &&
			f.Values.Date != factorial.DateOf(ch.session.StartsAt.In(s.zone())) {
			f.Errors["date"] = l.T("The day changes for this session alone: choose “This session”, or keep the day and change the rest.")
		}
	} else {
		scope = paths.SessionScopeThis
	}
	p := s.editProps(ch, f, scope)
	if !f.Valid() {
		return s.renderForm(c, p)
	}
	cid := factorial.ClassID("")
	if ch.session.TrainingClassID != nil {
		cid = *ch.session.TrainingClassID
	}
	occ := make([]schedule.Occurrence, len(targets))
	skip := make([]factorial.ID, len(targets))
	for i, x := range targets {
		occ[i], skip[i] = schedule.Moved(*ch.session, x, f.Values, s.zone()), x.ID
	}
	if values.Get("clashes") != "seen" {
		clashes, err := s.clashes(ctx, mw.Client(c), ch.session.TrainingID, cid, occ, f.Values.Location, nil, skip...)
		if err != nil || len(clashes) > 0 {
			p.Clashes, p.ClashCheckFailed = s.clashRows(ctx, clashes), err != nil
			return s.renderForm(c, p)
		}
	}
	var saved []string
	for i, x := range targets {
		if _, err := mw.Client(c).Sessions.Update(ctx, x.ID, f.Values.Request(x.TrainingID, cid, occ[i])); err != nil {
			if len(saved) > 0 {
				s.afterWrite(c)
			}
			p.Problem = ptr(writeProblem(c.Request().Context(), err, repeatable))
			if len(targets) > 1 {
				var rest []string
				for _, o := range occ[i:] {
					rest = append(rest, s.occurrenceText(ctx, o, f.Values))
				}
				p.Problem.Title = l.T("Not every session was saved")
				p.Problem.Detail = strings.TrimSpace(savedText(l, saved) + " " + l.T("Not saved, or not confirmed: %s.", strings.Join(rest, "; ")) + " " +
					l.T("Sending the form again is safe: a session saved already is saved once."))
			}
			return s.renderForm(c, p)
		}
		saved = append(saved, s.occurrenceText(ctx, occ[i], f.Values))
	}
	s.afterWrite(c)
	s.flash(c, "success", l.T("%d sessions saved.", len(saved)))
	return Redirect(c, paths.SessionPage(id))
}

func savedText(l i18n.Locale, saved []string) string {
	if len(saved) == 0 {
		return ""
	}
	return l.T("Saved: %s.", strings.Join(saved, "; "))
}

// ConfirmDeleteSession names the sessions a delete removes: this one, or it
// and the following ones of its series.
func (s *Sessions) ConfirmDeleteSession(c echo.Context) error {
	id, err := sessionToEdit(c)
	if err != nil {
		return err
	}
	ch, err := s.loadChange(c, id)
	if err != nil {
		return err
	}
	return s.confirmDelete(c, ch, c.QueryParam("scope"))
}

func (s *Sessions) confirmDelete(c echo.Context, ch *sessionToChange, scope string) error {
	ctx := c.Request().Context()
	l := i18n.From(ctx)
	targets := deleteTargets(ch, scope)
	var items []string
	for _, x := range targets {
		items = append(items, x.Name+", "+s.whenText(ctx, x))
	}
	p := confirm.Props{
		Title: l.T("Delete %d sessions?", len(targets)), Intro: l.T("You are about to delete these sessions of “%s”:", ch.training.Name),
		Items:        items,
		Consequences: []string{l.T("The invitations and attendance marks of these sessions go with them. The group and the enrolments stay.")},
		Action:       paths.SessionDelete(ch.session.ID, ""), ConfirmLabel: l.T("Delete"),
		Hidden:     []confirm.Hidden{{Name: "scope", Value: scopeOf(scope)}, {Name: "training", Value: ch.session.TrainingID.String()}},
		CancelHref: paths.SessionPage(ch.session.ID),
	}
	if scope != paths.SessionScopeFollowing && len(ch.following) > 1 {
		p.Consequences = append(p.Consequences, l.T("The other sessions of its series stay. To delete the following ones too, use “This and the following ones”."))
	}
	return s.page(c, http.StatusOK, p.Title, pages.SessionDeleteConfirm(p, ch.session.ID, len(ch.following), scopeOf(scope)))
}

func scopeOf(scope string) string {
	if scope == paths.SessionScopeFollowing {
		return scope
	}
	return paths.SessionScopeThis
}

func deleteTargets(ch *sessionToChange, scope string) []factorial.Session {
	if scope == paths.SessionScopeFollowing {
		return ch.following
	}
	return ch.following[:1]
}

func (s *Sessions) whenText(ctx context.Context, x factorial.Session) string {
	l := i18n.From(ctx)
	if x.StartsAt != nil && x.EndsAt != nil {
		st := x.StartsAt.In(s.zone())
		return l.MediumDate(st) + " " + l.TimeRange(st, x.EndsAt.In(s.zone()))
	}
	if x.DueDate != nil {
		return l.T("Self-paced, due %s", l.MediumDate(x.DueDate.In(time.UTC)))
	}
	return l.T("Not scheduled")
}

// DeleteSession deletes the session, or it and the following ones, once
// confirmed. A delete is sent again safely: one already gone counts as
// deleted.
func (s *Sessions) DeleteSession(c echo.Context) error {
	id, err := sessionToEdit(c)
	if err != nil {
		return err
	}
	values, err := c.FormParams()
	if err != nil {
		return echo.ErrBadRequest
	}
	scope := scopeOf(values.Get("scope"))
	if values.Get("confirmed") != "yes" {
		return Redirect(c, paths.SessionDelete(id, scope))
	}
	ctx := c.Request().Context()
	l := i18n.From(ctx)
	ch, err := s.loadChange(c, id)
	if isNotFound(err) {
		// Sent again after a lost answer: the session is gone already.
		s.afterWrite(c)
		s.flash(c, "success", l.T("The session is deleted: Factorial no longer has it."))
		back := paths.Trainings
		if t, err := factorial.ParseID(values.Get("training")); err == nil {
			back = paths.TrainingTab(t, paths.TabSessions)
		}
		return Redirect(c, back)
	}
	if err != nil {
		return err
	}
	targets := deleteTargets(ch, scope)
	var deleted []string
	for i, x := range targets {
		if _, err := mw.Client(c).Sessions.Delete(ctx, x.ID); err != nil && !isNotFound(err) {
			if len(deleted) > 0 {
				s.afterWrite(c)
			}
			if len(targets) == 1 {
				return writeFailed(err, repeatable, link{})
			}
			var rest []string
			for _, y := range targets[i:] {
				rest = append(rest, s.whenText(ctx, y))
			}
			p := writeProblem(c.Request().Context(), err, repeatable)
			p.Title = l.T("Not every session was deleted")
			del := ""
			if len(deleted) > 0 {
				del = l.T("Deleted: %s.", strings.Join(deleted, "; ")) + " "
			}
			p.Detail = del + l.T("Not deleted, or not confirmed: %s.", strings.Join(rest, "; ")) + " " + l.T("Deleting them again is safe.")
			// The ones deleted are gone: the rest hang from the one that failed.
			p.Retry, p.RetryURL = false, paths.SessionDelete(targets[i].ID, scope)
			return s.page(c, p.Status, p.Title, pages.ErrorPage(p))
		}
		deleted = append(deleted, s.whenText(ctx, x))
	}
	s.afterWrite(c)
	s.flash(c, "success", l.T("%d sessions deleted.", len(deleted)))
	return Redirect(c, paths.TrainingTab(ch.session.TrainingID, paths.TabSessions))
}

func isNotFound(err error) bool { return errors.Is(err, factorial.ErrNotFound) }
