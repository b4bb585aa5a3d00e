package logins

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aula-hr/aula/factorial"
	"golang.org/x/oauth2"
	"golang.org/x/sync/singleflight"
)

// Refresher turns a login into a valid access token, refreshing OAuth tokens
// at most once concurrently per login: singleflight inside the process, and
// compare-and-swap on Login.Version across processes (the loser re-reads the
// login and uses the token the winner saved).
type Refresher struct {
	Store Store
	// Refresh exchanges a refresh token for a new token (factorial.OAuthConfig.Refresh).
	Refresh func(ctx context.Context, refreshToken string) (*oauth2.Token, error)
	// Skew: a token expiring within Skew is refreshed ahead of time. Default 1 minute.
	Skew time.Duration
	// Timeout bounds one refresh call, which runs detached from the request's
	// cancellation so a rotated refresh token is never lost. Default 30 s.
	Timeout time.Duration
	// Wait is how long the loser of a refresh race (its refresh was refused,
	// e.g. a rotated refresh token used twice) waits for the winner's token
	// to appear in the store. Default 2 s.
	Wait time.Duration
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Permanent reports whether a Refresh error means the refresh token is
	// no longer accepted, so the user must sign in again (AccessToken then
	// returns an error that Is ErrReauth), rather than a passing failure.
	// Default: the token endpoint answered 4xx (*factorial.Error or
	// *oauth2.RetrieveError).
	Permanent func(error) bool

	group singleflight.Group
}

func (r *Refresher) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

func (r *Refresher) skew() time.Duration {
	if r.Skew > 0 {
		return r.Skew
	}
	return time.Minute
}

// fresh reports whether the login's token can be used as is.
func (r *Refresher) fresh(l *Login) bool {
	t := l.Token
	if t.AccessToken == "" {
		return false
	}
	if t.Expiry.IsZero() {
		return true
	}
	if t.Kind != KindOAuth { // cannot be refreshed: usable until it expires
		return r.now().Before(t.Expiry)
	}
	return r.now().Add(r.skew()).Before(t.Expiry)
}

// AccessToken returns a usable access token for l and the login it came from
// (l itself, or the refreshed login). ErrRevoked if the login was revoked
// meanwhile, ErrReauth if the token expired and cannot be refreshed, or the
// Refresh error (wrapped) if the refresh failed for another reason.
// Non-OAuth tokens (bearer, API key) are returned as they are until they expire.
func (r *Refresher) AccessToken(ctx context.Context, l *Login) (string, *Login, error) {
	if l.Revoked {
		return "", l, ErrRevoked
	}
	if !r.now().Before(l.ExpiresAt) {
		return "", l, ErrReauth
	}
	if r.fresh(l) {
		return l.Token.AccessToken, l, nil
	}
	if l.Token.Kind != KindOAuth || l.Token.RefreshToken == "" || r.Refresh == nil {
		return "", l, ErrReauth
	}
	ch := r.group.DoChan(l.ID, func() (any, error) {
		ctx := context.WithoutCancel(ctx)
		to := r.Timeout
		if to <= 0 {
			to = 30 * time.Second
		}
		ctx, cancel := context.WithTimeout(ctx, to)
		defer cancel()
		return r.refresh(ctx, l.ID)
	})
	select {
	case <-ctx.Done():
		return "", l, ctx.Err()
	case res := <-ch:
		if res.Err != nil {
			return "", l, res.Err
		}
		nl := res.Val.(*Login).clone() // shared by every caller of the flight: each gets its own copy
		return nl.Token.AccessToken, nl, nil
	}
}

// refresh runs once per login at a time in this process.
func (r *Refresher) refresh(ctx context.Context, id string) (*Login, error) {
	cur, err := r.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if cur.Revoked {
		return nil, ErrRevoked
	}
	if r.fresh(cur) { // refreshed by another caller or instance since l was read
		return cur, nil
	}
	if cur.Token.RefreshToken == "" {
		return nil, ErrReauth
	}
	ot, rerr := r.Refresh(ctx, cur.Token.RefreshToken)
	if rerr != nil {
		// Another instance may have used the same refresh token first (a
		// rotating endpoint refuses it the second time): wait for its token.
		if l, err := r.awaitOther(ctx, id, cur.Version); l != nil || err != nil {
			return l, err
		}
		if r.permanent(rerr) {
			return nil, fmt.Errorf("%w: refresh refused: %w", ErrReauth, rerr)
		}
		return nil, fmt.Errorf("logins: refresh failed: %w", rerr)
	}
	if ot == nil || ot.AccessToken == "" {
		return nil, errors.New("logins: refresh returned no access token")
	}
	nt := Token{AccessToken: ot.AccessToken, RefreshToken: ot.RefreshToken, Expiry: ot.Expiry, Kind: KindOAuth}
	if nt.RefreshToken == "" { // the endpoint does not rotate: keep the old one
		nt.RefreshToken = cur.Token.RefreshToken
	}
	nl, err := r.Store.UpdateToken(ctx, id, cur.Version, nt)
	switch {
	case err == nil:
		return nl, nil
	case errors.Is(err, ErrConflict):
		// Another instance saved a token first; use the stored one (ours
		// may share a rotated refresh token that is no longer valid).
		other, gerr := r.Store.Get(ctx, id)
		if gerr != nil {
			return nil, gerr
		}
		if other.Revoked {
			return nil, ErrRevoked
		}
		if r.fresh(other) {
			return other, nil
		}
		return nil, ErrReauth
	default:
		return nil, err // ErrRevoked: signed out while we refreshed
	}
}

// awaitOther polls the store until the login's version moves past version
// (another instance saved a token), it is revoked, or Wait elapses.
// It returns (nil, nil) when nothing happened.
func (r *Refresher) awaitOther(ctx context.Context, id string, version int64) (*Login, error) {
	wait := r.Wait
	if wait <= 0 {
		wait = 2 * time.Second
	}
	deadline := time.Now().Add(wait)
	step := 10 * time.Millisecond
	for {
		l, err := r.Store.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		if l.Revoked {
			return nil, ErrRevoked
		}
		if l.Version != version && r.fresh(l) {
			return l, nil
		}
		if !time.Now().Add(step).Before(deadline) {
			return nil, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(step):
		}
		if step < 200*time.Millisecond {
			step *= 2
		}
	}
}

func (r *Refresher) permanent(err error) bool {
	if r.Permanent != nil {
		return r.Permanent(err)
	}
	var fe *factorial.Error
	if errors.As(err, &fe) {
		return fe.StatusCode >= 400 && fe.StatusCode < 500 && fe.StatusCode != 429
	}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.Response != nil {
		return re.Response.StatusCode >= 400 && re.Response.StatusCode < 500 && re.Response.StatusCode != 429
	}
	return false
}
