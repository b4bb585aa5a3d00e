package pages

import (
	"context"
	"strconv"
	"strings"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/catalogue"
	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/views/components"
	"github.com/aula-hr/aula/views/components/field"
)

// CatalogueProps is the catalogue list: the query from the URL, one page of
// trainings, and what the filters and actions need.
type CatalogueProps struct {
	Query      catalogue.Query
	Result     catalogue.Result
	Categories []factorial.TrainingCategory
	Years      []int // offered in the year filter, newest first
	CanEdit    bool  // HR: create, bulk actions
	Currency   string
	// Notice, when set, is a message above the results (e.g. a bulk action's outcome).
	Notice string
	// Problem, when set, says an action failed and what was (not) changed.
	Problem *components.Problem
	// Selected are the trainings ticked for a bulk action, kept when it failed.
	Selected map[factorial.ID]bool
}

const catalogueTarget = "#catalogue-results"

func (p CatalogueProps) categoryNames() map[factorial.ID]string {
	return catalogue.CategoryNames(p.Categories)
}

func (p CatalogueProps) first() int {
	if p.Result.Total == 0 {
		return 0
	}
	return (p.Query.Page-1)*p.Query.PerPage + 1
}

func (p CatalogueProps) last() int {
	return p.first() + len(p.Result.Trainings) - 1
}

func (p CatalogueProps) statusOptions(ctx context.Context) []field.Option {
	opts := []field.Option{{Value: "", Label: i18n.T(ctx, "Any but deleted")}}
	for _, s := range factorial.TrainingStatuses {
		opts = append(opts, field.Option{Value: string(s), Label: i18n.T(ctx, s.Label())})
	}
	return opts
}

func (p CatalogueProps) categoryOptions(ctx context.Context) []field.Option {
	opts := []field.Option{{Value: "", Label: i18n.T(ctx, "Any category")}}
	known := false
	for _, c := range p.Categories {
		opts = append(opts, field.Option{Value: c.ID.String(), Label: c.Name})
		known = known || c.ID == p.Query.CategoryID
	}
	if p.Query.CategoryID != 0 && !known {
		// A bookmarked view of a deleted category: shown as chosen, as it is.
		opts = append(opts, field.Option{Value: p.Query.CategoryID.String(), Label: i18n.T(ctx, "Category #%s (no longer exists)", p.Query.CategoryID.String())})
	}
	return opts
}

func (p CatalogueProps) yearOptions(ctx context.Context) []field.Option {
	opts := []field.Option{{Value: "", Label: i18n.T(ctx, "Any year")}}
	years := p.Years
	if p.Query.Year != 0 && !containsInt(years, p.Query.Year) {
		years = append([]int{p.Query.Year}, years...)
	}
	for _, y := range years {
		opts = append(opts, field.Option{Value: strconv.Itoa(y), Label: strconv.Itoa(y)})
	}
	return opts
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func triOptions(any, yes, no string) []field.Option {
	return []field.Option{{Value: "", Label: any}, {Value: "yes", Label: yes}, {Value: "no", Label: no}}
}

func sortOptions(ctx context.Context) []field.Option {
	opts := make([]field.Option, 0, len(catalogue.Sorts))
	for _, s := range catalogue.Sorts {
		opts = append(opts, field.Option{Value: string(s.Sort), Label: i18n.T(ctx, s.Label)})
	}
	return opts
}

func yearText(q catalogue.Query) string {
	if q.Year == 0 {
		return ""
	}
	return strconv.Itoa(q.Year)
}

func categoryText(q catalogue.Query) string {
	if q.CategoryID == 0 {
		return ""
	}
	return q.CategoryID.String()
}

// statusLabel is a training's status in the reader's language; the
// catalogue has every factorial.TrainingStatuses label.
func statusLabel(ctx context.Context, s *factorial.TrainingStatus) string {
	if s == nil {
		return "—"
	}
	return i18n.T(ctx, s.Label())
}

func statusClass(s *factorial.TrainingStatus) string {
	if s == nil {
		return "tag"
	}
	return "tag tag-" + string(*s)
}

func itoa(n int) string { return strconv.Itoa(n) }

func derefOr(s *string, or string) string {
	if s == nil || *s == "" {
		return or
	}
	return *s
}

func categoryList(ids []factorial.ID, names map[factorial.ID]string) string {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += ", "
		}
		if n, ok := names[id]; ok {
			s += n
		} else {
			s += "#" + id.String()
		}
	}
	if s == "" {
		return "—"
	}
	return s
}

// sortToggle returns the order a column header switches to and the header's
// aria-sort value for the current order.
func sortToggle(current, first, second catalogue.Sort) (next catalogue.Sort, ariaSort string) {
	switch current {
	case first:
		next = second
		if first == second {
			next = first
		}
	case second:
		next = first
	default:
		return first, "none"
	}
	if strings.HasPrefix(string(current), "-") {
		return next, "descending"
	}
	return next, "ascending"
}
