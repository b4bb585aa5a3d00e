package training

import (
	"context"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/i18n"
)

var (
	inEnglish = i18n.WithLocale(context.Background(), i18n.English)
	inSpanish = i18n.WithLocale(context.Background(), i18n.Spanish)
)

func day(s string) factorial.Date {
	d, err := factorial.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func dayp(s string) *factorial.Date { d := day(s); return &d }

func TestStateOn(t *testing.T) {
	today := day("2026-12-02")
	one, two := 1, 2
	for _, tc := range []struct {
		name     string
		m        factorial.TrainingMembership
		validFor *int
		want     State
	}{
		{"not started", factorial.TrainingMembership{Status: factorial.NotStarted}, nil, NotStarted},
		{"due later", factorial.TrainingMembership{Status: factorial.NotStarted, TrainingDueDate: dayp("2026-12-03")}, nil, NotStarted},
		{"due today is not overdue", factorial.TrainingMembership{Status: factorial.NotStarted, TrainingDueDate: dayp("2026-12-02")}, nil, NotStarted},
		{"due yesterday", factorial.TrainingMembership{Status: factorial.NotStarted, TrainingDueDate: dayp("2026-12-01")}, nil, Overdue},
		{"started", factorial.TrainingMembership{Status: factorial.Started}, nil, InProgress},
		{"partly done", factorial.TrainingMembership{Status: factorial.PartiallyCompleted}, nil, InProgress},
		{"started and late", factorial.TrainingMembership{Status: factorial.Started, TrainingDueDate: dayp("2026-11-01")}, nil, Overdue},
		{"completed, no expiry", factorial.TrainingMembership{Status: factorial.Completed, TrainingCompletedAt: dayp("2010-01-01")}, nil, Completed},
		{"completed after the due date", factorial.TrainingMembership{TrainingCompletedAt: dayp("2026-11-20"), TrainingDueDate: dayp("2026-11-01")}, nil, Completed},
		{"status completed without a date", factorial.TrainingMembership{Status: factorial.Completed}, &one, Completed},
		{"status completed without a date, past due", factorial.TrainingMembership{Status: factorial.Completed, TrainingDueDate: dayp("2026-11-01")}, &one, Completed},
		{"valid for a year, fresh", factorial.TrainingMembership{TrainingCompletedAt: dayp("2026-06-01")}, &one, Completed},
		{"expires within 60 days", factorial.TrainingMembership{TrainingCompletedAt: dayp("2026-01-15")}, &one, Expiring},
		{"last valid day is today", factorial.TrainingMembership{TrainingCompletedAt: dayp("2025-12-03")}, &one, Expiring},
		{"expired on its anniversary", factorial.TrainingMembership{TrainingCompletedAt: dayp("2025-12-02")}, &one, Expired},
		{"expired long ago", factorial.TrainingMembership{Status: factorial.Completed, TrainingCompletedAt: dayp("2020-01-01")}, &two, Expired},
		{"valid for zero years never expires", factorial.TrainingMembership{TrainingCompletedAt: dayp("2000-01-01")}, new(int), Completed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := StateOn(tc.m, tc.validFor, today, ExpiringDays)
			if got != tc.want {
				t.Errorf("StateOn = %s, want %s", got.Label(), tc.want.Label())
			}
			if got == Expired && got.Valid() {
				t.Error("an expired completion counts as completed")
			}
			if (got == Overdue) != IsOverdue(tc.m, today) {
				t.Errorf("IsOverdue disagrees with StateOn (%s)", got.Label())
			}
		})
	}
	if IsOverdue(factorial.TrainingMembership{TrainingDueDate: dayp("2000-01-01")}, factorial.Date{}) {
		t.Error("without a today nothing is overdue")
	}
	if e := Expires(factorial.TrainingMembership{TrainingCompletedAt: dayp("2024-02-29")}, &one); e == nil || e.String() != "2025-02-28" {
		t.Errorf("Expires = %v, want the day before the anniversary", e)
	}
}

// A name is data and stays as Factorial has it in every language; only
// what Aula says of a record without one is translated.
func TestPersonName(t *testing.T) {
	for _, tc := range []struct {
		e      *factorial.Employee
		en, es string
	}{
		{&factorial.Employee{FullName: " Ana Ruiz ", FirstName: "A", LastName: "R"}, "Ana Ruiz", "Ana Ruiz"},
		{&factorial.Employee{FirstName: "Ana", LastName: "Ruiz"}, "Ana Ruiz", "Ana Ruiz"},
		{&factorial.Employee{FirstName: "Ana"}, "Ana", "Ana"},
		{&factorial.Employee{FullName: "Group"}, "Group", "Group"}, // a name that is also a catalogue key is not translated
		{&factorial.Employee{ID: 12}, "A former employee", "Una persona que ya no está en la empresa"},
		{nil, "A former employee", "Una persona que ya no está en la empresa"},
	} {
		if got := PersonName(inEnglish, tc.e); got != tc.en {
			t.Errorf("PersonName(en, %+v) = %q, want %q", tc.e, got, tc.en)
		}
		if got := PersonName(inSpanish, tc.e); got != tc.es {
			t.Errorf("PersonName(es, %+v) = %q, want %q", tc.e, got, tc.es)
		}
	}
}

func TestTrainingName(t *testing.T) {
	for _, tc := range []struct {
		t      *factorial.Training
		en, es string
	}{
		{&factorial.Training{ID: 42, Name: " Fire safety "}, "Fire safety", "Fire safety"},
		{&factorial.Training{ID: 42, Name: "  "}, "A deleted training", "Una formación eliminada"},
		{nil, "A deleted training", "Una formación eliminada"},
	} {
		if got := TrainingName(inEnglish, tc.t); got != tc.en {
			t.Errorf("TrainingName(en, %+v) = %q, want %q", tc.t, got, tc.en)
		}
		if got := TrainingName(inSpanish, tc.t); got != tc.es {
			t.Errorf("TrainingName(es, %+v) = %q, want %q", tc.t, got, tc.es)
		}
	}
}

// Participants are ordered by name ignoring case, the person Factorial no
// longer returns first in both languages, and each is named in the
// language asked for.
func TestParticipantsByName(t *testing.T) {
	for _, tc := range []struct {
		ctx  context.Context
		want []string
	}{
		{inEnglish, []string{"A former employee", "Bea", "zoe"}},
		{inSpanish, []string{"Una persona que ya no está en la empresa", "Bea", "zoe"}},
	} {
		ps := Participants([]factorial.TrainingMembership{{ID: 1, EmployeeID: 1}, {ID: 2, EmployeeID: 2}, {ID: 3, EmployeeID: 3}},
			map[factorial.ID]*factorial.Employee{1: {FullName: "zoe"}, 3: {FullName: "Bea"}})
		var names []string
		for _, p := range ps {
			names = append(names, p.Name(tc.ctx))
		}
		if !slices.Equal(names, tc.want) {
			t.Errorf("participants by name (%s): %q, want %q", i18n.From(tc.ctx), names, tc.want)
		}
	}
}

func TestGroupLabel(t *testing.T) {
	for _, tc := range []struct {
		c      factorial.TrainingClass
		en, es string
	}{
		{factorial.TrainingClass{ID: "g1", Name: " Spring "}, "Spring", "Spring"},
		{factorial.TrainingClass{ID: "g1", Name: " ", StartDate: dayp("2026-03-02")}, "Group from 2 Mar 2026", "Grupo del 2 mar. 2026"},
		{factorial.TrainingClass{ID: "g1", StartDate: dayp("2026-09-30")}, "Group from 30 Sep 2026", "Grupo del 30 sept. 2026"},
		{factorial.TrainingClass{ID: "g1", StartDate: &factorial.Date{}}, "Group without dates", "Grupo sin fechas"},
		{factorial.TrainingClass{ID: "g1"}, "Group without dates", "Grupo sin fechas"},
	} {
		if got := GroupLabel(inEnglish, tc.c); got != tc.en {
			t.Errorf("GroupLabel(en, %+v) = %q, want %q", tc.c, got, tc.en)
		}
		if got := GroupLabel(inSpanish, tc.c); got != tc.es {
			t.Errorf("GroupLabel(es, %+v) = %q, want %q", tc.c, got, tc.es)
		}
	}
}

func TestGroupsInOrder(t *testing.T) {
	cs := []factorial.TrainingClass{{ID: "none"}, {ID: "may", StartDate: dayp("2026-05-01")}, {ID: "jan", StartDate: dayp("2026-01-01")}}
	GroupsInOrder(cs)
	if cs[0].ID != "jan" || cs[1].ID != "may" || cs[2].ID != "none" {
		t.Errorf("groups in order: %v", cs)
	}
}

func TestSessionsInOrderOnTheCompanyClock(t *testing.T) {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	at := func(s string) *time.Time { v, _ := time.Parse(time.RFC3339, s); return &v }
	ss := []factorial.Session{
		{ID: 1}, // unplanned: last
		{ID: 2, StartsAt: at("2026-12-03T09:00:00Z"), EndsAt: at("2026-12-03T11:00:00Z")},
		{ID: 3, DueDate: dayp("2026-12-02")},               // self-paced, due at the day's start in Madrid
		{ID: 4, StartsAt: at("2026-12-02T23:30:00-05:00")}, // 05:30 on the 3rd in Madrid
	}
	SessionsInOrder(ss, madrid)
	var ids []factorial.ID
	for _, s := range ss {
		ids = append(ids, s.ID)
	}
	if !slices.Equal(ids, []factorial.ID{3, 4, 2, 1}) {
		t.Errorf("order %v", ids)
	}
	if got := ss[1].StartsAt.Format("2006-01-02 15:04"); got != "2026-12-03 05:30" || ss[1].StartsAt.Location() != madrid {
		t.Errorf("start on the company clock: %s %s", got, ss[1].StartsAt.Location())
	}
	if got := ss[2].EndsAt.Format("15:04"); got != "12:00" {
		t.Errorf("end on the company clock: %s", got)
	}
}

type fakeEmployees struct {
	calls, inFlight, most atomic.Int32
}

func (f *fakeEmployees) List(_ context.Context, o *factorial.EmployeeListOptions) (*factorial.Page[factorial.Employee], error) {
	f.calls.Add(1)
	n := f.inFlight.Add(1)
	defer f.inFlight.Add(-1)
	for {
		m := f.most.Load()
		if n <= m || f.most.CompareAndSwap(m, n) {
			break
		}
	}
	time.Sleep(5 * time.Millisecond)
	if len(o.IDs) > PageSize || o.Limit != PageSize {
		panic("a chunk larger than a page")
	}
	var out []factorial.Employee
	for _, id := range o.IDs {
		if id%10 != 0 { // every tenth person no longer exists
			out = append(out, factorial.Employee{ID: id, FullName: "P" + id.String()})
		}
	}
	return &factorial.Page[factorial.Employee]{Data: out}, nil
}

func TestFetchByIDsIsBatchedAndBounded(t *testing.T) {
	f := &fakeEmployees{}
	var ids []factorial.ID
	for i := 1; i <= 2000; i++ {
		ids = append(ids, factorial.ID(i), factorial.ID(i)) // repeats count once
	}
	got, err := Employees(context.Background(), f, ids)
	if err != nil {
		t.Fatal(err)
	}
	if f.calls.Load() != 20 {
		t.Errorf("%d list calls for 2000 ids, want 20 of 100", f.calls.Load())
	}
	if m := f.most.Load(); m > fetchConcurrency || m < 2 {
		t.Errorf("%d calls at once, want concurrent and at most %d", m, fetchConcurrency)
	}
	if len(got) != 1800 || got[7].FullName != "P7" || got[10] != nil {
		t.Errorf("%d people; 7=%v 10=%v", len(got), got[7], got[10])
	}
	if PersonName(inEnglish, got[10]) != "A former employee" {
		t.Error("a person Factorial no longer returns is a former employee")
	}
}

func TestReportsAreDirectAndIndirect(t *testing.T) {
	id := func(n factorial.ID) *factorial.ID { return &n }
	all := []factorial.Employee{
		{ID: 1, FullName: "Boss"}, {ID: 2, FullName: "zed", ManagerID: id(1)}, {ID: 3, FullName: "Amy", ManagerID: id(2)},
		{ID: 4, FullName: "Other", ManagerID: id(9)}, {ID: 5, FullName: "Loop", ManagerID: id(5)},
	}
	var names []string
	for _, e := range Reports(all, 1) {
		names = append(names, e.FullName)
	}
	if !slices.Equal(names, []string{"Amy", "zed"}) {
		t.Errorf("reports of 1: %q", names)
	}
	if len(Reports(all, 3)) != 0 || len(Reports(all, 5)) != 0 {
		t.Error("nobody reports to 3; a person managing themselves is not their own report")
	}
}

func TestStateKeysAndNameMatches(t *testing.T) {
	for _, s := range States {
		if got, ok := ParseState(s.Key()); !ok || got != s {
			t.Errorf("ParseState(%q) = %v %v", s.Key(), got, ok)
		}
	}
	if _, ok := ParseState("Completed"); ok {
		t.Error("a label is not a key")
	}
	for _, tc := range []struct {
		name, q string
		want    bool
	}{{"Ana Ruiz", "ana ru", true}, {"Ana Ruiz", "  ", true}, {"Ana Ruiz", "ruiz bea", false}, {"Ángel", "áng", true}} {
		if got := NameMatches(tc.name, tc.q); got != tc.want {
			t.Errorf("NameMatches(%q, %q) = %v", tc.name, tc.q, got)
		}
	}
}
