package handlers_test

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
)

func TestTrainingTabs(t *testing.T) {
	s := apptest.Start(t)
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	st := s.Sandbox.Snapshot()
	tr := busyTraining(t, st)
	base := "/trainings/" + tr.ID.String()

	doc := apptest.Parse(t, hr.Get(base))
	if apptest.TestID(doc, "training-title").Text() != tr.Name || apptest.TestID(doc, "panel-overview").Length() != 1 {
		t.Fatalf("overview of %q: %q", tr.Name, apptest.TestID(doc, "training-title").Text())
	}
	if apptest.TestID(doc, "tab-overview").AttrOr("aria-current", "") != "page" {
		t.Error("the active tab is marked")
	}

	apiCalls(s)
	res := hr.Do(http.MethodGet, base+"/participants", nil, htmxTo("training-tab"))
	mustStatus(t, res, http.StatusOK)
	calls := apiCalls(s)
	if strings.Contains(apptest.Body(res), "<html") {
		t.Error("a tab switch gets the panel only")
	}
	// training ‖ enrolments ‖ groups (to enrol into) ‖ managers, then the
	// people's names by id.
	if len(calls) != 5 || countCalls(calls, "GET employees/employees?ids") != 1 || countCalls(calls, "GET trainings/training_classes") != 1 {
		t.Errorf("participants tab calls: %v", calls)
	}
	doc = apptest.Parse(t, res)
	want := membersOf(st, tr.ID)
	// A page of them, and how many there are in all.
	if n := apptest.TestID(doc, "participant-row").Length(); n != min(len(want), 50) {
		t.Errorf("%d participant rows, want %d", n, min(len(want), 50))
	}
	if got := apptest.TestID(doc, "participants-count").Text(); got != itoa(len(want))+" participants" {
		t.Errorf("the tab counts %q, want %d participants", got, len(want))
	}
	for _, name := range rowNames(doc, "participant-name") {
		if name == "A former employee" {
			t.Errorf("a participant without a name: %s", name)
		}
	}

	doc = apptest.Parse(t, hr.Get(base+"/groups"))
	if apptest.TestID(doc, "group-row").Length() == 0 || !strings.Contains(apptest.TestID(doc, "group-completion").First().Text(), " of ") {
		t.Error("groups tab lists groups with completion counts")
	}
	doc = apptest.Parse(t, hr.Get(base+"/costs"))
	if apptest.TestID(doc, "cost-total").Length() != 1 || !strings.Contains(apptest.TestID(doc, "cost-total").Text(), "€") {
		t.Errorf("costs tab total: %q", apptest.TestID(doc, "cost-total").Text())
	}
	mustStatus(t, hr.Get(base+"/sessions"), http.StatusOK)
	mustStatus(t, hr.Get("/trainings/999999"), http.StatusNotFound)
	mustStatus(t, hr.Get("/trainings/abc"), http.StatusNotFound)

	// A manager reads without costs or write actions: no costs tab, and
	// its address typed in is refused.
	mgr := s.SignIn(t, sandbox.PersonaManager)
	doc = apptest.Parse(t, mgr.Get("/trainings?per_page=100"))
	if href := apptest.TestID(doc, "training-name").First().AttrOr("href", ""); href != "" {
		doc = apptest.Parse(t, mgr.Get(href))
		if apptest.TestID(doc, "tab-costs").Length() != 0 || apptest.TestID(doc, "tab-overview").Length() != 1 || apptest.TestID(doc, "edit-training").Length() != 0 {
			t.Error("a manager sees a costs tab or edit actions")
		}
		mustStatus(t, mgr.Get(href+"/costs"), http.StatusForbidden)
	}
}

func TestCreateEditTrainingShowsHTMLAsText(t *testing.T) {
	s := apptest.Start(t)
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	cat := s.Sandbox.Snapshot().Categories[0]

	// Validation: 200, the wrong fields marked, the input kept, nothing sent.
	apiCalls(s)
	res := hr.Post("/trainings", url.Values{"name": {" "}, "year": {"1800"}, "cost": {"1.234,5"}, "description": {"kept"}})
	mustStatus(t, res, http.StatusOK)
	doc := apptest.Parse(t, res)
	for _, f := range []string{"name", "year", "cost"} {
		if apptest.TestID(doc, "error-"+f).Length() != 1 {
			t.Errorf("no error on %s", f)
		}
	}
	if doc.Find("#f-description").Text() != "kept" || doc.Find("#f-year").AttrOr("value", "") != "1800" {
		t.Error("input kept")
	}
	if calls := apiCalls(s); countCalls(calls, "POST") != 0 {
		t.Errorf("an invalid form reached Factorial: %v", calls)
	}

	evil := `<script>alert(1)</script>`
	res = hr.Post("/trainings", url.Values{"name": {"Safe " + evil}, "description": {"Desc " + evil}, "year": {"2026"},
		"cost": {"1250.50"}, "subsidized_cost": {"250"}, "category_ids": {cat.ID.String()}, "mandatory": {"on"}, "valid_for": {"2"}})
	to := location(t, res)
	id, err := factorial.ParseID(strings.TrimPrefix(to, "/trainings/"))
	if err != nil {
		t.Fatalf("redirect to %q", to)
	}
	created := s.Sandbox.Snapshot().Training(id)
	if created == nil || created.Cost != 125050 || created.SubsidizedCost != 25000 || !created.IsMandatory ||
		!slices.Contains(created.CategoryIDs, cat.ID) || created.ValidFor == nil || *created.ValidFor != 2 {
		t.Fatalf("created %+v", created)
	}
	res = hr.Get(to)
	body := apptest.Body(res)
	if strings.Contains(body, evil) {
		t.Fatal("the training's name or description was rendered as HTML")
	}
	doc = apptest.Parse(t, res)
	if apptest.TestID(doc, "training-title").Text() != "Safe "+evil || apptest.TestID(doc, "training-description").Text() != "Desc "+evil {
		t.Error("name and description shown as text")
	}
	if !strings.Contains(apptest.TestID(doc, "flash-success").Text(), "created") {
		t.Error("a flash says it was created")
	}
	doc = apptest.Parse(t, hr.Get("/trainings?q=Safe"))
	if !strings.Contains(body, "&lt;script&gt;") || !slices.Contains(rowNames(doc, "training-name"), "Safe "+evil) {
		t.Error("the catalogue shows the name as text")
	}

	// Edit: the form is filled; saving changes it; clearing the code clears it.
	doc = apptest.Parse(t, hr.Get(to+"/edit"))
	if doc.Find("#f-cost").AttrOr("value", "") != "1250.50" {
		t.Errorf("edit form cost %q", doc.Find("#f-cost").AttrOr("value", ""))
	}
	res = hr.Post(to+"/edit", url.Values{"name": {"Renamed"}, "year": {"2027"}, "cost": {"abc"}})
	mustStatus(t, res, http.StatusOK)
	if apptest.TestID(apptest.Parse(t, res), "error-cost").Length() != 1 {
		t.Error("edit validation")
	}
	location(t, hr.Post(to+"/edit", url.Values{"name": {"Renamed"}, "year": {"2027"}, "description": {""}}))
	if got := s.Sandbox.Snapshot().Training(id); got.Name != "Renamed" || got.Year != 2027 || len(got.CategoryIDs) != 0 {
		t.Errorf("after edit %+v", got)
	}
}

func TestChangeStatusDeleteAndBulk(t *testing.T) {
	s := apptest.Start(t)
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	st := s.Sandbox.Snapshot()
	tr := busyTraining(t, st)
	base := "/trainings/" + tr.ID.String()

	apiCalls(s)
	location(t, hr.Post(base+"/status", url.Values{"status": {"draft"}, "notify": {"on"}}))
	var body string
	for _, r := range s.Sandbox.Requests() {
		if strings.HasSuffix(r.Path, "update_status") {
			body = r.Body
		}
	}
	if !strings.Contains(body, `"notify":true`) || !strings.Contains(body, `"status":"draft"`) {
		t.Errorf("update_status body %q", body)
	}
	if got := s.Sandbox.Snapshot().Training(tr.ID); got.Status == nil || *got.Status != factorial.TrainingDraft {
		t.Error("status changed")
	}

	// Deleting asks first and says what goes.
	doc := apptest.Parse(t, hr.Get(base+"/delete"))
	if !slices.Contains(rowNames(doc, "confirm-items"), tr.Name) && !strings.Contains(apptest.TestID(doc, "confirm-items").Text(), tr.Name) {
		t.Errorf("confirmation names the training: %q", apptest.TestID(doc, "confirm-items").Text())
	}
	if c := apptest.TestID(doc, "confirm-consequence").First().Text(); !strings.Contains(c, "group") || !strings.Contains(c, "enrolments of "+strconv.Itoa(len(membersOf(st, tr.ID)))+" people") {
		t.Errorf("consequence %q", c)
	}
	if to := location(t, hr.Post(base+"/delete", nil)); to != base+"/delete" {
		t.Error("an unconfirmed delete goes to the confirmation")
	}
	if s.Sandbox.Snapshot().Training(tr.ID) == nil {
		t.Fatal("deleted without confirmation")
	}
	location(t, hr.Post(base+"/delete", url.Values{"confirmed": {"yes"}}))
	if s.Sandbox.Snapshot().Training(tr.ID) != nil {
		t.Fatal("not deleted")
	}

	// Bulk hide, then show, then delete with a confirmation.
	vis := visibleTrainings(s.Sandbox.Snapshot())
	a, b := vis[0], vis[1]
	ids := url.Values{"ids": {a.ID.String(), b.ID.String()}, "return_to": {"/trainings?year=2026"}}
	form := url.Values{"action": {"hide"}}
	for k, v := range ids {
		form[k] = v
	}
	if to := location(t, hr.Post("/trainings/bulk", form)); to != "/trainings?year=2026" {
		t.Errorf("bulk returns to the view, got %q", to)
	}
	now := s.Sandbox.Snapshot()
	if now.Training(a.ID).Catalog || now.Training(b.ID).Catalog {
		t.Error("bulk hide")
	}
	form.Set("action", "show")
	location(t, hr.Post("/trainings/bulk", form))
	if !s.Sandbox.Snapshot().Training(a.ID).Catalog {
		t.Error("bulk show")
	}
	form.Set("action", "delete")
	res := hr.Post("/trainings/bulk", form)
	mustStatus(t, res, http.StatusOK)
	doc = apptest.Parse(t, res)
	if items := apptest.TestID(doc, "confirm-items").Text(); !strings.Contains(items, a.Name) || !strings.Contains(items, b.Name) {
		t.Errorf("bulk delete confirmation names both: %q", items)
	}
	if s.Sandbox.Snapshot().Training(a.ID) == nil {
		t.Fatal("bulk delete happened before confirmation")
	}
	form.Set("confirmed", "yes")
	location(t, hr.Post("/trainings/bulk", form))
	if s.Sandbox.Snapshot().Training(a.ID) != nil || s.Sandbox.Snapshot().Training(b.ID) != nil {
		t.Error("bulk delete")
	}
	// Nothing selected: nothing sent, the user is told.
	apiCalls(s)
	location(t, hr.Post("/trainings/bulk", url.Values{"action": {"hide"}}))
	if calls := apiCalls(s); countCalls(calls, "POST") != 0 {
		t.Errorf("empty selection reached Factorial: %v", calls)
	}
}

func TestCategories(t *testing.T) {
	s := apptest.Start(t)
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	st := s.Sandbox.Snapshot()
	doc := apptest.Parse(t, hr.Get("/trainings/categories"))
	if apptest.TestID(doc, "category").Length() != len(st.Categories) {
		t.Errorf("%d categories listed, want %d", apptest.TestID(doc, "category").Length(), len(st.Categories))
	}
	if !strings.Contains(apptest.TestID(doc, "no-rename").Text(), "cannot rename") {
		t.Error("the page says the API has no rename")
	}
	for _, bad := range []string{"  ", st.Categories[0].Name} {
		res := hr.Post("/trainings/categories", url.Values{"name": {bad}})
		mustStatus(t, res, http.StatusOK)
		if apptest.TestID(apptest.Parse(t, res), "error-name").Length() != 1 {
			t.Errorf("no error for %q", bad)
		}
	}
	location(t, hr.Post("/trainings/categories", url.Values{"name": {"Brand new"}}))
	var created factorial.TrainingCategory
	for _, c := range s.Sandbox.Snapshot().Categories {
		if c.Name == "Brand new" {
			created = c
		}
	}
	if created.ID == 0 {
		t.Fatal("category not created")
	}
	// Deleting a used category names the trainings that lose it.
	used := st.Categories[0]
	var users []string
	for _, tr := range visibleTrainings(st) {
		if slices.Contains(tr.CategoryIDs, used.ID) {
			users = append(users, tr.Name)
		}
	}
	doc = apptest.Parse(t, hr.Get("/trainings/categories/"+used.ID.String()+"/delete"))
	if c := apptest.TestID(doc, "confirm-consequence").Text(); len(users) > 0 && !strings.Contains(c, strconv.Itoa(len(users))+" training") {
		t.Errorf("consequence %q, want %d trainings", c, len(users))
	}
	location(t, hr.Post("/trainings/categories/"+created.ID.String()+"/delete", url.Values{"confirmed": {"yes"}}))
	for _, c := range s.Sandbox.Snapshot().Categories {
		if c.ID == created.ID {
			t.Error("category not deleted")
		}
	}
	// An employee may not create one: Factorial says no, the input stays.
	emp := s.SignIn(t, sandbox.PersonaEmployee)
	res := emp.Post("/trainings/categories", url.Values{"name": {"Mine"}})
	mustStatus(t, res, http.StatusForbidden)
	if apptest.Parse(t, res).Find("#f-name").AttrOr("value", "") != "Mine" {
		t.Error("input kept after 403")
	}
}

func TestGroups(t *testing.T) {
	s := apptest.Start(t)
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	tr := busyTraining(t, s.Sandbox.Snapshot())
	base := "/trainings/" + tr.ID.String()

	res := hr.Post(base+"/groups", url.Values{"name": {"Autumn"}, "start_date": {"2026-10-02"}, "end_date": {"2026-10-01"},
		"cost": {"100"}, "payment_status": {"pending"}})
	mustStatus(t, res, http.StatusOK)
	doc := apptest.Parse(t, res)
	if apptest.TestID(doc, "error-end_date").Length() != 1 || doc.Find("#f-name").AttrOr("value", "") != "Autumn" {
		t.Error("end before start is refused with the input kept")
	}
	location(t, hr.Post(base+"/groups", url.Values{"name": {"Autumn"}, "start_date": {"2026-10-01"}, "end_date": {"2026-10-02"},
		"cost": {"100"}, "indirect_cost": {"20.5"}, "salary_cost": {"0"}, "subsidized_cost": {"10"}, "payment_status": {"paid"}}))
	var class factorial.TrainingClass
	for _, c := range s.Sandbox.Snapshot().Classes {
		if c.TrainingID == tr.ID && c.Name == "Autumn" {
			class = c
		}
	}
	if class.ID == "" || class.IndirectCost == "" {
		t.Fatalf("group not created: %+v", class)
	}
	doc = apptest.Parse(t, hr.Get(base+"/groups/"+string(class.ID)+"/edit"))
	if doc.Find("#f-indirect_cost").AttrOr("value", "") != "20.50" {
		t.Errorf("edit form indirect cost %q", doc.Find("#f-indirect_cost").AttrOr("value", ""))
	}
	location(t, hr.Post(base+"/groups/"+string(class.ID)+"/edit", url.Values{"name": {"Autumn B"}, "start_date": {"2026-10-01"},
		"end_date": {"2026-10-03"}, "cost": {"200"}, "payment_status": {"paid"}}))
	doc = apptest.Parse(t, hr.Get(base+"/costs"))
	if !strings.Contains(apptest.TestID(doc, "costs-table").Text(), "Autumn B") {
		t.Error("the edited group is in the costs")
	}
	doc = apptest.Parse(t, hr.Get(base+"/groups/"+string(class.ID)+"/delete"))
	if !strings.Contains(apptest.TestID(doc, "confirm-items").Text(), "Autumn B") {
		t.Error("group delete confirmation names it")
	}
	location(t, hr.Post(base+"/groups/"+string(class.ID)+"/delete", url.Values{"confirmed": {"yes"}}))
	for _, c := range s.Sandbox.Snapshot().Classes {
		if c.ID == class.ID {
			t.Error("group not deleted")
		}
	}
	// A group reached through another training's address is not found.
	other := visibleTrainings(s.Sandbox.Snapshot())[0]
	for _, c := range s.Sandbox.Snapshot().Classes {
		if c.TrainingID != other.ID {
			mustStatus(t, hr.Get("/trainings/"+other.ID.String()+"/groups/"+string(c.ID)+"/edit"), http.StatusNotFound)
			break
		}
	}
}

func TestEnrolRemoveAndCompletion(t *testing.T) {
	s := apptest.Start(t)
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	st := s.Sandbox.Snapshot()
	tr := busyTraining(t, st)
	base := "/trainings/" + tr.ID.String()
	enrolled := map[factorial.ID]bool{}
	for _, m := range membersOf(st, tr.ID) {
		enrolled[m.EmployeeID] = true
	}
	var newcomers []factorial.Employee
	for _, e := range st.Employees {
		if !enrolled[e.ID] && e.Active && len(newcomers) < 2 {
			newcomers = append(newcomers, e)
		}
	}

	// The picker finds people by name and marks those already enrolled.
	res := hr.Do(http.MethodGet, base+"/picker?q="+url.QueryEscape(newcomers[0].LastName), nil, htmxTo("picker-results"))
	mustStatus(t, res, http.StatusOK)
	if !strings.Contains(apptest.TestID(apptest.Parse(t, res), "picker-results").Text()+apptest.Body(res), newcomers[0].LastName) {
		t.Error("picker finds by name")
	}
	// By manager: everyone reporting to them, ticked.
	var manager factorial.ID
	for _, e := range st.Employees {
		if e.ManagerID != nil {
			manager = *e.ManagerID
			break
		}
	}
	// Without htmx the search is a plain GET: the whole tab with the results.
	doc := apptest.Parse(t, hr.Get(base+"/picker?manager="+manager.String()))
	if apptest.TestID(doc, "picker-person").Length() == 0 || apptest.TestID(doc, "training-title").Length() != 1 {
		t.Error("picker lists a manager's reports, in the page")
	}
	var reports int
	for _, e := range st.Employees {
		if e.ManagerID != nil && *e.ManagerID == manager && e.Active {
			reports++
		}
	}
	if n := apptest.TestID(doc, "picker-person").Length(); n < reports {
		t.Errorf("%d people listed, want at least the %d direct reports", n, reports)
	}
	if n := doc.Find(`[data-testid="picker-select"][checked]`).Length(); n == 0 {
		t.Error("a manager's reports come ticked")
	}

	location(t, hr.Post(base+"/participants", url.Values{"employee_ids": {newcomers[0].ID.String(), newcomers[1].ID.String()}}))
	after := membersOf(s.Sandbox.Snapshot(), tr.ID)
	if len(after) != len(enrolled)+2 {
		t.Fatalf("%d enrolments after enrolling 2 more to %d", len(after), len(enrolled))
	}

	// Completion: a future date is refused with the input kept; a date is
	// set; clear removes it.
	m := after[0]
	res = hr.Post(base+"/participants/"+m.ID.String()+"/completion", url.Values{"completed_at": {"2999-01-01"}})
	mustStatus(t, res, http.StatusOK)
	doc = apptest.Parse(t, res)
	if apptest.TestID(doc, "error-completed_at").Length() != 1 || doc.Find("#done-"+m.ID.String()).AttrOr("value", "") != "2999-01-01" {
		t.Error("future completion refused, input kept")
	}
	location(t, hr.Post(base+"/participants/"+m.ID.String()+"/completion", url.Values{"completed_at": {"2026-01-15"}}))
	if got := findMember(s, m.ID); got.TrainingCompletedAt == nil || got.TrainingCompletedAt.String() != "2026-01-15" {
		t.Errorf("completion set: %+v", got)
	}
	location(t, hr.Post(base+"/participants/"+m.ID.String()+"/completion", url.Values{"completed_at": {"2026-01-15"}, "clear": {"yes"}}))
	if got := findMember(s, m.ID); got.TrainingCompletedAt != nil {
		t.Errorf("completion cleared: %+v", got)
	}

	// Remove selected: confirmation names the person, then removes.
	res = hr.Post(base+"/participants/remove", url.Values{"mode": {"selected"}, "ids": {after[0].ID.String()}})
	mustStatus(t, res, http.StatusOK)
	if apptest.TestID(apptest.Parse(t, res), "confirm-items").Find("li").Length() != 1 {
		t.Error("confirmation lists the one person")
	}
	location(t, hr.Post(base+"/participants/remove", url.Values{"mode": {"selected"}, "ids": {after[0].ID.String()}, "confirmed": {"yes"}}))
	if len(membersOf(s.Sandbox.Snapshot(), tr.ID)) != len(after)-1 {
		t.Error("remove selected")
	}
	// Everyone except one: only that one stays.
	keep := after[1]
	res = hr.Post(base+"/participants/remove", url.Values{"mode": {"except"}, "ids": {keep.ID.String()}})
	mustStatus(t, res, http.StatusOK)
	if n := apptest.TestID(apptest.Parse(t, res), "confirm-items").Find("li").Length(); n != len(after)-2 {
		t.Errorf("confirmation lists %d people, want %d", n, len(after)-2)
	}
	location(t, hr.Post(base+"/participants/remove", url.Values{"mode": {"except"}, "ids": {keep.ID.String()}, "confirmed": {"yes"}}))
	if left := membersOf(s.Sandbox.Snapshot(), tr.ID); len(left) != 1 || left[0].ID != keep.ID {
		t.Errorf("after remove-except: %v", left)
	}

	// Participants export.
	res = hr.Get(base + "/participants.csv")
	mustStatus(t, res, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Errorf("content type %q", ct)
	}
	rows, err := csv.NewReader(strings.NewReader(apptest.Body(res))).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][1] != keep.EmployeeID.String() {
		t.Errorf("participants CSV %v %v", rows, err)
	}
}

func TestCatalogueExport(t *testing.T) {
	s := apptest.Start(t)
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	all := visibleTrainings(s.Sandbox.Snapshot())
	year := all[0].Year
	want := 0
	for _, tr := range all {
		if tr.Year == year {
			want++
		}
	}
	res := hr.Get("/trainings/export.csv?year=" + strconv.Itoa(year) + "&page=2")
	mustStatus(t, res, http.StatusOK)
	rows, err := csv.NewReader(strings.NewReader(apptest.Body(res))).ReadAll()
	if err != nil || len(rows) != want+1 {
		t.Fatalf("export has %d rows, want %d + header (%v)", len(rows), want, err)
	}
	if !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Error("sent as a download")
	}
}

// A form sent with errors opens with a summary that names each field to fix,
// in the form's order, each a link to its field.
func TestFormErrorSummaryLinksToEachField(t *testing.T) {
	s := apptest.Start(t)
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	tr := busyTraining(t, s.Sandbox.Snapshot())
	for _, tc := range []struct {
		name, path string
		form       url.Values
		want       []string // the fields with errors, in the form's order
	}{
		{"training", "/trainings", url.Values{"name": {" "}, "year": {"x"}, "cost": {"-3"}, "category_ids": {"999999"}},
			[]string{"name", "year", "cost", "category_ids"}},
		{"group", "/trainings/" + tr.ID.String() + "/groups", url.Values{"start_date": {"2026-10-02"}, "end_date": {"2026-10-01"}, "cost": {"abc"}, "payment_status": {"pending"}},
			[]string{"end_date", "cost"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := hr.Post(tc.path, tc.form)
			mustStatus(t, res, http.StatusOK)
			doc := apptest.Parse(t, res)
			links := apptest.TestID(doc, "form-error-link")
			var got []string
			links.Each(func(_ int, a *goquery.Selection) {
				name := strings.TrimPrefix(a.AttrOr("href", ""), "#f-")
				got = append(got, name)
				if doc.Find("#f-"+name).Length() != 1 {
					t.Errorf("the summary links to #f-%s, which is not on the page", name)
				}
				if msg := apptest.TestID(doc, "error-"+name).Text(); msg == "" || strings.TrimSpace(a.Text()) != strings.TrimSpace(msg) {
					t.Errorf("the link to %s says %q, the field says %q", name, a.Text(), msg)
				}
			})
			if !slices.Equal(got, tc.want) {
				t.Errorf("the summary lists %v, want %v", got, tc.want)
			}
		})
	}
}
