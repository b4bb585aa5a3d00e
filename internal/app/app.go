// Package app assembles Aula from its configuration: stores, sessions,
// the Factorial client factory, the sandbox in demo mode, middleware and
// routes. main runs it; tests mount its Handler on httptest.
package app

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/aula-hr/aula/internal/paths"

	"github.com/alexedwards/scs/v2"
	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"
	echomw "github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"github.com/aula-hr/aula/config"
	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/handlers"
	"github.com/aula-hr/aula/logins"
	mw "github.com/aula-hr/aula/middleware"
	"github.com/aula-hr/aula/static"
	"github.com/aula-hr/aula/views/layout"
)

// Options change how the app is built, for tests and benchmarks.
type Options struct {
	// Sandbox is the emulator mounted under /sandbox/ in demo mode. Nil: a
	// new default sandbox.
	Sandbox Sandbox
	// Now is the clock of the home page and the token refresher.
	Now func() time.Time
	// UpstreamTransport replaces the transport to Factorial (outside demo mode).
	UpstreamTransport http.RoundTripper
}

// Sandbox is the Factorial emulator as the app uses it (*sandbox.Sandbox).
type Sandbox interface {
	http.Handler
	OAuthClient() (id, secret string)
	// RegisterRedirectURI registers Aula's OAuth2 callback: the sandbox,
	// like Factorial, refuses any other redirect URI.
	RegisterRedirectURI(uris ...string)
}

// App is a built Aula.
type App struct {
	Config   config.Config
	Handler  http.Handler
	Logins   logins.Store
	Sessions *scs.SessionManager
	Sandbox  Sandbox // demo mode only
	// Echo is the router behind Handler: its Routes() are every route, for
	// tests that cover them all.
	Echo     *echo.Echo
	closers  []func() error
	once     sync.Once
	closeErr error
}

// Close releases the stores. Calling it again does nothing.
func (a *App) Close() error {
	a.once.Do(func() {
		var errs []error
		for i := len(a.closers) - 1; i >= 0; i-- {
			errs = append(errs, a.closers[i]())
		}
		a.closeErr = errors.Join(errs...)
	})
	return a.closeErr
}

// New builds Aula. The caller closes the App.
func New(ctx context.Context, cfg config.Config, log *slog.Logger, opts Options) (_ *App, err error) {
	a := &App{Config: cfg}
	defer func() {
		if err != nil {
			_ = a.Close()
		}
	}()

	cipher, err := logins.NewCipher(cfg.CurrentSecretKey, cfg.SecretKeys)
	if err != nil {
		return nil, &config.FieldError{Var: "AULA_SECRET_KEYS", Problem: err.Error()}
	}
	backend, err := logins.Open(ctx, cfg.SessionStore, cipher)
	if err != nil {
		return nil, fmt.Errorf("AULA_SESSION_STORE: %w", err)
	}
	a.closers = append(a.closers, backend.Close)
	a.Logins = backend.Logins

	public := strings.TrimRight(cfg.PublicURL.String(), "/")
	factorialURL := cfg.FactorialURL
	transport := opts.UpstreamTransport
	if transport == nil {
		transport = factorial.SharedTransport()
	}
	var oauth *factorial.OAuthConfig
	if cfg.Demo {
		sb := opts.Sandbox
		if sb == nil {
			sb = newDemoSandbox(cfg.SandboxAPIKey, cfg.TimeZone, cfg.Sandbox)
		}
		a.Sandbox = sb
		factorialURL = public + SandboxPrefix
		// Aula talks to its own sandbox in process: no loopback connection,
		// and it works whatever the public URL (a proxy, a container).
		transport = &inProcess{prefix: cfg.PublicURL.Path + SandboxPrefix, h: sb}
		id, secret := sb.OAuthClient()
		oauth = &factorial.OAuthConfig{ClientID: id, ClientSecret: secret}
	} else if cfg.OAuthEnabled() {
		oauth = &factorial.OAuthConfig{ClientID: cfg.OAuthClientID, ClientSecret: cfg.OAuthClientSecret, Scopes: cfg.OAuthScopes}
	}
	upstream := &http.Client{Transport: transport, Timeout: factorial.DefaultTimeout}
	if oauth != nil {
		oauth.BaseURL = factorialURL
		oauth.RedirectURL = public + paths.AuthCallback
		oauth.HTTPClient = upstream
	}
	if a.Sandbox != nil {
		a.Sandbox.RegisterRedirectURI(oauth.RedirectURL)
	}

	clients := func(kind logins.TokenKind, token string) (*factorial.Client, error) {
		o := []factorial.Option{
			factorial.WithBaseURL(factorialURL),
			factorial.WithAPIVersion(cfg.FactorialVersion),
			factorial.WithHTTPClient(upstream),
			factorial.WithUserAgent("aula"),
			// Pages read many short lists (a training's groups, its
			// sessions): page 1 alone first makes each cost one request.
			factorial.WithPrefetch(1),
			// and then the rest at once: the company's directory (25
			// pages of 2,500 people) in two round trips, not four.
			factorial.WithMaxConcurrency(32),
		}
		if kind == logins.KindAPIKey {
			o = append(o, factorial.WithAPIKey(token))
		} else {
			o = append(o, factorial.WithBearerToken(token))
		}
		return factorial.NewClient(o...)
	}
	whoami := func(ctx context.Context, kind logins.TokenKind, token string) (*factorial.Credential, error) {
		cl, err := clients(kind, token)
		if err != nil {
			return nil, err
		}
		return cl.Credentials.Me(ctx)
	}
	refresher := &logins.Refresher{Store: backend.Logins, Now: opts.Now}
	if oauth != nil {
		refresher.Refresh = oauth.Refresh
	}

	secure := cfg.Secure()
	sm := scs.New()
	sm.Store = backend.Sessions
	sm.Lifetime = 12 * time.Hour
	sm.IdleTimeout = 30 * time.Minute
	sm.Cookie.Name = cookieName("aula_session", secure)
	sm.Cookie.HttpOnly = true
	sm.Cookie.Secure = secure
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Path = "/"
	sm.Cookie.Persist = true
	a.Sessions = sm

	handshake := sessions.NewCookieStore(derive(cfg.SecretKey(), "handshake/hash"), derive(cfg.SecretKey(), "handshake/block"))
	handshake.Options = &sessions.Options{Path: "/", MaxAge: 600, HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode}
	handshake.MaxAge(600)

	assets, err := static.New()
	if err != nil {
		return nil, err
	}
	flashes := mw.NewFlashes(derive(cfg.SecretKey(), "flash/hash"), derive(cfg.SecretKey(), "flash/block"), secure)
	render := &handlers.Renderer{
		Demo: cfg.Demo,
		Assets: layout.Assets{
			CSS: assets.URL("css/app.css"), HTMX: assets.URL("vendor/htmx-2.0.11.min.js"),
			AppJS: assets.URL("js/app.js"), Icon: assets.URL("icons/aula.svg"),
			AttendanceJS: assets.URL("js/attendance.js"), AttendanceCSS: assets.URL("css/attendance.css"),
			CalendarCSS: assets.URL("css/calendar.css"),
		},
		HTMXConfig: handlers.HTMXConfigFor(cfg.RequestTimeout),
		Flashes:    flashes,
		Nav:        handlers.Nav,
	}
	locales := mw.NewLocales(secure, nil) // Factorial's API states no user language (api_public/credentials has none)
	h := &handlers.Handlers{
		Log: log, Render: render, Flashes: flashes, Sessions: sm, Logins: backend.Logins,
		Handshake: handshake, HandshakeName: cookieName(handlers.HandshakeCookie, secure),
		WhoAmI: whoami, Ready: backend.Logins, Demo: cfg.Demo, Locales: locales, PublicURL: cfg.PublicURL, BehindProxy: cfg.BehindProxy, TimeZone: cfg.TimeZone, Now: opts.Now,
		Feeds: backend.Feeds,
		FeedReader: func(ctx context.Context, id string) (*mw.CurrentUser, *factorial.Client, error) {
			return mw.SignedIn(ctx, backend.Logins, refresher, clients, id)
		},
	}
	if oauth != nil {
		h.OAuth = oauth
	}

	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.Logger.SetOutput(discard{})
	e.IPExtractor = echo.ExtractIPDirect()
	if cfg.BehindProxy {
		e.IPExtractor = echo.ExtractIPFromXFFHeader(trustedProxies(cfg.TrustedProxies)...)
	}
	e.HTTPErrorHandler = handlers.ErrorHandler(render, log, func(c echo.Context) error {
		return mw.EndSignIn(c, sm, backend.Logins)
	})
	e.Use(
		mw.RequestIDs(),
		mw.RequestLog(log),
		echomw.RecoverWithConfig(echomw.RecoverConfig{DisableStackAll: true, LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			log.ErrorContext(c.Request().Context(), "panic", "err", err, "stack", string(stack), "request_id", mw.RequestID(c))
			return err
		}}),
		mw.SecureHeaders(secure),
		echomw.GzipWithConfig(echomw.GzipConfig{Level: 5, MinLength: 1024}),
		echomw.BodyLimit("1M"),
		mw.ReadForms(),
		echomw.ContextTimeoutWithConfig(echomw.ContextTimeoutConfig{Timeout: cfg.RequestTimeout}),
	)
	e.GET(static.Prefix+"*", echo.WrapHandler(assets))
	sw, err := assets.ServiceWorker("js/sw.js")
	if err != nil {
		return nil, err
	}
	e.GET(paths.ServiceWorker, echo.WrapHandler(sw))
	web := e.Group("",
		mw.Sessions(sm, log),
		mw.Auth(sm, backend.Logins, refresher, clients, log),
		locales.Middleware(),
		mw.CSRF(derive(cfg.SecretKey(), "csrf"), sm, secure),
	)
	limiter := echomw.RateLimiterWithConfig(echomw.RateLimiterConfig{
		Store: echomw.NewRateLimiterMemoryStoreWithConfig(echomw.RateLimiterMemoryStoreConfig{
			Rate: rate.Limit(float64(cfg.SignInPerMinute) / 60), Burst: cfg.SignInPerMinute, ExpiresIn: 3 * time.Minute,
		}),
		IdentifierExtractor: func(c echo.Context) (string, error) { return c.RealIP(), nil },
		ErrorHandler:        func(echo.Context, error) error { return echo.ErrForbidden },
		DenyHandler:         func(echo.Context, string, error) error { return echo.ErrTooManyRequests },
	})
	h.Routes(e, web, limiter)
	a.Echo = e

	if a.Sandbox == nil {
		a.Handler = e
		return a, nil
	}
	speakAulasLanguage(a.Sandbox, locales)
	mux := http.NewServeMux()
	mux.Handle(SandboxPrefix+"/", sandboxHandler(a.Sandbox, log))
	mux.Handle("/", e)
	a.Handler = mux
	return a, nil
}

// SandboxPrefix is where the sandbox answers in demo mode.
const SandboxPrefix = "/sandbox"

func cookieName(name string, secure bool) string {
	if secure {
		return "__Host-" + name
	}
	return name
}

// derive gives each use of the secret key its own key.
func derive(secret []byte, purpose string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("aula/" + purpose))
	return m.Sum(nil)
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// trustedProxies are the options of Echo's X-Forwarded-For extractor: with
// no addresses, any loopback, link-local or private address is a trusted
// proxy (Echo's default); with addresses, only those are.
func trustedProxies(ps []netip.Prefix) []echo.TrustOption {
	if len(ps) == 0 {
		return nil
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, p := range ps {
		opts = append(opts, echo.TrustIPRange(&net.IPNet{IP: p.Addr().AsSlice(), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}))
	}
	return opts
}
