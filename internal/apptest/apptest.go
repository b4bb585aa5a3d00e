// Package apptest starts the whole Aula app — the same handler `go run .`
// serves — on an httptest server in demo mode (in-process sandbox, memory
// store unless told otherwise) and signs demo people in through the real
// OAuth2 flow. Handler, security and browser tests build on it.
package apptest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/aula-hr/aula/config"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/app"
	"github.com/aula-hr/aula/logins"
	mw "github.com/aula-hr/aula/middleware"
)

// Server is a running Aula in demo mode.
type Server struct {
	*httptest.Server
	App     *app.App
	Sandbox *sandbox.Sandbox
	Logs    *LogBuffer
	Env     map[string]string
}

// Option changes how Start builds the server.
type Option func(*settings)

type settings struct {
	env      map[string]string
	sandbox  []sandbox.Option
	sb       *sandbox.Sandbox
	appOpts  app.Options
	logLevel slog.Level
	wrap     func(http.Handler) http.Handler // around Aula's handler
	host     string                          // of the public URL, on the server's port
	gates    []*Gate                         // in front of the sandbox
	demo     bool                            // the app builds its own sandbox from the configuration
	sbWrap   func(http.Handler) http.Handler // in front of the sandbox, after the gates
}

// WithEnv sets a configuration variable (AULA_SESSION_STORE, AULA_DATA_DIR, …).
func WithEnv(k, v string) Option { return func(s *settings) { s.env[k] = v } }

// WithSandboxOptions passes options to the sandbox (clock, seed, profile).
func WithSandboxOptions(o ...sandbox.Option) Option {
	return func(s *settings) { s.sandbox = append(s.sandbox, o...) }
}

// WithSandbox uses an existing sandbox, e.g. one shared by two instances.
func WithSandbox(sb *sandbox.Sandbox) Option { return func(s *settings) { s.sb = sb } }

// WithDemoSandbox lets the app build its sandbox as `go run .` does in demo
// mode, from the configuration (AULA_SANDBOX_* set with WithEnv), instead
// of the test's. Not with WithSandbox, WithSandboxOptions or gates.
func WithDemoSandbox() Option { return func(s *settings) { s.demo = true } }

// WithNow sets the app's clock (home page dates, token expiry checks).
func WithNow(now func() time.Time) Option { return func(s *settings) { s.appOpts.Now = now } }

// WithLogLevel captures log lines from this level on (default debug).
func WithLogLevel(l slog.Level) Option { return func(s *settings) { s.logLevel = l } }

// WithPublicHost makes the public URL http://host:<the server's port>,
// e.g. localhost while the server's URL is 127.0.0.1.
func WithPublicHost(host string) Option { return func(s *settings) { s.host = host } }

// WithHandlerWrap puts wrap around the app's handler, e.g. to hold one
// request back until another has been answered.
func WithHandlerWrap(wrap func(http.Handler) http.Handler) Option {
	return func(s *settings) { s.wrap = wrap }
}

// Start builds and starts Aula in demo mode; it stops when the test ends.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	st := &settings{env: map[string]string{
		"AULA_SESSION_STORE": "memory",
		"AULA_DATA_DIR":      t.TempDir(),
		"AULA_LOG_LEVEL":     "debug",
		"AULA_SIGNIN_RATE":   "1000",
	}, logLevel: slog.LevelDebug}
	for _, o := range opts {
		o(st)
	}
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	if st.host != "" {
		_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
		st.env["AULA_PUBLIC_URL"] = "http://" + net.JoinHostPort(st.host, port)
	}
	if _, ok := st.env["AULA_PUBLIC_URL"]; !ok {
		st.env["AULA_PUBLIC_URL"] = base
	}
	cfg, err := config.Load(func(k string) string { return st.env[k] })
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	logs := &LogBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: st.logLevel}))
	sb := st.sb
	if sb == nil && !st.demo {
		sb = sandbox.New(st.sandbox...)
	}
	if sb != nil {
		st.appOpts.Sandbox = sb
	}
	if len(st.gates) > 0 {
		st.appOpts.Sandbox = gated{Sandbox: sb, gates: st.gates}
	}
	if st.sbWrap != nil {
		st.appOpts.Sandbox = wrappedSandbox{Sandbox: st.appOpts.Sandbox, h: st.sbWrap(st.appOpts.Sandbox)}
	}
	a, err := app.New(context.Background(), cfg, log, st.appOpts)
	if err != nil {
		t.Fatalf("app: %v", err)
	}
	if st.demo {
		sb = a.Sandbox.(*sandbox.Sandbox)
	}
	srv.Config.Handler = a.Handler
	if st.wrap != nil {
		srv.Config.Handler = st.wrap(a.Handler)
	}
	srv.Start()
	t.Cleanup(func() {
		srv.Close()
		_ = a.Close()
		if t.Failed() && testing.Verbose() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	for _, g := range st.gates {
		t.Cleanup(g.Release) // runs before the server closes, which waits for held requests
	}
	return &Server{Server: srv, App: a, Sandbox: sb, Logs: logs, Env: st.env}
}

// Client is a browser-like HTTP client with its own cookie jar that does
// not follow redirects by itself (tests look at them).
type Client struct {
	*http.Client
	Base string
	// Callback is the last OAuth callback URL this client was sent to
	// (with the code and state), for tests that check they leak nowhere.
	Callback string
	// Host, when set, is the Host header of every request: the name the
	// browser reached the server by (the public URL's host, say).
	Host string
	t    testing.TB
}

// NewClient returns a client with an empty cookie jar.
func (s *Server) NewClient(t testing.TB) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{
		Client: &http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}},
		Base: s.URL,
		t:    t,
	}
}

// SignIn signs a demo person in (sandbox.PersonaHRAdmin, PersonaTrainer,
// PersonaManager, PersonaEmployee) through /auth/start → the sandbox's
// persona picker → /auth/callback, and returns their client.
func (s *Server) SignIn(t testing.TB, persona string) *Client {
	t.Helper()
	c := s.NewClient(t)
	c.SignIn(persona, "/")
	return c
}

// SignIn runs the OAuth flow for persona with this client, starting from
// returnTo, and returns where Aula sent the browser in the end.
func (c *Client) SignIn(persona, returnTo string) string {
	c.t.Helper()
	callback := c.Authorize(persona, returnTo)
	res := c.Do(http.MethodGet, callback, nil, nil)
	return c.follow(res, http.StatusSeeOther)
}

// Authorize runs the OAuth flow for persona up to Factorial's answer: it
// returns the callback URL (with the code and state) without visiting it.
func (c *Client) Authorize(persona, returnTo string) string {
	c.t.Helper()
	start := "/auth/start"
	if returnTo != "" && returnTo != "/" {
		start += "?return_to=" + url.QueryEscape(returnTo)
	}
	res := c.Do(http.MethodGet, start, nil, nil)
	authorize := c.follow(res, http.StatusSeeOther)
	res = c.Do(http.MethodGet, authorize, nil, nil)
	if res.StatusCode != http.StatusOK {
		c.t.Fatalf("persona picker: status %d", res.StatusCode)
	}
	doc := Parse(c.t, res)
	form := url.Values{}
	doc.Find(`form input[type="hidden"]`).Each(func(_ int, s *goquery.Selection) {
		form.Set(s.AttrOr("name", ""), s.AttrOr("value", ""))
	})
	if doc.Find(`button[name="persona"][value="`+persona+`"]`).Length() != 1 {
		c.t.Fatalf("persona picker has no button for %q", persona)
	}
	form.Set("persona", persona)
	u, _ := url.Parse(authorize)
	res = c.Do(http.MethodPost, u.Path, form, nil) // the picker posts to itself
	c.Callback = c.follow(res, http.StatusFound)
	return c.Callback
}

func (c *Client) follow(res *http.Response, want int) string {
	c.t.Helper()
	if res.StatusCode != want {
		c.t.Fatalf("%s %s: status %d, want %d", res.Request.Method, res.Request.URL.Path, res.StatusCode, want)
	}
	loc, err := res.Location()
	if err != nil {
		c.t.Fatalf("%s %s: no Location", res.Request.Method, res.Request.URL.Path)
	}
	if loc.Host == strings.TrimPrefix(c.Base, "http://") {
		return loc.RequestURI()
	}
	return loc.String()
}

// Do sends a request to path (relative to the server, or absolute). A form
// is sent url-encoded; the body is read into memory so it can be inspected
// more than once (Body, Parse).
func (c *Client) Do(method, path string, form url.Values, header http.Header) *http.Response {
	c.t.Helper()
	u := path
	if strings.HasPrefix(path, "/") {
		u = c.Base + path
	}
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if c.Host != "" {
		req.Host = c.Host
	}
	for k, v := range header {
		req.Header[k] = v
	}
	res, err := c.Client.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		c.t.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	res.Body = io.NopCloser(bytes.NewReader(b))
	return res
}

// Get fetches a page.
func (c *Client) Get(path string) *http.Response { return c.Do(http.MethodGet, path, nil, nil) }

// HTMX fetches path as htmx would (HX-Request, plus the CSRF header).
func (c *Client) HTMX(method, path string, form url.Values) *http.Response {
	h := http.Header{"Hx-Request": {"true"}, "Hx-Current-Url": {c.Base + "/"}}
	if tok := c.CSRFToken(); tok != "" {
		h.Set("X-CSRF-Token", tok)
	}
	return c.Do(method, path, form, h)
}

// Post sends a form with the CSRF token a page would include.
func (c *Client) Post(path string, form url.Values) *http.Response {
	if form == nil {
		form = url.Values{}
	}
	if form.Get("_csrf") == "" {
		form.Set("_csrf", c.CSRFToken())
	}
	return c.Do(http.MethodPost, path, form, nil)
}

// CSRFToken returns the token a page of this client's session carries, read
// from its csrf-token meta tag as htmx reads it. The token is bound to the
// session, so it is fetched anew each time: it changes at sign-in and
// sign-out.
func (c *Client) CSRFToken() string {
	c.t.Helper()
	// An address without a route shows the not-found page when signed in,
	// or sends the visitor to the sign-in page: both have the layout, and
	// neither asks Factorial anything.
	res := c.Get("/no-such-page")
	if res.StatusCode == http.StatusSeeOther {
		res = c.Get(res.Header.Get("Location"))
	}
	return Parse(c.t, res).Find(`meta[name="csrf-token"]`).AttrOr("content", "")
}

// Login returns the login record behind this client's session, or nil when
// the session holds none.
func (s *Server) Login(t testing.TB, c *Client) *logins.Login {
	t.Helper()
	tok := c.Cookie(s.App.Sessions.Cookie.Name)
	if tok == "" {
		return nil
	}
	b, found, err := s.App.Sessions.Store.Find(tok)
	if err != nil || !found {
		return nil
	}
	_, values, err := s.App.Sessions.Codec.Decode(b)
	if err != nil {
		t.Fatalf("decode session: %v", err)
	}
	id, _ := values[mw.LoginKey].(string)
	if id == "" {
		return nil
	}
	l, err := s.App.Logins.Get(context.Background(), id)
	if err != nil {
		t.Fatalf("login %s: %v", id[:8], err)
	}
	return l
}

// Cookie returns the value of the named cookie in the jar.
func (c *Client) Cookie(name string) string {
	u, _ := url.Parse(c.Base)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// Parse reads an HTML response into a goquery document.
func Parse(t testing.TB, res *http.Response) *goquery.Document {
	t.Helper()
	b, _ := io.ReadAll(res.Body)
	res.Body = io.NopCloser(bytes.NewReader(b))
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("parse HTML: %v", err)
	}
	return doc
}

// Body returns the response body as a string (it stays readable).
func Body(res *http.Response) string {
	b, _ := io.ReadAll(res.Body)
	res.Body = io.NopCloser(bytes.NewReader(b))
	return string(b)
}

// TestID finds elements by data-testid.
func TestID(doc *goquery.Document, id string) *goquery.Selection {
	return doc.Find(`[data-testid="` + id + `"]`)
}

// LogBuffer collects the app's log lines for assertions.
type LogBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *LogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// String returns everything logged so far.
func (l *LogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}
