package handlers_test

import (
	"testing"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/handlers"
	mw "github.com/aula-hr/aula/middleware"
)

func TestPermissionsKnowTheFourRoles(t *testing.T) {
	hr := handlers.Actor{Role: mw.RoleHR, EmployeeID: 1}
	trainer := handlers.Actor{Role: mw.RoleTrainer, EmployeeID: 2, Teaches: map[factorial.ID]bool{10: true}}
	manager := handlers.Actor{Role: mw.RoleManager, EmployeeID: 3, Reports: map[factorial.ID]bool{30: true}}
	employee := handlers.Actor{Role: mw.RoleEmployee, EmployeeID: 4}
	taught, other := handlers.Subject{TrainingID: 10}, handlers.Subject{TrainingID: 11}
	for _, tc := range []struct {
		name string
		who  handlers.Actor
		act  handlers.Action
		on   handlers.Subject
		want bool
	}{
		{"HR edits the catalogue", hr, handlers.EditCatalogue, handlers.Subject{}, true},
		{"a trainer does not", trainer, handlers.EditCatalogue, taught, false},
		{"a manager does not", manager, handlers.EditCatalogue, handlers.Subject{}, false},
		{"an employee does not", employee, handlers.EditCatalogue, handlers.Subject{}, false},
		{"HR sets completion dates", hr, handlers.SetCompletion, handlers.Subject{TrainingID: 11, EmployeeID: 30}, true},
		{"a trainer does not set them", trainer, handlers.SetCompletion, taught, false},
		{"a manager does not set them", manager, handlers.SetCompletion, handlers.Subject{EmployeeID: 30}, false},
		{"HR marks any attendance", hr, handlers.MarkAttendance, other, true},
		{"a trainer marks what they teach", trainer, handlers.MarkAttendance, taught, true},
		{"but not another training", trainer, handlers.MarkAttendance, other, false},
		{"a manager marks no attendance", manager, handlers.MarkAttendance, taught, false},
		{"an employee marks no attendance, not even their own", employee, handlers.MarkAttendance, handlers.Subject{TrainingID: 10, EmployeeID: 4}, false},
		{"HR reviews anyone", hr, handlers.ReviewCompletion, handlers.Subject{EmployeeID: 99}, true},
		{"a manager reviews a report", manager, handlers.ReviewCompletion, handlers.Subject{EmployeeID: 30, TrainingID: 11}, true},
		{"a manager reviews themselves", manager, handlers.ReviewCompletion, handlers.Subject{EmployeeID: 3}, true},
		{"but not someone else's report", manager, handlers.ReviewCompletion, handlers.Subject{EmployeeID: 31}, false},
		{"an employee reviews themselves", employee, handlers.ReviewCompletion, handlers.Subject{EmployeeID: 4}, true},
		{"but nobody else", employee, handlers.ReviewCompletion, handlers.Subject{EmployeeID: 30}, false},
		{"a trainer reviews the people of what they teach", trainer, handlers.ReviewCompletion, handlers.Subject{TrainingID: 10, EmployeeID: 30}, true},
		{"but not of another training", trainer, handlers.ReviewCompletion, handlers.Subject{TrainingID: 11, EmployeeID: 30}, false},
		{"an API key or a person without an employee is not anyone", handlers.Actor{Role: mw.RoleEmployee}, handlers.ReviewCompletion, handlers.Subject{}, false},
	} {
		if got := tc.who.Can(tc.act, tc.on); got != tc.want {
			t.Errorf("%s: Can = %v", tc.name, got)
		}
	}
}

func TestTaughtTrainingsAreThoseWithOtherPeoplesEnrolments(t *testing.T) {
	got := handlers.TaughtTrainings(2, []factorial.TrainingMembership{
		{TrainingID: 10, EmployeeID: 7}, {TrainingID: 11, EmployeeID: 2}, {TrainingID: 12, EmployeeID: 2}, {TrainingID: 12, EmployeeID: 8},
	})
	if len(got) != 2 || !got[10] || !got[12] || got[11] {
		t.Errorf("taught %v: want 10 and 12, not 11 where only their own enrolment shows", got)
	}
}
