package catalogue

import (
	"net/url"
	"strings"
	"testing"

	"github.com/aula-hr/aula/factorial"
)

func TestParseQuery(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want Query
	}{
		{"empty is the default view", "", Query{Page: 1, PerPage: DefaultPerPage}},
		{"every filter", "q=+First++aid+&status=active&category=7&mandatory=yes&catalog=no&year=2025&external=true&sort=-year&page=3&per_page=50",
			Query{Search: "First aid", Status: factorial.TrainingActive, CategoryID: 7, Mandatory: Yes, Catalog: No,
				Year: 2025, External: Yes, Sort: SortYearDesc, Page: 3, PerPage: 50}},
		{"nonsense drops to defaults", "status=archived&category=-4&mandatory=maybe&year=99999&sort=price&page=-2&per_page=1000000",
			Query{Page: 1, PerPage: DefaultPerPage}},
		{"page zero", "page=0", Query{Page: 1, PerPage: DefaultPerPage}},
		{"control characters in search", "q=a%00b%0Ac", Query{Search: "a b c", Page: 1, PerPage: DefaultPerPage}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := url.ParseQuery(tt.raw)
			if err != nil {
				t.Fatal(err)
			}
			if got := ParseQuery(v); got != tt.want {
				t.Errorf("ParseQuery(%q) = %+v, want %+v", tt.raw, got, tt.want)
			}
		})
	}
}

func TestQueryURLIsCanonical(t *testing.T) {
	if got := (Query{Page: 1, PerPage: DefaultPerPage}).URL("/trainings"); got != "/trainings" {
		t.Errorf("default view URL = %q, want /trainings", got)
	}
	q := Query{Search: "fire & safety", Year: 2024, External: No, Sort: SortName, Page: 2, PerPage: 10}
	got := q.URL("/trainings")
	want := "/trainings?external=no&page=2&per_page=10&q=fire+%26+safety&sort=name&year=2024"
	if got != want {
		t.Errorf("URL = %q, want %q", got, want)
	}
	u, _ := url.Parse(got)
	if back := ParseQuery(u.Query()); back != q {
		t.Errorf("round trip = %+v, want %+v", back, q)
	}
	if s := q.WithSort(SortYear); s.Page != 1 || s.Sort != SortYear {
		t.Errorf("WithSort should go back to page 1: %+v", s)
	}
}

func TestSearchIsBounded(t *testing.T) {
	q := ParseQuery(url.Values{"q": {strings.Repeat("é", 500)}})
	if n := len([]rune(q.Search)); n != MaxSearchLen {
		t.Errorf("search kept %d runes, want %d", n, MaxSearchLen)
	}
}

func TestNeedsWholeList(t *testing.T) {
	base := Query{Page: 1, PerPage: DefaultPerPage}
	api := base
	api.Search, api.Status, api.Catalog, api.Mandatory, api.Page = "x", factorial.TrainingDraft, Yes, No, 4
	if api.NeedsWholeList() {
		t.Error("search, status, catalogue, mandatory and paging are Factorial's own: no whole list needed")
	}
	for name, q := range map[string]Query{
		"year":     {Year: 2025, Page: 1},
		"external": {External: No, Page: 1},
		"category": {CategoryID: 3, Page: 1},
		"sort":     {Sort: SortName, Page: 1},
	} {
		if !q.NeedsWholeList() {
			t.Errorf("%s filter needs the whole list", name)
		}
	}
	if base.Filtered() || !api.Filtered() || (Query{Sort: SortName, Page: 3, PerPage: 10}).Filtered() {
		t.Error("Filtered should ignore order and paging but see filters")
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"", "q=a&status=active&page=2", "year=2024&external=no&sort=-name&per_page=100",
		"q=%00%ff&category=1e9&page=99999999999999999999", "q=" + strings.Repeat("x", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q := ParseQuery(v)
		if q.Page < 1 || q.Page > MaxPage || q.PerPage < 1 || q.PerPage > 100 {
			t.Fatalf("paging out of bounds: %+v", q)
		}
		if len([]rune(q.Search)) > MaxSearchLen || !isCleanText(q.Search) {
			t.Fatalf("search not cleaned: %q", q.Search)
		}
		u, err := url.Parse(q.URL("/trainings"))
		if err != nil {
			t.Fatalf("URL %q does not parse: %v", q.URL("/trainings"), err)
		}
		if back := ParseQuery(u.Query()); back != q {
			t.Fatalf("not canonical: %+v -> %q -> %+v", q, u, back)
		}
	})
}

func isCleanText(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return strings.TrimSpace(s) == s
}
