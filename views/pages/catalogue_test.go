package pages

import (
	"bytes"
	"context"
	"github.com/aula-hr/aula/internal/paths"
	"github.com/aula-hr/aula/views/layout"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/catalogue"
	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/training"
)

func render(t *testing.T, c templ.Component) (*goquery.Document, string) {
	t.Helper()
	var buf bytes.Buffer
	// Forms read the CSRF token from the request's frame, as the renderer puts it.
	ctx := layout.WithFrame(context.Background(), &layout.Frame{CSRFToken: "tok"})
	if err := c.Render(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(buf.String()))
	if err != nil {
		t.Fatal(err)
	}
	return doc, buf.String()
}

// renderRow renders a table row alone, parsed where a browser swaps it: in
// a table body.
func renderRow(t *testing.T, c templ.Component) *goquery.Document {
	t.Helper()
	_, html := render(t, c)
	doc, err := goquery.NewDocumentFromReader(strings.NewReader("<table><tbody>" + html + "</tbody></table>"))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func tid(id string) string { return `[data-testid="` + id + `"]` }

const evil = `<script>alert("x")</script><img src=x onerror=alert(1)>`

func sampleTrainings() []factorial.Training {
	active := factorial.TrainingActive
	return []factorial.Training{
		{ID: 1, Name: "Fire " + evil, Status: &active, Year: 2026, Catalog: true, CategoryIDs: []factorial.ID{4}, TotalParticipants: 3},
		{ID: 2, Name: "Excel", Status: &active, Year: 2025},
	}
}

func TestCatalogueShowsRowsCountsAndPaging(t *testing.T) {
	q := catalogue.Query{Year: 2026, Page: 2, PerPage: 2, Sort: catalogue.SortName}
	doc, html := render(t, Catalogue(CatalogueProps{
		Query: q, Result: catalogue.Result{Trainings: sampleTrainings(), Total: 5},
		Categories: []factorial.TrainingCategory{{ID: 4, Name: "Safety"}}, Years: []int{2026, 2025}, CanEdit: true,
	}))
	if n := doc.Find(tid("training-row")).Length(); n != 2 {
		t.Errorf("%d rows, want 2", n)
	}
	if got := doc.Find(tid("catalogue-count")).Text(); !strings.Contains(got, "5 trainings") || !strings.Contains(got, "3–4") {
		t.Errorf("count %q", got)
	}
	if got := doc.Find(tid("page-position")).Text(); got != "Page 2 of 3" {
		t.Errorf("position %q", got)
	}
	if href, _ := doc.Find(tid("page-next")).Attr("href"); href != "/trainings?page=3&per_page=2&sort=name&year=2026" {
		t.Errorf("next href %q", href)
	}
	if sel, _ := doc.Find(`#catalogue-year option[selected]`).Attr("value"); sel != "2026" {
		t.Errorf("year filter not kept: %q", sel)
	}
	if got := doc.Find(tid("training-row")).First().Find("td").Eq(4).Text(); got != "Safety" {
		t.Errorf("category cell %q", got)
	}
	if doc.Find(tid("bulk-hide")).Length() != 1 || doc.Find(tid("select-training")).Length() != 2 {
		t.Error("HR sees the bulk actions and a checkbox per row")
	}
	if v, _ := doc.Find(`#bulk input[name="_csrf"]`).Attr("value"); v != "tok" {
		t.Error("bulk form carries the CSRF token")
	}
	if href, _ := doc.Find(tid("export-catalogue")).Attr("href"); href != "/trainings/export.csv?page=2&per_page=2&sort=name&year=2026" {
		t.Errorf("export href %q", href)
	}
	if strings.Contains(html, "<script>alert") {
		t.Error("a training name was rendered as HTML")
	}
	if !strings.Contains(doc.Find(tid("training-name")).First().Text(), `<script>alert("x")</script>`) {
		t.Error("the name must be shown as text, tags and all")
	}
}

func TestCatalogueForNonHRHasNoWriteActions(t *testing.T) {
	doc, _ := render(t, Catalogue(CatalogueProps{Query: catalogue.Query{Page: 1, PerPage: 25},
		Result: catalogue.Result{Trainings: sampleTrainings(), Total: 2}}))
	for _, id := range []string{"new-training", "bulk-actions", "select-training"} {
		if doc.Find(tid(id)).Length() != 0 {
			t.Errorf("%s shown to a non-HR user", id)
		}
	}
	if doc.Find(tid("pager")).Length() != 0 {
		t.Error("one page needs no pager")
	}
}

func TestCatalogueEmptyStates(t *testing.T) {
	tests := []struct {
		name    string
		q       catalogue.Query
		canEdit bool
		want    string
		link    string
	}{
		{"filtered", catalogue.Query{Search: "zzz", Page: 1, PerPage: 25}, true, "No training matches these filters", "empty-clear"},
		{"empty catalogue, HR", catalogue.Query{Page: 1, PerPage: 25}, true, "The catalogue is empty", "empty-new"},
		{"empty catalogue, employee", catalogue.Query{Page: 1, PerPage: 25}, false, "No trainings to show", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, _ := render(t, CatalogueResults(CatalogueProps{Query: tt.q, CanEdit: tt.canEdit}))
			empty := doc.Find(tid("catalogue-empty"))
			if !strings.Contains(empty.Text(), tt.want) {
				t.Errorf("empty state %q, want %q", empty.Text(), tt.want)
			}
			if tt.link != "" && empty.Find(tid(tt.link)).Length() != 1 {
				t.Errorf("missing %s", tt.link)
			}
			if doc.Find(tid("catalogue-table")).Length() != 0 {
				t.Error("no table when empty")
			}
		})
	}
}

func TestTrainingPageShowsUserTextAsText(t *testing.T) {
	objectives := "<b>learn</b>"
	tr := factorial.Training{ID: 9, Name: evil, Description: "line one\n" + evil, Objectives: &objectives, Year: 2026}
	doc, html := render(t, Training(TrainingProps{Training: tr, Tab: paths.TabOverview}))
	if strings.Contains(html, "<script>alert") || strings.Contains(html, "<img src=x") || strings.Contains(html, "<b>learn") {
		t.Fatal("user text rendered as markup")
	}
	if got := doc.Find(tid("training-title")).Text(); got != evil {
		t.Errorf("title %q", got)
	}
	if got := doc.Find(tid("training-description")).Text(); got != "line one\n"+evil {
		t.Errorf("description %q", got)
	}
	if doc.Find(tid("edit-training")).Length() != 0 || doc.Find(tid("status-form")).Length() != 0 {
		t.Error("edit actions shown without permission")
	}
}

func TestTrainingTabs(t *testing.T) {
	eur := "EUR"
	paid := factorial.PaymentPaid
	done := factorial.Date{Year: 2026, Month: 3, Day: 1}
	due := factorial.Date{Year: 2020, Month: 1, Day: 1}
	tr := factorial.Training{ID: 9, Name: "Fire", Year: 2026, CostDecimal: &factorial.Money{Amount: "100.00", Currency: "EUR"},
		Cost: 10000, FundaeSubsidized: true}
	classes := []factorial.TrainingClass{{ID: "c1", Name: "Spring", Cost: "1000", IndirectCost: "250.5", SalaryCost: "0",
		SubsidizedCost: "100", Currency: &eur, PaymentStatus: &paid, CompletedAttendancesCount: 3, TotalAttendancesCount: 8}}
	ps := []training.Participant{
		{Membership: factorial.TrainingMembership{ID: 70, EmployeeID: 7, Status: factorial.Completed, TrainingCompletedAt: &done},
			Employee: &factorial.Employee{ID: 7, FullName: "Ana " + evil}},
		{Membership: factorial.TrainingMembership{ID: 80, EmployeeID: 8, Status: factorial.NotStarted, TrainingDueDate: &due}},
	}
	base := TrainingProps{Training: tr, CanEdit: true, CanSetCompletion: true, Classes: classes, Participants: ps, Shown: ps, Today: factorial.Date{Year: 2026, Month: 11, Day: 28},
		Costs: catalogue.Costs(classes, ""), CompletionError: 80, CompletionMessage: "A completion date cannot be in the future.",
		CompletionInput: "2999-01-01"}

	t.Run("groups", func(t *testing.T) {
		p := base
		p.Tab = paths.TabGroups
		doc, _ := render(t, TrainingTab(p))
		row := doc.Find(tid("group-row"))
		if row.Length() != 1 || row.Find(tid("group-completion")).Text() != "3 of 8" || !strings.Contains(row.Text(), "€1,250.50") {
			t.Errorf("group row %q", row.Text())
		}
		if href, _ := row.Find(tid("delete-group")).Attr("href"); href != "/trainings/9/groups/c1/delete" {
			t.Errorf("delete goes through a confirmation page, got %q", href)
		}
	})
	t.Run("participants", func(t *testing.T) {
		p := base
		p.Tab = paths.TabParticipants
		doc, html := render(t, TrainingTab(p))
		if strings.Contains(html, "<script>alert") {
			t.Fatal("employee name rendered as markup")
		}
		rows := doc.Find(tid("participant-row"))
		if rows.Length() != 2 || rows.Eq(1).Find(tid("participant-name")).Text() != "A former employee" {
			t.Errorf("rows %q", rows.Text())
		}
		if !strings.Contains(rows.Eq(1).Text(), "Overdue") || strings.Contains(rows.Eq(0).Text(), "Overdue") {
			t.Error("overdue marks only the unfinished participant past due")
		}
		if f, _ := rows.Eq(0).Find(tid("select-participant")).Attr("form"); f != "remove-participants" {
			t.Error("row checkboxes belong to the remove form")
		}
		if rows.Eq(0).Find(tid("clear-completion")).Length() != 1 || rows.Eq(1).Find(tid("clear-completion")).Length() != 0 {
			t.Error("clear is offered only where a completion date is set")
		}
		if v, _ := rows.Eq(1).Find(`input[name="completed_at"]`).Attr("value"); v != "2999-01-01" ||
			rows.Eq(1).Find(tid("error-completed_at")).Length() != 1 {
			t.Error("a refused completion date keeps the input and says why")
		}
	})
	t.Run("costs", func(t *testing.T) {
		p := base
		p.Tab = paths.TabCosts
		doc, _ := render(t, TrainingTab(p))
		total := doc.Find(tid("cost-total"))
		if total.Find(tid("gross")).Text() != "€1,250.50" || total.Find(tid("net")).Text() != "€1,150.50" {
			t.Errorf("total row %q", total.Text())
		}
		if !strings.Contains(doc.Find(tid("fundae")).Text(), "FUNDAE") {
			t.Error("FUNDAE flag")
		}
		p.Training.CostDecimal, p.Training.Cost, p.Training.SubsidizedCost = nil, 0, 0 // all null, as Factorial sends them
		doc, _ = render(t, TrainingTab(p))
		if doc.Find(tid("costs-hidden")).Length() != 1 || doc.Find(tid("costs-table")).Length() != 0 {
			t.Error("costs Factorial hides are said to be hidden, not shown as zero")
		}
	})
}

func TestTrainingFormKeepsInputAndMarksErrors(t *testing.T) {
	f := catalogue.ParseTrainingForm(map[string][]string{"name": {""}, "year": {"20x6"}, "cost": {"12,34,5"},
		"description": {evil}, "category_ids": {"4"}}, nil, i18n.English)
	doc, html := render(t, TrainingForm(TrainingFormProps{Form: f,
		Categories: []factorial.TrainingCategory{{ID: 4, Name: "Safety"}, {ID: 5, Name: "IT"}}}))
	for _, name := range []string{"name", "year", "cost"} {
		if doc.Find(tid("error-"+name)).Length() != 1 {
			t.Errorf("no error shown on %s", name)
		}
		if inv, _ := doc.Find("#f-" + name).Attr("aria-invalid"); inv != "true" {
			t.Errorf("%s not marked invalid", name)
		}
	}
	if v, _ := doc.Find("#f-year").Attr("value"); v != "20x6" {
		t.Errorf("year input not kept: %q", v)
	}
	if doc.Find("#f-description").Text() != evil || strings.Contains(html, "<script>alert") {
		t.Error("description kept as text")
	}
	if _, ok := doc.Find("#cat-4").Attr("checked"); !ok {
		t.Error("chosen category kept")
	}
	if _, ok := doc.Find("#cat-5").Attr("checked"); ok {
		t.Error("unchosen category ticked")
	}
}

func TestCatalogueSortHeaders(t *testing.T) {
	q := catalogue.Query{Year: 2026, Page: 3, PerPage: 25, Sort: catalogue.SortName}
	doc, _ := render(t, CatalogueResults(CatalogueProps{Query: q, Result: catalogue.Result{Trainings: sampleTrainings(), Total: 60}}))
	name := doc.Find(tid("sort-name"))
	if href, _ := name.Attr("href"); href != "/trainings?sort=-name&year=2026" {
		t.Errorf("name header toggles to descending on page 1: %q", href)
	}
	if s, _ := name.Parent().Attr("aria-sort"); s != "ascending" {
		t.Errorf("aria-sort %q", s)
	}
	year := doc.Find(tid("sort--year"))
	if href, _ := year.Attr("href"); href != "/trainings?sort=-year&year=2026" {
		t.Errorf("year header starts newest first: %q", href)
	}
	if s, _ := year.Parent().Attr("aria-sort"); s != "none" {
		t.Errorf("unsorted column aria-sort %q", s)
	}
}

// Every error message of a form is tied to its field or group of fields
// (aria-describedby), so a screen reader reads it out with them: the
// categories' error too, which sits in its fieldset after the tick boxes.
func TestFormErrorsAreTiedToTheirFields(t *testing.T) {
	tf := catalogue.ParseTrainingForm(map[string][]string{"name": {""}, "year": {"20x6"}, "category_ids": {"9"}},
		map[factorial.ID]bool{4: true}, i18n.English)
	gf := catalogue.ParseClassForm(map[string][]string{"start_date": {"x"}, "cost": {"-1"}, "payment_status": {"x"}}, i18n.English)
	for _, tc := range []struct {
		name string
		page templ.Component
		min  int
	}{
		{"training", TrainingForm(TrainingFormProps{Form: tf, Categories: []factorial.TrainingCategory{{ID: 4, Name: "Safety"}}}), 3},
		{"group", GroupForm(GroupFormProps{Form: gf}), 3},
		{"category", Categories(CategoriesProps{CanEdit: true, NameError: "Give the category a name."}), 1},
		{"sign-in", Login(LoginProps{TokenError: "Factorial did not accept this token."}), 1},
	} {
		doc, _ := render(t, tc.page)
		errs := doc.Find(`.field-error`)
		if errs.Length() < tc.min {
			t.Errorf("%s: %d error messages, want %d", tc.name, errs.Length(), tc.min)
		}
		errs.Each(func(_ int, e *goquery.Selection) {
			id, _ := e.Attr("id")
			if id == "" || doc.Find("[aria-describedby~='"+id+"']").Length() == 0 {
				t.Errorf("%s: the error %q describes no field", tc.name, e.Text())
			}
		})
	}
}

// TestParticipantRowDrawsAlone: a participant's row needs only its own
// props, as after a completion date is saved or refused: no page, no
// training, no other participants.
func TestParticipantRowDrawsAlone(t *testing.T) {
	due := factorial.Date{Year: 2026, Month: 1, Day: 1}
	pt := training.Participant{
		Membership: factorial.TrainingMembership{ID: 80, TrainingID: 9, EmployeeID: 8, Status: factorial.Started, TrainingDueDate: &due},
		Employee:   &factorial.Employee{ID: 8, FullName: "Bea Gil"},
	}
	r := ParticipantRowProps{Today: factorial.Date{Year: 2026, Month: 2, Day: 1}, CanEdit: true, CanSetCompletion: true, Selected: true,
		Completion: CompletionFormProps{Participant: pt, Input: "2999-01-01", Error: "A completion date cannot be in the future."}}
	doc := renderRow(t, ParticipantRowUpdate(r))
	row := doc.Find("tr#member-80")
	if row.Find(tid("participant-name")).Text() != "Bea Gil" || !strings.Contains(row.Text(), "Overdue") {
		t.Errorf("row %q", row.Text())
	}
	if _, ticked := row.Find(tid("select-participant")).Attr("checked"); !ticked {
		t.Error("the row's tick is kept")
	}
	f := row.Find(tid("completion-form"))
	if f.AttrOr("action", "") != "/trainings/9/participants/80/completion" || f.Find(`input[name="_csrf"]`).AttrOr("value", "") != "tok" {
		t.Errorf("the form posts to its own address with the token: %q", f.AttrOr("action", ""))
	}
	if f.Find(`input[name="completed_at"]`).AttrOr("value", "") != "2999-01-01" || f.Find(tid("error-completed_at")).Text() == "" {
		t.Error("a refused date keeps the input and says why")
	}
	r.CanEdit, r.CanSetCompletion, r.Completion.Error = false, false, ""
	doc = renderRow(t, ParticipantRow(r))
	if doc.Find(tid("participant-row")).Length() != 1 || doc.Find(tid("completion-form")).Length() != 0 || doc.Find(tid("select-participant")).Length() != 0 {
		t.Error("a person who may not set dates sees no form and no tick")
	}
	doc, _ = render(t, CompletionPage(factorial.Training{ID: 9, Name: "Fire"}, CompletionFormProps{Participant: pt, Input: "x", Error: "Enter the date as YYYY-MM-DD."}))
	if doc.Find(tid("completion-form")).Length() != 1 || doc.Find(tid("participants-table")).Length() != 0 ||
		doc.Find(tid("back-to-participants")).AttrOr("href", "") != "/trainings/9/participants" {
		t.Error("without htmx, a refused date shows the person's form alone")
	}
}
