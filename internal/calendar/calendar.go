// Package calendar is the date arithmetic of Aula's calendar: which days a
// month, week or agenda view shows, how it moves by period, and the view's
// state as it travels in a URL. Weeks start on Monday. Days are calendar
// dates; Bounds turns them into instants in the company's time zone, so a
// view across a daylight-saving change still starts and ends at midnight.
// No HTTP, no HTML.
package calendar

import (
	"net/url"
	"strings"
	"time"

	"github.com/aula-hr/aula/factorial"
)

// View is how the calendar lays out its days.
type View string

// The views.
const (
	Month  View = "month"
	Week   View = "week"
	Agenda View = "agenda"
)

// Views lists every view, in the order the page offers them.
var Views = []View{Month, Week, Agenda}

// AgendaDays is how many days the agenda lists: four weeks from a Monday.
const AgendaDays = 28

// Filters narrow the sessions shown. The zero value shows everything.
type Filters struct {
	Training factorial.ID
	Group    factorial.ClassID
	Modality factorial.SessionModality
	Location string
	Mine     bool // only the person's own sessions (trainers and employees)
}

// IsZero reports whether no filter is set.
func (f Filters) IsZero() bool { return f == Filters{} }

// State is what the calendar shows: a view around a date, filtered.
type State struct {
	View    View
	Date    factorial.Date
	Filters Filters
}

// Parse reads the calendar's state from a URL query. A view or date that
// is present but not understood gives today's month (with the filters
// kept), never an error; an absent view is the month, an absent date today.
// Filters that do not parse are dropped.
func Parse(q url.Values, today factorial.Date) State {
	s := State{View: Month, Date: today, Filters: parseFilters(q)}
	bad := false
	if v := q.Get("view"); v != "" {
		switch View(v) {
		case Month, Week, Agenda:
			s.View = View(v)
		default:
			bad = true
		}
	}
	if d := q.Get("date"); d != "" {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil || t.Year() < 1900 || t.Year() > 2999 {
			bad = true
		} else {
			s.Date = factorial.DateOf(t)
		}
	}
	if bad {
		s.View, s.Date = Month, today
	}
	return s
}

func parseFilters(q url.Values) Filters {
	var f Filters
	if id, err := factorial.ParseID(q.Get("training")); err == nil {
		f.Training = id
	}
	if g := strings.TrimSpace(q.Get("group")); g != "" && len(g) <= 64 {
		f.Group = factorial.ClassID(g)
	}
	if m := factorial.SessionModality(q.Get("modality")); m.Valid() {
		f.Modality = m
	}
	if l := strings.TrimSpace(q.Get("location")); len(l) <= 200 {
		f.Location = l
	}
	f.Mine = q.Get("mine") == "1" || q.Get("mine") == "on" // "on": the tick box sent without scripts
	return f
}

// Query is the filters as URL values, without the ones not set.
func (f Filters) Query() url.Values {
	q := url.Values{}
	if f.Training != 0 {
		q.Set("training", f.Training.String())
	}
	if f.Group != "" {
		q.Set("group", string(f.Group))
	}
	if f.Modality != "" {
		q.Set("modality", string(f.Modality))
	}
	if f.Location != "" {
		q.Set("location", f.Location)
	}
	if f.Mine {
		q.Set("mine", "1")
	}
	return q
}

// Query is the state as URL values: the view unless it is the month, the
// date unless it is today, and the filters set. It is the address to
// bookmark: "?view=week" stays this week.
func (s State) Query(today factorial.Date) url.Values {
	q := s.Filters.Query()
	if s.View != Month {
		q.Set("view", string(s.View))
	}
	if s.Date != today {
		q.Set("date", s.Date.String())
	}
	return q
}

// Monday is the Monday of d's week.
func Monday(d factorial.Date) factorial.Date {
	wd := int(d.In(time.UTC).Weekday()) // Sunday = 0
	return d.AddDays(-((wd + 6) % 7))
}

// FirstOfMonth is the first day of d's month.
func FirstOfMonth(d factorial.Date) factorial.Date {
	return factorial.Date{Year: d.Year, Month: d.Month, Day: 1}
}

// MonthGrid is the month of d as whole weeks, Monday to Sunday: the first
// week starts on the Monday on or before the 1st, the last ends on the
// Sunday on or after the month's last day, so days of the months around it
// fill the edges. It has four to six weeks.
func MonthGrid(d factorial.Date) [][7]factorial.Date {
	first := FirstOfMonth(d)
	last := first.In(time.UTC).AddDate(0, 1, -1)
	end := factorial.DateOf(last)
	var weeks [][7]factorial.Date
	for day := Monday(first); !day.After(end); day = day.AddDays(7) {
		var w [7]factorial.Date
		for i := range w {
			w[i] = day.AddDays(i)
		}
		weeks = append(weeks, w)
	}
	return weeks
}

// Range is the first and last day the view shows (both included).
func (s State) Range() (first, last factorial.Date) {
	switch s.View {
	case Week:
		first = Monday(s.Date)
		return first, first.AddDays(6)
	case Agenda:
		first = Monday(s.Date)
		return first, first.AddDays(AgendaDays - 1)
	}
	g := MonthGrid(s.Date)
	return g[0][0], g[len(g)-1][6]
}

// Days is every day from first to last, both included.
func Days(first, last factorial.Date) []factorial.Date {
	var out []factorial.Date
	for d := first; !d.After(last); d = d.AddDays(1) {
		out = append(out, d)
	}
	return out
}

// Split cuts the days first to last into at most n runs of whole weeks
// (the last run may be shorter), in order, so that a range can be read as
// several shorter lists at once.
func Split(first, last factorial.Date, n int) [][2]factorial.Date {
	days := len(Days(first, last))
	if days == 0 {
		return nil
	}
	weeks := (days + 6) / 7
	per := 7 * ((weeks + max(n, 1) - 1) / max(n, 1))
	var out [][2]factorial.Date
	for d := first; !d.After(last); d = d.AddDays(per) {
		end := d.AddDays(per - 1)
		if end.After(last) {
			end = last
		}
		out = append(out, [2]factorial.Date{d, end})
	}
	return out
}

// Bounds is the interval of days first to last in loc: midnight of first
// up to (not including) midnight after last. On a daylight-saving change
// the interval is an hour shorter or longer than whole days of 24 hours.
func Bounds(first, last factorial.Date, loc *time.Location) (start, end time.Time) {
	return first.In(loc), last.AddDays(1).In(loc)
}

// Prev is the same view one period earlier: a month, a week, or the
// agenda's four weeks. A month moves from the 1st, so 31 March goes to
// February, not to 3 March.
func (s State) Prev() State { return s.move(-1) }

// Next is the same view one period later.
func (s State) Next() State { return s.move(1) }

func (s State) move(n int) State {
	switch s.View {
	case Week:
		s.Date = Monday(s.Date).AddDays(7 * n)
	case Agenda:
		s.Date = Monday(s.Date).AddDays(AgendaDays * n)
	default:
		s.Date = factorial.DateOf(FirstOfMonth(s.Date).In(time.UTC).AddDate(0, n, 0))
	}
	return s
}

// On is the same view and filters around another date (today, a picked day).
func (s State) On(d factorial.Date) State {
	s.Date = d
	return s
}

// As is the same date and filters in another view.
func (s State) As(v View) State {
	s.View = v
	return s
}

// DayOf is the calendar day of t in loc.
func DayOf(t time.Time, loc *time.Location) factorial.Date { return factorial.DateOf(t.In(loc)) }
