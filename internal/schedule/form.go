// Package schedule is how HR plans the sessions of a group: the session
// form (as typed, its errors by field, its values), the weekly series it
// expands to in the company's time zone, which sessions a series edit or
// delete reaches, and the clashes found before saving. No HTTP, no HTML.
//
// The API's rules, as the form applies them before Factorial would refuse:
// a scheduled session starts and ends on the same day (the form has one
// date and two times); a due date belongs to self-paced sessions only; a
// session belongs to a group (the form lives inside one).
package schedule

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/form"
	"github.com/aula-hr/aula/internal/i18n"
)

// Field limits.
const (
	MaxNameLen        = 200
	MaxPlaceLen       = 500
	MaxDescriptionLen = 10000
	// MaxSeries bounds the sessions one weekly series creates: a year.
	MaxSeries = 53
)

// Input is the session form exactly as typed.
type Input struct {
	Name, Description, Schedule, Modality, Location, Link string
	Date, Start, End, DueDate                             string
	Subsidized, SendInvites                               bool
	// A weekly series: Repeat with the weekday (0 Sunday … 6 Saturday,
	// time.Weekday) and the last date a session may fall on.
	Repeat         bool
	Weekday, Until string
}

// Values is a valid form in the API's terms. For a scheduled session
// Starts and Ends are the first session's (Date at Start and End in the
// company's zone).
type Values struct {
	Name, Description, Location, Link string
	Schedule                          factorial.SessionSchedule
	Modality                          factorial.SessionModality
	Date                              factorial.Date
	Start, End                        Clock
	DueDate                           *factorial.Date
	Subsidized, SendInvites           bool
	Repeat                            bool
	Weekday                           time.Weekday
	Until                             factorial.Date
}

// Form is a parsed session form.
type Form struct {
	Input  Input
	Errors form.Errors
	Values Values
}

// Valid reports whether the form has no errors.
func (f Form) Valid() bool { return len(f.Errors) == 0 }

// Clock is a wall-clock time of day.
type Clock struct{ Hour, Minute int }

// String is the time as a time field holds it, 15:04.
func (c Clock) String() string {
	return time.Date(2000, 1, 1, c.Hour, c.Minute, 0, 0, time.UTC).Format("15:04")
}

func (c Clock) minutes() int { return c.Hour*60 + c.Minute }

// On is the instant of the clock on day d in loc: the wall-clock time, so
// a 09:00 series stays 09:00 on both sides of a daylight-saving change.
func (c Clock) On(d factorial.Date, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, c.Hour, c.Minute, 0, 0, loc)
}

// ClockOf is t's time of day in loc.
func ClockOf(t time.Time, loc *time.Location) Clock {
	t = t.In(loc)
	return Clock{t.Hour(), t.Minute()}
}

func parseClock(s string) (Clock, bool) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return Clock{}, false
	}
	return Clock{t.Hour(), t.Minute()}, true
}

// InputOf fills the form from a session, for editing.
func InputOf(s factorial.Session, loc *time.Location) Input {
	in := Input{Name: s.Name, Description: deref(s.Description), Location: deref(s.Location), Link: deref(s.Link), Subsidized: s.Subsidized,
		Schedule: string(factorial.ScheduleScheduled), Modality: string(factorial.ModalityInPerson)}
	if s.Schedule != nil {
		in.Schedule = string(*s.Schedule)
	}
	if s.Modality != nil {
		in.Modality = string(*s.Modality)
	}
	if s.StartsAt != nil {
		in.Date = factorial.DateOf(s.StartsAt.In(loc)).String()
		in.Start = ClockOf(*s.StartsAt, loc).String()
	}
	if s.EndsAt != nil {
		in.End = ClockOf(*s.EndsAt, loc).String()
	}
	if s.DueDate != nil {
		in.DueDate = s.DueDate.String()
	}
	return in
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// InputFrom reads the posted fields.
func InputFrom(v url.Values) Input {
	return Input{
		Name: v.Get("name"), Description: v.Get("description"), Schedule: v.Get("schedule"), Modality: v.Get("modality"),
		Location: v.Get("location"), Link: v.Get("link"), Date: v.Get("date"), Start: v.Get("start"), End: v.Get("end"),
		DueDate: v.Get("due_date"), Subsidized: form.Checkbox(v, "subsidized"), SendInvites: form.Checkbox(v, "send_calendar_invites"),
		Repeat: form.Checkbox(v, "repeat"), Weekday: v.Get("weekday"), Until: v.Get("until"),
	}
}

// Parse validates in; messages are in l. series says whether the form
// offers a weekly series (a new session does, an edit does not).
func Parse(in Input, series bool, l i18n.Locale) Form {
	f := Form{Input: in, Errors: form.Errors{}}
	v := &f.Values
	errs := f.Errors
	v.Name = strings.TrimSpace(in.Name)
	switch n := utf8.RuneCountInString(v.Name); {
	case n == 0:
		errs["name"] = l.T("Enter the session's name.")
	case n > MaxNameLen:
		errs["name"] = l.T("Keep the name to %d characters or fewer; this one has %d.", MaxNameLen, n)
	}
	v.Description = strings.TrimSpace(in.Description)
	if n := utf8.RuneCountInString(v.Description); n > MaxDescriptionLen {
		errs["description"] = l.T("Keep the description to %d characters or fewer; this one has %d.", MaxDescriptionLen, n)
	}
	v.Location, v.Link = strings.TrimSpace(in.Location), strings.TrimSpace(in.Link)
	for name, s := range map[string]string{"location": v.Location, "link": v.Link} {
		if n := utf8.RuneCountInString(s); n > MaxPlaceLen {
			errs[name] = l.T("Keep this to %d characters or fewer; this one has %d.", MaxPlaceLen, n)
		}
	}
	v.Modality = factorial.SessionModality(in.Modality)
	if !v.Modality.Valid() {
		errs["modality"] = l.T("Choose how the session is held.")
	}
	v.Schedule = factorial.SessionSchedule(in.Schedule)
	v.Subsidized, v.SendInvites = in.Subsidized, in.SendInvites
	switch v.Schedule {
	case factorial.ScheduleScheduled:
		parseScheduled(&f, series, l)
	case factorial.ScheduleSelfPaced:
		if strings.TrimSpace(in.Date+in.Start+in.End) != "" {
			errs["start"] = l.T("A self-paced session has no start and end: clear the date and times, or choose Scheduled.")
		}
		if strings.TrimSpace(in.DueDate) != "" {
			d := form.Date(l, errs, "due_date", in.DueDate, "")
			if _, bad := errs["due_date"]; !bad { // the error names the language's date form
				v.DueDate = &d
			}
		}
		if series && in.Repeat {
			errs["repeat"] = l.T("Only scheduled sessions repeat weekly.")
		}
	default:
		errs["schedule"] = l.T("Choose Scheduled or Self-paced.")
	}
	return f
}

func parseScheduled(f *Form, series bool, l i18n.Locale) {
	in, v, errs := f.Input, &f.Values, f.Errors
	v.Date = form.Date(l, errs, "date", in.Date, l.T("Enter the day of the session."))
	if _, bad := errs["date"]; bad && strings.TrimSpace(in.Date) != "" {
		errs["date"] = l.T("Enter the day as a date, such as 2026-03-31.")
	}
	var ok bool
	if v.Start, ok = parseClock(in.Start); !ok {
		errs["start"] = l.T("Enter the start time, such as 09:00.")
	}
	if end, ok := parseClock(in.End); !ok {
		errs["end"] = l.T("Enter the end time, such as 11:00.")
	} else if v.End = end; errs["start"] == "" && end.minutes() <= v.Start.minutes() {
		errs["end"] = l.T("A scheduled session starts and ends on the same day: the end must be later than the start.")
	}
	if strings.TrimSpace(in.DueDate) != "" {
		errs["due_date"] = l.T("A due date is only for self-paced sessions: clear it, or choose Self-paced.")
	}
	if !series || !in.Repeat {
		return
	}
	v.Repeat = true
	wd := strings.TrimSpace(in.Weekday)
	if len(wd) != 1 || wd[0] < '0' || wd[0] > '6' {
		errs["weekday"] = l.T("Choose the day of the week.")
	} else {
		v.Weekday = time.Weekday(wd[0] - '0')
	}
	v.Until = form.Date(l, errs, "until", in.Until, l.T("Enter the last day of the series."))
	if _, bad := errs["until"]; bad && strings.TrimSpace(in.Until) != "" {
		errs["until"] = l.T("Enter the last day as a date, such as 2026-03-31.")
	}
	if errs["date"] != "" || errs["until"] != "" || errs["weekday"] != "" {
		return
	}
	switch n := len(v.Days()); {
	case n == 0:
		errs["until"] = l.T("No %s falls between the first day and the last: choose a later last day.", l.T(weekdayNames[v.Weekday]))
	case n > MaxSeries:
		errs["until"] = l.T("A series has at most %d sessions; this one would have %d. Choose an earlier last day.", MaxSeries, n)
	}
}

// weekdayNames are the catalogue keys of the weekdays, by time.Weekday.
var weekdayNames = [...]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

// WeekdayName is the catalogue key of a weekday.
func WeekdayName(d time.Weekday) string { return weekdayNames[d] }

// Days are the days of the sessions the values create: the date alone, or
// for a weekly series every Weekday from Date to Until.
func (v Values) Days() []factorial.Date {
	if !v.Repeat {
		return []factorial.Date{v.Date}
	}
	first := v.Date
	for first.In(time.UTC).Weekday() != v.Weekday {
		first = first.AddDays(1)
	}
	var out []factorial.Date
	for d := first; !d.After(v.Until) && len(out) <= MaxSeries; d = d.AddDays(7) {
		out = append(out, d)
	}
	return out
}

// Occurrence is one session to create or save.
type Occurrence struct {
	Day       factorial.Date
	Starts    time.Time // zero for a self-paced session
	Ends      time.Time
	HasTimes  bool
	Recurrent bool
}

// Occurrences are the sessions the values create, in order, their times in
// loc.
func (v Values) Occurrences(loc *time.Location) []Occurrence {
	if v.Schedule != factorial.ScheduleScheduled {
		return []Occurrence{{}}
	}
	var out []Occurrence
	for _, d := range v.Days() {
		out = append(out, Occurrence{Day: d, Starts: v.Start.On(d, loc), Ends: v.End.On(d, loc), HasTimes: true, Recurrent: v.Repeat})
	}
	return out
}

// Request is the body that creates or saves occurrence o of training in
// group.
func (v Values) Request(training factorial.ID, group factorial.ClassID, o Occurrence) *factorial.SessionRequest {
	r := &factorial.SessionRequest{
		Name: v.Name, TrainingID: training, TrainingClassID: &group,
		Modality: factorial.Ptr(v.Modality), Schedule: factorial.Ptr(v.Schedule),
		Subsidized: factorial.Bool(v.Subsidized), SendCalendarInvites: factorial.Bool(v.SendInvites),
		Description: optional(v.Description), Location: optional(v.Location), Link: optional(v.Link),
	}
	if o.HasTimes {
		r.StartsAt, r.EndsAt = factorial.Time(o.Starts), factorial.Time(o.Ends)
		r.Duration = factorial.Ptr(factorial.DurationFromMinutes(int(o.Ends.Sub(o.Starts) / time.Minute)))
	} else {
		r.DueDate = v.DueDate
	}
	if o.Recurrent {
		r.Recurrent = factorial.Bool(true)
	}
	return r
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
