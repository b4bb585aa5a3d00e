package logins

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/redis/go-redis/v9"

	"github.com/aula-hr/aula/factorial"
)

// opener opens one more Backend on the same underlying store (a second
// "instance"); each call returns an independent Backend.
type opener func(t *testing.T) *Backend

func sampleLogin() *Login {
	return &Login{
		EmployeeID: 42, CompanyID: 7, Name: "Ada Lovelace", Email: "ada@example.com", Role: "hr-admin",
		Token: Token{
			AccessToken:  "access-" + NewID(),
			RefreshToken: "refresh-" + NewID(),
			Expiry:       time.Now().Add(time.Hour).UTC().Truncate(time.Millisecond),
			Kind:         KindOAuth,
		},
	}
}

func mustCreate(t *testing.T, s Store) *Login {
	t.Helper()
	l := sampleLogin()
	if err := s.Create(context.Background(), l); err != nil {
		t.Fatalf("Create: %v", err)
	}
	return l
}

func sameLogin(t *testing.T, got, want *Login) {
	t.Helper()
	if got.ID != want.ID || got.EmployeeID != want.EmployeeID || got.CompanyID != want.CompanyID ||
		got.Name != want.Name || got.Email != want.Email || got.Role != want.Role ||
		!got.CreatedAt.Equal(want.CreatedAt) || !got.ExpiresAt.Equal(want.ExpiresAt) ||
		got.Revoked != want.Revoked || got.Version != want.Version {
		t.Fatalf("login differs:\n got %+v\nwant %+v", got, want)
	}
	if got.Token.AccessToken != want.Token.AccessToken || got.Token.RefreshToken != want.Token.RefreshToken ||
		!got.Token.Expiry.Equal(want.Token.Expiry) || got.Token.Kind != want.Token.Kind {
		t.Fatal("token differs after the round trip")
	}
}

// runStoreSuite is the conformance suite every backend must pass.
func runStoreSuite(t *testing.T, open opener) {
	ctx := context.Background()

	t.Run("CreateGet", func(t *testing.T) {
		s := open(t).Logins
		before := time.Now().Add(-time.Second)
		l := mustCreate(t, s)
		if len(l.ID) != 43 || l.Version != 1 || l.CreatedAt.Before(before) ||
			l.ExpiresAt.Sub(l.CreatedAt) != Lifetime || l.CreatedAt.Location() != time.UTC {
			t.Fatalf("defaults not filled: %+v", l)
		}
		got, err := s.Get(ctx, l.ID)
		if err != nil {
			t.Fatal(err)
		}
		sameLogin(t, got, l)
		if !got.Active(time.Now()) || got.Active(l.ExpiresAt) {
			t.Fatal("Active wrong")
		}
		if err := s.Ping(ctx); err != nil {
			t.Fatalf("Ping: %v", err)
		}
	})

	t.Run("APIKeyLogin", func(t *testing.T) {
		s := open(t).Logins
		l := &Login{CompanyID: 7, Name: "API key", Role: "hr-admin", Token: Token{AccessToken: "key-" + NewID(), Kind: KindAPIKey}}
		if err := s.Create(ctx, l); err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, l.ID)
		if err != nil {
			t.Fatal(err)
		}
		sameLogin(t, got, l)
		if !got.Token.Expiry.IsZero() || got.EmployeeID != 0 {
			t.Fatalf("api key login: %+v", got)
		}
	})

	t.Run("CreateDuplicate", func(t *testing.T) {
		s := open(t).Logins
		l := mustCreate(t, s)
		dup := sampleLogin()
		dup.ID = l.ID
		if err := s.Create(ctx, dup); !errors.Is(err, ErrExists) {
			t.Fatalf("duplicate id: %v, want ErrExists", err)
		}
		got, _ := s.Get(ctx, l.ID)
		sameLogin(t, got, l) // the original is untouched
	})

	t.Run("NotFound", func(t *testing.T) {
		s := open(t).Logins
		id := NewID()
		if _, err := s.Get(ctx, id); !errors.Is(err, ErrNotFound) {
			t.Fatalf("Get: %v", err)
		}
		if _, err := s.UpdateToken(ctx, id, 1, Token{AccessToken: "x", Kind: KindBearer}); !errors.Is(err, ErrNotFound) {
			t.Fatalf("UpdateToken: %v", err)
		}
		if err := s.Revoke(ctx, id); !errors.Is(err, ErrNotFound) {
			t.Fatalf("Revoke: %v", err)
		}
	})

	t.Run("UpdateTokenCAS", func(t *testing.T) {
		s := open(t).Logins
		l := mustCreate(t, s)
		nt := Token{AccessToken: "new-" + NewID(), RefreshToken: "newref-" + NewID(), Expiry: time.Now().Add(2 * time.Hour).UTC().Truncate(time.Millisecond), Kind: KindOAuth}
		up, err := s.UpdateToken(ctx, l.ID, 1, nt)
		if err != nil {
			t.Fatal(err)
		}
		want := *l
		want.Token, want.Version = nt, 2
		sameLogin(t, up, &want)
		got, _ := s.Get(ctx, l.ID)
		sameLogin(t, got, &want)

		// A stale version conflicts and changes nothing.
		stale := Token{AccessToken: "stale", Kind: KindOAuth}
		if _, err := s.UpdateToken(ctx, l.ID, 1, stale); !errors.Is(err, ErrConflict) {
			t.Fatalf("stale version: %v, want ErrConflict", err)
		}
		if _, err := s.UpdateToken(ctx, l.ID, 3, stale); !errors.Is(err, ErrConflict) {
			t.Fatalf("future version: %v, want ErrConflict", err)
		}
		got, _ = s.Get(ctx, l.ID)
		sameLogin(t, got, &want)
	})

	t.Run("ConcurrentCASOneWinner", func(t *testing.T) {
		s := open(t).Logins
		l := mustCreate(t, s)
		const n = 10
		var wins, conflicts atomic.Int32
		var winner atomic.Value
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				tok := fmt.Sprintf("cas-%d", i)
				_, err := s.UpdateToken(ctx, l.ID, 1, Token{AccessToken: tok, Kind: KindOAuth})
				switch {
				case err == nil:
					wins.Add(1)
					winner.Store(tok)
				case errors.Is(err, ErrConflict):
					conflicts.Add(1)
				default:
					t.Error(err)
				}
			}()
		}
		close(start)
		wg.Wait()
		if wins.Load() != 1 || conflicts.Load() != n-1 {
			t.Fatalf("wins=%d conflicts=%d, want 1 and %d", wins.Load(), conflicts.Load(), n-1)
		}
		got, _ := s.Get(ctx, l.ID)
		if got.Version != 2 || got.Token.AccessToken != winner.Load() {
			t.Fatalf("stored version %d token %q, want 2 and the winner's", got.Version, got.Token.AccessToken)
		}
	})

	t.Run("RevokeIsPermanent", func(t *testing.T) {
		s := open(t).Logins
		l := mustCreate(t, s)
		if len(rawSealed(t, s, l.ID)) == 0 {
			t.Fatal("no sealed token stored")
		}
		if err := s.Revoke(ctx, l.ID); err != nil {
			t.Fatal(err)
		}
		if raw := rawSealed(t, s, l.ID); len(raw) != 0 {
			t.Fatalf("revoke left %d bytes of sealed token in storage", len(raw))
		}
		got, err := s.Get(ctx, l.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Revoked || got.Token != (Token{}) || got.Active(time.Now()) {
			t.Fatalf("after revoke: revoked=%v token erased=%v", got.Revoked, got.Token == (Token{}))
		}
		if got.Name != l.Name || got.EmployeeID != l.EmployeeID {
			t.Fatal("revoke lost the identity")
		}
		// The current version must not un-revoke it either.
		if _, err := s.UpdateToken(ctx, l.ID, got.Version, sampleLogin().Token); !errors.Is(err, ErrRevoked) {
			t.Fatalf("UpdateToken after revoke: %v, want ErrRevoked", err)
		}
		if err := s.Revoke(ctx, l.ID); err != nil {
			t.Fatalf("second revoke: %v", err)
		}
		got, _ = s.Get(ctx, l.ID)
		if !got.Revoked || got.Token != (Token{}) {
			t.Fatal("UpdateToken brought a revoked login back")
		}
	})

	t.Run("RevokeWinsOverConcurrentUpdates", func(t *testing.T) {
		s := open(t).Logins
		l := mustCreate(t, s)
		var revoked atomic.Bool
		var wg sync.WaitGroup
		stop := make(chan struct{})
		var writes atomic.Int32
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					cur, err := s.Get(ctx, l.ID)
					if err != nil {
						t.Error(err)
						return
					}
					wasRevoked := revoked.Load()
					_, err = s.UpdateToken(ctx, l.ID, cur.Version, Token{AccessToken: "w-" + NewID(), Kind: KindOAuth})
					switch {
					case err == nil:
						if wasRevoked {
							t.Error("UpdateToken succeeded after Revoke returned")
						}
						writes.Add(1)
					case errors.Is(err, ErrRevoked), errors.Is(err, ErrConflict):
					default:
						t.Error(err)
						return
					}
				}
			}()
		}
		for writes.Load() < 5 { // let the writers get going
			time.Sleep(time.Millisecond)
		}
		if err := s.Revoke(ctx, l.ID); err != nil {
			t.Fatal(err)
		}
		revoked.Store(true)
		time.Sleep(50 * time.Millisecond) // writers keep trying after the revoke
		close(stop)
		wg.Wait()
		got, _ := s.Get(ctx, l.ID)
		if !got.Revoked || got.Token != (Token{}) {
			t.Fatalf("after concurrent writes: revoked=%v token erased=%v", got.Revoked, got.Token == (Token{}))
		}
	})

	t.Run("SecondInstanceSeesLoginAndRevocation", func(t *testing.T) {
		a, b := open(t), open(t)
		l := mustCreate(t, a.Logins)
		got, err := b.Logins.Get(ctx, l.ID)
		if err != nil {
			t.Fatal(err)
		}
		sameLogin(t, got, l)
		if _, err := b.Logins.UpdateToken(ctx, l.ID, 1, Token{AccessToken: "from-b", Kind: KindOAuth}); err != nil {
			t.Fatal(err)
		}
		if got, _ := a.Logins.Get(ctx, l.ID); got.Token.AccessToken != "from-b" || got.Version != 2 {
			t.Fatal("instance A does not see B's token write")
		}
		if err := a.Logins.Revoke(ctx, l.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := b.Logins.Get(ctx, l.ID); !got.Revoked {
			t.Fatal("instance B does not see A's revocation")
		}
		if _, err := b.Logins.UpdateToken(ctx, l.ID, 2, Token{AccessToken: "late", Kind: KindOAuth}); !errors.Is(err, ErrRevoked) {
			t.Fatalf("B writes after A revoked: %v", err)
		}
	})

	t.Run("Feeds", func(t *testing.T) {
		a, b := open(t), open(t)
		company, who := factorial.ID(7), factorial.ID(time.Now().UnixNano()%1e12)
		if _, err := a.Feeds.FeedOf(ctx, company, who); !errors.Is(err, ErrNotFound) {
			t.Fatalf("a person without a feed: %v", err)
		}
		key, err := a.Feeds.IssueFeed(ctx, company, who, "login-1")
		if err != nil || len(key) != 43 {
			t.Fatalf("IssueFeed: %q %v", key, err)
		}
		f, err := b.Feeds.FeedByKey(ctx, key)
		if err != nil || f.CompanyID != company || f.EmployeeID != who || f.LoginID != "login-1" || f.CreatedAt.IsZero() {
			t.Fatalf("the other instance reads %+v, %v", f, err)
		}
		if _, err := b.Feeds.FeedByKey(ctx, key+"x"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("a wrong key: %v", err)
		}
		if err := b.Feeds.FollowLogin(ctx, company, who, "login-2"); err != nil {
			t.Fatal(err)
		}
		if f, _ := a.Feeds.FeedOf(ctx, company, who); f == nil || f.LoginID != "login-2" {
			t.Fatalf("after a new sign-in: %+v", f)
		}
		rotated, err := b.Feeds.IssueFeed(ctx, company, who, "login-2")
		if err != nil || rotated == key {
			t.Fatalf("rotate: %q %v", rotated, err)
		}
		if _, err := a.Feeds.FeedByKey(ctx, key); !errors.Is(err, ErrNotFound) {
			t.Fatalf("the old key still works after a rotation: %v", err)
		}
		if f, err := a.Feeds.FeedByKey(ctx, rotated); err != nil || f.LoginID != "login-2" {
			t.Fatalf("the new key: %+v %v", f, err)
		}
		if err := a.Feeds.RevokeFeed(ctx, company, who); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Feeds.FeedByKey(ctx, rotated); !errors.Is(err, ErrNotFound) {
			t.Fatalf("a revoked key: %v", err)
		}
		if err := b.Feeds.FollowLogin(ctx, company, who, "login-3"); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Feeds.FeedOf(ctx, company, who); !errors.Is(err, ErrNotFound) {
			t.Fatalf("a sign-in brought a revoked feed back: %v", err)
		}
		if err := a.Feeds.RevokeFeed(ctx, company, who); err != nil {
			t.Fatalf("revoking twice: %v", err)
		}
	})

	t.Run("Sessions", func(t *testing.T) {
		a, b := open(t), open(t)
		tok := "sess-" + NewID()
		if err := sessCommit(a.Sessions, tok, []byte("login-id-payload"), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		data, found, err := sessFind(b.Sessions, tok)
		if err != nil || !found || string(data) != "login-id-payload" {
			t.Fatalf("Find on the other instance: %q %v %v", data, found, err)
		}
		if err := sessDelete(b.Sessions, tok); err != nil {
			t.Fatal(err)
		}
		if _, found, _ := sessFind(a.Sessions, tok); found {
			t.Fatal("session still found after Delete")
		}
		if err := sessCommit(a.Sessions, tok, []byte("x"), time.Now().Add(-time.Second)); err != nil {
			t.Fatal(err)
		}
		if _, found, _ := sessFind(a.Sessions, tok); found {
			t.Fatal("expired session found")
		}
	})
}

func TestMemoryStore(t *testing.T) {
	c := testCipher(t)
	// One shared in-memory state; each "instance" gets its own Backend value over it.
	b, err := Open(context.Background(), "memory", c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	runStoreSuite(t, func(t *testing.T) *Backend {
		return &Backend{Logins: b.Logins, Feeds: b.Feeds, Sessions: b.Sessions, Kind: b.Kind, Close: func() error { return nil }}
	})
}

func TestOpenUnknownDSN(t *testing.T) {
	_, err := Open(context.Background(), "mysql://user:hunter2@db/aula", testCipher(t))
	if err == nil {
		t.Fatal("unknown DSN accepted")
	}
	if s := err.Error(); strings.Contains(s, "hunter2") {
		t.Fatalf("error leaks the password: %s", s)
	}
	if _, err := Open(context.Background(), "memory", nil); err == nil {
		t.Fatal("nil cipher accepted")
	}
}

// The session helpers use the context methods when a store has them, as
// scs.SessionManager does (goredisstore panics on the plain ones).
func sessCommit(s scs.Store, tok string, b []byte, exp time.Time) error {
	if cs, ok := s.(scs.CtxStore); ok {
		return cs.CommitCtx(context.Background(), tok, b, exp)
	}
	return s.Commit(tok, b, exp)
}

func sessFind(s scs.Store, tok string) ([]byte, bool, error) {
	if cs, ok := s.(scs.CtxStore); ok {
		return cs.FindCtx(context.Background(), tok)
	}
	return s.Find(tok)
}

func sessDelete(s scs.Store, tok string) error {
	if cs, ok := s.(scs.CtxStore); ok {
		return cs.DeleteCtx(context.Background(), tok)
	}
	return s.Delete(tok)
}

// rawSealed reads the sealed token bytes as the backend stores them.
func rawSealed(t *testing.T, s Store, id string) []byte {
	t.Helper()
	switch s := s.(type) {
	case *MemoryStore:
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.recs[id].Sealed
	case *sqlStore:
		var b []byte
		if err := s.db.QueryRow(`SELECT token FROM aula_logins WHERE id = $1`, id).Scan(&b); err != nil {
			t.Fatal(err)
		}
		return b
	case *redisStore:
		b, err := s.rdb.HGet(context.Background(), loginPrefix+id, "t").Bytes()
		if errors.Is(err, redis.Nil) {
			return nil
		}
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	t.Fatalf("rawSealed: unknown store %T", s)
	return nil
}
