package handlers_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/paths"
	"github.com/aula-hr/aula/internal/training"
)

// reportNames are the names of the active direct and indirect reports of
// manager in st.
func reportNames(st *sandbox.State, manager factorial.ID) map[string]bool {
	out := map[string]bool{}
	for _, e := range training.Reports(st.Employees, manager) {
		if e.Active {
			out[training.PersonName(context.Background(), &e)] = true
		}
	}
	return out
}

// someoneOutside is an active employee who is not manager's report nor manager.
func someoneOutside(t *testing.T, st *sandbox.State, manager factorial.ID) factorial.Employee {
	t.Helper()
	in := reportNames(st, manager)
	for _, e := range st.Employees {
		if e.Active && e.ID != manager && !in[training.PersonName(context.Background(), &e)] {
			return e
		}
	}
	t.Fatal("everyone reports to the manager")
	return factorial.Employee{}
}

// otherManager is a manager whose team is not the persona's.
func otherManager(t *testing.T, st *sandbox.State, manager factorial.ID) factorial.ID {
	t.Helper()
	mine := map[factorial.ID]bool{manager: true}
	for _, e := range training.Reports(st.Employees, manager) {
		mine[e.ID] = true
	}
	for _, e := range st.Employees {
		if e.ManagerID != nil && !mine[*e.ManagerID] {
			return *e.ManagerID
		}
	}
	t.Fatal("no other manager")
	return 0
}

func csvRows(t *testing.T, res *http.Response) [][]string {
	t.Helper()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("CSV status %d", res.StatusCode)
	}
	body := strings.TrimPrefix(apptest.Body(res), "\ufeff")
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// A manager sees their direct and indirect reports and nobody else: in
// the matrix, in every list, in every CSV; asking for another manager's
// team or for someone outside theirs by editing the address is not found.
func TestTeamOverviewScopeOfAManager(t *testing.T) {
	s := apptest.Start(t)
	st := s.Sandbox.Snapshot()
	mgr := st.Personas[sandbox.PersonaManager]
	mine := reportNames(st, mgr)
	c := s.SignIn(t, sandbox.PersonaManager)

	res := c.Get(paths.Team)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	doc := apptest.Parse(t, res)
	people := apptest.TestID(doc, "matrix-person")
	if people.Length() == 0 {
		t.Fatal("the matrix shows nobody")
	}
	check := func(where string, sel *goquery.Selection) {
		sel.Each(func(_ int, p *goquery.Selection) {
			if !mine[strings.TrimSpace(p.Text())] {
				t.Errorf("%s shows %q, who is not the manager's report", where, p.Text())
			}
		})
	}
	check("the matrix", people)
	check("a list", apptest.TestID(doc, "list-person"))
	if apptest.TestID(doc, "filter-manager").Length() != 0 {
		t.Error("a manager is offered to pick another team")
	}

	outsider := someoneOutside(t, st, mgr)
	other := otherManager(t, st, mgr)
	for _, path := range []string{
		paths.TeamView(paths.TeamFilter{Manager: other}),
		paths.TeamView(paths.TeamFilter{Employee: outsider.ID}),
		paths.TeamView(paths.TeamFilter{Employee: mgr}), // themselves: not their own report
		paths.TeamExport(paths.TeamFilter{Manager: other}, "matrix"),
		paths.TeamExport(paths.TeamFilter{Employee: outsider.ID}, "overdue"),
	} {
		if res := c.Get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, res.StatusCode)
		}
	}
	for _, list := range []string{"matrix", "overdue", "expiring", "expired", "never"} {
		rows := csvRows(t, c.Get(paths.TeamExport(paths.TeamFilter{Window: 90}, list)))
		if len(rows) < 1 || rows[0][0] != "Person" {
			t.Fatalf("%s CSV head %v", list, rows)
		}
		for _, r := range rows[1:] {
			if !mine[r[0]] {
				t.Errorf("the %s CSV has %q, who is not the manager's report", list, r[0])
			}
		}
	}
}

// HR picks a manager and sees that team; employees and trainers have no
// team overview.
func TestTeamOverviewForHRAndOthers(t *testing.T) {
	s := apptest.Start(t)
	st := s.Sandbox.Snapshot()
	mgr := st.Personas[sandbox.PersonaManager]
	mine := reportNames(st, mgr)
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)

	doc := apptest.Parse(t, hr.Get(paths.Team))
	if apptest.TestID(doc, "filter-manager").Length() != 1 || apptest.TestID(doc, "company-counts").Length() != 1 {
		t.Error("HR's company overview lacks the manager picker or the company's counts")
	}
	if n := apptest.TestID(doc, "matrix-person").Length(); n == 0 {
		t.Error("HR's company overview shows nobody")
	}
	doc = apptest.Parse(t, hr.Get(paths.TeamView(paths.TeamFilter{Manager: mgr})))
	apptest.TestID(doc, "matrix-person").Each(func(_ int, p *goquery.Selection) {
		if !mine[strings.TrimSpace(p.Text())] {
			t.Errorf("the manager's team shows %q", p.Text())
		}
	})
	if res := hr.Get("/team?window=45"); res.StatusCode != http.StatusNotFound {
		t.Errorf("window=45: status %d, want 404", res.StatusCode)
	}
	for _, who := range []string{sandbox.PersonaEmployee, sandbox.PersonaTrainer} {
		if res := s.SignIn(t, who).Get(paths.Team); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", who, res.StatusCode)
		}
	}
}

// renewalCase is a training of the sandbox with people whose completion
// expires within 90 days and an upcoming group with sessions.
type renewalCase struct {
	training factorial.ID
	group    factorial.ClassID
	sessions []factorial.ID
	due      map[string]bool // names of the people due, before any enrolment
}

// findRenewal sets up, through Factorial's own API, an upcoming group
// with two sessions of a training with a validity, and two of its people
// whose completion expires in 20 days.
func findRenewal(t *testing.T, sb *sandbox.Sandbox) renewalCase {
	t.Helper()
	return findRenewalAmong(t, sb, nil)
}

// findRenewalAmong is findRenewal with its two people among those of
// among (nil: anyone active); the people due are counted among them too.
func findRenewalAmong(t *testing.T, sb *sandbox.Sandbox, among map[factorial.ID]bool) renewalCase {
	t.Helper()
	st := sb.Snapshot()
	ctx := context.Background()
	today := factorial.DateOf(time.Now().In(madrid))
	active := map[factorial.ID]*factorial.Employee{}
	for i := range st.Employees {
		if st.Employees[i].Active && (among == nil || among[st.Employees[i].ID]) {
			active[st.Employees[i].ID] = &st.Employees[i]
		}
	}
	cl := apiClient(t, sb)
	for _, tr := range st.Trainings {
		if tr.ValidFor == nil || tr.Status == nil || *tr.Status != factorial.TrainingActive {
			continue
		}
		var ms []factorial.TrainingMembership
		for _, m := range st.TrainingMemberships {
			if m.TrainingID == tr.ID && active[m.EmployeeID] != nil && len(ms) < 2 {
				ms = append(ms, m)
			}
		}
		if len(ms) < 2 {
			continue
		}
		name := "Renewal group"
		c, err := cl.Classes.Create(ctx, &factorial.TrainingClassRequest{TrainingID: tr.ID, CompanyID: st.CompanyID, Name: &name,
			StartDate: today.AddDays(14), EndDate: today.AddDays(15), Cost: "0.00", SubsidizedCost: "0.00", IndirectCost: "0.00",
			SalaryCost: "0.00", PaymentStatus: factorial.PaymentPending})
		if err != nil {
			t.Fatal(err)
		}
		rc := renewalCase{training: tr.ID, group: c.ID, due: map[string]bool{}}
		for d := 14; d <= 15; d++ {
			start := today.AddDays(d).In(madrid).Add(9 * time.Hour)
			end := start.Add(2 * time.Hour)
			s, err := cl.Sessions.Create(ctx, &factorial.SessionRequest{Name: "Renewal day", TrainingID: tr.ID, TrainingClassID: &c.ID, StartsAt: &start, EndsAt: &end})
			if err != nil {
				t.Fatal(err)
			}
			rc.sessions = append(rc.sessions, s.ID)
		}
		for _, m := range ms {
			done := today.AddYears(-*tr.ValidFor).AddDays(20)
			if _, err := cl.Memberships.Update(ctx, m.ID, &done); err != nil {
				t.Fatal(err)
			}
		}
		// Due: everyone active expiring within 90 days who is invited to
		// no session of an upcoming group of the training.
		st = sb.Snapshot()
		var upcoming []factorial.ID
		for _, k := range st.Classes {
			if k.TrainingID == tr.ID && k.StartDate != nil && !k.StartDate.Before(today) {
				for _, s := range st.Sessions {
					if s.TrainingClassID != nil && *s.TrainingClassID == k.ID {
						upcoming = append(upcoming, s.ID)
					}
				}
			}
		}
		for _, m := range st.TrainingMemberships {
			if e := active[m.EmployeeID]; e != nil && m.TrainingID == tr.ID &&
				training.StateOn(m, tr.ValidFor, today, 90) == training.Expiring && !invitedToAny(st, upcoming, m.EmployeeID) {
				rc.due[training.PersonName(context.Background(), e)] = true
			}
		}
		return rc
	}
	t.Fatal("the sandbox has no active training with a validity and two people")
	return renewalCase{}
}

func invitedToAny(st *sandbox.State, sessions []factorial.ID, who factorial.ID) bool {
	for _, a := range st.SessionAccessMemberships {
		if a.EmployeeID != nil && *a.EmployeeID == who && slices.Contains(sessions, a.SessionID) {
			return true
		}
	}
	return false
}

// HR plans the renewals of a training: the page lists the people due and
// the upcoming groups; sending asks for a confirmation naming them; the
// confirmed action invites them to every session of the group and goes
// back to the overview. A manager may not (Factorial lets only admins
// invite people).
func TestPlanRenewals(t *testing.T) {
	s := apptest.Start(t)
	st := s.Sandbox.Snapshot()
	rc := findRenewal(t, s.Sandbox)
	st = s.Sandbox.Snapshot()
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	f := paths.TeamFilter{Window: 90}
	doc := apptest.Parse(t, hr.Get(paths.TeamRenewalsFor(f, rc.training)))
	var ids []string
	apptest.TestID(doc, "renewal-person").Each(func(_ int, in *goquery.Selection) {
		v, _ := in.Attr("value")
		ids = append(ids, v)
		if _, ticked := in.Attr("checked"); !ticked {
			t.Errorf("person %s is not ticked", v)
		}
	})
	if len(ids) != len(rc.due) {
		t.Fatalf("%d people offered, want %d (%v)", len(ids), len(rc.due), rc.due)
	}
	form := url.Values{"training": {rc.training.String()}, "window": {"90"}, "class_id": {string(rc.group)}, "employee_ids": ids}
	res := hr.Post(paths.TeamRenewals, form)
	doc = apptest.Parse(t, res)
	items := apptest.TestID(doc, "confirm-items").Find("li")
	if items.Length() != len(rc.due) {
		t.Fatalf("the confirmation names %d people, want %d", items.Length(), len(rc.due))
	}
	items.Each(func(_ int, li *goquery.Selection) {
		if !rc.due[li.Text()] {
			t.Errorf("the confirmation names %q", li.Text())
		}
	})
	if n := len(s.Sandbox.Snapshot().SessionAccessMemberships); n != len(st.SessionAccessMemberships) {
		t.Fatal("something was written before the confirmation")
	}
	form.Set("confirmed", "yes")
	res = hr.Do(http.MethodPost, paths.TeamRenewals, form, nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != paths.TeamView(f) {
		t.Fatalf("confirmed: status %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	after := s.Sandbox.Snapshot()
	for _, e := range after.Employees {
		if rc.due[training.PersonName(context.Background(), &e)] {
			for _, sid := range rc.sessions {
				if !invitedToAny(after, []factorial.ID{sid}, e.ID) {
					t.Errorf("%s is not invited to session %d", training.PersonName(context.Background(), &e), sid)
				}
			}
		}
	}
	// Now everyone is in an upcoming group: nobody is due any more.
	if doc := apptest.Parse(t, hr.Get(paths.TeamRenewalsFor(f, rc.training))); apptest.TestID(doc, "renewals-empty").Length() != 1 {
		t.Error("the people enrolled are still offered")
	}
	mgr := s.SignIn(t, sandbox.PersonaManager)
	if res := mgr.Post(paths.TeamRenewals, form); res.StatusCode != http.StatusForbidden {
		t.Errorf("a manager enrolling: status %d, want 403", res.StatusCode)
	}
}

// A manager plans the renewals of their own team as a request to HR (only
// HR may enrol people in Factorial): the people due in their team, and per
// upcoming group a mail naming them, the training and the group. Another
// manager's team is not found, even by editing the address.
func TestManagerPlansRenewalsAsARequestToHR(t *testing.T) {
	s := apptest.Start(t)
	st := s.Sandbox.Snapshot()
	mine := map[factorial.ID]bool{}
	for _, e := range training.Reports(st.Employees, st.Personas[sandbox.PersonaManager]) {
		mine[e.ID] = true
	}
	rc := findRenewalAmong(t, s.Sandbox, mine)
	mgr := s.SignIn(t, sandbox.PersonaManager)
	f := paths.TeamFilter{Window: 90}
	res := mgr.Get(paths.TeamRenewalsFor(f, rc.training))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	doc := apptest.Parse(t, res)
	if apptest.TestID(doc, "renewals-form").Length() != 0 {
		t.Error("a manager is offered HR's enrolment form")
	}
	var names []string
	apptest.TestID(doc, "renewal-person").Each(func(_ int, li *goquery.Selection) {
		name := strings.TrimSpace(li.Contents().First().Text())
		names = append(names, name)
		if !rc.due[name] {
			t.Errorf("%q is listed: not due, or not in the manager's team", name)
		}
	})
	if len(names) != len(rc.due) {
		t.Fatalf("%d people listed, want %d (%v)", len(names), len(rc.due), rc.due)
	}
	req := apptest.TestID(doc, "renewal-request")
	if req.Length() == 0 {
		t.Fatal("no request to HR")
	}
	href, _ := req.First().Attr("href")
	u, err := url.Parse(href)
	if err != nil || u.Scheme != "mailto" {
		t.Fatalf("request %q", href)
	}
	body, subject := u.Query().Get("body"), u.Query().Get("subject")
	tr := st.Training(rc.training).Name
	if !strings.Contains(subject, tr) || !strings.Contains(body, "Renewal group") || !strings.Contains(body, tr) {
		t.Errorf("subject %q, body %q: want the training and the group named", subject, body)
	}
	for name := range rc.due {
		if !strings.Contains(body, name) {
			t.Errorf("the mail does not name %s: %q", name, body)
		}
	}
	other := paths.TeamFilter{Window: 90, Manager: st.Personas[sandbox.PersonaHRAdmin]}
	if res := mgr.Get(paths.TeamRenewalsFor(other, rc.training)); res.StatusCode != http.StatusNotFound {
		t.Errorf("another manager's team: status %d, want 404", res.StatusCode)
	}
	if doc := apptest.Parse(t, mgr.Get(paths.TeamView(f))); apptest.TestID(doc, "plan-renewals").Length() == 0 {
		t.Error("the manager's overview does not lead to planning the renewals")
	}
}

// When Factorial fails an invitation, the page says they are enrolled but
// not invited to that session, and offers no blind retry; bad input is
// refused before anything is written, with the form kept.
func TestPlanRenewalsFailures(t *testing.T) {
	s := apptest.Start(t)
	rc := findRenewal(t, s.Sandbox)
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	doc := apptest.Parse(t, hr.Get(paths.TeamRenewalsFor(paths.TeamFilter{Window: 90}, rc.training)))
	var ids []string
	apptest.TestID(doc, "renewal-person").Each(func(_ int, in *goquery.Selection) { v, _ := in.Attr("value"); ids = append(ids, v) })
	form := url.Values{"training": {rc.training.String()}, "window": {"90"}, "class_id": {"nope"}, "employee_ids": ids, "confirmed": {"yes"}}
	res := hr.Post(paths.TeamRenewals, form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(apptest.Body(res), "Choose one of the upcoming groups") {
		t.Errorf("unknown group: status %d", res.StatusCode)
	}
	form.Set("class_id", string(rc.group))
	form["employee_ids"] = []string{"999999"}
	if res := hr.Post(paths.TeamRenewals, form); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("someone not due: status %d", res.StatusCode)
	}
	form["employee_ids"] = ids
	s.Sandbox.SetFaults(sandbox.Fault{Method: "POST", Path: "trainings/session_access_memberships/bulk_create", Status: 500})
	res = hr.Post(paths.TeamRenewals, form)
	body := apptest.Body(res)
	if res.StatusCode < 400 || !strings.Contains(body, "Enrolled, but not invited to every session") {
		t.Errorf("failed invitations: status %d, body lacks the outcome", res.StatusCode)
	}
	if strings.Contains(body, `data-testid="retry"`) {
		t.Error("a blind retry is offered after an unknown outcome")
	}
}

// A reminder is a mailto: to the person on the row, its subject naming
// the training and its text the date; Aula sends nothing itself.
func TestTeamListReminders(t *testing.T) {
	s := apptest.Start(t)
	st := s.Sandbox.Snapshot()
	emails := map[string]string{}
	for _, e := range st.Employees {
		if e.Email != nil {
			emails[training.PersonName(context.Background(), &e)] = *e.Email
		}
	}
	doc := apptest.Parse(t, s.SignIn(t, sandbox.PersonaManager).Get(paths.TeamView(paths.TeamFilter{Window: 90})))
	rows := apptest.TestID(doc, "list-overdue").Find(`[data-testid="list-row"]`)
	if rows.Length() == 0 {
		t.Fatal("the manager's overdue list is empty")
	}
	rows.Each(func(_ int, r *goquery.Selection) {
		person := strings.TrimSpace(apptest.TestID(goquery.NewDocumentFromNode(r.Nodes[0]), "list-person").Text())
		tr := strings.TrimSpace(apptest.TestID(goquery.NewDocumentFromNode(r.Nodes[0]), "list-training").Text())
		href, _ := apptest.TestID(goquery.NewDocumentFromNode(r.Nodes[0]), "list-remind").Attr("href")
		u, err := url.Parse(href)
		if err != nil || u.Scheme != "mailto" || u.Opaque != emails[person] {
			t.Fatalf("%s: reminder %q, want a mailto: to %s", person, href, emails[person])
		}
		q := u.Query()
		if q.Get("subject") != "Training reminder: "+tr || !strings.Contains(q.Get("body"), tr) || !strings.Contains(q.Get("body"), "due ") {
			t.Errorf("%s: subject %q body %q", person, q.Get("subject"), q.Get("body"))
		}
	})
}

// A training's completion: one row per group with Factorial's attendance
// (completed of all attendances); for a FUNDAE training each participant's
// share of the group's sessions attended, flagged against 75 %.
func TestTrainingCompletion(t *testing.T) {
	s := apptest.Start(t)
	st := s.Sandbox.Snapshot()
	var tr *factorial.Training
	var groups []factorial.TrainingClass
	for i := range st.Trainings {
		if !st.Trainings[i].FundaeSubsidized {
			continue
		}
		groups = nil
		for _, c := range st.Classes {
			if c.TrainingID == st.Trainings[i].ID {
				groups = append(groups, c)
			}
		}
		if len(groups) > 0 {
			tr = &st.Trainings[i]
			break
		}
	}
	if tr == nil {
		t.Fatal("no FUNDAE training with groups in the sandbox")
	}
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	res := hr.Get(paths.TeamTraining(tr.ID, paths.TeamFilter{}))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	doc := apptest.Parse(t, res)
	rows := apptest.TestID(doc, "group-row")
	if rows.Length() != len(groups) {
		t.Fatalf("%d group rows, want %d", rows.Length(), len(groups))
	}
	// Factorial's counts, as its API sends them.
	groups, err := apiClient(t, s.Sandbox).Classes.All(context.Background(), &factorial.ClassListOptions{TrainingID: tr.ID})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, g := range groups {
		if g.TotalAttendancesCount > 0 {
			want[fmt.Sprintf("(%d of %d)", g.CompletedAttendancesCount, g.TotalAttendancesCount)] = true
		}
	}
	apptest.TestID(doc, "group-attendance").Each(func(_ int, td *goquery.Selection) {
		txt := td.Text()
		if txt != "—" && !want[txt[strings.Index(txt, "("):]] {
			t.Errorf("group attendance %q is none of %v", txt, want)
		}
	})
	if apptest.TestID(doc, "fundae-group").Length() != len(groups) {
		t.Errorf("%d FUNDAE sections, want one per group", apptest.TestID(doc, "fundae-group").Length())
	}
	// Each share is the sessions attended of the group's sessions.
	shares := apptest.TestID(doc, "share-row")
	if shares.Length() == 0 {
		t.Fatal("no participant's share is shown")
	}
	shares.Each(func(_ int, r *goquery.Selection) {
		att := r.Find("td").First().Text()
		var a, n, held int
		if _, err := fmt.Sscanf(att, "%d of %d sessions (%d held)", &a, &n, &held); err != nil {
			t.Fatalf("attended %q: %v", att, err)
		}
		flag := strings.TrimSpace(apptest.TestID(goquery.NewDocumentFromNode(r.Nodes[0]), "share-flag").Text())
		cannot := float64(a+n-held) < 0.75*float64(n)
		if cannot != strings.HasPrefix(flag, "Cannot reach") {
			t.Errorf("%s: %d of %d (%d held), flag %q", r.Find("th").Text(), a, n, held, flag)
		}
	})
	mgr := st.Personas[sandbox.PersonaManager]
	if res := s.SignIn(t, sandbox.PersonaManager).Get(paths.TeamTraining(tr.ID, paths.TeamFilter{Manager: otherManager(t, st, mgr)})); res.StatusCode != http.StatusNotFound {
		t.Errorf("a manager asking for another team: status %d", res.StatusCode)
	}
}

// The manager's home card leads to the team overview, and so does the
// navigation, for managers and HR only.
func TestTeamOverviewIsReachable(t *testing.T) {
	s := apptest.Start(t)
	doc := apptest.Parse(t, s.SignIn(t, sandbox.PersonaManager).Get(paths.Home))
	if href, _ := apptest.TestID(doc, "team-overview-link").Attr("href"); href != paths.Team {
		t.Errorf("the home card links to %q", href)
	}
	for who, want := range map[string]int{sandbox.PersonaManager: 1, sandbox.PersonaHRAdmin: 1, sandbox.PersonaTrainer: 0, sandbox.PersonaEmployee: 0} {
		if n := apptest.TestID(apptest.Parse(t, s.SignIn(t, who).Get(paths.Home)), "nav-team").Length(); n != want {
			t.Errorf("%s: %d team entries in the navigation, want %d", who, n, want)
		}
	}
}
