package handlers_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/handlers"
	"github.com/aula-hr/aula/internal/apptest"
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
		{"HR reads the catalogue", hr, handlers.ReadCatalogue, handlers.Subject{}, true},
		{"a trainer reads it", trainer, handlers.ReadCatalogue, other, true},
		{"a manager reads it", manager, handlers.ReadCatalogue, handlers.Subject{}, true},
		{"an employee reads it", employee, handlers.ReadCatalogue, handlers.Subject{}, true},
		{"someone without a role does not", handlers.Actor{}, handlers.ReadCatalogue, handlers.Subject{}, false},
		{"HR has everyone's overdue list", hr, handlers.ReviewOverdue, handlers.Subject{}, true},
		{"a manager has their people's", manager, handlers.ReviewOverdue, handlers.Subject{}, true},
		{"a trainer has none", trainer, handlers.ReviewOverdue, taught, false},
		{"an employee has none", employee, handlers.ReviewOverdue, handlers.Subject{}, false},
		{"HR reviews any team", hr, handlers.ReviewTeam, handlers.Subject{}, true},
		{"a manager reviews their team", manager, handlers.ReviewTeam, handlers.Subject{}, true},
		{"a trainer reviews no team", trainer, handlers.ReviewTeam, taught, false},
		{"an employee reviews no team", employee, handlers.ReviewTeam, handlers.Subject{}, false},
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

// TestHROnlyPagesRefuseOtherRoles: a trainer, manager or employee who opens
// an HR form, delete confirmation or the enrolment picker by its address gets
// the "Not permitted" page at once, not a form that Factorial refuses only
// after they filled it in.
func TestHROnlyPagesRefuseOtherRoles(t *testing.T) {
	s := apptest.Start(t, apptest.WithLogLevel(8))
	f := fixtureOf(t, s.Sandbox.Snapshot())
	tid, cid := f.training.ID.String(), string(f.class.ID)
	paths := []string{
		"/trainings/new",
		"/trainings/" + tid + "/edit",
		"/trainings/" + tid + "/delete",
		"/trainings/" + tid + "/groups/new",
		"/trainings/" + tid + "/groups/" + cid + "/edit",
		"/trainings/" + tid + "/groups/" + cid + "/delete",
		"/trainings/" + tid + "/picker?q=a",
		"/trainings/categories/" + f.category.ID.String() + "/delete",
	}
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	for _, p := range paths {
		if res := hr.Get(p); res.StatusCode != http.StatusOK {
			t.Errorf("HR: GET %s: status %d, want 200", p, res.StatusCode)
		}
	}
	for _, who := range []string{sandbox.PersonaEmployee, sandbox.PersonaTrainer, sandbox.PersonaManager} {
		c := s.SignIn(t, who)
		for _, p := range paths {
			for _, htmx := range []bool{false, true} {
				var res *http.Response
				if htmx {
					res = c.HTMX(http.MethodGet, p, nil)
				} else {
					res = c.Get(p)
				}
				if res.StatusCode != http.StatusForbidden {
					t.Errorf("%s: GET %s (htmx %v): status %d, want 403", who, p, htmx, res.StatusCode)
					continue
				}
				doc := apptest.Parse(t, res)
				if got := apptest.TestID(doc, "problem-title").Text(); got != "Not permitted in Factorial" {
					t.Errorf("%s: GET %s (htmx %v): problem title %q", who, p, htmx, got)
				}
				if n := doc.Find(`form[method="post"] input[name="name"], form[method="post"] input[name="confirmed"], input[name="employee_ids"]`).Length(); n != 0 {
					t.Errorf("%s: GET %s (htmx %v): the page still offers the HR form (%d fields)", who, p, htmx, n)
				}
			}
		}
		// The confirmations that a post asks for first.
		for _, post := range []struct {
			path string
			form url.Values
		}{
			{"/trainings/bulk", url.Values{"action": {"delete"}, "ids": {tid}}},
			{"/trainings/" + tid + "/participants/remove", url.Values{"mode": {"selected"}, "ids": {f.member.ID.String()}}},
			{"/trainings/" + tid + "/participants/remove", url.Values{"mode": {"except"}}},
		} {
			res := c.Post(post.path, post.form)
			doc := apptest.Parse(t, res)
			if res.StatusCode != http.StatusForbidden || apptest.TestID(doc, "problem-title").Text() != "Not permitted in Factorial" {
				t.Errorf("%s: POST %s %v: status %d, problem %q; want 403 Not permitted", who, post.path, post.form, res.StatusCode, apptest.TestID(doc, "problem-title").Text())
			}
			if doc.Find(`input[name="confirmed"]`).Length() != 0 {
				t.Errorf("%s: POST %s %v: a confirmation is offered", who, post.path, post.form)
			}
		}
	}
}
