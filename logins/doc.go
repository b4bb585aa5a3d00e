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
//	l, err := b.Logins.Get(ctx, id)          // ErrNotFound → signed out
//	if l.Revoked || !l.Active(time.Now()) { → sign-in }
//	tok, l, err := ref.AccessToken(ctx, l)   // refreshes an expiring OAuth token once;
//	                                         // ErrRevoked / ErrReauth → sign-in
//	client := factorial.NewClient(factorial.WithBearerToken(tok))  // or WithAPIKey(tok) for KindAPIKey
//
// At sign-out: b.Logins.Revoke(ctx, id) (permanent; the token ciphertext is
// erased), then destroy the scs session. A request still in flight that
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
// the token the winner saved. The refresh call itself runs detached from
// the request's cancellation, so a rotated refresh token is never lost
// because the browser went away.
//
// Tokens are sealed with AES-256-GCM; the additional data binds the
// ciphertext to the login id and the key version, so a ciphertext copied
// to another login does not decrypt. Nothing but the sealed bytes is
// written to any backend.
package logins
