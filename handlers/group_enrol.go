package handlers

import (
	"context"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/training"
	"github.com/aula-hr/aula/views/components"
)

// Enrolling into a group is two writes, since a training membership has
// no group: the membership of the training (bulk_create), then an
// invitation of the same people to every session of the group
// (session_access_memberships bulk_create, one call per session). The
// invitations are sent only once the people are enrolled.

// groupToEnrol is the group chosen in the enrolment form with its sessions
// in order; nil when none was chosen. A group that is not this training's
// is refused before anything is written.
type groupToEnrol struct {
	class    factorial.TrainingClass
	sessions []factorial.Session
}

// groupToEnrol is on Handlers: the catalogue's enrolment form and the
// review's renewals both enrol into a group.
func (h *Handlers) groupToEnrol(ctx context.Context, cl *factorial.Client, id factorial.ID, classID string) (*groupToEnrol, bool, error) {
	classID = strings.TrimSpace(classID)
	if classID == "" {
		return nil, true, nil
	}
	classes, err := classesOf(ctx, cl, id)
	if err != nil {
		return nil, false, err
	}
	for _, c := range classes {
		if string(c.ID) == classID {
			ss, err := cl.Sessions.All(ctx, &factorial.SessionListOptions{TrainingIDs: []factorial.ID{id}, TrainingClassIDs: []factorial.ClassID{c.ID}})
			if err != nil {
				return nil, false, err
			}
			training.SessionsInOrder(ss, h.zone())
			return &groupToEnrol{class: c, sessions: ss}, true, nil
		}
	}
	return nil, false, nil
}

// invitation is what became of the invitation to one session.
type invitation int

const (
	invited invitation = iota
	notInvited
	cannotTellInvited
)

// invite invites people to every session of g, one session after another
// (each a create, never sent twice). After a failure it looks with one read
// of the session's invitations whether everyone is invited. It returns the
// outcome per session and the first error.
func invite(ctx context.Context, cl *factorial.Client, g *groupToEnrol, people []factorial.ID) ([]invitation, error) {
	out := make([]invitation, len(g.sessions))
	var first error
	for i, s := range g.sessions {
		_, err := cl.SessionAccess.BulkCreate(ctx, factorial.SessionAccessBulkCreate{SessionID: s.ID, EmployeeIDs: people})
		if err == nil {
			continue
		}
		if first == nil {
			first = err
		}
		switch lookAfter(err, func() (bool, error) { return allInvited(ctx, cl, s.ID, people) }) {
		case saved:
			out[i] = invited
		case notSaved:
			out[i] = notInvited
		default:
			out[i] = cannotTellInvited
		}
	}
	return out, first
}

// allInvited reports whether every one of people is invited to session.
func allInvited(ctx context.Context, cl *factorial.Client, session factorial.ID, people []factorial.ID) (bool, error) {
	got, err := cl.SessionAccess.All(ctx, &factorial.SessionAccessListOptions{SessionID: session})
	if err != nil {
		return false, err
	}
	in := map[factorial.ID]bool{}
	for _, a := range got {
		if a.EmployeeID != nil {
			in[*a.EmployeeID] = true
		}
	}
	for _, p := range people {
		if !in[p] {
			return false, nil
		}
	}
	return true, nil
}

// invitationProblem says, after the people were enrolled, which sessions
// of the group they were not invited to, or for which Aula cannot tell;
// nil when every invitation was sent.
func invitationProblem(c echo.Context, g *groupToEnrol, enrolled int, outcomes []invitation, err error, loc *time.Location) *components.Problem {
	ctx := c.Request().Context()
	l := i18n.From(ctx)
	var not, unknown []string
	for i, o := range outcomes {
		switch o {
		case notInvited:
			not = append(not, sessionLabel(l, g.sessions[i], loc))
		case cannotTellInvited:
			unknown = append(unknown, sessionLabel(l, g.sessions[i], loc))
		}
	}
	if len(not) == 0 && len(unknown) == 0 {
		return nil
	}
	p := ProblemFor(c.Request().Context(), err)
	p.Retry = false
	p.Title = l.T("Enrolled, but not invited to every session")
	detail := []string{l.T("%d people are enrolled in the training.", enrolled)}
	if len(not) > 0 {
		detail = append(detail, l.T("They were not invited to these sessions of %s: %s.", training.GroupLabel(ctx, g.class), strings.Join(not, "; ")))
	}
	if len(unknown) > 0 {
		detail = append(detail, l.T("Factorial did not answer, and Aula could not look, for: %s.", strings.Join(unknown, "; ")))
	}
	p.Detail = strings.Join(append(detail, l.T("Invite them to those sessions in Factorial; they need not be enrolled again.")), " ")
	return &p
}

// sessionLabel names a session in a message: its name and first day.
func sessionLabel(l i18n.Locale, s factorial.Session, loc *time.Location) string {
	switch {
	case s.StartsAt != nil:
		return s.Name + " (" + l.MediumDate(s.StartsAt.In(loc)) + ")"
	case s.DueDate != nil:
		return s.Name + " (" + l.MediumDate(s.DueDate.In(time.UTC)) + ")"
	}
	return s.Name
}

// enrolledNotice is what an enrolment saved says, with its invitations.
func enrolledNotice(c echo.Context, n int, g *groupToEnrol) string {
	ctx := c.Request().Context()
	l := i18n.From(ctx)
	switch {
	case g == nil:
		return l.T("%d people enrolled.", n)
	case len(g.sessions) == 0:
		return l.T("%d people enrolled.", n) + " " + l.T("%s has no sessions yet, so nobody was invited to one.", training.GroupLabel(ctx, g.class))
	}
	return l.T("%d people enrolled.", n) + " " + l.T("They were invited to the %d sessions of %s.", len(g.sessions), training.GroupLabel(ctx, g.class))
}
