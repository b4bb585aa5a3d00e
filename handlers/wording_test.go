package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/catalogue"
	"github.com/aula-hr/aula/internal/paths"
)

// A category name is a short label: one longer than the limit is refused
// with a message that gives the limit and the name's length, the input
// kept, and nothing is created; the form says the limit before.
func TestCategoryNameHasALimit(t *testing.T) {
	srv := apptest.Start(t)
	hr := srv.SignIn(t, sandbox.PersonaHRAdmin)
	doc := apptest.Parse(t, hr.Get(paths.Categories))
	input := doc.Find(`#f-name`)
	if input.AttrOr("maxlength", "") != itoa(catalogue.MaxCategoryNameLen) {
		t.Errorf("the name field's maxlength is %q", input.AttrOr("maxlength", ""))
	}
	if !strings.Contains(apptest.TestID(doc, "category-form").Text(), "Up to "+itoa(catalogue.MaxCategoryNameLen)+" characters.") {
		t.Error("the form does not say the limit")
	}
	before := len(srv.Sandbox.Snapshot().Categories)
	long := strings.Repeat("Seguridad ", 30)[:300]
	res := hr.Post(paths.Categories, url.Values{"name": {long}})
	mustStatus(t, res, http.StatusOK)
	doc = apptest.Parse(t, res)
	msg := apptest.TestID(doc, "error-name").Text()
	if !strings.Contains(msg, itoa(catalogue.MaxCategoryNameLen)+" characters or fewer") || !strings.Contains(msg, "has 299") {
		t.Errorf("error %q, want the limit and the name's length", msg)
	}
	if doc.Find(`#f-name`).AttrOr("value", "") != long {
		t.Error("the name typed is not kept")
	}
	if n := len(srv.Sandbox.Snapshot().Categories); n != before {
		t.Errorf("%d categories, want %d: the long name was created", n, before)
	}
	ok := strings.Repeat("x", catalogue.MaxCategoryNameLen)
	if got := location(t, hr.Post(paths.Categories, url.Values{"name": {ok}})); got != paths.Categories {
		t.Errorf("a name of exactly the limit: redirected to %q", got)
	}
}

// The page-not-found page says so once, as its heading.
func TestNotFoundSaysItOnce(t *testing.T) {
	srv := apptest.Start(t)
	c := srv.SignIn(t, sandbox.PersonaEmployee)
	res := c.Get("/no/such/page")
	mustStatus(t, res, http.StatusNotFound)
	doc := apptest.Parse(t, res)
	if n := strings.Count(doc.Find("main").Text(), "Page not found"); n != 1 {
		t.Errorf("%q appears %d times on the page", "Page not found", n)
	}
	if doc.Find("h1").Text() != "Page not found" || !strings.Contains(apptest.TestID(doc, "problem-detail").Text(), "no page at this address") {
		t.Errorf("heading %q, detail %q", doc.Find("h1").Text(), apptest.TestID(doc, "problem-detail").Text())
	}
}

// The persona picker speaks to the person trying the demo: who each
// persona is and what they can do, not which client acts for whom.
func TestPersonaPickerSpeaksToThePersonTryingTheDemo(t *testing.T) {
	srv := apptest.Start(t)
	picker := location(t, srv.NewClient(t).Get(paths.AuthStart))
	if !strings.HasPrefix(picker, "http") {
		picker = srv.URL + picker
	}
	res, err := http.Get(picker)
	if err != nil {
		t.Fatal(err)
	}
	mustStatus(t, res, http.StatusOK)
	doc := apptest.Parse(t, res)
	page := doc.Find("main").Text()
	for _, dev := range []string{"aula-demo", "will act as", "client", "API key"} {
		if strings.Contains(page, dev) {
			t.Errorf("the picker speaks to developers: %q", dev)
		}
	}
	buttons := doc.Find(`button[name="persona"]`)
	if buttons.Length() != 4 {
		t.Fatalf("%d personas, want 4", buttons.Length())
	}
	for _, p := range srv.Sandbox.Personas() {
		b := doc.Find(`button[name="persona"][value="` + p.Key + `"]`)
		if name := b.Find(".name").Text(); !strings.HasPrefix(name, p.Name+", ") || p.Title == "" || !strings.Contains(name, p.Title) {
			t.Errorf("%s: shown as %q, want their name and who they are", p.Key, name)
		}
		if desc := b.Find(".desc").Text(); !strings.HasPrefix(desc, "You ") {
			t.Errorf("%s: %q does not tell the visitor what they can do", p.Key, desc)
		}
	}
}
