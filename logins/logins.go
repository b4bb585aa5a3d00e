package logins

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"log/slog"
	"time"

	"github.com/aula-hr/aula/factorial"
)

// Lifetime is the absolute lifetime of a login when Create is given no ExpiresAt.
const Lifetime = 12 * time.Hour

// TokenKind says how a token is sent to Factorial.
type TokenKind string

const (
	KindOAuth  TokenKind = "oauth"  // OAuth2 access token with a refresh token (Authorization: Bearer)
	KindBearer TokenKind = "bearer" // a pasted access token, not refreshable (Authorization: Bearer)
	KindAPIKey TokenKind = "apikey" // a company API key (x-api-key)
)

// Token is a Factorial credential. It is only ever decrypted in memory.
// Printing, logging (slog) or JSON-encoding a Token shows only its kind
// and expiry, never the secrets.
type Token struct {
	AccessToken  string
	RefreshToken string
	Expiry       time.Time // zero: does not expire
	Kind         TokenKind
}

// String hides the secrets so a Token logged by accident leaks nothing.
func (t Token) String() string { return "logins.Token{" + string(t.Kind) + ", redacted}" }

// GoString hides the secrets from %#v as well.
func (t Token) GoString() string { return t.String() }

// LogValue hides the secrets from slog.
func (t Token) LogValue() slog.Value {
	return slog.GroupValue(slog.String("kind", string(t.Kind)), slog.Time("expiry", t.Expiry))
}

// MarshalJSON hides the secrets from encoding/json.
func (t Token) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Kind   TokenKind `json:"kind"`
		Expiry time.Time `json:"expiry,omitzero"`
	}{t.Kind, t.Expiry})
}

// tokenWire is the plaintext that gets sealed.
type tokenWire struct {
	AccessToken  string    `json:"a"`
	RefreshToken string    `json:"r,omitempty"`
	Expiry       time.Time `json:"e,omitzero"`
	Kind         TokenKind `json:"k"`
}

// Login is the source of truth of one sign-in. The scs session holds only Login.ID.
type Login struct {
	ID         string       // random, 32 bytes base64url, from NewID()
	EmployeeID factorial.ID // 0 for an API key
	CompanyID  factorial.ID
	Name       string
	Email      string
	Role       string
	Token      Token     // decrypted in memory; encrypted at rest
	CreatedAt  time.Time // UTC, millisecond precision
	ExpiresAt  time.Time // absolute lifetime (Lifetime by default)
	Revoked    bool
	Version    int64 // bumped on every token write; used for compare-and-swap
}

// Active reports whether the login may still be used at now: not revoked and
// within its absolute lifetime.
func (l *Login) Active(now time.Time) bool {
	return l != nil && !l.Revoked && now.Before(l.ExpiresAt)
}

// clone returns a deep copy (Login has no reference fields, a value copy suffices).
func (l *Login) clone() *Login { c := *l; return &c }

// Store keeps logins. All implementations are safe for concurrent use and
// across processes sharing the same database.
type Store interface {
	// Create stores a new login. Empty fields are filled in place: ID (NewID),
	// CreatedAt (now), ExpiresAt (CreatedAt+Lifetime); Version is set to 1.
	// Times are stored in UTC with millisecond precision. ErrExists if the id is taken.
	Create(ctx context.Context, l *Login) error
	// Get returns the login. ErrNotFound if unknown (or purged after expiry),
	// or if its token no longer decrypts (the error then also Is ErrDecrypt).
	// Revoked logins are returned with Revoked=true and an empty Token.
	Get(ctx context.Context, id string) (*Login, error)
	// UpdateToken replaces the token if the stored version is expectVersion and
	// the login is not revoked, and returns the login as stored (Version+1).
	// ErrConflict when the version moved; ErrRevoked if revoked; ErrNotFound.
	UpdateToken(ctx context.Context, id string, expectVersion int64, t Token) (*Login, error)
	// Revoke marks the login revoked and erases its token. Permanent: no later
	// write un-revokes it. Revoking twice is not an error; ErrNotFound if unknown.
	Revoke(ctx context.Context, id string) error
	// Ping checks that the backing store answers (for /readyz).
	Ping(ctx context.Context) error
	// Close releases the store's resources.
	Close() error
}

var (
	ErrNotFound = errors.New("logins: login not found")
	ErrConflict = errors.New("logins: login was changed concurrently")
	ErrRevoked  = errors.New("logins: login revoked")
	ErrExists   = errors.New("logins: login id already exists")
	// ErrReauth: the token expired and cannot be refreshed (no refresh token,
	// login past its lifetime, or the refresh was refused): sign in again.
	ErrReauth = errors.New("logins: token expired, sign in again")
)

// NewID returns a random login id: 32 bytes from crypto/rand, base64url without padding (43 chars).
func NewID() string {
	var b [32]byte
	rand.Read(b[:]) // never returns an error (crypto/rand panics if the system source fails)
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// prepare fills the defaults of Create and validates the login.
func prepare(l *Login, now time.Time) error {
	if l == nil {
		return errors.New("logins: nil login")
	}
	if l.ID == "" {
		l.ID = NewID()
	}
	if l.CreatedAt.IsZero() {
		l.CreatedAt = now
	}
	l.CreatedAt = l.CreatedAt.UTC().Truncate(time.Millisecond)
	if l.ExpiresAt.IsZero() {
		l.ExpiresAt = l.CreatedAt.Add(Lifetime)
	}
	l.ExpiresAt = l.ExpiresAt.UTC().Truncate(time.Millisecond)
	l.Token.Expiry = normTime(l.Token.Expiry)
	l.Version = 1
	if l.Revoked {
		return errors.New("logins: cannot create a revoked login")
	}
	return nil
}

func normTime(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Millisecond)
}
