package schedule

import (
	"slices"
	"strings"
	"time"

	"github.com/aula-hr/aula/factorial"
)

// Factorial's API writes no recurrence rule: a session has a read-only
// parent_id ("the recurrent session that is parent of the current one") and
// a create takes only recurrent: true. So Aula creates a weekly series one
// session at a time, each marked recurrent, in the same group, with the same
// name, weekday and wall-clock times; and it recognises a series by either
// link: the parent_id Factorial sets, or that likeness.

// root is the session a session's series hangs from in Factorial.
func root(s factorial.Session) factorial.ID {
	if s.ParentID != nil {
		return *s.ParentID
	}
	return s.ID
}

// sameSeries: x and s are of one series, by Factorial's parent link or as
// Aula creates them (same group and name, same weekday and times in loc).
func sameSeries(s, x factorial.Session, loc *time.Location) bool {
	if s.ParentID != nil || x.ParentID != nil {
		if root(s) == root(x) {
			return true
		}
	}
	if s.StartsAt == nil || x.StartsAt == nil || s.EndsAt == nil || x.EndsAt == nil {
		return false
	}
	if s.TrainingClassID == nil || x.TrainingClassID == nil || *s.TrainingClassID != *x.TrainingClassID ||
		!strings.EqualFold(strings.TrimSpace(s.Name), strings.TrimSpace(x.Name)) {
		return false
	}
	a, b := s.StartsAt.In(loc), x.StartsAt.In(loc)
	return a.Weekday() == b.Weekday() && ClockOf(a, loc) == ClockOf(b, loc) && ClockOf(*s.EndsAt, loc) == ClockOf(*x.EndsAt, loc)
}

// Following is s and the sessions of its series that start after it, among
// group (the sessions of s's group), in the order they start.
func Following(s factorial.Session, group []factorial.Session, loc *time.Location) []factorial.Session {
	out := []factorial.Session{s}
	if s.StartsAt == nil {
		return out
	}
	for _, x := range group {
		if x.ID != s.ID && x.StartsAt != nil && x.StartsAt.After(*s.StartsAt) && sameSeries(s, x, loc) {
			out = append(out, x)
		}
	}
	slices.SortFunc(out, func(a, b factorial.Session) int { return a.StartsAt.Compare(*b.StartsAt) })
	return out
}

// Moved is x saved with the form's values when the edit of s reaches it: its
// own day shifted by as many days as s's day moved, at the form's times.
func Moved(s, x factorial.Session, v Values, loc *time.Location) Occurrence {
	if v.Schedule != factorial.ScheduleScheduled {
		return Occurrence{}
	}
	shift := 0
	if s.StartsAt != nil {
		from := factorial.DateOf(s.StartsAt.In(loc))
		shift = int(v.Date.In(time.UTC).Sub(from.In(time.UTC)) / (24 * time.Hour))
	}
	day := v.Date
	if x.ID != s.ID && x.StartsAt != nil {
		day = factorial.DateOf(x.StartsAt.In(loc)).AddDays(shift)
	}
	return Occurrence{Day: day, Starts: v.Start.On(day, loc), Ends: v.End.On(day, loc), HasTimes: true}
}
