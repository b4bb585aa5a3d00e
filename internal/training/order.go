package training

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/i18n"
)

// SessionsInOrder puts sessions in the order they happen and their times on
// the company's clock (loc), whatever offset Factorial wrote them with. A
// self-paced session counts on its due date; sessions without either come last.
func SessionsInOrder(sessions []factorial.Session, loc *time.Location) {
	for i := range sessions {
		for _, t := range []**time.Time{&sessions[i].StartsAt, &sessions[i].EndsAt} {
			if *t != nil {
				local := (*t).In(loc)
				*t = &local
			}
		}
	}
	when := func(s factorial.Session) (time.Time, bool) {
		switch {
		case s.StartsAt != nil:
			return *s.StartsAt, true
		case s.DueDate != nil:
			return s.DueDate.In(loc), true
		}
		return time.Time{}, false
	}
	slices.SortStableFunc(sessions, func(a, b factorial.Session) int {
		ta, oka := when(a)
		tb, okb := when(b)
		if oka != okb {
			return presentFirst(oka, okb)
		}
		return ta.Compare(tb)
	})
}

// GroupsInOrder puts groups in the order of their first day, undated ones
// last, as HR plans them, whatever order they were created in.
func GroupsInOrder(classes []factorial.TrainingClass) {
	slices.SortStableFunc(classes, func(a, b factorial.TrainingClass) int {
		switch {
		case a.StartDate == nil || b.StartDate == nil:
			return presentFirst(a.StartDate != nil, b.StartDate != nil)
		case a.StartDate.Before(*b.StartDate):
			return -1
		case b.StartDate.Before(*a.StartDate):
			return 1
		}
		return 0
	})
}

// presentFirst orders what has a value (true) before what has none.
func presentFirst(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}

// GroupLabel names a group (training class) for people in the language of
// ctx: its name, else its first day ("Group from 2 Mar 2026", "Grupo del 2
// mar. 2026"), else "Group without dates".
func GroupLabel(ctx context.Context, c factorial.TrainingClass) string {
	if n := strings.TrimSpace(c.Name); n != "" {
		return n
	}
	l := i18n.From(ctx)
	if c.StartDate != nil && !c.StartDate.IsZero() {
		return l.T("Group from %s", l.MediumDate(c.StartDate.In(time.UTC)))
	}
	return l.T("Group without dates")
}
