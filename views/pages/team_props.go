package pages

import (
	"strings"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/paths"
	"github.com/aula-hr/aula/views/components"
	"github.com/aula-hr/aula/views/components/confirm"
)

// Option is one choice of a select.
type Option struct {
	Value, Label string
	Selected     bool
}

// Figure is one number of a headline with its one-line definition.
type Figure struct {
	Label, Value, Note, TestID string
}

// CompanyCounts are Factorial's own counts of the whole company's
// enrolments (meta.total of one-record pages).
type CompanyCounts struct {
	Enrolments, Completed, Overdue int
}

// MatrixCell is one person × training: the state as text and its class
// (the colour repeats the text, never replaces it).
type MatrixCell struct {
	Label, Class, Detail string
}

// MatrixColumn is one training of the matrix.
type MatrixColumn struct {
	Name, Href, Rate string
	Mandatory        bool
}

// MatrixRow is one person of the matrix.
type MatrixRow struct {
	Name, Href, Rate string
	Cells            []MatrixCell
}

// ListRow is one row of a list that leads to action.
type ListRow struct {
	Person, PersonHref     string
	Training, TrainingHref string
	State, StateClass      string
	When                   string // the due date or the last valid day
	Mandatory              bool
	Mailto                 string // a reminder to the person; "" without an address
	Participants           string // the training's participants tab filtered to the person
}

// ReviewList is one list of the overview: overdue, expiring, expired,
// never enrolled.
type ReviewList struct {
	Key, Title, Note, Empty string
	Total                   int
	Rows                    []ListRow // the first rows; the CSV has all
	CSV                     string
	// Renewals are the links to plan the renewals of each training on the
	// expiring list (HR).
	Renewals []Link
}

// Link is a place to go with what the link says.
type Link struct{ Href, Label string }

// Bar is one bar of a chart: its label, its share of the chart's scale
// (0–1) and the number it stands for, as text.
type Bar struct {
	Label, Value, Class string
	Share               float64
}

// Chart is a bar chart drawn on the server as SVG, with its numbers in a
// table beside it.
type Chart struct {
	ID, Title, Desc string
	LabelHeader     string
	ValueHeader     string
	Bars            []Bar
}

// TeamProps is the team overview.
type TeamProps struct {
	Filter          paths.TeamFilter
	Title, Scope    string
	Everyone        bool // HR: may pick a manager or the whole company
	Managers        []Option
	People          []Option // the person filter (nil when the scope is too large to list)
	Trainings       []Option
	Windows         []Option
	Headline        []Figure
	Company         []Figure // HR, the whole company: Factorial's counts
	Columns         []MatrixColumn
	Rows            []MatrixRow
	ColPage         int
	ColPages        int
	Page, Pages     int
	InView, InScope int
	Lists           []ReviewList
	MatrixCSV       string
	Charts          []Chart
	Notes           []Figure // what each figure means
}

// ColumnsHref is the matrix with its trainings page n.
func (p TeamProps) ColumnsHref(n int) string {
	f := p.Filter
	f.Columns = n
	return paths.TeamView(f)
}

// PageHref is the overview with its people page n.
func (p TeamProps) PageHref(n int) string {
	f := p.Filter
	f.Page = n
	return paths.TeamView(f)
}

// shorten cuts s to n characters with an ellipsis, for chart labels (the
// table beside the chart has the full text).
func shorten(s string, n int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n-1]) + "…"
}

// RenewalPerson is one person due for renewal.
type RenewalPerson struct {
	ID, Name, Expires string
	Ticked            bool
}

// RenewalsProps is the renewals to plan of one training in one team.
type RenewalsProps struct {
	Training   string
	TrainingID factorial.ID
	Window     int
	People     []RenewalPerson
	Groups     []Option
	Hidden     []confirm.Hidden // the team's filters, carried to the form
	Back       string
	Error      string              // the form sent wrong: nothing was enrolled
	Problem    *components.Problem // Factorial failed on the way
	// Requests: a manager's, who cannot enrol (Factorial lets only HR): a
	// mail to HR per upcoming group instead of the form.
	Requests []Link
}

// ShareRow is one participant's attendance share in a FUNDAE group.
type ShareRow struct {
	Person, Attended, Share string
	Flag, FlagClass         string // "" when on track
}

// GroupCompletion is one group of a training.
type GroupCompletion struct {
	Name, Dates, Participants, Rate, Attendance string
	Shares                                      []ShareRow // FUNDAE trainings only
}

// TrainingCompletionProps is one training's completion in a team.
type TrainingCompletionProps struct {
	Training, TrainingHref, Back, Scope string
	Mandatory, Fundae                   bool
	Figures                             []Figure
	Charts                              []Chart
	Groups                              []GroupCompletion
	Notes                               []Figure
}
