package middleware

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/alexedwards/scs/v2/memstore"
	"github.com/labstack/echo/v4"
)

// testSite is an Echo app with Aula's session middleware in front of the
// middleware under test, and no more: no Factorial, no pages.
type testSite struct {
	t     *testing.T
	e     *echo.Echo
	sm    *scs.SessionManager
	store *countingStore
	logs  *bytes.Buffer
	err   error // the last error that reached the error handler
}

func newTestSite(t *testing.T) *testSite {
	t.Helper()
	s := &testSite{t: t, e: echo.New(), sm: scs.New(), logs: &bytes.Buffer{}}
	s.store = &countingStore{Store: memstore.NewWithCleanupInterval(0)}
	s.sm.Store = s.store
	s.sm.IdleTimeout = 30 * time.Minute // as in the app: every request renews the session
	s.e.HTTPErrorHandler = func(err error, c echo.Context) {
		s.err = err
		c.Echo().DefaultHTTPErrorHandler(err, c)
	}
	s.e.Use(Sessions(s.sm, slog.New(slog.NewTextHandler(s.logs, nil))))
	return s
}

// browser keeps the cookies a site gave it.
type browser struct{ cookies map[string]string }

func newBrowser() *browser { return &browser{cookies: map[string]string{}} }

// do sends req with the browser's cookies and keeps the cookies of the
// answer.
func (s *testSite) do(b *browser, req *http.Request) *httptest.ResponseRecorder {
	s.t.Helper()
	for name, v := range b.cookies {
		req.AddCookie(&http.Cookie{Name: name, Value: v})
	}
	s.err = nil
	rec := httptest.NewRecorder()
	s.e.ServeHTTP(rec, req)
	for _, ck := range rec.Result().Cookies() {
		if ck.MaxAge < 0 {
			delete(b.cookies, ck.Name)
		} else {
			b.cookies[ck.Name] = ck.Value
		}
	}
	return rec
}

// signIn gives the browser a session that holds loginID, as a sign-in does.
func (s *testSite) signIn(b *browser, loginID string) {
	s.t.Helper()
	ctx, err := s.sm.Load(context.Background(), "")
	if err != nil {
		s.t.Fatal(err)
	}
	s.sm.Put(ctx, LoginKey, loginID)
	tok, _, err := s.sm.Commit(ctx)
	if err != nil {
		s.t.Fatal(err)
	}
	b.cookies[s.sm.Cookie.Name] = tok
}

// loginIn returns the login id the browser's session holds now.
func (s *testSite) loginIn(b *browser) string {
	s.t.Helper()
	ctx, err := s.sm.Load(context.Background(), b.cookies[s.sm.Cookie.Name])
	if err != nil {
		s.t.Fatal(err)
	}
	return s.sm.GetString(ctx, LoginKey)
}

// sessionCookies counts the session cookies an answer sets.
func (s *testSite) sessionCookies(rec *httptest.ResponseRecorder) int {
	n := 0
	for _, ck := range rec.Result().Cookies() {
		if ck.Name == s.sm.Cookie.Name {
			n++
		}
	}
	return n
}

func get(path string) *http.Request { return httptest.NewRequest(http.MethodGet, path, nil) }

// postForm is a url-encoded form post with optional extra headers.
func postForm(path string, form url.Values, h http.Header) *http.Request {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set(echo.HeaderContentType, echo.MIMEApplicationForm)
	for k, vs := range h {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	return req
}

// countingStore counts what the session middleware asks of the store, and
// can fail or answer with bytes that are no session.
type countingStore struct {
	scs.Store
	mu      sync.Mutex
	commits int
	findErr error
	garbage bool
}

func (s *countingStore) Commit(token string, b []byte, expiry time.Time) error {
	s.mu.Lock()
	s.commits++
	s.mu.Unlock()
	return s.Store.Commit(token, b, expiry)
}

func (s *countingStore) Find(token string) ([]byte, bool, error) {
	s.mu.Lock()
	findErr, garbage := s.findErr, s.garbage
	s.mu.Unlock()
	switch {
	case findErr != nil:
		return nil, false, findErr
	case garbage:
		return []byte("not a session"), true, nil
	}
	return s.Store.Find(token)
}

func (s *countingStore) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commits = 0
}

func (s *countingStore) commitCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.commits
}
