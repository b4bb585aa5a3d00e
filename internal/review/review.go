// Package review holds the figures of the completion review (issue 14) in
// one place: who is in a manager's or the company's scope, the state of
// each person × training cell (training.StateOn, never redefined here),
// the lists that lead to action (overdue, expiring within N days, expired,
// never enrolled in a mandatory training), completion rates, attendance
// shares and the FUNDAE threshold. It knows nothing of HTTP or HTML; each
// figure's one-line explanation on the page is its doc comment here.
package review

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/training"
)

// Windows are the choices of how far ahead an expiring completion is
// flagged; training.ExpiringDays is the default.
var Windows = []int{30, 60, 90}

// ParseWindow reads the days-ahead choice of a URL: "" is the default
// (training.ExpiringDays); anything but one of Windows is refused.
func ParseWindow(s string) (int, bool) {
	if s == "" {
		return training.ExpiringDays, true
	}
	n, err := strconv.Atoi(s)
	if err != nil || !slices.Contains(Windows, n) {
		return 0, false
	}
	return n, true
}

// Scope is who the review covers: the active direct and indirect reports
// of manager (training.Reports), or with manager 0 everyone active in the
// company, by name. Terminated employees (not active) are left out; an
// employee without a manager is in the company's scope and in nobody's team.
func Scope(all []factorial.Employee, manager factorial.ID) []factorial.Employee {
	var people []factorial.Employee
	if manager == 0 {
		people = slices.Clone(all)
		training.SortByName(people, func(e factorial.Employee) string { return training.PersonSortName(&e) })
	} else {
		people = training.Reports(all, manager)
	}
	return slices.DeleteFunc(people, func(e factorial.Employee) bool { return !e.Active })
}

// Managers are the people others report to, by name: whom HR can pick.
func Managers(all []factorial.Employee) []factorial.Employee {
	has := map[factorial.ID]bool{}
	for _, e := range all {
		if e.ManagerID != nil {
			has[*e.ManagerID] = true
		}
	}
	out := slices.DeleteFunc(slices.Clone(all), func(e factorial.Employee) bool { return !has[e.ID] || !e.Active })
	training.SortByName(out, func(e factorial.Employee) string { return training.PersonSortName(&e) })
	return out
}

// Enrolment is the state of one person with one training: a membership's
// training.StateOn, or NeverEnrolled when the person has none.
type Enrolment struct {
	Membership *factorial.TrainingMembership // nil: never enrolled
	State      training.State
	Expires    *factorial.Date // training.Expires: the last day a completion counts
}

// NeverEnrolled reports whether the person has no membership of the training.
func (e Enrolment) NeverEnrolled() bool { return e.Membership == nil }

// Complete: a completion that counts today (training.State.Valid: completed,
// or completed and expiring).
func (e Enrolment) Complete() bool { return e.Membership != nil && e.State.Valid() }

// Expected reports whether the cell counts towards a completion rate: the
// person is enrolled, or the training is mandatory.
func Expected(e Enrolment, mandatory bool) bool { return e.Membership != nil || mandatory }

// StateOf is m's state on today with a completion flagged as expiring
// within days (training.StateOn with the training's valid_for; a training
// Factorial did not return counts as never expiring).
func StateOf(m factorial.TrainingMembership, t *factorial.Training, today factorial.Date, within int) Enrolment {
	var validFor *int
	if t != nil {
		validFor = t.ValidFor
	}
	return Enrolment{Membership: &m, State: training.StateOn(m, validFor, today, within), Expires: training.Expires(m, validFor)}
}

// Rate is a completion rate: Done of Of.
type Rate struct{ Done, Of int }

// Ratio is Done/Of, 0 when nothing is expected.
func (r Rate) Ratio() float64 {
	if r.Of == 0 {
		return 0
	}
	return float64(r.Done) / float64(r.Of)
}

func (r *Rate) count(e Enrolment) {
	r.Of++
	if e.Complete() {
		r.Done++
	}
}

// Entry is one row of a list that leads to action.
type Entry struct {
	Person     *factorial.Employee
	Training   *factorial.Training // nil when Factorial did not return it
	TrainingID factorial.ID
	Enrolment
}

// Mandatory reports whether the entry's training is mandatory.
func (e Entry) Mandatory() bool { return e.Training != nil && e.Training.IsMandatory }

// Headline counts the mandatory trainings of the people in view.
type Headline struct {
	// Missing: mandatory trainings a person holds no valid completion of
	// (never enrolled, not done yet, overdue, or expired).
	Missing int
	// Overdue: mandatory enrolments past their due date and not completed.
	Overdue int
	// Expiring: mandatory completions that stop counting within the window.
	Expiring int
	// Expired: mandatory completions that no longer count.
	Expired int
}

// Row is one person of the matrix with their completion rate.
type Row struct {
	Person *factorial.Employee
	Cells  []Enrolment // one per Overview.Columns
	Rate   Rate
}

// Column is one training of the matrix with its completion rate among
// the people in view.
type Column struct {
	ID       factorial.ID
	Training *factorial.Training // nil when Factorial did not return it
	Rate     Rate
}

// Mandatory reports whether the column's training is mandatory.
func (c Column) Mandatory() bool { return c.Training != nil && c.Training.IsMandatory }

// Overview is the review of a set of people: the matrix, the rates, the
// headline and the lists.
type Overview struct {
	Rows                                      []Row
	Columns                                   []Column
	Headline                                  Headline
	Overdue, Expiring, Expired, NeverEnrolled []Entry
	// Mix counts the enrolments in view by state (never-enrolled mandatory
	// trainings not included: Headline.Missing has them).
	Mix map[training.State]int
}

// Input is what Build reviews.
type Input struct {
	People      []factorial.Employee // in scope and in view, in display order
	Memberships []factorial.TrainingMembership
	// Trainings are every training the memberships name and every
	// mandatory one, by id; Mandatory lists the mandatory ones a person
	// is expected to hold.
	Trainings map[factorial.ID]*factorial.Training
	Mandatory []factorial.ID
	Today     factorial.Date
	Window    int // days ahead an expiring completion is flagged
}

// Build reviews in: memberships of people outside in.People are ignored
// (a manager's review never shows anyone else). Columns are the mandatory
// trainings, then the others, each by name; lists are mandatory first,
// then by date (due date, expiry), then by name.
func Build(in Input) Overview {
	people := map[factorial.ID]int{}
	for i, p := range in.People {
		people[p.ID] = i
	}
	byPerson := map[factorial.ID]map[factorial.ID]factorial.TrainingMembership{}
	colSet := map[factorial.ID]bool{}
	for _, m := range in.Memberships {
		if _, ok := people[m.EmployeeID]; !ok {
			continue
		}
		if byPerson[m.EmployeeID] == nil {
			byPerson[m.EmployeeID] = map[factorial.ID]factorial.TrainingMembership{}
		}
		byPerson[m.EmployeeID][m.TrainingID] = m
		colSet[m.TrainingID] = true
	}
	mandatory := map[factorial.ID]bool{}
	for _, id := range in.Mandatory {
		if t := in.Trainings[id]; t != nil && t.IsMandatory {
			mandatory[id] = true
			colSet[id] = true
		}
	}
	o := Overview{Mix: map[training.State]int{}}
	for id := range colSet {
		o.Columns = append(o.Columns, Column{ID: id, Training: in.Trainings[id]})
	}
	names := make(map[factorial.ID]string, len(o.Columns))
	for _, c := range o.Columns {
		names[c.ID] = strings.ToLower(training.TrainingSortName(c.Training))
	}
	slices.SortFunc(o.Columns, func(a, b Column) int {
		return cmp.Or(cmp.Compare(btoi(!a.Mandatory()), btoi(!b.Mandatory())), cmp.Compare(names[a.ID], names[b.ID]), cmp.Compare(a.ID, b.ID))
	})
	for i := range in.People {
		p := &in.People[i]
		row := Row{Person: p, Cells: make([]Enrolment, len(o.Columns))}
		for j := range o.Columns {
			col := &o.Columns[j]
			t := col.Training
			var e Enrolment
			if m, ok := byPerson[p.ID][col.ID]; ok {
				e = StateOf(m, t, in.Today, in.Window)
				o.Mix[e.State]++
			} else if !mandatory[col.ID] {
				row.Cells[j] = Enrolment{State: -1}
				continue
			}
			row.Cells[j] = e
			row.Rate.count(e)
			col.Rate.count(e)
			entry := Entry{Person: p, Training: t, TrainingID: col.ID, Enrolment: e}
			switch {
			case e.NeverEnrolled():
				o.NeverEnrolled = append(o.NeverEnrolled, entry)
			case e.State == training.Overdue:
				o.Overdue = append(o.Overdue, entry)
			case e.State == training.Expiring:
				o.Expiring = append(o.Expiring, entry)
			case e.State == training.Expired:
				o.Expired = append(o.Expired, entry)
			}
			if mandatory[col.ID] {
				if !e.Complete() {
					o.Headline.Missing++
				}
				switch {
				case e.NeverEnrolled():
				case e.State == training.Overdue:
					o.Headline.Overdue++
				case e.State == training.Expiring:
					o.Headline.Expiring++
				case e.State == training.Expired:
					o.Headline.Expired++
				}
			}
		}
		o.Rows = append(o.Rows, row)
	}
	byDue := func(e Entry) string {
		if e.Membership != nil && e.Membership.TrainingDueDate != nil {
			return e.Membership.TrainingDueDate.String()
		}
		return "9999"
	}
	byExpiry := func(e Entry) string {
		if e.Expires != nil {
			return e.Expires.String()
		}
		return "9999"
	}
	sortEntries(o.Overdue, byDue)
	sortEntries(o.Expiring, byExpiry)
	sortEntries(o.Expired, byExpiry)
	// NeverEnrolled is in order already: people by name, then the
	// mandatory columns by name.
	return o
}

// NotApplicable is the cell of a training that is neither mandatory nor
// one the person is enrolled in.
func NotApplicable(e Enrolment) bool { return e.Membership == nil && e.State < 0 }

// sortEntries orders es mandatory first, then by key, person and
// training, with each name lowered once (lists run to many thousands).
func sortEntries(es []Entry, key func(Entry) string) {
	type sortKey struct {
		optional              int
		key, person, training string
	}
	idx := make([]int, len(es))
	ks := make([]sortKey, len(es))
	for i := range es {
		idx[i] = i
		ks[i] = sortKey{btoi(!es[i].Mandatory()), key(es[i]), strings.ToLower(training.PersonSortName(es[i].Person)),
			strings.ToLower(training.TrainingSortName(es[i].Training))}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		x, y := ks[a], ks[b]
		return cmp.Or(cmp.Compare(x.optional, y.optional), cmp.Compare(x.key, y.key), cmp.Compare(x.person, y.person), cmp.Compare(x.training, y.training))
	})
	sorted := make([]Entry, len(es))
	for i, j := range idx {
		sorted[i] = es[j]
	}
	copy(es, sorted)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
