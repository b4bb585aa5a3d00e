package attendance

import (
	"testing"

	"github.com/aula-hr/aula/factorial"
)

func TestCheckWritesOnlyWhatWasSeenAndGroupsByState(t *testing.T) {
	h := func(v float64) *factorial.Hours { x := factorial.Hours(v); return &x }
	f := func(v float64) *float64 { return &v }
	cur := map[factorial.ID]factorial.SessionAttendance{
		1: {ID: 1, Status: factorial.AttendancePending},
		2: {ID: 2, Status: factorial.AttendancePending},
		3: {ID: 3, Status: factorial.AttendanceMissing},                            // changed elsewhere
		4: {ID: 4, Status: factorial.AttendanceCompleted, CompletedDuration: h(2)}, // already so
		5: {ID: 5, Status: factorial.AttendanceCompleted, CompletedDuration: h(2)}, // this device's lost write
		6: {ID: 6, Status: factorial.AttendancePending},
	}
	p := Check([]Mark{
		{ID: 1, Status: factorial.AttendanceCompleted, Seen: factorial.AttendancePending},
		{ID: 2, Status: factorial.AttendanceCompleted, Seen: factorial.AttendancePending},
		{ID: 2, Status: factorial.AttendanceMissing, Seen: factorial.AttendancePending}, // the later tap wins
		{ID: 3, Status: factorial.AttendanceCompleted, Seen: factorial.AttendancePending},
		{ID: 4, Status: factorial.AttendanceCompleted, Seen: factorial.AttendancePending},
		{ID: 5, Status: factorial.AttendanceMissing, Seen: factorial.AttendancePending, Sent: []factorial.SessionAttendanceStatus{factorial.AttendanceCompleted}},
		{ID: 6, Status: factorial.AttendanceCompleted, Hours: f(2.5), Seen: factorial.AttendancePending},
		{ID: 9, Status: factorial.AttendanceCompleted, Seen: factorial.AttendancePending},
		{ID: 1, Status: "late", Seen: factorial.AttendancePending},
	}, cur, 2)
	if len(p.Writes) != 1 && len(p.Writes) != 2 {
		t.Fatalf("writes %+v", p.Writes)
	}
	got := map[factorial.SessionAttendanceStatus][]factorial.ID{}
	for _, w := range p.Writes {
		if w.CompletedDuration != nil {
			t.Errorf("hours sent: %v", *w.CompletedDuration)
		}
		got[*w.Status] = w.IDs
	}
	if len(got[factorial.AttendanceMissing]) != 2 || got[factorial.AttendanceMissing][0] != 2 || got[factorial.AttendanceMissing][1] != 5 {
		t.Errorf("missing written for %v, want [2 5]", got[factorial.AttendanceMissing])
	}
	if len(got[factorial.AttendanceCompleted]) != 0 {
		t.Errorf("completed written for %v: 1 was replaced by a bad status, 4 is so already", got[factorial.AttendanceCompleted])
	}
	if _, ok := p.Conflicts[3]; !ok || len(p.Conflicts) != 1 {
		t.Errorf("conflicts %v", p.Conflicts)
	}
	if len(p.Already) != 1 || p.Already[0] != 4 {
		t.Errorf("already %v", p.Already)
	}
	if p.Refused[6] != HoursRange || p.Refused[9] != NotOnSheet || p.Refused[1] != BadStatus {
		t.Errorf("refused %v", p.Refused)
	}
}

func TestOwnerIsPerPersonAndOpaque(t *testing.T) {
	a, b := Owner(1, 7, "login-a"), Owner(1, 7, "login-b")
	if a != b {
		t.Error("one person, two sign-ins: two owners (the queue would not survive a new sign-in)")
	}
	if Owner(1, 8, "login-a") == a || Owner(2, 7, "") == a || Owner(1, 0, "k1") == Owner(1, 0, "k2") {
		t.Error("owners collide")
	}
	if len(a) != 24 {
		t.Errorf("owner %q", a)
	}
}
