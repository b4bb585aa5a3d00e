package review

import (
	"cmp"
	"slices"
	"time"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/training"
)

// FundaeThreshold is the share of a subsidised (FUNDAE) group's sessions a
// participant must attend for the training to be subsidised: 75 %.
const FundaeThreshold = 0.75

// GroupAttendance is a group's attendance: its completed attendances of
// all its attendances (completed_attendances_count / total_attendances_count).
func GroupAttendance(c factorial.TrainingClass) Rate {
	return Rate{Done: c.CompletedAttendancesCount, Of: c.TotalAttendancesCount}
}

// Share is one participant's attendance across the sessions of a group.
type Share struct {
	Attended int // sessions the person attended (attendance completed)
	Held     int // sessions of the group held so far
	Sessions int // all sessions of the group
}

// Ratio is the attendance share: sessions attended of all the group's
// sessions; 0 for a group without sessions.
func (s Share) Ratio() float64 { return Rate{s.Attended, s.Sessions}.Ratio() }

// Below reports whether the person has attended fewer than threshold of
// the sessions held so far.
func (s Share) Below(threshold float64) bool {
	return s.Held > 0 && float64(s.Attended) < threshold*float64(s.Held)
}

// CannotReach reports whether, attending every session left, the person
// would still end below threshold of the group's sessions.
func (s Share) CannotReach(threshold float64) bool {
	return s.Sessions > 0 && float64(s.Attended+s.Sessions-s.Held) < threshold*float64(s.Sessions)
}

// Held reports whether a session has taken place by now: a scheduled one
// once it starts, a self-paced one once its due date has passed; a session
// without either has not.
func Held(s factorial.Session, now time.Time, today factorial.Date) bool {
	switch {
	case s.StartsAt != nil:
		return !s.StartsAt.After(now)
	case s.DueDate != nil:
		return s.DueDate.Before(today)
	}
	return false
}

// Shares are the attendance shares of a group's participants, by employee:
// attendances lists, per session of sessions (same order), who attended.
func Shares(sessions []factorial.Session, attendances [][]factorial.SessionAttendance, now time.Time, today factorial.Date) map[factorial.ID]Share {
	held := 0
	for _, s := range sessions {
		if Held(s, now, today) {
			held++
		}
	}
	out := map[factorial.ID]Share{}
	for i := range sessions {
		for _, a := range attendances[i] {
			if a.EmployeeID == nil {
				continue
			}
			sh := out[*a.EmployeeID]
			sh.Held, sh.Sessions = held, len(sessions)
			if a.Status == factorial.AttendanceCompleted {
				sh.Attended++
			}
			out[*a.EmployeeID] = sh
		}
	}
	return out
}

// StatusMix counts enrolments by their state on today.
func StatusMix(ms []factorial.TrainingMembership, t *factorial.Training, today factorial.Date, within int) map[training.State]int {
	out := map[training.State]int{}
	for _, m := range ms {
		out[StateOf(m, t, today, within).State]++
	}
	return out
}

// CompletionsPerMonth counts the completions dated in year, by month
// (index 0 is January). A completion without a date is in no month.
func CompletionsPerMonth(ms []factorial.TrainingMembership, year int) [12]int {
	var out [12]int
	for _, m := range ms {
		if d := m.TrainingCompletedAt; d != nil && d.Year == year {
			out[d.Month-1]++
		}
	}
	return out
}

// TrainingRate is a training's completion rate among its enrolments: those
// whose completion counts today of all.
func TrainingRate(ms []factorial.TrainingMembership, t *factorial.Training, today factorial.Date, within int) Rate {
	var r Rate
	for _, m := range ms {
		r.count(StateOf(m, t, today, within))
	}
	return r
}

// Upcoming reports whether a group is still to start: its first day is
// today or later. A group without a first day is not upcoming.
func Upcoming(c factorial.TrainingClass, today factorial.Date) bool {
	return c.StartDate != nil && !c.StartDate.IsZero() && !c.StartDate.Before(today)
}

// DueForRenewal are the enrolments of t among people whose completion
// expires within days (training.Expiring) and who are in no upcoming group
// of t (inUpcoming: the people invited to a session of one), by expiry.
func DueForRenewal(ms []factorial.TrainingMembership, t *factorial.Training, people, inUpcoming map[factorial.ID]bool,
	today factorial.Date, within int) []Enrolment {
	var out []Enrolment
	for _, m := range ms {
		if !people[m.EmployeeID] || inUpcoming[m.EmployeeID] || t == nil || m.TrainingID != t.ID {
			continue
		}
		if e := StateOf(m, t, today, within); e.State == training.Expiring {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b Enrolment) int { return cmp.Compare(a.Expires.String(), b.Expires.String()) })
	return out
}
