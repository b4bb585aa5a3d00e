package logins

import (
	"context"
	"errors"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"golang.org/x/oauth2"
)

// End to end against the sandbox's real OAuth2 token endpoint, which
// rotates refresh tokens: two Aula instances (two Backends on one SQLite
// file) with an expired token refresh once, all callers get the new token,
// it works against the API, and the first refresh token is spent.
func TestRefresherAgainstSandbox(t *testing.T) {
	ctx := context.Background()
	sb := sandbox.New()
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	cfg := factorial.OAuthConfig{BaseURL: srv.URL, ClientID: "aula-demo", ClientSecret: "aula-demo-secret", HTTPClient: srv.Client()}
	access, refresh, err := sb.IssueToken("trainer")
	if err != nil {
		t.Fatal(err)
	}

	var ok, refused atomic.Int32
	counted := func(ctx context.Context, rt string) (*oauth2.Token, error) {
		tok, err := cfg.Refresh(ctx, rt)
		if err != nil {
			refused.Add(1)
		} else {
			ok.Add(1)
		}
		return tok, err
	}
	c := testCipher(t)
	path := filepath.Join(t.TempDir(), "aula.db")
	a, b := openSQLiteAt(t, path, c), openSQLiteAt(t, path, c)
	ra := &Refresher{Store: a.Logins, Refresh: counted}
	rb := &Refresher{Store: b.Logins, Refresh: counted}

	l := &Login{Name: "Trainer", Role: "trainer",
		Token: Token{AccessToken: access, RefreshToken: refresh, Expiry: time.Now().Add(-time.Second), Kind: KindOAuth}}
	if err := a.Logins.Create(ctx, l); err != nil {
		t.Fatal(err)
	}

	var wg sync.WaitGroup
	toks := make([]string, 8)
	for i := range toks {
		r := ra
		if i%2 == 1 {
			r = rb
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			toks[i], _, err = r.AccessToken(ctx, l)
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if ok.Load() != 1 {
		t.Fatalf("%d successful refreshes (%d refused), want 1", ok.Load(), refused.Load())
	}
	for _, tok := range toks {
		if tok == "" || tok == access || tok != toks[0] {
			t.Fatal("callers did not all get the one new access token")
		}
	}
	client, err := factorial.NewClient(factorial.WithBaseURL(srv.URL), factorial.WithBearerToken(toks[0]), factorial.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Credentials.Me(ctx); err != nil {
		t.Fatalf("the refreshed token does not work against the API: %v", err)
	}
	stored, _ := b.Logins.Get(ctx, l.ID)
	if stored.Token.AccessToken != toks[0] || stored.Token.RefreshToken == refresh || stored.Version != 2 {
		t.Fatal("the store does not hold the new token and the rotated refresh token")
	}
	// The first refresh token is spent: the endpoint's 400 invalid_grant
	// is what Refresher treats as "sign in again".
	_, err = cfg.Refresh(ctx, refresh)
	if err == nil || !ra.permanent(err) {
		t.Fatalf("reused refresh token: %v, want a permanent (4xx) refusal", err)
	}
	var fe *factorial.Error
	if !errors.As(err, &fe) || fe.StatusCode != 400 {
		t.Fatalf("reused refresh token: %v", err)
	}
}
