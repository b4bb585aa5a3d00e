package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
)

// outcomeCase is one kind of write, and how many times its effect is in
// Factorial: after a lost answer and whatever the page advised, exactly once.
type outcomeCase struct {
	name  string
	fault sandbox.Fault // method and path of the write
	path  func(f fixture) string
	form  func(f fixture) url.Values
	count func(f fixture, before, st *sandbox.State) int
}

func outcomeCases() []outcomeCase {
	return []outcomeCase{
		{
			name:  "create training",
			fault: sandbox.Fault{Method: "POST", Path: "trainings/trainings"},
			path:  func(fixture) string { return "/trainings" },
			form: func(fixture) url.Values {
				return url.Values{"name": {"Outcome check"}, "year": {"2026"}, "code": {"OC-1"}}
			},
			count: func(_ fixture, _, st *sandbox.State) int {
				n := 0
				for _, t := range st.Trainings {
					if t.Name == "Outcome check" {
						n++
					}
				}
				return n
			},
		},
		{
			name:  "create group",
			fault: sandbox.Fault{Method: "POST", Path: "trainings/training_classes"},
			path:  func(f fixture) string { return "/trainings/" + f.training.ID.String() + "/groups" },
			form: func(fixture) url.Values {
				return url.Values{"name": {"Outcome group"}, "start_date": {"2026-05-01"}, "end_date": {"2026-05-02"}, "payment_status": {"paid"}}
			},
			count: func(f fixture, _, st *sandbox.State) int {
				n := 0
				for _, c := range st.Classes {
					if c.TrainingID == f.training.ID && c.Name == "Outcome group" {
						n++
					}
				}
				return n
			},
		},
		{
			name:  "enrol",
			fault: sandbox.Fault{Method: "POST", Path: "trainings/training_memberships/bulk_create"},
			path:  func(f fixture) string { return "/trainings/" + f.training.ID.String() + "/participants" },
			form:  func(f fixture) url.Values { return url.Values{"employee_ids": {f.outsider.ID.String()}} },
			count: func(f fixture, _, st *sandbox.State) int {
				n := 0
				for _, m := range membersOf(st, f.training.ID) {
					if m.EmployeeID == f.outsider.ID {
						n++
					}
				}
				return n
			},
		},
		{
			name:  "completion date",
			fault: sandbox.Fault{Method: "PUT", Path: "trainings/training_memberships/*"},
			path: func(f fixture) string {
				return "/trainings/" + f.training.ID.String() + "/participants/" + f.member.ID.String() + "/completion"
			},
			form: func(fixture) url.Values { return url.Values{"completed_at": {"2026-01-02"}} },
			count: func(f fixture, _, st *sandbox.State) int {
				n := 0
				for _, m := range membersOf(st, f.training.ID) {
					if m.EmployeeID == f.member.EmployeeID && m.TrainingCompletedAt != nil && m.TrainingCompletedAt.String() == "2026-01-02" {
						n++
					}
				}
				return n
			},
		},
		{
			name:  "change status",
			fault: sandbox.Fault{Method: "POST", Path: "trainings/trainings/update_status"},
			path:  func(f fixture) string { return "/trainings/" + f.training.ID.String() + "/status" },
			form:  func(fixture) url.Values { return url.Values{"status": {"draft"}} },
			count: func(f fixture, _, st *sandbox.State) int {
				if s := st.Training(f.training.ID).Status; s != nil && *s == factorial.TrainingDraft {
					return 1
				}
				return 0
			},
		},
		{
			name:  "delete training",
			fault: sandbox.Fault{Method: "DELETE", Path: "trainings/trainings/*"},
			path:  func(f fixture) string { return "/trainings/" + f.training.ID.String() + "/delete" },
			form:  func(fixture) url.Values { return url.Values{"confirmed": {"yes"}} },
			count: func(f fixture, before, st *sandbox.State) int {
				if st.Training(f.training.ID) != nil {
					return 0
				}
				return len(before.Trainings) - len(st.Trainings) // the one deleted, and nothing else
			},
		},
	}
}

// TestLostAnswersAreToldAsTheyAre: Factorial makes each kind of write and
// then answers 502 or 500, or drops the connection; or it refuses the write
// with a 500 before making it. The page says what happened, and doing what
// it advises leaves the write made exactly once.
func TestLostAnswersAreToldAsTheyAre(t *testing.T) {
	failures := []struct {
		name    string
		fault   sandbox.Fault
		applied bool
	}{
		{"stored then 502", sandbox.Fault{Status: 502, Applied: true}, true},
		{"stored then 500", sandbox.Fault{Status: 500, Applied: true}, true},
		{"stored then dropped", sandbox.Fault{Drop: true, Applied: true}, true},
		{"500 before storing", sandbox.Fault{Status: 500}, false},
	}
	for _, tc := range outcomeCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, fl := range failures {
				t.Run(fl.name, func(t *testing.T) {
					s := apptest.Start(t, apptest.WithLogLevel(8))
					hr := s.SignIn(t, sandbox.PersonaHRAdmin)
					before := s.Sandbox.Snapshot()
					f := fixtureOf(t, before)
					fault := fl.fault
					fault.Method, fault.Path = tc.fault.Method, tc.fault.Path
					s.Sandbox.SetFaults(fault)
					res := hr.Post(tc.path(f), tc.form(f))
					s.Sandbox.SetFaults()
					if got, want := tc.count(f, before, s.Sandbox.Snapshot()), map[bool]int{true: 1, false: 0}[fl.applied]; got != want {
						t.Fatalf("the fault left the write made %d times, want %d", got, want)
					}
					resubmit := followAdvice(t, hr, res, fl.applied)
					if resubmit {
						res = hr.Post(tc.path(f), tc.form(f))
						if res.StatusCode != http.StatusSeeOther {
							t.Fatalf("doing what the page advised: status %d\n%s", res.StatusCode, excerpt(apptest.Body(res)))
						}
					}
					if n := tc.count(f, before, s.Sandbox.Snapshot()); n != 1 {
						t.Errorf("after following the page's advice the write is made %d times, want once", n)
					}
				})
			}
		})
	}
}

// followAdvice reads the answer to a write whose answer Factorial lost, and
// checks it tells the truth: either the change is there (shown as done), or
// not (said so, with the input kept to send again), or not known yet (said
// so: sending it again is safe, or check first). It reports whether the page
// advises sending the form again.
func followAdvice(t *testing.T, c *apptest.Client, res *http.Response, applied bool) bool {
	t.Helper()
	if res.StatusCode == http.StatusSeeOther {
		if !applied {
			t.Fatal("the page says it was done, but Factorial did not do it")
		}
		doc := apptest.Parse(t, c.Get(location(t, res)))
		if apptest.TestID(doc, "flash-success").Length() == 0 {
			t.Error("saved, but the page that follows does not say so")
		}
		return false
	}
	doc := apptest.Parse(t, res)
	problem := apptest.TestID(doc, "problem").Text()
	switch {
	case strings.Contains(problem, "Check before trying again"):
		if apptest.TestID(doc, "check").Length() == 0 {
			t.Errorf("asked to check, without a link to where: %q", problem)
		}
		t.Errorf("Aula could look, yet says it cannot tell: %q", problem)
		return false
	case strings.Contains(problem, "cannot tell whether") && strings.Contains(problem, "again is safe"):
		if apptest.TestID(doc, "retry").Length() == 0 {
			t.Errorf("a retry is said to be safe but not offered: %q", problem)
		}
		return true
	case applied:
		t.Fatalf("the write was made, but the page says: %q", problem)
	case strings.Contains(problem, "not saved") || strings.Contains(problem, "not changed") ||
		strings.Contains(problem, "Nothing was") || strings.Contains(problem, "not enrolled"):
		return true
	}
	t.Fatalf("the page does not say what became of the write: %q", problem)
	return false
}
