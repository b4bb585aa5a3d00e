// Package catalogue holds the logic of the training catalogue screens that
// does not depend on HTTP: the catalogue query carried in the URL, which part
// of it Factorial applies and which part needs the whole list, the per-user
// cache of that list, form parsing for trainings and groups, costs and CSV.
package catalogue

import (
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/form"
)

// Tri is an optional yes/no filter: Any (no filter), Yes or No.
type Tri int8

// Tri values.
const (
	Any Tri = iota
	Yes
	No
)

func parseTri(s string) Tri {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "true", "1":
		return Yes
	case "no", "false", "0":
		return No
	}
	return Any
}

// String returns the canonical URL value ("yes", "no", or "" for Any).
func (t Tri) String() string {
	switch t {
	case Yes:
		return "yes"
	case No:
		return "no"
	}
	return ""
}

// Bool returns the filter as the API's optional boolean (nil for Any).
func (t Tri) Bool() *bool {
	if t == Any {
		return nil
	}
	b := t == Yes
	return &b
}

func (t Tri) match(v bool) bool { return t == Any || (t == Yes) == v }

// Sort is the order of the catalogue. The zero value is Factorial's own order
// (by id), the only one Factorial can page through by itself.
type Sort string

// Sort orders.
const (
	SortDefault          Sort = ""
	SortName             Sort = "name"
	SortNameDesc         Sort = "-name"
	SortYear             Sort = "year"
	SortYearDesc         Sort = "-year"
	SortParticipantsDesc Sort = "-participants"
)

// Sorts lists the orders offered, with their labels, in menu order.
var Sorts = []struct {
	Sort  Sort
	Label string
}{
	{SortDefault, "Order in Factorial"},
	{SortName, "Name A–Z"},
	{SortNameDesc, "Name Z–A"},
	{SortYearDesc, "Newest year first"},
	{SortYear, "Oldest year first"},
	{SortParticipantsDesc, "Most participants"},
}

func parseSort(s string) Sort {
	for _, o := range Sorts {
		if string(o.Sort) == s {
			return o.Sort
		}
	}
	return SortDefault
}

// Paging limits. PerPage is fixed at the URL level to a few sizes so that a
// URL cannot ask for an unbounded page.
const (
	DefaultPerPage = 25
	MaxSearchLen   = 100
	// MaxPage bounds the page number a URL may ask for; beyond the data the
	// page is simply empty.
	MaxPage = 100000
)

// PerPageSizes are the page sizes a URL may choose.
var PerPageSizes = []int{10, 25, 50, 100}

// Query is one view of the catalogue: filters, order and page. It is parsed
// from the URL and encoded back canonically, so a view can be bookmarked and
// the back button restores it.
type Query struct {
	Search     string
	Status     factorial.TrainingStatus // "" = any status
	CategoryID factorial.ID             // 0 = any category
	Mandatory  Tri
	Catalog    Tri // visible in the catalogue
	Year       int // 0 = any year
	External   Tri
	Sort       Sort
	Page       int // 1-based
	PerPage    int
}

// ParseQuery reads a Query from URL values. It never fails: a value that does
// not make sense (an unknown status, a year of 99999, page -3) is dropped to
// its default, because a bookmarked or hand-edited URL should still show a
// catalogue. The result is normalised: ParseQuery(q.Values()) == q.
func ParseQuery(v url.Values) Query {
	q := Query{
		Search:    cleanSearch(v.Get("q")),
		Mandatory: parseTri(v.Get("mandatory")),
		Catalog:   parseTri(v.Get("catalog")),
		External:  parseTri(v.Get("external")),
		Sort:      parseSort(v.Get("sort")),
		Page:      1,
		PerPage:   DefaultPerPage,
	}
	if s := factorial.TrainingStatus(strings.TrimSpace(v.Get("status"))); s.Valid() {
		q.Status = s
	}
	if id, err := factorial.ParseID(v.Get("category")); err == nil {
		q.CategoryID = id
	}
	if y, err := strconv.Atoi(strings.TrimSpace(v.Get("year"))); err == nil && y >= form.MinYear && y <= form.MaxYear {
		q.Year = y
	}
	if p, err := strconv.Atoi(strings.TrimSpace(v.Get("page"))); err == nil && p >= 1 && p <= MaxPage {
		q.Page = p
	}
	if n, err := strconv.Atoi(strings.TrimSpace(v.Get("per_page"))); err == nil {
		for _, size := range PerPageSizes {
			if n == size {
				q.PerPage = n
			}
		}
	}
	return q
}

// cleanSearch trims, collapses inner whitespace, drops invalid UTF-8 and
// control characters, and bounds the length.
func cleanSearch(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > MaxSearchLen {
		s = string([]rune(s)[:MaxSearchLen])
		s = strings.TrimSpace(s)
	}
	return s
}

// Values encodes the query canonically: only non-default values, so the
// default view is plain /trainings.
func (q Query) Values() url.Values {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("q", q.Search)
	set("status", string(q.Status))
	if q.CategoryID > 0 {
		set("category", q.CategoryID.String())
	}
	set("mandatory", q.Mandatory.String())
	set("catalog", q.Catalog.String())
	if q.Year != 0 {
		set("year", strconv.Itoa(q.Year))
	}
	set("external", q.External.String())
	set("sort", string(q.Sort))
	if q.Page > 1 {
		set("page", strconv.Itoa(q.Page))
	}
	if q.PerPage != 0 && q.PerPage != DefaultPerPage {
		set("per_page", strconv.Itoa(q.PerPage))
	}
	return v
}

// URL returns path with the canonical query string.
func (q Query) URL(path string) string {
	if enc := q.Values().Encode(); enc != "" {
		return path + "?" + enc
	}
	return path
}

// WithPage returns the query showing page p (filters unchanged).
func (q Query) WithPage(p int) Query { q.Page = p; return q }

// WithSort returns the query in another order, back on page 1.
func (q Query) WithSort(s Sort) Query { q.Sort = s; q.Page = 1; return q }

// Filtered reports whether any filter narrows the catalogue (order and page
// aside): the empty state then suggests clearing filters instead of creating
// the first training.
func (q Query) Filtered() bool {
	q.Sort, q.Page, q.PerPage = SortDefault, 1, DefaultPerPage
	return q != Query{Page: 1, PerPage: DefaultPerPage}
}

// NeedsWholeList reports whether Factorial cannot produce this view by itself:
// it filters by search, status, catalogue visibility and mandatory, and pages
// in its own order, but knows no year, external or category filter and no
// other order. Such views are computed from the whole list.
func (q Query) NeedsWholeList() bool {
	return q.Year != 0 || q.External != Any || q.CategoryID != 0 || q.Sort != SortDefault
}

// Label returns the order as the sort menu names it.
func (s Sort) Label() string {
	for _, o := range Sorts {
		if o.Sort == s {
			return o.Label
		}
	}
	return string(s)
}
