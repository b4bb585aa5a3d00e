package factorial

import (
	"context"
	"iter"
	"net/url"
)

// ClassesService reads and writes training classes, the groups of a training
// (trainings/training_classes).
type ClassesService service

const classesPath = "trainings/training_classes"

// ClassListOptions filters Classes.List, Iter and All.
type ClassListOptions struct {
	ListOptions
	IDs        []ClassID // ids[]
	TrainingID ID        // training_id
	Search     string    // search
	StartDates []Date    // start_date[]
	EndDates   []Date    // end_date[]
}

func (o *ClassListOptions) split() (ListOptions, query) {
	if o == nil {
		return ListOptions{}, nil
	}
	var q query
	for _, id := range o.IDs {
		q.add("ids[]", string(id))
	}
	q.id("training_id", o.TrainingID)
	q.str("search", o.Search)
	q.dates("start_date", o.StartDates)
	q.dates("end_date", o.EndDates)
	return o.ListOptions, q
}

func (s *ClassesService) lister(opts *ClassListOptions) lister[TrainingClass] {
	lo, q := opts.split()
	return newLister[TrainingClass](s.client, classesPath, lo, q)
}

func classPath(id ClassID) string { return classesPath + "/" + url.PathEscape(string(id)) }

// List returns one page of training classes. opts may be nil.
func (s *ClassesService) List(ctx context.Context, opts *ClassListOptions) (*Page[TrainingClass], error) {
	return s.lister(opts).list(ctx)
}

// Iter walks the training classes lazily, one page request at a time.
func (s *ClassesService) Iter(ctx context.Context, opts *ClassListOptions) iter.Seq2[TrainingClass, error] {
	return s.lister(opts).iter(ctx)
}

// All returns every training class, fetching pages with bounded concurrency.
func (s *ClassesService) All(ctx context.Context, opts *ClassListOptions) ([]TrainingClass, error) {
	return s.lister(opts).all(ctx)
}

// Get returns one training class.
func (s *ClassesService) Get(ctx context.Context, id ClassID) (*TrainingClass, error) {
	var v TrainingClass
	err := s.client.do(ctx, request{method: "GET", path: classPath(id), idempotent: true}, &v)
	return result(&v, err)
}

// TrainingClassRequest is the body of Classes.Create and Update. Costs are
// decimal strings ("1250.00"); the four costs and PaymentStatus are required
// by both calls, the dates, TrainingID and CompanyID by Create. Zero ids and
// dates are not sent.
type TrainingClassRequest struct {
	TrainingID     ID            `json:"training_id,omitzero"`
	CompanyID      ID            `json:"company_id,omitzero"`
	Name           *string       `json:"name,omitempty"`
	Description    *string       `json:"description,omitempty"`
	StartDate      Date          `json:"start_date,omitzero"`
	EndDate        Date          `json:"end_date,omitzero"`
	Cost           string        `json:"cost"`
	SubsidizedCost string        `json:"subsidized_cost"`
	IndirectCost   string        `json:"indirect_cost"`
	SalaryCost     string        `json:"salary_cost"`
	PaymentStatus  PaymentStatus `json:"payment_status"`
}

// Create creates a training class (POST, never retried).
func (s *ClassesService) Create(ctx context.Context, r *TrainingClassRequest) (*TrainingClass, error) {
	var v TrainingClass
	err := s.client.do(ctx, request{method: "POST", path: classesPath, body: r}, &v)
	return result(&v, err)
}

// Update replaces a training class (PUT): send every field it should keep.
func (s *ClassesService) Update(ctx context.Context, id ClassID, r *TrainingClassRequest) (*TrainingClass, error) {
	var v TrainingClass
	err := s.client.do(ctx, request{method: "PUT", path: classPath(id), body: r, idempotent: true}, &v)
	return result(&v, err)
}

// Delete deletes a training class and returns it.
func (s *ClassesService) Delete(ctx context.Context, id ClassID) (*TrainingClass, error) {
	var v TrainingClass
	err := s.client.do(ctx, request{method: "DELETE", path: classPath(id), idempotent: true}, &v)
	return result(&v, err)
}
