package app

import (
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
)

// Demo data is planned in the company's time zone: the weekly series meets
// at 16:00 there, one meeting is on the company's today, whatever the hour
// in UTC (Kiritimati is 14 hours ahead of UTC, so its today is UTC's
// tomorrow for most of the day).
func TestDemoSandboxPlansInTheCompanyTimeZone(t *testing.T) {
	loc, err := time.LoadLocation("Pacific/Kiritimati")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	st := newDemoSandbox("", loc, sandbox.DefaultSettings()).(*sandbox.Sandbox).Snapshot()
	today := time.Now().In(loc).Format(time.DateOnly)
	parents := map[factorial.ID]bool{}
	for _, s := range st.Sessions {
		if s.ParentID != nil {
			parents[*s.ParentID] = true
		}
	}
	var series, onToday int
	for _, s := range st.Sessions {
		if s.ParentID == nil && !parents[s.ID] || s.StartsAt == nil {
			continue
		}
		series++
		start := s.StartsAt.In(loc)
		if start.Hour() != 16 {
			t.Errorf("session %d of the weekly series starts at %s in the company's zone, want 16:00", s.ID, start.Format("15:04"))
		}
		if start.Format(time.DateOnly) == today {
			onToday++
		}
	}
	if series == 0 || onToday != 1 {
		t.Errorf("%d weekly meetings, %d on the company's today (%s); want one today", series, onToday, today)
	}
}
