package handlers

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/form"
	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/paths"
	"github.com/aula-hr/aula/internal/schedule"
	"github.com/aula-hr/aula/internal/training"
	mw "github.com/aula-hr/aula/middleware"
	"github.com/aula-hr/aula/views/components/confirm"
	"github.com/aula-hr/aula/views/pages"
)

// Invite invites people to the session in one bulk_create: the people
// ticked in the picker, or everyone enrolled in the training or in the
// session's group, with the "notify" choice. People already invited to an
// overlapping session are named first; the warning does not block.
func (s *Sessions) Invite(c echo.Context) error {
	id, err := sessionToEdit(c)
	if err != nil {
		return err
	}
	values, err := c.FormParams()
	if err != nil {
		return echo.ErrBadRequest
	}
	ticked, ok := form.IDs(values["employee_ids"])
	if !ok {
		return echo.ErrBadRequest
	}
	ctx := c.Request().Context()
	l := i18n.From(ctx)
	cl := mw.Client(c)
	notify, everyone := form.Checkbox(values, "notify"), values.Get("everyone")
	x, err := cl.Sessions.Get(ctx, id)
	if err != nil {
		return err
	}
	people := ticked
	switch everyone {
	case "training", "group":
		opts := &factorial.MembershipListOptions{TrainingID: x.TrainingID}
		if everyone == "group" {
			if x.TrainingClassID == nil || *x.TrainingClassID == "" {
				return echo.ErrBadRequest
			}
			opts.ClassID = *x.TrainingClassID
		}
		ms, err := cl.Memberships.All(ctx, opts)
		if err != nil {
			return err
		}
		people = people[:0]
		for _, m := range ms {
			people = append(people, m.EmployeeID)
		}
	case "":
	default:
		return echo.ErrBadRequest
	}
	if len(people) == 0 {
		msg := l.T("Tick the people to invite first. Nobody was invited.")
		if everyone != "" {
			msg = l.T("Nobody is enrolled there yet. Nobody was invited.")
		}
		s.flash(c, "error", msg)
		return Redirect(c, paths.SessionPage(id)+"#invite")
	}
	if len(people) > form.MaxSelection {
		s.flash(c, "error", l.T("Aula invites at most %d people at once. Nobody was invited.", form.MaxSelection))
		return Redirect(c, paths.SessionPage(id)+"#invite")
	}
	if values.Get("clashes") != "seen" && x.StartsAt != nil && x.EndsAt != nil {
		want := make(map[factorial.ID]bool, len(people))
		for _, e := range people {
			want[e] = true
		}
		occ := []schedule.Occurrence{{Starts: *x.StartsAt, Ends: *x.EndsAt, HasTimes: true}}
		clashes, err := s.clashes(ctx, cl, x.TrainingID, "", occ, "", want, x.ID)
		if err != nil {
			return err
		}
		if len(clashes) > 0 {
			return s.pageWith(c, id, ticked, func(p *pages.SessionPageProps) {
				p.Clashes = s.clashRows(ctx, clashes)
				keepChoices(p, notify, everyone)
			})
		}
	}
	_, err = cl.SessionAccess.BulkCreate(ctx, factorial.SessionAccessBulkCreate{SessionID: id, Notify: notify, EmployeeIDs: people})
	if err != nil {
		// The page says the input is kept: the people ticked are listed
		// ticked again (or as invited, when the invitation was made after
		// all), with the choices made.
		switch lookAfter(err, func() (bool, error) { return allInvited(ctx, cl, id, people) }) {
		case notSaved:
			return s.pageWith(c, id, ticked, func(p *pages.SessionPageProps) {
				p.Problem = ptr(notSavedProblem(ctx, err, invitationNotThere))
				keepChoices(p, notify, everyone)
			})
		case unknown:
			return s.pageWith(c, id, ticked, func(p *pages.SessionPageProps) {
				p.Problem = ptr(cannotTell(ctx, err, link{URL: paths.SessionPage(id), Label: l.T("See who is invited")}))
				keepChoices(p, notify, everyone)
			})
		}
	}
	s.afterWrite(c)
	s.flash(c, "success", l.T("%d people invited.", len(people)))
	return Redirect(c, paths.SessionPage(id))
}

// keepChoices puts the invitation's choices back in the picker shown again.
func keepChoices(p *pages.SessionPageProps, notify bool, everyone string) {
	if p.Invite != nil {
		p.Invite.Kept, p.Invite.Notify, p.Invite.Everyone = true, notify, everyone
	}
}

// pageWith shows the session page again with what a failed or warned
// action adds to it, the people ticked listed ticked in the picker; the
// status is the problem's.
func (s *Sessions) pageWith(c echo.Context, id factorial.ID, ticked []factorial.ID, add func(*pages.SessionPageProps)) error {
	p, err := s.loadPage(c, id, ticked...)
	if err != nil {
		return err
	}
	props := s.pageProps(c, p)
	add(&props)
	status := http.StatusOK
	if props.Problem != nil {
		status = props.Problem.Status
	}
	return s.page(c, status, props.Title, pages.SessionPage(props))
}

// Uninvite removes the invitations ticked, once confirmed, in one
// bulk_destroy, notifying the people if chosen. Sending it again is safe:
// an invitation already gone is not removed twice.
func (s *Sessions) Uninvite(c echo.Context) error {
	id, err := sessionToEdit(c)
	if err != nil {
		return err
	}
	values, err := c.FormParams()
	if err != nil {
		return echo.ErrBadRequest
	}
	ids, ok := form.IDs(values["access_ids"])
	if !ok {
		return echo.ErrBadRequest
	}
	ctx := c.Request().Context()
	l := i18n.From(ctx)
	if len(ids) == 0 {
		s.flash(c, "error", l.T("Tick the people to remove first. Nobody was removed."))
		return Redirect(c, paths.SessionPage(id))
	}
	notify := form.Checkbox(values, "notify")
	cl := mw.Client(c)
	if values.Get("confirmed") != "yes" {
		return s.confirmUninvite(c, ctx, cl, id, ids, notify)
	}
	if _, err := cl.SessionAccess.BulkDestroy(ctx, ids, notify); err != nil {
		SetRetry(c, paths.SessionPage(id))
		return writeFailed(err, repeatable, link{})
	}
	s.afterWrite(c)
	s.flash(c, "success", l.T("%d people removed from the session.", len(ids)))
	return Redirect(c, paths.SessionPage(id))
}

func (s *Sessions) confirmUninvite(c echo.Context, ctx context.Context, cl *factorial.Client, id factorial.ID, ids []factorial.ID, notify bool) error {
	l := i18n.From(ctx)
	inv, err := cl.SessionAccess.All(ctx, &factorial.SessionAccessListOptions{SessionID: id, IDs: ids})
	if err != nil {
		return err
	}
	var names []string
	hidden := []confirm.Hidden{}
	for _, a := range inv {
		names = append(names, accessName(a))
		hidden = append(hidden, confirm.Hidden{Name: "access_ids", Value: a.ID.String()})
	}
	if len(names) == 0 {
		s.flash(c, "info", l.T("Those people are no longer invited. Nothing was changed."))
		return Redirect(c, paths.SessionPage(id))
	}
	training.SortByName(names, func(n string) string { return n })
	consequence := l.T("Their attendance marks for this session go with the invitation. They are not notified.")
	if notify {
		consequence = l.T("Their attendance marks for this session go with the invitation. Factorial notifies them.")
		hidden = append(hidden, confirm.Hidden{Name: "notify", Value: "on"})
	}
	p := confirm.Props{Title: l.T("Remove %d people from the session?", len(names)), Intro: l.T("You are about to remove from the session:"),
		Items: names, Consequences: []string{consequence}, Action: paths.SessionUninvite(id), Hidden: hidden,
		ConfirmLabel: l.T("Remove them"), CancelHref: paths.SessionPage(id)}
	return s.page(c, http.StatusOK, p.Title, confirm.Confirm(p))
}
