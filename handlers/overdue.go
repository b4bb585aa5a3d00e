package handlers

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/paths"
	"github.com/aula-hr/aula/internal/training"
	mw "github.com/aula-hr/aula/middleware"
	"github.com/aula-hr/aula/views/pages"
)

// overduePerPage is how many rows a page of the overdue list holds.
const overduePerPage = 50

// overdueSource is what the overdue list reads from Factorial.
type overdueSource struct {
	memberships membershipReader
	employees   interface {
		All(ctx context.Context, opts *factorial.EmployeeListOptions) ([]factorial.Employee, error)
	}
	trainings trainingReader
}

func (h *Handlers) overdueSourceOf(c echo.Context) overdueSource {
	cl := mw.Client(c)
	return overdueSource{memberships: cl.Memberships, employees: h.employeesOf(c, cl), trainings: cl.Trainings}
}

// teamOverdue lists the overdue enrolments of the people who answers for
// (Actor.Can ReviewCompletion: a manager their reports and themselves, HR
// everyone), mandatory trainings first, then the oldest due date. Factorial
// narrows the list (due_date=overdue); training.StateOn decides on the
// company's day. Two round trips: the enrolments with everyone (the
// manager's reports and the names), then the trainings.
func teamOverdue(ctx context.Context, src overdueSource, who Actor, today factorial.Date) ([]overdueEntry, error) {
	var ms []factorial.TrainingMembership
	var people []factorial.Employee
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		ms, err = src.memberships.All(gctx, &factorial.MembershipListOptions{DueDate: factorial.DueOverdue})
		return err
	})
	g.Go(func() (err error) {
		people, err = src.employees.All(gctx, &factorial.EmployeeListOptions{})
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if who.Role == mw.RoleManager {
		who.Reports = map[factorial.ID]bool{}
		for _, e := range training.Reports(people, who.EmployeeID) {
			who.Reports[e.ID] = true
		}
	}
	ids := make([]factorial.ID, 0, len(ms))
	for _, m := range ms {
		ids = append(ids, m.TrainingID)
	}
	trainings, err := training.Trainings(ctx, src.trainings, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[factorial.ID]*factorial.Employee, len(people))
	for i := range people {
		byID[people[i].ID] = &people[i]
	}
	var out []overdueEntry
	for _, m := range ms {
		t := trainings[m.TrainingID]
		if stateOn(m, t, today) != training.Overdue ||
			!who.Can(ReviewCompletion, Subject{TrainingID: m.TrainingID, EmployeeID: m.EmployeeID}) {
			continue
		}
		out = append(out, overdueEntry{Membership: m, Person: training.PersonName(ctx, byID[m.EmployeeID]),
			Training: training.TrainingName(ctx, t), Mandatory: t != nil && t.IsMandatory, Self: m.EmployeeID == who.EmployeeID})
	}
	slices.SortStableFunc(out, func(a, b overdueEntry) int {
		if a.Mandatory != b.Mandatory {
			if a.Mandatory {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(dueKey(a.Membership), dueKey(b.Membership)); c != 0 {
			return c
		}
		return training.CompareNames(a.Person, b.Person)
	})
	return out, nil
}

// overdueEntry is one overdue enrolment with the names it is shown with.
type overdueEntry struct {
	Membership       factorial.TrainingMembership
	Person, Training string
	Mandatory, Self  bool
}

// overdueItems are the rows as the page shows them, each leading to the
// training's participants filtered to that person's overdue enrolment.
func (h *Handlers) overdueItems(ctx context.Context, es []overdueEntry) []pages.OverdueItem {
	loc := i18n.From(ctx)
	out := make([]pages.OverdueItem, 0, len(es))
	for _, e := range es {
		it := pages.OverdueItem{Person: e.Person, Training: e.Training, Mandatory: e.Mandatory, Self: e.Self,
			Href: paths.ParticipantsFiltered(e.Membership.TrainingID, e.Person, paths.ParticipantStateOverdue)}
		if d := e.Membership.TrainingDueDate; d != nil {
			it.Due = loc.MediumDate(d.In(h.zone()))
		}
		out = append(out, it)
	}
	return out
}

// Overdue is the full list of overdue trainings of the people the reader
// answers for, one page at a time (?page=N).
func (h *Handlers) Overdue(c echo.Context) error {
	who := actorOf(c)
	if err := require(c, ReviewOverdue, Subject{}); err != nil {
		return err
	}
	page := 1
	if s := c.QueryParam("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return echo.ErrNotFound
		}
		page = n
	}
	ctx := c.Request().Context()
	es, err := teamOverdue(ctx, h.overdueSourceOf(c), who, h.today())
	if err != nil {
		return err
	}
	if n := (len(es) + overduePerPage - 1) / overduePerPage; page > max(1, n) {
		return echo.ErrNotFound
	}
	p := pages.OverdueProps{Page: page, Pages: (len(es) + overduePerPage - 1) / overduePerPage, Total: len(es),
		Everyone: who.Role == mw.RoleHR}
	from := min((page-1)*overduePerPage, len(es))
	p.Items = h.overdueItems(ctx, es[from:min(from+overduePerPage, len(es))])
	return h.page(c, http.StatusOK, i18n.T(ctx, "Overdue trainings"), pages.Overdue(p))
}
