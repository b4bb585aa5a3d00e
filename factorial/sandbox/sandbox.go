package sandbox

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	mrand "math/rand/v2"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/aula-hr/aula/factorial"
)

// Profile selects how much data the sandbox generates.
type Profile int

const (
	// ProfileDemo is one company of about 250 employees and 60 trainings.
	ProfileDemo Profile = iota
	// ProfileLarge is about 10,000 trainings and 100,000 training memberships, for benchmarks.
	ProfileLarge
)

// String returns "demo" or "large".
func (p Profile) String() string {
	if p == ProfileLarge {
		return "large"
	}
	return "demo"
}

// ParseProfile parses "demo" or "large".
func ParseProfile(s string) (Profile, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "demo":
		return ProfileDemo, nil
	case "large":
		return ProfileLarge, nil
	}
	return 0, fmt.Errorf("sandbox: unknown profile %q (demo or large)", s)
}

// Persona is a demo person one can sign in as.
type Persona struct {
	Key         string
	Name        string
	Role        string
	EmployeeID  factorial.ID
	Title       string // who they are in the demo company, for the picker
	Description string // what they can do, to the person trying the demo
}

// Persona keys and roles.
const (
	PersonaHRAdmin  = "hr-admin"
	PersonaTrainer  = "trainer"
	PersonaManager  = "manager"
	PersonaEmployee = "employee"

	RoleAdmin    = "admin"
	RoleTrainer  = "trainer"
	RoleManager  = "manager"
	RoleEmployee = "employee"
)

// Fault injects latency or failures into requests that match Method (empty
// or "*" for any) and Path, a path.Match glob on the resource path (the part
// after /api/{version}/resources/, such as "trainings/sessions/12"; for
// OAuth2 "oauth/token" and "oauth/authorize"). A trailing "*" matches any
// rest, so "trainings/*" covers every trainings path; empty matches all. The
// first matching fault applies.
//
// Latency plus a random share of Jitter is waited first. Then, with
// probability ErrorRate (1 when ErrorRate is 0 and Status or Drop is set),
// the request fails: Drop closes the connection without an answer, otherwise
// Status (default 500) is answered with the error body, and RetryAfter adds a
// Retry-After header in whole seconds. With Applied the request is served
// first, so its write is made, and only then is its answer replaced by the
// failure: Factorial stored the change but the answer never arrived.
type Fault struct {
	Method     string
	Path       string
	Latency    time.Duration
	Jitter     time.Duration
	ErrorRate  float64
	Status     int
	RetryAfter time.Duration
	Drop       bool
	Applied    bool
}

// RequestRecord is one request the sandbox received.
type RequestRecord struct {
	Time    time.Time
	Method  string
	Path    string // as received, after any StripPrefix
	Query   string
	Body    string // request body (not recorded for oauth/token)
	Status  int    // the answered status; -1 when the connection was dropped
	Persona string // persona key; "api-key" for the API key; "" when unauthenticated
}

// Option configures a Sandbox.
type Option func(*config)

type config struct {
	seed         int64
	now          func() time.Time
	profile      Profile
	apiKey       string
	clientID     string
	clientSecret string
	redirectURIs []string
	state        *State
	language     func(*http.Request) string // the persona picker's; nil: English
}

// WithSeed sets the seed of the generated data (default 1).
func WithSeed(seed int64) Option { return func(c *config) { c.seed = seed } }

// WithClock sets the clock: data is anchored on now(), and token expiry,
// session statuses and rate limits use it. Default time.Now.
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// WithProfile selects the amount of generated data.
func WithProfile(p Profile) Option { return func(c *config) { c.profile = p } }

// WithAPIKey sets the demo API key, which acts as the HR admin (default "sandbox-key").
func WithAPIKey(key string) Option { return func(c *config) { c.apiKey = key } }

// WithOAuthClient sets the OAuth2 client id and secret (default "aula-demo" / "aula-demo-secret").
func WithOAuthClient(id, secret string) Option {
	return func(c *config) { c.clientID, c.clientSecret = id, secret }
}

// WithRedirectURIs registers redirect URIs of the OAuth2 client: the
// authorization endpoint refuses any other (RFC 6749 §3.1.2.2). See
// RegisterRedirectURI for how they are matched.
func WithRedirectURIs(uris ...string) Option {
	return func(c *config) { c.redirectURIs = append(c.redirectURIs, uris...) }
}

// WithState starts from a saved state instead of generating data.
func WithState(st *State) Option { return func(c *config) { c.state = st } }

// Token lifetimes.
const (
	AccessTokenTTL  = 2 * time.Hour
	RefreshTokenTTL = 7 * 24 * time.Hour
	authCodeTTL     = 10 * time.Minute
	maxLogEntries   = 10000
	maxLogBody      = 64 << 10 // per entry
	maxLogBytes     = 16 << 20 // bodies of the whole log
)

type token struct {
	persona string
	scope   string // granted scope, kept across refreshes
	expires time.Time
}

type authCode struct {
	persona     string
	clientID    string
	redirectURI string
	challenge   string
	method      string
	scope       string
	expires     time.Time
}

// Sandbox is an in-memory emulator of the Factorial API. It is an http.Handler.
type Sandbox struct {
	cfg      config
	personas []Persona

	mu sync.RWMutex
	st *store

	authMu  sync.Mutex
	access  map[string]token // access token -> token
	refresh map[string]token // refresh token -> token
	codes   map[string]authCode
	sweepAt int // grants held when expired ones are next swept out
	// redirects are the registered redirect URIs of the OAuth2 client.
	redirects []string

	faultMu   sync.RWMutex
	faults    []Fault
	rateLimit int
	windows   map[string]*rateWindow
	rnd       *mrand.Rand

	logMu    sync.Mutex
	log      []RequestRecord
	logBytes int // total length of the bodies in log
}

type rateWindow struct {
	start time.Time
	count int
}

// New builds a sandbox with deterministic seeded data, ready to serve.
func New(opts ...Option) *Sandbox {
	cfg := config{seed: 1, now: time.Now, apiKey: "sandbox-key", clientID: "aula-demo", clientSecret: "aula-demo-secret"}
	for _, o := range opts {
		o(&cfg)
	}
	s := &Sandbox{
		cfg:       cfg,
		access:    map[string]token{},
		refresh:   map[string]token{},
		codes:     map[string]authCode{},
		windows:   map[string]*rateWindow{},
		redirects: append([]string(nil), cfg.redirectURIs...),
		rnd:       mrand.New(mrand.NewPCG(uint64(cfg.seed), 0x5eed)),
	}
	st := cfg.state
	if st == nil {
		st = Generate(cfg.seed, cfg.now(), cfg.profile)
	}
	s.st = newStore(st)
	s.personas = s.buildPersonas()
	return s
}

func (s *Sandbox) now() time.Time { return s.cfg.now() }

// APIKey returns the demo API key.
func (s *Sandbox) APIKey() string { return s.cfg.apiKey }

// OAuthClient returns the OAuth2 client id and secret.
func (s *Sandbox) OAuthClient() (id, secret string) { return s.cfg.clientID, s.cfg.clientSecret }

func (s *Sandbox) buildPersonas() []Persona {
	s.mu.RLock()
	defer s.mu.RUnlock()
	defs := []struct{ key, role, title, desc string }{
		{PersonaHRAdmin, RoleAdmin, "head of HR",
			"You run the training catalogue: create and edit trainings, categories and groups, enrol people, set completion dates, see costs and everyone's overdue trainings."},
		{PersonaTrainer, RoleTrainer, "trainer in Learning & Development",
			"You teach trainings: see today's and the coming sessions, read the catalogue and who is enrolled in what you teach."},
		{PersonaManager, RoleManager, "head of Operations",
			"You manage a team: see which of your people are overdue on their trainings, mandatory ones first, and read the catalogue."},
		{PersonaEmployee, RoleEmployee, "logistics coordinator in Operations",
			"You take trainings: see your own trainings, what is due and your coming sessions, and read the catalogue."},
	}
	out := make([]Persona, 0, len(defs))
	for _, d := range defs {
		id, ok := s.st.personas[d.key]
		if !ok {
			continue
		}
		name := d.key
		if e := s.st.employees.get(int64(id)); e != nil {
			name = e.FullName
		}
		out = append(out, Persona{Key: d.key, Name: name, Role: d.role, EmployeeID: id, Title: d.title, Description: d.desc})
	}
	return out
}

// Personas returns the demo personas.
func (s *Sandbox) Personas() []Persona { return append([]Persona(nil), s.personas...) }

func (s *Sandbox) persona(key string) (Persona, bool) {
	for _, p := range s.personas {
		if p.Key == key {
			return p, true
		}
	}
	return Persona{}, false
}

// IssueToken issues an access and refresh token for a persona without the
// browser flow.
func (s *Sandbox) IssueToken(personaKey string) (access, refresh string, err error) {
	if _, ok := s.persona(personaKey); !ok {
		return "", "", fmt.Errorf("sandbox: unknown persona %q", personaKey)
	}
	access, refresh = s.issue(personaKey, defaultScope)
	return access, refresh, nil
}

// defaultScope is granted when the authorization request names none.
const defaultScope = "read write"

func (s *Sandbox) issue(personaKey, scope string) (access, refresh string) {
	now := s.now()
	access, refresh = randomToken("sbx_at_"), randomToken("sbx_rt_")
	s.authMu.Lock()
	s.access[access] = token{persona: personaKey, scope: scope, expires: now.Add(AccessTokenTTL)}
	s.refresh[refresh] = token{persona: personaKey, scope: scope, expires: now.Add(RefreshTokenTTL)}
	s.sweepExpiredLocked(now)
	s.authMu.Unlock()
	return access, refresh
}

// sweepExpiredLocked drops expired tokens and codes once the grants held
// have doubled since the last sweep, so sign-ins that are never refreshed
// or used do not pile up, at an amortised constant cost per grant.
// s.authMu must be held.
func (s *Sandbox) sweepExpiredLocked(now time.Time) {
	if len(s.access)+len(s.refresh)+len(s.codes) < s.sweepAt {
		return
	}
	for k, t := range s.access {
		if !now.Before(t.expires) {
			delete(s.access, k)
		}
	}
	for k, t := range s.refresh {
		if !now.Before(t.expires) {
			delete(s.refresh, k)
		}
	}
	for k, c := range s.codes {
		if !now.Before(c.expires) {
			delete(s.codes, k)
		}
	}
	s.sweepAt = max(1024, 2*(len(s.access)+len(s.refresh)+len(s.codes)))
}

func randomToken(prefix string) string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return prefix + hex.EncodeToString(b)
}

// SetFaults replaces the injected faults; none disables injection.
func (s *Sandbox) SetFaults(f ...Fault) {
	s.faultMu.Lock()
	s.faults = append([]Fault(nil), f...)
	s.faultMu.Unlock()
}

// SetRateLimit limits each token (or API key) to perMinute requests per
// fixed one-minute window; 0 disables the limit.
func (s *Sandbox) SetRateLimit(perMinute int) {
	s.faultMu.Lock()
	s.rateLimit = perMinute
	s.windows = map[string]*rateWindow{}
	s.faultMu.Unlock()
}

// Requests returns the request log, oldest first: the latest requests, at
// most 10,000 and 16 MiB of bodies (64 KiB each).
func (s *Sandbox) Requests() []RequestRecord {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	return append([]RequestRecord(nil), s.log...)
}

// ResetRequests empties the request log.
func (s *Sandbox) ResetRequests() {
	s.logMu.Lock()
	s.log, s.logBytes = nil, 0
	s.logMu.Unlock()
}

// appendLog adds r to the log. When the log is full (maxLogEntries, or
// maxLogBytes of bodies), the oldest entries go until it is half full.
// Caller holds logMu.
func (s *Sandbox) appendLog(r RequestRecord) {
	if len(s.log) >= maxLogEntries || s.logBytes+len(r.Body) > maxLogBytes {
		n := 0
		for n < len(s.log) && (len(s.log)-n > maxLogEntries/2 || s.logBytes > maxLogBytes/2) {
			s.logBytes -= len(s.log[n].Body)
			n++
		}
		kept := copy(s.log, s.log[n:])
		clear(s.log[kept:]) // release the dropped bodies
		s.log = s.log[:kept]
	}
	s.log = append(s.log, r)
	s.logBytes += len(r.Body)
}

// Snapshot returns a deep copy of the current data.
func (s *Sandbox) Snapshot() *State {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.st.snapshot()
}

// recorder notes the answered status and logs the request (commit) before
// the status goes out, so that a caller that has seen the answer, or the
// dropped connection, always finds its request in Requests().
type recorder struct {
	http.ResponseWriter
	status int
	commit func(status int)
	once   sync.Once
}

// log records the request with status, once.
func (r *recorder) log(status int) {
	r.once.Do(func() {
		if r.status == 0 {
			r.status = status
		}
		if r.commit != nil {
			r.commit(r.status)
		}
	})
}

func (r *recorder) WriteHeader(code int) {
	r.log(code)
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.log(http.StatusOK)
	return r.ResponseWriter.Write(b)
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// ServeHTTP serves /api/{version}/resources/..., /oauth/authorize,
// /oauth/token and /oauth/sandbox.css. Mount it anywhere with http.StripPrefix.
func (s *Sandbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := "/" + strings.TrimLeft(r.URL.Path, "/")
	apiHeaders(w.Header())
	rec := &RequestRecord{Time: s.now(), Method: r.Method, Path: p, Query: r.URL.RawQuery}
	var body []byte
	if r.Body != nil && r.Method != http.MethodGet {
		b, err := io.ReadAll(io.LimitReader(r.Body, 4<<20))
		if err != nil {
			writeError(w, http.StatusBadRequest, "bad_request", "could not read the request body")
			return
		}
		body = b
		r.Body = io.NopCloser(bytes.NewReader(b))
	}
	if p != "/oauth/token" {
		rec.Body = string(body[:min(len(body), maxLogBody)])
	}
	rw := &recorder{ResponseWriter: w}
	rw.commit = func(status int) {
		rec.Status = status
		s.logMu.Lock()
		s.appendLog(*rec)
		s.logMu.Unlock()
	}
	// Answered requests are logged as their status is written; this
	// catches the rest (a handler that wrote nothing, a timed-out fault).
	defer rw.log(0)

	resource, isAPI := apiResource(p)
	faultPath := resource
	if !isAPI {
		faultPath = strings.TrimPrefix(p, "/")
	}
	proceed, after := s.injectFaults(rw, r, faultPath)
	if !proceed {
		rw.log(-1) // dropped, unless the fault answered
		return
	}
	if after != nil {
		// Serve the request for its effect, then fail its answer.
		s.serve(&discard{header: http.Header{}}, r, p, isAPI, resource, rec)
		s.fail(rw, after)
		return
	}
	s.serve(rw, r, p, isAPI, resource, rec)
}

// discard is a response nobody reads: the answer an Applied fault replaces.
type discard struct{ header http.Header }

func (d *discard) Header() http.Header         { return d.header }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

func (s *Sandbox) serve(rw http.ResponseWriter, r *http.Request, p string, isAPI bool, resource string, rec *RequestRecord) {
	switch {
	case p == "/oauth/authorize":
		s.handleAuthorize(rw, r)
		return
	case p == "/oauth/token":
		s.handleToken(rw, r)
		return
	case p == "/oauth/sandbox.css":
		rw.Header().Set("Content-Type", "text/css; charset=utf-8")
		rw.Header().Set("Cache-Control", "public, max-age=3600")
		_, _ = io.WriteString(rw, pickerCSS)
		return
	case !isAPI:
		writeError(rw, http.StatusNotFound, "not_found", "no such path")
		return
	}
	v, credKey, ok := s.authenticate(r)
	if !ok {
		writeError(rw, http.StatusUnauthorized, "unauthorized", "missing, unknown or expired credentials")
		return
	}
	rec.Persona = v.persona
	if retry, limited := s.rateLimited(credKey); limited {
		rw.Header().Set("Retry-After", fmt.Sprint(retry))
		writeError(rw, http.StatusTooManyRequests, "too_many_requests", "rate limit exceeded")
		return
	}
	s.serveAPI(rw, r, resource, v)
}

// apiHeaders are the security headers of every answer, as an API sends
// them: nothing is sniffed, cached, framed, or allowed to load anything.
// The persona picker replaces Content-Security-Policy and the stylesheet
// Cache-Control with their own.
func apiHeaders(h http.Header) {
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
}

// apiResource returns the resource path after /api/{version}/resources/.
func apiResource(p string) (string, bool) {
	rest, ok := strings.CutPrefix(p, "/api/")
	if !ok {
		return "", false
	}
	version, rest, ok := strings.Cut(rest, "/")
	if !ok || version == "" {
		return "", false
	}
	rest, ok = strings.CutPrefix(rest, "resources/")
	if !ok {
		return "", false
	}
	return strings.Trim(rest, "/"), true
}

// injectFaults applies the first matching fault. It returns false when the
// request has been answered (or dropped); an Applied fault that strikes is
// returned for the caller to apply once the request is served.
func (s *Sandbox) injectFaults(w http.ResponseWriter, r *http.Request, resource string) (bool, *Fault) {
	s.faultMu.RLock()
	var f *Fault
	for i := range s.faults {
		c := s.faults[i]
		if c.Method != "" && c.Method != "*" && !strings.EqualFold(c.Method, r.Method) {
			continue
		}
		if c.Path != "" && !globMatch(c.Path, resource) {
			continue
		}
		f = &c
		break
	}
	s.faultMu.RUnlock()
	if f == nil {
		return true, nil
	}
	s.faultMu.Lock()
	jitter := time.Duration(0)
	if f.Jitter > 0 {
		jitter = time.Duration(s.rnd.Int64N(int64(f.Jitter)))
	}
	roll := s.rnd.Float64()
	s.faultMu.Unlock()
	if d := f.Latency + jitter; d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return false, nil
		}
	}
	rate := f.ErrorRate
	if rate == 0 && (f.Status != 0 || f.Drop) {
		rate = 1
	}
	if rate <= 0 || roll >= rate {
		return true, nil
	}
	if f.Applied {
		return true, f
	}
	s.fail(w, f)
	return false, nil
}

// fail answers the request with the fault's failure: a dropped connection
// or an error status.
func (s *Sandbox) fail(w http.ResponseWriter, f *Fault) {
	if f.Drop {
		// Log the drop before the caller can see it.
		if rw, ok := w.(*recorder); ok {
			rw.log(-1)
		}
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			_ = conn.Close()
			return
		}
		// Not hijackable (HTTP/2): abort the handler, which makes the
		// server reset the stream.
		panic(http.ErrAbortHandler)
	}
	status := f.Status
	if status == 0 {
		status = http.StatusInternalServerError
	}
	if f.RetryAfter > 0 {
		w.Header().Set("Retry-After", fmt.Sprint(int(math.Ceil(f.RetryAfter.Seconds()))))
	}
	writeError(w, status, errorCode(status), "injected fault")
}

// globMatch matches a resource path against a path.Match pattern; a pattern
// ending in "*" also matches every path that starts with what precedes it,
// so "trainings/*" covers "trainings/sessions/12".
func globMatch(pattern, resource string) bool {
	if pattern == "*" {
		return true
	}
	if ok, _ := path.Match(pattern, resource); ok {
		return true
	}
	return strings.HasSuffix(pattern, "*") && strings.HasPrefix(resource, strings.TrimSuffix(pattern, "*"))
}

func (s *Sandbox) rateLimited(credKey string) (retryAfter int, limited bool) {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	if s.rateLimit <= 0 {
		return 0, false
	}
	now := s.now()
	w := s.windows[credKey]
	if w == nil || now.Sub(w.start) >= time.Minute || now.Before(w.start) {
		w = &rateWindow{start: now}
		s.windows[credKey] = w
	}
	if w.count >= s.rateLimit {
		left := w.start.Add(time.Minute).Sub(now)
		return max(1, int(math.Ceil(left.Seconds()))), true
	}
	w.count++
	return 0, false
}

// viewer is the authenticated caller of one request.
type viewer struct {
	persona  string // persona key, or "api-key"
	role     string
	apiKey   bool
	employee int64 // 0 for the API key
	access   int64
	reports  map[int64]bool
	teaches  map[int64]bool
}

func (v *viewer) admin() bool { return v.role == RoleAdmin }

func (s *Sandbox) authenticate(r *http.Request) (*viewer, string, bool) {
	if k := r.Header.Get("x-api-key"); k != "" {
		if k != s.cfg.apiKey {
			return nil, "", false
		}
		return &viewer{persona: "api-key", role: RoleAdmin, apiKey: true}, "key:" + hashKey(k), true
	}
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return nil, "", false
	}
	tok = strings.TrimSpace(tok)
	s.authMu.Lock()
	t, found := s.access[tok]
	if found && !s.now().Before(t.expires) {
		delete(s.access, tok)
		found = false
	}
	s.authMu.Unlock()
	if !found {
		return nil, "", false
	}
	p, ok := s.persona(t.persona)
	if !ok {
		return nil, "", false
	}
	v := &viewer{persona: p.Key, role: p.Role, employee: int64(p.EmployeeID)}
	s.mu.RLock()
	if e := s.st.employees.get(v.employee); e != nil {
		v.access = int64(e.AccessID)
	}
	switch p.Role {
	case RoleManager:
		v.reports = s.st.reportsOf(v.employee)
	case RoleTrainer:
		v.teaches = map[int64]bool{}
		for tr, ids := range s.st.teachers {
			for _, id := range ids {
				if int64(id) == v.employee {
					v.teaches[int64(tr)] = true
				}
			}
		}
	}
	s.mu.RUnlock()
	return v, "tok:" + hashKey(tok), true
}

func hashKey(k string) string {
	h := sha256.Sum256([]byte(k))
	return hex.EncodeToString(h[:8])
}
