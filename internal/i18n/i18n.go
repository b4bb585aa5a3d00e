// Package i18n is Aula's message catalogue, the choice of language and the
// formats that follow it (dates, times, numbers, money, form input), in
// English and Spanish.
//
// Why golang.org/x/text: its message.Printer is fmt with a catalogue, so a
// message is a Go format string ("%d participants") looked up by its English
// source text, gettext style, and templ calls it like any Go function with the
// ctx every component already has: { i18n.T(ctx, "Clear filters") }. The
// catalogue is Go code compiled into the binary (no files to load or parse at
// start, no error to handle at render), plurals use CLDR's rules through
// plural.Selectf, language.Matcher negotiates Accept-Language, and its number
// package formats digits with the language's separators; it is one module
// from the Go project that Aula already depended on indirectly. go-i18n v2
// would add message files and a Localizer whose LocalizeConfig structs,
// text/template data and returned errors make each template call longer,
// for translators' tooling Aula does not need with two languages kept in the
// repository. Neither library formats dates, so dates use the small tables in
// format.go.
//
// The locale travels in the request context (WithLocale, From); the
// middleware in package middleware puts it there. Components write
// i18n.T(ctx, key, args...); handlers write i18n.T(c.Request().Context(), …);
// code without a context (form parsing) takes a Locale.
package i18n

import (
	"context"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Locale is one of the languages Aula speaks. The zero value is English.
type Locale int

const (
	English Locale = iota
	Spanish
)

var locales = [...]struct {
	tag  language.Tag
	code string
	name string // the language's name in itself, for the switcher
}{
	English: {language.English, "en", "English"},
	Spanish: {language.Spanish, "es", "Español"},
}

// Locales lists the languages Aula speaks, English first (the default).
func Locales() []Locale { return []Locale{English, Spanish} }

func (l Locale) ok() Locale {
	if l < 0 || int(l) >= len(locales) {
		return English
	}
	return l
}

// String is the BCP 47 code for <html lang>, Content-Language and the
// cookie: "en" or "es".
func (l Locale) String() string { return locales[l.ok()].code }

// Tag is the language tag of the locale.
func (l Locale) Tag() language.Tag { return locales[l.ok()].tag }

// Name is the language's name in itself ("English", "Español"): a language
// switcher shows each choice in its own language.
func (l Locale) Name() string { return locales[l.ok()].name }

// T returns the message key in the locale, formatted with args as fmt would
// (Printer.Sprintf), numbers with the locale's separators. key is the English
// source text and must be a constant in the catalogue; for a plural message
// the count is the first argument. A key missing from the catalogue prints
// itself, and the catalogue tests and the templ scan fail on it.
func (l Locale) T(key string, args ...any) string {
	return printers()[l.ok()].Sprintf(key, args...)
}

// T translates key into the locale of ctx; see Locale.T.
func T(ctx context.Context, key string, args ...any) string {
	return From(ctx).T(key, args...)
}

type localeKey struct{}

// WithLocale returns ctx carrying the locale of this request.
func WithLocale(ctx context.Context, l Locale) context.Context {
	return context.WithValue(ctx, localeKey{}, l.ok())
}

// From returns the locale of ctx, English when none was set.
func From(ctx context.Context) Locale {
	l, _ := ctx.Value(localeKey{}).(Locale)
	return l.ok()
}

// Parse reads an explicit choice, as the language cookie and the switcher's
// form send it. It is strict: only "en" or "es", exactly.
func Parse(code string) (Locale, bool) {
	for i, loc := range locales {
		if code == loc.code {
			return Locale(i), true
		}
	}
	return English, false
}

var matcher = language.NewMatcher([]language.Tag{language.English, language.Spanish})

// match picks the locale for tags in the order of preference. Only English
// and Spanish themselves (any region: es-MX, es-419, en-GB) count: the
// matcher would also give Spanish to Galician, and Aula promises Spanish only
// to people who asked for it.
func match(tags []language.Tag) (Locale, bool) {
	var ours []language.Tag
	for _, t := range tags {
		b, _ := t.Base()
		if b.String() == "en" || b.String() == "es" {
			ours = append(ours, t)
		}
	}
	if len(ours) == 0 {
		return English, false
	}
	_, i, _ := matcher.Match(ours...)
	return Locale(i), true
}

// Negotiate picks the locale for an Accept-Language header: Spanish when the
// browser prefers a Spanish (es, es-ES, es-MX, es-419…) over English,
// English otherwise, including for languages Aula does not speak.
func Negotiate(acceptLanguage string) Locale {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil {
		return English
	}
	l, _ := match(tags)
	return l
}

// FromLanguage reads a language as another system states it (Factorial's
// user language: "es", "es_ES", "en-GB"). ok is false when it is not one
// Aula speaks, so the caller falls back to the next source.
func FromLanguage(s string) (Locale, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "_", "-")
	if s == "" || len(s) > 35 {
		return English, false
	}
	t, err := language.Parse(s)
	if err != nil {
		return English, false
	}
	return match([]language.Tag{t})
}

// Choose applies Aula's order of precedence: the person's explicit choice
// (the cookie's value), then the language Factorial states for the user,
// then the browser's Accept-Language, then English.
func Choose(choice, userLanguage, acceptLanguage string) Locale {
	if l, ok := Parse(choice); ok {
		return l
	}
	if l, ok := FromLanguage(userLanguage); ok {
		return l
	}
	return Negotiate(acceptLanguage)
}

// printers is built on first use, after every messages_<area>.go init has
// added its messages.
var printers = sync.OnceValue(func() [len(locales)]*message.Printer {
	cat := buildCatalog()
	var ps [len(locales)]*message.Printer
	for i, loc := range locales {
		ps[i] = message.NewPrinter(loc.tag, message.Catalog(cat))
	}
	return ps
})
