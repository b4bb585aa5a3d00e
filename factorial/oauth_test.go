package factorial

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// tokenServer is a fake /oauth/token that rotates refresh tokens: each one
// works exactly once, like Factorial's.
type tokenServer struct {
	mu       sync.Mutex
	valid    map[string]bool // refresh tokens not yet used
	seq      int
	refresh  atomic.Int32 // refresh grants answered with a token
	rejected atomic.Int32 // reused refresh tokens
	lastForm url.Values
	delay    time.Duration
	ttl      int // expires_in of the next tokens; 0 means 7200
}

func (s *tokenServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != basePath+"/oauth/token" || r.Method != "POST" {
		http.NotFound(w, r)
		return
	}
	_ = r.ParseForm()
	if r.PostForm.Get("client_id") != "aula" || r.PostForm.Get("client_secret") != "s3cret-client-secret" {
		writeJSON(w, 401, `{"error":"invalid_client","error_description":"bad client"}`)
		return
	}
	time.Sleep(s.delay)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastForm = r.PostForm
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		if r.PostForm.Get("code") != "good-code" || r.PostForm.Get("redirect_uri") != "http://aula.test/callback" {
			writeJSON(w, 400, `{"error":"invalid_grant","error_description":"code good-code-XYZ unknown"}`)
			return
		}
	case "refresh_token":
		rt := r.PostForm.Get("refresh_token")
		if !s.valid[rt] {
			s.rejected.Add(1)
			writeJSON(w, 400, `{"error":"invalid_grant","error_description":"The refresh token `+rt+` is invalid"}`)
			return
		}
		delete(s.valid, rt)
		s.refresh.Add(1)
	default:
		writeJSON(w, 400, `{"error":"unsupported_grant_type"}`)
		return
	}
	s.seq++
	rt := fmt.Sprintf("refresh-%d", s.seq)
	s.valid[rt] = true
	ttl := s.ttl
	if ttl == 0 {
		ttl = 7200
	}
	writeJSON(w, 200, fmt.Sprintf(`{"access_token":"access-%d","token_type":"Bearer","expires_in":%d,"refresh_token":%q,"scope":"read write","created_at":%d}`,
		s.seq, ttl, rt, time.Now().Unix()))
}

func newTokenServer(t *testing.T) (*tokenServer, OAuthConfig) {
	ts := &tokenServer{valid: map[string]bool{"refresh-0": true}}
	srv := httptest.NewServer(ts)
	t.Cleanup(srv.Close)
	return ts, OAuthConfig{BaseURL: srv.URL + basePath, ClientID: "aula", ClientSecret: "s3cret-client-secret",
		RedirectURL: "http://aula.test/callback", Scopes: []string{"read"}, HTTPClient: srv.Client()}
}

func TestAuthCodeURL(t *testing.T) {
	cfg := OAuthConfig{BaseURL: "https://api.demo.factorialhr.dev/", ClientID: "aula", RedirectURL: "http://aula.test/callback", Scopes: []string{"read"}}
	verifier := oauth2.GenerateVerifier()
	u, err := url.Parse(cfg.AuthCodeURL("st4te", verifier))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	sum := sha256.Sum256([]byte(verifier))
	if u.Host != "api.demo.factorialhr.dev" || u.Path != "/oauth/authorize" || q.Get("client_id") != "aula" || q.Get("state") != "st4te" ||
		q.Get("response_type") != "code" || q.Get("redirect_uri") != "http://aula.test/callback" || q.Get("scope") != "read" ||
		q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") != base64.RawURLEncoding.EncodeToString(sum[:]) {
		t.Errorf("authorize URL = %s", u)
	}
	if u2, _ := url.Parse(cfg.AuthCodeURL("s", "")); u2.Query().Has("code_challenge") {
		t.Error("challenge sent without a verifier")
	}
}

func TestExchangeAndRefresh(t *testing.T) {
	ts, cfg := newTokenServer(t)
	tok, err := cfg.Exchange(context.Background(), "good-code", "the-verifier")
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken != "access-1" || tok.RefreshToken != "refresh-1" || time.Until(tok.Expiry) < 7100*time.Second {
		t.Errorf("token = %+v", tok)
	}
	if ts.lastForm.Get("code_verifier") != "the-verifier" || ts.lastForm.Get("grant_type") != "authorization_code" {
		t.Errorf("form = %v", ts.lastForm)
	}

	nt, err := cfg.Refresh(context.Background(), "refresh-1")
	if err != nil || nt.AccessToken != "access-2" || nt.RefreshToken != "refresh-2" {
		t.Fatalf("refresh = %+v, %v", nt, err)
	}
	// The old refresh token is spent.
	_, err = cfg.Refresh(context.Background(), "refresh-1")
	var e *Error
	if !errors.As(err, &e) || e.Code != "invalid_grant" || !errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrValidation) {
		t.Fatalf("reused refresh: %v", err)
	}
	if strings.Contains(err.Error()+e.Body+e.Message, "refresh-1") {
		t.Errorf("refresh token leaked into the error: %v / %s", err, e.Body)
	}

	_, err = cfg.Exchange(context.Background(), "good-code-XYZ", "")
	if err == nil || strings.Contains(err.Error()+err.(*Error).Body, "good-code-XYZ") {
		t.Errorf("bad code error = %v", err)
	}
	bad := cfg
	bad.ClientSecret = "wrong-secret-value"
	if _, err := bad.Refresh(context.Background(), "refresh-2"); !errors.Is(err, ErrUnauthorized) || strings.Contains(err.Error(), "wrong-secret-value") {
		t.Errorf("bad client error = %v", err)
	}
}

// TestRotatingTokenSourceRefreshesOnce: two goroutines of one user find the
// token expired at the same time; the refresh token must be used once.
func TestRotatingTokenSourceRefreshesOnce(t *testing.T) {
	for _, name := range []string{"one source", "refresher across sources"} {
		t.Run(name, func(t *testing.T) {
			ts, cfg := newTokenServer(t)
			ts.delay = 20 * time.Millisecond // widen the race window
			expired := &oauth2.Token{AccessToken: "access-0", RefreshToken: "refresh-0", Expiry: time.Now().Add(-time.Minute)}
			var saved []string
			var mu sync.Mutex
			save := func(_ context.Context, tok *oauth2.Token) error {
				mu.Lock()
				defer mu.Unlock()
				saved = append(saved, tok.RefreshToken)
				return nil
			}
			var sources [2]oauth2.TokenSource
			if name == "one source" {
				src := NewRotatingTokenSource(context.Background(), cfg, expired, save)
				sources = [2]oauth2.TokenSource{src, src}
			} else {
				// Per-request clients: each request builds its own source from
				// the stored (expired) token.
				r := NewRefresher(cfg)
				sources = [2]oauth2.TokenSource{r.TokenSource(context.Background(), expired, save), r.TokenSource(context.Background(), expired, save)}
			}
			var wg sync.WaitGroup
			var got [2]*oauth2.Token
			var errs [2]error
			for i := range 2 {
				wg.Go(func() { got[i], errs[i] = sources[i].Token() })
			}
			wg.Wait()
			for i := range 2 {
				if errs[i] != nil || got[i].AccessToken != "access-1" {
					t.Errorf("goroutine %d: %v, %v", i, got[i], errs[i])
				}
			}
			if ts.refresh.Load() != 1 || ts.rejected.Load() != 0 {
				t.Errorf("%d refreshes, %d rejected reuses; want 1 and 0", ts.refresh.Load(), ts.rejected.Load())
			}
			if len(saved) == 0 || saved[0] != "refresh-1" {
				t.Errorf("saved = %v", saved)
			}
			// Still valid: no further refresh.
			if tok, err := sources[0].Token(); err != nil || tok.AccessToken != "access-1" || ts.refresh.Load() != 1 {
				t.Errorf("second Token: %v %v", tok, err)
			}
		})
	}
}

func TestRotatingTokenSourceSaveFailure(t *testing.T) {
	ts, cfg := newTokenServer(t)
	expired := &oauth2.Token{AccessToken: "a", RefreshToken: "refresh-0", Expiry: time.Now().Add(-time.Minute)}
	fail := errors.New("store down")
	src := NewRotatingTokenSource(context.Background(), cfg, expired, func(context.Context, *oauth2.Token) error { return fail })
	if _, err := src.Token(); !errors.Is(err, fail) {
		t.Fatalf("err = %v", err)
	}
	// The rotated token is kept in memory: no second refresh with the spent one.
	if tok, err := src.Token(); err != nil || tok.AccessToken != "access-1" || ts.rejected.Load() != 0 {
		t.Errorf("after save failure: %v %v, %d rejected", tok, err, ts.rejected.Load())
	}
}

func TestClientUsesTokenSource(t *testing.T) {
	ts, cfg := newTokenServer(t)
	_ = ts
	srv, rec := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, listOf(credentialJSON)) })
	expired := &oauth2.Token{AccessToken: "old", RefreshToken: "refresh-0", Expiry: time.Now().Add(-time.Minute)}
	c, err := NewClient(WithBaseURL(srv.URL+basePath), WithTokenSource(NewRotatingTokenSource(context.Background(), cfg, expired, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Credentials.Me(context.Background()); err != nil {
		t.Fatal(err)
	}
	if h := rec.all()[0].Header.Get("Authorization"); h != "Bearer access-1" {
		t.Errorf("Authorization = %q", h)
	}
}

// A client on a plain golang.org/x/oauth2 token source whose refresh is
// refused: the error matches ErrUnauthorized, as with NewRotatingTokenSource,
// and carries no part of the token endpoint's reply, which may echo the
// refresh token (oauth2.RetrieveError's message repeats the whole body).
func TestClientOnForeignTokenSourceRefreshRefused(t *testing.T) {
	_, cfg := newTokenServer(t)
	srv, rec := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, listOf(credentialJSON)) })
	spent := &oauth2.Token{AccessToken: "old", RefreshToken: "refresh-spent-4242", Expiry: time.Now().Add(-time.Minute)}
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, cfg.HTTPClient)
	c, err := NewClient(WithBaseURL(srv.URL+basePath), WithTokenSource(cfg.config().TokenSource(ctx, spent)))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Credentials.Me(context.Background())
	if !errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrValidation) {
		t.Errorf("err = %v, want ErrUnauthorized", err)
	}
	var e *Error
	if !errors.As(err, &e) || e.Code != "invalid_grant" {
		t.Errorf("err = %#v, want an *Error with code invalid_grant", err)
	}
	if err != nil && strings.Contains(fmt.Sprintf("%v %+v", err, e), "refresh-spent") {
		t.Errorf("refresh token leaked: %v / %+v", err, e)
	}
	if n := len(rec.all()); n != 0 {
		t.Errorf("%d API requests without a token", n)
	}
}

// A caller that arrives with a spent refresh token after its successor has
// expired gets a fresh token (the chain continues from the successor's
// refresh token), not the expired successor.
func TestRefresherSpentTokenAfterSuccessorExpired(t *testing.T) {
	ts, cfg := newTokenServer(t)
	r := NewRefresher(cfg)
	ts.mu.Lock()
	ts.ttl = 5 // already "expired" for oauth2.Token.Valid (10 s margin)
	ts.mu.Unlock()
	first, err := r.Refresh(context.Background(), "refresh-0")
	if err != nil || first.AccessToken != "access-1" {
		t.Fatalf("first refresh: %v %v", first, err)
	}
	ts.mu.Lock()
	ts.ttl = 0
	ts.mu.Unlock()
	got, err := r.Refresh(context.Background(), "refresh-0")
	if err != nil || !got.Valid() || got.AccessToken != "access-2" || got.RefreshToken != "refresh-2" {
		t.Errorf("late caller got %+v, %v; want the valid access-2", got, err)
	}
	if ts.refresh.Load() != 2 || ts.rejected.Load() != 0 {
		t.Errorf("%d refreshes, %d rejected; want 2 and 0", ts.refresh.Load(), ts.rejected.Load())
	}
}
