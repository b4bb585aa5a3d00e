package training

import (
	"cmp"
	"slices"
	"strings"

	"github.com/aula-hr/aula/factorial"
)

// What a record Factorial no longer returns (deleted, or out of the
// reader's sight) is called: never an id, which means nothing to a person.
const (
	FormerEmployee  = "A former employee"
	DeletedTraining = "A deleted training"
)

// PersonName is e's name as Factorial has it, or FormerEmployee when e is
// nil or has no name.
func PersonName(e *factorial.Employee) string {
	if e == nil {
		return FormerEmployee
	}
	return cmp.Or(strings.TrimSpace(e.FullName), strings.TrimSpace(e.FirstName+" "+e.LastName), FormerEmployee)
}

// TrainingName is t's name, or DeletedTraining when t is nil or unnamed.
func TrainingName(t *factorial.Training) string {
	if t == nil {
		return DeletedTraining
	}
	return cmp.Or(strings.TrimSpace(t.Name), DeletedTraining)
}

// Participant is one enrolment with the person it enrols, as every screen
// listing people of a training shows it.
type Participant struct {
	Membership factorial.TrainingMembership
	Employee   *factorial.Employee // nil when Factorial did not return the person
}

// Name is the person's display name (PersonName).
func (p Participant) Name() string { return PersonName(p.Employee) }

// Email is the person's email, or "".
func (p Participant) Email() string {
	if p.Employee == nil || p.Employee.Email == nil {
		return ""
	}
	return *p.Employee.Email
}

// Participants joins memberships with their employees, ordered by name.
func Participants(ms []factorial.TrainingMembership, people map[factorial.ID]*factorial.Employee) []Participant {
	ps := make([]Participant, len(ms))
	for i, m := range ms {
		ps[i] = Participant{Membership: m, Employee: people[m.EmployeeID]}
	}
	SortByName(ps, Participant.Name)
	return ps
}

// SortByName orders xs by name, ignoring case, keeping ties in place.
func SortByName[T any](xs []T, name func(T) string) {
	slices.SortStableFunc(xs, func(a, b T) int { return CompareNames(name(a), name(b)) })
}

// CompareNames orders names as people look them up: ignoring case.
func CompareNames(a, b string) int { return cmp.Compare(strings.ToLower(a), strings.ToLower(b)) }

// Reports are the direct and indirect reports of manager (their manager
// chain leads to manager), by name.
func Reports(all []factorial.Employee, manager factorial.ID) []factorial.Employee {
	byManager := map[factorial.ID][]factorial.Employee{}
	for _, e := range all {
		if e.ManagerID != nil {
			byManager[*e.ManagerID] = append(byManager[*e.ManagerID], e)
		}
	}
	var out []factorial.Employee
	seen := map[factorial.ID]bool{manager: true}
	queue := []factorial.ID{manager}
	for len(queue) > 0 {
		m := queue[0]
		queue = queue[1:]
		for _, e := range byManager[m] {
			if !seen[e.ID] {
				seen[e.ID] = true
				out = append(out, e)
				queue = append(queue, e.ID)
			}
		}
	}
	slices.SortFunc(out, func(a, b factorial.Employee) int {
		return CompareNames(PersonName(&a), PersonName(&b))
	})
	return out
}

// NameMatches reports whether every word of query is in name, ignoring
// case: "ana ru" finds "Ana Ruiz".
func NameMatches(name, query string) bool {
	name = strings.ToLower(name)
	for _, w := range strings.Fields(strings.ToLower(query)) {
		if !strings.Contains(name, w) {
			return false
		}
	}
	return true
}
