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

// formValues reads what a browser would send from the form holding the
// element with id field: inputs (ticked boxes only), textareas, selects.
func formValues(doc *goquery.Document, field string) url.Values {
	v := url.Values{}
	form := doc.Find("#" + field).Closest("form")
	form.Find("input[name], textarea[name], select[name]").Each(func(_ int, s *goquery.Selection) {
		name := s.AttrOr("name", "")
		switch {
		case s.Is("textarea"):
			v.Add(name, s.Text())
		case s.Is("select"):
			v.Add(name, s.Find("option[selected]").AttrOr("value", ""))
		case s.AttrOr("type", "") == "checkbox" || s.AttrOr("type", "") == "radio":
			if _, on := s.Attr("checked"); on {
				v.Add(name, s.AttrOr("value", "on"))
			}
		default:
			v.Add(name, s.AttrOr("value", ""))
		}
	})
	return v
}

// TestTrainingFormKeepsCategoriesWhenTheyCannotBeLoaded: if Factorial fails
// to list the categories when a training form is sent, the form comes back
// with the chosen categories still in it, so sending it again does not strip
// the training of its categories.
func TestTrainingFormKeepsCategoriesWhenTheyCannotBeLoaded(t *testing.T) {
	s := apptest.Start(t, apptest.WithLogLevel(8))
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	var tr factorial.Training
	for _, x := range s.Sandbox.Snapshot().Trainings {
		if len(x.CategoryIDs) > 0 {
			tr = x
			break
		}
	}
	if tr.ID == 0 {
		t.Fatal("no training with categories in the sandbox")
	}
	edit := "/trainings/" + tr.ID.String() + "/edit"
	form := formValues(apptest.Parse(t, hr.Get(edit)), "f-name")
	if len(form["category_ids"]) != len(tr.CategoryIDs) {
		t.Fatalf("edit form has categories %v, training %v", form["category_ids"], tr.CategoryIDs)
	}
	form.Set("name", "Renamed while categories fail")
	s.Sandbox.SetFaults(sandbox.Fault{Method: "GET", Path: "trainings/categories", Status: 500})
	res := hr.Post(edit, form)
	s.Sandbox.SetFaults()
	doc := apptest.Parse(t, res)
	if apptest.TestID(doc, "problem").Length() == 0 {
		t.Fatalf("status %d: no problem shown", res.StatusCode)
	}
	again := formValues(doc, "f-name")
	if again.Get("name") != "Renamed while categories fail" {
		t.Fatalf("name not kept: %q", again.Get("name"))
	}
	location(t, hr.Post(edit, again))
	saved := s.Sandbox.Snapshot().Training(tr.ID)
	if saved.Name != "Renamed while categories fail" {
		t.Fatalf("not saved: name %q", saved.Name)
	}
	if len(saved.CategoryIDs) != len(tr.CategoryIDs) {
		t.Errorf("sending the form again changed the categories from %v to %v", tr.CategoryIDs, saved.CategoryIDs)
	}
}
