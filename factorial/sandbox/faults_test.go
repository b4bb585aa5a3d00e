package sandbox

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial"
)

func TestFaultLatency(t *testing.T) {
	h := newHarness(t)
	h.sb.SetFaults(Fault{Method: "GET", Path: "trainings/sessions", Latency: time.Second, Jitter: 30 * time.Millisecond})
	start := time.Now()
	h.ok("key", "GET", "trainings/sessions?limit=1", nil, 200, nil)
	if d := time.Since(start); d < time.Second {
		t.Fatalf("latency %v, want >= 1s", d)
	}
	start = time.Now()
	h.ok("key", "GET", "trainings/trainings?limit=1", nil, 200, nil)
	if d := time.Since(start); d >= 900*time.Millisecond {
		// A wide margin: only the injected second can explain this.
		t.Fatalf("unmatched route delayed %v", d)
	}
	h.sb.SetFaults()
	start = time.Now()
	h.ok("key", "GET", "trainings/sessions?limit=1", nil, 200, nil)
	if d := time.Since(start); d >= 900*time.Millisecond {
		t.Fatalf("faults not cleared: %v", d)
	}
}

func TestFaultErrorsAndRetryAfter(t *testing.T) {
	h := newHarness(t)
	h.sb.SetFaults(
		Fault{Method: "POST", Path: "trainings/*", Status: 503},
		Fault{Path: "trainings/training_memberships*", Status: 429, RetryAfter: 1500 * time.Millisecond},
	)
	h.fails("key", "POST", "trainings/categories", map[string]any{"name": "x", "company_id": CompanyID}, 503)
	if len(h.sb.Snapshot().Categories) != 9 {
		t.Fatal("a failed request still wrote")
	}
	h.ok("key", "GET", "trainings/categories", nil, 200, nil) // GET not matched by the POST fault
	st, _, hdr := h.do("key", "GET", "trainings/training_memberships/1", nil)
	if st != 429 || hdr.Get("Retry-After") != "2" {
		t.Fatalf("429 fault: %d Retry-After %q", st, hdr.Get("Retry-After"))
	}
	// an error rate: about half fail
	h.sb.SetFaults(Fault{Path: "employees/employees", ErrorRate: 0.5, Status: 500})
	fails := 0
	for i := 0; i < 200; i++ {
		if st, _, _ := h.do("key", "GET", "employees/employees?limit=1", nil); st == 500 {
			fails++
		} else if st != 200 {
			t.Fatalf("status %d", st)
		}
	}
	if fails < 60 || fails > 140 {
		t.Fatalf("%d of 200 failed at rate 0.5", fails)
	}
}

func TestFaultDrop(t *testing.T) {
	h := newHarness(t)
	h.sb.SetFaults(Fault{Path: "trainings/trainings", Drop: true})
	req, _ := http.NewRequest("GET", h.srv.URL+apiBase+"trainings/trainings", nil)
	req.Header.Set("x-api-key", h.sb.APIKey())
	resp, err := h.srv.Client().Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("dropped connection answered %d", resp.StatusCode)
	}
	recs := h.sb.Requests()
	if last := recs[len(recs)-1]; last.Status != -1 || last.Path != "/api/2026-04-01/resources/trainings/trainings" {
		t.Fatalf("drop recorded as %+v", last)
	}
	h.ok("key", "GET", "trainings/categories", nil, 200, nil)
}

// TestFaultAppliedThenFailed: an Applied fault makes the write and then
// loses its answer, as a 502, a 500 or a dropped connection.
func TestFaultAppliedThenFailed(t *testing.T) {
	for _, f := range []Fault{{Status: 502}, {Status: 500}, {Drop: true}} {
		h := newHarness(t)
		before := len(h.sb.Snapshot().Categories)
		f.Method, f.Path, f.Applied = "POST", "trainings/categories", true
		h.sb.SetFaults(f)
		req, _ := http.NewRequest("POST", h.srv.URL+apiBase+"trainings/categories",
			strings.NewReader(`{"name":"Stored anyway","company_id":`+CompanyID.String()+`}`))
		req.Header.Set("x-api-key", h.sb.APIKey())
		req.Header.Set("Content-Type", "application/json")
		resp, err := h.srv.Client().Do(req)
		switch {
		case f.Drop && err == nil:
			resp.Body.Close()
			t.Fatalf("dropped connection answered %d", resp.StatusCode)
		case !f.Drop && err != nil:
			t.Fatal(err)
		case !f.Drop:
			resp.Body.Close()
			if resp.StatusCode != f.Status {
				t.Fatalf("%+v: answered %d", f, resp.StatusCode)
			}
		}
		if n := len(h.sb.Snapshot().Categories); n != before+1 {
			t.Errorf("%+v: %d categories, want the one created despite the failure", f, n-before)
		}
		if last := h.sb.Requests()[len(h.sb.Requests())-1]; f.Drop && last.Status != -1 || !f.Drop && last.Status != f.Status {
			t.Errorf("%+v: recorded as %d", f, last.Status)
		}
	}
}

func TestRateLimitPerToken(t *testing.T) {
	h := newHarness(t)
	h.sb.SetRateLimit(5)
	for i := 0; i < 5; i++ {
		h.ok(PersonaTrainer, "GET", "trainings/categories", nil, 200, nil)
	}
	st, b, hdr := h.do(PersonaTrainer, "GET", "trainings/categories", nil)
	if st != 429 || hdr.Get("Retry-After") != "60" || !bytes.Contains(b, []byte("too_many_requests")) {
		t.Fatalf("6th request: %d Retry-After %q %s", st, hdr.Get("Retry-After"), b)
	}
	// another token has its own window
	h.ok(PersonaEmployee, "GET", "trainings/categories", nil, 200, nil)
	h.clock.Advance(45 * time.Second)
	if _, _, hdr := h.do(PersonaTrainer, "GET", "trainings/categories", nil); hdr.Get("Retry-After") != "15" {
		t.Fatalf("Retry-After after 45s: %q", hdr.Get("Retry-After"))
	}
	h.clock.Advance(16 * time.Second)
	h.ok(PersonaTrainer, "GET", "trainings/categories", nil, 200, nil)
	h.sb.SetRateLimit(0)
	for i := 0; i < 10; i++ {
		h.ok(PersonaTrainer, "GET", "trainings/categories", nil, 200, nil)
	}
}

func TestRequestLogAndSnapshot(t *testing.T) {
	h := newHarness(t)
	h.sb.ResetRequests()
	h.ok(PersonaHRAdmin, "POST", "trainings/categories", map[string]any{"name": "Robotics", "company_id": CompanyID}, 201, nil)
	h.fails(PersonaEmployee, "DELETE", "trainings/trainings/1?notify=false", nil, 403)
	recs := h.sb.Requests()
	if len(recs) != 2 {
		t.Fatalf("%d records", len(recs))
	}
	if r := recs[0]; r.Method != "POST" || r.Path != "/api/2026-04-01/resources/trainings/categories" || r.Status != 201 || r.Persona != PersonaHRAdmin || !strings.Contains(r.Body, "Robotics") {
		t.Fatalf("record %+v", r)
	}
	if r := recs[1]; r.Status != 403 || r.Persona != PersonaEmployee || r.Query != "notify=false" {
		t.Fatalf("record %+v", r)
	}
	snap := h.sb.Snapshot()
	if snap.Categories[len(snap.Categories)-1].Name != "Robotics" {
		t.Fatal("snapshot lacks the new category")
	}
	// the snapshot is a copy
	snap.Trainings[0].Name = "changed"
	snap.Trainings[0].CategoryIDs[0] = 99
	if again := h.sb.Snapshot(); again.Trainings[0].Name == "changed" || again.Trainings[0].CategoryIDs[0] == 99 {
		t.Fatal("snapshot shares memory with the sandbox")
	}
	h.sb.ResetRequests()
	if len(h.sb.Requests()) != 0 {
		t.Fatal("reset")
	}
}

func TestDeterministicAndAnchored(t *testing.T) {
	a := Generate(7, testNow, ProfileDemo)
	b := Generate(7, testNow, ProfileDemo)
	c := Generate(8, testNow, ProfileDemo)
	if a.Employees[42].FullName != b.Employees[42].FullName || len(a.SessionAttendances) != len(b.SessionAttendances) {
		t.Fatal("same seed, different data")
	}
	same := 0
	for i := range a.Employees {
		if a.Employees[i].FullName == c.Employees[i].FullName {
			same++
		}
	}
	if same > len(a.Employees)/2 {
		t.Fatal("different seeds give the same people")
	}
	later := testNow.AddDate(0, 5, 0)
	d := Generate(7, later, ProfileDemo)
	first, last := *d.Sessions[0].StartsAt, *d.Sessions[0].StartsAt
	for _, x := range d.Sessions {
		if x.StartsAt == nil {
			continue
		}
		if x.StartsAt.Before(first) {
			first = *x.StartsAt
		}
		if x.StartsAt.After(last) {
			last = *x.StartsAt
		}
	}
	if later.Sub(first) > 92*24*time.Hour || later.Sub(first) < 80*24*time.Hour || last.Sub(later) > 92*24*time.Hour || last.Sub(later) < 80*24*time.Hour {
		t.Fatalf("sessions from %v to %v, not ±3 months around %v", first, last, later)
	}
	// statuses fit dates
	sessions := map[factorial.ID]factorial.Session{}
	for _, x := range a.Sessions {
		sessions[x.ID] = x
	}
	acc := map[factorial.ID]factorial.SessionAccessMembership{}
	for _, x := range a.SessionAccessMemberships {
		acc[x.ID] = x
	}
	kinds := map[factorial.SessionAttendanceStatus]int{}
	for _, att := range a.SessionAttendances {
		x := sessions[acc[att.SessionAccessMembershipID].SessionID]
		kinds[att.Status]++
		if x.StartsAt != nil && x.StartsAt.After(testNow) && att.Status != factorial.AttendancePending {
			t.Fatalf("future session %d has a %s attendance", x.ID, att.Status)
		}
		if x.EndsAt != nil && x.EndsAt.Before(testNow) && (att.Status == factorial.AttendancePending || att.Status == factorial.AttendanceInProgress) {
			t.Fatalf("past session %d has a %s attendance", x.ID, att.Status)
		}
		if (att.Status == factorial.AttendanceCompleted) != (att.CompletedDuration != nil) {
			t.Fatalf("attendance %+v: completed_duration and status disagree", att)
		}
	}
	if kinds[factorial.AttendanceCompleted] == 0 || kinds[factorial.AttendanceMissing] == 0 || kinds[factorial.AttendancePending] == 0 {
		t.Fatalf("attendance statuses %v", kinds)
	}
	// variety of the demo data
	var mandatory, external, subsidised, drafts, selfpaced, series int
	mods := map[factorial.SessionModality]bool{}
	for _, tr := range a.Trainings {
		if tr.IsMandatory && tr.ValidFor != nil {
			mandatory++
		}
		if tr.External {
			external++
		}
		if tr.Subsidized {
			subsidised++
		}
		if *tr.Status == factorial.TrainingDraft {
			drafts++
		}
	}
	for _, x := range a.Sessions {
		mods[*x.Modality] = true
		if *x.Schedule == factorial.ScheduleSelfPaced {
			selfpaced++
		}
		if x.ParentID != nil {
			series++
		}
	}
	if mandatory < 5 || external < 5 || subsidised < 3 || drafts < 3 || selfpaced < 5 || series < 5 || len(mods) != 3 ||
		len(a.Categories) < 8 || len(a.Trainings) < 55 || len(a.Sessions) < 300 || len(a.Employees) != 250 {
		t.Fatalf("mandatory %d external %d subsidised %d drafts %d selfpaced %d series %d modalities %d categories %d trainings %d sessions %d",
			mandatory, external, subsidised, drafts, selfpaced, series, len(mods), len(a.Categories), len(a.Trainings), len(a.Sessions))
	}
}

func TestLargeProfile(t *testing.T) {
	if testing.Short() {
		t.Skip("large profile in -short mode")
	}
	start := time.Now()
	sb := New(WithProfile(ProfileLarge), WithClock(func() time.Time { return testNow }))
	took := time.Since(start)
	st := sb.Snapshot()
	t.Logf("large profile: %d trainings, %d memberships, %d sessions, %d attendances in %v", len(st.Trainings), len(st.TrainingMemberships), len(st.Sessions), len(st.SessionAttendances), took)
	if len(st.Trainings) != 10000 || len(st.TrainingMemberships) < 95000 || len(st.TrainingMemberships) > 110000 {
		t.Fatalf("large profile: %d trainings, %d memberships", len(st.Trainings), len(st.TrainingMemberships))
	}
	// BenchmarkGenerateLarge measures it; this only catches a gross regression (also under -race)
	if took > 20*time.Second {
		t.Fatalf("generating the large profile took %v", took)
	}
}

func TestCommandServesAndSavesState(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "state.json")
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan error, 1)
	env := map[string]string{"SANDBOX_API_KEY": "k-123"}
	go func() {
		done <- Main(ctx, []string{"-addr", "127.0.0.1:0", "-seed", "3", "-state", file}, func(k string) string { return env[k] }, &out)
	}()
	// Wait for the banner as long as it takes (a loaded machine is slow
	// to generate the data), unless Main ends first.
	var base string
	for base == "" {
		select {
		case err := <-done:
			t.Fatalf("Main ended before its banner: %v; output %q", err, out.String())
		case <-time.After(10 * time.Millisecond):
		}
		if s := out.String(); strings.Contains(s, "Personas:") {
			base = strings.Fields(strings.SplitN(s, "\n", 2)[0])[3]
		}
	}
	for _, want := range []string{"k-123", "hr-admin", "trainer", "manager", "employee", "/oauth/authorize"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("banner lacks %s: %s", want, out.String())
		}
	}
	req, _ := http.NewRequest("POST", base+apiBase+"trainings/categories", strings.NewReader(`{"name":"Saved","company_id":4021}`))
	req.Header.Set("x-api-key", "k-123")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 201 {
		t.Fatalf("create: %v %v", err, resp)
	}
	resp.Body.Close()
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	st, err := LoadState(file)
	if err != nil {
		t.Fatal(err)
	}
	if st.Categories[len(st.Categories)-1].Name != "Saved" {
		t.Fatal("state file lacks the new category")
	}
	// loading it back serves the same data
	sb := New(WithState(st))
	again := sb.Snapshot()
	if len(again.SessionAttendances) != len(st.SessionAttendances) || again.Personas[PersonaTrainer] != st.Personas[PersonaTrainer] ||
		len(again.Sessions[0].SessionAttendanceIDs) != len(st.Sessions[0].SessionAttendanceIDs) {
		t.Fatal("state did not round-trip")
	}
	if _, err := os.Stat(file); err != nil {
		t.Fatal(err)
	}
	if err := Main(context.Background(), []string{"-profile", "huge"}, func(string) string { return "" }, &out); err == nil {
		t.Fatal("unknown profile accepted")
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }
