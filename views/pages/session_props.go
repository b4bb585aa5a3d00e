package pages

import (
	"context"
	"time"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/schedule"
	"github.com/aula-hr/aula/internal/training"
	"github.com/aula-hr/aula/views/components"
	"github.com/aula-hr/aula/views/components/field"
)

// SessionPageProps is one session's page.
type SessionPageProps struct {
	Title    string
	Session  factorial.Session
	Training *factorial.Training      // nil when Factorial does not show it
	Group    *factorial.TrainingClass // nil without a group, or not shown
	Zone     *time.Location
	Rows     []SessionPersonRow
	CanMark  bool // the way to the attendance sheet
	CanEdit  bool // scheduling and invitations (HR)
	Invite   *SessionInviteProps
	Clashes  []ClashRow // invitation clashes, before "Invite anyway"
	Problem  *components.Problem
}

// SessionPersonRow is one person invited to the session.
type SessionPersonRow struct {
	AccessID, EmployeeID factorial.ID
	Name, JobTitle       string
	Status               string // Factorial's attendance status
}

// SessionInviteProps is the session page's invitation picker.
type SessionInviteProps struct {
	SessionID factorial.ID
	Query     string
	Found     []factorial.Employee
	More      bool
	Invited   map[factorial.ID]bool
	Ticked    map[factorial.ID]bool // kept after a clash warning, or ticked before a search
	Notify    bool
	Everyone  string // training | group, kept after a clash warning
	Kept      bool   // shown again with the input sent (a warning, a failure): Notify is as sent
	HasGroup  bool
}

// InviteResultsID is the element of the session page that a search of the
// invitation picker replaces.
const InviteResultsID = "invite-results"

// inviteInclude is what a search of the invitation picker sends: the search
// and the people ticked so far (and those kept after a clash warning), who
// stay listed and ticked; htmx leaves out the boxes not ticked.
const inviteInclude = "#invite-search, #" + InviteResultsID + " [name=employee_ids]"

// inviteCount is how many people a search found, as a screen reader hears it.
func inviteCount(ctx context.Context, in SessionInviteProps) string {
	switch {
	case len(in.Found) > 0 && in.More:
		return i18n.T(ctx, "%d people found; more match: narrow the search to see them.", len(in.Found))
	case len(in.Found) > 0:
		return i18n.T(ctx, "%d people found.", len(in.Found))
	case in.Query != "":
		return i18n.T(ctx, "Nobody matches “%s”.", in.Query)
	}
	return ""
}

// ClashRow is a clash told before saving.
type ClashRow struct {
	Name, When, Where, Href string
	SameLocation            bool
	People                  []string
}

// sessionCounts are the counts of the session's attendance.
type sessionCounts struct{ invited, attended, absent, inProgress, notMarked int }

func countsOf(rows []SessionPersonRow) sessionCounts {
	c := sessionCounts{invited: len(rows)}
	for _, r := range rows {
		switch factorial.SessionAttendanceStatus(r.Status) {
		case factorial.AttendanceCompleted:
			c.attended++
		case factorial.AttendanceMissing:
			c.absent++
		case factorial.AttendanceInProgress:
			c.inProgress++
		default:
			c.notMarked++
		}
	}
	return c
}

// sessionTime is when a session is, in the company's zone.
func sessionTime(ctx context.Context, s factorial.Session, loc *time.Location) string {
	if s.StartsAt != nil {
		st := s.StartsAt.In(loc)
		if s.EndsAt != nil {
			return i18n.From(ctx).LongDate(st) + " · " + i18n.From(ctx).TimeRange(st, s.EndsAt.In(loc))
		}
		return i18n.From(ctx).LongDate(st) + " · " + i18n.From(ctx).Time(st)
	}
	return sessionWhen(ctx, s)
}

// sessionDuration is the session's duration as people say it.
func sessionDuration(ctx context.Context, s factorial.Session) string {
	d := s.Duration
	if d == nil && s.StartsAt != nil && s.EndsAt != nil {
		x := factorial.DurationFromMinutes(int(s.EndsAt.Sub(*s.StartsAt) / time.Minute))
		d = &x
	}
	switch {
	case d == nil:
		return "—"
	case d.Minutes == 0:
		return i18n.T(ctx, "%d h", d.Hours)
	case d.Hours == 0:
		return i18n.T(ctx, "%d min", d.Minutes)
	}
	return i18n.T(ctx, "%d h %d min", d.Hours, d.Minutes)
}

func sessionModality(ctx context.Context, m *factorial.SessionModality) string {
	if m == nil {
		return "—"
	}
	return modalityLabel(ctx, *m)
}

func modalityLabel(ctx context.Context, m factorial.SessionModality) string {
	switch m {
	case factorial.ModalityOnline:
		return i18n.T(ctx, "Online")
	case factorial.ModalityInPerson:
		return i18n.T(ctx, "In person")
	case factorial.ModalityMixed:
		return i18n.T(ctx, "Hybrid")
	}
	return string(m)
}

func sessionStatus(ctx context.Context, s factorial.Session) string {
	if s.Status != nil && *s.Status != "" {
		return *s.Status
	}
	return i18n.T(ctx, "Not stated")
}

func yesNoIn(ctx context.Context, b bool) string {
	if b {
		return i18n.T(ctx, "Yes")
	}
	return i18n.T(ctx, "No")
}

func groupName(ctx context.Context, g *factorial.TrainingClass) string {
	if g == nil {
		return "—"
	}
	return training.GroupLabel(ctx, *g)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// SessionFormProps is the form of a new session (or weekly series) of a
// group, or of an existing session.
type SessionFormProps struct {
	Training factorial.Training
	Group    factorial.TrainingClass
	Session  *factorial.Session // nil: a new session
	Form     schedule.Form
	Scope    string // edit: this | following
	// Following is how many sessions "this and the following ones" reaches.
	Following int
	Clashes   []ClashRow
	// ClashCheckFailed: the clashes could not be checked; saving is
	// still offered.
	ClashCheckFailed bool
	Problem          *components.Problem
	Action, Cancel   string
}

func scheduleOptions(ctx context.Context) []field.Option {
	return []field.Option{{Value: "scheduled", Label: i18n.T(ctx, "Scheduled: a day with start and end times")}, {Value: "selfpaced", Label: i18n.T(ctx, "Self-paced: by a due date")}}
}

func modalityOptions(ctx context.Context) []field.Option {
	var out []field.Option
	for _, m := range factorial.SessionModalities {
		out = append(out, field.Option{Value: string(m), Label: modalityLabel(ctx, m)})
	}
	return out
}

func weekdayOptions(ctx context.Context) []field.Option {
	var out []field.Option
	for _, d := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday} {
		out = append(out, field.Option{Value: string(rune('0' + d)), Label: i18n.T(ctx, schedule.WeekdayName(d))})
	}
	return out
}

func found(people []factorial.Employee, id factorial.ID) bool {
	for _, e := range people {
		if e.ID == id {
			return true
		}
	}
	return false
}
