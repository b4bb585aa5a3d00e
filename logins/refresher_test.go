package logins

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/aula-hr/aula/factorial"
	"golang.org/x/oauth2"
)

// rotatingEndpoint is a fake OAuth token endpoint that rotates refresh
// tokens: each refresh token works once; reusing it is refused.
type rotatingEndpoint struct {
	latency time.Duration

	mu        sync.Mutex
	valid     string // the one refresh token currently accepted
	n         int
	successes atomic.Int32
	failures  atomic.Int32
	calls     atomic.Int32
}

func (e *rotatingEndpoint) Refresh(ctx context.Context, rt string) (*oauth2.Token, error) {
	e.calls.Add(1)
	time.Sleep(e.latency)
	e.mu.Lock()
	defer e.mu.Unlock()
	if rt != e.valid {
		e.failures.Add(1)
		return nil, errors.New(`oauth2: "invalid_grant" refresh token already used`)
	}
	e.n++
	e.valid = fmt.Sprintf("refresh-%d-%s", e.n, NewID())
	e.successes.Add(1)
	return &oauth2.Token{AccessToken: fmt.Sprintf("access-%d", e.n), RefreshToken: e.valid, Expiry: time.Now().Add(time.Hour)}, nil
}

// expiredLogin creates a login whose OAuth token expired a minute ago.
func expiredLogin(t *testing.T, s Store, refresh string) *Login {
	t.Helper()
	l := &Login{EmployeeID: 1, CompanyID: 1, Name: "Trainer", Role: "trainer",
		Token: Token{AccessToken: "access-0", RefreshToken: refresh, Expiry: time.Now().Add(-time.Minute), Kind: KindOAuth}}
	if err := s.Create(context.Background(), l); err != nil {
		t.Fatal(err)
	}
	return l
}

func TestRefresherFreshTokenNoRefresh(t *testing.T) {
	s := NewMemoryStore(testCipher(t))
	var calls atomic.Int32
	r := &Refresher{Store: s, Refresh: func(context.Context, string) (*oauth2.Token, error) {
		calls.Add(1)
		return nil, errors.New("must not be called")
	}}
	ctx := context.Background()
	for _, tok := range []Token{
		{AccessToken: "oauth-fresh", RefreshToken: "r", Expiry: time.Now().Add(time.Hour), Kind: KindOAuth},
		{AccessToken: "bearer", Kind: KindBearer},
		{AccessToken: "apikey", Kind: KindAPIKey},
	} {
		l := &Login{Name: "x", Token: tok}
		if err := s.Create(ctx, l); err != nil {
			t.Fatal(err)
		}
		got, nl, err := r.AccessToken(ctx, l)
		if err != nil || got != tok.AccessToken || nl != l {
			t.Fatalf("%s: got %q %v", tok.Kind, got, err)
		}
	}
	if calls.Load() != 0 {
		t.Fatalf("refresh called %d times for fresh tokens", calls.Load())
	}
}

func TestRefresherCannotRefresh(t *testing.T) {
	s := NewMemoryStore(testCipher(t))
	r := &Refresher{Store: s, Refresh: (&rotatingEndpoint{valid: "r"}).Refresh}
	ctx := context.Background()
	// An expired bearer token (pasted access token) cannot be refreshed.
	l := &Login{Name: "x", Token: Token{AccessToken: "b", Expiry: time.Now().Add(-time.Second), Kind: KindBearer}}
	s.Create(ctx, l)
	if _, _, err := r.AccessToken(ctx, l); !errors.Is(err, ErrReauth) {
		t.Fatalf("expired bearer: %v, want ErrReauth", err)
	}
	// A login past its absolute lifetime is over even with a fresh token.
	old := &Login{Name: "x", CreatedAt: time.Now().Add(-13 * time.Hour),
		Token: Token{AccessToken: "a", Expiry: time.Now().Add(time.Hour), Kind: KindOAuth}}
	s.Create(ctx, old)
	if _, _, err := r.AccessToken(ctx, old); !errors.Is(err, ErrReauth) {
		t.Fatalf("login past lifetime: %v, want ErrReauth", err)
	}
	rev := expiredLogin(t, s, "r")
	s.Revoke(ctx, rev.ID)
	rev, _ = s.Get(ctx, rev.ID)
	if _, _, err := r.AccessToken(ctx, rev); !errors.Is(err, ErrRevoked) {
		t.Fatalf("revoked: %v, want ErrRevoked", err)
	}
}

func TestRefresherSkew(t *testing.T) {
	s := NewMemoryStore(testCipher(t))
	ep := &rotatingEndpoint{valid: "r0"}
	r := &Refresher{Store: s, Refresh: ep.Refresh, Skew: 5 * time.Minute}
	l := &Login{Name: "x", Token: Token{AccessToken: "almost", RefreshToken: "r0", Expiry: time.Now().Add(2 * time.Minute), Kind: KindOAuth}}
	s.Create(context.Background(), l)
	tok, nl, err := r.AccessToken(context.Background(), l)
	if err != nil || tok != "access-1" || nl.Version != 2 || ep.successes.Load() != 1 {
		t.Fatalf("token within skew not refreshed ahead: %q v%d %v", tok, nl.Version, err)
	}
}

func TestRefresherConcurrentCallsRefreshOnce(t *testing.T) {
	s := NewMemoryStore(testCipher(t))
	ep := &rotatingEndpoint{valid: "r0", latency: 20 * time.Millisecond}
	r := &Refresher{Store: s, Refresh: ep.Refresh}
	l := expiredLogin(t, s, "r0")

	const n = 10
	toks := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			toks[i], _, errs[i] = r.AccessToken(context.Background(), l) // every caller holds the same stale login
		}()
	}
	close(start)
	wg.Wait()
	for i := range n {
		if errs[i] != nil || toks[i] != "access-1" {
			t.Fatalf("caller %d: %q %v", i, toks[i], errs[i])
		}
	}
	if c := ep.calls.Load(); c != 1 {
		t.Fatalf("refresh endpoint called %d times, want 1", c)
	}
	got, _ := s.Get(context.Background(), l.ID)
	if got.Version != 2 || got.Token.AccessToken != "access-1" || got.Token.RefreshToken != ep.valid {
		t.Fatalf("stored: v%d %q, rotated refresh token saved=%v", got.Version, got.Token.AccessToken, got.Token.RefreshToken == ep.valid)
	}
	// A caller that still holds the stale login afterwards gets the saved token without a new refresh.
	tok, _, err := r.AccessToken(context.Background(), l)
	if err != nil || tok != "access-1" || ep.calls.Load() != 1 {
		t.Fatalf("stale login after refresh: %q %v calls=%d", tok, err, ep.calls.Load())
	}
}

// twoInstances runs the rotating-refresh race between two Refreshers, each
// with its own Backend on the same shared store, as two Aula processes would.
func twoInstances(t *testing.T, a, b Store) {
	ep := &rotatingEndpoint{valid: "r0", latency: 20 * time.Millisecond}
	// The loser waits as long as the winner takes to save (the default 2 s
	// is short for a shared store on a loaded machine).
	ra := &Refresher{Store: a, Refresh: ep.Refresh, Wait: time.Minute}
	rb := &Refresher{Store: b, Refresh: ep.Refresh, Wait: time.Minute}
	l := expiredLogin(t, a, "r0")
	lb, err := b.Get(context.Background(), l.ID)
	if err != nil {
		t.Fatal(err)
	}

	const perInstance = 5
	var wg sync.WaitGroup
	var mu sync.Mutex
	var toks []string
	start := make(chan struct{})
	for i := range 2 * perInstance {
		r, login := ra, l
		if i%2 == 1 {
			r, login = rb, lb
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			tok, _, err := r.AccessToken(context.Background(), login)
			if err != nil {
				t.Errorf("instance %d: %v", i%2, err)
			}
			mu.Lock()
			toks = append(toks, tok)
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	if s := ep.successes.Load(); s != 1 {
		t.Fatalf("%d successful refreshes, want 1 (failures %d)", s, ep.failures.Load())
	}
	for _, tok := range toks {
		if tok != "access-1" {
			t.Fatalf("a caller got %q, want the one new token access-1", tok)
		}
	}
	for _, s := range []Store{a, b} {
		got, _ := s.Get(context.Background(), l.ID)
		if got.Token.AccessToken != "access-1" || got.Token.RefreshToken != ep.valid || got.Version != 2 {
			t.Fatalf("stored token v%d %q; rotated refresh token kept=%v", got.Version, got.Token.AccessToken, got.Token.RefreshToken == ep.valid)
		}
	}
	t.Logf("endpoint calls: %d (1 success, %d refused reuses)", ep.calls.Load(), ep.failures.Load())
}

func TestRefresherTwoInstancesMemory(t *testing.T) {
	s := NewMemoryStore(testCipher(t))
	twoInstances(t, s, s)
}

func TestRefresherTwoInstancesSQLite(t *testing.T) {
	c := testCipher(t)
	path := filepath.Join(t.TempDir(), "aula.db")
	twoInstances(t, openSQLiteAt(t, path, c).Logins, openSQLiteAt(t, path, c).Logins)
}

func TestRefresherTwoInstancesRedis(t *testing.T) {
	mr := miniredis.RunT(t)
	c := testCipher(t)
	dsn := "redis://" + mr.Addr() + "/0"
	twoInstances(t, openDSN(t, dsn, c).Logins, openDSN(t, dsn, c).Logins)
}

// The losing instance of a refresh race whose own refresh is refused must
// not keep a stale view: forced here deterministically by letting instance
// B refresh with a refresh token A has already used, before A saves.
func TestRefresherLoserWaitsForWinner(t *testing.T) {
	s := NewMemoryStore(testCipher(t))
	ep := &rotatingEndpoint{valid: "r0"}
	l := expiredLogin(t, s, "r0")

	aSaved := make(chan struct{})
	release := make(chan struct{})
	// A refreshes, then stalls before its UpdateToken (slow store write).
	ra := &Refresher{Store: &slowUpdate{Store: s, before: release}, Refresh: ep.Refresh}
	// B waits as long as it takes A to save (a slow machine must not make
	// B give up first).
	rb := &Refresher{Store: s, Refresh: ep.Refresh, Wait: time.Minute}
	var aTok string
	var aErr error
	go func() {
		aTok, _, aErr = ra.AccessToken(context.Background(), l)
		close(aSaved)
	}()
	for ep.successes.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	// B starts now: it still sees version 1 and the used refresh token r0.
	// A saves once B's refresh has been refused, not after a guessed delay
	// (B would find A's token already saved and not try at all).
	go func() {
		for ep.failures.Load() == 0 {
			time.Sleep(time.Millisecond)
		}
		close(release)
	}()
	bTok, _, bErr := rb.AccessToken(context.Background(), l)
	<-aSaved
	if aErr != nil || bErr != nil || aTok != "access-1" || bTok != "access-1" {
		t.Fatalf("A %q %v, B %q %v; want both access-1", aTok, aErr, bTok, bErr)
	}
	if ep.failures.Load() != 1 || ep.successes.Load() != 1 {
		t.Fatalf("endpoint: %d successes %d failures, want 1 and 1 (B must have been refused)", ep.successes.Load(), ep.failures.Load())
	}
}

// slowUpdate delays UpdateToken until before is closed.
type slowUpdate struct {
	Store
	before chan struct{}
}

func (s *slowUpdate) UpdateToken(ctx context.Context, id string, v int64, t Token) (*Login, error) {
	<-s.before
	return s.Store.UpdateToken(ctx, id, v, t)
}

func TestRefresherRefusedWithoutWinner(t *testing.T) {
	s := NewMemoryStore(testCipher(t))
	ep := &rotatingEndpoint{valid: "something-else"}
	r := &Refresher{Store: s, Refresh: ep.Refresh, Wait: 50 * time.Millisecond}
	l := expiredLogin(t, s, "r0")
	_, _, err := r.AccessToken(context.Background(), l)
	if err == nil || errors.Is(err, ErrRevoked) || errors.Is(err, ErrReauth) {
		t.Fatalf("refused refresh (plain error): %v, want an error that is not ErrReauth", err)
	}
	got, _ := s.Get(context.Background(), l.ID)
	if got.Version != 1 || got.Token.AccessToken != "access-0" {
		t.Fatal("a refused refresh changed the login")
	}
}

func TestRefresherRevokeDuringRefresh(t *testing.T) {
	ctx := context.Background()
	s := NewMemoryStore(testCipher(t))
	entered := make(chan struct{})
	release := make(chan struct{})
	var calls atomic.Int32
	r := &Refresher{Store: s, Refresh: func(ctx context.Context, rt string) (*oauth2.Token, error) {
		calls.Add(1)
		close(entered)
		<-release
		return &oauth2.Token{AccessToken: "access-after-logout", RefreshToken: "r1", Expiry: time.Now().Add(time.Hour)}, nil
	}}
	l := expiredLogin(t, s, "r0")
	done := make(chan error, 1)
	go func() {
		_, _, err := r.AccessToken(ctx, l)
		done <- err
	}()
	<-entered
	if err := s.Revoke(ctx, l.ID); err != nil { // sign-out while the refresh is in flight
		t.Fatal(err)
	}
	close(release)
	if err := <-done; !errors.Is(err, ErrRevoked) {
		t.Fatalf("AccessToken: %v, want ErrRevoked", err)
	}
	got, _ := s.Get(ctx, l.ID)
	if !got.Revoked || got.Token != (Token{}) {
		t.Fatal("the in-flight refresh brought the login back")
	}
	// Later calls with the stale login do not refresh again.
	if _, _, err := r.AccessToken(ctx, l); !errors.Is(err, ErrRevoked) {
		t.Fatalf("after revoke: %v", err)
	}
	if calls.Load() != 1 {
		t.Fatalf("refresh called %d times", calls.Load())
	}
}

// A request cancelled while the refresh is in flight must not lose the
// rotated refresh token: the refresh completes and is saved regardless.
func TestRefresherCancelledCallerKeepsRotation(t *testing.T) {
	s := NewMemoryStore(testCipher(t))
	entered := make(chan struct{})
	release := make(chan struct{})
	r := &Refresher{Store: s, Refresh: func(ctx context.Context, rt string) (*oauth2.Token, error) {
		close(entered)
		<-release
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return &oauth2.Token{AccessToken: "access-1", RefreshToken: "r1", Expiry: time.Now().Add(time.Hour)}, nil
	}}
	l := expiredLogin(t, s, "r0")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, _, err := r.AccessToken(ctx, l)
		done <- err
	}()
	<-entered
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled caller: %v", err)
	}
	close(release)
	deadline := time.Now().Add(5 * time.Second)
	for {
		got, _ := s.Get(context.Background(), l.ID)
		if got.Token.RefreshToken == "r1" && got.Version == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("rotated token never saved after the caller went away")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestRefresherKeepsRefreshTokenWhenNotRotated(t *testing.T) {
	s := NewMemoryStore(testCipher(t))
	r := &Refresher{Store: s, Refresh: func(ctx context.Context, rt string) (*oauth2.Token, error) {
		return &oauth2.Token{AccessToken: "access-1", Expiry: time.Now().Add(time.Hour)}, nil
	}}
	l := expiredLogin(t, s, "r0")
	if _, _, err := r.AccessToken(context.Background(), l); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(context.Background(), l.ID)
	if got.Token.RefreshToken != "r0" || got.Token.AccessToken != "access-1" {
		t.Fatal("refresh token dropped when the endpoint did not rotate it")
	}
}

func TestRefresherTwoInstancesRedisServer(t *testing.T) {
	dsn := startRedis(t)
	c := testCipher(t)
	twoInstances(t, openDSN(t, dsn, c).Logins, openDSN(t, dsn, c).Logins)
}

// A 4xx from the token endpoint (invalid_grant) means sign in again; a 5xx
// or a network error is a passing failure.
func TestRefresherPermanentFailure(t *testing.T) {
	cases := []struct {
		err    error
		reauth bool
	}{
		{&factorial.Error{StatusCode: 400, Code: "invalid_grant"}, true},
		{&factorial.Error{StatusCode: 401}, true},
		{&factorial.Error{StatusCode: 429}, false},
		{&factorial.Error{StatusCode: 503}, false},
		{&oauth2.RetrieveError{Response: &http.Response{StatusCode: 400}, ErrorCode: "invalid_grant"}, true},
		{&oauth2.RetrieveError{Response: &http.Response{StatusCode: 502}}, false},
		{errors.New("dial tcp: i/o timeout"), false},
	}
	for _, tc := range cases {
		s := NewMemoryStore(testCipher(t))
		r := &Refresher{Store: s, Wait: 20 * time.Millisecond,
			Refresh: func(context.Context, string) (*oauth2.Token, error) { return nil, tc.err }}
		l := expiredLogin(t, s, "r0")
		_, _, err := r.AccessToken(context.Background(), l)
		if err == nil || errors.Is(err, ErrReauth) != tc.reauth || !errors.Is(err, tc.err) {
			t.Errorf("%v: got %v, want reauth=%v wrapping the cause", tc.err, err, tc.reauth)
		}
	}
}
