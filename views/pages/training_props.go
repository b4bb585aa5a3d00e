package pages

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/paths"
	"github.com/aula-hr/aula/views/components"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/catalogue"
	"github.com/aula-hr/aula/internal/training"
	"github.com/aula-hr/aula/views/components/field"
)

type trainingTab struct {
	Key   paths.Tab
	Label string // an i18n key
}

var trainingTabs = []trainingTab{
	{paths.TabOverview, "Overview"}, {paths.TabGroups, "Groups"}, {paths.TabSessions, "Sessions"},
	{paths.TabParticipants, "Participants"}, {paths.TabCosts, "Costs"},
}

// tabs are the tabs the reader has: the costs tab only when Factorial shows
// them the costs (to others it would only say so).
func (p TrainingProps) tabs() []trainingTab {
	out := make([]trainingTab, 0, len(trainingTabs))
	for _, t := range trainingTabs {
		if t.Key != paths.TabCosts || p.Training.CostsVisible() {
			out = append(out, t)
		}
	}
	return out
}

// TrainingProps is the training page: the training and the active tab's data.
type TrainingProps struct {
	Training factorial.Training
	Tab      paths.Tab
	CanEdit  bool
	// CanSetCompletion: the participants' completion dates can be set.
	CanSetCompletion bool
	Notice           string
	Problem          *components.Problem
	Today            factorial.Date // in the company's time zone, for "overdue"

	Categories   map[factorial.ID]string   // overview
	Classes      []factorial.TrainingClass // groups, sessions
	Sessions     []factorial.Session       // sessions
	Participants []training.Participant    // participants
	Managers     []factorial.Employee      // participants: the picker's "reports of"
	Costs        catalogue.CostSheet       // costs
	// CompletionError names a membership whose completion date was refused, and why.
	CompletionError   factorial.ID
	CompletionMessage string
	CompletionInput   string
	// Selected are the enrolments ticked for removal, kept when it failed.
	Selected map[factorial.ID]bool
	// Picker, when set, is shown open with these people, e.g. after an
	// enrolment Factorial did not take.
	Picker *PickerProps
	// Filter narrows the participants; Shown is its page of them, of
	// Matching in all, on Pages pages.
	Filter   ParticipantFilter
	Shown    []training.Participant
	Matching int
	Pages    int
	// BulkInput and BulkError are a refused date for the people ticked.
	BulkInput, BulkError string
}

// ParticipantFilter narrows the participants tab: a name, a state (a
// training.State key, "" for all) and a page (1-based).
type ParticipantFilter struct {
	Query string
	State string
	Page  int
}

// WithPage is f on page n.
func (f ParticipantFilter) WithPage(n int) ParticipantFilter { f.Page = n; return f }

// Values is f in a URL, without what is empty or the first page.
func (f ParticipantFilter) Values() url.Values {
	v := url.Values{}
	if f.Query != "" {
		v.Set("q", f.Query)
	}
	if f.State != "" {
		v.Set("state", f.State)
	}
	if f.Page > 1 {
		v.Set("page", strconv.Itoa(f.Page))
	}
	return v
}

// stateChoices are the states the participants filter offers.
func stateChoices(ctx context.Context) []field.Option {
	opts := []field.Option{{Value: "", Label: i18n.T(ctx, "Any status")}}
	for _, s := range training.States {
		opts = append(opts, field.Option{Value: s.Key(), Label: stateLabel(ctx, s)})
	}
	return opts
}

// stateLabel is a state as people read it, in their language.
func stateLabel(ctx context.Context, s training.State) string {
	switch s {
	case training.InProgress:
		return i18n.T(ctx, "In progress")
	case training.Completed:
		return i18n.T(ctx, "Completed")
	case training.Expiring:
		return i18n.T(ctx, "Expiring soon")
	case training.Expired:
		return i18n.T(ctx, "Expired")
	case training.Overdue:
		return i18n.T(ctx, "Overdue")
	}
	return i18n.T(ctx, "Not started")
}

// stateText is where the person stands on today (training.StateOn): an
// expired or expiring completion says the day it lapsed or lapses.
func stateText(ctx context.Context, m factorial.TrainingMembership, validFor *int, today factorial.Date) string {
	s := training.StateOn(m, validFor, today, training.ExpiringDays)
	if exp := training.Expires(m, validFor); exp != nil {
		l := i18n.From(ctx)
		switch s {
		case training.Expired:
			return l.T("Expired on %s", l.MediumDate(exp.AddDays(1).In(time.UTC)))
		case training.Expiring:
			return l.T("Expires on %s", l.MediumDate(exp.AddDays(1).In(time.UTC)))
		}
	}
	return stateLabel(ctx, s)
}

// tabTitle is the i18n key of the open tab's name.
func (p TrainingProps) tabTitle() string {
	for _, t := range trainingTabs {
		if t.Key == p.Tab {
			return t.Label
		}
	}
	return "Overview"
}

// statusChoices offers the other statuses after a placeholder that is
// chosen at first, so that no status is sent without a choice.
func statusChoices(ctx context.Context, current *factorial.TrainingStatus) []field.Option {
	opts := []field.Option{{Value: "", Label: i18n.T(ctx, "Choose a status…")}}
	for _, s := range factorial.TrainingStatuses {
		if current != nil && s == *current {
			continue
		}
		opts = append(opts, field.Option{Value: string(s), Label: i18n.T(ctx, s.Label())})
	}
	return opts
}

func className(ctx context.Context, classes []factorial.TrainingClass, id *factorial.ClassID) string {
	if id == nil {
		return "—"
	}
	for _, c := range classes {
		if c.ID == *id {
			return training.GroupLabel(ctx, c)
		}
	}
	return "—"
}

func dateOr(d *factorial.Date, or string) string {
	if d == nil || d.IsZero() {
		return or
	}
	return d.String()
}

// shownDate is a date as people read it on the training page ("2 Dec 2026",
// "2 dic. 2026"), or or when there is none. Form fields keep the ISO form.
func shownDate(ctx context.Context, d *factorial.Date, or string) string {
	if d == nil || d.IsZero() {
		return or
	}
	return i18n.From(ctx).MediumDate(d.In(time.UTC))
}

func groupDates(ctx context.Context, c factorial.TrainingClass) string {
	return shownDate(ctx, c.StartDate, "?") + " – " + shownDate(ctx, c.EndDate, "?")
}

// sessionWhen: the times are in the company's time zone already; an end on
// another day than the start names its day.
func sessionWhen(ctx context.Context, s factorial.Session) string {
	loc := i18n.From(ctx)
	switch {
	case s.StartsAt != nil && s.EndsAt != nil:
		if factorial.DateOf(*s.EndsAt) != factorial.DateOf(*s.StartsAt) {
			return loc.MediumDate(*s.StartsAt) + " " + loc.Time(*s.StartsAt) + " – " + loc.MediumDate(*s.EndsAt) + " " + loc.Time(*s.EndsAt)
		}
		return loc.MediumDate(*s.StartsAt) + " " + loc.TimeRange(*s.StartsAt, *s.EndsAt)
	case s.StartsAt != nil:
		return loc.MediumDate(*s.StartsAt) + " " + loc.Time(*s.StartsAt)
	case s.DueDate != nil:
		return i18n.T(ctx, "Self-paced, due %s", shownDate(ctx, s.DueDate, ""))
	}
	return i18n.T(ctx, "Not scheduled")
}

// sessionName is what a session's name says beyond its training's name
// (Factorial often names a session after its training): "" when nothing.
func sessionName(session, trainingName string) string {
	n := strings.TrimSpace(session)
	if rest, ok := strings.CutPrefix(n, strings.TrimSpace(trainingName)); ok && trainingName != "" {
		n = strings.Trim(rest, " -–—:·()")
	}
	return n
}

// meetingLink is a session's link when it is a web address people can
// open (http or https), else "": anything else is not made a link.
func meetingLink(link *string) string {
	if link == nil {
		return ""
	}
	u, err := url.Parse(strings.TrimSpace(*link))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

func modality(ctx context.Context, m *factorial.SessionModality) string {
	if m == nil {
		return "—"
	}
	return i18n.T(ctx, m.Label())
}

func validity(ctx context.Context, v *int) string {
	if v == nil || *v == 0 {
		return i18n.T(ctx, "Does not expire")
	}
	return i18n.T(ctx, "%d years after completion", *v)
}

func hours(ctx context.Context, h factorial.Hours) string {
	if h == 0 {
		return i18n.T(ctx, "Not given")
	}
	return i18n.T(ctx, "%s h", i18n.From(ctx).Decimal(float64(h), 2))
}

func yesNo(ctx context.Context, b bool) string {
	if b {
		return i18n.T(ctx, "Yes")
	}
	return i18n.T(ctx, "No")
}

// money is an amount in the reader's language: "€1,250.50", "1.250,50 €".
func money(ctx context.Context, c catalogue.Cents, cur string) string {
	return i18n.From(ctx).Money(int64(c), cur)
}

func trainingCurrency(p TrainingProps) string {
	if c := catalogue.TrainingCurrency(p.Training); c != "" {
		return c
	}
	return p.Costs.Currency
}

// MemberRowID is the element id of an enrolment's row in the participants table.
func MemberRowID(m factorial.ID) string { return "member-" + m.String() }

// ParticipantRowProps is one row of the participants table, all it needs
// to be drawn alone.
type ParticipantRowProps struct {
	Today            factorial.Date // in the company's time zone, for "overdue"
	ValidFor         *int           // the training's validity in years, for "expired"
	Notice           string         // what was just saved in this row
	CanEdit          bool           // HR: the row can be ticked for removal
	CanSetCompletion bool
	Selected         bool // ticked for removal
	Completion       CompletionFormProps
}

// CompletionFormProps is one participant's completion-date form.
type CompletionFormProps struct {
	Participant training.Participant
	// Input and Error are a refused date as typed and why; empty: the
	// saved date is shown.
	Input, Error string
}

func (f CompletionFormProps) value() string {
	if f.Error != "" {
		return f.Input
	}
	return dateOr(f.Participant.Membership.TrainingCompletedAt, "")
}

// row is the props of pt's row on this page.
func (p TrainingProps) row(pt training.Participant) ParticipantRowProps {
	r := ParticipantRowProps{Today: p.Today, ValidFor: p.Training.ValidFor, CanEdit: p.CanEdit, CanSetCompletion: p.CanSetCompletion,
		Selected: p.Selected[pt.Membership.ID], Completion: CompletionFormProps{Participant: pt}}
	if p.CompletionError == pt.Membership.ID {
		r.Completion.Input, r.Completion.Error = p.CompletionInput, p.CompletionMessage
	}
	return r
}

func dueText(ctx context.Context, pt training.Participant) string {
	return shownDate(ctx, pt.Membership.TrainingDueDate, i18n.T(ctx, "No due date"))
}

// pickerInclude is what a picker search sends: the search fields and the
// people ticked so far, who stay listed and ticked (the form's own fields
// are named too, so the selector always matches something).
const pickerInclude = "#picker-search, #picker-results [name=employee_ids]:checked"

// pickerQuery and pickerManager put the search back in the picker's fields
// when the page shows its results (a search without htmx).
func pickerQuery(p TrainingProps) string {
	if p.Picker == nil {
		return ""
	}
	return p.Picker.Query
}

func pickerManager(p TrainingProps) string {
	if p.Picker == nil || p.Picker.Manager == 0 {
		return ""
	}
	return p.Picker.Manager.String()
}

// groupChoices offers the training's groups, none chosen at first.
func groupChoices(ctx context.Context, gs []factorial.TrainingClass) []field.Option {
	opts := []field.Option{{Value: "", Label: i18n.T(ctx, "No group: the training only")}}
	for _, g := range gs {
		opts = append(opts, field.Option{Value: string(g.ID), Label: training.GroupLabel(ctx, g)})
	}
	return opts
}

func managerOptions(ctx context.Context, ms []factorial.Employee) []field.Option {
	opts := []field.Option{{Value: "", Label: i18n.T(ctx, "Nobody chosen")}}
	for _, m := range ms {
		opts = append(opts, field.Option{Value: m.ID.String(), Label: training.PersonName(ctx, &m)})
	}
	return opts
}

func joinNames(ns []string) string { return strings.Join(ns, ", ") }
