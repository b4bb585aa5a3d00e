package factorial

import (
	"context"
	"errors"
	"iter"
)

// SessionAccessService reads and writes the invitations of people to
// sessions (trainings/session_access_memberships).
type SessionAccessService service

const sessionAccessPath = "trainings/session_access_memberships"

// SessionAccessListOptions filters SessionAccess.List, Iter and All.
// SessionID is required by Factorial.
type SessionAccessListOptions struct {
	ListOptions
	SessionID ID       // session_id (required)
	IDs       []ID     // ids[]
	Search    string   // search
	TeamIDs   []ID     // team_ids[]
	Statuses  []string // status[]
}

func (o *SessionAccessListOptions) split() (ListOptions, query) {
	if o == nil {
		return ListOptions{}, nil
	}
	var q query
	q.id("session_id", o.SessionID)
	q.ids("ids", o.IDs)
	q.str("search", o.Search)
	q.ids("team_ids", o.TeamIDs)
	q.strs("status", o.Statuses)
	return o.ListOptions, q
}

var errSessionRequired = errors.New("factorial: listing session access memberships needs a SessionID")

func (s *SessionAccessService) lister(opts *SessionAccessListOptions) (lister[SessionAccessMembership], error) {
	if opts == nil || opts.SessionID == 0 {
		return lister[SessionAccessMembership]{}, errSessionRequired
	}
	lo, q := opts.split()
	return newLister[SessionAccessMembership](s.client, sessionAccessPath, lo, q), nil
}

// List returns one page of the invitations to opts.SessionID.
func (s *SessionAccessService) List(ctx context.Context, opts *SessionAccessListOptions) (*Page[SessionAccessMembership], error) {
	l, err := s.lister(opts)
	if err != nil {
		return nil, err
	}
	return l.list(ctx)
}

// Iter walks the invitations to opts.SessionID lazily.
func (s *SessionAccessService) Iter(ctx context.Context, opts *SessionAccessListOptions) iter.Seq2[SessionAccessMembership, error] {
	l, err := s.lister(opts)
	if err != nil {
		return func(yield func(SessionAccessMembership, error) bool) { yield(SessionAccessMembership{}, err) }
	}
	return l.iter(ctx)
}

// All returns every invitation to opts.SessionID.
func (s *SessionAccessService) All(ctx context.Context, opts *SessionAccessListOptions) ([]SessionAccessMembership, error) {
	l, err := s.lister(opts)
	if err != nil {
		return nil, err
	}
	return l.all(ctx)
}

// Get returns one session access membership.
func (s *SessionAccessService) Get(ctx context.Context, id ID) (*SessionAccessMembership, error) {
	var v SessionAccessMembership
	err := s.client.do(ctx, request{method: "GET", path: sessionAccessPath + "/" + id.String(), idempotent: true}, &v)
	return result(&v, err)
}

// SessionAccessBulkCreate invites people to a session, by employee id or
// access id. Each invitation creates the person's pending attendance.
type SessionAccessBulkCreate struct {
	SessionID   ID   `json:"session_id"`
	Notify      bool `json:"notify"`
	EmployeeIDs []ID `json:"employee_ids,omitempty"`
	AccessIDs   []ID `json:"access_ids,omitempty"`
}

// BulkCreate invites people to a session (POST bulk_create, never retried).
func (s *SessionAccessService) BulkCreate(ctx context.Context, r SessionAccessBulkCreate) ([]SessionAccessMembership, error) {
	var v []SessionAccessMembership
	err := s.client.do(ctx, request{method: "POST", path: sessionAccessPath + "/bulk_create", body: r}, &v)
	return v, err
}

// BulkDestroy withdraws invitations, notifying the people when notify is true.
func (s *SessionAccessService) BulkDestroy(ctx context.Context, ids []ID, notify bool) ([]SessionAccessMembership, error) {
	body := struct {
		IDs    []ID `json:"ids"`
		Notify bool `json:"notify"`
	}{nonNil(ids), notify}
	var v []SessionAccessMembership
	err := s.client.do(ctx, request{method: "POST", path: sessionAccessPath + "/bulk_destroy", body: body}, &v)
	return v, err
}
