package i18n

import (
	"fmt"
	"regexp"
	"slices"
	"sort"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message/catalog"
)

// text is one message in one language. A plural message has both forms and
// takes its count as the first argument; CLDR's rules pick the form (in both
// languages "one" is exactly 1, and 0 takes the plural: "0 participantes").
type text struct {
	one   string // empty for a message without plural forms
	other string
}

// msg is a message without plural forms.
func msg(s string) text { return text{other: s} }

// counted is a plural message: the form for a count of one, and the rest.
func counted(one, other string) text { return text{one: one, other: other} }

// catalogues holds every message of every locale, by English source key.
var catalogues = [len(locales)]map[string]text{
	English: english,
	Spanish: spanish,
}

// add merges one area's messages into the catalogues, so that each screen
// keeps its copy in a file of its own (messages_<area>.go, with an init that
// calls add). A key already in the catalogue is a programming error: the
// same English text must mean the same thing everywhere, so it is kept once.
func add(en, es map[string]text) {
	for i, msgs := range [...]map[string]text{English: en, Spanish: es} {
		for k, m := range msgs {
			if _, dup := catalogues[i][k]; dup {
				panic(fmt.Sprintf("i18n: message %q is already in the %s catalogue", k, locales[i].tag))
			}
			catalogues[i][k] = m
		}
	}
}

func buildCatalog() catalog.Catalog {
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	for i, msgs := range catalogues {
		tag := locales[i].tag
		for key, m := range msgs {
			var err error
			if m.one == "" {
				err = b.Set(tag, key, catalog.String(m.other))
			} else {
				err = b.Set(tag, key, plural.Selectf(1, "%d", plural.One, m.one, plural.Other, m.other))
			}
			if err != nil { // only a malformed message can fail; the tests build the catalogue
				panic(fmt.Sprintf("i18n: message %q (%s): %v", key, tag, err))
			}
		}
	}
	return b
}

// Has reports whether key is in the catalogue of every locale: a templ scan
// uses it to tell a translated key from a typo or a forgotten entry.
func Has(key string) bool {
	for _, msgs := range catalogues {
		if _, ok := msgs[key]; !ok {
			return false
		}
	}
	return true
}

var verb = regexp.MustCompile(`%(?:\[\d+\])?[-+# 0]*\d*(?:\.\d+)?[a-zA-Z%]`)

// verbs lists the fmt verbs of a format, "%%" excluded.
func verbs(s string) []string {
	var vs []string
	for _, v := range verb.FindAllString(s, -1) {
		if v != "%%" {
			vs = append(vs, v)
		}
	}
	return vs
}

// catalogueProblems lists what is wrong with a set of catalogues: a key
// missing from a language, a plural message that is plural in one language
// only, an empty message, or a translation whose fmt verbs differ from the
// key's (it would print "%!d(MISSING)").
func catalogueProblems(cats map[string]map[string]text) []string {
	var problems []string
	keys := map[string]bool{}
	for _, msgs := range cats {
		for k := range msgs {
			keys[k] = true
		}
	}
	langs := make([]string, 0, len(cats))
	for lang := range cats {
		langs = append(langs, lang)
	}
	sort.Strings(langs)
	for k := range keys {
		plurals := 0
		for _, lang := range langs {
			m, ok := cats[lang][k]
			switch {
			case !ok:
				problems = append(problems, fmt.Sprintf("%q has no %s message", k, lang))
				continue
			case m.other == "":
				problems = append(problems, fmt.Sprintf("%q is empty in %s", k, lang))
			}
			if m.one != "" {
				plurals++
				if !slices.Equal(verbs(m.one), verbs(k)) {
					problems = append(problems, fmt.Sprintf("%q: %s singular %q has other verbs", k, lang, m.one))
				}
			}
			if !slices.Equal(verbs(m.other), verbs(k)) {
				problems = append(problems, fmt.Sprintf("%q: %s %q has other verbs", k, lang, m.other))
			}
		}
		if plurals != 0 && plurals != len(langs) {
			problems = append(problems, fmt.Sprintf("%q is plural in some languages only", k))
		}
	}
	sort.Strings(problems)
	return problems
}
