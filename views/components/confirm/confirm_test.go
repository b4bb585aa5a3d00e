package confirm

import (
	"bytes"
	"context"
	"github.com/aula-hr/aula/views/layout"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func TestConfirmNamesWhatGoesAndCarriesTheSelection(t *testing.T) {
	var buf bytes.Buffer
	err := Confirm(Props{
		Title: "Delete 2 trainings?", Intro: "You are about to delete:",
		Items:        []string{`<script>alert(1)</script>`, "Fire safety"},
		Consequences: []string{"12 enrolments go with them."},
		Action:       "/trainings/bulk", Hidden: []Hidden{{"ids", "1"}, {"ids", "2"}},
		ConfirmLabel: "Delete 2 trainings", CancelHref: "/trainings?year=2026",
	}).Render(layout.WithFrame(context.Background(), &layout.Frame{CSRFToken: "tok"}), &buf)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "<script>") {
		t.Fatal("item names must be text")
	}
	doc, _ := goquery.NewDocumentFromReader(&buf)
	if got := doc.Find(`[data-testid="confirm-items"] li`).First().Text(); got != `<script>alert(1)</script>` {
		t.Errorf("first item %q", got)
	}
	var ids []string
	doc.Find(`input[name="ids"]`).Each(func(_ int, s *goquery.Selection) { ids = append(ids, s.AttrOr("value", "")) })
	if strings.Join(ids, ",") != "1,2" {
		t.Errorf("hidden ids %v", ids)
	}
	if doc.Find(`input[name="confirmed"]`).AttrOr("value", "") != "yes" || doc.Find(`input[name="_csrf"]`).AttrOr("value", "") != "tok" {
		t.Error("the confirmed form carries confirmed=yes and the CSRF token")
	}
	if doc.Find("form").AttrOr("method", "") != "post" || doc.Find(`[data-testid="confirm-cancel"]`).AttrOr("href", "") != "/trainings?year=2026" {
		t.Error("posts to confirm, cancel goes back")
	}
}
