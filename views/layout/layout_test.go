package layout

import (
	"bytes"
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"

	"github.com/aula-hr/aula/internal/i18n"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func render(t *testing.T, f *Frame) string {
	t.Helper()
	return renderIn(t, context.Background(), f)
}

func renderIn(t *testing.T, ctx context.Context, f *Frame) string {
	t.Helper()
	body := templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		_, err := w.Write([]byte(`<p data-testid="body">body</p>`))
		return err
	})
	var buf bytes.Buffer
	if err := Base(f, body).Render(WithFrame(ctx, f), &buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func frame() *Frame {
	return &Frame{
		Title: "Home", CSRFToken: "tok", Demo: true, HTMXConfig: `{"allowEval":false}`, RequestID: "rid", Path: "/trainings?q=a&page=2",
		User:    &User{Name: "Ana <b>Ruiz</b>", RoleLabel: "Trainer", Owner: "5f0c2e"},
		Nav:     []NavItem{{Label: "Home", Href: "/", Current: true, TestID: "nav-home"}, {Label: "Trainings", Href: "/trainings", TestID: "nav-trainings"}},
		Flashes: []Flash{{Kind: "success", Message: "Saved <script>"}},
		Assets:  Assets{CSS: "/static/css/app.1.css", HTMX: "/static/vendor/htmx.1.js", AppJS: "/static/js/app.1.js", Icon: "/static/icons/aula.1.svg"},
	}
}

// The frame's HTML is pinned by a golden file; run with -update after an
// intended change and review the diff.
func TestBaseGolden(t *testing.T) {
	got := render(t, frame())
	path := filepath.Join("testdata", "base.golden.html")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./views/layout -update)", err)
	}
	if got != string(want) {
		t.Errorf("layout differs from %s (run with -update if intended)\ngot:\n%s", path, got)
	}
}

func TestBaseFrame(t *testing.T) {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(render(t, frame())))
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Find(`[data-testid="user-name"]`).Text(); got != "Ana <b>Ruiz</b>" {
		t.Errorf("user name %q: not shown as text", got)
	}
	if doc.Find("b").Length() != 0 || doc.Find("main script").Length() != 0 {
		t.Error("user-controlled text became markup")
	}
	if doc.Find(`[aria-current="page"]`).Text() != "Home" {
		t.Error("current page not marked")
	}
	if doc.Find(`form[action="/logout"][method="post"] input[name="_csrf"][value="tok"]`).Length() != 1 {
		t.Error("sign-out form without CSRF token")
	}
	if doc.Find(`meta[name="csrf-token"]`).AttrOr("content", "") != "tok" {
		t.Error("no csrf-token meta for htmx")
	}

	f := frame()
	f.User, f.Demo, f.Flashes = nil, false, nil
	doc, _ = goquery.NewDocumentFromReader(strings.NewReader(render(t, f)))
	if doc.Find(`[data-testid="nav"], [data-testid="sign-out"], [data-testid="demo-banner"]`).Length() != 0 {
		t.Error("signed-out frame shows navigation, sign-out or the demo banner")
	}
}

// The frame follows the request's locale: <html lang>, the demo banner and
// the switcher, which names each language in itself, marks the current one
// and posts back the page shown, with the CSRF token, signed in or not.
func TestBaseFollowsTheLocale(t *testing.T) {
	for _, signedIn := range []bool{true, false} {
		f := frame()
		if !signedIn {
			f.User, f.Nav = nil, nil
		}
		for _, loc := range i18n.Locales() {
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(renderIn(t, i18n.WithLocale(context.Background(), loc), f)))
			if err != nil {
				t.Fatal(err)
			}
			if got := doc.Find("html").AttrOr("lang", ""); got != loc.String() {
				t.Errorf("%s: <html lang=%q>", loc, got)
			}
			sw := doc.Find(`form[data-testid="language"][method="post"][action="/language"]`)
			if sw.Find(`input[name="_csrf"][value="tok"]`).Length() != 1 || sw.Find(`input[name="back"]`).AttrOr("value", "") != "/trainings?q=a&page=2" {
				t.Errorf("%s, signed in %v: switcher without CSRF token or return path: %s", loc, signedIn, sw.Text())
			}
			if name := doc.Find("#" + sw.Find(`[role="group"]`).AttrOr("aria-labelledby", "none")).Text(); name != i18n.T(i18n.WithLocale(context.Background(), loc), "Language") {
				t.Errorf("%s: switcher labelled %q", loc, name)
			}
			for _, want := range i18n.Locales() {
				b := sw.Find(`button[type="submit"][name="lang"][value="` + want.String() + `"]`)
				if b.Text() != want.Name() || b.AttrOr("lang", "") != want.String() {
					t.Errorf("%s: button for %s reads %q (lang %q)", loc, want, b.Text(), b.AttrOr("lang", ""))
				}
				if _, current := b.Attr("aria-current"); current != (want == loc) {
					t.Errorf("%s: button for %s aria-current %v", loc, want, current)
				}
			}
		}
	}
	es := i18n.WithLocale(context.Background(), i18n.Spanish)
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(renderIn(t, es, frame())))
	if got := doc.Find(`[data-testid="demo-banner"] strong`).Text(); got != "Modo de demostración." {
		t.Errorf("Spanish demo banner starts %q", got)
	}
	if got := doc.Find(".skip-link").Text(); got != "Saltar al contenido" {
		t.Errorf("Spanish skip link %q", got)
	}
}

// app.js's message for a request that got no answer at all is written from
// the words the page carries (the flash region's data-no-answer-*), in the
// page's language, signed in or not: a Spanish page carries Spanish words.
func TestBaseCarriesTheNoAnswerWordsInItsLanguage(t *testing.T) {
	want := map[i18n.Locale][3]string{
		i18n.English: {"Aula did not answer",
			"Aula could not be reached or took too long. If you were saving a change, reload the page to see whether it was made before you try again.",
			"Try again"},
		i18n.Spanish: {"Aula no ha respondido",
			"No se ha podido contactar con Aula o ha tardado demasiado. Si estabas guardando un cambio, recarga la página para ver si se hizo antes de volver a intentarlo.",
			"Volver a intentarlo"},
	}
	for _, signedIn := range []bool{true, false} {
		f := frame()
		if !signedIn {
			f.User, f.Nav = nil, nil
		}
		for loc, w := range want {
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(renderIn(t, i18n.WithLocale(context.Background(), loc), f)))
			if err != nil {
				t.Fatal(err)
			}
			region := doc.Find(`#flash[data-testid="flash-region"]`)
			got := [3]string{region.AttrOr("data-no-answer-title", ""), region.AttrOr("data-no-answer-detail", ""), region.AttrOr("data-no-answer-retry", "")}
			if got != w {
				t.Errorf("%s, signed in %v: the no-answer words are %q, want %q", loc, signedIn, got, w)
			}
		}
	}
}
