package handlers

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/form"
	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/paths"
	"github.com/aula-hr/aula/internal/review"
	"github.com/aula-hr/aula/internal/training"
	mw "github.com/aula-hr/aula/middleware"
	"github.com/aula-hr/aula/views/components/confirm"
	"github.com/aula-hr/aula/views/pages"
)

// Planning renewals: the people of a team whose completion of a training
// expires within the window and who are in no upcoming group of it are
// invited, in one action, to every session of an upcoming group (the
// group enrolment of group_enrol.go: they hold the training's membership
// already). Factorial lets only admins invite people, so Aula offers it
// to HR (EditCatalogue); a manager plans them too, for their own team, as a
// request to HR: per upcoming group, a mail naming the people, the
// training and the group (Aula sends no mail of its own).

// renewalData is what the renewals of one training in one team are.
type renewalData struct {
	filter   paths.TeamFilter
	training *factorial.Training
	due      []review.Enrolment
	people   map[factorial.ID]*factorial.Employee
	groups   []factorial.TrainingClass // upcoming, with sessions
	sessions map[factorial.ClassID]int
}

// loadRenewals reads them in two round trips: the people, the training,
// its enrolments, groups and sessions at once; then who is in each
// upcoming group at once.
func (rv *Review) loadRenewals(ctx context.Context, cl *factorial.Client, f paths.TeamFilter, manager bool) (*renewalData, error) {
	if f.Training == 0 {
		return nil, echo.ErrNotFound
	}
	d := &renewalData{filter: f, people: map[factorial.ID]*factorial.Employee{}, sessions: map[factorial.ClassID]int{}}
	var all []factorial.Employee
	var ts map[factorial.ID]*factorial.Training
	var ms []factorial.TrainingMembership
	var classes []factorial.TrainingClass
	var sessions []factorial.Session
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { all, err = cl.Employees.All(gctx, &factorial.EmployeeListOptions{}); return err })
	g.Go(func() (err error) {
		ts, err = training.Trainings(gctx, cl.Trainings, []factorial.ID{f.Training})
		return err
	})
	g.Go(func() (err error) { ms, err = membersOf(gctx, cl, f.Training); return err })
	g.Go(func() (err error) { classes, err = classesOf(gctx, cl, f.Training); return err })
	g.Go(func() (err error) { sessions, err = sessionsOf(gctx, cl, f.Training); return err })
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if d.training = ts[f.Training]; d.training == nil {
		return nil, echo.ErrNotFound
	}
	if f.Manager != 0 && !slices.ContainsFunc(all, func(e factorial.Employee) bool { return e.ID == f.Manager }) {
		return nil, echo.ErrNotFound
	}
	scope := review.Scope(all, f.Manager)
	inScope := map[factorial.ID]bool{}
	for i := range scope {
		inScope[scope[i].ID] = true
		d.people[scope[i].ID] = &scope[i]
	}
	for _, s := range sessions {
		if s.TrainingClassID != nil {
			d.sessions[*s.TrainingClassID]++
		}
	}
	today := rv.today()
	for _, c := range classes {
		// A manager sees only the sessions their people are invited to: for
		// a request to HR, any upcoming group will do.
		if review.Upcoming(c, today) && (d.sessions[c.ID] > 0 || manager) {
			d.groups = append(d.groups, c)
		}
	}
	training.GroupsInOrder(d.groups)
	inGroups := make([][]factorial.TrainingMembership, len(d.groups))
	g, gctx = errgroup.WithContext(ctx)
	for i, c := range d.groups {
		g.Go(func() (err error) {
			inGroups[i], err = cl.Memberships.All(gctx, &factorial.MembershipListOptions{TrainingID: f.Training, ClassID: c.ID})
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	inUpcoming := map[factorial.ID]bool{}
	for _, m := range slices.Concat(inGroups...) {
		inUpcoming[m.EmployeeID] = true
	}
	d.due = review.DueForRenewal(ms, d.training, inScope, inUpcoming, today, window(f))
	return d, nil
}

func (rv *Review) renewalsProps(c echo.Context, d *renewalData, picked map[factorial.ID]bool, group string) pages.RenewalsProps {
	ctx := c.Request().Context()
	l := i18n.From(ctx)
	f := d.filter
	back := f
	back.Training = 0
	p := pages.RenewalsProps{Training: training.TrainingName(ctx, d.training), TrainingID: f.Training, Back: paths.TeamView(back),
		Window: window(f), Hidden: renewalHidden(f)}
	for _, e := range d.due {
		id := e.Membership.EmployeeID
		p.People = append(p.People, pages.RenewalPerson{ID: id.String(), Name: training.PersonName(ctx, d.people[id]),
			Expires: l.MediumDate(e.Expires.In(rv.zone())), Ticked: picked == nil || picked[id]})
	}
	for _, g := range d.groups {
		label := training.GroupLabel(ctx, g)
		if g.StartDate != nil {
			label += " — " + l.T("starts %s", l.MediumDate(g.StartDate.In(rv.zone())))
		}
		label += ", " + l.T("%d sessions", d.sessions[g.ID])
		p.Groups = append(p.Groups, pages.Option{Value: string(g.ID), Label: label, Selected: string(g.ID) == group})
	}
	return p
}

func renewalHidden(f paths.TeamFilter) []confirm.Hidden {
	var out []confirm.Hidden
	for k, vs := range f.Values() {
		for _, v := range vs {
			out = append(out, confirm.Hidden{Name: k, Value: v})
		}
	}
	slices.SortFunc(out, func(a, b confirm.Hidden) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Renewals shows the people of a team due for renewal of one training and
// the upcoming groups to enrol them in.
func (rv *Review) Renewals(c echo.Context) error {
	who := actorOf(c)
	if who.Role != mw.RoleManager {
		if err := require(c, EditCatalogue, Subject{}); err != nil {
			return err
		}
	}
	f, err := teamFilter(c)
	if err != nil {
		return err
	}
	if who.Role == mw.RoleManager {
		// A manager's renewals are their own team's, whatever the address says.
		if f.Manager != 0 && f.Manager != who.EmployeeID {
			return echo.ErrNotFound
		}
		f.Manager = who.EmployeeID
	}
	d, err := rv.loadRenewals(c.Request().Context(), mw.Client(c), f, who.Role == mw.RoleManager)
	if err != nil {
		return err
	}
	p := rv.renewalsProps(c, d, nil, "")
	if who.Role == mw.RoleManager {
		p.Requests = rv.renewalRequests(c, d)
	}
	return rv.page(c, http.StatusOK, i18n.T(c.Request().Context(), "Plan the renewals of %s", p.Training), pages.Renewals(p))
}

// renewalRequests are a manager's requests to HR, one per upcoming group:
// a mail naming the people due, their expiry, the training and the group.
func (rv *Review) renewalRequests(c echo.Context, d *renewalData) []pages.Link {
	ctx := c.Request().Context()
	l := i18n.From(ctx)
	tr := training.TrainingName(ctx, d.training)
	var people strings.Builder
	for _, e := range d.due {
		id := e.Membership.EmployeeID
		people.WriteString("- " + l.T("%s (valid until %s)", training.PersonName(ctx, d.people[id]), l.MediumDate(e.Expires.In(rv.zone()))) + "\n")
	}
	var out []pages.Link
	for _, g := range d.groups {
		label := training.GroupLabel(ctx, g)
		if g.StartDate != nil {
			label += " (" + l.T("starts %s", l.MediumDate(g.StartDate.In(rv.zone()))) + ")"
		}
		body := l.T("Hello,\n\nplease enrol these people of my team in %s of %s, to renew their completion before it expires:\n\n%s\nThank you.\n", label, tr, people.String())
		out = append(out, pages.Link{Href: mailLink("", l.T("Renewal of %s: %d people for %s", tr, len(d.due), label), body),
			Label: l.T("Ask HR to enrol them in %s", label)})
	}
	return out
}

// PlanRenewals confirms, naming the people and the group, then invites
// them to every session of the group. What Factorial did not confirm is
// said per session (invitationProblem); nothing is sent twice.
func (rv *Review) PlanRenewals(c echo.Context) error {
	if err := require(c, EditCatalogue, Subject{}); err != nil {
		return err
	}
	values, err := c.FormParams()
	if err != nil {
		return echo.ErrBadRequest
	}
	c.Request().URL.RawQuery = url.Values{"manager": values["manager"], "training": values["training"], "window": values["window"]}.Encode()
	f, err := teamFilter(c)
	if err != nil {
		return err
	}
	ids, ok := form.IDs(values["employee_ids"])
	if !ok {
		return echo.ErrBadRequest
	}
	ctx := c.Request().Context()
	l := i18n.From(ctx)
	cl := mw.Client(c)
	d, err := rv.loadRenewals(ctx, cl, f, false)
	if err != nil {
		return err
	}
	group := values.Get("class_id")
	picked := map[factorial.ID]bool{}
	for _, id := range ids {
		picked[id] = true
	}
	p := rv.renewalsProps(c, d, picked, group)
	due := map[factorial.ID]bool{}
	for _, e := range d.due {
		due[e.Membership.EmployeeID] = true
	}
	gi := slices.IndexFunc(d.groups, func(g factorial.TrainingClass) bool { return string(g.ID) == group })
	switch {
	case len(ids) == 0:
		p.Error = l.T("Tick at least one person to enrol. Nobody was enrolled.")
	case slices.ContainsFunc(ids, func(id factorial.ID) bool { return !due[id] }):
		p.Error = l.T("Some of the people ticked are not due for renewal in this team any more. Nobody was enrolled; check the list and try again.")
	case gi < 0:
		p.Error = l.T("Choose one of the upcoming groups. Nobody was enrolled.")
	}
	if p.Error != "" {
		return rv.page(c, http.StatusUnprocessableEntity, l.T("Plan the renewals of %s", p.Training), pages.Renewals(p))
	}
	var names []string
	for _, id := range ids {
		names = append(names, training.PersonName(ctx, d.people[id]))
	}
	slices.SortFunc(names, training.CompareNames)
	label := training.GroupLabel(ctx, d.groups[gi])
	if values.Get("confirmed") != "yes" {
		hidden := append(renewalHidden(f), confirm.Hidden{Name: "class_id", Value: group})
		for _, id := range ids {
			hidden = append(hidden, confirm.Hidden{Name: "employee_ids", Value: id.String()})
		}
		return rv.page(c, http.StatusOK, l.T("Enrol in %s", label), confirm.Confirm(confirm.Props{
			Title:        l.T("Enrol in %s", label),
			Intro:        l.T("These people will be invited to the %d sessions of %s (%s):", d.sessions[d.groups[gi].ID], label, p.Training),
			Items:        names,
			Consequences: []string{l.T("Factorial may notify them of each session. Their current completion stays until the new one is recorded.")},
			Action:       paths.TeamRenewals, Hidden: hidden, ConfirmLabel: l.T("Enrol these %d people", len(ids)),
			CancelHref: paths.TeamRenewalsFor(f, f.Training),
		}))
	}
	g, ok, err := rv.groupToEnrol(ctx, cl, f.Training, group)
	switch {
	case err != nil:
		return err // a read before any write: nothing changed
	case !ok || g == nil:
		return echo.ErrNotFound
	}
	outcomes, err := invite(ctx, cl, g, ids)
	if problem := invitationProblem(c, g, len(ids), outcomes, err, rv.zone()); problem != nil {
		p.Problem = problem
		return rv.page(c, problem.Status, l.T("Plan the renewals of %s", p.Training), pages.Renewals(p))
	}
	rv.afterWrite(c)
	rv.flash(c, "success", l.T("%s: invited to the %d sessions of %s.", strings.Join(names, ", "), len(g.sessions), label))
	back := f
	back.Training = 0
	return Redirect(c, paths.TeamView(back))
}
