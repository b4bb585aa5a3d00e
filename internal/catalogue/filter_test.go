package catalogue

import (
	"fmt"
	"testing"

	"github.com/aula-hr/aula/factorial"
)

func trainingOf(id int, name string, year int, opts ...func(*factorial.Training)) factorial.Training {
	st := factorial.TrainingActive
	t := factorial.Training{ID: factorial.ID(id), Name: name, Year: year, Status: &st}
	for _, o := range opts {
		o(&t)
	}
	return t
}

func names(ts []factorial.Training) string {
	s := ""
	for i, t := range ts {
		if i > 0 {
			s += ","
		}
		s += t.Name
	}
	return s
}

func TestApplyFiltersSortsAndPages(t *testing.T) {
	draft, deleted := factorial.TrainingDraft, factorial.TrainingDeleted
	code := "SAFE-1"
	all := []factorial.Training{
		trainingOf(1, "Fire safety", 2024, func(t *factorial.Training) { t.External = true; t.CategoryIDs = []factorial.ID{5}; t.Code = &code }),
		trainingOf(2, "excel basics", 2025, func(t *factorial.Training) { t.Catalog = true; t.TotalParticipants = 9 }),
		trainingOf(3, "Leadership", 2025, func(t *factorial.Training) {
			t.Status = &draft
			t.IsMandatory = true
			t.CategoryIDs = []factorial.ID{5, 6}
		}),
		trainingOf(4, "Data privacy", 2023, func(t *factorial.Training) { t.IsMandatory = true; t.TotalParticipants = 30 }),
		trainingOf(5, "Old course", 2020, func(t *factorial.Training) { t.Status = &deleted }),
	}
	q := func(f func(*Query)) Query {
		x := Query{Page: 1, PerPage: DefaultPerPage}
		f(&x)
		return x
	}
	tests := []struct {
		name  string
		q     Query
		want  string
		total int
	}{
		{"default order is Factorial's (id)", q(func(*Query) {}), "Fire safety,excel basics,Leadership,Data privacy", 4},
		{"year", q(func(q *Query) { q.Year = 2025 }), "excel basics,Leadership", 2},
		{"external yes", q(func(q *Query) { q.External = Yes }), "Fire safety", 1},
		{"external no", q(func(q *Query) { q.External = No }), "excel basics,Leadership,Data privacy", 3},
		{"category", q(func(q *Query) { q.CategoryID = 5 }), "Fire safety,Leadership", 2},
		{"status", q(func(q *Query) { q.Status = factorial.TrainingDraft }), "Leadership", 1},
		{"deleted only when asked for", q(func(q *Query) { q.Status = factorial.TrainingDeleted }), "Old course", 1},
		{"mandatory and catalogue", q(func(q *Query) { q.Mandatory = Yes; q.Catalog = No }), "Leadership,Data privacy", 2},
		{"search is case-insensitive on name", q(func(q *Query) { q.Search = "EXCEL" }), "excel basics", 1},
		{"search matches the code", q(func(q *Query) { q.Search = "safe-" }), "Fire safety", 1},
		{"name order ignores case", q(func(q *Query) { q.Sort = SortName }), "Data privacy,excel basics,Fire safety,Leadership", 4},
		{"name descending", q(func(q *Query) { q.Sort = SortNameDesc }), "Leadership,Fire safety,excel basics,Data privacy", 4},
		{"newest year first, then name", q(func(q *Query) { q.Sort = SortYearDesc }), "excel basics,Leadership,Fire safety,Data privacy", 4},
		{"oldest year first", q(func(q *Query) { q.Sort = SortYear }), "Data privacy,Fire safety,excel basics,Leadership", 4},
		{"most participants", q(func(q *Query) { q.Sort = SortParticipantsDesc }), "Data privacy,excel basics,Fire safety,Leadership", 4},
		{"a page of ten holds all four", q(func(q *Query) { q.Sort = SortName; q.PerPage = 10 }), "Data privacy,excel basics,Fire safety,Leadership", 4},
		{"page past the end is empty but counts", q(func(q *Query) { q.Page = 9 }), "", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Apply(all, tt.q)
			if got := names(r.Trainings); got != tt.want || r.Total != tt.total {
				t.Errorf("got %q (total %d), want %q (total %d)", got, r.Total, tt.want, tt.total)
			}
		})
	}
	if names(all) != "Fire safety,excel basics,Leadership,Data privacy,Old course" {
		t.Error("Apply modified its input")
	}
}

func TestApplyPaging(t *testing.T) {
	var all []factorial.Training
	for i := 1; i <= 23; i++ {
		all = append(all, trainingOf(i, fmt.Sprintf("T%02d", i), 2025))
	}
	r := Apply(all, Query{Page: 3, PerPage: 10})
	if names(r.Trainings) != "T21,T22,T23" || r.Total != 23 || r.Pages(10) != 3 {
		t.Errorf("page 3 = %q total %d pages %d", names(r.Trainings), r.Total, r.Pages(10))
	}
	if (Result{}).Pages(10) != 1 {
		t.Error("an empty result still has one page")
	}
}
