package handlers_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	mw "github.com/aula-hr/aula/middleware"
)

// switchLanguage posts the header's switcher of doc as a browser would: its
// hidden fields (the CSRF token, the page to return to) and the button for
// lang.
func switchLanguage(t *testing.T, c *apptest.Client, doc *goquery.Document, lang string) *http.Response {
	t.Helper()
	form := url.Values{}
	sw := apptest.TestID(doc, "language")
	sw.Find(`input[type="hidden"]`).Each(func(_ int, s *goquery.Selection) {
		form.Set(s.AttrOr("name", ""), s.AttrOr("value", ""))
	})
	if sw.Find(`button[name="lang"][value="`+lang+`"]`).Length() != 1 {
		t.Fatalf("the switcher has no button for %q", lang)
	}
	form.Set("lang", lang)
	return c.Do(http.MethodPost, sw.AttrOr("action", ""), form, nil)
}

// Switching the language in the header stores it in the cookie, comes back
// to the same page (its query kept) and that page, and the next ones, are in
// the new language, <html lang> included.
func TestLanguageSwitcherComesBackToThePageInTheNewLanguage(t *testing.T) {
	srv := apptest.Start(t)
	c := srv.SignIn(t, sandbox.PersonaHRAdmin)
	const page = "/trainings?status=active"
	doc := apptest.Parse(t, c.Get(page))
	if got := doc.Find("html").AttrOr("lang", ""); got != "en" {
		t.Fatalf("before switching: <html lang=%q>", got)
	}
	res := switchLanguage(t, c, doc, "es")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != page {
		t.Fatalf("switch: status %d, Location %q, want 303 to %s", res.StatusCode, res.Header.Get("Location"), page)
	}
	if got := c.Cookie(mw.LocaleCookie); got != "es" {
		t.Fatalf("language cookie %q, want es", got)
	}
	doc = apptest.Parse(t, c.Get(page))
	if got := doc.Find("html").AttrOr("lang", ""); got != "es" {
		t.Errorf("after switching: <html lang=%q>", got)
	}
	if got := apptest.TestID(doc, "flash-success").Text(); !strings.Contains(got, "Idioma guardado.") {
		t.Errorf("flash after switching: %q", got)
	}
	if got := apptest.TestID(doc, "language-es").AttrOr("aria-current", ""); got != "true" {
		t.Errorf("Español not marked current: aria-current=%q", got)
	}
	// Remembered: another page, later, is in Spanish too.
	if got := apptest.Parse(t, c.Get("/")).Find("html").AttrOr("lang", ""); got != "es" {
		t.Errorf("home after switching: <html lang=%q>", got)
	}
	res = switchLanguage(t, c, apptest.Parse(t, c.Get("/")), "en")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" || c.Cookie(mw.LocaleCookie) != "en" {
		t.Errorf("switching back: status %d, Location %q, cookie %q", res.StatusCode, res.Header.Get("Location"), c.Cookie(mw.LocaleCookie))
	}
}

// The page to return to is a path inside Aula, nothing else: another
// origin, a scheme-relative or a script address goes home.
func TestLanguageSwitcherReturnsOnlyInsideAula(t *testing.T) {
	srv := apptest.Start(t)
	c := srv.SignIn(t, sandbox.PersonaEmployee)
	for _, back := range []string{
		"https://evil.example/trainings", "//evil.example/trainings", `/\evil.example`, "/%2F%2Fevil.example",
		"javascript:alert(1)", "trainings", "", "/sandbox/oauth/authorize",
	} {
		res := c.Post("/language", url.Values{"lang": {"es"}, "back": {back}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
			t.Errorf("back %q: status %d, Location %q, want 303 to /", back, res.StatusCode, res.Header.Get("Location"))
		}
	}
}

// Without the CSRF token, or with a language Aula does not speak, nothing
// is stored.
func TestLanguageSwitcherRefusesForgedOrUnknownChoices(t *testing.T) {
	srv := apptest.Start(t)
	c := srv.SignIn(t, sandbox.PersonaEmployee)
	res := c.Do(http.MethodPost, "/language", url.Values{"lang": {"es"}, "back": {"/"}}, nil)
	if res.StatusCode != http.StatusForbidden || c.Cookie(mw.LocaleCookie) != "" {
		t.Errorf("without CSRF token: status %d, cookie %q", res.StatusCode, c.Cookie(mw.LocaleCookie))
	}
	for _, lang := range []string{"fr", "ES", "es-MX", ""} {
		res := c.Post("/language", url.Values{"lang": {lang}, "back": {"/"}})
		if res.StatusCode != http.StatusBadRequest || c.Cookie(mw.LocaleCookie) != "" {
			t.Errorf("lang %q: status %d, cookie %q", lang, res.StatusCode, c.Cookie(mw.LocaleCookie))
		}
	}
}

// Signed out, the sign-in page has the switcher too, and switching there
// stays on it, with where it leads after signing in.
func TestLanguageSwitcherOnTheSignInPage(t *testing.T) {
	srv := apptest.Start(t)
	c := srv.NewClient(t)
	const page = "/login?return_to=%2Ftrainings"
	res := switchLanguage(t, c, apptest.Parse(t, c.Get(page)), "es")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != page {
		t.Fatalf("switch: status %d, Location %q, want 303 to %s", res.StatusCode, res.Header.Get("Location"), page)
	}
	doc := apptest.Parse(t, c.Get(page))
	if got := doc.Find("html").AttrOr("lang", ""); got != "es" {
		t.Errorf("sign-in page after switching: <html lang=%q>", got)
	}
	if got := doc.Find("h1").Text(); got != "Inicia sesión en Aula" {
		t.Errorf("sign-in heading %q", got)
	}
}

// Without a choice, the browser's Accept-Language decides; a choice made
// in the switcher beats it.
func TestLanguageNegotiatedAndTheChoiceWins(t *testing.T) {
	srv := apptest.Start(t)
	c := srv.SignIn(t, sandbox.PersonaTrainer)
	lang := func(accept string) string {
		t.Helper()
		res := c.Do(http.MethodGet, "/", nil, http.Header{"Accept-Language": {accept}})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET /: status %d", res.StatusCode)
		}
		return apptest.Parse(t, res).Find("html").AttrOr("lang", "")
	}
	for accept, want := range map[string]string{
		"es-ES,es;q=0.9,en;q=0.8": "es", "es-MX": "es", "en-GB,en;q=0.9": "en", "fr-FR,fr;q=0.9": "en", "": "en",
	} {
		if got := lang(accept); got != want {
			t.Errorf("Accept-Language %q, no cookie: <html lang=%q>, want %q", accept, got, want)
		}
	}
	if res := c.Post("/language", url.Values{"lang": {"en"}, "back": {"/"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("switch: status %d", res.StatusCode)
	}
	if got := lang("es-ES,es;q=0.9"); got != "en" {
		t.Errorf("English chosen, browser asks Spanish: <html lang=%q>, want en", got)
	}
}

var spanishMoney = regexp.MustCompile(`^-?\d{1,3}(\.\d{3})*,\d{2}\x{a0}(€|\$|£|[A-Z]{3})$`)

// A catalogue page and a training page asked for in Spanish read in
// Spanish: the words the templates write are the catalogue's Spanish ones,
// and none of their English is left.
func TestCatalogueAndTrainingPagesInSpanish(t *testing.T) {
	srv := apptest.Start(t)
	c := srv.SignIn(t, sandbox.PersonaHRAdmin)
	es := http.Header{"Accept-Language": {"es-ES,es;q=0.9"}}
	get := func(path string) *goquery.Document {
		t.Helper()
		res := c.Do(http.MethodGet, path, nil, es)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: status %d", path, res.StatusCode)
		}
		doc := apptest.Parse(t, res)
		if got := doc.Find("html").AttrOr("lang", ""); got != "es" {
			t.Errorf("%s: <html lang=%q>", path, got)
		}
		return doc
	}
	check := func(path string, doc *goquery.Document, spanish, english []string) {
		t.Helper()
		text := strings.Join(strings.Fields(doc.Find("body").Text()), " ")
		for _, w := range spanish {
			if !strings.Contains(text, w) {
				t.Errorf("%s: no %q in the Spanish page", path, w)
			}
		}
		for _, w := range english {
			if strings.Contains(text, w) {
				t.Errorf("%s: English %q left in the Spanish page", path, w)
			}
		}
	}

	doc := get("/trainings")
	check("/trainings", doc,
		[]string{"Formaciones", "El catálogo de formaciones de tu empresa en Factorial.", "Buscar por nombre o código", "Borrar filtros", "Exportar esta vista (CSV)", "Participantes", "Nueva formación", "se muestran", "Saltar al contenido"},
		[]string{"The training catalogue", "Search by name or code", "Clear filters", "Export this view", "New training", "showing", "Skip to content", "Demo mode", "Sign out"})
	if got := doc.Find(`#catalogue-filters label[for="catalogue-q"]`).Text(); !strings.Contains(got, "Buscar por nombre o código") {
		t.Errorf("search label %q", got)
	}
	href := apptest.TestID(doc, "training-name").First().AttrOr("href", "")
	if href == "" {
		t.Fatal("the catalogue lists no training")
	}

	doc = get(href)
	check(href, doc,
		[]string{"Resumen", "Grupos", "Sesiones", "Participantes", "Cambiar estado", "Descripción", "Validez", "Duración", "Obligatoria"},
		[]string{"Overview", "Change status", "Description", "Validity", "Duration", "Mandatory", "Provider", "shown in the catalogue", "hidden from the catalogue"})

	doc = get(href + "/participants")
	check(href+"/participants", doc,
		[]string{"participantes", "Exportar participantes (CSV)", "Inscribir a personas", "Persona", "Fecha límite"},
		[]string{"Export participants", "Enrol people", "Completed on", " participants"})

	// Money in the Spanish form: the amount, a decimal comma, then the symbol.
	doc = get(href + "/costs")
	if cost := apptest.TestID(doc, "training-cost").Text(); !spanishMoney.MatchString(cost) {
		t.Errorf("training cost in Spanish %q, want the form 1.234,56 €", cost)
	}
	check(href+"/costs", doc, []string{"Coste de la formación", "Bonificación de FUNDAE"}, []string{"Training cost", "FUNDAE subsidy"})
}
