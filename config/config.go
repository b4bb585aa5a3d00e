// Package config reads Aula's settings from the environment into a typed
// struct, with defaults and validation messages that name the variable.
package config

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/aula-hr/aula/factorial/sandbox"
)

// Defaults that are not derived from other settings.
const (
	DefaultAddr       = ":8080"
	DefaultAPIVersion = "2026-04-01"
	DefaultDataDir    = "data"
	DefaultTimeZone   = "Europe/Madrid"
	DefaultLogFormat  = "text"
	secretKeyFile     = "secret.key"
)

// Config is everything Aula needs to start. It is built once by Load and
// passed down; nothing reads the environment later.
type Config struct {
	Addr      string   // listen address, AULA_ADDR or -addr
	PublicURL *url.URL // how browsers reach Aula, AULA_PUBLIC_URL

	// Demo is true when no Factorial account is configured: the sandbox is
	// mounted under /sandbox/ and used as the Factorial API.
	Demo bool

	SandboxAPIKey string // SANDBOX_API_KEY: the demo sandbox's API key, acting as the HR admin (demo mode)
	// Sandbox is the demo sandbox's latency, faults, rate limit, profile
	// and seed: AULA_SANDBOX_LATENCY, _JITTER, _FAULTS, _RATE_LIMIT,
	// _PROFILE, _SEED (demo mode).
	Sandbox sandbox.Settings

	FactorialURL      string // FACTORIAL_BASE_URL (host root)
	FactorialVersion  string // FACTORIAL_API_VERSION
	OAuthClientID     string // FACTORIAL_CLIENT_ID
	OAuthClientSecret string // FACTORIAL_CLIENT_SECRET (or _FILE)
	OAuthScopes       []string
	RequestTimeout    time.Duration // AULA_REQUEST_TIMEOUT
	SecretKeys        map[byte][]byte
	CurrentSecretKey  byte
	DataDir           string         // AULA_DATA_DIR
	SessionStore      string         // AULA_SESSION_STORE: memory | sqlite:/path | redis://… | postgres://…
	TimeZone          *time.Location // AULA_TIMEZONE, the company's time zone
	LogFormat         string         // AULA_LOG_FORMAT: text | json
	LogLevel          string         // AULA_LOG_LEVEL: debug | info | warn | error
	SignInPerMinute   int            // AULA_SIGNIN_RATE: sign-in attempts per minute per client address
	BehindProxy       bool           // AULA_BEHIND_PROXY: trust X-Forwarded-For for the client address
	TrustedProxies    []netip.Prefix // AULA_BEHIND_PROXY as addresses: only these proxies are trusted (none: any private address)
}

// Secure reports whether Aula is served over HTTPS, which decides the
// Secure flag and the __Host- prefix of cookies.
func (c Config) Secure() bool { return c.PublicURL.Scheme == "https" }

// OAuthEnabled reports whether "Sign in with Factorial" is offered.
func (c Config) OAuthEnabled() bool { return c.OAuthClientID != "" }

// SecretKey returns the current secret key.
func (c Config) SecretKey() []byte { return c.SecretKeys[c.CurrentSecretKey] }

// FieldError is a setting that cannot be used; its message names the variable.
type FieldError struct {
	Var     string
	Problem string
}

func (e *FieldError) Error() string { return e.Var + ": " + e.Problem }

// Load reads the configuration through getenv. In demo mode it creates the
// data directory and a secret key kept there, so sign-ins survive restarts.
func Load(getenv func(string) string) (Config, error) {
	var errs []error
	bad := func(v, format string, args ...any) {
		errs = append(errs, &FieldError{Var: v, Problem: fmt.Sprintf(format, args...)})
	}
	get := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	// secret reads NAME or the file named by NAME_FILE (for container secrets).
	secret := func(name string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		if p := strings.TrimSpace(getenv(name + "_FILE")); p != "" {
			b, err := os.ReadFile(p)
			if err != nil {
				bad(name+"_FILE", "cannot read %s", p)
				return ""
			}
			return strings.TrimSpace(string(b))
		}
		return ""
	}

	c := Config{
		Addr:             get("AULA_ADDR", DefaultAddr),
		FactorialVersion: get("FACTORIAL_API_VERSION", DefaultAPIVersion),
		OAuthClientID:    get("FACTORIAL_CLIENT_ID", ""),
		DataDir:          get("AULA_DATA_DIR", DefaultDataDir),
		LogFormat:        get("AULA_LOG_FORMAT", DefaultLogFormat),
		LogLevel:         get("AULA_LOG_LEVEL", "info"),
	}
	c.OAuthClientSecret = secret("FACTORIAL_CLIENT_SECRET")
	c.FactorialURL = get("FACTORIAL_BASE_URL", "")
	c.Demo = c.OAuthClientID == "" && c.OAuthClientSecret == "" && c.FactorialURL == ""

	if _, port, err := net.SplitHostPort(c.Addr); err != nil || port == "" {
		bad("AULA_ADDR", "%q is not a listen address such as :8080 or 127.0.0.1:8080", c.Addr)
	}

	// Public URL: required when Factorial redirects back to us (OAuth), derived
	// from the listen address otherwise.
	if raw := get("AULA_PUBLIC_URL", ""); raw != "" {
		u, err := parseBaseURL(raw)
		switch {
		case err != nil:
			bad("AULA_PUBLIC_URL", "%v", err)
		case u.Path != "":
			// Links, redirects and __Host- cookies all start at "/".
			bad("AULA_PUBLIC_URL", "%s has a path: Aula must be served at the root of its host, such as https://aula.example.com", shown(raw))
		}
		c.PublicURL = u
	} else if c.OAuthClientID != "" {
		bad("AULA_PUBLIC_URL", "required with FACTORIAL_CLIENT_ID: Factorial redirects the browser back to <AULA_PUBLIC_URL>/auth/callback")
	} else {
		c.PublicURL = defaultPublicURL(c.Addr)
	}

	if c.Demo {
		c.FactorialURL = "" // set by the server: <public URL>/sandbox
		c.SandboxAPIKey = secret("SANDBOX_API_KEY")
		var serrs []*sandbox.SettingError
		c.Sandbox, serrs = sandbox.SettingsFromEnv(getenv)
		for _, e := range serrs {
			bad(e.Name, "%v", e.Err)
		}
	} else {
		if c.FactorialURL == "" {
			c.FactorialURL = "https://api.factorialhr.com"
		}
		if _, err := parseBaseURL(c.FactorialURL); err != nil {
			bad("FACTORIAL_BASE_URL", "%v", err)
		}
		if c.OAuthClientID != "" && c.OAuthClientSecret == "" {
			bad("FACTORIAL_CLIENT_SECRET", "required with FACTORIAL_CLIENT_ID (or set FACTORIAL_CLIENT_SECRET_FILE)")
		}
		if c.OAuthClientID == "" && c.OAuthClientSecret != "" {
			bad("FACTORIAL_CLIENT_ID", "required with FACTORIAL_CLIENT_SECRET")
		}
	}
	if !isAPIVersion(c.FactorialVersion) {
		bad("FACTORIAL_API_VERSION", "%q is not a version such as %s", c.FactorialVersion, DefaultAPIVersion)
	}
	if s := get("FACTORIAL_SCOPES", ""); s != "" {
		c.OAuthScopes = strings.Fields(strings.ReplaceAll(s, ",", " "))
	}

	var err error
	if c.RequestTimeout, err = time.ParseDuration(get("AULA_REQUEST_TIMEOUT", "30s")); err != nil || c.RequestTimeout <= 0 {
		bad("AULA_REQUEST_TIMEOUT", "%q is not a positive duration such as 30s", getenv("AULA_REQUEST_TIMEOUT"))
	}
	if c.SignInPerMinute, err = strconv.Atoi(get("AULA_SIGNIN_RATE", "20")); err != nil || c.SignInPerMinute <= 0 {
		bad("AULA_SIGNIN_RATE", "%q is not a positive number of attempts per minute", getenv("AULA_SIGNIN_RATE"))
	}
	if v := get("AULA_BEHIND_PROXY", "false"); v != "" {
		if c.BehindProxy, err = strconv.ParseBool(v); err != nil {
			c.BehindProxy, c.TrustedProxies = true, nil
			for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' }) {
				p, err := netip.ParsePrefix(f)
				if err != nil {
					a, aerr := netip.ParseAddr(f)
					if aerr != nil {
						bad("AULA_BEHIND_PROXY", "%q: use true, false, or your proxies' addresses such as 10.0.0.5 or 10.0.0.0/24", f)
						continue
					}
					p = netip.PrefixFrom(a, a.BitLen())
				}
				c.TrustedProxies = append(c.TrustedProxies, p.Masked())
			}
		}
	}

	tz := get("AULA_TIMEZONE", DefaultTimeZone)
	if c.TimeZone, err = time.LoadLocation(tz); err != nil {
		bad("AULA_TIMEZONE", "%q is not an IANA time zone such as Europe/Madrid", tz)
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		bad("AULA_LOG_FORMAT", "%q: use text or json", c.LogFormat)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		bad("AULA_LOG_LEVEL", "%q: use debug, info, warn or error", c.LogLevel)
	}

	// The store's address may hold its password: it may come from a file.
	if c.SessionStore = secret("AULA_SESSION_STORE"); c.SessionStore == "" {
		c.SessionStore = "sqlite:" + filepath.Join(c.DataDir, "aula.db")
	}
	if !validStore(c.SessionStore) {
		bad("AULA_SESSION_STORE", "%s: use memory, sqlite:/path/to/file.db, redis://host:port/db or postgres://user@host/db", shown(c.SessionStore))
	}

	keys := secret("AULA_SECRET_KEYS")
	switch {
	case keys != "":
		c.CurrentSecretKey, c.SecretKeys, err = ParseSecretKeys(keys)
		if err != nil {
			bad("AULA_SECRET_KEYS", "%v", err)
		}
	case c.Demo:
		// Generated once and kept in the data directory (below).
	default:
		bad("AULA_SECRET_KEYS", "required outside demo mode: one or more id:base64 keys of 32 bytes, current first (generate one with: openssl rand -base64 32)")
	}

	if len(errs) > 0 {
		return Config{}, errors.Join(errs...)
	}
	if needsDataDir(c) {
		if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
			return Config{}, &FieldError{Var: "AULA_DATA_DIR", Problem: fmt.Sprintf("cannot create %s: %v", c.DataDir, err)}
		}
	}
	if c.SecretKeys == nil {
		c.CurrentSecretKey, c.SecretKeys, err = demoSecretKey(c.DataDir)
		if err != nil {
			return Config{}, &FieldError{Var: "AULA_DATA_DIR", Problem: err.Error()}
		}
	}
	return c, nil
}

func needsDataDir(c Config) bool {
	return c.SecretKeys == nil || strings.HasPrefix(c.SessionStore, "sqlite:")
}

// ParseSecretKeys reads "id:base64[,id:base64…]"; the first key is the one
// new data is encrypted with, the others still decrypt older data.
func ParseSecretKeys(s string) (byte, map[byte][]byte, error) {
	keys := map[byte][]byte{}
	var current byte
	for i, part := range strings.Split(s, ",") {
		idText, b64, ok := strings.Cut(strings.TrimSpace(part), ":")
		if !ok {
			return 0, nil, fmt.Errorf("key %d is not id:base64", i+1)
		}
		id, err := strconv.ParseUint(idText, 10, 8)
		if err != nil {
			return 0, nil, fmt.Errorf("key %d: id %q is not a number from 0 to 255", i+1, idText)
		}
		key, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			return 0, nil, fmt.Errorf("key %d is not valid base64", i+1)
		}
		if len(key) != 32 {
			return 0, nil, fmt.Errorf("key %d has %d bytes; AES-256 needs 32", i+1, len(key))
		}
		if _, dup := keys[byte(id)]; dup {
			return 0, nil, fmt.Errorf("key id %d appears twice", id)
		}
		keys[byte(id)] = key
		if i == 0 {
			current = byte(id)
		}
	}
	return current, keys, nil
}

// demoSecretKey loads the key kept in the data directory, creating it on
// first start.
func demoSecretKey(dir string) (byte, map[byte][]byte, error) {
	path := filepath.Join(dir, secretKeyFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		key := make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return 0, nil, err
		}
		text := "1:" + base64.StdEncoding.EncodeToString(key) + "\n"
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			if errors.Is(err, os.ErrExist) { // another instance won the race
				return demoSecretKey(dir)
			}
			return 0, nil, fmt.Errorf("cannot create the demo secret key %s: %v", path, err)
		}
		if _, err := f.WriteString(text); err != nil {
			f.Close()
			return 0, nil, fmt.Errorf("cannot write the demo secret key %s: %v", path, err)
		}
		if err := f.Close(); err != nil {
			return 0, nil, err
		}
		b = []byte(text)
	} else if err != nil {
		return 0, nil, fmt.Errorf("cannot read the demo secret key %s: %v", path, err)
	}
	cur, keys, err := ParseSecretKeys(strings.TrimSpace(string(b)))
	if err != nil {
		return 0, nil, fmt.Errorf("%s: %v (delete it to generate a new one)", path, err)
	}
	return cur, keys, nil
}

func parseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%s is not an absolute http(s) URL such as https://aula.example.com", shown(raw))
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("%s must not carry credentials, a query or a fragment", shown(raw))
	}
	u.Path = strings.TrimRight(u.Path, "/")
	return u, nil
}

func defaultPublicURL(addr string) *url.URL {
	host, port, _ := net.SplitHostPort(addr)
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return &url.URL{Scheme: "http", Host: net.JoinHostPort(host, port)}
}

func isAPIVersion(v string) bool {
	_, err := time.Parse("2006-01-02", v)
	return err == nil
}

func validStore(s string) bool {
	switch {
	case s == "memory":
		return true
	case strings.HasPrefix(s, "sqlite:"):
		return len(s) > len("sqlite:")
	}
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "redis", "rediss", "unix", "redis+unix", "postgres", "postgresql":
		return u.Host != "" || u.Path != ""
	}
	return false
}

// shown is a refused value as a message may quote it (messages reach the
// log): a URL without its password, query or fragment, and nothing of a
// value that is not a URL but may hold a password (host=… password=…).
func shown(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" && strings.ContainsAny(s, "=@:") {
		return "the value (not shown: it may hold a password)"
	}
	query, fragment := u.RawQuery != "" || u.ForceQuery, u.Fragment != ""
	u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = "", false, "", ""
	r := u.Redacted()
	if query {
		r += "?…"
	}
	if fragment {
		r += "#…"
	}
	return strconv.Quote(r)
}
