package factorial

import (
	"context"
	"iter"
	"time"
)

// SessionsService reads and writes sessions (trainings/sessions).
type SessionsService service

const sessionsPath = "trainings/sessions"

// SessionListOptions filters Sessions.List, Iter and All.
type SessionListOptions struct {
	ListOptions
	IDs              []ID            // ids[]
	TrainingIDs      []ID            // training_ids[]
	TrainingClassIDs []ClassID       // training_class_ids[]
	Search           string          // search
	StartAfter       *time.Time      // start_after
	StartBefore      *time.Time      // start_before
	EmployeeID       ID              // employee_id: sessions this employee is invited to
	AccessID         ID              // access_id
	Modality         SessionModality // modality
	Active           *bool           // active
	Next             *bool           // next: upcoming sessions only
}

func (o *SessionListOptions) split() (ListOptions, query) {
	if o == nil {
		return ListOptions{}, nil
	}
	var q query
	q.ids("ids", o.IDs)
	q.ids("training_ids", o.TrainingIDs)
	for _, id := range o.TrainingClassIDs {
		q.add("training_class_ids[]", string(id))
	}
	q.str("search", o.Search)
	q.time("start_after", o.StartAfter)
	q.time("start_before", o.StartBefore)
	q.id("employee_id", o.EmployeeID)
	q.id("access_id", o.AccessID)
	q.str("modality", string(o.Modality))
	q.boolp("active", o.Active)
	q.boolp("next", o.Next)
	return o.ListOptions, q
}

func (s *SessionsService) lister(opts *SessionListOptions) lister[Session] {
	lo, q := opts.split()
	return newLister[Session](s.client, sessionsPath, lo, q)
}

// List returns one page of sessions. opts may be nil.
func (s *SessionsService) List(ctx context.Context, opts *SessionListOptions) (*Page[Session], error) {
	return s.lister(opts).list(ctx)
}

// Iter walks the sessions lazily, one page request at a time.
func (s *SessionsService) Iter(ctx context.Context, opts *SessionListOptions) iter.Seq2[Session, error] {
	return s.lister(opts).iter(ctx)
}

// All returns every session, fetching pages with bounded concurrency.
func (s *SessionsService) All(ctx context.Context, opts *SessionListOptions) ([]Session, error) {
	return s.lister(opts).all(ctx)
}

// Get returns one session.
func (s *SessionsService) Get(ctx context.Context, id ID) (*Session, error) {
	var v Session
	err := s.client.do(ctx, request{method: "GET", path: sessionsPath + "/" + id.String(), idempotent: true}, &v)
	return result(&v, err)
}

// SessionRequest is the body of Sessions.Create and Update. Name and
// TrainingID are required by Create. The fields Factorial types as nullable
// are always sent, nil as null, so that an Update replaces them whether
// Factorial keeps or clears what a PUT leaves out; nil Subsidized, Recurrent
// and SendCalendarInvites are not sent. A scheduled session starts and ends
// on the same day; DueDate belongs to self-paced ones.
type SessionRequest struct {
	Name                string           `json:"name,omitempty"`
	TrainingID          ID               `json:"training_id,omitzero"`
	Description         *string          `json:"description"`
	TrainingClassID     *ClassID         `json:"training_class_id"`
	StartsAt            *time.Time       `json:"starts_at"`
	EndsAt              *time.Time       `json:"ends_at"`
	DueDate             *Date            `json:"due_date"`
	Duration            *Duration        `json:"duration"`
	Modality            *SessionModality `json:"modality"`
	Schedule            *SessionSchedule `json:"schedule"`
	Link                *string          `json:"link"`
	Location            *string          `json:"location"`
	Subsidized          *bool            `json:"subsidized,omitempty"`
	Recurrent           *bool            `json:"recurrent,omitempty"`
	SendCalendarInvites *bool            `json:"send_calendar_invites,omitempty"`
}

// Create creates a session (POST, never retried).
func (s *SessionsService) Create(ctx context.Context, r *SessionRequest) (*Session, error) {
	var v Session
	err := s.client.do(ctx, request{method: "POST", path: sessionsPath, body: r}, &v)
	return result(&v, err)
}

// Update replaces a session (PUT): send every field the session should keep
// (read it with Get first); a nil nullable field is sent as null and cleared.
func (s *SessionsService) Update(ctx context.Context, id ID, r *SessionRequest) (*Session, error) {
	var v Session
	err := s.client.do(ctx, request{method: "PUT", path: sessionsPath + "/" + id.String(), body: r, idempotent: true}, &v)
	return result(&v, err)
}

// Delete deletes a session and returns it.
func (s *SessionsService) Delete(ctx context.Context, id ID) (*Session, error) {
	var v Session
	err := s.client.do(ctx, request{method: "DELETE", path: sessionsPath + "/" + id.String(), idempotent: true}, &v)
	return result(&v, err)
}
