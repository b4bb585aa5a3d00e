package middleware

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/oauth2"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/logins"
)

// authSite runs Sessions and Auth with the given logins and tokens; /who
// tells who the request is from, /private requires a signed-in user.
type authSite struct {
	*testSite
	built   []string // the access tokens clients were built with
	clients map[string]*factorial.Client
	seen    *CurrentUser
	client  *factorial.Client
	private int // requests that reached /private
}

func newAuthSite(t *testing.T, store LoginStore, tokens TokenSource) *authSite {
	s := &authSite{testSite: newTestSite(t), clients: map[string]*factorial.Client{}}
	factory := func(kind logins.TokenKind, access string) (*factorial.Client, error) {
		opt := factorial.WithBearerToken(access)
		if kind == logins.KindAPIKey {
			opt = factorial.WithAPIKey(access)
		}
		cl, err := factorial.NewClient(opt)
		s.built = append(s.built, string(kind)+":"+access)
		s.clients[access] = cl
		return cl, err
	}
	s.e.Use(Auth(s.sm, store, tokens, factory, slog.New(slog.NewTextHandler(s.logs, nil))))
	s.e.GET("/who", func(c echo.Context) error {
		s.seen, s.client = User(c), Client(c)
		return c.NoContent(http.StatusNoContent)
	})
	s.e.GET("/private", func(c echo.Context) error {
		s.private++
		return c.NoContent(http.StatusNoContent)
	}, RequireUser)
	return s
}

// fakeLogins is a logins store with fixed answers.
type fakeLogins struct {
	logins map[string]*logins.Login
	err    error
	gets   int
}

func (f *fakeLogins) Get(_ context.Context, id string) (*logins.Login, error) {
	f.gets++
	if f.err != nil {
		return nil, f.err
	}
	l, ok := f.logins[id]
	if !ok {
		return nil, logins.ErrNotFound
	}
	c := *l
	return &c, nil
}

// tokenAnswer gives every login the same access token, or the same error.
type tokenAnswer struct {
	access string
	err    error
}

func (a tokenAnswer) AccessToken(_ context.Context, l *logins.Login) (string, *logins.Login, error) {
	return a.access, l, a.err
}

func TestAuthWithoutSignInIsAVisitor(t *testing.T) {
	store := &fakeLogins{}
	s := newAuthSite(t, store, tokenAnswer{access: "never"})
	b := newBrowser()
	if rec := s.do(b, get("/who")); rec.Code != http.StatusNoContent || s.seen != nil || s.client != nil {
		t.Fatalf("visitor: status %d, user %v, client %v; want no user and no client", rec.Code, s.seen, s.client)
	}
	if store.gets != 0 || len(s.built) != 0 {
		t.Errorf("a visitor cost %d login reads and %d clients, want none", store.gets, len(s.built))
	}
	// RequireUser refuses; the app's error handler turns this into a 303
	// to the sign-in page, or HX-Redirect for htmx (handlers/security_test.go).
	for _, htmx := range []bool{false, true} {
		req := get("/private")
		if htmx {
			req.Header.Set("HX-Request", "true")
		}
		s.do(b, req)
		if !errors.Is(s.err, ErrSignInRequired) || s.private != 0 {
			t.Errorf("htmx %v: error %v, handler ran %d times; want ErrSignInRequired before the handler", htmx, s.err, s.private)
		}
	}
}

func TestAuthBuildsTheClientWithTheUsersToken(t *testing.T) {
	store := &fakeLogins{logins: map[string]*logins.Login{
		"login-a":   {ID: "login-a", EmployeeID: 7, CompanyID: 3, Name: "Ana Ruiz", Email: "ana@example.com", Role: "manager", Token: logins.Token{Kind: logins.KindOAuth}},
		"login-key": {ID: "login-key", CompanyID: 3, Name: "API key", Token: logins.Token{Kind: logins.KindAPIKey}},
	}}
	s := newAuthSite(t, store, tokenAnswer{access: "access-a"})
	b := newBrowser()
	s.signIn(b, "login-a")
	s.do(b, get("/who"))
	want := CurrentUser{LoginID: "login-a", EmployeeID: 7, CompanyID: 3, Name: "Ana Ruiz", Email: "ana@example.com", Role: RoleManager}
	if s.seen == nil || *s.seen != want {
		t.Fatalf("user %+v, want %+v", s.seen, want)
	}
	if len(s.built) != 1 || s.built[0] != "oauth:access-a" || s.client != s.clients["access-a"] {
		t.Fatalf("clients built %v; the request's client is not the one built with the user's token", s.built)
	}
	rec := s.do(b, get("/private"))
	if rec.Code != http.StatusNoContent || s.private != 1 || rec.Header().Get(echo.HeaderCacheControl) != "no-store" {
		t.Errorf("signed-in page: status %d, reached %d, Cache-Control %q; want 204, once, no-store", rec.Code, s.private, rec.Header().Get(echo.HeaderCacheControl))
	}

	k := newBrowser()
	s.signIn(k, "login-key")
	s.do(k, get("/who"))
	if s.seen == nil || s.seen.Role != RoleHR || !s.seen.APIKey || s.built[len(s.built)-1] != "apikey:access-a" {
		t.Errorf("API key: user %+v, client %q; want HR, APIKey, an API-key client", s.seen, s.built[len(s.built)-1])
	}
}

// A login that has ended is dropped from the session: the request goes on
// as a visitor, and the next one does not look it up again.
func TestAuthSignsOutAnEndedLogin(t *testing.T) {
	live := &logins.Login{ID: "login-a", Name: "Ana", Token: logins.Token{Kind: logins.KindOAuth}}
	revoked := &logins.Login{ID: "login-a", Name: "Ana", Revoked: true}
	for _, tc := range []struct {
		name   string
		login  *logins.Login // nil: not in the store
		tokens tokenAnswer
	}{
		{"revoked", revoked, tokenAnswer{access: "x"}},
		{"gone from the store", nil, tokenAnswer{access: "x"}},
		{"revoked while refreshing", live, tokenAnswer{err: logins.ErrRevoked}},
		{"token expired, cannot be refreshed", live, tokenAnswer{err: logins.ErrReauth}},
		{"refresh refused by Factorial", live, tokenAnswer{err: &factorial.Error{StatusCode: http.StatusBadRequest}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := &fakeLogins{logins: map[string]*logins.Login{}}
			if tc.login != nil {
				store.logins["login-a"] = tc.login
			}
			s := newAuthSite(t, store, tc.tokens)
			b := newBrowser()
			s.signIn(b, "login-a")
			if rec := s.do(b, get("/who")); rec.Code != http.StatusNoContent || s.seen != nil || s.client != nil {
				t.Fatalf("status %d, user %v; want the request as a visitor", rec.Code, s.seen)
			}
			if got := s.loginIn(b); got != "" {
				t.Fatalf("the session still holds %q", got)
			}
			gets := store.gets
			s.do(b, get("/private"))
			if !errors.Is(s.err, ErrSignInRequired) || s.private != 0 || store.gets != gets {
				t.Errorf("next request: error %v, reached %d, %d more login reads; want ErrSignInRequired and no lookup", s.err, s.private, store.gets-gets)
			}
		})
	}
}

// When the store or Factorial's token endpoint does not answer, the request
// fails and the person stays signed in for when it is back.
func TestAuthOutageIsNotASignOut(t *testing.T) {
	live := map[string]*logins.Login{"login-a": {ID: "login-a", Token: logins.Token{Kind: logins.KindOAuth}}}
	storeDown := func(err error) bool { return errors.Is(err, ErrSessionStore) }
	factorialDown := func(err error) bool { var fe *factorial.Error; return errors.As(err, &fe) }
	for _, tc := range []struct {
		name   string
		store  *fakeLogins
		tokens tokenAnswer
		want   func(error) bool
	}{
		{"logins store down", &fakeLogins{err: errors.New("connection refused")}, tokenAnswer{access: "x"}, storeDown},
		{"token endpoint 503", &fakeLogins{logins: live}, tokenAnswer{err: &factorial.Error{StatusCode: http.StatusServiceUnavailable}}, factorialDown},
		{"token endpoint 429", &fakeLogins{logins: live}, tokenAnswer{err: &factorial.Error{StatusCode: http.StatusTooManyRequests}}, factorialDown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newAuthSite(t, tc.store, tc.tokens)
			b := newBrowser()
			s.signIn(b, "login-a")
			s.do(b, get("/who"))
			if !tc.want(s.err) || s.seen != nil {
				t.Fatalf("error %v, user %v; want the outage as the error, before the handler", s.err, s.seen)
			}
			if got := s.loginIn(b); got != "login-a" {
				t.Errorf("the session holds %q after the outage, want login-a", got)
			}
		})
	}
}

// An expired OAuth token is refreshed once through the logins store, and
// the request's client uses the new token.
func TestAuthRefreshesAnExpiredToken(t *testing.T) {
	cipher, err := logins.NewCipher(1, map[byte][]byte{1: testKey})
	if err != nil {
		t.Fatal(err)
	}
	store := logins.NewMemoryStore(cipher)
	l := &logins.Login{Name: "Ana", Token: logins.Token{Kind: logins.KindOAuth, AccessToken: "old", RefreshToken: "refresh-1", Expiry: time.Now().Add(-time.Minute)}}
	if err := store.Create(context.Background(), l); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var refreshedWith []string
	refresher := &logins.Refresher{Store: store, Refresh: func(_ context.Context, rt string) (*oauth2.Token, error) {
		mu.Lock()
		defer mu.Unlock()
		refreshedWith = append(refreshedWith, rt)
		return &oauth2.Token{AccessToken: "new", RefreshToken: "refresh-2", Expiry: time.Now().Add(time.Hour)}, nil
	}}
	s := newAuthSite(t, store, refresher)
	b := newBrowser()
	s.signIn(b, l.ID)
	for range 2 {
		s.do(b, get("/who"))
		if s.seen == nil || s.client != s.clients["new"] {
			t.Fatalf("user %v, clients built %v; want a client with the refreshed token", s.seen, s.built)
		}
	}
	if len(refreshedWith) != 1 || refreshedWith[0] != "refresh-1" {
		t.Errorf("refreshed with %v, want once with refresh-1", refreshedWith)
	}
	stored, err := store.Get(context.Background(), l.ID)
	if err != nil || stored.Token.AccessToken != "new" || stored.Token.RefreshToken != "refresh-2" {
		t.Errorf("the login holds %v (err %v), want the new token", stored.Token, err)
	}
	if got := s.loginIn(b); got != l.ID {
		t.Errorf("the session holds %q, want the same login (a refresh writes the login, not the session)", got)
	}
}

// The header shows the role by the person's name in their language.
func TestRoleLabel(t *testing.T) {
	en := i18n.WithLocale(context.Background(), i18n.English)
	es := i18n.WithLocale(context.Background(), i18n.Spanish)
	for _, tc := range []struct {
		role   Role
		en, es string
	}{
		{RoleHR, "HR admin", "RR. HH."},
		{RoleTrainer, "Trainer", "Formador/a"},
		{RoleManager, "Manager", "Responsable"},
		{RoleEmployee, "Employee", "Empleado/a"},
		{RoleFromFactorial("", true), "HR admin", "RR. HH."}, // a company API key
	} {
		if got := tc.role.Label(en); got != tc.en {
			t.Errorf("%s in English: %q, want %q", tc.role, got, tc.en)
		}
		if got := tc.role.Label(es); got != tc.es {
			t.Errorf("%s in Spanish: %q, want %q", tc.role, got, tc.es)
		}
	}
}
