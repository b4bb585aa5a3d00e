package review

import (
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/training"
)

func day(s string) factorial.Date {
	d, err := factorial.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func dayp(s string) *factorial.Date { d := day(s); return &d }

func idp(id factorial.ID) *factorial.ID { return &id }

var today = day("2026-12-02")

// The boundaries the issue names, each on crafted data: the state of one
// cell and the list it lands on.
func TestBuildBoundaries(t *testing.T) {
	one := 1
	yearly := &factorial.Training{ID: 1, Name: "Fire safety", IsMandatory: true, ValidFor: &one}
	forever := &factorial.Training{ID: 2, Name: "Data protection", IsMandatory: true} // empty valid_for
	optional := &factorial.Training{ID: 3, Name: "Excel", ValidFor: &one}             // not mandatory
	trainings := map[factorial.ID]*factorial.Training{1: yearly, 2: forever, 3: optional}
	ana := factorial.Employee{ID: 10, FullName: "Ana Ruiz", Active: true}
	for _, tc := range []struct {
		name      string
		m         factorial.TrainingMembership
		window    int
		wantState training.State
		wantList  string // overdue, expiring, expired, never, "" (none)
	}{
		{"due today is not overdue", factorial.TrainingMembership{TrainingID: 1, TrainingDueDate: dayp("2026-12-02")}, 30, training.NotStarted, ""},
		{"due yesterday is overdue", factorial.TrainingMembership{TrainingID: 1, TrainingDueDate: dayp("2026-12-01")}, 30, training.Overdue, "overdue"},
		// valid for a year from 2026-01-02: the last valid day is 2027-01-01, today + 30
		{"expiring in exactly 30 days, window 30", factorial.TrainingMembership{TrainingID: 1, TrainingCompletedAt: dayp("2026-01-02")}, 30, training.Expiring, "expiring"},
		{"expiring in 31 days, window 30", factorial.TrainingMembership{TrainingID: 1, TrainingCompletedAt: dayp("2026-01-03")}, 30, training.Completed, ""},
		{"expiring in 31 days, window 60", factorial.TrainingMembership{TrainingID: 1, TrainingCompletedAt: dayp("2026-01-03")}, 60, training.Expiring, "expiring"},
		{"expired yesterday", factorial.TrainingMembership{TrainingID: 1, TrainingCompletedAt: dayp("2025-12-02")}, 30, training.Expired, "expired"},
		{"empty valid_for never expires", factorial.TrainingMembership{TrainingID: 2, TrainingCompletedAt: dayp("2001-01-01")}, 90, training.Completed, ""},
		{"completed without a date counts, never expires", factorial.TrainingMembership{TrainingID: 1, Status: factorial.Completed}, 90, training.Completed, ""},
		{"status completed without a date, past its due date: completed, not overdue", factorial.TrainingMembership{TrainingID: 1, Status: factorial.Completed, TrainingDueDate: dayp("2026-01-01")}, 90, training.Completed, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.m
			m.EmployeeID = ana.ID
			o := Build(Input{People: []factorial.Employee{ana}, Memberships: []factorial.TrainingMembership{m},
				Trainings: trainings, Mandatory: []factorial.ID{1, 2}, Today: today, Window: tc.window})
			var cell Enrolment
			found := false
			for j, c := range o.Columns {
				if c.ID == m.TrainingID {
					cell, found = o.Rows[0].Cells[j], true
				}
			}
			if !found {
				t.Fatalf("no column for training %d", m.TrainingID)
			}
			if cell.State != tc.wantState {
				t.Errorf("state %s, want %s", cell.State.Label(), tc.wantState.Label())
			}
			lists := map[string][]Entry{"overdue": o.Overdue, "expiring": o.Expiring, "expired": o.Expired}
			for name, l := range lists {
				in := false
				for _, e := range l {
					in = in || e.TrainingID == m.TrainingID
				}
				if in != (name == tc.wantList) {
					t.Errorf("on the %s list: %v, want list %q", name, in, tc.wantList)
				}
			}
			// The other mandatory training is never enrolled: always listed.
			if len(o.NeverEnrolled) != 1 || o.NeverEnrolled[0].TrainingID == m.TrainingID {
				t.Errorf("never enrolled = %+v, want the other mandatory training only", o.NeverEnrolled)
			}
		})
	}
}

// The matrix: mandatory columns first, a not-applicable cell for an
// optional training the person is not in, rates per person and per
// training, and the headline of mandatory gaps.
func TestBuildMatrixRatesAndHeadline(t *testing.T) {
	one := 1
	trainings := map[factorial.ID]*factorial.Training{
		1: {ID: 1, Name: "Zebra safety", IsMandatory: true, ValidFor: &one},
		2: {ID: 2, Name: "Alpha optional"},
		3: {ID: 3, Name: "Beta mandatory", IsMandatory: true},
	}
	ana := factorial.Employee{ID: 10, FullName: "Ana Ruiz", Active: true}
	ben := factorial.Employee{ID: 11, FullName: "Ben Soto", Active: true}
	ms := []factorial.TrainingMembership{
		{EmployeeID: 10, TrainingID: 1, TrainingCompletedAt: dayp("2026-01-10")}, // expiring (window 60)
		{EmployeeID: 10, TrainingID: 2, TrainingCompletedAt: dayp("2026-05-01")}, // complete, optional
		{EmployeeID: 10, TrainingID: 3, TrainingDueDate: dayp("2026-11-01")},     // overdue
		{EmployeeID: 11, TrainingID: 1, TrainingCompletedAt: dayp("2024-05-01")}, // expired
		{EmployeeID: 99, TrainingID: 2, TrainingDueDate: dayp("2026-01-01")},     // someone else: ignored
	}
	o := Build(Input{People: []factorial.Employee{ana, ben}, Memberships: ms, Trainings: trainings,
		Mandatory: []factorial.ID{1, 3}, Today: today, Window: 60})
	var names []string
	for _, c := range o.Columns {
		names = append(names, c.Training.Name)
	}
	if want := []string{"Beta mandatory", "Zebra safety", "Alpha optional"}; !equal(names, want) {
		t.Fatalf("columns %v, want %v", names, want)
	}
	if !NotApplicable(o.Rows[1].Cells[2]) {
		t.Errorf("Ben's optional cell = %+v, want not applicable", o.Rows[1].Cells[2])
	}
	if !o.Rows[1].Cells[0].NeverEnrolled() || NotApplicable(o.Rows[1].Cells[0]) {
		t.Errorf("Ben's mandatory Beta = %+v, want never enrolled", o.Rows[1].Cells[0])
	}
	// Ana: Beta overdue, Zebra expiring (counts), Alpha complete: 2 of 3.
	// Ben: Beta never enrolled, Zebra expired: 0 of 2.
	if r := o.Rows[0].Rate; r != (Rate{2, 3}) {
		t.Errorf("Ana's rate %+v, want 2 of 3", r)
	}
	if r := o.Rows[1].Rate; r != (Rate{0, 2}) {
		t.Errorf("Ben's rate %+v, want 0 of 2", r)
	}
	if r := o.Columns[1].Rate; r != (Rate{1, 2}) {
		t.Errorf("Zebra's rate %+v, want 1 of 2", r)
	}
	if r := o.Columns[2].Rate; r != (Rate{1, 1}) {
		t.Errorf("Alpha's rate %+v, want 1 of 1 (Ben is not expected)", r)
	}
	if h := o.Headline; h != (Headline{Missing: 3, Overdue: 1, Expiring: 1, Expired: 1}) {
		t.Errorf("headline %+v, want 3 missing (Ana's Beta, Ben's Beta and Zebra), 1 overdue, 1 expiring, 1 expired", h)
	}
	for _, l := range [][]Entry{o.Overdue, o.Expiring, o.Expired, o.NeverEnrolled} {
		for _, e := range l {
			if e.Person.ID == 99 {
				t.Error("someone outside the people in view is listed")
			}
		}
	}
	if o.Mix[training.Overdue] != 1 || o.Mix[training.Expiring] != 1 || o.Mix[training.Expired] != 1 || o.Mix[training.Completed] != 1 {
		t.Errorf("status mix %v", o.Mix)
	}
	if p := (Rate{}).Ratio(); p != 0 {
		t.Errorf("an empty rate is %v, want 0", p)
	}
}

// Scope: a manager's direct and indirect reports, terminated people left
// out (their reports kept), someone without a manager only in the company.
func TestScope(t *testing.T) {
	all := []factorial.Employee{
		{ID: 1, FullName: "Boss", Active: true},
		{ID: 2, FullName: "Lead Gone", ManagerID: idp(1), Active: false}, // terminated
		{ID: 3, FullName: "Carla Deep", ManagerID: idp(2), Active: true},
		{ID: 4, FullName: "Alone Nomanager", Active: true},
		{ID: 5, FullName: "Other Team", ManagerID: idp(4), Active: true},
	}
	ids := func(es []factorial.Employee) []factorial.ID {
		var out []factorial.ID
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	if got := ids(Scope(all, 1)); !equal(got, []factorial.ID{3}) {
		t.Errorf("boss's scope %v, want [3]: the terminated lead out, their report kept", got)
	}
	if got := ids(Scope(all, 0)); !equal(got, []factorial.ID{4, 1, 3, 5}) {
		t.Errorf("company scope %v, want everyone active by name", got)
	}
	if got := ids(Scope(all, 3)); len(got) != 0 {
		t.Errorf("a person without reports has %v", got)
	}
	if got := ids(Managers(all)); !equal(got, []factorial.ID{4, 1}) {
		t.Errorf("managers %v, want the active ones others report to", got)
	}
}

func TestParseWindow(t *testing.T) {
	for in, want := range map[string]int{"": training.ExpiringDays, "30": 30, "60": 60, "90": 90} {
		if got, ok := ParseWindow(in); !ok || got != want {
			t.Errorf("ParseWindow(%q) = %d, %v", in, got, ok)
		}
	}
	for _, in := range []string{"45", "-30", "x", "300"} {
		if _, ok := ParseWindow(in); ok {
			t.Errorf("ParseWindow(%q) accepted", in)
		}
	}
}

// FUNDAE: the share against the 75 % threshold, so far and with the
// sessions left.
func TestShares(t *testing.T) {
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	at := func(d int) *time.Time { x := now.AddDate(0, 0, d); return &x }
	sessions := []factorial.Session{{StartsAt: at(-3)}, {StartsAt: at(-2)}, {StartsAt: at(-1)}, {StartsAt: at(1)}}
	att := func(e factorial.ID, st factorial.SessionAttendanceStatus) factorial.SessionAttendance {
		return factorial.SessionAttendance{EmployeeID: &e, Status: st}
	}
	done, absent := factorial.AttendanceCompleted, factorial.AttendanceMissing
	sh := Shares(sessions, [][]factorial.SessionAttendance{
		{att(1, done), att(2, done), att(3, absent)},
		{att(1, done), att(2, absent), att(3, absent)},
		{att(1, done), att(2, done), att(3, done)},
		{att(1, factorial.AttendancePending), att(2, factorial.AttendancePending), att(3, factorial.AttendancePending)},
	}, now, factorial.DateOf(now))
	for _, tc := range []struct {
		who           factorial.ID
		ratio         float64
		below, cannot bool
	}{
		{1, 0.75, false, false}, // 3 of 3 held; 3 of 4 now, 4 of 4 at best
		{2, 0.5, true, false},   // 2 of 3 held is below; 3 of 4 if the last is attended: reachable
		{3, 0.25, true, true},   // 1 of 3: 2 of 4 at best
	} {
		s := sh[tc.who]
		if s.Ratio() != tc.ratio || s.Below(FundaeThreshold) != tc.below || s.CannotReach(FundaeThreshold) != tc.cannot {
			t.Errorf("person %d: %+v ratio %v below %v cannot %v; want %v %v %v", tc.who, s, s.Ratio(),
				s.Below(FundaeThreshold), s.CannotReach(FundaeThreshold), tc.ratio, tc.below, tc.cannot)
		}
	}
	if r := GroupAttendance(factorial.TrainingClass{CompletedAttendancesCount: 3, TotalAttendancesCount: 4}); r.Ratio() != 0.75 {
		t.Errorf("group attendance %v", r.Ratio())
	}
	if !Held(factorial.Session{DueDate: dayp("2026-12-01")}, now, factorial.DateOf(now)) || Held(factorial.Session{}, now, factorial.DateOf(now)) {
		t.Error("Held: a self-paced session past its due date is held; one without dates is not")
	}
}

func TestTrendAndMix(t *testing.T) {
	one := 1
	tr := &factorial.Training{ValidFor: &one}
	ms := []factorial.TrainingMembership{
		{TrainingCompletedAt: dayp("2026-01-31")}, {TrainingCompletedAt: dayp("2026-01-01")},
		{TrainingCompletedAt: dayp("2026-11-30")}, {TrainingCompletedAt: dayp("2025-11-30")},
		{Status: factorial.Completed}, // no date: in no month
		{TrainingDueDate: dayp("2026-01-01")},
	}
	m := CompletionsPerMonth(ms, 2026)
	if m[0] != 2 || m[10] != 1 || m[11] != 0 {
		t.Errorf("per month %v", m)
	}
	mix := StatusMix(ms, tr, today, 30)
	if mix[training.Completed] != 3 || mix[training.Expiring] != 1 || mix[training.Expired] != 1 || mix[training.Overdue] != 1 {
		t.Errorf("mix %v", mix)
	}
	if r := TrainingRate(ms, tr, today, 30); r != (Rate{4, 6}) {
		t.Errorf("rate %+v", r)
	}
}

func equal[T comparable](a, b []T) bool {
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

// Renewals: only people in view, expiring within the window, and in no
// upcoming group of the training.
func TestDueForRenewal(t *testing.T) {
	one := 1
	tr := &factorial.Training{ID: 1, ValidFor: &one}
	ms := []factorial.TrainingMembership{
		{EmployeeID: 1, TrainingID: 1, TrainingCompletedAt: dayp("2026-01-20")}, // expires 2027-01-19: within 60
		{EmployeeID: 2, TrainingID: 1, TrainingCompletedAt: dayp("2026-01-10")}, // within 60, but in an upcoming group
		{EmployeeID: 3, TrainingID: 1, TrainingCompletedAt: dayp("2026-01-05")}, // within 60, not in view
		{EmployeeID: 4, TrainingID: 1, TrainingCompletedAt: dayp("2026-06-01")}, // fresh
		{EmployeeID: 5, TrainingID: 1, TrainingCompletedAt: dayp("2025-06-01")}, // expired: not a renewal of an expiring one
		{EmployeeID: 6, TrainingID: 1, TrainingCompletedAt: dayp("2026-01-03")}, // within 60, expires first
	}
	people := map[factorial.ID]bool{1: true, 2: true, 4: true, 5: true, 6: true}
	got := DueForRenewal(ms, tr, people, map[factorial.ID]bool{2: true}, today, 60)
	var ids []factorial.ID
	for _, e := range got {
		ids = append(ids, e.Membership.EmployeeID)
	}
	if !equal(ids, []factorial.ID{6, 1}) {
		t.Errorf("due for renewal %v, want [6 1] by expiry", ids)
	}
	if Upcoming(factorial.TrainingClass{StartDate: dayp("2026-12-01")}, today) || !Upcoming(factorial.TrainingClass{StartDate: dayp("2026-12-02")}, today) ||
		Upcoming(factorial.TrainingClass{}, today) {
		t.Error("Upcoming: a group starting today is upcoming, yesterday's and an undated one are not")
	}
}
