package handlers

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/training"
	mw "github.com/aula-hr/aula/middleware"
	"github.com/aula-hr/aula/views/pages"
)

// The home page reads through these small views of the Factorial client.
type (
	sessionReader interface {
		All(ctx context.Context, opts *factorial.SessionListOptions) ([]factorial.Session, error)
	}
	trainingReader interface {
		List(ctx context.Context, opts *factorial.TrainingListOptions) (*factorial.Page[factorial.Training], error)
	}
	categoryReader interface {
		List(ctx context.Context, opts *factorial.CategoryListOptions) (*factorial.Page[factorial.TrainingCategory], error)
	}
	membershipReader interface {
		List(ctx context.Context, opts *factorial.MembershipListOptions) (*factorial.Page[factorial.TrainingMembership], error)
		All(ctx context.Context, opts *factorial.MembershipListOptions) ([]factorial.TrainingMembership, error)
	}
	employeeReader interface {
		List(ctx context.Context, opts *factorial.EmployeeListOptions) (*factorial.Page[factorial.Employee], error)
	}
)

// homeSource is what the home page reads from Factorial.
type homeSource struct {
	sessions    sessionReader
	trainings   trainingReader
	categories  categoryReader
	memberships membershipReader
	employees   employeeReader
}

func homeSourceOf(cl *factorial.Client) homeSource {
	return homeSource{sessions: cl.Sessions, trainings: cl.Trainings, categories: cl.Categories, memberships: cl.Memberships, employees: cl.Employees}
}

const (
	upcomingDays  = 14
	upcomingLimit = 6
	overdueLimit  = 10
)

// Home shows each person what matters to their role today: HR the catalogue
// at a glance, trainers today's sessions, managers their people's overdue
// trainings, employees their own trainings; everyone the next sessions.
// Independent reads run concurrently; names are fetched in one call after.
func (h *Handlers) Home(c echo.Context) error {
	u := mw.User(c)
	src := homeSourceOf(mw.Client(c))
	ctx := c.Request().Context()
	now := h.now().In(h.zone())
	dayStart := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, h.zone())
	dayEnd := dayStart.AddDate(0, 0, 1)

	p := pages.HomeProps{FirstName: firstName(u.Name), Role: string(u.Role), Date: now.Format("Monday 2 January 2006")}
	var today, upcoming []factorial.Session
	var memberships []factorial.TrainingMembership

	g, gctx := errgroup.WithContext(ctx)
	// Upcoming sessions start tomorrow for those who see today's list, and
	// now for everyone else, so a session later today is on a list.
	upcomingFrom := now
	if u.Role == mw.RoleHR || u.Role == mw.RoleTrainer {
		upcomingFrom = dayEnd
		g.Go(func() (err error) {
			today, err = src.sessions.All(gctx, &factorial.SessionListOptions{StartAfter: &dayStart, StartBefore: &dayEnd})
			return err
		})
	}
	g.Go(func() (err error) {
		until := dayEnd.AddDate(0, 0, upcomingDays)
		opts := &factorial.SessionListOptions{StartAfter: &upcomingFrom, StartBefore: &until}
		if u.Role == mw.RoleEmployee && u.EmployeeID != 0 {
			opts.EmployeeID = u.EmployeeID
		}
		upcoming, err = src.sessions.All(gctx, opts)
		return err
	})
	switch u.Role {
	case mw.RoleHR:
		p.Counts = make([]pages.Count, 3)
		count := func(i int, label, testID string, total func() (int, error)) {
			g.Go(func() error {
				n, err := total()
				p.Counts[i] = pages.Count{Label: label, Value: n, TestID: testID}
				return err
			})
		}
		active, draft := factorial.TrainingActive, factorial.TrainingDraft
		count(0, "Active trainings", "count-active", func() (int, error) {
			pg, err := src.trainings.List(gctx, &factorial.TrainingListOptions{ListOptions: factorial.ListOptions{Limit: 1}, Status: active})
			return total(pg, err)
		})
		count(1, "Draft trainings", "count-draft", func() (int, error) {
			pg, err := src.trainings.List(gctx, &factorial.TrainingListOptions{ListOptions: factorial.ListOptions{Limit: 1}, Status: draft})
			return total(pg, err)
		})
		count(2, "Categories", "count-categories", func() (int, error) {
			pg, err := src.categories.List(gctx, &factorial.CategoryListOptions{ListOptions: factorial.ListOptions{Limit: 1}})
			return total(pg, err)
		})
	case mw.RoleManager:
		g.Go(func() error {
			pg, err := src.memberships.List(gctx, &factorial.MembershipListOptions{DueDate: "overdue"})
			if err != nil {
				return err
			}
			memberships, p.OverdueTotal = pg.Data, pg.Meta.Total
			if p.OverdueTotal < len(memberships) {
				p.OverdueTotal = len(memberships)
			}
			return nil
		})
	case mw.RoleEmployee:
		if u.EmployeeID != 0 {
			g.Go(func() (err error) {
				memberships, err = src.memberships.All(gctx, &factorial.MembershipListOptions{EmployeeID: u.EmployeeID})
				return err
			})
		}
	}
	if err := g.Wait(); err != nil {
		return err
	}

	// Second round: the names of the trainings and people the lists refer to.
	slices.SortFunc(memberships, func(a, b factorial.TrainingMembership) int {
		return cmp.Compare(dueKey(a), dueKey(b))
	})
	if u.Role == mw.RoleManager && len(memberships) > overdueLimit {
		memberships = memberships[:overdueLimit]
	}
	training.SessionsInOrder(today, h.zone())
	training.SessionsInOrder(upcoming, h.zone())
	if len(upcoming) > upcomingLimit {
		upcoming = upcoming[:upcomingLimit]
	}
	trainingIDs := map[factorial.ID]bool{}
	for _, s := range append(slices.Clip(today), upcoming...) {
		trainingIDs[s.TrainingID] = true
	}
	employeeIDs := map[factorial.ID]bool{}
	for _, m := range memberships {
		trainingIDs[m.TrainingID] = true
		employeeIDs[m.EmployeeID] = true
	}
	var trainings map[factorial.ID]*factorial.Training
	var people map[factorial.ID]*factorial.Employee
	g, gctx = errgroup.WithContext(ctx)
	if len(trainingIDs) > 0 {
		g.Go(func() (err error) {
			trainings, err = training.Trainings(gctx, src.trainings, keys(trainingIDs))
			return err
		})
	}
	if u.Role == mw.RoleManager && len(employeeIDs) > 0 {
		g.Go(func() (err error) {
			people, err = training.Employees(gctx, src.employees, keys(employeeIDs))
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}

	p.Today = sessionItems(today, trainings, false)
	p.Upcoming = sessionItems(upcoming, trainings, true)
	items := make([]pages.MembershipItem, 0, len(memberships))
	for _, m := range memberships {
		it := pages.MembershipItem{
			Person:   training.PersonName(people[m.EmployeeID]),
			Training: training.TrainingName(trainings[m.TrainingID]),
			Status:   m.Status.Label(),
		}
		if m.TrainingDueDate != nil && !m.TrainingDueDate.IsZero() {
			it.Due = m.TrainingDueDate.In(h.zone()).Format("2 Jan 2006")
			it.Overdue = training.IsOverdue(m, factorial.DateOf(dayStart))
		}
		items = append(items, it)
	}
	if u.Role == mw.RoleManager {
		p.Overdue = items
	} else {
		p.MyTrainings = items
	}
	return h.Render.Page(c, http.StatusOK, "Home", pages.Home(p))
}

// sessionItems lists sessions whose times are on the company's clock
// already (training.SessionsInOrder).
func sessionItems(ss []factorial.Session, trainings map[factorial.ID]*factorial.Training, withDate bool) []pages.SessionItem {
	out := make([]pages.SessionItem, 0, len(ss))
	for _, s := range ss {
		it := pages.SessionItem{Name: s.Name, Training: training.TrainingName(trainings[s.TrainingID])}
		if s.StartsAt != nil {
			layout := "15:04"
			if withDate {
				layout = "Mon 2 Jan, 15:04"
			}
			it.When = s.StartsAt.Format(layout)
			if s.EndsAt != nil {
				it.When += "–" + s.EndsAt.Format("15:04")
			}
		}
		switch {
		case s.Location != nil && *s.Location != "":
			it.Where = *s.Location
		case s.Modality != nil:
			it.Where = s.Modality.Label()
		}
		out = append(out, it)
	}
	return out
}

func total[T any](pg *factorial.Page[T], err error) (int, error) {
	if err != nil {
		return 0, err
	}
	return max(pg.Meta.Total, len(pg.Data)), nil
}

func dueKey(m factorial.TrainingMembership) string {
	if m.TrainingDueDate == nil {
		return "9999"
	}
	return m.TrainingDueDate.String()
}

func keys(m map[factorial.ID]bool) []factorial.ID {
	out := make([]factorial.ID, 0, len(m))
	for id := range m {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

func firstName(name string) string {
	if f, _, ok := strings.Cut(strings.TrimSpace(name), " "); ok {
		return f
	}
	return cmp.Or(name, "there")
}
