package factorial

import (
	"context"
	"iter"
)

// MembershipsService reads and writes the enrolments of employees in
// trainings (trainings/training_memberships).
type MembershipsService service

const membershipsPath = "trainings/training_memberships"

// Values of MembershipListOptions.DueDate besides a number of days ahead.
const (
	DueOverdue   = "overdue"
	DueNoDueDate = "no_due_date"
)

// MembershipListOptions filters Memberships.List, Iter and All.
type MembershipListOptions struct {
	ListOptions
	TrainingID ID               // training_id
	EmployeeID ID               // employee_id
	TeamID     ID               // team_id
	ClassID    ClassID          // class_id
	IDs        []ID             // ids[]
	Status     AttendanceStatus // status
	Search     string           // search
	// DueDate (due_date) is DueOverdue, DueNoDueDate, or a number of days
	// ahead as a decimal ("30").
	DueDate string
}

func (o *MembershipListOptions) split() (ListOptions, query) {
	if o == nil {
		return ListOptions{}, nil
	}
	var q query
	q.id("training_id", o.TrainingID)
	q.ids("ids", o.IDs)
	q.id("employee_id", o.EmployeeID)
	q.str("status", string(o.Status))
	q.str("class_id", string(o.ClassID))
	q.id("team_id", o.TeamID)
	q.str("search", o.Search)
	q.str("due_date", o.DueDate)
	return o.ListOptions, q
}

func (s *MembershipsService) lister(opts *MembershipListOptions) lister[TrainingMembership] {
	lo, q := opts.split()
	return newLister[TrainingMembership](s.client, membershipsPath, lo, q)
}

// List returns one page of training memberships. opts may be nil.
func (s *MembershipsService) List(ctx context.Context, opts *MembershipListOptions) (*Page[TrainingMembership], error) {
	return s.lister(opts).list(ctx)
}

// Iter walks the training memberships lazily, one page request at a time.
func (s *MembershipsService) Iter(ctx context.Context, opts *MembershipListOptions) iter.Seq2[TrainingMembership, error] {
	return s.lister(opts).iter(ctx)
}

// All returns every training membership, fetching pages with bounded concurrency.
func (s *MembershipsService) All(ctx context.Context, opts *MembershipListOptions) ([]TrainingMembership, error) {
	return s.lister(opts).all(ctx)
}

// Count returns how many training memberships opts matches (its paging
// is ignored), from the meta.total of a one-record page.
func (s *MembershipsService) Count(ctx context.Context, opts *MembershipListOptions) (int, error) {
	return s.lister(opts).count(ctx)
}

// Get returns one training membership.
func (s *MembershipsService) Get(ctx context.Context, id ID) (*TrainingMembership, error) {
	var v TrainingMembership
	err := s.client.do(ctx, request{method: "GET", path: membershipsPath + "/" + id.String(), idempotent: true}, &v)
	return result(&v, err)
}

// Update sets the completion date of a membership; nil clears it.
func (s *MembershipsService) Update(ctx context.Context, id ID, completedAt *Date) (*TrainingMembership, error) {
	body := struct {
		ID                  ID    `json:"id"`
		TrainingCompletedAt *Date `json:"training_completed_at"`
	}{id, completedAt}
	var v TrainingMembership
	err := s.client.do(ctx, request{method: "PUT", path: membershipsPath + "/" + id.String(), body: body, idempotent: true}, &v)
	return result(&v, err)
}

// BulkCreate enrols employees in a training (POST bulk_create, never retried).
func (s *MembershipsService) BulkCreate(ctx context.Context, trainingID ID, employeeIDs []ID) ([]TrainingMembership, error) {
	body := struct {
		EmployeeIDs []ID `json:"employee_ids"`
		TrainingID  ID   `json:"training_id"`
	}{nonNil(employeeIDs), trainingID}
	var v []TrainingMembership
	err := s.client.do(ctx, request{method: "POST", path: membershipsPath + "/bulk_create", body: body}, &v)
	return v, err
}

// MembershipBulkDestroy removes enrolments: the listed IDs, or with All every
// membership of TrainingID except the listed IDs.
type MembershipBulkDestroy struct {
	IDs        []ID `json:"ids"`
	TrainingID ID   `json:"training_id,omitzero"`
	All        bool `json:"all,omitempty"`
}

// BulkDestroy removes enrolments and returns them.
func (s *MembershipsService) BulkDestroy(ctx context.Context, r MembershipBulkDestroy) ([]TrainingMembership, error) {
	r.IDs = nonNil(r.IDs)
	var v []TrainingMembership
	err := s.client.do(ctx, request{method: "POST", path: membershipsPath + "/bulk_destroy", body: r}, &v)
	return v, err
}
