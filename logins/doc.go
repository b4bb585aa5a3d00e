// Package logins is Aula's state layer: the login records that are the
// source of truth of a sign-in, the encrypted storage of their Factorial
// tokens, the scs session store that sits next to them, and the token
// refresh coordination.
//
// # How the server uses it
//
// At start-up, build a Cipher from the configured secret(s) and open one
// Backend from the session-store setting:
//
//	c, err := logins.NewCipher(1, map[byte][]byte{1: logins.KeyFromSecret(secret)})
//	b, err := logins.Open(ctx, dsn, c) // "memory", "sqlite:/data/aula.db", "redis://host:6379/0", "postgres://..."
//	defer b.Close()
//	sm := scs.New(); sm.Store = b.Sessions
//	ref := &logins.Refresher{Store: b.Logins, Refresh: oauthCfg.Refresh}
//
// Open returns a *Backend; b.Close is idempotent. b.Kind names the backend.
// Ping (b.Logins.Ping) is what /readyz should call.
//
// For key rotation give the old key(s) too and a new current version:
// NewCipher(2, map[byte][]byte{1: old, 2: new}). Records written with key 1
// still decrypt; every new write uses key 2.
//
// At sign-in: create the login and put only its id in the session (after
// RenewToken):
//
//	l := &logins.Login{EmployeeID: ..., CompanyID: ..., Name: ..., Email: ..., Role: ...,
//	        Token: logins.Token{AccessToken: ..., RefreshToken: ..., Expiry: ..., Kind: logins.KindOAuth}}
//	err := b.Logins.Create(ctx, l) // fills ID (NewID), CreatedAt, ExpiresAt (+12 h), Version (1)
//	sm.Put(ctx, "login_id", l.ID)
//
// On every signed-in request:
//
//	l, err := b.Logins.Get(ctx, id)          // ErrNotFound → signed out (also when the key
//	                                         // was changed and the token no longer decrypts)
//	if l.Revoked || !l.Active(time.Now()) { → sign-in }
//	tok, l, err := ref.AccessToken(ctx, l)   // refreshes an expiring OAuth token once;
//	                                         // ErrRevoked / ErrReauth → sign-in; any other
//	                                         // error is a passing failure (Factorial did not answer)
//	client := factorial.NewClient(factorial.WithBearerToken(tok))  // or WithAPIKey(tok) for KindAPIKey
//
// At sign-out: b.Logins.Revoke(ctx, id) (permanent; the token ciphertext is
// erased; ErrNotFound if the login is gone already), then destroy the scs
// session. A request still in flight that
// tries to save a refreshed token afterwards gets ErrRevoked: nothing can
// bring the login back.
//
// # Guarantees
//
// Every token write goes through UpdateToken, a compare-and-swap on
// Login.Version that never succeeds on a revoked login. The Refresher
// refreshes at most once at a time per login inside one process
// (singleflight) and, across processes, lets the loser of a CAS (or of a
// rotating refresh endpoint that refuses a reused refresh token) pick up
// the token the winner saved; it waits up to Refresher.Wait (2 s) for it.
// A refresh the token endpoint refuses with 4xx (invalid_grant) gives an
// error that Is ErrReauth; override with Refresher.Permanent.
// The refresh call itself runs detached from
// the request's cancellation, so a rotated refresh token is never lost
// because the browser went away.
//
// Tokens are sealed with AES-256-GCM; the additional data binds the
// ciphertext to the login id and the key version, so a ciphertext copied
// to another login does not decrypt. Nothing but the sealed bytes is
// written to any backend. Token's String method redacts, so a Login in a
// log line leaks nothing.
//
// # Backends and their layout
//
//   - memory: process memory (tests, one process only).
//   - sqlite:/path: tables aula_logins and aula_sessions in one file (mode
//     0600, WAL, busy timeout 10 s). Survives restarts. One host only.
//   - redis://, rediss://, unix://, redis+unix://: hash aula:login:<id>
//     (expires a day after the login's lifetime), scs keys aula:session:<token>.
//     Token writes and revocation are Lua scripts (atomic).
//   - postgres://: tables aula_logins and aula_sessions, created at Open
//     under an advisory lock.
//
// Tests: go test ./logins/. The real-Redis tests start redis-server on a
// unix socket and skip without it unless AULA_STRICT_TESTS=1; the
// PostgreSQL tests run only with AULA_TEST_POSTGRES_DSN set.
package logins
