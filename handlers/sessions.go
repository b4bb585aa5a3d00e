package handlers

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/form"
	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/paths"
	"github.com/aula-hr/aula/internal/training"
	mw "github.com/aula-hr/aula/middleware"
	"github.com/aula-hr/aula/views/pages"
)

// Sessions is the session page, the scheduling of sessions inside a group
// (HR), and the invitations of people to a session.
type Sessions struct {
	*Handlers
	catalogue *Catalogue
}

// NewSessions builds the sessions area on the base handlers; it shares the
// catalogue's group reads.
func NewSessions(h *Handlers, ct *Catalogue) *Sessions {
	return &Sessions{Handlers: h, catalogue: ct}
}

// sessionPage is what the session page shows, as Factorial has it now.
type sessionPage struct {
	session     *factorial.Session
	training    *factorial.Training // nil when Factorial does not show it
	group       *factorial.TrainingClass
	invitations []factorial.SessionAccessMembership
	attendances []factorial.SessionAttendance
	actor       Actor
	found       []factorial.Employee // the invitation picker's search
	more        bool
	ticked      []factorial.ID                       // ticked in the picker, shown again after a warning or failure
	kept        map[factorial.ID]*factorial.Employee // the people ticked, as far as Factorial answered
}

// loadPage reads the session, its invitations (which carry the names), its
// attendances and, for HR, the picker's search, all in one round trip. The
// training, the group and whether a trainer teaches the training follow
// from the session; when the address names them (paths.SessionPageIn)
// they are read in the same round, and only a wrong or missing hint costs
// a second. The people ticked in the picker, when the page is shown again
// after an invitation, are read in the first round too; a failure of that
// read only leaves them unnamed (they stay ticked).
func (s *Sessions) loadPage(c echo.Context, id factorial.ID, ticked ...factorial.ID) (*sessionPage, error) {
	ctx := c.Request().Context()
	cl := mw.Client(c)
	src := attendanceSourceOf(cl)
	hintT, hintG := paths.SessionPageHints(c.QueryParams())
	q := pickerQueryOf(c.QueryParam("q"))
	p := &sessionPage{}
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { p.session, err = cl.Sessions.Get(gctx, id); return err })
	g.Go(func() (err error) { p.invitations, err = invitationsOf(gctx, cl, id); return err })
	g.Go(func() (err error) {
		p.attendances, err = sessionRows(gctx, src.attendances, id, defaultPages)
		return err
	})
	p.actor = actorOf(c)
	trainer := p.actor.Role == mw.RoleTrainer
	if hintT != 0 {
		g.Go(func() error { p.training = hinted(cl.Trainings.Get(gctx, hintT)); return nil })
		if trainer {
			g.Go(func() (err error) { p.actor.Teaches, err = teaches(gctx, cl, p.actor, hintT); return err })
		}
	}
	if hintG != "" {
		g.Go(func() error { p.group = hinted(cl.Classes.Get(gctx, hintG)); return nil })
	}
	if q != "" && can(c, EditCatalogue, Subject{}) {
		g.Go(func() (err error) { p.found, p.more, err = findByName(gctx, cl, q); return err })
	}
	if len(ticked) > 0 && can(c, EditCatalogue, Subject{}) {
		p.ticked = ticked
		g.Go(func() error {
			if kept, err := training.Employees(gctx, cl.Employees, ticked); err == nil {
				p.kept = kept
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	x := p.session
	if hintT != x.TrainingID {
		p.training, p.actor.Teaches = nil, nil
	}
	if p.group != nil && (x.TrainingClassID == nil || p.group.ID != *x.TrainingClassID) {
		p.group = nil
	}
	g, gctx = errgroup.WithContext(ctx)
	if p.training == nil {
		g.Go(func() (err error) { p.training, err = shown(cl.Trainings.Get(gctx, x.TrainingID)); return err })
	}
	if trainer && p.actor.Teaches == nil {
		g.Go(func() (err error) { p.actor.Teaches, err = teaches(gctx, cl, p.actor, x.TrainingID); return err })
	}
	if p.group == nil && x.TrainingClassID != nil && *x.TrainingClassID != "" {
		g.Go(func() (err error) { p.group, err = shown(cl.Classes.Get(gctx, *x.TrainingClassID)); return err })
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return p, nil
}

// invitationsOf reads the invitations of a session, its pages at once.
func invitationsOf(ctx context.Context, cl *factorial.Client, id factorial.ID) ([]factorial.SessionAccessMembership, error) {
	return pagesAtOnce(ctx, defaultPages, func(ctx context.Context, page int) (*factorial.Page[factorial.SessionAccessMembership], error) {
		return cl.SessionAccess.List(ctx, &factorial.SessionAccessListOptions{SessionID: id, ListOptions: factorial.ListOptions{Page: page, Limit: training.PageSize}})
	}, func(a *factorial.SessionAccessMembership) factorial.ID { return a.ID })
}

// invitedOf is who the invitations name.
func invitedOf(invitations []factorial.SessionAccessMembership) map[factorial.ID]bool {
	invited := make(map[factorial.ID]bool, len(invitations))
	for _, a := range invitations {
		if a.EmployeeID != nil {
			invited[*a.EmployeeID] = true
		}
	}
	return invited
}

// teaches reads whether a trainer teaches the training, from the
// enrolments of that training Factorial shows them (TaughtTrainings): one
// list of one training, not every enrolment they see.
func teaches(ctx context.Context, cl *factorial.Client, act Actor, training factorial.ID) (map[factorial.ID]bool, error) {
	ms, err := cl.Memberships.All(ctx, &factorial.MembershipListOptions{TrainingID: training})
	if err != nil {
		return nil, err
	}
	return TaughtTrainings(act.EmployeeID, ms), nil
}

// hinted is a read made on a hint: any failure is only a missed hint.
func hinted[T any](v *T, err error) *T {
	if err != nil {
		return nil
	}
	return v
}

// shown is a read of something the session names: one Factorial does not
// show this person is left out of the page, not an error of it.
func shown[T any](v *T, err error) (*T, error) {
	if errors.Is(err, factorial.ErrNotFound) || errors.Is(err, factorial.ErrForbidden) {
		return nil, nil
	}
	return v, err
}

// Page shows a session: when, how long, how and where, its group, training,
// status and subsidy, the people invited with their attendance and the
// counts; the way to the sheet for whoever marks it, and to scheduling and
// invitations for HR. Whoever Factorial shows the session to may open it.
func (s *Sessions) Page(c echo.Context) error {
	id, err := sessionIDOf(c)
	if err != nil {
		return err
	}
	if mw.WantsPart(c, pages.InviteResultsID) {
		return s.inviteResults(c, id)
	}
	p, err := s.loadPage(c, id)
	if err != nil {
		return err
	}
	props := s.pageProps(c, p)
	return s.page(c, http.StatusOK, props.Title, pages.SessionPage(props))
}

// inviteResults answers a search of the invitation picker to htmx with the
// results alone: the people found by name, and the people ticked before
// this search (employee_ids), listed first and still ticked, so several
// searches add up to one invitation. It reads the invitations (who is
// invited already), the search and the people ticked in one round trip.
func (s *Sessions) inviteResults(c echo.Context, id factorial.ID) error {
	if err := require(c, EditCatalogue, Subject{}); err != nil {
		return err
	}
	ticked, ok := form.IDs(c.QueryParams()["employee_ids"])
	if !ok {
		return echo.ErrBadRequest
	}
	cl := mw.Client(c)
	in := pages.SessionInviteProps{SessionID: id, Query: pickerQueryOf(c.QueryParam("q")), Ticked: map[factorial.ID]bool{}}
	var invitations []factorial.SessionAccessMembership
	var kept map[factorial.ID]*factorial.Employee
	g, ctx := errgroup.WithContext(c.Request().Context())
	g.Go(func() (err error) { invitations, err = invitationsOf(ctx, cl, id); return err })
	if in.Query != "" {
		g.Go(func() (err error) { in.Found, in.More, err = findByName(ctx, cl, in.Query); return err })
	}
	if len(ticked) > 0 {
		g.Go(func() (err error) { kept, err = training.Employees(ctx, cl.Employees, ticked); return err })
	}
	if err := g.Wait(); err != nil {
		return err
	}
	in.Invited = invitedOf(invitations)
	var first []factorial.Employee
	for _, e := range ticked {
		if k := kept[e]; k != nil && !in.Invited[e] {
			first = append(first, *k)
			in.Ticked[e] = true
		}
	}
	in.Found = append(first, slices.DeleteFunc(in.Found, func(e factorial.Employee) bool { return in.Ticked[e.ID] })...)
	return s.fragment(c, http.StatusOK, pages.InviteResultsUpdate(in))
}

// pageProps turns what was read into the page.
func (s *Sessions) pageProps(c echo.Context, p *sessionPage) pages.SessionPageProps {
	ctx := c.Request().Context()
	x := *p.session
	props := pages.SessionPageProps{Session: x, Training: p.training, Group: p.group, Zone: s.zone(),
		Title:   sessionTitle(ctx, x, p.training),
		CanMark: p.actor.Can(MarkAttendance, Subject{TrainingID: x.TrainingID}),
		CanEdit: p.actor.Can(EditCatalogue, Subject{TrainingID: x.TrainingID}),
	}
	byAccess := make(map[factorial.ID]factorial.SessionAttendance, len(p.attendances))
	for _, a := range p.attendances {
		byAccess[a.SessionAccessMembershipID] = a
	}
	for _, a := range p.invitations {
		row := pages.SessionPersonRow{AccessID: a.ID, Name: accessName(a), Status: string(factorial.AttendancePending)}
		if a.JobTitle != nil {
			row.JobTitle = *a.JobTitle
		}
		if a.EmployeeID != nil {
			row.EmployeeID = *a.EmployeeID
		}
		if att, ok := byAccess[a.ID]; ok {
			row.Status = string(att.Status)
		}
		props.Rows = append(props.Rows, row)
	}
	training.SortByName(props.Rows, func(r pages.SessionPersonRow) string { return r.Name })
	if props.CanEdit {
		in := &pages.SessionInviteProps{SessionID: x.ID, Query: pickerQueryOf(c.QueryParam("q")), More: p.more,
			Invited: invitedOf(p.invitations), Ticked: map[factorial.ID]bool{}, HasGroup: x.TrainingClassID != nil && *x.TrainingClassID != ""}
		var first []factorial.Employee
		for _, e := range p.ticked {
			in.Ticked[e] = true
			if k := p.kept[e]; k != nil {
				first = append(first, *k)
			}
		}
		in.Found = append(first, slices.DeleteFunc(slices.Clone(p.found), func(e factorial.Employee) bool { return in.Ticked[e.ID] })...)
		props.Invite = in
	}
	return props
}

// sessionTitle names a session for its page: its name, and its training's
// when that is another.
func sessionTitle(ctx context.Context, x factorial.Session, t *factorial.Training) string {
	name := strings.TrimSpace(x.Name)
	if t != nil && !strings.EqualFold(name, strings.TrimSpace(t.Name)) && name != "" {
		return i18n.T(ctx, "%s · %s", name, t.Name)
	}
	if name == "" {
		return i18n.T(ctx, "Session")
	}
	return name
}

// accessName is the name an invitation carries.
func accessName(a factorial.SessionAccessMembership) string {
	var parts []string
	for _, s := range []*string{a.FirstName, a.LastName} {
		if s != nil && strings.TrimSpace(*s) != "" {
			parts = append(parts, strings.TrimSpace(*s))
		}
	}
	if len(parts) == 0 {
		return "#" + a.AccessID.String()
	}
	return strings.Join(parts, " ")
}

// pickerQueryOf is a typed name search, spaces folded, at most 100 runes.
func pickerQueryOf(q string) string {
	q = strings.Join(strings.Fields(q), " ")
	if r := []rune(q); len(r) > 100 {
		q = string(r[:100])
	}
	return q
}

// findByName is the pickers' search of the active staff by name: at most
// pickerLimit people, and whether more match.
func findByName(ctx context.Context, cl *factorial.Client, q string) ([]factorial.Employee, bool, error) {
	yes := true
	page, err := cl.Employees.List(ctx, &factorial.EmployeeListOptions{
		ListOptions: factorial.ListOptions{Limit: pickerLimit}, FullTextName: q, OnlyActive: &yes})
	if err != nil {
		return nil, false, err
	}
	return page.Data, page.Meta.Total > len(page.Data), nil
}

// sessionToEdit reads the :id of a scheduling page, refusing those who do
// not schedule first.
func sessionToEdit(c echo.Context) (factorial.ID, error) {
	if err := require(c, EditCatalogue, Subject{}); err != nil {
		return 0, err
	}
	return sessionIDOf(c)
}

// without drops from xs the sessions in ids.
func without(xs []factorial.Session, ids map[factorial.ID]bool) []factorial.Session {
	return slices.DeleteFunc(xs, func(x factorial.Session) bool { return ids[x.ID] })
}
