package calendar

import (
	"net/url"
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial"
)

func d(y int, m time.Month, day int) factorial.Date {
	return factorial.Date{Year: y, Month: m, Day: day}
}

func madrid(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		t.Fatal("no time zone data:", err)
	}
	return loc
}

func TestMonthGridStartsOnMondayAndSpansMonths(t *testing.T) {
	tests := []struct {
		name        string
		date        factorial.Date
		first, last factorial.Date
		weeks       int
	}{
		// December 2026 starts on a Tuesday and ends on a Thursday.
		{"december 2026", d(2026, 12, 15), d(2026, 11, 30), d(2027, 1, 3), 5},
		// February 2027 starts on a Monday and has exactly four weeks.
		{"february 2027, four weeks", d(2027, 2, 28), d(2027, 2, 1), d(2027, 2, 28), 4},
		// August 2027 starts on a Sunday: six weeks.
		{"august 2027, six weeks", d(2027, 8, 1), d(2027, 7, 26), d(2027, 9, 5), 6},
		// March 2026 (DST on the 29th) ends on a Tuesday.
		{"march 2026", d(2026, 3, 29), d(2026, 2, 23), d(2026, 4, 5), 6},
		// A leap February: 2028 starts on a Tuesday, ends on Tuesday the 29th.
		{"february 2028, leap", d(2028, 2, 10), d(2028, 1, 31), d(2028, 3, 5), 5},
		{"year boundary", d(2027, 1, 1), d(2026, 12, 28), d(2027, 1, 31), 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := MonthGrid(tt.date)
			if len(g) != tt.weeks {
				t.Fatalf("%d weeks, want %d", len(g), tt.weeks)
			}
			if g[0][0] != tt.first || g[len(g)-1][6] != tt.last {
				t.Errorf("grid %v – %v, want %v – %v", g[0][0], g[len(g)-1][6], tt.first, tt.last)
			}
			prev := g[0][0].AddDays(-1)
			for _, w := range g {
				if wd := w[0].In(time.UTC).Weekday(); wd != time.Monday {
					t.Errorf("week starts on %s", wd)
				}
				for _, day := range w {
					if day != prev.AddDays(1) {
						t.Errorf("%v follows %v", day, prev)
					}
					prev = day
				}
			}
			if first, last := (State{View: Month, Date: tt.date}).Range(); first != tt.first || last != tt.last {
				t.Errorf("range %v – %v", first, last)
			}
		})
	}
}

func TestWeekAndAgendaRanges(t *testing.T) {
	tests := []struct {
		name        string
		s           State
		first, last factorial.Date
	}{
		{"a wednesday", State{View: Week, Date: d(2026, 12, 2)}, d(2026, 11, 30), d(2026, 12, 6)},
		{"a sunday belongs to the week before", State{View: Week, Date: d(2026, 12, 6)}, d(2026, 11, 30), d(2026, 12, 6)},
		{"a monday", State{View: Week, Date: d(2026, 12, 7)}, d(2026, 12, 7), d(2026, 12, 13)},
		{"across the year", State{View: Week, Date: d(2027, 1, 1)}, d(2026, 12, 28), d(2027, 1, 3)},
		{"agenda: four weeks from the monday", State{View: Agenda, Date: d(2026, 12, 2)}, d(2026, 11, 30), d(2026, 12, 27)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first, last := tt.s.Range()
			if first != tt.first || last != tt.last {
				t.Errorf("%v – %v, want %v – %v", first, last, tt.first, tt.last)
			}
		})
	}
}

// The weeks of the daylight-saving changes in Madrid: Sunday 29 March 2026
// (02:00 → 03:00) and Sunday 25 October 2026 (03:00 → 02:00). The week is
// seven calendar days starting and ending at local midnight, 167 and 169
// hours long, and a session at 16:00 local stays at 16:00 on every day.
func TestDaylightSavingWeeksInMadrid(t *testing.T) {
	loc := madrid(t)
	tests := []struct {
		name  string
		date  factorial.Date
		hours float64
	}{
		{"spring forward", d(2026, 3, 26), 167},
		{"fall back", d(2026, 10, 25), 169},
		{"an ordinary week", d(2026, 11, 4), 168},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first, last := State{View: Week, Date: tt.date}.Range()
			start, end := Bounds(first, last, loc)
			if h := end.Sub(start).Hours(); h != tt.hours {
				t.Errorf("week is %v hours, want %v", h, tt.hours)
			}
			if start.Hour() != 0 || end.Hour() != 0 || start.Weekday() != time.Monday || end.Weekday() != time.Monday {
				t.Errorf("bounds %v – %v are not Monday midnights", start, end)
			}
			days := Days(first, last)
			if len(days) != 7 {
				t.Fatalf("%d days", len(days))
			}
			for _, day := range days {
				at := time.Date(day.Year, day.Month, day.Day, 16, 0, 0, 0, loc)
				if got := DayOf(at.UTC(), loc); got != day {
					t.Errorf("16:00 on %v falls on %v", day, got)
				}
				if at.Before(start) || !at.Before(end) {
					t.Errorf("16:00 on %v is outside the week", day)
				}
			}
		})
	}
}

// A weekly series at 16:00 Madrid time across the October change: UTC
// moves from 14:00 to 15:00, the local day and hour do not.
func TestSeriesAcrossTheDaylightSavingChange(t *testing.T) {
	loc := madrid(t)
	first := time.Date(2026, 10, 14, 16, 0, 0, 0, loc)
	for w := range 4 {
		day := d(2026, 10, 14).AddDays(7 * w)
		at := time.Date(day.Year, day.Month, day.Day, 16, 0, 0, 0, loc)
		wantUTC := 14
		if !day.Before(d(2026, 10, 25)) {
			wantUTC = 15
		}
		if at.UTC().Hour() != wantUTC {
			t.Errorf("week %d: %v is %02d:00 UTC, want %02d:00", w, day, at.UTC().Hour(), wantUTC)
		}
		if DayOf(at, loc) != day || at.In(loc).Hour() != 16 || at.Weekday() != first.Weekday() {
			t.Errorf("week %d: %v", w, at)
		}
		// The session's day in the grid of its month is found by date, not by
		// counting 24-hour steps from the grid's start.
		grid := MonthGrid(day)
		found := false
		for _, wk := range grid {
			for _, gd := range wk {
				found = found || gd == DayOf(at, loc)
			}
		}
		if !found {
			t.Errorf("week %d: %v not in its month's grid", w, day)
		}
	}
	// A session late on the last Saturday before the change is on Saturday in
	// Madrid even though it is already Sunday in UTC+0 terms of the next day.
	late := time.Date(2026, 10, 24, 23, 30, 0, 0, loc)
	if got := DayOf(late.UTC(), loc); got != d(2026, 10, 24) {
		t.Errorf("23:30 on Saturday is on %v", got)
	}
}

func TestMonthBoundsAcrossDaylightSaving(t *testing.T) {
	loc := madrid(t)
	first, last := State{View: Month, Date: d(2026, 3, 1)}.Range()
	start, end := Bounds(first, last, loc)
	if start != time.Date(2026, 2, 23, 0, 0, 0, 0, loc) || end != time.Date(2026, 4, 6, 0, 0, 0, 0, loc) {
		t.Errorf("bounds %v – %v", start, end)
	}
	if h := end.Sub(start).Hours(); h != 42*24-1 {
		t.Errorf("%v hours", h)
	}
}

func TestMoveByPeriod(t *testing.T) {
	tests := []struct {
		name       string
		s          State
		prev, next factorial.Date
	}{
		{"month from the 31st", State{View: Month, Date: d(2026, 3, 31)}, d(2026, 2, 1), d(2026, 4, 1)},
		{"month across the year", State{View: Month, Date: d(2026, 12, 2)}, d(2026, 11, 1), d(2027, 1, 1)},
		{"week across the DST change", State{View: Week, Date: d(2026, 10, 28)}, d(2026, 10, 19), d(2026, 11, 2)},
		{"week across the year", State{View: Week, Date: d(2026, 12, 30)}, d(2026, 12, 21), d(2027, 1, 4)},
		{"agenda by four weeks", State{View: Agenda, Date: d(2026, 12, 2)}, d(2026, 11, 2), d(2026, 12, 28)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.s.Filters = Filters{Training: 7, Mine: true}
			p, n := tt.s.Prev(), tt.s.Next()
			if p.Date != tt.prev || n.Date != tt.next {
				t.Errorf("prev %v next %v, want %v %v", p.Date, n.Date, tt.prev, tt.next)
			}
			if p.View != tt.s.View || n.Filters != tt.s.Filters {
				t.Errorf("moving changed the view or filters: %+v %+v", p, n)
			}
			if back := n.Prev(); tt.s.View != Month && back.Date != Monday(tt.s.Date) {
				t.Errorf("next then prev: %v", back.Date)
			}
		})
	}
	today := d(2026, 12, 2)
	if s := (State{View: Week, Date: d(2025, 1, 1), Filters: Filters{Mine: true}}).On(today); s.Date != today || s.View != Week || !s.Filters.Mine {
		t.Errorf("today: %+v", s)
	}
}

func TestParseFallsBackToTodaysMonth(t *testing.T) {
	today := d(2026, 12, 2)
	tests := []struct {
		query string
		want  State
	}{
		{"", State{View: Month, Date: today}},
		{"view=week&date=2027-01-15", State{View: Week, Date: d(2027, 1, 15)}},
		{"view=agenda", State{View: Agenda, Date: today}},
		{"view=year&date=2027-01-15", State{View: Month, Date: today}},
		{"view=week&date=2027-02-30", State{View: Month, Date: today}},
		{"view=week&date=tomorrow", State{View: Month, Date: today}},
		{"date=99999-01-01", State{View: Month, Date: today}},
		{"view=%00&date=%ff", State{View: Month, Date: today}},
		{"view=week&date=2027-01-15&training=12&group=g-3&modality=online&location=Room+4&mine=1",
			State{View: Week, Date: d(2027, 1, 15), Filters: Filters{Training: 12, Group: "g-3", Modality: factorial.ModalityOnline, Location: "Room 4", Mine: true}}},
		{"view=nonsense&training=12", State{View: Month, Date: today, Filters: Filters{Training: 12}}},
		{"training=-4&modality=teleport&mine=yes", State{View: Month, Date: today}},
		{"mine=on&training=&group=&location=", State{View: Month, Date: today, Filters: Filters{Mine: true}}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, _ := url.ParseQuery(tt.query)
			if got := Parse(q, today); got != tt.want {
				t.Errorf("%+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestQueryRoundTrips(t *testing.T) {
	today := d(2026, 12, 2)
	s := State{View: Agenda, Date: d(2027, 3, 28), Filters: Filters{Training: 3, Group: "9", Modality: factorial.ModalityMixed, Location: "Sala, 2; \"B\"", Mine: true}}
	q, err := url.ParseQuery(s.Query(today).Encode())
	if err != nil {
		t.Fatal(err)
	}
	if got := Parse(q, today); got != s {
		t.Errorf("%+v, want %+v", got, s)
	}
	if got := (State{View: Month, Date: today}).Query(today).Encode(); got != "" {
		t.Errorf("today's month without filters encodes as %q", got)
	}
	if got := (State{View: Week, Date: today, Filters: Filters{Mine: true}}).Query(today).Encode(); got != "mine=1&view=week" {
		t.Errorf("this week, mine: %q", got)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("view=week&date=2026-10-25&training=1")
	f.Add("view=month&date=0000-00-00")
	f.Fuzz(func(t *testing.T, raw string) {
		q, _ := url.ParseQuery(raw)
		s := Parse(q, d(2026, 12, 2))
		first, last := s.Range()
		if last.Before(first) || len(Days(first, last)) > 42 {
			t.Fatalf("%q: range %v – %v", raw, first, last)
		}
		if again := Parse(s.Query(d(2026, 12, 2)), d(2026, 12, 2)); again != s {
			t.Fatalf("%q: %+v then %+v", raw, s, again)
		}
	})
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name        string
		first, last factorial.Date
		n, parts    int
		per         int // days in each run but the last
	}{
		{"a month's grid, a week each", d(2026, 9, 28), d(2026, 11, 1), 6, 5, 7},
		{"six weeks", d(2026, 7, 27), d(2026, 9, 6), 6, 6, 7},
		{"a week", d(2026, 10, 26), d(2026, 11, 1), 6, 1, 7},
		{"a feed's year, in six", d(2026, 9, 27), d(2027, 10, 29), 6, 6, 70},
		{"three days", d(2026, 10, 26), d(2026, 10, 28), 6, 1, 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Split(tt.first, tt.last, tt.n)
			if len(got) != tt.parts {
				t.Fatalf("%d runs, want %d: %v", len(got), tt.parts, got)
			}
			if got[0][0] != tt.first || got[len(got)-1][1] != tt.last {
				t.Errorf("runs %v do not cover %v – %v", got, tt.first, tt.last)
			}
			for i, r := range got {
				if i > 0 && r[0] != got[i-1][1].AddDays(1) {
					t.Errorf("run %d starts on %v after %v", i, r[0], got[i-1][1])
				}
				if i < len(got)-1 && len(Days(r[0], r[1])) != tt.per {
					t.Errorf("run %d has %d days", i, len(Days(r[0], r[1])))
				}
			}
		})
	}
}
