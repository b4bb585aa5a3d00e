package catalogue

import (
	"context"
	"slices"

	"golang.org/x/sync/errgroup"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/usercache"
)

// TrainingReader lists trainings (factorial.TrainingsService).
type TrainingReader interface {
	List(ctx context.Context, opts *factorial.TrainingListOptions) (*factorial.Page[factorial.Training], error)
	All(ctx context.Context, opts *factorial.TrainingListOptions) ([]factorial.Training, error)
}

// CategoryReader lists training categories (factorial.CategoriesService).
type CategoryReader interface {
	All(ctx context.Context, opts *factorial.CategoryListOptions) ([]factorial.TrainingCategory, error)
}

// View is one catalogue page with what its filters need.
type View struct {
	Result
	Categories []factorial.TrainingCategory
	// WholeList says the view was computed from the whole training list;
	// Cached that this list came from the per-user cache.
	WholeList, Cached bool
}

// APIOptions are the list options that let Factorial itself produce the
// view: its filters and its paging. Only meaningful when !q.NeedsWholeList().
func APIOptions(q Query) *factorial.TrainingListOptions {
	return &factorial.TrainingListOptions{
		ListOptions: factorial.ListOptions{Page: max(q.Page, 1), Limit: q.PerPage},
		Search:      q.Search, Status: q.Status, Catalog: q.Catalog.Bool(), IsMandatory: q.Mandatory.Bool(),
	}
}

// LoadView loads the catalogue view q for the user key. A view Factorial can
// produce costs one round trip: one page of trainings and the categories,
// concurrently. Any other view reads the user's whole list (from the cache
// when fresh; else Factorial's pages with bounded concurrency) and is
// computed here.
func LoadView(ctx context.Context, cache *usercache.Cache[factorial.Training], key string, tr TrainingReader, cats CategoryReader, q Query) (View, error) {
	var v View
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		var err error
		v.Categories, err = Categories(gctx, cats)
		return err
	})
	g.Go(func() error {
		if !q.NeedsWholeList() {
			p, err := tr.List(gctx, APIOptions(q))
			if err != nil {
				return err
			}
			v.Result = Result{Trainings: p.Data, Total: p.Meta.Total}
			return nil
		}
		all, hit, err := cache.Get(gctx, key, func(ctx context.Context) ([]factorial.Training, error) {
			return tr.All(ctx, nil)
		})
		if err != nil {
			return err
		}
		v.Result, v.WholeList, v.Cached = Apply(all, q), true, hit
		return nil
	})
	if err := g.Wait(); err != nil {
		return View{}, err
	}
	slices.SortFunc(v.Categories, func(a, b factorial.TrainingCategory) int { return compareFold(a.Name, b.Name) })
	return v, nil
}

// CategoryNames maps category ids to names.
func CategoryNames(cs []factorial.TrainingCategory) map[factorial.ID]string {
	m := make(map[factorial.ID]string, len(cs))
	for _, c := range cs {
		m[c.ID] = c.Name
	}
	return m
}

// Request turns valid form values into the body of Trainings.Create/Update.
// Optional text fields are always sent, so clearing one in the form clears
// it in Factorial.
func (v TrainingValues) Request() *factorial.TrainingRequest {
	cost, sub := int64(v.Cost), int64(v.SubsidizedCost)
	mandatory := v.Mandatory
	provider := v.Provider
	if !v.External {
		provider = ""
	}
	// An empty duration is sent as 0 (none): left out, Factorial would keep
	// the old one.
	duration := v.Duration
	if duration == nil {
		duration = new(float64)
	}
	return &factorial.TrainingRequest{
		Name: v.Name, Description: v.Description, External: v.External, Year: v.Year,
		Code: &v.Code, ExternalProvider: &provider, Objectives: &v.Objectives,
		CategoryIDs: nonNilIDs(v.CategoryIDs), Cost: &cost, SubsidizedCost: &sub,
		ValidFor: v.ValidFor, TotalDuration: duration, IsMandatory: &mandatory,
	}
}

func nonNilIDs(ids []factorial.ID) []factorial.ID {
	if ids == nil {
		return []factorial.ID{}
	}
	return ids
}

// Request turns valid group form values into the body of Classes.Create
// (trainingID and companyID set) or Classes.Update.
func (v ClassValues) Request(trainingID, companyID factorial.ID) *factorial.TrainingClassRequest {
	name, desc := v.Name, v.Description
	return &factorial.TrainingClassRequest{
		TrainingID: trainingID, CompanyID: companyID, Name: &name, Description: &desc,
		StartDate: v.StartDate, EndDate: v.EndDate,
		Cost: v.Cost.Decimal(), SubsidizedCost: v.SubsidizedCost.Decimal(),
		IndirectCost: v.IndirectCost.Decimal(), SalaryCost: v.Salary.Decimal(),
		PaymentStatus: v.PaymentStatus,
	}
}

// Categories reads every training category, usually in one request.
func Categories(ctx context.Context, cats CategoryReader) ([]factorial.TrainingCategory, error) {
	return cats.All(ctx, nil)
}
