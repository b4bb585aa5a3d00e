package handlers

import (
	"net/http"
	"slices"
	"time"

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

// TrainingCompletion is one training's completion among the people of a
// team (a manager's reports; for HR the company or a manager's team): its
// rate, participants by state, completions per month this year, and per
// group the rate and attendance; for FUNDAE groups each participant's
// attendance share against the threshold. Two round trips: the training,
// its enrolments, groups, sessions and the people at once; then each
// group's participants and, for FUNDAE, each session's attendances at once.
func (rv *Review) TrainingCompletion(c echo.Context) error {
	if err := require(c, ReviewTeam, Subject{}); err != nil {
		return err
	}
	id, err := trainingID(c)
	if err != nil {
		return err
	}
	f, err := teamFilter(c)
	if err != nil {
		return err
	}
	who := actorOf(c)
	if who.Role == mw.RoleManager && f.Manager != 0 && f.Manager != who.EmployeeID {
		return echo.ErrNotFound
	}
	ctx := c.Request().Context()
	cl := mw.Client(c)
	var all []factorial.Employee
	var ts map[factorial.ID]*factorial.Training
	var ms []factorial.TrainingMembership
	var classes []factorial.TrainingClass
	var sessions []factorial.Session
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { all, err = cl.Employees.All(gctx, &factorial.EmployeeListOptions{}); return err })
	g.Go(func() (err error) { ts, err = training.Trainings(gctx, cl.Trainings, []factorial.ID{id}); return err })
	g.Go(func() (err error) { ms, err = membersOf(gctx, cl, id); return err })
	g.Go(func() (err error) { classes, err = classesOf(gctx, cl, id); return err })
	g.Go(func() (err error) { sessions, err = sessionsOf(gctx, cl, id); return err })
	if err := g.Wait(); err != nil {
		return err
	}
	t := ts[id]
	if t == nil {
		return echo.ErrNotFound
	}
	manager := f.Manager
	if who.Role == mw.RoleManager {
		manager = who.EmployeeID
	}
	if manager != 0 && !slices.ContainsFunc(all, func(e factorial.Employee) bool { return e.ID == manager }) {
		return echo.ErrNotFound
	}
	scope := review.Scope(all, manager)
	people := map[factorial.ID]*factorial.Employee{}
	for i := range scope {
		people[scope[i].ID] = &scope[i]
	}
	ms = slices.DeleteFunc(ms, func(m factorial.TrainingMembership) bool { return people[m.EmployeeID] == nil })
	training.GroupsInOrder(classes)
	training.SessionsInOrder(sessions, rv.zone())
	byGroup := map[factorial.ClassID][]factorial.Session{}
	for _, s := range sessions {
		if s.TrainingClassID != nil {
			byGroup[*s.TrainingClassID] = append(byGroup[*s.TrainingClassID], s)
		}
	}

	// Second round: who is in each group and, for FUNDAE, who attended.
	members := make([][]factorial.TrainingMembership, len(classes))
	attendances := make([][][]factorial.SessionAttendance, len(classes))
	g, gctx = errgroup.WithContext(ctx)
	for i, k := range classes {
		g.Go(func() (err error) {
			members[i], err = cl.Memberships.All(gctx, &factorial.MembershipListOptions{TrainingID: id, ClassID: k.ID})
			return err
		})
		if t.FundaeSubsidized {
			attendances[i] = make([][]factorial.SessionAttendance, len(byGroup[k.ID]))
			for j, s := range byGroup[k.ID] {
				g.Go(func() (err error) {
					attendances[i][j], err = cl.Attendances.All(gctx, &factorial.AttendanceListOptions{SessionID: s.ID})
					return err
				})
			}
		}
	}
	if err := g.Wait(); err != nil {
		return err
	}

	l := i18n.From(ctx)
	today, now := rv.today(), rv.now()
	w := window(f)
	back := f
	back.Training, back.Employee = 0, 0
	p := pages.TrainingCompletionProps{Training: training.TrainingName(ctx, t), Mandatory: t.IsMandatory, Fundae: t.FundaeSubsidized,
		TrainingHref: paths.Training(id), Back: paths.TeamView(back), Notes: figureNotes(ctx, w)}
	switch {
	case who.Role == mw.RoleManager:
		p.Scope = l.T("Your direct and indirect reports: %d people.", len(scope))
	case manager != 0:
		p.Scope = l.T("Team of %s", training.PersonName(ctx, people[manager])) + ". " + l.T("Their direct and indirect reports: %d people.", len(scope))
	default:
		p.Scope = l.T("The whole company: %d people.", len(scope))
	}
	rate := review.TrainingRate(ms, t, today, w)
	mix := review.StatusMix(ms, t, today, w)
	p.Figures = []pages.Figure{
		{Label: l.T("Completed"), Value: rateText(l, rate), TestID: "training-rate"},
		{Label: l.T("Enrolments"), Value: l.Int(len(ms)), TestID: "training-enrolments"},
		{Label: l.T("Overdue"), Value: l.Int(mix[training.Overdue]), TestID: "training-overdue"},
		{Label: l.T("Expiring within %d days", w), Value: l.Int(mix[training.Expiring]), TestID: "training-expiring"},
		{Label: l.T("Already expired"), Value: l.Int(mix[training.Expired]), TestID: "training-expired"},
	}
	if t.IsMandatory {
		p.Figures = append(p.Figures, pages.Figure{Label: l.T("Never enrolled"), Value: l.Int(len(scope) - len(ms)), TestID: "training-never"})
	}
	peak := slices.Max(append([]int{0}, mapValues(mix)...))
	statusChart := pages.Chart{ID: "training-status", Title: l.T("Participants by state"), LabelHeader: l.T("State"), ValueHeader: l.T("Enrolments"),
		Desc: l.T("How many of the %d enrolments are in each state today.", len(ms))}
	for _, s := range training.States {
		statusChart.Bars = append(statusChart.Bars, pages.Bar{Label: l.T(s.Label()), Value: l.Int(mix[s]), Share: share(mix[s], peak), Class: stateClass[s]})
	}
	months := review.CompletionsPerMonth(ms, today.Year)
	top := slices.Max(months[:])
	trend := pages.Chart{ID: "training-trend", Title: l.T("Completions per month in %d", today.Year), LabelHeader: l.T("Month"),
		ValueHeader: l.T("Completions"), Desc: l.T("Completions dated in each month of %d, among the people shown.", today.Year)}
	for i, n := range months {
		trend.Bars = append(trend.Bars, pages.Bar{Label: l.MonthYear(time.Date(today.Year, time.Month(i+1), 1, 0, 0, 0, 0, time.UTC)),
			Value: l.Int(n), Share: share(n, top), Class: "chart-bar-rate"})
	}
	p.Charts = []pages.Chart{statusChart, trend}

	for i, k := range classes {
		in := slices.DeleteFunc(members[i], func(m factorial.TrainingMembership) bool { return people[m.EmployeeID] == nil })
		gr := pages.GroupCompletion{Name: training.GroupLabel(ctx, k), Participants: l.Int(len(in)),
			Rate: rateText(l, review.TrainingRate(in, t, today, w)), Attendance: rateText(l, review.GroupAttendance(k))}
		if k.StartDate != nil && k.EndDate != nil {
			gr.Dates = l.DateRange(k.StartDate.In(rv.zone()), k.EndDate.In(rv.zone()))
		}
		running := k.EndDate == nil || !k.EndDate.Before(today)
		if t.FundaeSubsidized {
			shares := review.Shares(byGroup[k.ID], attendances[i], now, today)
			for _, m := range in {
				sh := shares[m.EmployeeID]
				sh.Sessions = len(byGroup[k.ID])
				if sh.Held == 0 {
					for _, s := range byGroup[k.ID] {
						if review.Held(s, now, today) {
							sh.Held++
						}
					}
				}
				row := pages.ShareRow{Person: training.PersonName(ctx, people[m.EmployeeID]),
					Attended: l.T("%d of %d sessions (%d held)", sh.Attended, sh.Sessions, sh.Held), Share: l.Percent(sh.Ratio(), 0)}
				switch {
				case sh.Sessions == 0:
				case sh.CannotReach(review.FundaeThreshold):
					row.Flag, row.FlagClass = l.T("Cannot reach %s any more", l.Percent(review.FundaeThreshold, 0)), "state-expired"
				case running && sh.Below(review.FundaeThreshold):
					row.Flag, row.FlagClass = l.T("Below %s so far", l.Percent(review.FundaeThreshold, 0)), "state-expiring"
				case !running && sh.Ratio() < review.FundaeThreshold:
					row.Flag, row.FlagClass = l.T("Below %s", l.Percent(review.FundaeThreshold, 0)), "state-expired"
				}
				gr.Shares = append(gr.Shares, row)
			}
			training.SortByName(gr.Shares, func(r pages.ShareRow) string { return r.Person })
		}
		p.Groups = append(p.Groups, gr)
	}
	return rv.page(c, http.StatusOK, p.Training, pages.TrainingCompletion(p))
}

func mapValues[K comparable](m map[K]int) []int {
	out := make([]int, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
