package training

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/i18n"
)

// PersonName is e's name as Factorial has it or, when e is nil or has no
// name (Factorial no longer returns the person: deleted, or out of the
// reader's sight), "A former employee" in the language of ctx: never an
// id, which means nothing to a person.
func PersonName(ctx context.Context, e *factorial.Employee) string {
	return cmp.Or(PersonSortName(e), i18n.T(ctx, "A former employee"))
}

// TrainingName is t's name or, when t is nil or unnamed, "A deleted
// training" in the language of ctx.
func TrainingName(ctx context.Context, t *factorial.Training) string {
	return cmp.Or(TrainingSortName(t), i18n.T(ctx, "A deleted training"))
}

// PersonSortName is the name lists of people are ordered by: e's name as
// Factorial has it, "" when it has none. The order is then the same in every
// language (a person without a name first, where "A former employee" sorted
// in English), so a page of a long list holds the same people whatever
// language it is read in.
func PersonSortName(e *factorial.Employee) string {
	if e == nil {
		return ""
	}
	return cmp.Or(strings.TrimSpace(e.FullName), strings.TrimSpace(e.FirstName+" "+e.LastName))
}

// TrainingSortName is t's name, "" when t is nil or unnamed: what lists of
// trainings are ordered by (see PersonSortName).
func TrainingSortName(t *factorial.Training) string {
	if t == nil {
		return ""
	}
	return strings.TrimSpace(t.Name)
}

// Participant is one enrolment with the person it enrols, as every screen
// listing people of a training shows it.
type Participant struct {
	Membership factorial.TrainingMembership
	Employee   *factorial.Employee // nil when Factorial did not return the person
}

// Name is the person's display name in the language of ctx (PersonName).
func (p Participant) Name(ctx context.Context) string { return PersonName(ctx, p.Employee) }

// Email is the person's email, or "".
func (p Participant) Email() string {
	if p.Employee == nil || p.Employee.Email == nil {
		return ""
	}
	return *p.Employee.Email
}

// Participants joins memberships with their employees, ordered by name
// (PersonSortName).
func Participants(ms []factorial.TrainingMembership, people map[factorial.ID]*factorial.Employee) []Participant {
	ps := make([]Participant, len(ms))
	for i, m := range ms {
		ps[i] = Participant{Membership: m, Employee: people[m.EmployeeID]}
	}
	SortByName(ps, func(p Participant) string { return PersonSortName(p.Employee) })
	return ps
}

// SortByName orders xs by name, ignoring case, keeping ties in place.
func SortByName[T any](xs []T, name func(T) string) {
	slices.SortStableFunc(xs, func(a, b T) int { return CompareNames(name(a), name(b)) })
}

// CompareNames orders names as people look them up: ignoring case.
func CompareNames(a, b string) int { return cmp.Compare(strings.ToLower(a), strings.ToLower(b)) }

// Reports are the direct and indirect reports of manager (their manager
// chain leads to manager), by name (PersonSortName).
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
		return CompareNames(PersonSortName(&a), PersonSortName(&b))
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
