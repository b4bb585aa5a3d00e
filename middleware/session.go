package middleware

import (
	"log/slog"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/labstack/echo/v4"
)

// Sessions loads the scs session before the handler and commits it exactly
// once, just before the response header is written (also when the handler
// returned an error and the error handler writes the page). scs's own
// LoadAndSave wrapped for Echo commits twice in that case.
func Sessions(sm *scs.SessionManager, log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			c.Response().Header().Add(echo.HeaderVary, echo.HeaderCookie)
			var token string
			if ck, err := r.Cookie(sm.Cookie.Name); err == nil {
				token = ck.Value
			}
			ctx, err := sm.Load(r.Context(), token)
			if err != nil {
				// An unreadable session is a signed-out visitor, not an outage.
				log.WarnContext(r.Context(), "session load failed", "err", err, "request_id", RequestID(c))
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
