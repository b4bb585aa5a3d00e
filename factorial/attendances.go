package factorial

import (
	"context"
	"iter"
)

// AttendancesService reads and marks session attendance
// (trainings/session_attendances).
type AttendancesService service

const attendancesPath = "trainings/session_attendances"

// AttendanceListOptions filters Attendances.List, Iter and All.
type AttendanceListOptions struct {
	ListOptions
	SessionID                  ID   // session_id
	IDs                        []ID // ids[]
	SessionAccessMembershipIDs []ID // session_access_membership_ids[]
	AccessIDs                  []ID // access_ids[]
}

func (o *AttendanceListOptions) split() (ListOptions, query) {
	if o == nil {
		return ListOptions{}, nil
	}
	var q query
	q.id("session_id", o.SessionID)
	q.ids("ids", o.IDs)
	q.ids("session_access_membership_ids", o.SessionAccessMembershipIDs)
	q.ids("access_ids", o.AccessIDs)
	return o.ListOptions, q
}

func (s *AttendancesService) lister(opts *AttendanceListOptions) lister[SessionAttendance] {
	lo, q := opts.split()
	return newLister[SessionAttendance](s.client, attendancesPath, lo, q)
}

// List returns one page of session attendances. opts may be nil.
func (s *AttendancesService) List(ctx context.Context, opts *AttendanceListOptions) (*Page[SessionAttendance], error) {
	return s.lister(opts).list(ctx)
}

// Iter walks the session attendances lazily, one page request at a time.
func (s *AttendancesService) Iter(ctx context.Context, opts *AttendanceListOptions) iter.Seq2[SessionAttendance, error] {
	return s.lister(opts).iter(ctx)
}

// All returns every session attendance, fetching pages with bounded concurrency.
func (s *AttendancesService) All(ctx context.Context, opts *AttendanceListOptions) ([]SessionAttendance, error) {
	return s.lister(opts).all(ctx)
}

// Get returns one session attendance.
func (s *AttendancesService) Get(ctx context.Context, id ID) (*SessionAttendance, error) {
	var v SessionAttendance
	err := s.client.do(ctx, request{method: "GET", path: attendancesPath + "/" + id.String(), idempotent: true}, &v)
	return result(&v, err)
}

// AttendanceUpdate marks several attendances at once. Status completed sets
// the completed duration to the session's; CompletedDuration (decimal hours)
// alone needs the rows already completed. Nil fields are not sent.
type AttendanceUpdate struct {
	IDs               []ID                     `json:"ids"`
	Status            *SessionAttendanceStatus `json:"status,omitempty"`
	CompletedDuration *float64                 `json:"completed_duration,omitempty"`
}

// BulkUpdate marks attendances (POST bulk_update). It sets absolute values,
// so it is idempotent and retried like a PUT.
func (s *AttendancesService) BulkUpdate(ctx context.Context, u AttendanceUpdate) ([]SessionAttendance, error) {
	u.IDs = nonNil(u.IDs)
	var v []SessionAttendance
	err := s.client.do(ctx, request{method: "POST", path: attendancesPath + "/bulk_update", body: u, idempotent: true}, &v)
	return v, err
}
