package factorial

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// pagingServer serves total trainings (ids 1..total) with offset and cursor
// paging, after latency, and counts requests and the peak in flight.
type pagingServer struct {
	total    int
	latency  time.Duration
	noTotal  bool // omit meta.total
	failPage int  // answer this page with 500
	maxLimit int  // cap the page size below 100
	dupEvery int  // repeat the previous page's last record at the start of each page
	// together, when set, holds the requests for pages after the first
	// until that many of them are in flight at once (then lets all pass).
	together *barrier
	inflight atomic.Int32
	peak     atomic.Int32
	requests atomic.Int32
	mu       sync.Mutex
	pages    []int // pages asked for, in arrival order
}

func (s *pagingServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := s.inflight.Add(1)
	defer s.inflight.Add(-1)
	for {
		p := s.peak.Load()
		if n <= p || s.peak.CompareAndSwap(p, n) {
			break
		}
	}
	s.requests.Add(1)
	if b := s.together; b != nil && r.URL.Query().Get("page") != "1" {
		if !b.wait(r.Context()) {
			return
		}
	}
	if s.latency > 0 {
		select {
		case <-time.After(s.latency):
		case <-r.Context().Done():
			return
		}
	}
	q := r.URL.Query()
	limit, _ := strconv.Atoi(q.Get("limit"))
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	if s.maxLimit > 0 && limit > s.maxLimit {
		limit = s.maxLimit
	}
	page, _ := strconv.Atoi(q.Get("page"))
	start := 0 // index of the first record
	if c := q.Get("after_id"); c != "" {
		b, _ := base64.StdEncoding.DecodeString(c)
		start, _ = strconv.Atoi(string(b))
	} else if page > 1 {
		start = (page - 1) * limit
	}
	s.mu.Lock()
	s.pages = append(s.pages, max(page, 1))
	s.mu.Unlock()
	if page == s.failPage && s.failPage > 0 {
		writeJSON(w, 500, `{"error":{"code":"boom","message":"page failed"}}`)
		return
	}
	end := min(start+limit, s.total)
	var items []string
	if s.dupEvery > 0 && start > 0 && start < s.total {
		items = append(items, fmt.Sprintf(`{"id":%d,"name":"t%d"}`, start, start))
	}
	for i := start; i < end; i++ {
		items = append(items, fmt.Sprintf(`{"id":%d,"name":"t%d"}`, i+1, i+1))
	}
	total := strconv.Itoa(s.total)
	if s.noTotal {
		total = "null"
	}
	cur := func(i int) string { return base64.StdEncoding.EncodeToString([]byte(strconv.Itoa(i))) }
	writeJSON(w, 200, fmt.Sprintf(`{"data":[%s],"meta":{"limit":%d,"total":%s,"has_next_page":%t,"has_previous_page":%t,"start_cursor":%q,"end_cursor":%q}}`,
		strings.Join(items, ","), limit, total, end < s.total, start > 0, cur(start), cur(end)))
}

// barrier lets its waiters through once n of them wait at once.
type barrier struct {
	n       int
	mu      sync.Mutex
	waiting int
	full    chan struct{}
}

func newBarrier(n int) *barrier { return &barrier{n: n, full: make(chan struct{})} }

func (b *barrier) wait(ctx context.Context) bool {
	b.mu.Lock()
	if b.waiting++; b.waiting == b.n {
		close(b.full)
	}
	b.mu.Unlock()
	select {
	case <-b.full:
		return true
	case <-ctx.Done():
		return false
	}
}

// TestAllFetchesPagesConcurrently: once the first page gives the total, All
// asks for the further pages at once, up to its concurrency. The server
// answers none of them until four are in flight together, so pages fetched
// one at a time never complete; no timing is measured.
func TestAllFetchesPagesConcurrently(t *testing.T) {
	s := &pagingServer{total: 1000, together: newBarrier(4)}
	c := pagingClient(t, s, WithPrefetch(1), WithMaxConcurrency(4))
	// Only a broken All reaches this deadline: a working one answers at
	// once however slow the machine.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	got, err := c.Trainings.All(ctx, nil)
	if err != nil {
		t.Fatalf("pages after the first were not asked for four at a time: %v", err)
	}
	checkSequence(t, got, 1000)
	if p := s.peak.Load(); p > 4 {
		t.Errorf("peak in flight %d, want at most 4", p)
	}
}

func pagingClient(t testing.TB, s *pagingServer, opts ...Option) *Client {
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	c, err := NewClient(append([]Option{WithBaseURL(srv.URL), WithRetry(RetryPolicy{MaxAttempts: 1})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func checkSequence(t *testing.T, got []Training, want int) {
	t.Helper()
	if len(got) != want {
		t.Fatalf("got %d records, want %d", len(got), want)
	}
	for i, tr := range got {
		if tr.ID != ID(i+1) {
			t.Fatalf("record %d has id %d: out of order or duplicated", i, tr.ID)
		}
	}
}

func TestAll(t *testing.T) {
	cases := []struct {
		name        string
		srv         *pagingServer
		opts        *TrainingListOptions
		conc        int
		prefetch    int
		want        int
		maxRequests int
		wantPeakMax int
	}{
		{name: "2000 records in 20 pages", srv: &pagingServer{total: 2000, latency: 5 * time.Millisecond}, want: 2000, maxRequests: 20, wantPeakMax: 8},
		{name: "empty list", srv: &pagingServer{total: 0}, want: 0, maxRequests: DefaultPrefetch, wantPeakMax: 8},
		{name: "one short page wastes at most 3 requests", srv: &pagingServer{total: 7}, want: 7, maxRequests: DefaultPrefetch, wantPeakMax: 8},
		{name: "exactly two pages", srv: &pagingServer{total: 200}, want: 200, maxRequests: DefaultPrefetch, wantPeakMax: 8},
		{name: "small page size", srv: &pagingServer{total: 95, latency: time.Millisecond}, opts: &TrainingListOptions{ListOptions: ListOptions{Limit: 10}}, want: 95, maxRequests: 10 + DefaultPrefetch - 1, wantPeakMax: 8},
		{name: "concurrency 2", srv: &pagingServer{total: 1000, latency: 2 * time.Millisecond}, conc: 2, want: 1000, maxRequests: 10, wantPeakMax: 2},
		{name: "concurrency 1", srv: &pagingServer{total: 300}, conc: 1, want: 300, maxRequests: 3, wantPeakMax: 1},
		{name: "no total: falls back to has_next_page", srv: &pagingServer{total: 950, noTotal: true, latency: time.Millisecond}, want: 950, maxRequests: 10 + DefaultPrefetch, wantPeakMax: 8},
		{name: "overlapping pages are de-duplicated", srv: &pagingServer{total: 450, dupEvery: 1}, want: 450, maxRequests: 5 + DefaultPrefetch, wantPeakMax: 8},
		{name: "server caps the page size", srv: &pagingServer{total: 230, maxLimit: 50}, want: 230, maxRequests: 5 + DefaultPrefetch - 1, wantPeakMax: 8},
		{name: "prefetch 1: one short page costs one request", srv: &pagingServer{total: 7}, prefetch: 1, want: 7, maxRequests: 1, wantPeakMax: 1},
		{name: "prefetch 1: empty list costs one request", srv: &pagingServer{total: 0}, prefetch: 1, want: 0, maxRequests: 1, wantPeakMax: 1},
		{name: "prefetch 1: long list wastes nothing", srv: &pagingServer{total: 2000, latency: time.Millisecond}, prefetch: 1, want: 2000, maxRequests: 20, wantPeakMax: 8},
		{name: "cursor walks sequentially", srv: &pagingServer{total: 250}, opts: &TrainingListOptions{ListOptions: ListOptions{AfterID: base64.StdEncoding.EncodeToString([]byte("0"))}}, want: 250, maxRequests: 3, wantPeakMax: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var opts []Option
			if tc.conc > 0 {
				opts = append(opts, WithMaxConcurrency(tc.conc))
			}
			if tc.prefetch > 0 {
				opts = append(opts, WithPrefetch(tc.prefetch))
			}
			c := pagingClient(t, tc.srv, opts...)
			got, err := c.Trainings.All(context.Background(), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			checkSequence(t, got, tc.want)
			if n := int(tc.srv.requests.Load()); n > tc.maxRequests {
				t.Errorf("%d requests, want at most %d (pages %v)", n, tc.maxRequests, tc.srv.pages)
			}
			if p := int(tc.srv.peak.Load()); p > tc.wantPeakMax {
				t.Errorf("peak in flight %d, want at most %d", p, tc.wantPeakMax)
			}
		})
	}
}

// A prefetch hint asks for that many pages at once: a list of three pages
// read with prefetch 1 and the hint 3 is one round trip (three requests in
// flight together), and a hint past the end costs only empty pages.
func TestAllTakesAPrefetchHint(t *testing.T) {
	for _, tc := range []struct {
		name          string
		total, hint   int
		wantRequests  int
		wantPeak      int
		wantRoundTrip int
	}{
		{"no hint: page 1, then the rest", 300, 0, 3, 2, 2},
		{"the hint of its size: one round trip", 300, 3, 3, 3, 1},
		{"a hint too large: empty pages, one round trip", 300, 5, 5, 5, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &pagingServer{total: tc.total, latency: 20 * time.Millisecond}
			c := pagingClient(t, s, WithPrefetch(1), WithMaxConcurrency(32))
			var m Meter
			ctx := WithMeter(context.Background(), &m)
			if tc.hint > 0 {
				ctx = WithPrefetchHint(ctx, tc.hint)
			}
			got, err := c.Trainings.All(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			checkSequence(t, got, tc.total)
			if n, p, r := int(s.requests.Load()), int(s.peak.Load()), m.Read().Rounds; n != tc.wantRequests || p != tc.wantPeak || r != tc.wantRoundTrip {
				t.Errorf("requests %d, peak %d, rounds %d; want %d, %d, %d", n, p, r, tc.wantRequests, tc.wantPeak, tc.wantRoundTrip)
			}
		})
	}
}

func TestAllStartsAtGivenPage(t *testing.T) {
	s := &pagingServer{total: 500}
	c := pagingClient(t, s)
	got, err := c.Trainings.All(context.Background(), &TrainingListOptions{ListOptions: ListOptions{Page: 3}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 300 || got[0].ID != 201 || got[299].ID != 500 {
		t.Errorf("got %d records from %d", len(got), got[0].ID)
	}
}

func TestAllStopsOnFirstError(t *testing.T) {
	s := &pagingServer{total: 5000, failPage: 6, latency: 2 * time.Millisecond}
	c := pagingClient(t, s)
	got, err := c.Trainings.All(context.Background(), nil)
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != 500 || got != nil {
		t.Fatalf("got %d records, err %v", len(got), err)
	}
	// Pages after the failure were not all fetched: at most the ones already
	// in flight when page 6 failed.
	if n := s.requests.Load(); n >= 50 {
		t.Errorf("%d requests: All kept going after the error", n)
	}
}

func TestAllHonoursCancellation(t *testing.T) {
	s := &pagingServer{total: 5000, latency: 20 * time.Millisecond}
	c := pagingClient(t, s)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if _, err := c.Trainings.All(ctx, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v", err)
	}
}

func TestIter(t *testing.T) {
	s := &pagingServer{total: 250}
	c := pagingClient(t, s)
	var ids []ID
	for tr, err := range c.Trainings.Iter(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tr.ID)
	}
	if len(ids) != 250 || ids[249] != 250 || s.requests.Load() != 3 {
		t.Errorf("%d ids in %d requests", len(ids), s.requests.Load())
	}

	// Lazy: stopping after the first record makes one request.
	s2 := &pagingServer{total: 250}
	c2 := pagingClient(t, s2)
	for range c2.Trainings.Iter(context.Background(), nil) {
		break
	}
	if s2.requests.Load() != 1 {
		t.Errorf("%d requests after break, want 1", s2.requests.Load())
	}

	// Errors are yielded once, then the walk ends.
	s3 := &pagingServer{total: 250, failPage: 2}
	c3 := pagingClient(t, s3)
	var n, errs int
	for _, err := range c3.Trainings.Iter(context.Background(), nil) {
		if err != nil {
			errs++
			continue
		}
		n++
	}
	if n != 100 || errs != 1 {
		t.Errorf("%d records and %d errors, want 100 and 1", n, errs)
	}

	// A cursor walks by end_cursor.
	s4 := &pagingServer{total: 250}
	c4 := pagingClient(t, s4)
	n = 0
	for _, err := range c4.Trainings.Iter(context.Background(), &TrainingListOptions{ListOptions: ListOptions{AfterID: base64.StdEncoding.EncodeToString([]byte("50"))}}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 200 {
		t.Errorf("cursor walk: %d records, want 200", n)
	}
}

func TestSessionAccessNeedsSession(t *testing.T) {
	c, _ := NewClient()
	if _, err := c.SessionAccess.List(context.Background(), nil); !errors.Is(err, errSessionRequired) {
		t.Errorf("err = %v", err)
	}
	for _, err := range c.SessionAccess.Iter(context.Background(), &SessionAccessListOptions{}) {
		if !errors.Is(err, errSessionRequired) {
			t.Errorf("iter err = %v", err)
		}
	}
}

// BenchmarkAll walks 2,000 records (20 pages of 100) from a server that takes
// 50 ms per request, and reports the peak number of requests in flight.
func BenchmarkAll(b *testing.B) {
	s := &pagingServer{total: 2000, latency: 50 * time.Millisecond}
	c := pagingClient(b, s)
	var walls []time.Duration
	for b.Loop() {
		start := time.Now()
		got, err := c.Trainings.All(context.Background(), nil)
		walls = append(walls, time.Since(start))
		if err != nil || len(got) != 2000 {
			b.Fatalf("%d records, %v", len(got), err)
		}
	}
	slices.Sort(walls)
	b.ReportMetric(float64(walls[len(walls)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(s.peak.Load()), "peak-inflight")
	b.ReportMetric(float64(s.requests.Load())/float64(len(walls)), "requests/op")
}

// BenchmarkIterSequential is the baseline: the same 20 pages walked one at a time.
func BenchmarkIterSequential(b *testing.B) {
	s := &pagingServer{total: 2000, latency: 50 * time.Millisecond}
	c := pagingClient(b, s)
	for b.Loop() {
		n := 0
		for _, err := range c.Trainings.Iter(context.Background(), nil) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 2000 {
			b.Fatalf("%d records", n)
		}
	}
	b.ReportMetric(float64(s.peak.Load()), "peak-inflight")
}
