package catalogue

import (
	"cmp"
	"slices"
	"strings"

	"github.com/aula-hr/aula/factorial"
)

// Result is one page of the catalogue and the number of trainings matching
// the query across all pages.
type Result struct {
	Trainings []factorial.Training
	Total     int
}

// Pages returns the number of pages for the result at per-page size n.
func (r Result) Pages(n int) int {
	if n <= 0 || r.Total == 0 {
		return 1
	}
	return (r.Total + n - 1) / n
}

// Apply computes a view of the catalogue from the whole list: it filters,
// orders and cuts out the requested page. all is not modified.
func Apply(all []factorial.Training, q Query) Result {
	needle := strings.ToLower(q.Search)
	matched := make([]factorial.Training, 0, len(all))
	for _, t := range all {
		if Matches(t, q, needle) {
			matched = append(matched, t)
		}
	}
	sortTrainings(matched, q.Sort)
	per := q.PerPage
	if per <= 0 {
		per = DefaultPerPage
	}
	page := max(q.Page, 1)
	start := min((page-1)*per, len(matched))
	end := min(start+per, len(matched))
	return Result{Trainings: slices.Clip(matched[start:end]), Total: len(matched)}
}

// Matches reports whether t belongs to the view q. needle is the lower-cased
// search text. The search matches the name or the code, as Factorial's does.
// t.Status nil (not visible to the user) counts as not deleted.
func Matches(t factorial.Training, q Query, needle string) bool {
	if needle != "" && !strings.Contains(strings.ToLower(t.Name), needle) &&
		(t.Code == nil || !strings.Contains(strings.ToLower(*t.Code), needle)) {
		return false
	}
	// Like Factorial, "any status" leaves deleted trainings out: they are
	// listed only when asked for.
	switch {
	case q.Status == "" && t.Status != nil && *t.Status == factorial.TrainingDeleted:
		return false
	case q.Status != "" && (t.Status == nil || *t.Status != q.Status):
		return false
	}
	if q.CategoryID != 0 && !slices.Contains(t.CategoryIDs, q.CategoryID) {
		return false
	}
	if q.Year != 0 && t.Year != q.Year {
		return false
	}
	return q.Mandatory.match(t.IsMandatory) && q.Catalog.match(t.Catalog) && q.External.match(t.External)
}

func sortTrainings(ts []factorial.Training, s Sort) {
	byName := func(a, b factorial.Training) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.ID, b.ID))
	}
	var f func(a, b factorial.Training) int
	switch s {
	case SortName:
		f = byName
	case SortNameDesc:
		f = func(a, b factorial.Training) int { return byName(b, a) }
	case SortYear:
		f = func(a, b factorial.Training) int { return cmp.Or(cmp.Compare(a.Year, b.Year), byName(a, b)) }
	case SortYearDesc:
		f = func(a, b factorial.Training) int { return cmp.Or(cmp.Compare(b.Year, a.Year), byName(a, b)) }
	case SortParticipantsDesc:
		f = func(a, b factorial.Training) int {
			return cmp.Or(cmp.Compare(b.TotalParticipants, a.TotalParticipants), byName(a, b))
		}
	default:
		f = func(a, b factorial.Training) int { return cmp.Compare(a.ID, b.ID) }
	}
	slices.SortStableFunc(ts, f)
}

func compareFold(a, b string) int { return cmp.Compare(strings.ToLower(a), strings.ToLower(b)) }
