package i18n

import (
	"context"
	"strings"
	"testing"
)

func TestNegotiate(t *testing.T) {
	tests := []struct {
		header string
		want   Locale
	}{
		{"es", Spanish},
		{"es-ES,es;q=0.9", Spanish},
		{"es-MX", Spanish},
		{"es-419,en;q=0.5", Spanish},
		{"fr-FR, es;q=0.5", Spanish}, // French is not spoken; Spanish is the browser's next choice
		{"en-US,en;q=0.9,es;q=0.8", English},
		{"es;q=0.1, en;q=0.9", English},
		{"es;q=0, fr", English}, // q=0: not Spanish
		{"ES-mx", Spanish},
		{"en-GB", English},
		{"fr", English},
		{"pt-BR", English},
		{"ca", English},
		{"gl", English}, // x/text's matcher alone would pick Spanish here
		{"*", English},
		{"", English},
		{"not a header;;q=x", English},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			if got := Negotiate(tt.header); got != tt.want {
				t.Errorf("Negotiate(%q) = %v, want %v", tt.header, got, tt.want)
			}
		})
	}
}

func TestChoosePrecedence(t *testing.T) {
	tests := []struct {
		name                 string
		choice, user, header string
		want                 Locale
	}{
		{"explicit choice beats Factorial and browser", "en", "es", "es-ES", English},
		{"explicit Spanish", "es", "en", "en-US", Spanish},
		{"Factorial's language beats the browser", "", "es", "en-US", Spanish},
		{"Factorial's language with region and underscore", "", "es_ES", "en", Spanish},
		{"Factorial English beats a Spanish browser", "", "en", "es-MX", English},
		{"unsupported Factorial language falls back to the browser", "", "fr", "es-MX", Spanish},
		{"Catalan in Factorial is not Spanish", "", "ca", "en", English},
		{"garbage from Factorial is ignored", "", "es;--", "en", English},
		{"an invalid cookie is ignored", "ES", "", "es", Spanish},
		{"a cookie with spaces is ignored", " es", "", "en", English},
		{"a forged cookie is ignored", "es;q=1", "", "en", English},
		{"nothing known is English", "", "", "", English},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Choose(tt.choice, tt.user, tt.header); got != tt.want {
				t.Errorf("Choose(%q, %q, %q) = %v, want %v", tt.choice, tt.user, tt.header, got, tt.want)
			}
		})
	}
}

func TestParseIsStrict(t *testing.T) {
	for _, ok := range []string{"en", "es"} {
		if l, valid := Parse(ok); !valid || l.String() != ok {
			t.Errorf("Parse(%q) = %v, %v", ok, l, valid)
		}
	}
	for _, bad := range []string{"", "EN", "es-ES", "es ", "fr", "english", "e", "es\x00"} {
		if _, valid := Parse(bad); valid {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

func TestLocaleInContext(t *testing.T) {
	if got := From(context.Background()); got != English {
		t.Errorf("no locale in context: %v, want English", got)
	}
	ctx := WithLocale(context.Background(), Spanish)
	if got := From(ctx); got != Spanish {
		t.Errorf("From = %v", got)
	}
	if got := T(ctx, "Clear filters"); got != "Borrar filtros" {
		t.Errorf("T = %q", got)
	}
	if got := From(WithLocale(context.Background(), Locale(7))); got != English {
		t.Errorf("an out-of-range locale must read as English, got %v", got)
	}
}

func TestLocaleNames(t *testing.T) {
	if English.String() != "en" || Spanish.String() != "es" || Spanish.Name() != "Español" || English.Name() != "English" {
		t.Errorf("codes or names: %s %s %s %s", English, Spanish, English.Name(), Spanish.Name())
	}
	if Spanish.Tag().String() != "es" || English.Tag().String() != "en" {
		t.Errorf("tags: %s %s", Spanish.Tag(), English.Tag())
	}
}

func TestPlurals(t *testing.T) {
	tests := []struct {
		l    Locale
		n    int
		want string
	}{
		{Spanish, 0, "0 participantes"},
		{Spanish, 1, "1 participante"},
		{Spanish, 3, "3 participantes"},
		{Spanish, 1234, "1.234 participantes"},
		{English, 0, "0 participants"},
		{English, 1, "1 participant"},
		{English, 3, "3 participants"},
		{English, 1234, "1,234 participants"},
	}
	for _, tt := range tests {
		if got := tt.l.T("%d participants", tt.n); got != tt.want {
			t.Errorf("%s %d: %q, want %q", tt.l, tt.n, got, tt.want)
		}
	}
	if got := Spanish.T("%d sessions", 1); got != "1 sesión" {
		t.Errorf("1 sesión: %q", got)
	}
}

func TestMissingKeyPrintsItself(t *testing.T) {
	if got := Spanish.T("Not in the catalogue %d", 2); got != "Not in the catalogue 2" {
		t.Errorf("got %q", got)
	}
	if Has("Not in the catalogue %d") {
		t.Error("Has reports a key that is not there")
	}
}

// TestCatalogueComplete fails when a key lacks a message in a language,
// or a translation would misprint its arguments.
func TestCatalogueComplete(t *testing.T) {
	cats := map[string]map[string]text{}
	for _, l := range Locales() {
		cats[l.String()] = catalogues[l]
	}
	for _, p := range catalogueProblems(cats) {
		t.Error(p)
	}
	for key := range english {
		if !Has(key) {
			t.Errorf("Has(%q) = false", key)
		}
	}
	if len(english) < 20 {
		t.Errorf("only %d messages", len(english))
	}
}

func TestCatalogueProblemsFindsGaps(t *testing.T) {
	cats := map[string]map[string]text{
		"en": {
			"Save":             msg("Save"),
			"Only English":     msg("Only English"),
			"%d people":        counted("%d person", "%d people"),
			"%s saved":         msg("%s saved"),
			"%d left":          counted("%d left", "%d left"),
			"Empty in Spanish": msg("Empty in Spanish"),
		},
		"es": {
			"Save":             msg("Guardar"),
			"%d people":        msg("%d personas"),
			"%s saved":         msg("guardado"),
			"%d left":          counted("queda uno", "quedan %d"),
			"Empty in Spanish": msg(""),
		},
	}
	got := strings.Join(catalogueProblems(cats), "\n")
	for _, want := range []string{
		`"Only English" has no es message`,
		`"%d people" is plural in some languages only`,
		`"%s saved": es "guardado" has other verbs`,
		`"%d left": es singular "queda uno" has other verbs`,
		`"Empty in Spanish" is empty in es`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing problem %s in:\n%s", want, got)
		}
	}
	if strings.Contains(got, `"Save"`) {
		t.Errorf("a complete key reported:\n%s", got)
	}
}
