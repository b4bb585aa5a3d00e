package factorial_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
)

// The contract suite runs the client against the sandbox emulator, mounted
// under a path prefix as Aula mounts it.

var contractNow = time.Date(2026, 11, 25, 10, 30, 0, 0, time.UTC)

type contract struct {
	sb   *sandbox.Sandbox
	srv  *httptest.Server
	base string
}

func newContract(t *testing.T, opts ...sandbox.Option) *contract {
	t.Helper()
	sb := sandbox.New(append([]sandbox.Option{sandbox.WithClock(func() time.Time { return contractNow })}, opts...)...)
	mux := http.NewServeMux()
	mux.Handle("/sandbox/", http.StripPrefix("/sandbox", sb))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &contract{sb: sb, srv: srv, base: srv.URL + "/sandbox"}
}

// client returns a client acting as who: "key" for the API key, else a persona.
func (c *contract) client(t *testing.T, who string, opts ...factorial.Option) *factorial.Client {
	t.Helper()
	auth := factorial.WithAPIKey(c.sb.APIKey())
	if who != "key" {
		access, _, err := c.sb.IssueToken(who)
		if err != nil {
			t.Fatal(err)
		}
		auth = factorial.WithBearerToken(access)
	}
	fast := factorial.WithRetry(factorial.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond, MaxRetryAfter: 2 * time.Second})
	cl, err := factorial.NewClient(append([]factorial.Option{factorial.WithBaseURL(c.base), auth, fast}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

func TestContractReads(t *testing.T) {
	c := newContract(t)
	cl := c.client(t, "key")
	ctx := context.Background()
	st := c.sb.Snapshot()

	me, err := cl.Credentials.Me(ctx)
	if err != nil || me.CompanyID != st.CompanyID {
		t.Fatalf("Me = %+v, %v", me, err)
	}

	// All, with small pages so that it fans out, equals the snapshot.
	trainings, err := cl.Trainings.All(ctx, &factorial.TrainingListOptions{ListOptions: factorial.ListOptions{Limit: 3}})
	if err != nil {
		t.Fatal(err)
	}
	var want []factorial.ID
	for _, tr := range st.Trainings {
		if tr.Status == nil || *tr.Status != factorial.TrainingDeleted {
			want = append(want, tr.ID)
		}
	}
	if got := ids(trainings, func(t factorial.Training) factorial.ID { return t.ID }); !slices.Equal(got, want) {
		t.Errorf("All trainings = %v\nsnapshot      = %v", got, want)
	}
	page, err := cl.Trainings.List(ctx, &factorial.TrainingListOptions{ListOptions: factorial.ListOptions{Limit: 2}})
	if err != nil || len(page.Data) != min(2, len(want)) || page.Meta.Total != len(want) || page.Meta.HasNextPage != (len(want) > 2) {
		t.Errorf("List = %+v, %v", page, err)
	}
	if len(trainings) > 0 {
		tr, err := cl.Trainings.Get(ctx, trainings[0].ID)
		if err != nil || tr.Name != trainings[0].Name {
			t.Errorf("Get = %+v, %v", tr, err)
		}
	}

	// Iter by cursor visits the same memberships as All by page.
	all, err := cl.Memberships.All(ctx, &factorial.MembershipListOptions{ListOptions: factorial.ListOptions{Limit: 25}})
	if err != nil {
		t.Fatal(err)
	}
	var walked []factorial.ID
	for m, err := range cl.Memberships.Iter(ctx, &factorial.MembershipListOptions{ListOptions: factorial.ListOptions{Limit: 40, AfterID: sandbox.EncodeCursor(0)}}) {
		if err != nil {
			t.Fatal(err)
		}
		walked = append(walked, m.ID)
	}
	if len(all) != len(st.TrainingMemberships) || !slices.Equal(walked, ids(all, func(m factorial.TrainingMembership) factorial.ID { return m.ID })) {
		t.Errorf("memberships: All %d, cursor walk %d, snapshot %d", len(all), len(walked), len(st.TrainingMemberships))
	}

	sessions, err := cl.Sessions.All(ctx, nil)
	if err != nil || len(sessions) != len(st.Sessions) {
		t.Fatalf("sessions: %d, %v; snapshot %d", len(sessions), err, len(st.Sessions))
	}
	for _, s := range sessions {
		if s.Duration == nil {
			t.Errorf("session %d has no duration", s.ID)
		}
	}
	// Attendance of one session, through the session_id filter.
	s := sessions[0]
	att, err := cl.Attendances.All(ctx, &factorial.AttendanceListOptions{SessionID: s.ID})
	if err != nil {
		t.Fatal(err)
	}
	access, err := cl.SessionAccess.All(ctx, &factorial.SessionAccessListOptions{SessionID: s.ID})
	if err != nil || len(access) != len(att) {
		t.Errorf("session %d: %d invitations, %d attendances, %v", s.ID, len(access), len(att), err)
	}

	for _, call := range []func() error{
		func() error { _, err := cl.Categories.All(ctx, nil); return err },
		func() error { _, err := cl.Classes.All(ctx, nil); return err },
		func() error {
			_, err := cl.Employees.All(ctx, &factorial.EmployeeListOptions{OnlyActive: factorial.Bool(true)})
			return err
		},
	} {
		if err := call(); err != nil {
			t.Error(err)
		}
	}
	emps, _ := cl.Employees.All(ctx, nil)
	if len(emps) != len(st.Employees) {
		t.Errorf("employees %d, snapshot %d", len(emps), len(st.Employees))
	}
}

func TestContractWrites(t *testing.T) {
	c := newContract(t)
	cl := c.client(t, "key")
	ctx := context.Background()
	st := c.sb.Snapshot()

	cat, err := cl.Categories.Create(ctx, "Contract tests", st.CompanyID)
	if err != nil || cat.Name != "Contract tests" {
		t.Fatalf("category create: %+v, %v", cat, err)
	}
	tr, err := cl.Trainings.Create(ctx, &factorial.TrainingRequest{Name: "Contract", Description: "by the client", Year: 2026,
		CategoryIDs: []factorial.ID{cat.ID}, Cost: factorial.Int64(12345), ValidFor: factorial.Int(2), IsMandatory: factorial.Bool(true)})
	if err != nil || tr.Name != "Contract" || !tr.IsMandatory || tr.Cost != 12345 || !slices.Contains(tr.CategoryIDs, cat.ID) {
		t.Fatalf("training create: %+v, %v", tr, err)
	}
	tr, err = cl.Trainings.Update(ctx, tr.ID, &factorial.TrainingRequest{Name: "Contract 2", Description: "changed", Year: 2027})
	if err != nil || tr.Name != "Contract 2" || tr.Year != 2027 {
		t.Fatalf("training update: %+v, %v", tr, err)
	}
	if tr, err = cl.Trainings.UpdateStatus(ctx, tr.ID, factorial.TrainingActive, false); err != nil || *tr.Status != factorial.TrainingActive {
		t.Fatalf("update status: %+v, %v", tr, err)
	}
	if ts, err := cl.Trainings.BulkUpdateCatalog(ctx, []factorial.ID{tr.ID}, true); err != nil || len(ts) != 1 || !ts[0].Catalog {
		t.Fatalf("bulk catalog: %+v, %v", ts, err)
	}

	class, err := cl.Classes.Create(ctx, &factorial.TrainingClassRequest{TrainingID: tr.ID, CompanyID: st.CompanyID, Name: factorial.String("Group A"),
		StartDate: factorial.DateOf(contractNow), EndDate: factorial.DateOf(contractNow).AddDays(7),
		Cost: "100.00", SubsidizedCost: "10.00", IndirectCost: "5.00", SalaryCost: "0", PaymentStatus: factorial.PaymentPending})
	if err != nil || class.TrainingID != tr.ID {
		t.Fatalf("class create: %+v, %v", class, err)
	}
	if class, err = cl.Classes.Update(ctx, class.ID, &factorial.TrainingClassRequest{Cost: "200.00", SubsidizedCost: "0", IndirectCost: "0", SalaryCost: "0",
		PaymentStatus: factorial.PaymentPaid}); err != nil || *class.PaymentStatus != factorial.PaymentPaid {
		t.Fatalf("class update: %+v, %v", class, err)
	}
	if got, err := cl.Classes.Get(ctx, class.ID); err != nil || got.ID != class.ID {
		t.Fatalf("class get: %+v, %v", got, err)
	}

	start := contractNow.Add(48 * time.Hour).Truncate(time.Hour)
	sreq := &factorial.SessionRequest{Name: "Kick-off", TrainingID: tr.ID, TrainingClassID: &class.ID,
		StartsAt: &start, EndsAt: factorial.Time(start.Add(90 * time.Minute)), Duration: &factorial.Duration{Hours: 1, Minutes: 30},
		Modality: factorial.Ptr(factorial.ModalityOnline), Schedule: factorial.Ptr(factorial.ScheduleScheduled), Link: factorial.String("https://meet.example/k")}
	sess, err := cl.Sessions.Create(ctx, sreq)
	if err != nil || sess.TrainingID != tr.ID || sess.Duration == nil || sess.Duration.TotalMinutes() != 90 {
		t.Fatalf("session create: %+v, %v", sess, err)
	}
	// The sandbox's PUT replaces the session: send every field.
	sreq.Location = factorial.String("Room 9")
	if sess, err = cl.Sessions.Update(ctx, sess.ID, sreq); err != nil || sess.Location == nil || *sess.Location != "Room 9" {
		t.Fatalf("session update: %+v, %v", sess, err)
	}

	emp := st.Employees[0].ID
	inv, err := cl.SessionAccess.BulkCreate(ctx, factorial.SessionAccessBulkCreate{SessionID: sess.ID, EmployeeIDs: []factorial.ID{emp}})
	if err != nil || len(inv) != 1 || inv[0].SessionID != sess.ID {
		t.Fatalf("access bulk create: %+v, %v", inv, err)
	}
	att, err := cl.Attendances.List(ctx, &factorial.AttendanceListOptions{SessionID: sess.ID})
	if err != nil || len(att.Data) != 1 || att.Data[0].Status != factorial.AttendancePending || att.Data[0].SessionAccessMembershipID != inv[0].ID {
		t.Fatalf("attendance after invite: %+v, %v", att, err)
	}
	marked, err := cl.Attendances.BulkUpdate(ctx, factorial.AttendanceUpdate{IDs: []factorial.ID{att.Data[0].ID}, Status: factorial.Ptr(factorial.AttendanceCompleted)})
	if err != nil || len(marked) != 1 || marked[0].CompletedDuration == nil || *marked[0].CompletedDuration != 1.5 {
		t.Fatalf("attendance completed: %+v, %v", marked, err)
	}
	if got, err := cl.Attendances.Get(ctx, att.Data[0].ID); err != nil || got.Status != factorial.AttendanceCompleted {
		t.Fatalf("attendance get: %+v, %v", got, err)
	}
	if _, err := cl.SessionAccess.BulkDestroy(ctx, []factorial.ID{inv[0].ID}, false); err != nil {
		t.Fatalf("access bulk destroy: %v", err)
	}

	ms, err := cl.Memberships.BulkCreate(ctx, tr.ID, []factorial.ID{st.Employees[0].ID, st.Employees[1].ID})
	if err != nil || len(ms) != 2 {
		t.Fatalf("membership bulk create: %+v, %v", ms, err)
	}
	done := factorial.DateOf(contractNow)
	if m, err := cl.Memberships.Update(ctx, ms[0].ID, &done); err != nil || m.TrainingCompletedAt == nil || *m.TrainingCompletedAt != done {
		t.Fatalf("membership update: %+v, %v", m, err)
	}
	if m, err := cl.Memberships.Update(ctx, ms[0].ID, nil); err != nil || m.TrainingCompletedAt != nil {
		t.Fatalf("membership clear: %+v, %v", m, err)
	}
	// all=true removes every membership of the training except the listed one.
	if _, err := cl.Memberships.BulkDestroy(ctx, factorial.MembershipBulkDestroy{IDs: []factorial.ID{ms[0].ID}, TrainingID: tr.ID, All: true}); err != nil {
		t.Fatal(err)
	}
	left, err := cl.Memberships.All(ctx, &factorial.MembershipListOptions{TrainingID: tr.ID})
	if err != nil || len(left) != 1 || left[0].ID != ms[0].ID {
		t.Fatalf("after bulk destroy all: %+v, %v", left, err)
	}

	if _, err := cl.Sessions.Delete(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := cl.Sessions.Get(ctx, sess.ID); !errors.Is(err, factorial.ErrNotFound) {
		t.Errorf("deleted session: %v", err)
	}
	if _, err := cl.Classes.Delete(ctx, class.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := cl.Trainings.Delete(ctx, tr.ID); err != nil {
		t.Fatal(err)
	}
	other, err := cl.Trainings.Create(ctx, &factorial.TrainingRequest{Name: "Tmp", Description: "x", Year: 2026})
	if err != nil {
		t.Fatal(err)
	}
	if ts, err := cl.Trainings.BulkDelete(ctx, []factorial.ID{other.ID}); err != nil || len(ts) != 1 {
		t.Fatalf("bulk delete: %+v, %v", ts, err)
	}
	if _, err := cl.Categories.Delete(ctx, cat.ID); err != nil {
		t.Fatal(err)
	}
}

func TestContractErrors(t *testing.T) {
	c := newContract(t)
	ctx := context.Background()
	key := c.client(t, "key")

	if _, err := key.Trainings.Get(ctx, 999999); !errors.Is(err, factorial.ErrNotFound) {
		t.Errorf("missing training: %v", err)
	}
	employee := c.client(t, sandbox.PersonaEmployee)
	if _, err := employee.Trainings.Create(ctx, &factorial.TrainingRequest{Name: "x", Description: "x", Year: 2026}); !errors.Is(err, factorial.ErrForbidden) {
		t.Errorf("employee create: %v", err)
	}
	bad, _ := factorial.NewClient(factorial.WithBaseURL(c.base), factorial.WithBearerToken("sbx_at_not-a-token"))
	if _, err := bad.Credentials.Me(ctx); !errors.Is(err, factorial.ErrUnauthorized) || strings.Contains(err.Error(), "not-a-token") {
		t.Errorf("bad token: %v", err)
	}
	if _, err := key.Trainings.Create(ctx, &factorial.TrainingRequest{Description: "no name", Year: 2026}); !errors.Is(err, factorial.ErrValidation) {
		t.Errorf("invalid create: %v", err)
	}
	if _, err := key.SessionAccess.List(ctx, nil); err == nil {
		t.Error("session access without session id accepted")
	}

	// A GET against a failing server is retried; a create is not.
	c.sb.SetFaults(sandbox.Fault{Path: "trainings/*", Status: 503})
	c.sb.ResetRequests()
	var e *factorial.Error
	if _, err := key.Trainings.List(ctx, nil); !errors.As(err, &e) || e.StatusCode != 503 {
		t.Errorf("503 list: %v", err)
	}
	if n := len(c.sb.Requests()); n != 3 {
		t.Errorf("503 GET made %d requests, want 3 attempts", n)
	}
	c.sb.ResetRequests()
	_, _ = key.Trainings.Create(ctx, &factorial.TrainingRequest{Name: "x", Description: "x", Year: 2026})
	if n := len(c.sb.Requests()); n != 1 {
		t.Errorf("503 create made %d requests, want 1", n)
	}
	// A dropped connection is retried for a GET.
	c.sb.SetFaults(sandbox.Fault{Method: "GET", Path: "trainings/*", Drop: true})
	c.sb.ResetRequests()
	// (net/http itself may resend a GET once on a reused connection.)
	if _, err := key.Trainings.List(ctx, nil); err == nil || len(c.sb.Requests()) < 3 || len(c.sb.Requests()) > 6 {
		t.Errorf("dropped: %v after %d requests, want 3 client attempts", err, len(c.sb.Requests()))
	}
	c.sb.SetFaults()

	// The rate limit answers 429 with Retry-After; a create is not retried.
	c.sb.SetRateLimit(1)
	_, _ = key.Categories.Create(ctx, "one", c.sb.Snapshot().CompanyID)
	_, err := key.Categories.Create(ctx, "two", c.sb.Snapshot().CompanyID)
	var rl *factorial.RateLimitError
	if !errors.As(err, &rl) || !errors.Is(err, factorial.ErrRateLimited) || rl.RetryAfter <= 0 {
		t.Errorf("rate limited: %v", err)
	}
}

func TestContractOAuth(t *testing.T) {
	c := newContract(t)
	ctx := context.Background()
	id, secret := c.sb.OAuthClient()
	cfg := factorial.OAuthConfig{BaseURL: c.base, ClientID: id, ClientSecret: secret, RedirectURL: "http://aula.test/callback"}
	_, refresh, err := c.sb.IssueToken(sandbox.PersonaTrainer)
	if err != nil {
		t.Fatal(err)
	}
	var saved []*oauth2.Token
	expired := &oauth2.Token{AccessToken: "expired", RefreshToken: refresh, Expiry: time.Now().Add(-time.Hour)}
	ts := factorial.NewRotatingTokenSource(ctx, cfg, expired, func(_ context.Context, t *oauth2.Token) error { saved = append(saved, t); return nil })
	cl, err := factorial.NewClient(factorial.WithBaseURL(c.base), factorial.WithTokenSource(ts))
	if err != nil {
		t.Fatal(err)
	}
	me, err := cl.Credentials.Me(ctx)
	if err != nil || me.EmployeeID == nil {
		t.Fatalf("Me as trainer: %+v, %v", me, err)
	}
	if len(saved) != 1 || saved[0].RefreshToken == refresh {
		t.Errorf("saved %d tokens; rotated refresh token: %v", len(saved), len(saved) == 1 && saved[0].RefreshToken != refresh)
	}
	// The spent refresh token is refused.
	if _, err := cfg.Refresh(ctx, refresh); !errors.Is(err, factorial.ErrUnauthorized) {
		t.Errorf("reused refresh token: %v", err)
	}
}

func ids[T any](xs []T, id func(T) factorial.ID) []factorial.ID {
	out := make([]factorial.ID, len(xs))
	for i, x := range xs {
		out[i] = id(x)
	}
	return out
}

// Count reads how many memberships a filter matches from one one-record
// page: the same number as fetching them all, in one request.
func TestContractCountMemberships(t *testing.T) {
	c := newContract(t)
	ctx := context.Background()
	m := &factorial.Meter{}
	ctx = factorial.WithMeter(ctx, m)
	cl := c.client(t, "key")
	for _, opts := range []*factorial.MembershipListOptions{
		{}, {DueDate: factorial.DueOverdue}, {Status: factorial.Completed}, {TrainingID: 1}, {EmployeeID: 5, DueDate: factorial.DueNoDueDate},
	} {
		before := m.Read().Calls
		n, err := cl.Memberships.Count(ctx, opts)
		if err != nil {
			t.Fatal(err)
		}
		if calls := m.Read().Calls - before; calls != 1 {
			t.Errorf("%+v: Count made %d calls, want 1", opts, calls)
		}
		all, err := cl.Memberships.All(ctx, opts)
		if err != nil {
			t.Fatal(err)
		}
		if n != len(all) {
			t.Errorf("%+v: Count = %d, All has %d", opts, n, len(all))
		}
	}
}
