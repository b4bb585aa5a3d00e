package schedule

import (
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/i18n"
)

var madrid, _ = time.LoadLocation("Europe/Madrid")

func day(s string) factorial.Date {
	d, err := factorial.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// A weekly series keeps its wall-clock time on both sides of Madrid's
// daylight-saving changes: the last Sunday of March (UTC+1 → +2) and of
// October (+2 → +1).
func TestSeriesAcrossDSTKeepsTheWallClock(t *testing.T) {
	for _, tc := range []struct {
		name, first, until string
		weekday            time.Weekday
		wantDays           []string
		wantUTC            []int
	}{
		{"October", "2026-10-20", "2026-11-03", time.Monday, []string{"2026-10-26", "2026-11-02"}, []int{8, 8}},
		{"October, Saturday then Sunday of the change", "2026-10-24", "2026-10-31", time.Saturday, []string{"2026-10-24", "2026-10-31"}, []int{7, 8}},
		{"March", "2026-03-23", "2026-04-06", time.Monday, []string{"2026-03-23", "2026-03-30", "2026-04-06"}, []int{8, 7, 7}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := Parse(Input{Name: "x", Schedule: "scheduled", Modality: "inperson", Date: tc.first, Start: "09:00", End: "10:30",
				Repeat: true, Weekday: string(rune('0' + tc.weekday)), Until: tc.until}, true, i18n.English)
			if !f.Valid() {
				t.Fatalf("errors: %v", f.Errors)
			}
			occ := f.Values.Occurrences(madrid)
			if len(occ) != len(tc.wantDays) {
				t.Fatalf("%d sessions, want %d", len(occ), len(tc.wantDays))
			}
			for i, o := range occ {
				if got := o.Starts.In(madrid).Format("2006-01-02 15:04"); got != tc.wantDays[i]+" 09:00" {
					t.Errorf("session %d at %s", i, got)
				}
				if o.Ends.Sub(o.Starts) != 90*time.Minute || o.Starts.UTC().Hour() != tc.wantUTC[i] {
					t.Errorf("session %d: %s UTC, %v long", i, o.Starts.UTC(), o.Ends.Sub(o.Starts))
				}
				r := f.Values.Request(1, "g", o)
				if r.Duration == nil || r.Duration.Hours != 1 || r.Duration.Minutes != 30 || r.Recurrent == nil || !*r.Recurrent {
					t.Errorf("request %d: duration %+v recurrent %v", i, r.Duration, r.Recurrent)
				}
			}
		})
	}
}

func sess(id factorial.ID, name string, start time.Time, parent *factorial.ID) factorial.Session {
	cid := factorial.ClassID("g1")
	return factorial.Session{ID: id, Name: name, TrainingClassID: &cid, StartsAt: &start, EndsAt: factorial.Time(start.Add(time.Hour)), ParentID: parent}
}

// A series is recognised by Factorial's parent link, or as Aula creates
// one: same group, name, weekday and times; "the following ones" start
// later.
func TestFollowingOnesOfASeries(t *testing.T) {
	mon := func(d string, h int) time.Time {
		x := day(d)
		return time.Date(x.Year, x.Month, x.Day, h, 0, 0, 0, madrid)
	}
	p := factorial.ID(1)
	group := []factorial.Session{
		sess(1, "Parented", mon("2026-11-02", 9), nil),
		sess(2, "Parented", mon("2026-11-04", 15), &p), // another weekday, linked by Factorial
		sess(3, "Weekly", mon("2026-11-02", 9), nil),
		sess(4, "Weekly", mon("2026-11-09", 9), nil),
		sess(5, "Weekly", mon("2026-11-16", 10), nil), // another time: not of the series
		sess(6, "Weekly", mon("2026-11-23", 9), nil),
		sess(7, "Other", mon("2026-11-30", 9), nil),
	}
	ids := func(xs []factorial.Session) []factorial.ID {
		var out []factorial.ID
		for _, x := range xs {
			out = append(out, x.ID)
		}
		return out
	}
	for _, tc := range []struct {
		from factorial.Session
		want []factorial.ID
	}{
		{group[0], []factorial.ID{1, 2}},
		{group[2], []factorial.ID{3, 4, 6}},
		{group[3], []factorial.ID{4, 6}},
		{group[6], []factorial.ID{7}},
	} {
		if got := ids(Following(tc.from, group, madrid)); !equal(got, tc.want) {
			t.Errorf("following %d: %v, want %v", tc.from.ID, got, tc.want)
		}
	}
}

func equal(a, b []factorial.ID) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Overlaps are half-open (one ending at 11:00 does not clash with one at
// 11:00), places compare as typed (case and spaces aside), and the sessions
// being saved are skipped.
func TestOverlappingSessions(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 12, 14, h, m, 0, 0, madrid) }
	occ := []Occurrence{{Starts: at(9, 0), Ends: at(11, 0), HasTimes: true}}
	loc := func(s string) *string { return &s }
	others := []factorial.Session{
		{ID: 1, StartsAt: factorial.Time(at(10, 0)), EndsAt: factorial.Time(at(12, 0)), Location: loc("  aula   ROOM ")},
		{ID: 2, StartsAt: factorial.Time(at(11, 0)), EndsAt: factorial.Time(at(12, 0)), Location: loc("Aula room")},
		{ID: 3, StartsAt: factorial.Time(at(8, 0)), EndsAt: factorial.Time(at(9, 30)), Location: loc("Roof")},
		{ID: 4, StartsAt: factorial.Time(at(9, 0)), EndsAt: factorial.Time(at(10, 0)), Location: loc("Aula room")},
		{ID: 5, DueDate: &factorial.Date{Year: 2026, Month: 12, Day: 14}},
	}
	got := Overlapping(occ, "Aula room", others, map[factorial.ID]bool{4: true})
	if len(got) != 2 || got[0].Session.ID != 3 || got[0].SameLocation || got[1].Session.ID != 1 || !got[1].SameLocation {
		t.Fatalf("clashes %+v", got)
	}
	if SamePlace("", "") {
		t.Error("two sessions without a place are not in the same place")
	}
}

// An edit of the following ones keeps each session's own day, at the
// form's times.
func TestMovedKeepsEachDay(t *testing.T) {
	s := sess(1, "W", time.Date(2026, 11, 2, 9, 0, 0, 0, madrid), nil)
	x := sess(2, "W", time.Date(2026, 11, 9, 9, 0, 0, 0, madrid), nil)
	v := Values{Schedule: factorial.ScheduleScheduled, Date: day("2026-11-02"), Start: Clock{10, 0}, End: Clock{12, 30}}
	o := Moved(s, x, v, madrid)
	if got := o.Starts.In(madrid).Format("2006-01-02 15:04"); got != "2026-11-09 10:00" || o.Ends.Sub(o.Starts) != 150*time.Minute {
		t.Errorf("moved to %s", got)
	}
}

// FuzzParse: any input is a form, valid or with errors, never a panic; a
// valid scheduled form ends after it starts, on the same day.
func FuzzParse(f *testing.F) {
	f.Add("n", "scheduled", "inperson", "2026-10-25", "09:00", "11:00", "", true, "0", "2027-01-01")
	f.Add("n", "selfpaced", "online", "", "", "", "2026-12-01", false, "", "")
	f.Fuzz(func(t *testing.T, name, sched, mod, date, start, end, due string, repeat bool, wd, until string) {
		fm := Parse(Input{Name: name, Schedule: sched, Modality: mod, Date: date, Start: start, End: end, DueDate: due, Repeat: repeat, Weekday: wd, Until: until}, true, i18n.Spanish)
		if !fm.Valid() {
			return
		}
		occ := fm.Values.Occurrences(madrid)
		if len(occ) == 0 || len(occ) > MaxSeries {
			t.Fatalf("%d occurrences", len(occ))
		}
		for _, o := range occ {
			if o.HasTimes && (!o.Ends.After(o.Starts) || factorial.DateOf(o.Starts) != factorial.DateOf(o.Ends)) {
				t.Fatalf("%v – %v", o.Starts, o.Ends)
			}
		}
	})
}
