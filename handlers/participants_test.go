package handlers_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
)

// A status sent with nothing chosen changes nothing and says so; Deleted
// is set only once confirmed, and the confirmation keeps the notify tick.
func TestStatusNeedsAChoiceAndDeletedAConfirmation(t *testing.T) {
	s := apptest.Start(t, apptest.WithLogLevel(8))
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	tr := activeCatalogueTraining(t, s.Sandbox.Snapshot())
	path := "/trainings/" + tr.ID.String() + "/status"
	apiCalls(s)

	res := hr.Post(path, url.Values{"status": {""}})
	mustStatus(t, res, http.StatusSeeOther)
	if got := apptest.TestID(apptest.Parse(t, hr.Get(location(t, res))), "flash-error").Text(); !strings.Contains(got, "Choose the new status first") {
		t.Errorf("nothing chosen, the page says %q", got)
	}
	res = hr.Post(path, url.Values{"status": {"deleted"}, "notify": {"on"}})
	mustStatus(t, res, http.StatusOK)
	doc := apptest.Parse(t, res)
	if apptest.TestID(doc, "confirm").Length() != 1 || doc.Find(`form input[name="status"][value="deleted"]`).Length() != 1 ||
		doc.Find(`form input[name="notify"]`).Length() != 1 {
		t.Fatalf("Deleted is not confirmed first with the choice kept:\n%s", excerpt(apptest.Body(res)))
	}
	if n := countCalls(apiCalls(s), "POST trainings/trainings/update_status"); n != 0 {
		t.Fatalf("%d status changes sent before a confirmation", n)
	}
	mustStatus(t, hr.Post(path, url.Values{"status": {"deleted"}, "confirmed": {"yes"}}), http.StatusSeeOther)
	if st := s.Sandbox.Snapshot().Training(tr.ID).Status; *st != factorial.TrainingDeleted {
		t.Errorf("confirmed, the status is %s", *st)
	}
	// Draft and Active need no confirmation: nothing is hidden by them.
	mustStatus(t, hr.Post(path, url.Values{"status": {"active"}}), http.StatusSeeOther)
	if st := s.Sandbox.Snapshot().Training(tr.ID).Status; *st != factorial.TrainingActive {
		t.Errorf("active again: status %s", *st)
	}
}

// The filter narrows by state and by name, pages hold 50, and a page past
// the last shows the last.
func TestParticipantsFilterAndPages(t *testing.T) {
	s := apptest.Start(t, apptest.WithLogLevel(8))
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	tr := crowdedTraining(t, s, 120)
	base := "/trainings/" + tr.ID.String() + "/participants"
	rows := func(query string) []string {
		doc := apptest.Parse(t, hr.Get(base+query))
		return rowNames(doc, "participant-status")
	}
	if got := rows(""); len(got) != 50 {
		t.Errorf("first page: %d rows", len(got))
	}
	if got := rows("?page=3"); len(got) != 20 {
		t.Errorf("last page: %d rows, want 20", len(got))
	}
	if got := rows("?page=9"); len(got) != 20 {
		t.Errorf("a page past the last: %d rows, want the last page's 20", len(got))
	}
	expired := rows("?state=expired")
	if len(expired) != 12 {
		t.Errorf("%d expired, want 12", len(expired))
	}
	for _, st := range expired {
		if !strings.HasPrefix(st, "Expired on ") {
			t.Errorf("an expired row says %q", st)
		}
	}
	if got := rows("?state=completed"); len(got) != 12 {
		t.Errorf("%d completed, want 12 (the expired ones are not)", len(got))
	}
	if got := rows("?state=nonsense"); len(got) != 50 {
		t.Errorf("an unknown state filters nothing: %d rows", len(got))
	}
	name := apptest.TestID(apptest.Parse(t, hr.Get(base)), "participant-name").First().Text()
	res := hr.Do(http.MethodGet, base+"?q="+url.QueryEscape(strings.ToUpper(name)), nil, htmxTo("participants-list"))
	if res.Header.Get("HX-Push-Url") != base+"?q="+url.QueryEscape(strings.ToUpper(name)) {
		t.Errorf("the address is not kept: HX-Push-Url %q", res.Header.Get("HX-Push-Url"))
	}
	body := apptest.Body(res)
	doc := apptest.Parse(t, res)
	if got := rowNames(doc, "participant-name"); len(got) == 0 || !strings.EqualFold(got[0], name) || strings.Contains(body, "<html") {
		t.Errorf("searching %q under htmx: %q", name, got)
	}
}

// One date for the people ticked: each enrolment is saved; when some fail,
// Aula reads them back and says who has the date and who has not, with
// those still ticked; a missing date or tick changes nothing.
func TestOneCompletionDateForSeveral(t *testing.T) {
	s := apptest.Start(t, apptest.WithLogLevel(8))
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	f := fixtureOf(t, s.Sandbox.Snapshot())
	ms := membersOf(s.Sandbox.Snapshot(), f.training.ID)[:3]
	path := "/trainings/" + f.training.ID.String() + "/participants/completion"
	ids := []string{ms[0].ID.String(), ms[1].ID.String(), ms[2].ID.String()}

	doc := apptest.Parse(t, hr.Post(path, url.Values{"ids": ids, "completed_at": {""}}))
	if got := apptest.TestID(doc, "error-bulk-completed_at").Text(); got != "Enter the completion date first." {
		t.Errorf("no date: %q", got)
	}
	if n := apptest.TestID(doc, "participant-row").Length(); n != 3 {
		t.Errorf("the refused form shows %d rows, want the 3 ticked", n)
	}
	s.Sandbox.SetFaults(sandbox.Fault{Method: "PUT", Path: "trainings/training_memberships/" + ids[1], Status: 500})
	res := hr.Post(path, url.Values{"ids": ids, "completed_at": {"2026-11-03"}})
	s.Sandbox.SetFaults()
	doc = apptest.Parse(t, res)
	if got := apptest.TestID(doc, "problem").Text(); !strings.Contains(got, "2 of the 3 people ticked have the completion date 3 Nov 2026 now; 1 do not") {
		t.Errorf("a partial save says %q", got)
	}
	if _, ticked := doc.Find("#m-" + ids[1]).Attr("checked"); !ticked || doc.Find("#m-"+ids[0]).Length() != 0 {
		t.Error("the one without the date is listed and ticked, the others not")
	}
	for i, m := range ms {
		got := findMember(s, m.ID).TrainingCompletedAt
		if (got != nil && got.String() == "2026-11-03") != (i != 1) {
			t.Errorf("member %d: completion %v", i, got)
		}
	}
	res = hr.Post(path, url.Values{"ids": ids, "completed_at": {"2026-11-03"}})
	mustStatus(t, res, http.StatusSeeOther)
	if got := apptest.TestID(apptest.Parse(t, hr.Get(location(t, res))), "flash-success").Text(); !strings.Contains(got, "3 people now have the completion date 3 Nov 2026") {
		t.Errorf("saved: %q", got)
	}
	foreign := ""
	for _, m := range s.Sandbox.Snapshot().TrainingMemberships {
		if m.TrainingID != f.training.ID {
			foreign = m.ID.String()
			break
		}
	}
	mustStatus(t, hr.Post(path, url.Values{"ids": {foreign}, "completed_at": {"2026-11-04"}}), http.StatusSeeOther)
	if fid, _ := factorial.ParseID(foreign); findMember(s, fid).TrainingCompletedAt != nil && findMember(s, fid).TrainingCompletedAt.String() == "2026-11-04" {
		t.Error("another training's enrolment was changed through this one")
	}
}

// An empty date sent for a row without one is refused, not "cleared", and
// nothing is sent to Factorial.
func TestNothingToClearIsNotCleared(t *testing.T) {
	s := apptest.Start(t, apptest.WithLogLevel(8))
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	f := fixtureOf(t, s.Sandbox.Snapshot())
	var m factorial.TrainingMembership
	for _, x := range membersOf(s.Sandbox.Snapshot(), f.training.ID) {
		if x.TrainingCompletedAt == nil {
			m = x
		}
	}
	apiCalls(s)
	h := htmxTo("member-" + m.ID.String())
	h.Set("X-CSRF-Token", hr.CSRFToken())
	res := hr.Do(http.MethodPost, "/trainings/"+f.training.ID.String()+"/participants/"+m.ID.String()+"/completion",
		url.Values{"completed_at": {""}}, h)
	body := apptest.Body(res)
	if strings.Contains(body, "cleared") || !strings.Contains(body, "Enter the completion date first.") {
		t.Errorf("an empty date on a row without one answers:\n%s", excerpt(body))
	}
	if n := countCalls(apiCalls(s), "PUT "); n != 0 {
		t.Errorf("%d writes sent for nothing", n)
	}
}

// The participants export says Expired for a lapsed completion, with the
// last day it counted.
func TestParticipantsCSVSaysExpired(t *testing.T) {
	s := apptest.Start(t, apptest.WithLogLevel(8))
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	tr, m := lapsedCompletion(t, s.Sandbox.Snapshot())
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(apptest.Body(hr.Get("/trainings/"+tr.ID.String()+"/participants.csv")), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] {
		if r[1] == m.EmployeeID.String() {
			if r[4] != "Expired" || r[7] == "" {
				t.Errorf("a lapsed completion is exported as %q", r)
			}
			return
		}
	}
	t.Error("the participant is not in the export")
}

// A deleted training an enrolment still points at is never a number: HR
// reads its name; an employee, who may not read it, sees "A deleted
// training" on their home page.
func TestDeletedTrainingsAreNamed(t *testing.T) {
	s := apptest.Start(t, apptest.WithLogLevel(8))
	st := s.Sandbox.Snapshot()
	var gone factorial.Training
	for _, tr := range st.Trainings {
		if tr.Status != nil && *tr.Status == factorial.TrainingDeleted {
			gone = tr
			break
		}
	}
	if gone.ID == 0 {
		t.Fatal("no deleted training in the sandbox")
	}
	if _, err := apiClient(t, s.Sandbox).Memberships.BulkCreate(context.Background(), gone.ID, []factorial.ID{st.Personas[sandbox.PersonaEmployee]}); err != nil {
		t.Fatal(err)
	}
	doc := apptest.Parse(t, s.SignIn(t, sandbox.PersonaHRAdmin).Get("/trainings/"+gone.ID.String()))
	if got := apptest.TestID(doc, "training-title").Text(); got != gone.Name {
		t.Errorf("HR sees the deleted training as %q, want %q", got, gone.Name)
	}
	body := apptest.Body(s.SignIn(t, sandbox.PersonaEmployee).Get("/"))
	if strings.Contains(body, "Training "+gone.ID.String()) || !strings.Contains(body, "A deleted training") {
		t.Errorf("the employee's home names the deleted training by number or not at all:\n%s", excerpt(body))
	}
}

// Enrolling into a group is two writes, and each half is told truthfully:
// invitations Factorial stored though its answer was lost count as sent
// (Aula looks); invitations not stored are named, with the people said to
// be enrolled; when Aula cannot look it says so; a failed enrolment sends
// no invitation; a group of another training is refused before any write.
func TestEnrolIntoGroupWhenFactorialFails(t *testing.T) {
	invite := "trainings/session_access_memberships/bulk_create"
	for _, tc := range []struct {
		name   string
		faults []sandbox.Fault
		member bool   // enrolled afterwards
		invite bool   // invited to every session afterwards
		says   string // in the problem, or in the flash after a redirect
	}{
		{"answered", nil, true, true, "They were invited to the"},
		{"invitations stored, answers lost", []sandbox.Fault{{Method: "POST", Path: invite, Status: 502, Applied: true}}, true, true, "They were invited to the"},
		{"invitations not stored", []sandbox.Fault{{Method: "POST", Path: invite, Status: 500}}, true, false, "They were not invited to these sessions of"},
		{"connection lost, not stored", []sandbox.Fault{{Method: "POST", Path: invite, Drop: true}}, true, false, "They were not invited to these sessions of"},
		{"invitations refused", []sandbox.Fault{{Method: "POST", Path: invite, Status: 422}}, true, false, "They were not invited to these sessions of"},
		{"cannot look", []sandbox.Fault{{Method: "POST", Path: invite, Status: 500}, {Method: "GET", Path: "trainings/session_access_memberships*", Status: 500}}, true, false, "Aula could not look, for:"},
		{"enrolment refused", []sandbox.Fault{{Method: "POST", Path: "trainings/training_memberships/bulk_create", Status: 422}}, false, false, "Nothing was changed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, apptest.WithLogLevel(8))
			hr := s.SignIn(t, sandbox.PersonaHRAdmin)
			class, sessions := groupWithSessions(t, s.Sandbox.Snapshot())
			e := outsiderOf(t, s.Sandbox.Snapshot(), class.TrainingID)
			apiCalls(s)
			s.Sandbox.SetFaults(tc.faults...)
			res := hr.Post("/trainings/"+class.TrainingID.String()+"/participants",
				url.Values{"employee_ids": {e.ID.String()}, "class_id": {string(class.ID)}})
			s.Sandbox.SetFaults()
			calls := apiCalls(s)
			var text string
			if res.StatusCode == http.StatusSeeOther {
				text = apptest.TestID(apptest.Parse(t, hr.Get(location(t, res))), "flash-success").Text()
			} else {
				text = apptest.TestID(apptest.Parse(t, res), "problem").Text()
			}
			if !strings.Contains(text, tc.says) {
				t.Errorf("the page says %q, want %q", text, tc.says)
			}
			if tc.member && !tc.invite && !strings.Contains(text, "1 person is enrolled in the training") {
				t.Errorf("the enrolment made is not told: %q", text)
			}
			st := s.Sandbox.Snapshot()
			member := false
			for _, m := range membersOf(st, class.TrainingID) {
				member = member || m.EmployeeID == e.ID
			}
			if member != tc.member {
				t.Errorf("enrolled: %v, want %v", member, tc.member)
			}
			for _, ss := range sessions {
				if invitedTo(st, ss.ID, e.ID) != tc.invite {
					t.Errorf("invited to session %d: %v, want %v", ss.ID, !tc.invite, tc.invite)
				}
			}
			if !tc.member && countCalls(calls, "POST "+invite) != 0 {
				t.Error("invitations sent for an enrolment that failed")
			}
		})
	}
	t.Run("a group of another training", func(t *testing.T) {
		s := apptest.Start(t, apptest.WithLogLevel(8))
		hr := s.SignIn(t, sandbox.PersonaHRAdmin)
		class, _ := groupWithSessions(t, s.Sandbox.Snapshot())
		var other factorial.Training
		for _, tr := range visibleTrainings(s.Sandbox.Snapshot()) {
			if tr.ID != class.TrainingID && other.ID == 0 {
				other = tr
			}
		}
		e := outsiderOf(t, s.Sandbox.Snapshot(), other.ID)
		apiCalls(s)
		res := hr.Post("/trainings/"+other.ID.String()+"/participants", url.Values{"employee_ids": {e.ID.String()}, "class_id": {string(class.ID)}})
		mustStatus(t, res, http.StatusSeeOther)
		if n := countCalls(apiCalls(s), "POST "); n != 0 {
			t.Errorf("%d writes for a group of another training", n)
		}
	})
}
