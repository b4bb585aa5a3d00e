package pages

import (
	"strconv"

	"github.com/aula-hr/aula/internal/calendar"
	"github.com/aula-hr/aula/views/components/field"
)

// CalendarProps is one view of the calendar of sessions.
type CalendarProps struct {
	View, Date string // the state the filter form sends back (calendar.State)
	Title      string // "December 2026", "30 Nov – 6 Dec 2026"
	Count      string // how many sessions the view shows

	Prev, Next, Today string
	Views             []CalendarLink

	Weekdays []Weekday       // Monday first
	Weeks    [][]CalendarDay // the month view's grid
	Days     []CalendarDay   // the week's seven days; the agenda's days with sessions

	Filters                                  calendar.Filters
	MineOffered                              bool
	Trainings, Groups, Locations, Modalities []field.Option

	Feed FeedProps
}

// CalendarLink is a link that moves the calendar.
type CalendarLink struct {
	Label, Href, TestID string
	Current             bool
}

// Weekday names a column of the calendar.
type Weekday struct{ Short, Long string }

// CalendarDay is one day of a view.
type CalendarDay struct {
	ISO, Number, Label string
	Today, Outside     bool // Outside: a day of the month before or after, in the month grid
	Entries            []CalendarEntry
}

// CalendarEntry is one session on the calendar, leading to its page (and,
// for whoever marks it, to its attendance sheet).
type CalendarEntry struct {
	ID, Name, Training, Group, When, Where string
	TrainingID                             string // the training filter's value
	Start                                  string // the start time alone, for a month's cell
	Modality, ModalityLabel                string // inperson | online | mixed, and as people read it
	SelfPaced, Series                      bool
	Href, SheetHref                        string
}

// FeedProps is the calendar's subscription card: whether the person has a
// feed, how to get, rotate or end it, and what happens at sign-out.
type FeedProps struct {
	Has     bool
	Created string // when the current address was made
	Action  string // where the buttons post
	// Query is the filters of the view, which the feed keeps.
	Query []HiddenField
	// URL is the address just issued: shown once, never stored.
	URL string
}

// HiddenField is a name and value a form sends back unchanged.
type HiddenField struct{ Name, Value string }

func idText(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}
