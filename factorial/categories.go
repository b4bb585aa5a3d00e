package factorial

import (
	"context"
	"iter"
)

// CategoriesService reads and writes training categories
// (trainings/categories). Categories cannot be updated.
type CategoriesService service

const categoriesPath = "trainings/categories"

// CategoryListOptions filters Categories.List, Iter and All.
type CategoryListOptions struct {
	ListOptions
	IDs []ID // ids[]
}

func (o *CategoryListOptions) split() (ListOptions, query) {
	if o == nil {
		return ListOptions{}, nil
	}
	var q query
	q.ids("ids", o.IDs)
	return o.ListOptions, q
}

func (s *CategoriesService) lister(opts *CategoryListOptions) lister[TrainingCategory] {
	lo, q := opts.split()
	return newLister[TrainingCategory](s.client, categoriesPath, lo, q)
}

// List returns one page of categories. opts may be nil.
func (s *CategoriesService) List(ctx context.Context, opts *CategoryListOptions) (*Page[TrainingCategory], error) {
	return s.lister(opts).list(ctx)
}

// Iter walks the categories lazily, one page request at a time.
func (s *CategoriesService) Iter(ctx context.Context, opts *CategoryListOptions) iter.Seq2[TrainingCategory, error] {
	return s.lister(opts).iter(ctx)
}

// All returns every category, fetching pages with bounded concurrency.
func (s *CategoriesService) All(ctx context.Context, opts *CategoryListOptions) ([]TrainingCategory, error) {
	return s.lister(opts).all(ctx)
}

// Get returns one category.
func (s *CategoriesService) Get(ctx context.Context, id ID) (*TrainingCategory, error) {
	var v TrainingCategory
	err := s.client.do(ctx, request{method: "GET", path: categoriesPath + "/" + id.String(), idempotent: true}, &v)
	return result(&v, err)
}

// Create creates a category of company companyID (POST, never retried).
func (s *CategoriesService) Create(ctx context.Context, name string, companyID ID) (*TrainingCategory, error) {
	body := struct {
		Name      string `json:"name"`
		CompanyID ID     `json:"company_id"`
	}{name, companyID}
	var v TrainingCategory
	err := s.client.do(ctx, request{method: "POST", path: categoriesPath, body: body}, &v)
	return result(&v, err)
}

// Delete deletes a category and returns it.
func (s *CategoriesService) Delete(ctx context.Context, id ID) (*TrainingCategory, error) {
	var v TrainingCategory
	err := s.client.do(ctx, request{method: "DELETE", path: categoriesPath + "/" + id.String(), idempotent: true}, &v)
	return result(&v, err)
}
