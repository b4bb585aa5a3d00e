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
