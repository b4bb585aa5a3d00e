package handlers_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/training"
)

// bothSizes are the desktop and tablet sizes every flow of issue 10 is
// checked at.
var bothSizes = []struct {
	name          string
	width, height int
}{{"1366x768", 1366, 768}, {"768x1024", 768, 1024}}

// today is the sandbox's day, as Aula reads it.
func today() factorial.Date { return factorial.DateOf(time.Now()) }

// lapsedCompletion finds an enrolment whose completion no longer counts:
// its training is valid for some years and the date is older.
func lapsedCompletion(t *testing.T, st *sandbox.State) (factorial.Training, factorial.TrainingMembership) {
	t.Helper()
	for _, tr := range visibleTrainings(st) {
		if tr.ValidFor == nil {
			continue
		}
		for _, m := range membersOf(st, tr.ID) {
			if training.StateOn(m, tr.ValidFor, today(), training.ExpiringDays) == training.Expired {
				return tr, m
			}
		}
	}
	t.Fatal("no expired completion in the sandbox")
	return factorial.Training{}, factorial.TrainingMembership{}
}

// withStaff is the demo sandbox with extra people hired (the demo company
// has about 250; Factorial's API cannot create employees).
func withStaff(extra int) apptest.Option {
	st := sandbox.New().Snapshot()
	for i := range extra {
		id := factorial.ID(5001 + i)
		first, last := []string{"Nora", "Iker", "Lucía", "Marc", "Olga"}[i%5], fmt.Sprintf("Hired%03d", i)
		st.Employees = append(st.Employees, factorial.Employee{ID: id, AccessID: id + sandbox.AccessIDOffset,
			FirstName: first, LastName: last, FullName: first + " " + last, CompanyID: sandbox.CompanyID,
			LocationID: sandbox.LocationHQ, Active: true, Attendable: true, CreatedAt: time.Now(), UpdatedAt: time.Now()})
	}
	return apptest.WithSandboxOptions(sandbox.WithState(st))
}

// crowdedTraining creates a training valid for a year with n participants
// through the API (the seeded trainings have fewer than 100): every tenth
// completed long ago (expired), every tenth but one completed lately.
func crowdedTraining(t *testing.T, s *apptest.Server, n int) factorial.Training {
	t.Helper()
	cl := apiClient(t, s.Sandbox)
	ctx := context.Background()
	one := 1
	tr, err := cl.Trainings.Create(ctx, &factorial.TrainingRequest{Name: "Forklift refresher", Description: "Yearly.", Year: today().Year, ValidFor: &one})
	if err != nil {
		t.Fatal(err)
	}
	var ids []factorial.ID
	for _, e := range s.Sandbox.Snapshot().Employees {
		if e.Active && len(ids) < n {
			ids = append(ids, e.ID)
		}
	}
	if len(ids) < n {
		t.Fatalf("only %d active employees in the sandbox, want %d", len(ids), n)
	}
	for i := 0; i < len(ids); i += 100 {
		if _, err := cl.Memberships.BulkCreate(ctx, tr.ID, ids[i:min(i+100, len(ids))]); err != nil {
			t.Fatal(err)
		}
	}
	ms, err := cl.Memberships.All(ctx, &factorial.MembershipListOptions{TrainingID: tr.ID})
	if err != nil {
		t.Fatal(err)
	}
	old, fresh := today().AddYears(-2), today().AddDays(-30)
	for i, m := range ms {
		var d *factorial.Date
		switch i % 10 {
		case 0:
			d = &old
		case 1:
			d = &fresh
		}
		if d != nil {
			if _, err := cl.Memberships.Update(ctx, m.ID, d); err != nil {
				t.Fatal(err)
			}
		}
	}
	return *tr
}

// groupWithSessions is a group of an active training with sessions, and
// those sessions.
func groupWithSessions(t *testing.T, st *sandbox.State) (factorial.TrainingClass, []factorial.Session) {
	t.Helper()
	for _, c := range st.Classes {
		var ss []factorial.Session
		for _, s := range st.Sessions {
			if s.TrainingClassID != nil && *s.TrainingClassID == c.ID {
				ss = append(ss, s)
			}
		}
		if len(ss) >= 2 {
			return c, ss
		}
	}
	t.Fatal("no group with two sessions in the sandbox")
	return factorial.TrainingClass{}, nil
}

// invitedTo reports whether employee is invited to session in the sandbox.
func invitedTo(st *sandbox.State, session, employee factorial.ID) bool {
	for _, a := range st.SessionAccessMemberships {
		if a.SessionID == session && a.EmployeeID != nil && *a.EmployeeID == employee {
			return true
		}
	}
	return false
}

// outsiderOf is an active employee not enrolled in training.
func outsiderOf(t *testing.T, st *sandbox.State, tr factorial.ID) factorial.Employee {
	t.Helper()
	enrolled := map[factorial.ID]bool{}
	for _, m := range membersOf(st, tr) {
		enrolled[m.EmployeeID] = true
	}
	for _, e := range st.Employees {
		if e.Active && !enrolled[e.ID] && e.FullName != "" {
			return e
		}
	}
	t.Fatal("everyone is enrolled")
	return factorial.Employee{}
}
