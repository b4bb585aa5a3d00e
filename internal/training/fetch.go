package training

import (
	"context"
	"slices"

	"golang.org/x/sync/errgroup"

	"github.com/aula-hr/aula/factorial"
)

// PageSize is Factorial's largest page, and so the most ids one list takes.
const PageSize = 100

// fetchConcurrency bounds the chunks read at once: up to 3,200 ids stay
// one round trip, as many requests as Aula's client keeps in flight for
// one list (internal/app), without flooding Factorial.
const fetchConcurrency = 32

// EmployeeLister lists employees (factorial.EmployeesService).
type EmployeeLister interface {
	List(ctx context.Context, opts *factorial.EmployeeListOptions) (*factorial.Page[factorial.Employee], error)
}

// TrainingLister lists trainings (factorial.TrainingsService).
type TrainingLister interface {
	List(ctx context.Context, opts *factorial.TrainingListOptions) (*factorial.Page[factorial.Training], error)
}

// ByIDs reads the records named by ids (repeats and order do not matter) in
// chunks of PageSize ids, concurrently, and returns them by id; a record
// Factorial does not return is absent. list reads one chunk.
func ByIDs[T any](ctx context.Context, ids []factorial.ID, id func(*T) factorial.ID,
	list func(ctx context.Context, chunk []factorial.ID) ([]T, error)) (map[factorial.ID]*T, error) {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	parts := make([][]T, (len(ids)+PageSize-1)/PageSize)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(fetchConcurrency)
	for i := range parts {
		chunk := ids[i*PageSize : min((i+1)*PageSize, len(ids))]
		g.Go(func() (err error) {
			parts[i], err = list(gctx, chunk)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	out := make(map[factorial.ID]*T, len(ids))
	for _, p := range parts {
		for j := range p {
			out[id(&p[j])] = &p[j]
		}
	}
	return out, nil
}

// Employees reads the named employees by id.
func Employees(ctx context.Context, r EmployeeLister, ids []factorial.ID) (map[factorial.ID]*factorial.Employee, error) {
	return ByIDs(ctx, ids, func(e *factorial.Employee) factorial.ID { return e.ID },
		func(ctx context.Context, chunk []factorial.ID) ([]factorial.Employee, error) {
			p, err := r.List(ctx, &factorial.EmployeeListOptions{ListOptions: factorial.ListOptions{Limit: PageSize}, IDs: chunk})
			if err != nil {
				return nil, err
			}
			return p.Data, nil
		})
}

// Trainings reads the named trainings by id.
func Trainings(ctx context.Context, r TrainingLister, ids []factorial.ID) (map[factorial.ID]*factorial.Training, error) {
	return ByIDs(ctx, ids, func(t *factorial.Training) factorial.ID { return t.ID },
		func(ctx context.Context, chunk []factorial.ID) ([]factorial.Training, error) {
			p, err := r.List(ctx, &factorial.TrainingListOptions{ListOptions: factorial.ListOptions{Limit: PageSize}, IDs: chunk})
			if err != nil {
				return nil, err
			}
			return p.Data, nil
		})
}
