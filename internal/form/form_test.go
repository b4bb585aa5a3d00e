package form

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/aula-hr/aula/factorial"
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
		d, msg := CompletionDate(tc.in, today)
		if (msg != "") != tc.refused || (d == nil) != (tc.date == "") || d != nil && d.String() != tc.date {
			t.Errorf("CompletionDate(%q) = %v %q", tc.in, d, msg)
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
		d, msg := CompletionDate(s, today)
		if d != nil && (msg != "" || d.After(today) || d.Year < MinYear) {
			t.Fatalf("%q accepted as %v (%q)", s, d, msg)
		}
	})
}
