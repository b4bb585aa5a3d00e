package handlers_test

import (
	"context"
	"github.com/PuerkitoBio/goquery"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/paths"
)

// TestSessionPageShowsTheSession: the facts in the company's zone, a link
// only for an http(s) address, the participants with their attendance in
// the sheet's words and the counts; the sheet for whoever marks it, the
// scheduling for HR; a person Factorial does not show it to gets a 404.
func TestSessionPageShowsTheSession(t *testing.T) {
	s := startSheetServer(t)
	st := s.Sandbox.Snapshot()
	tr, group := schedulingGroup(t, st)
	var people []factorial.ID
	for _, e := range st.Employees {
		if e.Active && len(people) < 3 && e.ID != st.Personas[sandbox.PersonaEmployee] {
			people = append(people, e.ID)
		}
	}
	start := time.Date(2026, 12, 3, 9, 30, 0, 0, madrid)
	x := craftSession(t, s, tr.ID, group.ID, "Forklift refresher", "Warehouse B", start, people...)
	cl := apiClient(t, s.Sandbox)
	ctx := context.Background()
	if _, err := cl.Sessions.Update(ctx, x.ID, &factorial.SessionRequest{Name: x.Name, TrainingID: tr.ID, TrainingClassID: x.TrainingClassID,
		StartsAt: x.StartsAt, EndsAt: x.EndsAt, Location: x.Location, Link: factorial.String("javascript:alert(1)"), Modality: x.Modality, Schedule: x.Schedule}); err != nil {
		t.Fatal(err)
	}
	att, err := cl.Attendances.All(ctx, &factorial.AttendanceListOptions{SessionID: x.ID})
	if err != nil || len(att) != 3 {
		t.Fatalf("%d attendances, %v", len(att), err)
	}
	for i, status := range []factorial.SessionAttendanceStatus{factorial.AttendanceCompleted, factorial.AttendanceMissing} {
		if _, err := cl.Attendances.BulkUpdate(ctx, factorial.AttendanceUpdate{IDs: []factorial.ID{att[i].ID}, Status: &status}); err != nil {
			t.Fatal(err)
		}
	}

	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	res := hr.Get(paths.SessionPage(x.ID))
	mustStatus(t, res, http.StatusOK)
	doc := apptest.Parse(t, res)
	for id, want := range map[string]string{
		"fact-when": "09:30", "fact-duration": "2 h", "fact-modality": "In person", "fact-location": "Warehouse B",
		"fact-group": group.Name, "fact-training": tr.Name, "fact-subsidized": "No",
		"session-counts": "3 people invited · 1 attended · 1 absent · 1 not marked",
	} {
		if got := strings.Join(strings.Fields(apptest.TestID(doc, id).Text()), " "); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want it to hold %q", id, got, want)
		}
	}
	if apptest.TestID(doc, "session-link").Length() != 0 || !strings.Contains(apptest.TestID(doc, "session-link-text").Text(), "javascript:alert(1)") {
		t.Error("a link that is not http(s) must be shown as text, never as a link")
	}
	if href, _ := apptest.TestID(doc, "session-training").Attr("href"); href != paths.Training(tr.ID) {
		t.Errorf("the training links to %q", href)
	}
	var words []string
	apptest.TestID(doc, "person-status").Each(func(_ int, s *goquery.Selection) { words = append(words, strings.TrimSpace(s.Text())) })
	if strings.Join(sorted(words), ",") != "absent,attended,not marked" {
		t.Errorf("attendance words %q, want the sheet's", words)
	}
	for _, id := range []string{"open-sheet", "session-edit", "session-delete", "session-invite", "session-ics"} {
		if apptest.TestID(doc, id).Length() == 0 {
			t.Errorf("HR's page has no %s", id)
		}
	}

	trainer := s.SignIn(t, sandbox.PersonaTrainer)
	doc = apptest.Parse(t, trainer.Get(paths.SessionPage(x.ID)))
	if apptest.TestID(doc, "open-sheet").Length() != 1 || apptest.TestID(doc, "session-edit").Length() != 0 || apptest.TestID(doc, "session-invite").Length() != 0 {
		t.Error("the trainer who teaches it gets the sheet, and neither scheduling nor invitations")
	}
	emp := s.SignIn(t, sandbox.PersonaEmployee)
	mustStatus(t, emp.Get(paths.SessionPage(x.ID)), http.StatusNotFound)
	mustStatus(t, emp.Get(paths.SessionEdit(x.ID)), http.StatusForbidden)
}

// TestSessionFormFollowsTheAPIsRules: each rule is named on its field, the
// input is kept, and nothing is sent to Factorial.
func TestSessionFormFollowsTheAPIsRules(t *testing.T) {
	s := startSheetServer(t)
	tr, group := schedulingGroup(t, s.Sandbox.Snapshot())
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	base := func(change map[string]string) url.Values {
		v := url.Values{"name": {"Rules check"}, "schedule": {"scheduled"}, "modality": {"online"}, "date": {"2026-12-10"},
			"start": {"10:00"}, "end": {"12:00"}, "link": {"https://meet.example/rules"}}
		for k, x := range change {
			if x == "" {
				v.Del(k)
			} else {
				v.Set(k, x)
			}
		}
		return v
	}
	cases := []struct {
		name   string
		change map[string]string
		field  string
	}{
		{"no name", map[string]string{"name": "  "}, "name"},
		{"ends before it starts", map[string]string{"end": "09:00"}, "end"},
		{"ends the next day (past midnight)", map[string]string{"start": "22:00", "end": "01:00"}, "end"},
		{"no day", map[string]string{"date": ""}, "date"},
		{"a day that is not one", map[string]string{"date": "2026-02-30"}, "date"},
		{"no start time", map[string]string{"start": "9h"}, "start"},
		{"a due date on a scheduled session", map[string]string{"due_date": "2026-12-20"}, "due_date"},
		{"times on a self-paced session", map[string]string{"schedule": "selfpaced", "due_date": "2026-12-20"}, "start"},
		{"a self-paced session does not repeat", map[string]string{"schedule": "selfpaced", "date": "", "start": "", "end": "", "repeat": "on", "until": "2027-01-01"}, "repeat"},
		{"an unknown modality", map[string]string{"modality": "telepathy"}, "modality"},
		{"an unknown schedule", map[string]string{"schedule": "sometimes"}, "schedule"},
		{"a series without its last day", map[string]string{"repeat": "on", "weekday": "4"}, "until"},
		{"a series without a weekday", map[string]string{"repeat": "on", "weekday": "9", "until": "2027-01-01"}, "weekday"},
		{"a series that never falls", map[string]string{"repeat": "on", "weekday": "1", "date": "2026-12-10", "until": "2026-12-12"}, "until"},
		{"a series longer than a year", map[string]string{"repeat": "on", "weekday": "4", "until": "2028-12-31"}, "until"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := sessionCreates(s)
			form := base(tc.change)
			res := hr.Post(newSessionPath(tr, group), form)
			mustStatus(t, res, http.StatusOK)
			doc := apptest.Parse(t, res)
			if apptest.TestID(doc, "error-"+tc.field).Length() != 1 {
				t.Fatalf("no error on %s; errors: %q", tc.field, apptest.TestID(doc, "form-errors").Text())
			}
			if got, _ := doc.Find(`input[name="name"]`).Attr("value"); got != form.Get("name") {
				t.Errorf("the name typed was not kept: %q", got)
			}
			if sessionCreates(s) != before {
				t.Error("an invalid form reached Factorial")
			}
		})
	}
	// A valid self-paced session goes through with its due date.
	res := hr.Post(newSessionPath(tr, group), base(map[string]string{"schedule": "selfpaced", "date": "", "start": "", "end": "", "due_date": "2026-12-20"}))
	mustStatus(t, res, http.StatusSeeOther)
	got := sessionsNamed(s.Sandbox.Snapshot(), "Rules check")
	if len(got) != 1 || got[0].DueDate == nil || got[0].DueDate.String() != "2026-12-20" || got[0].StartsAt != nil ||
		got[0].TrainingClassID == nil || *got[0].TrainingClassID != group.ID {
		t.Fatalf("the self-paced session in Factorial: %+v", got)
	}
}

// TestWeeklySeriesKeepsItsWallClockAcrossDST: Mondays 09:00–11:00 in Madrid
// from mid-October to mid-November are four sessions at 09:00 local, on both
// sides of the last Sunday of October (UTC 07:00, then 08:00), each marked
// recurrent, with calendar invites asked for.
func TestWeeklySeriesKeepsItsWallClockAcrossDST(t *testing.T) {
	s := startSheetServer(t)
	tr, group := schedulingGroup(t, s.Sandbox.Snapshot())
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	form := seriesForm("DST series", "2026-10-14", "2026-11-09")
	form.Set("clashes", "seen")
	res := hr.Post(newSessionPath(tr, group), form)
	mustStatus(t, res, http.StatusSeeOther)
	got := sessionsNamed(s.Sandbox.Snapshot(), "DST series")
	wantDays := []string{"2026-10-19", "2026-10-26", "2026-11-02", "2026-11-09"}
	wantUTC := []int{7, 8, 8, 8}
	if len(got) != len(wantDays) {
		t.Fatalf("%d sessions, want %d", len(got), len(wantDays))
	}
	for i, x := range got {
		local := x.StartsAt.In(madrid)
		if local.Format("2006-01-02 15:04") != wantDays[i]+" 09:00" || x.EndsAt.In(madrid).Format("15:04") != "11:00" {
			t.Errorf("session %d is %s–%s in Madrid", i, local, x.EndsAt.In(madrid))
		}
		if x.StartsAt.UTC().Hour() != wantUTC[i] {
			t.Errorf("session %d starts %s UTC, want %02d:00", i, x.StartsAt.UTC(), wantUTC[i])
		}
	}
	var recurrent, invites int
	for _, r := range s.Sandbox.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/trainings/sessions") {
			if strings.Contains(r.Body, `"recurrent":true`) {
				recurrent++
			}
			if strings.Contains(r.Body, `"send_calendar_invites":true`) {
				invites++
			}
		}
	}
	if recurrent != 4 || invites != 4 {
		t.Errorf("%d creates marked recurrent and %d with calendar invites, want 4 and 4", recurrent, invites)
	}
	flash := apptest.TestID(apptest.Parse(t, hr.Get(location(t, res))), "flash-success").Text()
	if !strings.Contains(flash, "4 sessions scheduled") {
		t.Errorf("flash %q", flash)
	}
}

// TestClashesWarnBeforeSaving: a session in the same place at an
// overlapping time, and a person of the group already invited to an
// overlapping session elsewhere (named), are told before saving; "Save
// anyway" saves.
func TestClashesWarnBeforeSaving(t *testing.T) {
	s := startSheetServer(t)
	st := s.Sandbox.Snapshot()
	tr, group := schedulingGroup(t, st)
	member := findMemberOf(t, st, tr.ID)
	// The member is in the group: invited to one of its sessions.
	craftSession(t, s, tr.ID, group.ID, "Group kick-off", "Hall", time.Date(2026, 9, 1, 9, 0, 0, 0, madrid), member.ID)
	other := otherTraining(t, st, tr.ID)
	otherGroup := groupOfTraining(t, st, other)
	craftSession(t, s, other, otherGroup, "Same room", "Aula room", time.Date(2026, 12, 14, 10, 0, 0, 0, madrid))
	craftSession(t, s, other, otherGroup, "Elsewhere", "Roof", time.Date(2026, 12, 21, 8, 0, 0, 0, madrid), member.ID)
	craftSession(t, s, other, otherGroup, "Free room", "Aula room", time.Date(2026, 12, 28, 12, 0, 0, 0, madrid))

	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	form := seriesForm("Clash series", "2026-12-14", "2026-12-28")
	res := hr.Post(newSessionPath(tr, group), form)
	mustStatus(t, res, http.StatusOK)
	doc := apptest.Parse(t, res)
	clashes := apptest.TestID(doc, "clash")
	if clashes.Length() != 2 {
		t.Fatalf("%d clashes told, want 2: %q", clashes.Length(), apptest.TestID(doc, "clashes").Text())
	}
	if !strings.Contains(clashes.Eq(0).Text(), "Same room") || clashes.Eq(0).Find(`[data-testid="clash-location"]`).Length() != 1 {
		t.Errorf("first clash %q: want the session in the same place", clashes.Eq(0).Text())
	}
	if !strings.Contains(clashes.Eq(1).Text(), "Elsewhere") || !strings.Contains(clashes.Eq(1).Find(`[data-testid="clash-people"]`).Text(), member.FullName) {
		t.Errorf("second clash %q: want %s named", clashes.Eq(1).Text(), member.FullName)
	}
	if apptest.TestID(doc, "save-anyway").Length() != 1 || len(sessionsNamed(s.Sandbox.Snapshot(), "Clash series")) != 0 {
		t.Fatal("a warned form saves nothing and offers Save anyway")
	}
	if got, _ := doc.Find(`input[name="until"]`).Attr("value"); got != "2026-12-28" {
		t.Errorf("the input was not kept: until %q", got)
	}
	again := formValues(doc, "f-name")
	mustStatus(t, hr.Post(newSessionPath(tr, group), again), http.StatusSeeOther)
	if n := len(sessionsNamed(s.Sandbox.Snapshot(), "Clash series")); n != 3 {
		t.Errorf("Save anyway made %d sessions, want 3", n)
	}
}

// TestSeriesFailingHalfWaySaysWhichWereCreated: Factorial refuses the third
// create (a 429, nothing stored): the page names the two created and the
// ones not, and the form now starts at the first one missing, so sending
// it again makes exactly the rest. When the third is stored but its answer
// lost, Aula looks once, finds it, and goes on: four sessions, each once.
func TestSeriesFailingHalfWaySaysWhichWereCreated(t *testing.T) {
	t.Run("refused", func(t *testing.T) {
		sb := sandbox.New(sandbox.WithClock(func() time.Time { return sheetNow }))
		s := startSheetServer(t, apptest.WithSandbox(sb), faultFromCreate(sb, 3, sandbox.Fault{Status: 422}))
		tr, group := schedulingGroup(t, s.Sandbox.Snapshot())
		hr := s.SignIn(t, sandbox.PersonaHRAdmin)
		form := seriesForm("Half series", "2026-11-02", "2026-11-23")
		form.Set("clashes", "seen")
		res := hr.Post(newSessionPath(tr, group), form)
		doc := apptest.Parse(t, res)
		problem := apptest.TestID(doc, "problem").Text()
		for _, want := range []string{"Not every session was created", "Created: ", "2 Nov", "9 Nov", "Not created: ", "16 Nov", "Not sent: ", "23 Nov"} {
			if !strings.Contains(problem, want) {
				t.Errorf("the problem does not say %q: %q", want, problem)
			}
		}
		if got := len(sessionsNamed(s.Sandbox.Snapshot(), "Half series")); got != 2 {
			t.Fatalf("%d created, want 2", got)
		}
		if got, _ := doc.Find(`input[name="date"]`).Attr("value"); got != "2026-11-16" {
			t.Fatalf("the form starts at %q, want the first not created", got)
		}
		mustStatus(t, hr.Post(newSessionPath(tr, group), formValues(doc, "f-name")), http.StatusSeeOther)
		got := sessionsNamed(s.Sandbox.Snapshot(), "Half series")
		if len(got) != 4 {
			t.Fatalf("after sending it again: %d sessions, want 4", len(got))
		}
		for i, day := range []string{"2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"} {
			if got[i].StartsAt.In(madrid).Format("2006-01-02") != day {
				t.Errorf("session %d on %s, want %s", i, got[i].StartsAt.In(madrid), day)
			}
		}
	})
	for _, fl := range []struct {
		name  string
		fault sandbox.Fault
	}{{"stored then 502", sandbox.Fault{Status: 502, Applied: true}}, {"stored then dropped", sandbox.Fault{Drop: true, Applied: true}}} {
		t.Run(fl.name, func(t *testing.T) {
			sb := sandbox.New(sandbox.WithClock(func() time.Time { return sheetNow }))
			s := startSheetServer(t, apptest.WithSandbox(sb), faultFromCreate(sb, 3, fl.fault))
			tr, group := schedulingGroup(t, s.Sandbox.Snapshot())
			hr := s.SignIn(t, sandbox.PersonaHRAdmin)
			form := seriesForm("Lost answer series", "2026-11-02", "2026-11-23")
			form.Set("clashes", "seen")
			res := hr.Post(newSessionPath(tr, group), form)
			mustStatus(t, res, http.StatusSeeOther)
			if got := len(sessionsNamed(s.Sandbox.Snapshot(), "Lost answer series")); got != 4 {
				t.Errorf("%d sessions, want 4, each once", got)
			}
			if n := sessionCreates(s); n != 4 {
				t.Errorf("%d creates sent, want 4 (never sent twice)", n)
			}
		})
	}
}

// TestScheduleWritesTellTheirOutcome: a single session's create, an edit,
// a delete, an invitation and a removal, each with Factorial storing then
// losing the answer, or failing before storing: the page says what became
// of it, and doing what it advises leaves it done exactly once.
func TestScheduleWritesTellTheirOutcome(t *testing.T) {
	failures := []struct {
		name    string
		fault   sandbox.Fault
		applied bool
	}{
		{"stored then 502", sandbox.Fault{Status: 502, Applied: true}, true},
		{"stored then dropped", sandbox.Fault{Drop: true, Applied: true}, true},
		{"500 before storing", sandbox.Fault{Status: 500}, false},
		{"refused 422", sandbox.Fault{Status: 422}, false},
	}
	type scene struct {
		tr      factorial.Training
		group   factorial.TrainingClass
		session factorial.Session
		person  factorial.Employee
		guest   factorial.SessionAccessMembership // invited to session
	}
	cases := []struct {
		name  string
		fault sandbox.Fault
		path  func(sc scene) string
		form  func(sc scene) url.Values
		count func(sc scene, st *sandbox.State) int
		// inForm: the answer is the form again, input kept, the problem
		// above it; sending it again is the advice when it says so.
		inForm bool
	}{
		{"create session", sandbox.Fault{Method: "POST", Path: "trainings/sessions"},
			func(sc scene) string { return newSessionPath(sc.tr, sc.group) },
			func(scene) url.Values {
				return url.Values{"name": {"Outcome session"}, "schedule": {"scheduled"}, "modality": {"inperson"}, "date": {"2026-12-15"},
					"start": {"10:00"}, "end": {"11:00"}, "clashes": {"seen"}}
			},
			func(_ scene, st *sandbox.State) int { return len(sessionsNamed(st, "Outcome session")) }, false},
		{"edit session", sandbox.Fault{Method: "PUT", Path: "trainings/sessions/*"},
			func(sc scene) string { return paths.SessionEdit(sc.session.ID) },
			func(scene) url.Values {
				return url.Values{"name": {"Edited outcome"}, "schedule": {"scheduled"}, "modality": {"online"}, "date": {"2026-12-16"},
					"start": {"15:00"}, "end": {"16:00"}, "clashes": {"seen"}, "scope": {"this"}}
			},
			func(_ scene, st *sandbox.State) int { return len(sessionsNamed(st, "Edited outcome")) }, true},
		{"delete session", sandbox.Fault{Method: "DELETE", Path: "trainings/sessions/*"},
			func(sc scene) string { return paths.SessionDelete(sc.session.ID, "") },
			func(sc scene) url.Values {
				return url.Values{"confirmed": {"yes"}, "scope": {"this"}, "training": {sc.tr.ID.String()}}
			},
			func(sc scene, st *sandbox.State) int {
				if len(sessionsNamed(st, sc.session.Name)) == 0 {
					return 1
				}
				return 0
			}, false},
		{"invite", sandbox.Fault{Method: "POST", Path: "trainings/session_access_memberships/bulk_create"},
			func(sc scene) string { return paths.SessionInvite(sc.session.ID) },
			func(sc scene) url.Values {
				return url.Values{"employee_ids": {sc.person.ID.String()}, "notify": {"on"}, "clashes": {"seen"}}
			},
			func(sc scene, st *sandbox.State) int {
				n := 0
				for _, a := range st.SessionAccessMemberships {
					if a.SessionID == sc.session.ID && a.EmployeeID != nil && *a.EmployeeID == sc.person.ID {
						n++
					}
				}
				return n
			}, false},
		{"remove", sandbox.Fault{Method: "POST", Path: "trainings/session_access_memberships/bulk_destroy"},
			func(sc scene) string { return paths.SessionUninvite(sc.session.ID) },
			func(sc scene) url.Values {
				return url.Values{"access_ids": {sc.guest.ID.String()}, "notify": {"on"}, "confirmed": {"yes"}}
			},
			func(sc scene, st *sandbox.State) int {
				if invitedTo(st, sc.session.ID, *sc.guest.EmployeeID) {
					return 0
				}
				return 1
			}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, fl := range failures {
				t.Run(fl.name, func(t *testing.T) {
					s := startSheetServer(t)
					st := s.Sandbox.Snapshot()
					sc := scene{}
					sc.tr, sc.group = schedulingGroup(t, st)
					sc.person = outsiderOf(t, st, sc.tr.ID)
					guest := outsiderBut(t, st, sc.tr.ID, sc.person.ID)
					sc.session = craftSession(t, s, sc.tr.ID, sc.group.ID, "Outcome target", "Room 9", time.Date(2026, 12, 15, 16, 0, 0, 0, madrid), guest.ID)
					for _, a := range s.Sandbox.Snapshot().SessionAccessMemberships {
						if a.SessionID == sc.session.ID {
							sc.guest = a
						}
					}
					hr := s.SignIn(t, sandbox.PersonaHRAdmin)
					fault := fl.fault
					fault.Method, fault.Path = tc.fault.Method, tc.fault.Path
					s.Sandbox.SetFaults(fault)
					res := hr.Post(tc.path(sc), tc.form(sc))
					s.Sandbox.SetFaults()
					if got, want := tc.count(sc, s.Sandbox.Snapshot()), map[bool]int{true: 1, false: 0}[fl.applied]; got != want {
						t.Fatalf("the fault left the write made %d times, want %d", got, want)
					}
					resubmit := false
					if tc.inForm && res.StatusCode != http.StatusSeeOther {
						doc := apptest.Parse(t, res)
						problem := apptest.TestID(doc, "problem").Text()
						if got, _ := doc.Find(`input[name="name"]`).Attr("value"); got != tc.form(sc).Get("name") {
							t.Fatalf("the form was not kept: name %q", got)
						}
						if resubmit = strings.Contains(problem, "again is safe") || strings.Contains(problem, "Nothing was"); !resubmit {
							t.Fatalf("the page does not say what became of the write: %q", problem)
						}
					} else {
						resubmit = followAdvice(t, hr, res, fl.applied)
					}
					if resubmit {
						res = hr.Post(tc.path(sc), tc.form(sc))
						if res.StatusCode != http.StatusSeeOther {
							t.Fatalf("doing what the page advised: status %d\n%s", res.StatusCode, excerpt(apptest.Body(res)))
						}
					}
					if n := tc.count(sc, s.Sandbox.Snapshot()); n != 1 {
						t.Errorf("after following the page's advice the write is made %d times, want once", n)
					}
				})
			}
		})
	}
}

// TestEditAndDeleteThisAndTheFollowingOnes: a series of four; editing the
// second "and the following ones" moves the second to fourth to 10:00 and
// leaves the first; deleting from the third leaves the first two.
func TestEditAndDeleteThisAndTheFollowingOnes(t *testing.T) {
	s := startSheetServer(t)
	tr, group := schedulingGroup(t, s.Sandbox.Snapshot())
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	form := seriesForm("Following series", "2026-11-02", "2026-11-23")
	form.Set("clashes", "seen")
	mustStatus(t, hr.Post(newSessionPath(tr, group), form), http.StatusSeeOther)
	series := sessionsNamed(s.Sandbox.Snapshot(), "Following series")
	if len(series) != 4 {
		t.Fatalf("%d sessions", len(series))
	}
	doc := apptest.Parse(t, hr.Get(paths.SessionEdit(series[1].ID)))
	if !strings.Contains(apptest.TestID(doc, "field-scope").Text(), "3 sessions") {
		t.Fatalf("the edit form does not offer the following ones: %q", apptest.TestID(doc, "field-scope").Text())
	}
	edit := formValues(doc, "f-name")
	edit.Set("start", "10:00")
	edit.Set("end", "12:30")
	edit.Set("scope", "following")
	edit.Set("clashes", "seen")
	mustStatus(t, hr.Post(paths.SessionEdit(series[1].ID), edit), http.StatusSeeOther)
	after := sessionsNamed(s.Sandbox.Snapshot(), "Following series")
	for i, want := range []string{"09:00", "10:00", "10:00", "10:00"} {
		if got := after[i].StartsAt.In(madrid).Format("15:04"); got != want {
			t.Errorf("session %d starts %s, want %s", i, got, want)
		}
		if day := after[i].StartsAt.In(madrid).Format("2006-01-02"); day != series[i].StartsAt.In(madrid).Format("2006-01-02") {
			t.Errorf("session %d moved to %s", i, day)
		}
	}
	edit.Set("date", "2026-11-10")
	doc = apptest.Parse(t, hr.Post(paths.SessionEdit(series[1].ID), edit))
	if apptest.TestID(doc, "error-date").Length() != 1 {
		t.Error("moving the day of the following ones too must be refused on the day")
	}

	doc = apptest.Parse(t, hr.Get(paths.SessionDelete(series[2].ID, paths.SessionScopeFollowing)))
	if n := apptest.TestID(doc, "confirm-items").Find("li").Length(); n != 2 {
		t.Fatalf("the confirmation names %d sessions, want 2", n)
	}
	mustStatus(t, hr.Post(paths.SessionDelete(series[2].ID, ""), url.Values{"confirmed": {"yes"}, "scope": {"following"}}), http.StatusSeeOther)
	left := sessionsNamed(s.Sandbox.Snapshot(), "Following series")
	if len(left) != 2 || left[0].ID != series[0].ID || left[1].ID != series[1].ID {
		t.Errorf("left %d sessions after deleting from the third", len(left))
	}
}

// TestInviteAndRemovePeople: the picker finds people by name; several are
// invited in one bulk_create with the notify choice; everyone enrolled in
// the training in one more; someone already invited to an overlapping
// session is named first; removing asks first, then one bulk_destroy.
func TestInviteAndRemovePeople(t *testing.T) {
	s := startSheetServer(t)
	st := s.Sandbox.Snapshot()
	tr, group := schedulingGroup(t, st)
	x := craftSession(t, s, tr.ID, group.ID, "Invite target", "Room 3", time.Date(2026, 12, 17, 10, 0, 0, 0, madrid))
	a, b := twoNewcomers(t, st, tr.ID)
	busy := outsiderBut(t, st, tr.ID, a.ID, b.ID)
	other := otherTraining(t, st, tr.ID)
	craftSession(t, s, other, groupOfTraining(t, st, other), "Overlapping elsewhere", "Roof", time.Date(2026, 12, 17, 11, 0, 0, 0, madrid), busy.ID)

	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	doc := apptest.Parse(t, hr.Get(paths.SessionInviteSearch(x.ID, a.LastName)))
	if doc.Find(`[data-testid="invite-select"][value="`+a.ID.String()+`"]`).Length() != 1 {
		t.Fatalf("the picker does not find %s by %q", a.FullName, a.LastName)
	}
	s.Sandbox.ResetRequests()
	mustStatus(t, hr.Post(paths.SessionInvite(x.ID), url.Values{"employee_ids": {a.ID.String(), b.ID.String()}, "notify": {"on"}}), http.StatusSeeOther)
	if n := countBulk(s, "session_access_memberships/bulk_create", `"notify":true`); n != 1 {
		t.Errorf("%d bulk_create with notify, want one for both", n)
	}
	snap := s.Sandbox.Snapshot()
	if !invitedTo(snap, x.ID, a.ID) || !invitedTo(snap, x.ID, b.ID) {
		t.Fatal("not invited")
	}

	res := hr.Post(paths.SessionInvite(x.ID), url.Values{"employee_ids": {busy.ID.String()}})
	mustStatus(t, res, http.StatusOK)
	doc = apptest.Parse(t, res)
	if !strings.Contains(apptest.TestID(doc, "clash-people").Text(), busy.FullName) || apptest.TestID(doc, "invite-anyway").Length() != 1 {
		t.Fatalf("the clash does not name %s: %q", busy.FullName, apptest.TestID(doc, "clashes").Text())
	}
	if invitedTo(s.Sandbox.Snapshot(), x.ID, busy.ID) {
		t.Fatal("a warned invitation was sent")
	}
	mustStatus(t, hr.Post(paths.SessionInvite(x.ID), formValues(doc, "invite-notify")), http.StatusSeeOther)
	if !invitedTo(s.Sandbox.Snapshot(), x.ID, busy.ID) {
		t.Error("Invite anyway did not invite")
	}

	s.Sandbox.ResetRequests()
	mustStatus(t, hr.Post(paths.SessionInvite(x.ID), url.Values{"everyone": {"training"}, "clashes": {"seen"}}), http.StatusSeeOther)
	if n := countBulk(s, "session_access_memberships/bulk_create", `"notify":false`); n != 1 {
		t.Errorf("%d bulk_create for everyone enrolled, want 1, without notify", n)
	}
	for _, m := range membersOf(s.Sandbox.Snapshot(), tr.ID) {
		if !invitedTo(s.Sandbox.Snapshot(), x.ID, m.EmployeeID) {
			t.Errorf("enrolled %d not invited", m.EmployeeID)
			break
		}
	}

	var accessA factorial.ID
	for _, acc := range s.Sandbox.Snapshot().SessionAccessMemberships {
		if acc.SessionID == x.ID && acc.EmployeeID != nil && *acc.EmployeeID == a.ID {
			accessA = acc.ID
		}
	}
	res = hr.Post(paths.SessionUninvite(x.ID), url.Values{"access_ids": {accessA.String()}, "notify": {"on"}})
	mustStatus(t, res, http.StatusOK)
	doc = apptest.Parse(t, res)
	if !strings.Contains(apptest.TestID(doc, "confirm-items").Text(), a.FirstName) || !invitedTo(s.Sandbox.Snapshot(), x.ID, a.ID) {
		t.Fatal("removing asks first, naming the person")
	}
	s.Sandbox.ResetRequests()
	mustStatus(t, hr.Post(paths.SessionUninvite(x.ID), url.Values{"access_ids": {accessA.String()}, "notify": {"on"}, "confirmed": {"yes"}}), http.StatusSeeOther)
	if invitedTo(s.Sandbox.Snapshot(), x.ID, a.ID) || countBulk(s, "session_access_memberships/bulk_destroy", `"notify":true`) != 1 {
		t.Error("not removed in one bulk_destroy with notify")
	}
}

// TestInviteSearchAnswersHTMXWithTheResultsAlone: typed into the picker's
// search box, htmx asks the session page for the results alone (no page,
// no new history entry) and puts the count in the status already on the
// page; the people ticked before the search stay listed first and ticked,
// so several searches add up to one invitation; someone invited already
// cannot be ticked. Without scripts the search form loads the whole page.
func TestInviteSearchAnswersHTMXWithTheResultsAlone(t *testing.T) {
	s := startSheetServer(t)
	st := s.Sandbox.Snapshot()
	tr, group := schedulingGroup(t, st)
	a, b := twoNewcomers(t, st, tr.ID)
	busy := outsiderBut(t, st, tr.ID, a.ID, b.ID)
	x := craftSession(t, s, tr.ID, group.ID, "Picker target", "Room 5", time.Date(2026, 12, 18, 10, 0, 0, 0, madrid), busy.ID)
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)

	page := apptest.Parse(t, hr.Get(paths.SessionPage(x.ID)))
	box := page.Find(`#invite-search #invite-q`)
	for attr, want := range map[string]string{"hx-get": paths.SessionPage(x.ID), "hx-target": "#invite-results", "hx-push-url": "false"} {
		if got, _ := box.Attr(attr); got != want {
			t.Errorf("the search box's %s is %q, want %q", attr, got, want)
		}
	}
	if trig, _ := box.Attr("hx-trigger"); !strings.Contains(trig, "input changed delay:") {
		t.Errorf("the search box triggers on %q, not on typing with a pause", trig)
	}
	search := page.Find(`form#invite-search`)
	if m, _ := search.Attr("method"); m != "get" || search.AttrOr("hx-push-url", "") != "false" || !strings.HasPrefix(search.AttrOr("action", ""), paths.SessionPage(x.ID)) {
		t.Errorf("the search form (method %q, action %q, push %q) does not work without scripts or pushes the address", m, search.AttrOr("action", ""), search.AttrOr("hx-push-url", ""))
	}
	if page.Find(`[data-testid="invite-form"] #invite-results`).Length() != 1 || page.Find(`#invite-found[role="status"]`).Length() != 1 {
		t.Fatal("the results are not a part of the invitation form, or there is no status for the count")
	}

	base := paths.SessionPage(x.ID) + "?"
	res := hr.Do(http.MethodGet, base+url.Values{"q": {a.LastName}}.Encode(), nil, htmxTo("invite-results"))
	mustStatus(t, res, http.StatusOK)
	if vary := strings.Join(res.Header.Values("Vary"), ", "); !strings.Contains(vary, "HX-Request") {
		t.Errorf("Vary %q: a cache could serve the results as the page", vary)
	}
	body := apptest.Body(res)
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(body, "<html") || apptest.TestID(doc, "session-people").Length() != 0 || apptest.TestID(doc, "invite-form").Length() != 0 {
		t.Fatalf("htmx got more than the results:\n%s", excerpt(body))
	}
	if doc.Find(`[data-testid="invite-select"][value="`+a.ID.String()+`"]`).Length() != 1 {
		t.Fatalf("the results do not list %s for %q:\n%s", a.FullName, a.LastName, excerpt(body))
	}
	n := apptest.TestID(doc, "invite-person").Length()
	if got := strings.TrimSpace(doc.Find(`#invite-found[hx-swap-oob]`).Text()); !strings.HasPrefix(got, itoa(n)+" ") || !strings.Contains(got, "found") {
		t.Errorf("the status says %q for %d people found", got, n)
	}

	// a ticked, then b searched: a first and ticked, b not ticked.
	res = hr.Do(http.MethodGet, base+url.Values{"q": {b.LastName}, "employee_ids": {a.ID.String()}}.Encode(), nil, htmxTo("invite-results"))
	mustStatus(t, res, http.StatusOK)
	doc = apptest.Parse(t, res)
	boxes := doc.Find(`[data-testid="invite-select"]`)
	if boxes.First().AttrOr("value", "") != a.ID.String() || boxes.First().AttrOr("checked", "no") == "no" {
		t.Errorf("the person ticked before the search is not listed first, ticked")
	}
	bBox := doc.Find(`[data-testid="invite-select"][value="` + b.ID.String() + `"]`)
	if bBox.Length() != 1 || bBox.AttrOr("checked", "no") != "no" {
		t.Errorf("%s is not listed unticked (%d)", b.FullName, bBox.Length())
	}
	// Sent from those results, one invitation takes both.
	s.Sandbox.ResetRequests()
	mustStatus(t, hr.Post(paths.SessionInvite(x.ID), url.Values{"employee_ids": {a.ID.String(), b.ID.String()}, "clashes": {"seen"}}), http.StatusSeeOther)
	if n := countBulk(s, "session_access_memberships/bulk_create", ""); n != 1 || !invitedTo(s.Sandbox.Snapshot(), x.ID, a.ID) || !invitedTo(s.Sandbox.Snapshot(), x.ID, b.ID) {
		t.Errorf("%d bulk_create, want one inviting both", n)
	}

	// Someone invited already is listed, not to tick.
	doc = apptest.Parse(t, hr.Do(http.MethodGet, base+url.Values{"q": {busy.FullName}}.Encode(), nil, htmxTo("invite-results")))
	if doc.Find(`#invite-`+busy.ID.String()+`[disabled]`).Length() != 1 || doc.Find(`[data-testid="invite-select"][value="`+busy.ID.String()+`"]`).Length() != 0 {
		t.Errorf("%s, invited already, can be ticked again", busy.FullName)
	}
	// Nobody found: said in the results and in the status.
	doc = apptest.Parse(t, hr.Do(http.MethodGet, base+"q=zzzzqqqq", nil, htmxTo("invite-results")))
	if apptest.TestID(doc, "invite-none").Length() != 1 || !strings.Contains(doc.Find(`#invite-found`).Text(), "zzzzqqqq") {
		t.Error("a search without results does not say so")
	}

	// Without htmx, the same address is the whole page with the results.
	full := apptest.Parse(t, hr.Get(base+url.Values{"q": {a.LastName}}.Encode()))
	if apptest.TestID(full, "session-people").Length() != 1 || full.Find(`#invite-results [data-testid="invite-person"]`).Length() == 0 {
		t.Error("the search without scripts does not show the page with the people found")
	}
	// Only who invites may search.
	tr2 := s.SignIn(t, sandbox.PersonaTrainer)
	if res := tr2.Do(http.MethodGet, base+"q=a", nil, htmxTo("invite-results")); res.StatusCode == http.StatusOK {
		t.Errorf("a trainer's search of the picker answered %d", res.StatusCode)
	}
}

// TestInviteNotSavedKeepsTheInput: Factorial fails an invitation before
// storing it; the page says nothing was saved and that the input is kept
// below, and it is: the people ticked are listed ticked, the notify choice
// as sent; sending the page's form again invites them, once.
func TestInviteNotSavedKeepsTheInput(t *testing.T) {
	s := startSheetServer(t)
	st := s.Sandbox.Snapshot()
	tr, group := schedulingGroup(t, st)
	a, b := twoNewcomers(t, st, tr.ID)
	x := craftSession(t, s, tr.ID, group.ID, "Kept input target", "Room 6", time.Date(2026, 12, 21, 10, 0, 0, 0, madrid))
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	s.Sandbox.SetFaults(sandbox.Fault{Method: "POST", Path: "trainings/session_access_memberships/bulk_create", Status: http.StatusInternalServerError})
	res := hr.Post(paths.SessionInvite(x.ID), url.Values{"employee_ids": {a.ID.String(), b.ID.String()}, "clashes": {"seen"}})
	s.Sandbox.SetFaults()
	if res.StatusCode < 500 {
		t.Fatalf("status %d for an invitation Factorial failed", res.StatusCode)
	}
	doc := apptest.Parse(t, res)
	problem := apptest.TestID(doc, "problem").Text()
	if !strings.Contains(problem, "Nothing was saved") || !strings.Contains(problem, "kept below") {
		t.Fatalf("the page does not say what became of the invitation: %q", problem)
	}
	if invitedTo(s.Sandbox.Snapshot(), x.ID, a.ID) || invitedTo(s.Sandbox.Snapshot(), x.ID, b.ID) {
		t.Fatal("the failed invitation was stored")
	}
	for _, e := range []factorial.Employee{a, b} {
		box := doc.Find(`#invite-results [data-testid="invite-select"][value="` + e.ID.String() + `"]`)
		if _, on := box.Attr("checked"); box.Length() != 1 || !on {
			t.Errorf("%s, ticked, is not listed ticked below the problem", e.FullName)
		}
	}
	if _, on := doc.Find(`#invite-notify`).Attr("checked"); on {
		t.Error("notify was sent off and comes back on")
	}
	again := formValues(doc, "invite-notify")
	s.Sandbox.ResetRequests()
	mustStatus(t, hr.Post(paths.SessionInvite(x.ID), again), http.StatusSeeOther)
	if !invitedTo(s.Sandbox.Snapshot(), x.ID, a.ID) || !invitedTo(s.Sandbox.Snapshot(), x.ID, b.ID) || countBulk(s, "session_access_memberships/bulk_create", `"notify":false`) != 1 {
		t.Error("sending the kept form again did not invite both once, without notifying")
	}
}
