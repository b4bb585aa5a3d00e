package handlers

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
	"golang.org/x/oauth2"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/paths"
	"github.com/aula-hr/aula/logins"
	mw "github.com/aula-hr/aula/middleware"
	"github.com/aula-hr/aula/views/pages"
)

// HandshakeCookie is the name of the short-lived OAuth2 handshake cookie.
const HandshakeCookie = "aula_oauth"

// LoginPage offers both ways to sign in. A signed-in visitor goes straight on.
func (h *Handlers) LoginPage(c echo.Context) error {
	returnTo := mw.SafeReturnTo(c.QueryParam("return_to"))
	if mw.User(c) != nil {
		return c.Redirect(http.StatusSeeOther, returnTo)
	}
	if to, off := h.offPublicHost(c.Request()); off && to != "" {
		return c.Redirect(http.StatusSeeOther, to)
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return h.Render.Page(c, http.StatusOK, i18n.T(c.Request().Context(), "Sign in"), pages.Login(h.loginProps(c, returnTo, "")))
}

func (h *Handlers) loginProps(c echo.Context, returnTo, tokenError string) pages.LoginProps {
	if returnTo == "/" {
		returnTo = ""
	}
	if tokenError != "" {
		tokenError = i18n.T(c.Request().Context(), tokenError)
	}
	return pages.LoginProps{OAuth: h.OAuth != nil, Demo: h.Demo, ReturnTo: returnTo, TokenError: tokenError}
}

// StartOAuth begins "Sign in with Factorial": state and PKCE verifier go into
// the encrypted handshake cookie, the browser goes to Factorial.
func (h *Handlers) StartOAuth(c echo.Context) error {
	if h.OAuth == nil {
		return echo.ErrNotFound
	}
	if to, off := h.offPublicHost(c.Request()); off {
		if to != "" {
			return c.Redirect(http.StatusSeeOther, to)
		}
		h.Log.WarnContext(c.Request().Context(), "oauth sign-in refused: the browser cannot reach the public URL's host",
			"host", browserHost(c.Request(), h.BehindProxy), "public_host", h.PublicURL.Host, "request_id", mw.RequestID(c))
		return h.signInFailed(c, "Signing in works only at %s, the address Aula was started with (AULA_PUBLIC_URL), and this browser cannot open it. Open Aula there, or start Aula with AULA_PUBLIC_URL set to the address you opened.", h.publicAddress(c))
	}
	sess, _ := h.Handshake.New(c.Request(), h.HandshakeName) // a broken old cookie is replaced
	state := randomToken()
	verifier := oauth2.GenerateVerifier()
	sess.Values["state"] = state
	sess.Values["verifier"] = verifier
	sess.Values["return_to"] = mw.SafeReturnTo(c.QueryParam("return_to"))
	if err := sess.Save(c.Request(), c.Response()); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.Redirect(http.StatusSeeOther, h.OAuth.AuthCodeURL(state, verifier))
}

// OAuthCallback finishes the code flow: the state must match the handshake
// cookie, the code is exchanged with the PKCE verifier, Factorial says who
// the person is, and a login record is created.
func (h *Handlers) OAuthCallback(c echo.Context) error {
	if h.OAuth == nil {
		return echo.ErrNotFound
	}
	ctx := c.Request().Context()
	sess, err := h.Handshake.Get(c.Request(), h.HandshakeName)
	state, _ := sess.Values["state"].(string)
	verifier, _ := sess.Values["verifier"].(string)
	returnTo, _ := sess.Values["return_to"].(string)
	// The handshake is single-use, whatever happens next.
	sess.Options.MaxAge = -1
	_ = sess.Save(c.Request(), c.Response())

	if err != nil || state == "" || verifier == "" {
		if _, cerr := c.Request().Cookie(h.HandshakeName); cerr != nil {
			// Hosts only: the query holds the code and state.
			h.Log.WarnContext(ctx, "oauth callback without the handshake cookie",
				"host", browserHost(c.Request(), h.BehindProxy), "public_host", h.publicHost(),
				"referer_host", refererHost(c.Request()), "request_id", mw.RequestID(c))
			return h.signInFailed(c, "Signing in could not finish: your browser came back to a different address than the one you started from, or it blocks cookies for this site, or the sign-in was started in another browser or more than 10 minutes ago. Open %s and sign in again.", h.publicAddress(c))
		}
		return h.signInFailed(c, "Signing in took too long or was started before Aula restarted. Please try again.")
	}
	if e := c.QueryParam("error"); e != "" {
		h.Log.InfoContext(ctx, "oauth sign-in refused by factorial", "oauth_error", safeCode(e), "request_id", mw.RequestID(c))
		return h.signInFailed(c, "Factorial did not let you sign in. You can try again.")
	}
	if subtle.ConstantTimeCompare([]byte(c.QueryParam("state")), []byte(state)) != 1 {
		h.Log.WarnContext(ctx, "oauth state mismatch", "request_id", mw.RequestID(c))
		return h.signInFailed(c, "This sign-in link is not valid any more. Please try again.")
	}
	code := c.QueryParam("code")
	if code == "" {
		return h.signInFailed(c, "Factorial did not send a sign-in code. Please try again.")
	}
	tok, err := h.OAuth.Exchange(ctx, code, verifier)
	if err != nil {
		h.Log.WarnContext(ctx, "oauth code exchange failed", "err", err, "request_id", mw.RequestID(c))
		var fe *factorial.Error
		if errors.As(err, &fe) && fe.StatusCode >= 400 && fe.StatusCode < 500 && fe.StatusCode != http.StatusTooManyRequests {
			return h.signInFailed(c, "Factorial did not accept the sign-in. Please try again.")
		}
		return h.signInFailed(c, "Factorial did not answer, so you are not signed in. Try again in a moment.")
	}
	cred, err := h.WhoAmI(ctx, logins.KindOAuth, tok.AccessToken)
	if errors.Is(err, factorial.ErrUnauthorized) || errors.Is(err, factorial.ErrForbidden) {
		h.Log.WarnContext(ctx, "oauth sign-in: credentials refused", "err", err, "request_id", mw.RequestID(c))
		return h.signInFailed(c, "Factorial did not let Aula see who you are, so you are not signed in. Ask your Factorial administrator whether Aula's application may read your credentials.")
	}
	if err != nil {
		return err
	}
	l := loginFor(cred, logins.Token{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, Expiry: tok.Expiry, Kind: logins.KindOAuth})
	if err := h.signIn(c, l); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, mw.SafeReturnTo(returnTo))
}

// offPublicHost reports whether r came to another host than the public
// URL's. The handshake cookie belongs to the host it is set on and Factorial
// sends the browser back to the public URL, so a sign-in started elsewhere
// (127.0.0.1 when Aula announced localhost) could not finish. to is the
// same path and query on the public origin, to send a GET there; it is
// empty when the public URL is this machine's loopback address and the
// browser is not on this machine, so sending it there would not help.
func (h *Handlers) offPublicHost(r *http.Request) (to string, off bool) {
	if h.PublicURL == nil {
		return "", false
	}
	host := browserHost(r, h.BehindProxy)
	if host == "" || sameHost(host, h.PublicURL) {
		return "", false // behind a proxy that names no host, it is the proxy's to route
	}
	if isLoopback(h.PublicURL.Hostname()) && !isLoopback(hostOnly(host)) {
		return "", true
	}
	u := *h.PublicURL
	u.Path, u.RawPath, u.RawQuery, u.Fragment = r.URL.Path, r.URL.RawPath, r.URL.RawQuery, ""
	return u.String(), true
}

// browserHost is the host the browser asked for: the Host header, or behind
// a proxy the first X-Forwarded-Host (empty when the proxy sends none). It
// only decides whether to send the browser to the public URL, never where.
func browserHost(r *http.Request, behindProxy bool) string {
	if !behindProxy {
		return r.Host
	}
	first, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Host"), ",")
	return strings.TrimSpace(first)
}

// sameHost compares host[:port] with the public URL's host, the scheme's
// default port filled in on both sides.
func sameHost(host string, public *url.URL) bool {
	def := "80"
	if public.Scheme == "https" {
		def = "443"
	}
	norm := func(hostport string) string {
		h, p, err := net.SplitHostPort(hostport)
		if err != nil {
			h, p = strings.Trim(hostport, "[]"), def
		}
		return strings.ToLower(strings.TrimSuffix(h, ".")) + " " + p
	}
	return norm(host) == norm(public.Host)
}

func hostOnly(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return strings.Trim(hostport, "[]")
}

// isLoopback: localhost, a name under .localhost, or a loopback address.
func isLoopback(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback()
}

func refererHost(r *http.Request) string {
	u, err := url.Parse(r.Referer())
	if err != nil {
		return ""
	}
	return u.Host
}

func (h *Handlers) publicHost() string {
	if h.PublicURL == nil {
		return ""
	}
	return h.PublicURL.Host
}

// publicAddress is the public URL as a person types it.
func (h *Handlers) publicAddress(c echo.Context) string {
	if h.PublicURL == nil {
		return i18n.T(c.Request().Context(), "Aula's address")
	}
	return h.PublicURL.Scheme + "://" + h.PublicURL.Host
}

// signInFailed flashes the message key, in the request's language, on the
// sign-in page.
func (h *Handlers) signInFailed(c echo.Context, key string, args ...any) error {
	h.Flashes.Add(c, "error", i18n.T(c.Request().Context(), key, args...))
	return c.Redirect(http.StatusSeeOther, paths.Login)
}

// TokenSignIn accepts a pasted access token or API key once Factorial
// confirms it (as a bearer token first, then as an API key). A refused
// token re-renders the form with a message; the token is never echoed back.
func (h *Handlers) TokenSignIn(c echo.Context) error {
	ctx := c.Request().Context()
	returnTo := mw.SafeReturnTo(c.FormValue("return_to"))
	token := strings.TrimSpace(c.FormValue("token"))
	if token == "" {
		return h.Render.Page(c, http.StatusOK, i18n.T(c.Request().Context(), "Sign in"), pages.Login(h.loginProps(c, returnTo, "Paste an access token or API key.")))
	}
	if len(token) > 4096 || strings.ContainsAny(token, " \t\r\n") {
		return h.Render.Page(c, http.StatusOK, i18n.T(c.Request().Context(), "Sign in"), pages.Login(h.loginProps(c, returnTo, "This does not look like a Factorial token or API key.")))
	}
	kind := logins.KindBearer
	cred, err := h.WhoAmI(ctx, kind, token)
	if errors.Is(err, factorial.ErrUnauthorized) || errors.Is(err, factorial.ErrForbidden) {
		kind = logins.KindAPIKey
		cred, err = h.WhoAmI(ctx, kind, token)
	}
	switch {
	case errors.Is(err, factorial.ErrUnauthorized), errors.Is(err, factorial.ErrForbidden):
		return h.Render.Page(c, http.StatusOK, i18n.T(c.Request().Context(), "Sign in"), pages.Login(h.loginProps(c, returnTo, "Factorial did not accept this token or API key. Check it and paste it again.")))
	case err != nil:
		h.Log.WarnContext(ctx, "token check failed", "err", err, "request_id", mw.RequestID(c))
		return h.Render.Page(c, http.StatusOK, i18n.T(c.Request().Context(), "Sign in"), pages.Login(h.loginProps(c, returnTo, "Factorial did not answer, so the token could not be checked. Try again in a moment.")))
	}
	if err := h.signIn(c, loginFor(cred, logins.Token{AccessToken: token, Kind: kind})); err != nil {
		return err
	}
	return Redirect(c, returnTo)
}

// signIn stores the login and puts its id, under a new session id, into the
// session. A login the session held before (signing in as someone else
// without signing out) is revoked, so a request of the old session still in
// flight cannot switch the browser back to the other person.
func (h *Handlers) signIn(c echo.Context, l *logins.Login) error {
	ctx := c.Request().Context()
	l.CreatedAt = h.now() // the clock its expiry is checked with
	if err := h.Logins.Create(ctx, l); err != nil {
		return fmt.Errorf("%w: %w", mw.ErrSessionStore, err)
	}
	if err := h.revoke(ctx, h.Sessions.GetString(ctx, mw.LoginKey)); err != nil {
		return err
	}
	if err := h.Sessions.RenewToken(ctx); err != nil {
		return err
	}
	h.Sessions.Put(ctx, mw.LoginKey, l.ID)
	if h.Feeds != nil && l.EmployeeID != 0 {
		// The person's calendar feed, if any, reads with this sign-in now.
		if err := h.Feeds.FollowLogin(ctx, l.CompanyID, l.EmployeeID, l.ID); err != nil {
			h.Log.WarnContext(ctx, "calendar feed not moved to the new sign-in", "err", err, "request_id", mw.RequestID(c))
		}
	}
	h.Log.InfoContext(ctx, "signed in", "login", l.ID[:8], "kind", string(l.Token.Kind), "role", l.Role, "request_id", mw.RequestID(c))
	return nil
}

// Logout revokes the login (so no request in flight can bring it back) and
// ends the session.
func (h *Handlers) Logout(c echo.Context) error {
	ctx := c.Request().Context()
	if err := h.revoke(ctx, h.Sessions.GetString(ctx, mw.LoginKey)); err != nil {
		return err
	}
	if err := h.Sessions.Destroy(ctx); err != nil {
		return err
	}
	// Drop what the attendance sheet keeps on the device (its cached sheets
	// and waiting marks: the sign-out form warns first when marks wait).
	// keep_queue=1 says app.js deleted this person's own marks and the
	// cached sheets itself, and other people's marks wait on the device
	// (their sign-in ended first): the storage holding them stays, for
	// their owner to send. A forged field only keeps the sender's own
	// browser storage; CSRF still guards the form.
	clear := `"cache", "storage"`
	if c.FormValue("keep_queue") == "1" {
		clear = `"cache"`
	}
	c.Response().Header().Set("Clear-Site-Data", clear)
	h.Flashes.Add(c, "success", i18n.T(c.Request().Context(), "You are signed out."))
	return Redirect(c, paths.Login)
}

// revoke ends the login id for good; no id, or one already gone, is fine.
func (h *Handlers) revoke(ctx context.Context, id string) error {
	if id == "" {
		return nil
	}
	if err := h.Logins.Revoke(ctx, id); err != nil && !errors.Is(err, logins.ErrNotFound) {
		return fmt.Errorf("%w: %w", mw.ErrSessionStore, err)
	}
	return nil
}

func loginFor(cred *factorial.Credential, tok logins.Token) *logins.Login {
	l := &logins.Login{CompanyID: cred.CompanyID, Token: tok}
	if cred.EmployeeID != nil {
		l.EmployeeID = *cred.EmployeeID
	}
	if cred.FullName != nil && *cred.FullName != "" {
		l.Name = *cred.FullName
	} else if cred.FirstName != nil {
		l.Name = strings.TrimSpace(*cred.FirstName + " " + deref(cred.LastName))
	}
	if l.Name == "" {
		l.Name = "API key"
	}
	l.Email = deref(cred.Email)
	l.Role = deref(cred.Role)
	return l
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func randomToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// safeCode keeps an OAuth error code loggable: short, plain characters only.
func safeCode(s string) string {
	if len(s) > 40 {
		s = s[:40]
	}
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r == '_' {
			return r
		}
		return -1
	}, s)
}
