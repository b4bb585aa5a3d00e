package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/paths"
	mw "github.com/aula-hr/aula/middleware"
)

// inSpanish makes c ask for Spanish, as the switcher's cookie does.
func inSpanish(t *testing.T, c *apptest.Client) {
	t.Helper()
	u, err := url.Parse(c.Base)
	if err != nil {
		t.Fatal(err)
	}
	c.Jar.SetCookies(u, []*http.Cookie{{Name: mw.LocaleCookie, Value: "es", Path: "/"}})
}

// The messages the server writes in Go reach a Spanish person in Spanish:
// a form error, a flash after a write, a date typed the Spanish way and a
// refused one (the input kept, the error naming dd/mm/aaaa), and the
// problem of an error page.
func TestServerMessagesInSpanish(t *testing.T) {
	srv := apptest.Start(t)
	hr := srv.SignIn(t, sandbox.PersonaHRAdmin)
	inSpanish(t, hr)

	doc := apptest.Parse(t, hr.Post(paths.Categories, url.Values{"name": {"  "}}))
	if got := apptest.TestID(doc, "error-name").Text(); !strings.Contains(got, "Ponle un nombre a la categoría.") {
		t.Errorf("empty category name: %q", got)
	}
	res := hr.Post(paths.Categories, url.Values{"name": {"Prevención"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create category: status %d", res.StatusCode)
	}
	doc = apptest.Parse(t, hr.Get(location(t, res)))
	if got := apptest.TestID(doc, "flash-success").Text(); !strings.Contains(got, "Categoría «Prevención» creada.") {
		t.Errorf("flash: %q", got)
	}

	f := fixtureOf(t, srv.Sandbox.Snapshot())
	group := url.Values{"name": {"Invierno"}, "start_date": {"31/02/2026"}, "end_date": {"2026-12-04"},
		"cost": {"1.234,56"}, "payment_status": {"pending"}}
	body := apptest.Body(hr.Post(paths.Groups(f.training.ID), group))
	if !strings.Contains(body, i18n.Spanish.DateError()) || !strings.Contains(body, `value="31/02/2026"`) {
		t.Errorf("refused date: no %q or the input was lost\n%s", i18n.Spanish.DateError(), excerpt(body))
	}
	group.Set("start_date", "2/12/2026")
	res = hr.Post(paths.Groups(f.training.ID), group)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("group with a Spanish date and amount: status %d\n%s", res.StatusCode, excerpt(apptest.Body(res)))
	}
	doc = apptest.Parse(t, hr.Get(location(t, res)))
	if got := apptest.TestID(doc, "flash-success").Text(); !strings.Contains(got, "Grupo «Invierno") || !strings.Contains(got, "creado.") {
		t.Errorf("flash: %q", got)
	}
	var saved []string
	for _, c := range srv.Sandbox.Snapshot().Classes {
		if c.Name == "Invierno" && c.StartDate != nil {
			saved = append(saved, c.StartDate.String()+" "+c.Cost)
		}
	}
	if len(saved) != 1 || !strings.HasPrefix(saved[0], "2026-12-02 1234.56") {
		t.Errorf("saved groups %q, want one from 2026-12-02 costing 1234.56", saved)
	}

	doc = apptest.Parse(t, hr.Get("/no/such/page"))
	if got := apptest.TestID(doc, "problem-title").Text(); got != "Página no encontrada" {
		t.Errorf("not found page: %q", got)
	}
}
