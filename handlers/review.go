package handlers

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/paths"
	"github.com/aula-hr/aula/internal/review"
	"github.com/aula-hr/aula/internal/training"
	mw "github.com/aula-hr/aula/middleware"
	"github.com/aula-hr/aula/views/pages"
)

// Review is the completion review (issue 14): the team overview, its
// lists and exports, the renewals to plan and one training's completion.
type Review struct{ *Handlers }

// NewReview builds the completion review's handlers.
func NewReview(h *Handlers) *Review { return &Review{Handlers: h} }

const (
	// teamPerPage is how many people the overview shows at once: their
	// detail is read one call per person, all at once, so the page costs
	// the same round trips for a team of 20 as for a page of a company of 2,500.
	teamPerPage = 50
	// teamColumns is how many trainings the matrix shows at once.
	teamColumns = 12
	// listRows is how many rows each list shows; the CSV has them all.
	listRows = 50
)

// reviewSource is what the review reads from Factorial.
type reviewSource struct {
	employees interface {
		All(ctx context.Context, opts *factorial.EmployeeListOptions) ([]factorial.Employee, error)
	}
	trainings interface {
		trainingReader
		All(ctx context.Context, opts *factorial.TrainingListOptions) ([]factorial.Training, error)
	}
	memberships interface {
		membershipReader
		Count(ctx context.Context, opts *factorial.MembershipListOptions) (int, error)
	}
}

func (rv *Review) sourceOf(c echo.Context) reviewSource {
	cl := mw.Client(c)
	return reviewSource{employees: rv.employeesOf(c, cl), trainings: cl.Trainings, memberships: cl.Memberships}
}

// teamFilter reads the overview's filters from the address; anything that
// is not one of them is not a page of Aula (404).
func teamFilter(c echo.Context) (paths.TeamFilter, error) {
	var f paths.TeamFilter
	id := func(k string) (factorial.ID, error) {
		s := c.QueryParam(k)
		if s == "" {
			return 0, nil
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1 {
			return 0, echo.ErrNotFound
		}
		return factorial.ID(n), nil
	}
	num := func(k string) (int, error) {
		n, err := id(k)
		return int(n), err
	}
	var err error
	if f.Manager, err = id("manager"); err != nil {
		return f, err
	}
	if f.Employee, err = id("employee"); err != nil {
		return f, err
	}
	if f.Training, err = id("training"); err != nil {
		return f, err
	}
	if f.Page, err = num("page"); err != nil {
		return f, err
	}
	if f.Columns, err = num("columns"); err != nil {
		return f, err
	}
	w, ok := review.ParseWindow(c.QueryParam("window"))
	if !ok {
		return f, echo.ErrNotFound
	}
	if w != training.ExpiringDays {
		f.Window = w
	}
	return f, nil
}

// window is the filter's days ahead, the default when unset.
func window(f paths.TeamFilter) int {
	if f.Window == 0 {
		return training.ExpiringDays
	}
	return f.Window
}

// teamData is what one view of the overview is built from.
type teamData struct {
	filter      paths.TeamFilter
	who         Actor
	manager     *factorial.Employee  // whose team; nil: the whole company
	managers    []factorial.Employee // HR: the managers to pick from
	scope       []factorial.Employee // everyone the view covers (filters applied)
	view        []factorial.Employee // the page of scope shown
	person      *factorial.Employee  // the employee filter's person
	overview    review.Overview
	company     *pages.CompanyCounts // HR, the whole company unfiltered: Factorial's counts
	trainings   map[factorial.ID]*factorial.Training
	memberships []factorial.TrainingMembership // of the people in view
	pages       int
}

// loadTeam reads what the overview of f shows: the directory (kept per
// user a while: see employeesOf; else page 1, then the rest at once), then
// each person's enrolments on the page at once, then the trainings they
// name; the mandatory trainings (and, for the whole company, the counts)
// alongside the first two. Four round trips, two with the directory kept.
// A manager's scope is their reports; asking for another manager's team,
// or for someone outside it, is not found.
func (rv *Review) loadTeam(ctx context.Context, src reviewSource, who Actor, f paths.TeamFilter) (*teamData, error) {
	if who.Role == mw.RoleManager && f.Manager != 0 && f.Manager != who.EmployeeID {
		return nil, echo.ErrNotFound
	}
	d := &teamData{filter: f, who: who}
	var mandatory []factorial.Training
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // a return before beside.Wait stops the reads beside
	beside, bctx := errgroup.WithContext(ctx)
	beside.Go(func() (err error) {
		opts := &factorial.TrainingListOptions{IsMandatory: ptr(true), Status: factorial.TrainingActive}
		if f.Training != 0 {
			opts.IDs = []factorial.ID{f.Training}
		}
		mandatory, err = src.trainings.All(bctx, opts)
		return err
	})
	if who.Role == mw.RoleHR && f == (paths.TeamFilter{Window: f.Window, Page: f.Page, Columns: f.Columns}) {
		d.company = &pages.CompanyCounts{}
		for _, q := range []struct {
			n    *int
			opts factorial.MembershipListOptions
		}{
			{&d.company.Enrolments, factorial.MembershipListOptions{}},
			{&d.company.Completed, factorial.MembershipListOptions{Status: factorial.Completed}},
			{&d.company.Overdue, factorial.MembershipListOptions{DueDate: factorial.DueOverdue}},
		} {
			beside.Go(func() (err error) {
				*q.n, err = src.memberships.Count(bctx, &q.opts)
				return err
			})
		}
	}
	all, err := src.employees.All(ctx, &factorial.EmployeeListOptions{})
	if err != nil {
		return nil, err
	}

	manager := f.Manager
	if who.Role == mw.RoleManager {
		manager = who.EmployeeID
	}
	if manager != 0 {
		i := slices.IndexFunc(all, func(e factorial.Employee) bool { return e.ID == manager })
		if i < 0 {
			return nil, echo.ErrNotFound
		}
		d.manager = &all[i]
	}
	if who.Role == mw.RoleHR {
		d.managers = review.Managers(all)
	}
	d.scope = review.Scope(all, manager)
	if who.Role == mw.RoleManager {
		who.Reports = map[factorial.ID]bool{}
		for _, e := range d.scope {
			who.Reports[e.ID] = true
		}
		d.who = who
	}
	// Each person is checked once more, as every screen checks them.
	d.scope = slices.DeleteFunc(d.scope, func(e factorial.Employee) bool {
		return !who.Can(ReviewCompletion, Subject{EmployeeID: e.ID})
	})
	if f.Employee != 0 {
		i := slices.IndexFunc(d.scope, func(e factorial.Employee) bool { return e.ID == f.Employee })
		if i < 0 {
			return nil, echo.ErrNotFound
		}
		d.person = &d.scope[i]
		d.scope = d.scope[i : i+1]
	}
	d.pages = max(1, (len(d.scope)+teamPerPage-1)/teamPerPage)
	page := max(1, f.Page)
	if page > d.pages {
		return nil, echo.ErrNotFound
	}
	d.view = d.scope[(page-1)*teamPerPage : min(page*teamPerPage, len(d.scope))]

	memberships := make([][]factorial.TrainingMembership, len(d.view))
	g, gctx := errgroup.WithContext(ctx)
	for i, p := range d.view {
		g.Go(func() (err error) {
			memberships[i], err = src.memberships.All(gctx, &factorial.MembershipListOptions{EmployeeID: p.ID, TrainingID: f.Training})
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if err := beside.Wait(); err != nil {
		return nil, err
	}
	ms := slices.Concat(memberships...)
	d.memberships = ms

	d.trainings = map[factorial.ID]*factorial.Training{}
	var mandatoryIDs []factorial.ID
	for i := range mandatory {
		d.trainings[mandatory[i].ID] = &mandatory[i]
		mandatoryIDs = append(mandatoryIDs, mandatory[i].ID)
	}
	var missing []factorial.ID
	for _, m := range ms {
		if d.trainings[m.TrainingID] == nil {
			missing = append(missing, m.TrainingID)
		}
	}
	if f.Training != 0 && d.trainings[f.Training] == nil {
		missing = append(missing, f.Training)
	}
	if len(missing) > 0 {
		more, err := training.Trainings(ctx, src.trainings, missing)
		if err != nil {
			return nil, err
		}
		for id, t := range more {
			d.trainings[id] = t
		}
	}
	d.overview = review.Build(review.Input{People: d.view, Memberships: ms, Trainings: d.trainings,
		Mandatory: mandatoryIDs, Today: rv.today(), Window: window(f)})
	if f.Training != 0 && len(d.overview.Columns) == 0 {
		d.overview.Columns = []review.Column{{ID: f.Training, Training: d.trainings[f.Training]}}
		for i := range d.overview.Rows {
			d.overview.Rows[i].Cells = []review.Enrolment{{State: -1}}
		}
	}
	return d, nil
}

// Team is the team overview: a manager's reports, or for HR any manager's
// team or the whole company, as a matrix of people × trainings with the
// headline and the lists that lead to action.
func (rv *Review) Team(c echo.Context) error {
	if err := require(c, ReviewTeam, Subject{}); err != nil {
		return err
	}
	f, err := teamFilter(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	d, err := rv.loadTeam(ctx, rv.sourceOf(c), actorOf(c), f)
	if err != nil {
		return err
	}
	return rv.page(c, http.StatusOK, i18n.T(ctx, "Team overview"), pages.Team(rv.teamProps(c, d)))
}
