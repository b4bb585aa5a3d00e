package schedule

import (
	"slices"
	"strings"
	"time"

	"github.com/aula-hr/aula/factorial"
)

// Clash is another session that overlaps one being scheduled: in the same
// place, or with some of the same people invited (named). Clashes warn;
// they never stop a save.
type Clash struct {
	Session      factorial.Session
	When         Occurrence // the session being scheduled that it overlaps
	SameLocation bool
	People       []string // invited to both, by name
}

// overlaps: [a0, a1) and [b0, b1) share some time.
func overlaps(a0, a1, b0, b1 time.Time) bool { return a0.Before(b1) && b0.Before(a1) }

// SamePlace compares two locations as people type them.
func SamePlace(a, b string) bool {
	a, b = strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " ")
	return a != "" && strings.EqualFold(a, b)
}

// Overlapping pairs each of others that overlaps one of occ (the first it
// overlaps), skipping the sessions in skip (those being saved themselves).
// location marks the clashes in the same place.
func Overlapping(occ []Occurrence, location string, others []factorial.Session, skip map[factorial.ID]bool) []Clash {
	var out []Clash
	for _, x := range others {
		if skip[x.ID] || x.StartsAt == nil || x.EndsAt == nil {
			continue
		}
		for _, o := range occ {
			if o.HasTimes && overlaps(o.Starts, o.Ends, *x.StartsAt, *x.EndsAt) {
				out = append(out, Clash{Session: x, When: o, SameLocation: x.Location != nil && SamePlace(location, *x.Location)})
				break
			}
		}
	}
	slices.SortFunc(out, func(a, b Clash) int { return a.Session.StartsAt.Compare(*b.Session.StartsAt) })
	return out
}

// Range is the span the occurrences cover, to read the sessions that may
// overlap them in one list.
func Range(occ []Occurrence) (from, to time.Time, ok bool) {
	for _, o := range occ {
		if !o.HasTimes {
			continue
		}
		if !ok || o.Starts.Before(from) {
			from = o.Starts
		}
		if !ok || o.Ends.After(to) {
			to = o.Ends
		}
		ok = true
	}
	return from, to, ok
}

// Named are the people of invited who are among people (employee ids), by
// name, sorted.
func Named(invited []factorial.SessionAccessMembership, people map[factorial.ID]string) []string {
	var out []string
	for _, a := range invited {
		if a.EmployeeID == nil {
			continue
		}
		if name, ok := people[*a.EmployeeID]; ok {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
