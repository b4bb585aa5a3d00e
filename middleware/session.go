package middleware

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/labstack/echo/v4"
)

// Sessions loads the scs session before the handler and commits it exactly
// once, just before the response header is written (also when the handler
// returned an error and the error handler writes the page). scs's own
// LoadAndSave wrapped for Echo commits twice in that case.
//
// A session that cannot be decoded is a signed-out visitor; a store that does
// not answer is an outage (an error page with a retry), not a sign-out: the
// person stays signed in once the store is back.
func Sessions(sm *scs.SessionManager, log *slog.Logger) echo.MiddlewareFunc {
	if _, ok := sm.Codec.(markingCodec); !ok {
		sm.Codec = markingCodec{sm.Codec}
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			if h := c.Response().Header(); !hasVary(h.Values(echo.HeaderVary), echo.HeaderCookie) {
				h.Add(echo.HeaderVary, echo.HeaderCookie)
			}
			var token string
			if ck, err := r.Cookie(sm.Cookie.Name); err == nil {
				token = ck.Value
			}
			ctx, err := sm.Load(r.Context(), token)
			var unreadable *unreadableSession
			if err != nil && !errors.As(err, &unreadable) {
				return fmt.Errorf("%w: %w", ErrSessionStore, err)
			}
			if err != nil {
				// An unreadable session is a signed-out visitor, not an outage.
				log.WarnContext(r.Context(), "session unreadable", "err", err, "request_id", RequestID(c))
				ctx, err = sm.Load(r.Context(), "")
				if err != nil {
					return err
				}
			}
			c.SetRequest(r.WithContext(ctx))

			committed := false
			commit := func() {
				if committed {
					return
				}
				committed = true
				w := c.Response().Writer
				switch sm.Status(ctx) {
				case scs.Modified:
					tok, expiry, err := sm.Commit(ctx)
					if err != nil {
						log.ErrorContext(ctx, "session commit failed", "err", err, "request_id", RequestID(c))
						return
					}
					sm.WriteSessionCookie(ctx, w, tok, expiry)
				case scs.Destroyed:
					sm.WriteSessionCookie(ctx, w, "", time.Time{})
				}
			}
			c.Response().Before(commit)
			return next(c)
		}
	}
}

func hasVary(values []string, name string) bool {
	for _, v := range values {
		for _, f := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(f), name) {
				return true
			}
		}
	}
	return false
}

// ErrSessionStore: the store of sessions and logins does not answer.
var ErrSessionStore = errors.New("session store unavailable")

// markingCodec marks the errors of decoding a session, so that Sessions can
// tell them from errors of the store.
type markingCodec struct{ scs.Codec }

func (m markingCodec) Decode(b []byte) (time.Time, map[string]interface{}, error) {
	deadline, values, err := m.Codec.Decode(b)
	if err != nil {
		return deadline, values, &unreadableSession{err}
	}
	return deadline, values, nil
}

type unreadableSession struct{ err error }

func (e *unreadableSession) Error() string { return "unreadable session: " + e.err.Error() }
func (e *unreadableSession) Unwrap() error { return e.err }
