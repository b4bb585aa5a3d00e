package factorial

import (
	"context"
	"iter"
)

// TrainingsService reads and writes trainings (trainings/trainings).
type TrainingsService service

const trainingsPath = "trainings/trainings"

// TrainingListOptions filters Trainings.List, Iter and All.
type TrainingListOptions struct {
	ListOptions
	IDs         []ID           // ids[]
	Search      string         // search: name or code
	Status      TrainingStatus // status
	Catalog     *bool          // catalog: only trainings in (true) or out of (false) the catalogue
	IsMandatory *bool          // is_mandatory
	// OnlyAssigned (only_assigned) keeps the trainings the user is enrolled in.
	OnlyAssigned *bool
	// ReturnExpiredMemberships (return_expired_memberships) fills
	// Training.NumberOfExpiredParticipants.
	ReturnExpiredMemberships bool
	// WithCurrentTrainingClasses (with_current_training_classes) keeps
	// trainings with a class running now.
	WithCurrentTrainingClasses bool
}

func (o *TrainingListOptions) split() (ListOptions, query) {
	if o == nil {
		return ListOptions{}, nil
	}
	var q query
	q.ids("ids", o.IDs)
	q.str("search", o.Search)
	q.str("status", string(o.Status))
	q.boolp("catalog", o.Catalog)
	q.boolp("is_mandatory", o.IsMandatory)
	q.boolp("only_assigned", o.OnlyAssigned)
	q.flag("return_expired_memberships", o.ReturnExpiredMemberships)
	q.flag("with_current_training_classes", o.WithCurrentTrainingClasses)
	return o.ListOptions, q
}

func (s *TrainingsService) lister(opts *TrainingListOptions) lister[Training] {
	lo, q := opts.split()
	return newLister[Training](s.client, trainingsPath, lo, q)
}

// List returns one page of trainings. opts may be nil.
func (s *TrainingsService) List(ctx context.Context, opts *TrainingListOptions) (*Page[Training], error) {
	return s.lister(opts).list(ctx)
}

// Iter walks the trainings lazily, one page request at a time.
func (s *TrainingsService) Iter(ctx context.Context, opts *TrainingListOptions) iter.Seq2[Training, error] {
	return s.lister(opts).iter(ctx)
}

// All returns every training, fetching pages with bounded concurrency.
func (s *TrainingsService) All(ctx context.Context, opts *TrainingListOptions) ([]Training, error) {
	return s.lister(opts).all(ctx)
}

// Get returns one training.
func (s *TrainingsService) Get(ctx context.Context, id ID) (*Training, error) {
	var t Training
	err := s.client.do(ctx, request{method: "GET", path: trainingsPath + "/" + id.String(), idempotent: true}, &t)
	return result(&t, err)
}

// TrainingRequest is the body of Trainings.Create and Update. Name,
// Description, External and Year are required (and replaced by an update).
// Code, ExternalProvider, Objectives and ValidFor, which Factorial types as
// nullable, are always sent, nil as null: an Update then clears them whether
// Factorial keeps or clears what a PUT leaves out. The other nil optional
// fields are not sent. Costs are in cents.
type TrainingRequest struct {
	Name             string   `json:"name"`
	Description      string   `json:"description"`
	External         bool     `json:"external"`
	Year             int      `json:"year"`
	Code             *string  `json:"code"`
	ExternalProvider *string  `json:"external_provider"`
	Objectives       *string  `json:"objectives"`
	CategoryIDs      []ID     `json:"category_ids,omitzero"`
	CompetencyIDs    []ID     `json:"competency_ids,omitzero"`
	Cost             *int64   `json:"cost,omitempty"`
	SubsidizedCost   *int64   `json:"subsidized_cost,omitempty"`
	ValidFor         *int     `json:"valid_for"` // years
	TotalDuration    *float64 `json:"total_duration,omitempty"`
	IsMandatory      *bool    `json:"is_mandatory,omitempty"`
}

// Create creates a training (POST, never retried).
func (s *TrainingsService) Create(ctx context.Context, r *TrainingRequest) (*Training, error) {
	var t Training
	err := s.client.do(ctx, request{method: "POST", path: trainingsPath, body: r}, &t)
	return result(&t, err)
}

// Update replaces a training's fields (PUT, with the id repeated in the body).
func (s *TrainingsService) Update(ctx context.Context, id ID, r *TrainingRequest) (*Training, error) {
	body := struct {
		ID ID `json:"id"`
		*TrainingRequest
	}{id, r}
	var t Training
	err := s.client.do(ctx, request{method: "PUT", path: trainingsPath + "/" + id.String(), body: body, idempotent: true}, &t)
	return result(&t, err)
}

// Delete deletes a training and returns it.
func (s *TrainingsService) Delete(ctx context.Context, id ID) (*Training, error) {
	var t Training
	err := s.client.do(ctx, request{method: "DELETE", path: trainingsPath + "/" + id.String(), idempotent: true}, &t)
	return result(&t, err)
}

// BulkDelete deletes several trainings and returns them.
func (s *TrainingsService) BulkDelete(ctx context.Context, ids []ID) ([]Training, error) {
	body := struct {
		IDs []ID `json:"ids"`
	}{nonNil(ids)}
	var ts []Training
	err := s.client.do(ctx, request{method: "POST", path: trainingsPath + "/bulk_delete", body: body}, &ts)
	return ts, err
}

// BulkUpdateCatalog puts trainings in (catalog true) or out of the catalogue.
func (s *TrainingsService) BulkUpdateCatalog(ctx context.Context, ids []ID, catalog bool) ([]Training, error) {
	body := struct {
		IDs     []ID `json:"ids"`
		Catalog bool `json:"catalog"`
	}{nonNil(ids), catalog}
	var ts []Training
	err := s.client.do(ctx, request{method: "POST", path: trainingsPath + "/bulk_update_catalog", body: body}, &ts)
	return ts, err
}

// UpdateStatus moves a training to status, notifying its participants when
// notify is true.
func (s *TrainingsService) UpdateStatus(ctx context.Context, id ID, status TrainingStatus, notify bool) (*Training, error) {
	body := struct {
		ID     ID             `json:"id"`
		Status TrainingStatus `json:"status"`
		Notify bool           `json:"notify"`
	}{id, status, notify}
	var t Training
	err := s.client.do(ctx, request{method: "POST", path: trainingsPath + "/update_status", body: body}, &t)
	return result(&t, err)
}

// result returns v, or nil and err.
func result[T any](v *T, err error) (*T, error) {
	if err != nil {
		return nil, err
	}
	return v, nil
}

// nonNil makes a nil slice encode as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
