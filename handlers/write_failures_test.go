package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
)

// TestDeleteWithoutAnswerDoesNotClaimNothingChanged: when Factorial does not
// answer a delete in time, Aula cannot know whether it was done; the page
// must say so instead of "Nothing was changed", and offer the retry.
func TestDeleteWithoutAnswerDoesNotClaimNothingChanged(t *testing.T) {
	s := apptest.Start(t, apptest.WithLogLevel(8), apptest.WithEnv("AULA_REQUEST_TIMEOUT", "1s"))
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	f := fixtureOf(t, s.Sandbox.Snapshot())
	tid := f.training.ID.String()
	for _, tc := range []struct{ name, path, fault string }{
		{"training", "/trainings/" + tid + "/delete", "trainings/trainings/*"},
		{"group", "/trainings/" + tid + "/groups/" + string(f.class.ID) + "/delete", "trainings/training_classes/*"},
		{"category", "/trainings/categories/" + f.category.ID.String() + "/delete", "trainings/categories/*"},
	} {
		for _, fault := range []sandbox.Fault{
			{Method: "DELETE", Path: tc.fault, Latency: 5 * time.Second},
			{Method: "DELETE", Path: tc.fault, Drop: true},
		} {
			t.Run(tc.name+fmt.Sprintf(" drop=%v", fault.Drop), func(t *testing.T) {
				s.Sandbox.SetFaults(fault)
				defer s.Sandbox.SetFaults()
				res := hr.Post(tc.path, url.Values{"confirmed": {"yes"}})
				if res.StatusCode < 500 {
					t.Fatalf("status %d, want a 5xx\n%s", res.StatusCode, excerpt(apptest.Body(res)))
				}
				doc := apptest.Parse(t, res)
				detail := apptest.TestID(doc, "problem-detail").Text()
				if strings.Contains(detail, "Nothing was changed") || !strings.Contains(detail, "cannot tell whether") {
					t.Errorf("the page claims to know the outcome: %q", detail)
				}
				if apptest.TestID(doc, "retry").AttrOr("href", "") != tc.path {
					t.Errorf("no retry back to the confirmation %s", tc.path)
				}
			})
		}
	}
}

// TestWritesWithoutAnswerDoNotClaimNothingChanged: every write whose request
// runs out of time while Factorial has not answered says that Aula cannot
// tell whether it was saved, never that nothing was, even when the page it
// would show again cannot be loaded in the time left.
func TestWritesWithoutAnswerDoNotClaimNothingChanged(t *testing.T) {
	for _, tc := range writeCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, apptest.WithLogLevel(8), apptest.WithEnv("AULA_REQUEST_TIMEOUT", "1s"))
			hr := s.SignIn(t, sandbox.PersonaHRAdmin)
			f := fixtureOf(t, s.Sandbox.Snapshot())
			fault := tc.fault
			fault.Status, fault.Latency = 0, 5*time.Second
			s.Sandbox.SetFaults(fault)
			res := hr.Post(tc.path(f), tc.form(f))
			s.Sandbox.SetFaults()
			if res.StatusCode < 500 {
				t.Fatalf("status %d, want a 5xx\n%s", res.StatusCode, excerpt(apptest.Body(res)))
			}
			problem := apptest.TestID(apptest.Parse(t, res), "problem").Text()
			if strings.Contains(problem, "Nothing was") ||
				!strings.Contains(problem, "cannot tell whether") && !strings.Contains(problem, "may not have been saved") {
				t.Errorf("the page claims to know the outcome: %q", problem)
			}
		})
	}
}

// TestRetryAfterFailedPostLeadsBackToTheForm: when a form post fails with a
// retry, "Try again" leads to a page that holds the form, not to the address
// posted to when that has no page (it would say "Page not found").
func TestRetryAfterFailedPostLeadsBackToTheForm(t *testing.T) {
	s := apptest.Start(t, apptest.WithLogLevel(8), apptest.WithEnv("AULA_REQUEST_TIMEOUT", "1s"))
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	f := fixtureOf(t, s.Sandbox.Snapshot())
	tid := f.training.ID.String()
	participants := "/trainings/" + tid + "/participants"
	for _, tc := range []struct {
		name, path, method, fault, want string
		form                            url.Values
	}{
		{"bulk hide", "/trainings/bulk", "POST", "trainings/trainings/bulk_update_catalog", "/trainings?per_page=100",
			url.Values{"action": {"hide"}, "ids": {tid}, "return_to": {"/trainings?per_page=100"}}},
		{"change status", "/trainings/" + tid + "/status", "POST", "trainings/trainings/update_status", "/trainings/" + tid,
			url.Values{"status": {"draft"}}},
		{"remove participants", participants + "/remove", "POST", "trainings/training_memberships/bulk_destroy", participants,
			url.Values{"mode": {"selected"}, "confirmed": {"yes"}, "ids": {f.member.ID.String()}}},
		{"completion date", participants + "/" + f.member.ID.String() + "/completion", "PUT", "trainings/training_memberships/*", participants,
			url.Values{"completed_at": {"2026-01-02"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s.Sandbox.SetFaults(sandbox.Fault{Method: tc.method, Path: tc.fault, Latency: 5 * time.Second})
			defer s.Sandbox.SetFaults()
			res := hr.Post(tc.path, tc.form)
			retry := apptest.TestID(apptest.Parse(t, res), "retry").AttrOr("href", "")
			if retry != tc.want {
				t.Fatalf("status %d: retry leads to %q, want %q", res.StatusCode, retry, tc.want)
			}
			s.Sandbox.SetFaults()
			if res := hr.Get(retry); res.StatusCode != http.StatusOK {
				t.Errorf("GET %s (the retry): status %d", retry, res.StatusCode)
			}
		})
	}
}

// writeCase is one write a person makes through Aula, and how to tell that
// the page kept their input and that Factorial's data did not change.
type writeCase struct {
	name    string
	fault   sandbox.Fault
	path    func(f fixture) string
	form    func(f fixture) url.Values
	kept    func(f fixture, doc *goquery.Document) bool
	changed func(f fixture, st *sandbox.State) bool
}

func writeCases() []writeCase {
	groupForm := func(fixture) url.Values {
		return url.Values{"name": {"Kept group"}, "start_date": {"2026-05-01"}, "end_date": {"2026-05-02"}, "cost": {"10"}, "payment_status": {"paid"}}
	}
	nameKept := func(want string) func(fixture, *goquery.Document) bool {
		return func(_ fixture, doc *goquery.Document) bool { return doc.Find("#f-name").AttrOr("value", "") == want }
	}
	return []writeCase{
		{
			name:  "edit training",
			fault: sandbox.Fault{Method: "PUT", Path: "trainings/trainings/*", Status: 500},
			path:  func(f fixture) string { return "/trainings/" + f.training.ID.String() + "/edit" },
			form:  func(fixture) url.Values { return url.Values{"name": {"Kept name"}, "year": {"2026"}} },
			kept:  nameKept("Kept name"),
			changed: func(f fixture, st *sandbox.State) bool {
				return st.Training(f.training.ID).Name != f.training.Name
			},
		},
		{
			name:  "change status",
			fault: sandbox.Fault{Method: "POST", Path: "trainings/trainings/update_status", Status: 500},
			path:  func(f fixture) string { return "/trainings/" + f.training.ID.String() + "/status" },
			form:  func(fixture) url.Values { return url.Values{"status": {"draft"}, "notify": {"on"}} },
			kept: func(_ fixture, doc *goquery.Document) bool {
				return strings.Contains(apptest.TestID(doc, "problem-title").Text(), "status was not changed")
			},
			changed: func(f fixture, st *sandbox.State) bool {
				s := st.Training(f.training.ID).Status
				return s != nil && *s == factorial.TrainingDraft
			},
		},
		{
			name:  "bulk hide",
			fault: sandbox.Fault{Method: "POST", Path: "trainings/trainings/bulk_update_catalog", Status: 500},
			path:  func(fixture) string { return "/trainings/bulk" },
			form: func(f fixture) url.Values {
				return url.Values{"action": {"hide"}, "ids": {f.training.ID.String()}, "return_to": {"/trainings?per_page=100"}}
			},
			kept: func(f fixture, doc *goquery.Document) bool {
				_, checked := doc.Find("#select-" + f.training.ID.String()).Attr("checked")
				return checked
			},
			changed: func(f fixture, st *sandbox.State) bool {
				return st.Training(f.training.ID).Catalog != f.training.Catalog
			},
		},
		{
			name:  "bulk delete",
			fault: sandbox.Fault{Method: "POST", Path: "trainings/trainings/bulk_delete", Status: 500},
			path:  func(fixture) string { return "/trainings/bulk" },
			form: func(f fixture) url.Values {
				return url.Values{"action": {"delete"}, "confirmed": {"yes"}, "ids": {f.training.ID.String()}, "return_to": {"/trainings?per_page=100"}}
			},
			kept: func(f fixture, doc *goquery.Document) bool {
				_, checked := doc.Find("#select-" + f.training.ID.String()).Attr("checked")
				return checked
			},
			changed: func(f fixture, st *sandbox.State) bool { return st.Training(f.training.ID) == nil },
		},
		{
			name:  "delete training",
			fault: sandbox.Fault{Method: "DELETE", Path: "trainings/trainings/*", Status: 500},
			path:  func(f fixture) string { return "/trainings/" + f.training.ID.String() + "/delete" },
			form:  func(fixture) url.Values { return url.Values{"confirmed": {"yes"}} },
			kept: func(f fixture, doc *goquery.Document) bool {
				// The retry leads back to the confirmation.
				return apptest.TestID(doc, "retry").AttrOr("href", "") == "/trainings/"+f.training.ID.String()+"/delete"
			},
			changed: func(f fixture, st *sandbox.State) bool { return st.Training(f.training.ID) == nil },
		},
		{
			name:  "create group",
			fault: sandbox.Fault{Method: "POST", Path: "trainings/training_classes", Status: 500},
			path:  func(f fixture) string { return "/trainings/" + f.training.ID.String() + "/groups" },
			form:  groupForm,
			kept:  nameKept("Kept group"),
			changed: func(f fixture, st *sandbox.State) bool {
				for _, c := range st.Classes {
					if c.Name == "Kept group" {
						return true
					}
				}
				return false
			},
		},
		{
			name:  "edit group",
			fault: sandbox.Fault{Method: "PUT", Path: "trainings/training_classes/*", Status: 500},
			path: func(f fixture) string {
				return "/trainings/" + f.training.ID.String() + "/groups/" + string(f.class.ID) + "/edit"
			},
			form: groupForm,
			kept: nameKept("Kept group"),
			changed: func(f fixture, st *sandbox.State) bool {
				for _, c := range st.Classes {
					if c.ID == f.class.ID {
						return c.Name == "Kept group"
					}
				}
				return true
			},
		},
		{
			name:  "enrol",
			fault: sandbox.Fault{Method: "POST", Path: "trainings/training_memberships/bulk_create", Status: 500},
			path:  func(f fixture) string { return "/trainings/" + f.training.ID.String() + "/participants" },
			form:  func(f fixture) url.Values { return url.Values{"employee_ids": {f.outsider.ID.String()}} },
			kept: func(f fixture, doc *goquery.Document) bool {
				_, checked := doc.Find("#enrol-" + f.outsider.ID.String()).Attr("checked")
				return checked
			},
			changed: func(f fixture, st *sandbox.State) bool {
				for _, m := range membersOf(st, f.training.ID) {
					if m.EmployeeID == f.outsider.ID {
						return true
					}
				}
				return false
			},
		},
		{
			name:  "remove participants",
			fault: sandbox.Fault{Method: "POST", Path: "trainings/training_memberships/bulk_destroy", Status: 500},
			path:  func(f fixture) string { return "/trainings/" + f.training.ID.String() + "/participants/remove" },
			form: func(f fixture) url.Values {
				return url.Values{"mode": {"selected"}, "confirmed": {"yes"}, "ids": {f.member.ID.String()}}
			},
			kept: func(f fixture, doc *goquery.Document) bool {
				_, checked := doc.Find("#m-" + f.member.ID.String()).Attr("checked")
				return checked
			},
			changed: func(f fixture, st *sandbox.State) bool {
				for _, m := range st.TrainingMemberships {
					if m.ID == f.member.ID {
						return false
					}
				}
				return true
			},
		},
		{
			name:  "completion date",
			fault: sandbox.Fault{Method: "PUT", Path: "trainings/training_memberships/*", Status: 500},
			path: func(f fixture) string {
				return "/trainings/" + f.training.ID.String() + "/participants/" + f.member.ID.String() + "/completion"
			},
			form: func(fixture) url.Values { return url.Values{"completed_at": {"2026-01-02"}} },
			kept: func(f fixture, doc *goquery.Document) bool {
				return doc.Find("#done-"+f.member.ID.String()).AttrOr("value", "") == "2026-01-02"
			},
			changed: func(f fixture, st *sandbox.State) bool {
				for _, m := range st.TrainingMemberships {
					if m.ID == f.member.ID {
						return m.TrainingCompletedAt != nil && m.TrainingCompletedAt.String() == "2026-01-02"
					}
				}
				return true
			},
		},
		{
			name:  "create category",
			fault: sandbox.Fault{Method: "POST", Path: "trainings/categories", Status: 500},
			path:  func(fixture) string { return "/trainings/categories" },
			form:  func(fixture) url.Values { return url.Values{"name": {"Kept category"}} },
			kept:  nameKept("Kept category"),
			changed: func(_ fixture, st *sandbox.State) bool {
				for _, c := range st.Categories {
					if c.Name == "Kept category" {
						return true
					}
				}
				return false
			},
		},
		{
			name:  "delete category",
			fault: sandbox.Fault{Method: "DELETE", Path: "trainings/categories/*", Status: 500},
			path:  func(f fixture) string { return "/trainings/categories/" + f.category.ID.String() + "/delete" },
			form:  func(fixture) url.Values { return url.Values{"confirmed": {"yes"}} },
			kept: func(f fixture, doc *goquery.Document) bool {
				return apptest.TestID(doc, "retry").AttrOr("href", "") == "/trainings/categories/"+f.category.ID.String()+"/delete"
			},
			changed: func(f fixture, st *sandbox.State) bool {
				for _, c := range st.Categories {
					if c.ID == f.category.ID {
						return false
					}
				}
				return true
			},
		},
	}
}

// TestWritesWhenFactorialFails: for every write, a 5xx from Factorial gives
// a page that says so, keeps what the person entered or ticked, and nothing
// changed in Factorial.
func TestWritesWhenFactorialFails(t *testing.T) {
	for _, tc := range writeCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, apptest.WithLogLevel(8))
			hr := s.SignIn(t, sandbox.PersonaHRAdmin)
			f := fixtureOf(t, s.Sandbox.Snapshot())
			s.Sandbox.SetFaults(tc.fault)
			res := hr.Post(tc.path(f), tc.form(f))
			s.Sandbox.SetFaults()
			if res.StatusCode != http.StatusBadGateway {
				t.Fatalf("status %d, want 502\n%s", res.StatusCode, excerpt(apptest.Body(res)))
			}
			doc := apptest.Parse(t, res)
			problem := apptest.TestID(doc, "problem").Text()
			if !strings.Contains(problem, "Nothing was") && !strings.Contains(problem, "not saved") && !strings.Contains(problem, "may not have been saved") {
				t.Errorf("the page does not say whether anything was saved: %q", problem)
			}
			if !tc.kept(f, doc) {
				t.Error("the person's input or selection was not kept")
			}
			if tc.changed(f, s.Sandbox.Snapshot()) {
				t.Error("Factorial's data changed although the write failed")
			}
		})
	}
}

// TestWritesRefusedForEmployee: Factorial refuses an employee's writes with
// 403; the page says they are not permitted and nothing changed.
func TestWritesRefusedForEmployee(t *testing.T) {
	s := apptest.Start(t, apptest.WithLogLevel(8))
	emp := s.SignIn(t, sandbox.PersonaEmployee)
	f := fixtureOf(t, s.Sandbox.Snapshot())
	// A training the employee can read: active and in the catalogue.
	doc := apptest.Parse(t, emp.Get("/trainings?catalog=yes&status=active"))
	id, err := factorial.ParseID(apptest.TestID(doc, "training-row").First().AttrOr("data-id", ""))
	if err != nil {
		t.Fatal("the employee sees no training")
	}
	f.training = *s.Sandbox.Snapshot().Training(id)
	for _, tc := range writeCases() {
		switch tc.name {
		case "edit group", "remove participants", "completion date", "delete category":
			continue // need records an employee cannot read; Factorial answers 404 first
		}
		t.Run(tc.name, func(t *testing.T) {
			before := s.Sandbox.Snapshot()
			res := emp.Post(tc.path(f), tc.form(f))
			if res.StatusCode != http.StatusForbidden {
				t.Fatalf("status %d, want 403\n%s", res.StatusCode, excerpt(apptest.Body(res)))
			}
			if body := apptest.Body(res); !strings.Contains(body, "Not permitted") && !strings.Contains(body, "not allowed to do this") {
				t.Error("the page does not say the person is not permitted")
			}
			if tc.changed(f, s.Sandbox.Snapshot()) || len(before.Trainings) != len(s.Sandbox.Snapshot().Trainings) {
				t.Error("Factorial's data changed")
			}
		})
	}
}
