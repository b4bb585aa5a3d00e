package factorial

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// Hosts and the API version this package targets.
const (
	// ProductionURL is the host of Factorial's production API.
	ProductionURL = "https://api.factorialhr.com"
	// DemoURL is the host of Factorial's own demo environment.
	DemoURL = "https://api.demo.factorialhr.dev"
	// DefaultAPIVersion is the dated API version sent when none is configured.
	DefaultAPIVersion = "2026-04-01"
	// DefaultMaxConcurrency is how many requests All keeps in flight at most.
	DefaultMaxConcurrency = 8
	// DefaultPrefetch is how many pages All asks for before a reply has
	// told it the total.
	DefaultPrefetch = 4
	// DefaultTimeout bounds one HTTP attempt when the client builds its own
	// *http.Client; a context deadline bounds the whole call.
	DefaultTimeout = 30 * time.Second
	// maxPageSize is Factorial's default and maximum page size.
	maxPageSize = 100
)

var (
	sharedTransportOnce sync.Once
	sharedTransport     *http.Transport
)

// SharedTransport returns the one tuned, keep-alive transport that every
// client built without WithHTTPClient or WithTransport uses. Sharing it keeps
// connections to Factorial warm across clients, so a client per request costs
// next to nothing. Go's default keeps only 2 idle connections per host, fewer
// than All keeps in flight; this one keeps 32.
func SharedTransport() http.RoundTripper {
	sharedTransportOnce.Do(func() {
		sharedTransport = &http.Transport{
			Proxy: http.ProxyFromEnvironment,
			DialContext: (&net.Dialer{
				Timeout:   10 * time.Second,
				KeepAlive: 30 * time.Second,
			}).DialContext,
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          128,
			MaxIdleConnsPerHost:   32,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   10 * time.Second,
			ExpectContinueTimeout: time.Second,
			ResponseHeaderTimeout: DefaultTimeout,
		}
	})
	return sharedTransport
}

var defaultHTTPClient = &http.Client{Transport: SharedTransport(), Timeout: DefaultTimeout}

// RetryPolicy says how idempotent requests (GET, PUT, DELETE and the
// attendance bulk update) are retried on 429, 502, 503, 504 and connection
// errors, after the reply's Retry-After when it has one. Creates and bulk
// creates are never retried.
type RetryPolicy struct {
	// MaxAttempts counts the first try; 1 disables retries. 0 means the default (4).
	MaxAttempts int
	// BaseDelay is the backoff before the first retry; it doubles each retry,
	// with full jitter. 0 means 200ms.
	BaseDelay time.Duration
	// MaxDelay caps one backoff. 0 means 5s.
	MaxDelay time.Duration
	// MaxRetryAfter caps how long a server's Retry-After is honoured; a longer
	// Retry-After ends the retries and returns the error (a *RateLimitError
	// for a 429). 0 means 30s.
	MaxRetryAfter time.Duration
}

// DefaultRetryPolicy is the policy of a client built without WithRetry.
var DefaultRetryPolicy = RetryPolicy{MaxAttempts: 4, BaseDelay: 200 * time.Millisecond, MaxDelay: 5 * time.Second, MaxRetryAfter: 30 * time.Second}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = DefaultRetryPolicy.MaxAttempts
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = DefaultRetryPolicy.BaseDelay
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = DefaultRetryPolicy.MaxDelay
	}
	if p.MaxRetryAfter <= 0 {
		p.MaxRetryAfter = DefaultRetryPolicy.MaxRetryAfter
	}
	return p
}

// backoff returns the full-jitter delay before retry number n (1-based).
func (p RetryPolicy) backoff(n int) time.Duration {
	d := p.BaseDelay
	for i := 1; i < n && d < p.MaxDelay; i++ {
		d *= 2
	}
	d = min(d, p.MaxDelay)
	// Full jitter over [d/2, d]: spreads retries of many clients without
	// ever retrying immediately.
	return d/2 + rand.N(d/2+1)
}

// A Client talks to one Factorial host, as one identity (an API key, a user's
// bearer token or an OAuth2 token source). It is safe for concurrent use.
// Build one per signed-in user and request: construction allocates a few
// small structs and shares the connection pool of SharedTransport.
type Client struct {
	base      string // scheme://host[/path], no trailing slash
	version   string
	hc        *http.Client
	userAgent string
	apiKey    string
	bearer    string
	ts        oauth2.TokenSource
	maxConc   int
	prefetch  int
	retry     RetryPolicy
	sleep     func(ctx context.Context, d time.Duration) error // waits between retries; tests replace it

	common service

	// Trainings reads and writes trainings/trainings.
	Trainings *TrainingsService
	// Categories reads and writes trainings/categories.
	Categories *CategoriesService
	// Classes reads and writes trainings/training_classes.
	Classes *ClassesService
	// Sessions reads and writes trainings/sessions.
	Sessions *SessionsService
	// SessionAccess reads and writes trainings/session_access_memberships.
	SessionAccess *SessionAccessService
	// Attendances reads and writes trainings/session_attendances.
	Attendances *AttendancesService
	// Memberships reads and writes trainings/training_memberships.
	Memberships *MembershipsService
	// Employees reads employees/employees.
	Employees *EmployeesService
	// Credentials answers "who am I" (api_public/credentials).
	Credentials *CredentialsService
}

type service struct{ client *Client }

// An Option configures a Client.
type Option func(*Client) error

// WithBaseURL sets the host root, e.g. ProductionURL, DemoURL or a sandbox
// mounted under a path such as "http://127.0.0.1:8080/sandbox". The default is
// ProductionURL.
func WithBaseURL(u string) Option {
	return func(c *Client) error {
		p, err := url.Parse(strings.TrimSpace(u))
		// Errors never repeat the password a URL may carry.
		if err != nil {
			return errors.New("factorial: base URL cannot be parsed; it must be an absolute http(s) URL")
		}
		if (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return fmt.Errorf("factorial: base URL %q must be an absolute http(s) URL", truncate(p.Redacted(), 80))
		}
		if p.RawQuery != "" || p.Fragment != "" || p.User != nil {
			return fmt.Errorf("factorial: base URL must not carry a query, fragment or credentials")
		}
		c.base = strings.TrimRight(p.String(), "/")
		return nil
	}
}

// WithAPIVersion sets the dated API version (default DefaultAPIVersion).
func WithAPIVersion(v string) Option {
	return func(c *Client) error {
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return fmt.Errorf("factorial: API version %q is not YYYY-MM-DD", truncate(v, 20))
		}
		c.version = v
		return nil
	}
}

// WithHTTPClient makes the client send through hc (its transport, timeout and
// redirect policy). The default uses SharedTransport and DefaultTimeout.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return errors.New("factorial: nil *http.Client")
		}
		c.hc = hc
		return nil
	}
}

// WithTransport makes the client send through rt, with DefaultTimeout.
func WithTransport(rt http.RoundTripper) Option {
	return func(c *Client) error {
		if rt == nil {
			return errors.New("factorial: nil transport")
		}
		c.hc = &http.Client{Transport: rt, Timeout: DefaultTimeout}
		return nil
	}
}

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option {
	return func(c *Client) error { c.userAgent = ua; return nil }
}

// WithAPIKey authenticates with a company API key (x-api-key header).
func WithAPIKey(key string) Option {
	return func(c *Client) error { c.apiKey = key; return nil }
}

// WithBearerToken authenticates with a user's OAuth2 access token.
func WithBearerToken(tok string) Option {
	return func(c *Client) error { c.bearer = tok; return nil }
}

// WithTokenSource authenticates each request with a token from ts, for
// example one made by NewRotatingTokenSource.
func WithTokenSource(ts oauth2.TokenSource) Option {
	return func(c *Client) error { c.ts = ts; return nil }
}

// WithMaxConcurrency bounds the requests All keeps in flight (default 8).
func WithMaxConcurrency(n int) Option {
	return func(c *Client) error {
		if n < 1 {
			return fmt.Errorf("factorial: max concurrency %d must be at least 1", n)
		}
		c.maxConc = n
		return nil
	}
}

// WithPrefetch sets how many pages All asks for at once before a reply has
// told it the total (default 4). More saves a round trip on lists of up to n
// pages; on a list shorter than n pages, up to n-1 requests come back empty.
// With 1, All reads page 1 alone first, so a list that fits in one page
// costs exactly one request.
func WithPrefetch(n int) Option {
	return func(c *Client) error {
		if n < 1 {
			return fmt.Errorf("factorial: prefetch %d must be at least 1", n)
		}
		c.prefetch = n
		return nil
	}
}

// WithRetry sets the retry policy; zero fields take DefaultRetryPolicy's
// values and MaxAttempts 1 disables retries.
func WithRetry(p RetryPolicy) Option {
	return func(c *Client) error { c.retry = p.withDefaults(); return nil }
}

// NewClient returns a client configured by opts. At most one of
// WithAPIKey, WithBearerToken and WithTokenSource may be given; with none the
// client sends no credentials.
func NewClient(opts ...Option) (*Client, error) {
	c := &Client{
		base:      ProductionURL,
		version:   DefaultAPIVersion,
		hc:        defaultHTTPClient,
		userAgent: "aula-factorial-go",
		maxConc:   DefaultMaxConcurrency,
		prefetch:  DefaultPrefetch,
		retry:     DefaultRetryPolicy,
		sleep:     sleepCtx,
	}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, err
		}
	}
	n := 0
	for _, set := range []bool{c.apiKey != "", c.bearer != "", c.ts != nil} {
		if set {
			n++
		}
	}
	if n > 1 {
		return nil, errors.New("factorial: give only one of API key, bearer token and token source")
	}
	if c.apiKey != "" {
		c.hc = withoutKeyOnRedirect(c.hc)
	}
	c.common.client = c
	c.Trainings = (*TrainingsService)(&c.common)
	c.Categories = (*CategoriesService)(&c.common)
	c.Classes = (*ClassesService)(&c.common)
	c.Sessions = (*SessionsService)(&c.common)
	c.SessionAccess = (*SessionAccessService)(&c.common)
	c.Attendances = (*AttendancesService)(&c.common)
	c.Memberships = (*MembershipsService)(&c.common)
	c.Employees = (*EmployeesService)(&c.common)
	c.Credentials = (*CredentialsService)(&c.common)
	return c, nil
}

// withoutKeyOnRedirect returns a shallow copy of hc whose redirect policy
// drops the x-api-key header when a redirect leaves the original host. Go's
// client strips Authorization and cookies on such redirects, but copies
// every other header, so the company-wide key would follow the redirect.
func withoutKeyOnRedirect(hc *http.Client) *http.Client {
	cp := *hc
	next := hc.CheckRedirect
	cp.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 && req.URL.Host != via[0].URL.Host {
			req.Header.Del("x-api-key")
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &cp
}

// BaseURL returns the host root the client talks to.
func (c *Client) BaseURL() string { return c.base }

// APIVersion returns the dated API version the client sends.
func (c *Client) APIVersion() string { return c.version }

// request describes one API call.
type request struct {
	method     string
	path       string // resource path, e.g. "trainings/trainings/7"
	query      query
	body       any
	idempotent bool // may be retried
}

// do sends r, retrying when r is idempotent, and decodes a 2xx JSON reply
// into out (when out is non-nil).
func (c *Client) do(ctx context.Context, r request, out any) error {
	var payload []byte
	if r.body != nil {
		b, err := json.Marshal(r.body)
		if err != nil {
			return fmt.Errorf("factorial: encoding %s %s body: %w: %w", r.method, r.path, errNotSent, err)
		}
		payload = b
	}
	u := c.base + "/api/" + c.version + "/resources/" + r.path
	if len(r.query) > 0 {
		u += "?" + r.query.encode()
	}
	maxAttempts := 1
	if r.idempotent {
		maxAttempts = c.retry.MaxAttempts
	}
	for attempt := 1; ; attempt++ {
		err := c.attempt(ctx, r.method, u, payload, out)
		if err == nil {
			return nil
		}
		if attempt >= maxAttempts {
			return err
		}
		delay, retry := c.retryDelay(attempt, err)
		if !retry {
			return err
		}
		// A context done during the attempt or the wait stops the loop
		// with an error that matches both ctx.Err() and the last error.
		serr := ctx.Err()
		if dl, ok := ctx.Deadline(); ok && serr == nil && time.Until(dl) < delay {
			return err // the retry could never be sent: answer now
		}
		if serr == nil {
			serr = c.sleep(ctx, delay)
		}
		if serr != nil {
			return fmt.Errorf("factorial: %s %s: gave up waiting to retry: %w (last error: %w)", r.method, pathOf(u), serr, err)
		}
	}
}

// sleepCtx waits d, or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// retryDelay decides whether err is worth retrying and after how long.
func (c *Client) retryDelay(attempt int, err error) (time.Duration, bool) {
	var rl *RateLimitError
	if errors.As(err, &rl) {
		if rl.RetryAfter > c.retry.MaxRetryAfter {
			return 0, false
		}
		if rl.RetryAfter > 0 {
			return rl.RetryAfter, true
		}
		return c.retry.backoff(attempt), true
	}
	var apiErr *Error
	if errors.As(err, &apiErr) {
		switch apiErr.StatusCode {
		case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			// A Retry-After (a 503 for maintenance) is honoured as on a 429.
			if apiErr.retryAfter > c.retry.MaxRetryAfter {
				return 0, false
			}
			if apiErr.retryAfter > 0 {
				return apiErr.retryAfter, true
			}
			return c.retry.backoff(attempt), true
		}
		return 0, false
	}
	var tr *transportError
	if errors.As(err, &tr) {
		return c.retry.backoff(attempt), true
	}
	return 0, false
}

// transportError is a failure before any HTTP status arrived (connection
// refused or reset, timeout); it is retryable for idempotent requests.
type transportError struct {
	method, path string
	err          error
}

func (e *transportError) Error() string {
	return fmt.Sprintf("factorial: %s %s: %v", e.method, e.path, e.err)
}

func (e *transportError) Unwrap() error { return e.err }

func (c *Client) attempt(ctx context.Context, method, u string, payload []byte, out any) error {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return fmt.Errorf("factorial: building %s request: %w", method, err)
	}
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	secret := ""
	switch {
	case c.apiKey != "":
		req.Header.Set("x-api-key", c.apiKey)
		secret = c.apiKey
	case c.bearer != "":
		req.Header.Set("Authorization", "Bearer "+c.bearer)
		secret = c.bearer
	case c.ts != nil:
		tok, err := c.ts.Token()
		if err != nil {
			return fmt.Errorf("factorial: %s %s: getting a token: %w: %w", method, pathOf(u), errNotSent, tokenSourceError(err))
		}
		req.Header.Set("Authorization", tok.Type()+" "+tok.AccessToken)
		secret = tok.AccessToken
	}
	answered := MeterFrom(ctx).start()
	resp, err := c.hc.Do(req)
	answered()
	if err != nil {
		// *url.Error repeats the whole URL; keep only the cause, and never
		// a header (the client never puts credentials in the URL).
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		if ctx.Err() != nil {
			return fmt.Errorf("factorial: %s %s: %w", method, pathOf(u), ctx.Err())
		}
		return &transportError{method: method, path: pathOf(u), err: err}
	}
	defer func() {
		// Drain a little so the connection goes back to the pool.
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
	}()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return newError(method, pathOf(u), resp, secret, c.apiKey, c.bearer)
	}
	if out == nil || resp.StatusCode == http.StatusNoContent {
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("factorial: %s %s: %w", method, pathOf(u), ctx.Err())
		}
		if errors.Is(err, io.EOF) {
			return fmt.Errorf("factorial: %s %s: empty response body", method, pathOf(u))
		}
		return fmt.Errorf("factorial: %s %s: decoding response: %w", method, pathOf(u), err)
	}
	return nil
}

// pathOf returns the path of an absolute URL, without its query.
func pathOf(u string) string {
	if p, err := url.Parse(u); err == nil {
		return p.EscapedPath()
	}
	if i := strings.IndexByte(u, '?'); i >= 0 {
		return u[:i]
	}
	return u
}
