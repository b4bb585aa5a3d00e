package handlers

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/catalogue"
	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/paths"
	"github.com/aula-hr/aula/internal/review"
	"github.com/aula-hr/aula/internal/training"
	mw "github.com/aula-hr/aula/middleware"
	"github.com/aula-hr/aula/views/pages"
)

// stateClass is the colour of a state; the text says the state too.
var stateClass = map[training.State]string{
	training.NotStarted: "state-notstarted", training.InProgress: "state-inprogress", training.Completed: "state-completed",
	training.Expiring: "state-expiring", training.Expired: "state-expired", training.Overdue: "state-overdue",
}

// cellText is an enrolment as a person reads it: its state, and the date
// that matters to it (due date, last valid day).
func (rv *Review) cellText(ctx context.Context, e review.Enrolment) (label, class, when string) {
	l := i18n.From(ctx)
	switch {
	case review.NotApplicable(e):
		return l.T("Not enrolled"), "", ""
	case e.NeverEnrolled():
		return l.T("Never enrolled"), "state-never", ""
	}
	label, class = l.T(e.State.Label()), stateClass[e.State]
	switch {
	case e.State == training.Overdue && e.Membership.TrainingDueDate != nil:
		when = l.T("due %s", l.MediumDate(e.Membership.TrainingDueDate.In(rv.zone())))
	case e.Expires != nil && (e.State == training.Expiring || e.State == training.Expired || e.State == training.Completed):
		when = l.T("valid until %s", l.MediumDate(e.Expires.In(rv.zone())))
	}
	return label, class, when
}

// rateText is a completion rate as "67 % (2 of 3)", "—" when nothing is expected.
func rateText(l i18n.Locale, r review.Rate) string {
	if r.Of == 0 {
		return "—"
	}
	return l.T("%s (%d of %d)", l.Percent(r.Ratio(), 0), r.Done, r.Of)
}

// The lists of the overview, in the order the page shows them.
var reviewLists = []string{"overdue", "expiring", "expired", "never"}

func listOf(o review.Overview, key string) []review.Entry {
	switch key {
	case "overdue":
		return o.Overdue
	case "expiring":
		return o.Expiring
	case "expired":
		return o.Expired
	case "never":
		return o.NeverEnrolled
	}
	return nil
}

// figureNote is what each figure of the review counts, said once for every
// screen that shows it (review.* has the definitions in code).
func figureNotes(ctx context.Context, w int) []pages.Figure {
	l := i18n.From(ctx)
	return []pages.Figure{
		{Label: l.T("Missing"), Note: l.T("Mandatory trainings a person holds no valid completion of: never enrolled, not done yet, overdue or expired.")},
		{Label: l.T("Overdue"), Note: l.T("Past the due date and not completed; on the due date itself it is not late yet.")},
		{Label: l.T("Expiring soon"), Note: l.T("Completed, but the completion date plus the training's validity (in years) ends within %d days.", w)},
		{Label: l.T("Expired"), Note: l.T("The completion date plus the training's validity has passed: it no longer counts.")},
		{Label: l.T("Completed"), Note: l.T("Completions that count today (completed, or completed and expiring) of the trainings expected: those a person is enrolled in and every mandatory one. A completion without a date never expires.")},
		{Label: l.T("Attendance"), Note: l.T("Attendances completed of all attendances of a group's sessions; a participant's share is the sessions they attended of all the group's sessions. FUNDAE asks for %s.", l.Percent(review.FundaeThreshold, 0))},
		{Label: l.T("Who is counted"), Note: l.T("Active people only: those who left the company are not counted.")},
	}
}

// mailto is a reminder to one person about one training, naming it and
// its date; Aula sends no mail of its own.
func mailto(ctx context.Context, list string, e review.Entry, when string) string {
	if e.Person == nil || e.Person.Email == nil || *e.Person.Email == "" {
		return ""
	}
	l := i18n.From(ctx)
	name, tr := training.PersonName(ctx, e.Person), training.TrainingName(ctx, e.Training)
	var body string
	switch list {
	case "overdue":
		body = l.T("Hello %s,\n\nyour training %s is overdue (%s). Please complete it as soon as you can.\n", name, tr, when)
	case "expiring":
		body = l.T("Hello %s,\n\nyour completion of %s is %s. Please plan its renewal before then.\n", name, tr, when)
	case "expired":
		body = l.T("Hello %s,\n\nyour completion of %s has expired (%s). Please renew it.\n", name, tr, when)
	default:
		body = l.T("Hello %s,\n\nthe training %s is mandatory and you are not enrolled in it yet. Let us plan it.\n", name, tr)
	}
	return mailLink(*e.Person.Email, l.T("Training reminder: %s", tr), body)
}

// mailLink is a mailto: link to whom (may be empty: the person picks),
// with subject and body.
func mailLink(to, subject, body string) string {
	v := url.Values{"subject": {subject}, "body": {body}}
	return "mailto:" + url.PathEscape(to) + "?" + strings.ReplaceAll(v.Encode(), "+", "%20")
}

func (rv *Review) teamProps(c echo.Context, d *teamData) pages.TeamProps {
	ctx := c.Request().Context()
	l := i18n.From(ctx)
	f := d.filter
	w := window(f)
	o := d.overview
	p := pages.TeamProps{Filter: f, Everyone: d.who.Role == mw.RoleHR, Page: max(1, f.Page), Pages: d.pages,
		InView: len(d.view), InScope: len(d.scope), MatrixCSV: paths.TeamExport(f, "matrix"), Notes: figureNotes(ctx, w)}
	switch {
	case d.person != nil:
		p.Title = training.PersonName(ctx, d.person)
		p.Scope = l.T("One person's trainings, mandatory ones first.")
	case d.who.Role == mw.RoleManager:
		p.Title = l.T("Team overview")
		p.Scope = l.T("Your direct and indirect reports: %d people.", len(d.scope))
	case d.manager != nil:
		p.Title = l.T("Team of %s", training.PersonName(ctx, d.manager))
		p.Scope = l.T("Their direct and indirect reports: %d people.", len(d.scope))
	default:
		p.Title = l.T("Team overview")
		p.Scope = l.T("The whole company: %d people.", len(d.scope))
	}
	if len(d.view) < len(d.scope) {
		p.Scope += " " + l.T("The figures cover the %d people on this page.", len(d.view))
	}
	for _, m := range d.managers {
		p.Managers = append(p.Managers, pages.Option{Value: m.ID.String(), Label: training.PersonName(ctx, &m), Selected: m.ID == f.Manager})
	}
	if d.person == nil && len(d.scope) <= 300 || d.person != nil {
		p.People = []pages.Option{}
		people := d.scope
		if d.person != nil {
			people = []factorial.Employee{*d.person}
		}
		for _, e := range people {
			p.People = append(p.People, pages.Option{Value: e.ID.String(), Label: training.PersonName(ctx, &e), Selected: e.ID == f.Employee})
		}
	}
	for _, n := range review.Windows {
		p.Windows = append(p.Windows, pages.Option{Value: strconv.Itoa(n), Label: l.T("%d days", n), Selected: n == w})
	}
	for i, col := range o.Columns {
		if i >= 300 && col.ID != f.Training {
			continue
		}
		p.Trainings = append(p.Trainings, pages.Option{Value: col.ID.String(), Label: training.TrainingName(ctx, col.Training), Selected: col.ID == f.Training})
	}

	h := o.Headline
	p.Headline = []pages.Figure{
		{Label: l.T("Mandatory trainings missing"), Value: l.Int(h.Missing), TestID: "headline-missing"},
		{Label: l.T("Mandatory trainings overdue"), Value: l.Int(h.Overdue), TestID: "headline-overdue"},
		{Label: l.T("Mandatory completions expiring within %d days", w), Value: l.Int(h.Expiring), TestID: "headline-expiring"},
		{Label: l.T("Mandatory completions expired"), Value: l.Int(h.Expired), TestID: "headline-expired"},
	}
	if d.company != nil {
		p.Company = []pages.Figure{
			{Label: l.T("Enrolments"), Value: l.Int(d.company.Enrolments), TestID: "company-enrolments"},
			{Label: l.T("Marked completed in Factorial"), Value: l.Int(d.company.Completed) + " (" + l.Percent(review.Rate{Done: d.company.Completed, Of: d.company.Enrolments}.Ratio(), 0) + ")", TestID: "company-completed"},
			{Label: l.T("Overdue"), Value: l.Int(d.company.Overdue), TestID: "company-overdue"},
		}
	}

	// The matrix: a page of trainings, mandatory first.
	p.ColPages = max(1, (len(o.Columns)+teamColumns-1)/teamColumns)
	p.ColPage = min(max(1, f.Columns), p.ColPages)
	from, to := (p.ColPage-1)*teamColumns, min(p.ColPage*teamColumns, len(o.Columns))
	for _, col := range o.Columns[from:to] {
		p.Columns = append(p.Columns, pages.MatrixColumn{Name: training.TrainingName(ctx, col.Training), Href: paths.TeamTraining(col.ID, f),
			Rate: rateText(l, col.Rate), Mandatory: col.Mandatory()})
	}
	for _, r := range o.Rows {
		pf := f
		pf.Employee, pf.Page, pf.Columns = r.Person.ID, 0, 0
		row := pages.MatrixRow{Name: training.PersonName(ctx, r.Person), Href: paths.TeamView(pf), Rate: rateText(l, r.Rate)}
		for _, e := range r.Cells[from:to] {
			label, class, when := rv.cellText(ctx, e)
			row.Cells = append(row.Cells, pages.MatrixCell{Label: label, Class: class, Detail: when})
		}
		p.Rows = append(p.Rows, row)
	}

	// The lists.
	titles := map[string][3]string{
		"overdue":  {l.T("Overdue"), l.T("Past the due date and not completed."), l.T("Nobody is overdue.")},
		"expiring": {l.T("Expiring within %d days", w), l.T("Completions that stop counting within %d days: plan their renewal.", w), l.T("No completion expires within %d days.", w)},
		"expired":  {l.T("Already expired"), l.T("Completions that no longer count."), l.T("No completion has expired.")},
		"never":    {l.T("Never enrolled in a mandatory training"), l.T("Mandatory trainings a person has no enrolment in."), l.T("Everyone is enrolled in every mandatory training.")},
	}
	for _, key := range reviewLists {
		es := listOf(o, key)
		t := titles[key]
		rl := pages.ReviewList{Key: key, Title: t[0], Note: t[1], Empty: t[2], Total: len(es), CSV: paths.TeamExport(f, key)}
		for _, e := range es[:min(len(es), listRows)] {
			rl.Rows = append(rl.Rows, rv.listRow(ctx, f, key, e))
		}
		if key == "expiring" && (d.who.Can(EditCatalogue, Subject{}) || d.who.Role == mw.RoleManager) {
			seen := map[factorial.ID]bool{}
			for _, e := range es {
				if !seen[e.TrainingID] && len(rl.Renewals) < 10 {
					seen[e.TrainingID] = true
					rl.Renewals = append(rl.Renewals, pages.Link{Href: paths.TeamRenewalsFor(f, e.TrainingID),
						Label: l.T("Plan the renewals of %s", training.TrainingName(ctx, e.Training))})
				}
			}
		}
		p.Lists = append(p.Lists, rl)
	}
	p.Charts = rv.teamCharts(ctx, d, p.Columns, o.Columns[from:to])
	return p
}

func (rv *Review) listRow(ctx context.Context, f paths.TeamFilter, key string, e review.Entry) pages.ListRow {
	label, class, when := rv.cellText(ctx, e.Enrolment)
	pf := f
	pf.Employee, pf.Page, pf.Columns = e.Person.ID, 0, 0
	r := pages.ListRow{Person: training.PersonName(ctx, e.Person), PersonHref: paths.TeamView(pf),
		Training: training.TrainingName(ctx, e.Training), TrainingHref: paths.TeamTraining(e.TrainingID, f),
		State: label, StateClass: class, When: when, Mandatory: e.Mandatory(), Mailto: mailto(ctx, key, e, when)}
	if !e.NeverEnrolled() {
		r.Participants = paths.ParticipantsFiltered(e.TrainingID, r.Person, e.State.Key())
	}
	return r
}

// teamCharts: completion by training (the matrix's trainings on screen),
// the status mix and the completions per month of this year.
func (rv *Review) teamCharts(ctx context.Context, d *teamData, cols []pages.MatrixColumn, rates []review.Column) []pages.Chart {
	l := i18n.From(ctx)
	byTraining := pages.Chart{ID: "by-training", Title: l.T("Completion by training"), LabelHeader: l.T("Training"), ValueHeader: l.T("Completed")}
	for i, c := range rates {
		byTraining.Bars = append(byTraining.Bars, pages.Bar{Label: cols[i].Name, Value: l.Percent(c.Rate.Ratio(), 0), Share: c.Rate.Ratio(), Class: "chart-bar-rate"})
	}
	byTraining.Desc = l.T("Share of the people expected who hold a valid completion, for each of the %d trainings shown.", len(rates))

	mix := pages.Chart{ID: "status-mix", Title: l.T("Status mix"), LabelHeader: l.T("State"), ValueHeader: l.T("Enrolments")}
	counts := map[string]int{}
	peak := len(d.overview.NeverEnrolled)
	for _, s := range training.States {
		peak = max(peak, d.overview.Mix[s])
	}
	for _, s := range training.States {
		n := d.overview.Mix[s]
		counts[s.Key()] = n
		mix.Bars = append(mix.Bars, pages.Bar{Label: l.T(s.Label()), Value: l.Int(n), Share: share(n, peak), Class: stateClass[s]})
	}
	mix.Bars = append(mix.Bars, pages.Bar{Label: l.T("Never enrolled"), Value: l.Int(len(d.overview.NeverEnrolled)),
		Share: share(len(d.overview.NeverEnrolled), peak), Class: "state-never"})
	mix.Desc = l.T("How many enrolments of the people shown are in each state, and how many mandatory trainings they were never enrolled in.")

	year := rv.today().Year
	months := review.CompletionsPerMonth(d.memberships, year)
	perMonth := pages.Chart{ID: "per-month", Title: l.T("Completions per month in %d", year), LabelHeader: l.T("Month"), ValueHeader: l.T("Completions")}
	top := slices.Max(months[:])
	for i, n := range months {
		perMonth.Bars = append(perMonth.Bars, pages.Bar{Label: l.MonthYear(time.Date(year, time.Month(i+1), 1, 0, 0, 0, 0, time.UTC)),
			Value: l.Int(n), Share: share(n, top), Class: "chart-bar-rate"})
	}
	perMonth.Desc = l.T("Completions dated in each month of %d, among the people shown.", year)
	return []pages.Chart{byTraining, mix, perMonth}
}

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// TeamCSV exports one part of the overview as on screen: the same scope
// and filters (a manager's reports only, whatever the address says), the
// same page of people, every training and every row of the list.
func (rv *Review) TeamCSV(c echo.Context) error {
	if err := require(c, ReviewTeam, Subject{}); err != nil {
		return err
	}
	f, err := teamFilter(c)
	if err != nil {
		return err
	}
	list := c.QueryParam("list")
	if list != "matrix" && !slices.Contains(reviewLists, list) {
		return echo.ErrNotFound
	}
	ctx := c.Request().Context()
	d, err := rv.loadTeam(ctx, rv.sourceOf(c), actorOf(c), f)
	if err != nil {
		return err
	}
	l := i18n.From(ctx)
	return writeCSV(c, "team-"+list+".csv", func(b *bytes.Buffer) error {
		cw := csv.NewWriter(b)
		write := func(rec []string) {
			for i := range rec {
				rec[i] = catalogue.SafeCell(rec[i])
			}
			_ = cw.Write(rec)
		}
		o := d.overview
		if list == "matrix" {
			head := []string{l.T("Person"), l.T("Email")}
			for _, col := range o.Columns {
				head = append(head, training.TrainingName(ctx, col.Training))
			}
			write(append(head, l.T("Completed")))
			for _, r := range o.Rows {
				rec := []string{training.PersonName(ctx, r.Person), email(r.Person)}
				for _, e := range r.Cells {
					label, _, when := rv.cellText(ctx, e)
					rec = append(rec, strings.TrimSpace(label+" "+when))
				}
				write(append(rec, rateText(l, r.Rate)))
			}
		} else {
			write([]string{l.T("Person"), l.T("Email"), l.T("Training"), l.T("Mandatory"), l.T("State"), l.T("Date")})
			for _, e := range listOf(o, list) {
				label, _, _ := rv.cellText(ctx, e.Enrolment)
				date := ""
				switch {
				case e.Membership != nil && e.State == training.Overdue && e.Membership.TrainingDueDate != nil:
					date = e.Membership.TrainingDueDate.String()
				case e.Expires != nil:
					date = e.Expires.String()
				}
				mandatory := ""
				if e.Mandatory() {
					mandatory = l.T("Mandatory")
				}
				write([]string{training.PersonName(ctx, e.Person), email(e.Person), training.TrainingName(ctx, e.Training), mandatory, label, date})
			}
		}
		cw.Flush()
		return cw.Error()
	})
}

func email(e *factorial.Employee) string {
	if e == nil || e.Email == nil {
		return ""
	}
	return *e.Email
}
