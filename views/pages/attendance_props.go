package pages

import (
	"context"

	"github.com/aula-hr/aula/internal/i18n"
)

// TodayProps is the list of today's sessions whose attendance the person marks.
type TodayProps struct {
	Date     string
	Sessions []TodaySession
}

// TodaySession is one session of today, with its sheet.
type TodaySession struct {
	Name, Training, When, Where, Href string
	Over                              bool // ended already
}

// SheetProps is one session's attendance sheet (and its paper copy).
type SheetProps struct {
	SessionID, Session, Training, When, Where string
	// Owner is the opaque id the device keeps this person's waiting marks
	// under (attendance.Owner); never a token or a cookie.
	Owner        string
	MaxHours     float64 // the session's duration in hours; 0 when unknown
	MaxHoursText string
	Counter      string // "12 of 18 marked · 10 attended · 2 absent"
	Version      string // the ETag of the statuses shown
	Unmarked     int
	Query        string // the name search, when sent without scripts
	Rows         []SheetRow
	Labels       SheetLabels

	SheetURL, MarksURL, StateURL, MarkAllURL, PrintURL, CSVURL, TodayURL string
	// SignInURL signs in again and comes back to the sheet, for waiting
	// marks whose sign-in ended.
	SignInURL string
}

// SheetRow is one participant on the sheet.
type SheetRow struct {
	ID          string
	IDNum       int64
	Name        string
	JobTitle    string
	Status      string // pending | inprogress | completed | missing
	StatusLabel string // not marked | in progress | attended | absent
	Hours       string // completed hours as the language writes them
	HoursValue  string // the same, plain, for the script
	Error       string // what was refused on this row
	Hidden      bool   // filtered out by the name search
	More        bool   // shows its less used marks and hours (moreBody)
}

// AttendanceStatus is a session attendance status as the sheet writes it:
// Factorial's four, no others.
func AttendanceStatus(ctx context.Context, s string) string {
	switch s {
	case "pending":
		return i18n.T(ctx, "not marked")
	case "inprogress":
		return i18n.T(ctx, "in progress")
	case "completed":
		return i18n.T(ctx, "attended")
	case "missing":
		return i18n.T(ctx, "absent")
	}
	return s
}

// SheetLabels are the words every row repeats, looked up once per sheet
// rather than once per row (a sheet has up to a few hundred).
type SheetLabels struct {
	Attended, Absent, More, InProgress, NotMarked, HoursAttended, SaveHours string
}

// NewSheetLabels looks the rows' words up in the request's language.
func NewSheetLabels(ctx context.Context) SheetLabels {
	return SheetLabels{
		Attended: i18n.T(ctx, "Attended"), Absent: i18n.T(ctx, "Absent"), More: i18n.T(ctx, "More"),
		InProgress: i18n.T(ctx, "In progress"), NotMarked: i18n.T(ctx, "Not marked"),
		HoursAttended: i18n.T(ctx, "Hours attended"), SaveHours: i18n.T(ctx, "Save hours"),
	}
}
