package form

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/i18n"
)

func TestCompletionDate(t *testing.T) {
	today := factorial.Date{Year: 2026, Month: 11, Day: 28}
	for _, tc := range []struct {
		in, date string
		refused  bool
	}{
		{"", "", false},
		{"  ", "", false},
		{"2026-11-28", "2026-11-28", false},
		{"2026-11-29", "", true},
		{"yesterday", "", true},
		{"1989-12-31", "", true},
		{strings.Repeat("2", 50), "", true},
	} {
		d, msg := CompletionDate(tc.in, today, i18n.English)
		if (msg != "") != tc.refused || (d == nil) != (tc.date == "") || d != nil && d.String() != tc.date {
			t.Errorf("CompletionDate(%q) = %v %q", tc.in, d, msg)
		}
	}
}

// The date field shows the browser's format, so a refused date names no
// format (YYYY-MM-DD was named before) and gives an example as Aula writes
// dates, in the person's language.
func TestCompletionDateErrorNamesNoFormat(t *testing.T) {
	today := factorial.Date{Year: 2026, Month: 12, Day: 2}
	for l, want := range map[i18n.Locale]string{i18n.English: "2 Dec 2026", i18n.Spanish: "2 dic. 2026"} {
		_, msg := CompletionDate("02/13/2026x", today, l)
		if !strings.Contains(msg, want) || strings.Contains(msg, "YYYY") || strings.Contains(msg, "aaaa") {
			t.Errorf("%s: the refused date says %q, want an example %q and no format", l, msg, want)
		}
	}
}

func TestIDs(t *testing.T) {
	ids, ok := IDs([]string{"3", " ", "1", "3"})
	if !ok || !slices.Equal(ids, []factorial.ID{3, 1}) {
		t.Errorf("IDs = %v %v", ids, ok)
	}
	if _, ok := IDs([]string{"1", "x"}); ok {
		t.Error("a non-id must fail the selection")
	}
	many := make([]string, MaxSelection+1)
	for i := range many {
		many[i] = factorial.ID(i + 1).String()
	}
	if _, ok := IDs(many); ok {
		t.Error("more than MaxSelection ids must fail")
	}
}

func TestCheckbox(t *testing.T) {
	v := url.Values{"a": {"on"}, "b": {"off"}, "c": {""}, "d": {"no", "yes"}, "e": {"0"}}
	for k, want := range map[string]bool{"a": true, "b": false, "c": false, "d": true, "e": false, "missing": false} {
		if Checkbox(v, k) != want {
			t.Errorf("Checkbox(%s) = %v", k, !want)
		}
	}
}

func FuzzCompletionDate(f *testing.F) {
	f.Add("2026-01-02")
	f.Add("2026-02-30")
	f.Fuzz(func(t *testing.T, s string) {
		today := factorial.Date{Year: 2026, Month: 11, Day: 28}
		d, msg := CompletionDate(s, today, i18n.English)
		if d != nil && (msg != "" || d.After(today) || d.Year < MinYear) {
			t.Fatalf("%q accepted as %v (%q)", s, d, msg)
		}
	})
}

// A date field takes the language's own form as well as ISO 8601 (what a
// date input and links send); a refused date names the form expected, in
// the page's language, and the field keeps the input (the form's Input).
func TestDateInBothLanguages(t *testing.T) {
	for _, tc := range []struct {
		l    i18n.Locale
		in   string
		want string // "" when refused
	}{
		{i18n.Spanish, "2/12/2026", "2026-12-02"},
		{i18n.Spanish, "02/12/2026", "2026-12-02"},
		{i18n.Spanish, " 2026-12-02 ", "2026-12-02"},
		{i18n.Spanish, "2026-12-02T10:00:00Z", "2026-12-02"},
		{i18n.Spanish, "31/02/2026", ""},
		{i18n.Spanish, "2/12/26", ""},
		{i18n.Spanish, "12/31/2026", ""},
		{i18n.Spanish, "02/12/1989", ""},
		{i18n.English, "2026-12-02", "2026-12-02"},
		{i18n.English, "2026-12-02T10:00:00Z", "2026-12-02"},
		{i18n.English, "02/12/2026", ""}, // 2 December or 12 February: not guessed
		{i18n.English, "2101-01-01", ""},
		{i18n.English, "tomorrow", ""},
	} {
		errs := Errors{}
		d := Date(tc.l, errs, "start_date", tc.in, "missing")
		if tc.want != "" {
			if d.String() != tc.want || errs["start_date"] != "" {
				t.Errorf("%s %q = %v, error %q; want %s", tc.l, tc.in, d, errs["start_date"], tc.want)
			}
			continue
		}
		if !d.IsZero() || errs["start_date"] != tc.l.DateError() {
			t.Errorf("%s %q = %v, error %q; want refused with %q", tc.l, tc.in, d, errs["start_date"], tc.l.DateError())
		}
	}
	errs := Errors{}
	if d := Date(i18n.Spanish, errs, "d", " ", "Escribe el primer día."); !d.IsZero() || errs["d"] != "Escribe el primer día." {
		t.Errorf("empty: %v %q", d, errs["d"])
	}
	if got := i18n.Spanish.DateError(); !strings.Contains(got, "dd/mm/aaaa") || !strings.Contains(got, "02/12/2026") {
		t.Errorf("the Spanish error names no form: %q", got)
	}
	if got := i18n.English.DateError(); !strings.Contains(got, "YYYY-MM-DD") {
		t.Errorf("the English error names no form: %q", got)
	}
}

func TestCompletionDateInSpanish(t *testing.T) {
	today := factorial.Date{Year: 2026, Month: 12, Day: 2}
	d, msg := CompletionDate("1/12/2026", today, i18n.Spanish)
	if d == nil || d.String() != "2026-12-01" || msg != "" {
		t.Errorf("1/12/2026 = %v %q", d, msg)
	}
	if _, msg := CompletionDate("3/12/2026", today, i18n.Spanish); msg != "La fecha de finalización no puede ser futura." {
		t.Errorf("a future date: %q", msg)
	}
}
