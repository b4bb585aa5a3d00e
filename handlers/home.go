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
	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/paths"
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
		All(ctx context.Context, opts *factorial.MembershipListOptions) ([]factorial.TrainingMembership, error)
	}
)

// homeSource is what the home page reads from Factorial.
type homeSource struct {
	sessions    sessionReader
	trainings   trainingReader
	categories  categoryReader
	memberships membershipReader
	overdue     overdueSource
}

func (h *Handlers) homeSourceOf(c echo.Context) homeSource {
	cl := mw.Client(c)
	return homeSource{sessions: cl.Sessions, trainings: cl.Trainings, categories: cl.Categories, memberships: cl.Memberships,
		overdue: h.overdueSourceOf(c)}
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
	src := h.homeSourceOf(c)
	ctx := c.Request().Context()
	now := h.now().In(h.zone())
	dayStart := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, h.zone())
	dayEnd := dayStart.AddDate(0, 0, 1)

	p := pages.HomeProps{FirstName: firstName(u.Name), Role: string(u.Role), Date: i18n.From(ctx).LongDate(now)}
	var today, upcoming []factorial.Session
	var memberships, taught []factorial.TrainingMembership
	var overdue []overdueEntry

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
		// Each count leads to what it counts: the catalogue filtered so.
		count := func(i int, label, testID, href string, total func() (int, error)) {
			g.Go(func() error {
				n, err := total()
				p.Counts[i] = pages.Count{Label: i18n.T(ctx, label), Value: n, TestID: testID, Href: href}
				return err
			})
		}
		active, draft := factorial.TrainingActive, factorial.TrainingDraft
		count(0, "Active trainings", "count-active", paths.TrainingsWithStatus(active), func() (int, error) {
			pg, err := src.trainings.List(gctx, &factorial.TrainingListOptions{ListOptions: factorial.ListOptions{Limit: 1}, Status: active})
			return total(pg, err)
		})
		count(1, "Draft trainings", "count-draft", paths.TrainingsWithStatus(draft), func() (int, error) {
			pg, err := src.trainings.List(gctx, &factorial.TrainingListOptions{ListOptions: factorial.ListOptions{Limit: 1}, Status: draft})
			return total(pg, err)
		})
		count(2, "Categories", "count-categories", paths.Categories, func() (int, error) {
			pg, err := src.categories.List(gctx, &factorial.CategoryListOptions{ListOptions: factorial.ListOptions{Limit: 1}})
			return total(pg, err)
		})
	case mw.RoleTrainer:
		// The enrolments Factorial shows a trainer tell which of today's
		// sessions they mark (TaughtTrainings): those rows open their sheet.
		g.Go(func() (err error) {
			taught, err = src.memberships.All(gctx, &factorial.MembershipListOptions{})
			return err
		})
	case mw.RoleManager:
		g.Go(func() (err error) {
			overdue, err = teamOverdue(gctx, src.overdue, actorOf(c), factorial.DateOf(dayStart))
			return err
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

	// Second round: the names of the trainings the lists refer to.
	p.OverdueTotal = len(overdue)
	p.Overdue = h.overdueItems(ctx, overdue[:min(len(overdue), overdueLimit)])
	training.SessionsInOrder(today, h.zone())
	training.SessionsInOrder(upcoming, h.zone())
	if len(upcoming) > upcomingLimit {
		upcoming = upcoming[:upcomingLimit]
	}
	trainingIDs := map[factorial.ID]bool{}
	for _, s := range append(slices.Clip(today), upcoming...) {
		trainingIDs[s.TrainingID] = true
	}
	for _, m := range memberships {
		trainingIDs[m.TrainingID] = true
	}
	var trainings map[factorial.ID]*factorial.Training
	if len(trainingIDs) > 0 {
		var err error
		if trainings, err = training.Trainings(ctx, src.trainings, keys(trainingIDs)); err != nil {
			return err
		}
	}

	p.Today = sessionItems(ctx, today, trainings, false)
	act := actorOf(c)
	act.Teaches = TaughtTrainings(act.EmployeeID, taught)
	for i, s := range today {
		if act.Can(MarkAttendance, Subject{TrainingID: s.TrainingID}) {
			p.Today[i].SheetHref = paths.Sheet(s.ID)
		}
	}
	p.Upcoming = sessionItems(ctx, upcoming, trainings, true)
	p.MyTrainings = h.myTrainings(ctx, memberships, trainings, factorial.DateOf(dayStart))
	return h.Render.Page(c, http.StatusOK, i18n.T(ctx, "Home"), pages.Home(p))
}

// myTrainings are a person's own enrolments, mandatory trainings first,
// then by due date; each leads to its training's page.
func (h *Handlers) myTrainings(ctx context.Context, ms []factorial.TrainingMembership, trainings map[factorial.ID]*factorial.Training, today factorial.Date) []pages.MembershipItem {
	loc := i18n.From(ctx)
	mandatory := func(m factorial.TrainingMembership) bool {
		t := trainings[m.TrainingID]
		return t != nil && t.IsMandatory
	}
	slices.SortStableFunc(ms, func(a, b factorial.TrainingMembership) int {
		if ma, mb := mandatory(a), mandatory(b); ma != mb {
			if ma {
				return -1
			}
			return 1
		}
		return cmp.Compare(dueKey(a), dueKey(b))
	})
	items := make([]pages.MembershipItem, 0, len(ms))
	for _, m := range ms {
		t := trainings[m.TrainingID]
		state := stateOn(m, t, today)
		it := pages.MembershipItem{Training: training.TrainingName(ctx, t), Status: i18n.T(ctx, state.Label()), Overdue: state == training.Overdue,
			Mandatory: mandatory(m), Href: paths.Training(m.TrainingID)}
		if m.TrainingDueDate != nil && !m.TrainingDueDate.IsZero() {
			it.Due = loc.MediumDate(m.TrainingDueDate.In(h.zone()))
		}
		items = append(items, it)
	}
	return items
}

// sessionItems lists sessions whose times are on the company's clock
// already (training.SessionsInOrder), each leading to the session on its
// training's page. Today's sessions give the hours; upcoming ones the day
// too, in the short style ("4 Dec, 09:30–11:00").
func sessionItems(ctx context.Context, ss []factorial.Session, trainings map[factorial.ID]*factorial.Training, withDate bool) []pages.SessionItem {
	loc := i18n.From(ctx)
	out := make([]pages.SessionItem, 0, len(ss))
	for _, s := range ss {
		it := pages.SessionItem{ID: s.ID.String(), Name: s.Name, Training: training.TrainingName(ctx, trainings[s.TrainingID]), Href: paths.Session(s.TrainingID, s.ID)}
		if s.StartsAt != nil {
			it.When = loc.Time(*s.StartsAt)
			if s.EndsAt != nil {
				it.When = loc.TimeRange(*s.StartsAt, *s.EndsAt)
			}
			if withDate {
				it.When = loc.ShortDate(*s.StartsAt) + ", " + it.When
			}
		}
		switch {
		case s.Location != nil && *s.Location != "":
			it.Where = *s.Location
		case s.Modality != nil:
			it.Where = i18n.T(ctx, s.Modality.Label())
		}
		out = append(out, it)
	}
	return out
}

// stateOn is m's state on today (training.StateOn), with the validity of
// its training when Factorial returned it.
func stateOn(m factorial.TrainingMembership, t *factorial.Training, today factorial.Date) training.State {
	var validFor *int
	if t != nil {
		validFor = t.ValidFor
	}
	return training.StateOn(m, validFor, today, training.ExpiringDays)
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
