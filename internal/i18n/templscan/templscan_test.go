package templscan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// page wraps a templ body in a file.
func page(body string) string {
	return "package pages\n\nimport \"github.com/aula-hr/aula/internal/i18n\"\n\ntempl Page(n int) {\n" + body + "\n}\n"
}

func scanBody(t *testing.T, body string) []Finding {
	t.Helper()
	found, err := Source("sample.templ", page(body))
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	return found
}

func TestFlagsUntranslatedText(t *testing.T) {
	tests := []struct {
		name string
		body string
		kind string
		text string
	}{
		{"text between tags", `<p>Clear filters</p>`, KindText, "Clear filters"},
		{"text with a brand", `<footer>Aula · training administration</footer>`, KindText, "Aula · training administration"},
		{"a brand's possessive is a sentence", `<p>Aula's sandbox</p>`, KindText, "Aula's sandbox"},
		{"entities are decoded", `<p>Costs &amp; subsidies</p>`, KindText, "Costs & subsidies"},
		{"text inside if", "if n > 0 {\n<span>Overdue</span>\n}", KindText, "Overdue"},
		{"text inside for", "for range n {\n<li>Row</li>\n}", KindText, "Row"},
		{"text inside switch", "switch n {\ncase 1:\n<b>One</b>\n}", KindText, "One"},
		{"text inside a component's children", "@Card() {\n<p>Inside</p>\n}", KindText, "Inside"},
		{"title", `<title>Trainings</title>`, KindText, "Trainings"},
		{"alt", `<img src="/x.svg" alt="Company logo"/>`, KindAttribute, "alt=Company logo"},
		{"placeholder", `<input name="q" placeholder="Search trainings"/>`, KindAttribute, "placeholder=Search trainings"},
		{"aria-label", `<nav aria-label="Main"></nav>`, KindAttribute, "aria-label=Main"},
		{"hx-confirm", `<button hx-delete="/x" hx-confirm="Delete it?">×</button>`, KindAttribute, "hx-confirm=Delete it?"},
		{"submit value", `<input type="submit" value="Send"/>`, KindAttribute, "value=Send"},
		{"conditional attribute", "<a href=\"/\"\nif n > 0 {\ntitle=\"Has items\"\n}\n>→</a>", KindAttribute, "title=Has items"},
		{"string literal expression", `<p>{ "Not translated" }</p>`, KindExpression, "Not translated"},
		{"concatenation", `<p>{ "Hello, " + i18n.Spanish.Name() }</p>`, KindExpression, "Hello,"},
		{"Sprintf format", `<p>{ fmt.Sprintf("%d left", n) }</p>`, KindExpression, "%d left"},
		{"literal in a shown attribute expression", `<a title={ "Open" } href="/">→</a>`, KindExpression, "Open"},
		{"visible prop", `@field.Input(field.Props{Label: "Cost", Name: "cost"})`, KindProp, "Label: Cost"},
		{"prop ending in Label", `@confirm.Dialog(confirm.Props{ConfirmLabel: "Delete group"})`, KindProp, "ConfirmLabel: Delete group"},
		{"nested visible prop", `@field.Select(field.SelectProps{Options: []field.Option{{Value: "paid", Label: "Paid"}}})`, KindProp, "Label: Paid"},
		{"unknown key", `<p>{ i18n.T(ctx, "Not a key yet") }</p>`, KindUnknownKey, "Not a key yet"},
		{"unknown key with a locale", `<p>{ i18n.From(ctx).T("Nor this one") }</p>`, KindUnknownKey, "Nor this one"},
		{"unknown key in a prop", `@field.Input(field.Props{Label: i18n.T(ctx, "Missing label")})`, KindUnknownKey, "Missing label"},
		{"unknown key in an attribute", `<a href="/" data-x={ i18n.T(ctx, "Hidden key") }>→</a>`, KindUnknownKey, "Hidden key"},
		{"unknown key in Go code", "{{ title := i18n.T(ctx, \"Code key\") }}\n<h1>{ title }</h1>", KindUnknownKey, "Code key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			found := scanBody(t, tt.body)
			if len(found) != 1 || found[0].Kind != tt.kind || found[0].Text != tt.text {
				t.Fatalf("findings %v, want one %s %q", found, tt.kind, tt.text)
			}
		})
	}
}

func TestPassesTranslatedAndInvisibleText(t *testing.T) {
	for name, body := range map[string]string{
		"T call":                 `<button>{ i18n.T(ctx, "Clear filters") }</button>`,
		"locale T call":          `<button>{ i18n.From(ctx).T("Save") }</button>`,
		"plural":                 `<span>{ i18n.T(ctx, "%d participants", n) }</span>`,
		"brand names alone":      `<a class="brand" href="/">Aula</a><p>Factorial · FUNDAE</p>`,
		"punctuation and digits": `<span>·</span><span>&times;</span><span>→ 2026</span><span>&nbsp;</span>`,
		"data expressions":       `<td>{ strings.Join(names, ", ") }</td><td>{ row["name"] }</td>`,
		"non-visible attributes": `<a href="/trainings" class="button" data-testid="clear" id="main" hx-get="/x" hx-target="#list">→</a>`,
		"hidden value":           `<input type="hidden" name="_csrf" value="token"/>`,
		"decorative image":       `<img src="/logo.svg" alt=""/><span title="·">·</span>`,
		"translated attribute":   `<nav aria-label={ i18n.T(ctx, "Search") }></nav>`,
		"invisible prop fields":  `@field.Input(field.Props{Name: "cost", ID: "cost", Type: "text", Label: i18n.T(ctx, "Edit")})`,
		"script and style":       "<script src=\"/a.js\"></script>\n<style>body { color: red }</style>",
		"comments":               "<!-- Shown to nobody -->\n// Nor this",
	} {
		t.Run(name, func(t *testing.T) {
			if found := scanBody(t, body); len(found) != 0 {
				t.Errorf("findings %v, want none", found)
			}
		})
	}
}

func TestFindingsNameFileAndLine(t *testing.T) {
	found, err := Source("views/pages/x.templ", page("<div>\n\t<p>{ i18n.T(ctx, \"Save\") }</p>\n\t<p>Forgotten</p>\n</div>"))
	if err != nil {
		t.Fatal(err)
	}
	// Line 1 package, 3 import, 5 templ, 6 <div>, 7 the T call, 8 the literal.
	if len(found) != 1 || found[0].Line != 8 || found[0].File != "views/pages/x.templ" {
		t.Fatalf("findings %v", found)
	}
	if got := found[0].String(); got != `views/pages/x.templ:8: literal text "Forgotten"` {
		t.Errorf("String() = %s", got)
	}
}

func TestSourceRefusesBrokenTempl(t *testing.T) {
	if _, err := Source("broken.templ", "package p\n\ntempl X() {\n<div>\n"); err == nil {
		t.Error("a templ file that does not parse must be an error, not a clean scan")
	}
}

func TestDir(t *testing.T) {
	root := t.TempDir()
	write := func(rel, src string) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("pages/clean.templ", page(`<p>{ i18n.T(ctx, "Save") }</p>`))
	write("components/x/dirty.templ", page(`<p>Dirty</p>`))
	write("pages/notes.go", "package pages\n\nconst s = \"Go strings are not text\"\n")
	write("pages/props.go", "package pages\n\nfunc f(ctx context.Context) string {\n\treturn i18n.T(ctx, \"Save\") + i18n.T(ctx, \"A key nobody added\")\n}\n")
	write("pages/x_templ.go", "package pages\n\nvar _ = i18n.T(ctx, \"Generated files are not read\")\n")
	write("pages/x_test.go", "package pages\n\nvar _ = i18n.T(ctx, \"Nor tests\")\n")
	found, err := Dir(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 2 {
		t.Fatalf("findings %v, want the templ text and the Go key", found)
	}
	for _, f := range found {
		switch {
		case strings.HasSuffix(f.File, filepath.Join("components", "x", "dirty.templ")) && f.Text == "Dirty":
		case strings.HasSuffix(f.File, filepath.Join("pages", "props.go")) && f.Kind == KindUnknownKey && f.Text == "A key nobody added" && f.Line == 4:
		default:
			t.Errorf("unexpected finding %v", f)
		}
	}
}
