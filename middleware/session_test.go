package middleware

import (
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

// The session is written to the store and to the cookie once per request,
// also when the handler fails and the error handler writes the page
// (scs's LoadAndSave wrapped for Echo writes both twice then).
func TestSessionsCommitOnce(t *testing.T) {
	s := newTestSite(t)
	s.e.GET("/writes", func(c echo.Context) error {
		s.sm.Put(c.Request().Context(), "k", "v")
		return c.String(http.StatusOK, "page")
	})
	s.e.GET("/fails", func(c echo.Context) error {
		s.sm.Put(c.Request().Context(), "k", "v")
		return errors.New("boom") // the error handler writes the page
	})
	s.e.GET("/writes-then-fails", func(c echo.Context) error {
		s.sm.Put(c.Request().Context(), "k", "v")
		_ = c.String(http.StatusOK, "page")
		return errors.New("boom")
	})
	for _, path := range []string{"/writes", "/fails", "/writes-then-fails"} {
		t.Run(strings.TrimPrefix(path, "/"), func(t *testing.T) {
			b := newBrowser()
			s.signIn(b, "login-a")
			s.store.reset()
			rec := s.do(b, get(path))
			if n := s.sessionCookies(rec); n != 1 {
				t.Errorf("%d session cookies, want 1: %v", n, rec.Header()["Set-Cookie"])
			}
			if n := s.store.commitCount(); n != 1 {
				t.Errorf("%d store writes, want 1", n)
			}
			if got := rec.Header().Values(echo.HeaderVary); len(got) != 1 || got[0] != echo.HeaderCookie {
				t.Errorf("Vary %q, want Cookie once", got)
			}
		})
	}
}

// A visitor whose session nobody touched leaves no row in the store and
// gets no session cookie.
func TestSessionsLeaveAnUntouchedSessionUnwritten(t *testing.T) {
	s := newTestSite(t)
	s.e.GET("/", func(c echo.Context) error {
		return c.String(http.StatusOK, s.sm.GetString(c.Request().Context(), LoginKey))
	})
	rec := s.do(newBrowser(), get("/"))
	if n := s.sessionCookies(rec); n != 0 || s.store.commitCount() != 0 {
		t.Fatalf("%d session cookies and %d store writes for an untouched session, want none", n, s.store.commitCount())
	}
}

func TestSessionsDestroyedSessionClearsTheCookie(t *testing.T) {
	s := newTestSite(t)
	s.e.POST("/logout", func(c echo.Context) error {
		if err := s.sm.Destroy(c.Request().Context()); err != nil {
			return err
		}
		return c.NoContent(http.StatusSeeOther)
	})
	b := newBrowser()
	s.signIn(b, "login-a")
	old := b.cookies[s.sm.Cookie.Name]
	rec := s.do(b, postForm("/logout", nil, nil))
	if n := s.sessionCookies(rec); n != 1 {
		t.Fatalf("%d session cookies, want 1 that clears it", n)
	}
	if _, kept := b.cookies[s.sm.Cookie.Name]; kept {
		t.Error("the session cookie was not cleared")
	}
	if _, found, _ := s.store.Find(old); found {
		t.Error("the destroyed session is still in the store")
	}
}

// A session the codec cannot read is a signed-out visitor, logged; the
// request goes on. A store that does not answer is an outage: the request
// fails with ErrSessionStore and the person is not signed out.
func TestSessionsUnreadableSessionIsASignedOutVisitor(t *testing.T) {
	s := newTestSite(t)
	var ran bool
	var login string
	s.e.GET("/", func(c echo.Context) error {
		ran, login = true, s.sm.GetString(c.Request().Context(), LoginKey)
		return c.NoContent(http.StatusNoContent)
	})
	b := newBrowser()
	s.signIn(b, "login-a")

	s.store.garbage = true
	rec := s.do(b, get("/"))
	if rec.Code != http.StatusNoContent || !ran || login != "" {
		t.Fatalf("unreadable session: status %d, handler ran %v with login %q; want 204, a visitor without login", rec.Code, ran, login)
	}
	if !strings.Contains(s.logs.String(), "session unreadable") {
		t.Errorf("nothing logged: %q", s.logs.String())
	}

	s.store.garbage = false
	s.store.findErr = &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	ran = false
	rec = s.do(b, get("/"))
	if ran || !errors.Is(s.err, ErrSessionStore) {
		t.Fatalf("store down: handler ran %v, error %v; want ErrSessionStore before the handler", ran, s.err)
	}
	if n := s.sessionCookies(rec); n != 0 {
		t.Errorf("store down: %d session cookies written, want 0", n)
	}
	s.store.findErr = nil
	if got := s.loginIn(b); got != "login-a" {
		t.Fatalf("after the outage the session holds %q, want login-a", got)
	}
}
