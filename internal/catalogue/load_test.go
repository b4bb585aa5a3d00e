package catalogue

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/usercache"
)

type fakeTrainings struct {
	all         []factorial.Training
	lists, alls atomic.Int32
	lastList    *factorial.TrainingListOptions
}

func (f *fakeTrainings) List(_ context.Context, o *factorial.TrainingListOptions) (*factorial.Page[factorial.Training], error) {
	f.lists.Add(1)
	f.lastList = o
	return &factorial.Page[factorial.Training]{Data: f.all[:min(o.Limit, len(f.all))], Meta: factorial.Meta{Total: len(f.all)}}, nil
}

func (f *fakeTrainings) All(context.Context, *factorial.TrainingListOptions) ([]factorial.Training, error) {
	f.alls.Add(1)
	return f.all, nil
}

type fakeCategories struct{}

func (fakeCategories) All(context.Context, *factorial.CategoryListOptions) ([]factorial.TrainingCategory, error) {
	return []factorial.TrainingCategory{{ID: 2, Name: "b"}, {ID: 1, Name: "A"}}, nil
}

func TestLoadViewPlansTheRequests(t *testing.T) {
	all := []factorial.Training{trainingOf(1, "x", 2025), trainingOf(2, "y", 2026), trainingOf(3, "z", 2026)}
	tr := &fakeTrainings{all: all}
	cache := usercache.New[factorial.Training](time.Minute, 100)
	ctx := context.Background()

	yes := Yes
	v, err := LoadView(ctx, cache, "ana", tr, fakeCategories{}, Query{Search: "x", Status: factorial.TrainingActive, Mandatory: yes, Page: 2, PerPage: 10})
	if err != nil || v.WholeList || tr.lists.Load() != 1 || tr.alls.Load() != 0 {
		t.Fatalf("an API view is one page request: %+v lists=%d alls=%d err=%v", v, tr.lists.Load(), tr.alls.Load(), err)
	}
	o := tr.lastList
	if o.Page != 2 || o.Limit != 10 || o.Search != "x" || o.Status != factorial.TrainingActive || o.IsMandatory == nil || !*o.IsMandatory || o.Catalog != nil {
		t.Errorf("list options %+v", o)
	}
	if v.Total != 3 || v.Categories[0].Name != "A" {
		t.Errorf("total %d from meta, categories by name %v", v.Total, v.Categories)
	}

	v, _ = LoadView(ctx, cache, "ana", tr, fakeCategories{}, Query{Year: 2026, Page: 1, PerPage: 25})
	if !v.WholeList || v.Cached || v.Total != 2 || tr.alls.Load() != 1 {
		t.Errorf("a year view reads the whole list: %+v alls=%d", v, tr.alls.Load())
	}
	v, _ = LoadView(ctx, cache, "ana", tr, fakeCategories{}, Query{Sort: SortName, Page: 1, PerPage: 25})
	if !v.Cached || tr.alls.Load() != 1 || v.Total != 3 {
		t.Errorf("the next whole-list view comes from the cache: %+v alls=%d", v, tr.alls.Load())
	}
}
