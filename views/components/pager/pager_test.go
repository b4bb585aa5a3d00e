package pager

import (
	"bytes"
	"context"
	"strconv"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func render(t *testing.T, p Props) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := Pager(p).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	doc, _ := goquery.NewDocumentFromReader(&buf)
	return doc
}

func TestPager(t *testing.T) {
	href := func(n int) string { return "/x?page=" + strconv.Itoa(n) }
	if render(t, Props{Page: 1, Pages: 1, Href: href}).Find("nav").Length() != 0 {
		t.Error("one page: no pager")
	}
	doc := render(t, Props{Page: 1, Pages: 3, Href: href, Target: "#r", Label: "Pages"})
	if doc.Find(`[data-testid="page-previous"]`).Length() != 0 || doc.Find(`[data-testid="page-next"]`).AttrOr("hx-get", "") != "/x?page=2" {
		t.Error("first page: next only, swapping the target")
	}
	doc = render(t, Props{Page: 3, Pages: 3, Href: href})
	if doc.Find(`[data-testid="page-next"]`).Length() != 0 || doc.Find(`[data-testid="page-previous"]`).AttrOr("href", "") != "/x?page=2" {
		t.Error("last page: previous only")
	}
	if doc.Find(`[data-testid="page-previous"]`).AttrOr("hx-get", "") != "" {
		t.Error("no target: plain links")
	}
}
