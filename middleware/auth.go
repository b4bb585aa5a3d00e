package middleware

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"

	"github.com/alexedwards/scs/v2"
	"github.com/labstack/echo/v4"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/paths"
	"github.com/aula-hr/aula/logins"
)

// Role is what a person may do in Aula, from their Factorial role.
type Role string

const (
	RoleHR       Role = "hr"
	RoleTrainer  Role = "trainer"
	RoleManager  Role = "manager"
	RoleEmployee Role = "employee"
)

// RoleFromFactorial maps a Factorial credential's role. An API key has no
// person behind it and acts company-wide, like HR.
func RoleFromFactorial(role string, apiKey bool) Role {
	if apiKey {
		return RoleHR
	}
	switch role {
	case "admin", "hr", "hr-admin", "hr_admin":
		return RoleHR
	case "trainer":
		return RoleTrainer
	case "manager":
		return RoleManager
	}
	return RoleEmployee
}

// Label is the role as people call it, in the language of ctx (the header
// shows it by the person's name). Logs name the role by its value ("hr").
func (r Role) Label(ctx context.Context) string {
	switch r {
	case RoleHR:
		return i18n.T(ctx, "HR admin")
	case RoleTrainer:
		return i18n.T(ctx, "Trainer")
	case RoleManager:
		return i18n.T(ctx, "Manager")
	}
	return i18n.T(ctx, "Employee")
}

// CurrentUser is the signed-in person of a request.
type CurrentUser struct {
	LoginID    string
	EmployeeID factorial.ID // 0 for an API key
	CompanyID  factorial.ID
	Name       string
	Email      string
	Role       Role
	APIKey     bool
}

// LoginKey is the one value Aula keeps in the scs session.
const LoginKey = "login_id"

// ErrSignInRequired means the request needs a signed-in user and has none
// (never signed in, signed out, revoked, or the token cannot be refreshed).
// The error handler sends the browser to the sign-in page.
var ErrSignInRequired = errors.New("sign-in required")

// LoginStore is what the auth middleware needs of the logins store.
type LoginStore interface {
	Get(ctx context.Context, id string) (*logins.Login, error)
}

// TokenSource gives a usable access token for a login, refreshing it when
// needed (*logins.Refresher).
type TokenSource interface {
	AccessToken(ctx context.Context, l *logins.Login) (string, *logins.Login, error)
}

// ClientFactory builds the per-request Factorial client for a credential.
type ClientFactory func(kind logins.TokenKind, accessToken string) (*factorial.Client, error)

const (
	userKey   = "aula.user"
	clientKey = "aula.client"
)

// User returns the signed-in user, or nil.
func User(c echo.Context) *CurrentUser {
	u, _ := c.Get(userKey).(*CurrentUser)
	return u
}

// Client returns the Factorial client acting as the signed-in user, or nil
// on routes that do not require sign-in.
func Client(c echo.Context) *factorial.Client {
	cl, _ := c.Get(clientKey).(*factorial.Client)
	return cl
}

// Auth loads the signed-in user, if any: login id from the session → the
// login record → a fresh access token → a per-request Factorial client. It
// never fails a request itself; RequireUser does that for protected routes.
// A login that is gone, revoked or cannot be refreshed is dropped from the
// session.
func Auth(sm *scs.SessionManager, store LoginStore, tokens TokenSource, clients ClientFactory, log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			ctx := c.Request().Context()
			id := sm.GetString(ctx, LoginKey)
			if id == "" {
				return next(c)
			}
			u, cl, err := SignedIn(ctx, store, tokens, clients, id)
			switch {
			case errors.Is(err, ErrSignInRequired):
				if !errors.Is(err, errLoginGone) {
					log.InfoContext(ctx, "sign-in ended", "reason", err, "request_id", RequestID(c))
				}
				sm.Remove(ctx, LoginKey)
				return next(c)
			case err != nil:
				return err
			}
			c.Set(userKey, u)
			c.Set(clientKey, cl)
			return next(c)
		}
	}
}

// errLoginGone: the login is unknown or revoked (signed out), not a sign-in
// that ended on its own; nothing to log.
var errLoginGone = errors.New("login gone or revoked")

// SignedIn turns a stored login into its person and a Factorial client
// acting as them, refreshing the token when it is due: what a request with
// that sign-in may do. A login that is gone, revoked, or cannot be
// refreshed gives ErrSignInRequired; a store or Factorial outage another
// error. The calendar feed reads with it on behalf of its owner.
func SignedIn(ctx context.Context, store LoginStore, tokens TokenSource, clients ClientFactory, id string) (*CurrentUser, *factorial.Client, error) {
	l, err := store.Get(ctx, id)
	switch {
	case errors.Is(err, logins.ErrNotFound):
		return nil, nil, fmt.Errorf("%w: %w", ErrSignInRequired, errLoginGone)
	case err != nil:
		return nil, nil, fmt.Errorf("%w: %w", ErrSessionStore, err) // an outage, not a sign-out
	case l.Revoked:
		return nil, nil, fmt.Errorf("%w: %w", ErrSignInRequired, errLoginGone)
	}
	access, l, err := tokens.AccessToken(ctx, l)
	switch {
	case errors.Is(err, logins.ErrRevoked), errors.Is(err, logins.ErrReauth), errors.Is(err, logins.ErrNotFound), refreshRefused(err):
		return nil, nil, fmt.Errorf("%w: %w", ErrSignInRequired, err)
	case err != nil:
		return nil, nil, err
	}
	cl, err := clients(l.Token.Kind, access)
	if err != nil {
		return nil, nil, err
	}
	return &CurrentUser{
		LoginID:    l.ID,
		EmployeeID: l.EmployeeID,
		CompanyID:  l.CompanyID,
		Name:       l.Name,
		Email:      l.Email,
		Role:       RoleFromFactorial(l.Role, l.Token.Kind == logins.KindAPIKey),
		APIKey:     l.Token.Kind == logins.KindAPIKey,
	}, cl, nil
}

// refreshRefused: Factorial answered the token refresh with a client error
// (an expired or revoked refresh token): the person must sign in again. A
// 429, a 5xx or a network error is an outage instead.
func refreshRefused(err error) bool {
	var fe *factorial.Error
	return errors.As(err, &fe) && fe.StatusCode >= 400 && fe.StatusCode < 500 && fe.StatusCode != 429
}

// EndSignIn forgets the current sign-in: the login is revoked, so other
// requests and instances see it ended too, and the session drops its id.
// The error handler calls it when Factorial refuses the token.
func EndSignIn(c echo.Context, sm *scs.SessionManager, store interface {
	Revoke(ctx context.Context, id string) error
}) error {
	ctx := c.Request().Context()
	id := sm.GetString(ctx, LoginKey)
	if id == "" {
		return nil
	}
	sm.Remove(ctx, LoginKey)
	if err := store.Revoke(context.WithoutCancel(ctx), id); err != nil && !errors.Is(err, logins.ErrNotFound) {
		return err
	}
	return nil
}

// RequireUser refuses requests without a signed-in user; the error handler
// sends them to sign in. Signed-in pages are never stored by caches.
func RequireUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if User(c) == nil {
			return ErrSignInRequired
		}
		c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
		return next(c)
	}
}

// LoginURL is the sign-in page that returns to the given request afterwards.
func LoginURL(returnTo string) string {
	if returnTo == "" || returnTo == "/" {
		return paths.Login
	}
	return paths.Login + "?return_to=" + url.QueryEscape(returnTo)
}

// SafeReturnTo accepts only a path inside Aula: it starts with one slash, has
// no scheme, host, backslash or control character, and does not lead back
// into the sign-in flow. Anything else becomes "/".
func SafeReturnTo(s string) string {
	if len(s) == 0 || len(s) > 2048 || s[0] != '/' {
		return "/"
	}
	if len(s) > 1 && (s[1] == '/' || s[1] == '\\') {
		return "/"
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f || s[i] == '\\' {
			return "/"
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "/"
	}
	// A path that only becomes "//host" once decoded is refused as well.
	if p, err := url.PathUnescape(u.EscapedPath()); err != nil || len(p) > 1 && (p[1] == '/' || p[1] == '\\') || !startsWithSlash(p) {
		return "/"
	}
	switch {
	case u.Path == "/login", u.Path == "/logout", len(u.Path) >= 6 && u.Path[:6] == "/auth/", len(u.Path) >= 9 && u.Path[:9] == "/sandbox/":
		return "/"
	}
	u.Fragment = ""
	return u.RequestURI()
}

func startsWithSlash(p string) bool { return len(p) > 0 && p[0] == '/' }
