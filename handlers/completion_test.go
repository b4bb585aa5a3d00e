package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
)

// The completion form under htmx answers with its row only: a refused date
// is shown in the row with the input kept and the row's tick kept; a save
// Factorial refuses leaves the row alone and says why in the flash region;
// clearing answers with the row without the date.
func TestCompletionFormAnswersWithItsRow(t *testing.T) {
	s := apptest.Start(t)
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	tr := busyTraining(t, s.Sandbox.Snapshot())
	m := membersOf(s.Sandbox.Snapshot(), tr.ID)[0]
	path := "/trainings/" + tr.ID.String() + "/participants/" + m.ID.String() + "/completion"
	row := "member-" + m.ID.String()
	post := func(form url.Values) *http.Response {
		h := htmxTo(row)
		h.Set("X-CSRF-Token", hr.CSRFToken())
		h.Set("Hx-Current-Url", s.URL+"/trainings/"+tr.ID.String()+"/participants")
		return hr.Do(http.MethodPost, path, form, h)
	}

	// A <tr> alone is dropped by an HTML parser outside a table.
	parseRow := func(res *http.Response) *goquery.Document {
		t.Helper()
		doc, err := goquery.NewDocumentFromReader(strings.NewReader("<table>" + apptest.Body(res) + "</table>"))
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	res := post(url.Values{"completed_at": {"2999-01-01"}, "ids": {m.ID.String()}})
	mustStatus(t, res, http.StatusOK)
	doc := parseRow(res)
	if doc.Find("tr#"+row).Length() != 1 || doc.Find("main, h1, [data-testid=participants-table]").Length() != 0 {
		t.Fatalf("a refused date answers with more than the row:\n%s", excerpt(apptest.Body(res)))
	}
	if apptest.TestID(doc, "error-completed_at").Length() != 1 || doc.Find("#done-"+m.ID.String()).AttrOr("value", "") != "2999-01-01" {
		t.Error("the refused date is not shown in the row with the input kept")
	}
	if doc.Find("#m-"+m.ID.String()+"[checked]").Length() != 1 {
		t.Error("the row's tick is lost when its date is refused")
	}

	// Without htmx, a refused date is the person's form alone, not the
	// whole training page loaded again.
	res = hr.Post(path, url.Values{"completed_at": {"2999-01-01"}})
	mustStatus(t, res, http.StatusOK)
	doc = apptest.Parse(t, res)
	if apptest.TestID(doc, "completion-form").Length() != 1 || apptest.TestID(doc, "participants-table").Length() != 0 ||
		doc.Find("#done-"+m.ID.String()).AttrOr("value", "") != "2999-01-01" || apptest.TestID(doc, "error-completed_at").Length() != 1 {
		t.Errorf("a refused date without htmx:\n%s", excerpt(apptest.Body(res)))
	}

	s.Sandbox.SetFaults(sandbox.Fault{Method: "PUT", Path: "trainings/training_memberships/*", Status: 500})
	res = post(url.Values{"completed_at": {"2026-01-15"}})
	s.Sandbox.SetFaults()
	if res.Header.Get("Hx-Retarget") != "#flash" || apptest.TestID(apptest.Parse(t, res), "problem").Length() != 1 {
		t.Errorf("a failed save: status %d, retarget %q\n%s", res.StatusCode, res.Header.Get("Hx-Retarget"), excerpt(apptest.Body(res)))
	}
	if got := findMember(s, m.ID); got.TrainingCompletedAt != nil && got.TrainingCompletedAt.String() == "2026-01-15" {
		t.Error("the failed save was made")
	}

	mustStatus(t, post(url.Values{"completed_at": {"2026-01-15"}}), http.StatusOK)
	res = post(url.Values{"completed_at": {"2026-01-15"}, "clear": {"yes"}})
	mustStatus(t, res, http.StatusOK)
	doc = parseRow(res)
	if got := doc.Find("#done-"+m.ID.String()).AttrOr("value", "x"); got != "" || !strings.Contains(doc.Find(`[hx-swap-oob]`).Text(), "cleared") {
		t.Errorf("after clearing, the row's date is %q and the flash says %q", got, doc.Find(`[hx-swap-oob]`).Text())
	}
	if got := findMember(s, m.ID); got.TrainingCompletedAt != nil {
		t.Errorf("completion not cleared: %+v", got)
	}
}
