package training

import "github.com/aula-hr/aula/factorial"

// State is where one person stands with one training on a given day.
type State int

// Membership states. Expiring is a completion still valid, but not for
// long; an Expired completion no longer counts as Completed.
const (
	NotStarted State = iota
	InProgress
	Completed
	Expiring
	Expired
	Overdue
)

// ExpiringDays is how far ahead a completion about to expire is flagged.
const ExpiringDays = 60

var stateLabels = map[State]string{
	NotStarted: "Not started", InProgress: "In progress", Completed: "Completed",
	Expiring: "Expiring soon", Expired: "Expired", Overdue: "Overdue",
}

// Label is the state as people read it.
func (s State) Label() string { return stateLabels[s] }

// Valid reports whether the person holds a completion that counts today.
func (s State) Valid() bool { return s == Completed || s == Expiring }

// Expires is the last day m's completion counts, from the training's
// valid_for (years), or nil when it never expires or is not completed.
func Expires(m factorial.TrainingMembership, validFor *int) *factorial.Date {
	if m.TrainingCompletedAt == nil || validFor == nil || *validFor <= 0 {
		return nil
	}
	d := m.TrainingCompletedAt.AddYears(*validFor).AddDays(-1)
	return &d
}

// StateOn is m's state on today: a completion expires valid_for years after
// its date (nil: never); one that expires within within days is Expiring. A
// membership not completed is Overdue after its due date, else InProgress
// once started, else NotStarted.
func StateOn(m factorial.TrainingMembership, validFor *int, today factorial.Date, within int) State {
	if m.TrainingCompletedAt != nil {
		exp := Expires(m, validFor)
		switch {
		case exp == nil:
			return Completed
		case exp.Before(today):
			return Expired
		case !exp.After(today.AddDays(within)):
			return Expiring
		}
		return Completed
	}
	switch {
	case m.Status == factorial.Completed:
		return Completed // Factorial's status without a date: never overdue, never expires
	case IsOverdue(m, today):
		return Overdue
	case m.Status == factorial.Started || m.Status == factorial.PartiallyCompleted:
		return InProgress
	}
	return NotStarted
}

// IsOverdue reports whether m is not completed (no completion date, and
// not Factorial's status completed) and its due date has passed by today
// (in the company's time zone). A zero today knows no day: false.
func IsOverdue(m factorial.TrainingMembership, today factorial.Date) bool {
	return !today.IsZero() && m.TrainingCompletedAt == nil && m.Status != factorial.Completed && m.TrainingDueDate != nil &&
		!m.TrainingDueDate.IsZero() && m.TrainingDueDate.Before(today)
}

// States lists every state in the order a filter offers them.
var States = []State{NotStarted, InProgress, Completed, Expiring, Expired, Overdue}

var stateKeys = map[State]string{
	NotStarted: "not-started", InProgress: "in-progress", Completed: "completed",
	Expiring: "expiring", Expired: "expired", Overdue: "overdue",
}

// Key is the state in a URL: "not-started", "expired".
func (s State) Key() string { return stateKeys[s] }

// ParseState reads a Key; false for anything else.
func ParseState(key string) (State, bool) {
	for s, k := range stateKeys {
		if k == key {
			return s, true
		}
	}
	return 0, false
}
