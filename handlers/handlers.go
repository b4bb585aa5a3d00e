// Package handlers holds Aula's HTTP handlers, one file per area, the
// routes (routes.go), the render helper and the one error handler.
package handlers

import (
	"context"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
	"log/slog"
	"net/url"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/gorilla/sessions"
	"golang.org/x/oauth2"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/usercache"
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

// FeedKeys keeps each person's calendar feed key (logins.FeedStore).
type FeedKeys interface {
	IssueFeed(ctx context.Context, company, employee factorial.ID, loginID string) (string, error)
	FeedByKey(ctx context.Context, key string) (*logins.Feed, error)
	FeedOf(ctx context.Context, company, employee factorial.ID) (*logins.Feed, error)
	RevokeFeed(ctx context.Context, company, employee factorial.ID) error
	FollowLogin(ctx context.Context, company, employee factorial.ID, loginID string) error
}

// SignedIn is a stored sign-in as its person and a Factorial client acting
// as them (middleware.SignedIn over the login store).
type SignedIn func(ctx context.Context, loginID string) (*mw.CurrentUser, *factorial.Client, error)

// WhoAmI asks Factorial who a credential belongs to (Credentials.Me).
type WhoAmI func(ctx context.Context, kind logins.TokenKind, token string) (*factorial.Credential, error)

// Pinger answers whether a backing store is reachable.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Handlers are Aula's screens and sign-in, and the base every area of
// screens embeds: its fields are the app's dependencies, its methods the
// helpers every handler needs (today and the company's time zone, flash,
// afterWrite, the permission check can/require, page and fragment). Build
// it with all fields set; nil OAuth turns "Sign in with Factorial" off.
//
// An area (catalogue, and next sessions, attendance, completion) is a type
// that embeds *Handlers and adds only what is its own, e.g.
//
//	type Attendance struct{ *Handlers }
//
//	func NewAttendance(h *Handlers) *Attendance { return &Attendance{Handlers: h} }
//
// with its routes in routes.go (addresses from internal/paths), its props in
// views/pages, and a per-user cache registered in h.userCaches so that the
// user's writes drop it.
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
	Locales       *mw.Locales // the language cookie the switcher sets
	TimeZone      *time.Location
	Now           func() time.Time

	// Feeds and FeedReader serve the calendar feed: the feed's key leads to
	// its owner's latest sign-in, which FeedReader reads Factorial with.
	// Nil Feeds turns the feed off.
	Feeds      FeedKeys
	FeedReader SignedIn

	// PublicURL is AULA_PUBLIC_URL, where Factorial sends the browser back
	// to: a sign-in starts only on its host. Behind a proxy the Host header
	// is the proxy's; the browser's is X-Forwarded-Host, if the proxy sends it.
	PublicURL   *url.URL
	BehindProxy bool

	userCaches []userCache                          // dropped for the user on each of their writes
	directory  *usercache.Cache[factorial.Employee] // see employeesOf; nil reads Factorial each time
	teaching   *usercache.Cache[factorial.ID]       // see withTeaching; nil reads Factorial each time
	pages      pageHints                            // see readHinted
	finished   *usercache.Cache[factorial.Session]  // see pastSelfPaced; nil reads Factorial each time
}

// userCache is a per-user cache (keyed by login) of what Factorial shows.
type userCache interface{ Drop(key string) }

func (h *Handlers) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// zone is the company's time zone (AULA_TIMEZONE).
func (h *Handlers) zone() *time.Location {
	if h.TimeZone == nil {
		return time.UTC
	}
	return h.TimeZone
}

// today is the company's date now.
func (h *Handlers) today() factorial.Date { return factorial.DateOf(h.now().In(h.zone())) }

// flash adds a message to the next page the person sees.
func (h *Handlers) flash(c echo.Context, kind, msg string) {
	if h.Flashes != nil {
		h.Flashes.Add(c, kind, msg)
	}
}

// afterWrite drops the user's cached reads, so their next page shows the write.
func (h *Handlers) afterWrite(c echo.Context) {
	for _, uc := range h.userCaches {
		uc.Drop(cacheKey(c))
	}
}

// cacheKey identifies whose cache entry it is: one sign-in, one view of Factorial.
func cacheKey(c echo.Context) string { return mw.User(c).LoginID }

// page answers with a full page (or its fragment, to htmx); fragment with
// the component alone.
func (h *Handlers) page(c echo.Context, status int, title string, body templ.Component) error {
	return h.Render.Page(c, status, title, body)
}

func (h *Handlers) fragment(c echo.Context, status int, comp templ.Component) error {
	return h.Render.Fragment(c, status, comp)
}
