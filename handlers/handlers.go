// Package handlers holds Aula's HTTP handlers, one file per area, the
// routes (routes.go), the render helper and the one error handler.
package handlers

import (
	"context"
	"log/slog"
	"net/url"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/gorilla/sessions"
	"golang.org/x/oauth2"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/logins"
	mw "github.com/aula-hr/aula/middleware"
)

// OAuthFlow is the authorization-code flow with Factorial
// (factorial.OAuthConfig).
type OAuthFlow interface {
	AuthCodeURL(state, verifier string) string
	Exchange(ctx context.Context, code, verifier string) (*oauth2.Token, error)
}

// LoginRecords creates and revokes sign-ins (logins.Store).
type LoginRecords interface {
	Create(ctx context.Context, l *logins.Login) error
	Revoke(ctx context.Context, id string) error
}

// WhoAmI asks Factorial who a credential belongs to (Credentials.Me).
type WhoAmI func(ctx context.Context, kind logins.TokenKind, token string) (*factorial.Credential, error)

// Pinger answers whether a backing store is reachable.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Handlers are Aula's screens and sign-in. Build it with all fields set; nil
// OAuth turns "Sign in with Factorial" off.
type Handlers struct {
	Log           *slog.Logger
	Render        *Renderer
	Flashes       *mw.Flashes
	Sessions      *scs.SessionManager
	Logins        LoginRecords
	OAuth         OAuthFlow
	Handshake     sessions.Store // the short-lived encrypted OAuth2 handshake cookie
	HandshakeName string         // its cookie name (HandshakeCookie, __Host- prefixed behind HTTPS)
	WhoAmI        WhoAmI
	Ready         Pinger
	Demo          bool
	TimeZone      *time.Location
	Now           func() time.Time

	// PublicURL is AULA_PUBLIC_URL, where Factorial sends the browser back
	// to: a sign-in starts only on its host. Behind a proxy the Host header
	// is the proxy's; the browser's is X-Forwarded-Host, if the proxy sends it.
	PublicURL   *url.URL
	BehindProxy bool
}

func (h *Handlers) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}
