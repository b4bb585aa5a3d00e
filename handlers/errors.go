package handlers

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/i18n"
	mw "github.com/aula-hr/aula/middleware"
	"github.com/aula-hr/aula/views/components"
	"github.com/aula-hr/aula/views/pages"
)

// Problem is what the person is told about an error: never err.Error().
type Problem = components.Problem

// ProblemFor maps an error to what the person sees. It is the one table of
// error → page for the whole app; a failed write says what became of the
// write (writeFailed, writeProblem).
func ProblemFor(ctx context.Context, err error) Problem {
	var we *writeError
	if errors.As(err, &we) {
		return we.problem(ctx)
	}
	var he *echo.HTTPError
	var fe *factorial.Error
	var ne net.Error
	switch {
	case errors.Is(err, mw.ErrSessionStore):
		return Problem{Status: http.StatusServiceUnavailable, Title: i18n.T(ctx, "Aula is not available"), Detail: i18n.T(ctx, "Aula cannot reach its session store right now. Nothing was changed. Try again in a moment."), Retry: true}
	case errors.Is(err, factorial.ErrNotFound):
		return Problem{Status: http.StatusNotFound, Title: i18n.T(ctx, "Not found in Factorial"), Detail: i18n.T(ctx, "Factorial has no such record, or it was deleted. Nothing was changed.")}
	case errors.Is(err, factorial.ErrForbidden):
		return Problem{Status: http.StatusForbidden, Title: i18n.T(ctx, "Not permitted in Factorial"), Detail: i18n.T(ctx, "Your Factorial account is not allowed to do this. Nothing was changed. Ask an HR admin if you need access.")}
	case errors.Is(err, factorial.ErrValidation) && errors.As(err, &fe):
		p := Problem{Status: http.StatusUnprocessableEntity, Title: i18n.T(ctx, "Factorial refused the change"), Detail: i18n.T(ctx, "Nothing was changed. Factorial gave no reason.")}
		if fe.Message != "" {
			p.Detail = i18n.T(ctx, "Nothing was changed. Factorial said: %s", excerptText(fe.Message, 200))
		}
		return p
	case errors.Is(err, factorial.ErrRateLimited):
		return Problem{Status: http.StatusServiceUnavailable, Title: i18n.T(ctx, "Factorial did not answer"), Detail: i18n.T(ctx, "Factorial is receiving too many requests right now. Nothing was changed. Wait a moment and try again."), Retry: true}
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return Problem{Status: http.StatusGatewayTimeout, Title: i18n.T(ctx, "Factorial did not answer"), Detail: i18n.T(ctx, "Factorial took too long to answer. Nothing was changed. Try again in a moment."), Retry: true}
	case errors.As(err, &fe) && fe.StatusCode >= 500:
		return Problem{Status: http.StatusBadGateway, Title: i18n.T(ctx, "Factorial did not answer"), Detail: i18n.T(ctx, "Factorial had a problem answering. Nothing was changed. Try again in a moment."), Retry: true}
	case errors.Is(err, mw.ErrCSRF):
		return Problem{Status: http.StatusForbidden, Title: i18n.T(ctx, "This form has expired"), Detail: i18n.T(ctx, "For your safety Aula refused this request. Nothing was changed. Reload the page and try again.")}
	case errors.As(err, &he):
		switch he.Code {
		case http.StatusNotFound, http.StatusMethodNotAllowed:
			return Problem{Status: http.StatusNotFound, Title: i18n.T(ctx, "Page not found"), Detail: i18n.T(ctx, "There is no page at this address.")}
		case http.StatusRequestEntityTooLarge:
			return Problem{Status: he.Code, Title: i18n.T(ctx, "Too much data"), Detail: i18n.T(ctx, "The form sent more data than Aula accepts. Nothing was changed.")}
		case http.StatusTooManyRequests:
			return Problem{Status: he.Code, Title: i18n.T(ctx, "Too many attempts"), Detail: i18n.T(ctx, "Too many sign-in attempts from your address. Wait a minute and try again.")}
		case http.StatusServiceUnavailable:
			return Problem{Status: he.Code, Title: i18n.T(ctx, "Aula is busy"), Detail: i18n.T(ctx, "Aula could not finish in time. Nothing was changed. Try again."), Retry: true}
		}
		if he.Code >= 400 && he.Code < 500 {
			return Problem{Status: he.Code, Title: i18n.T(ctx, "Aula could not handle this request"), Detail: i18n.T(ctx, "The request was not understood. Nothing was changed.")}
		}
	case errors.As(err, &ne), errors.As(err, &fe):
		// Connection refused, DNS, and other transport failures; or a 4xx of
		// Factorial that no handler expected.
		if fe == nil {
			return Problem{Status: http.StatusBadGateway, Title: i18n.T(ctx, "Factorial did not answer"), Detail: i18n.T(ctx, "Aula could not reach Factorial. Nothing was changed. Try again in a moment."), Retry: true}
		}
	}
	return Problem{Status: http.StatusInternalServerError, Title: i18n.T(ctx, "Something went wrong"), Detail: i18n.T(ctx, "Aula hit an unexpected problem. Nothing was changed. Try again; if it keeps happening, tell your administrator the reference below."), Retry: true}
}

// ErrorHandler is Echo's one error handler: it logs the detail with the
// request id, sends a lost session to the sign-in page, and otherwise shows
// a page (or, to htmx, a fragment in the flash region) with a retry where it
// helps.
// endSignIn is called when Factorial refuses the signed-in person's token,
// so the sign-in page does not send them straight back (a loop).
func ErrorHandler(rd *Renderer, log *slog.Logger, endSignIn func(echo.Context) error) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		if errors.Is(err, mw.ErrSignInRequired) || errors.Is(err, factorial.ErrUnauthorized) {
			if errors.Is(err, factorial.ErrUnauthorized) {
				log.InfoContext(c.Request().Context(), "factorial refused the token; signing out", "request_id", mw.RequestID(c))
				if endSignIn != nil {
					if err := endSignIn(c); err != nil {
						log.ErrorContext(c.Request().Context(), "ending the sign-in failed", "err", err, "request_id", mw.RequestID(c))
					}
				}
			}
			to := mw.LoginURL(currentPath(c))
			if mw.IsHTMX(c) {
				mw.HXRedirect(c, to)
				_ = c.NoContent(http.StatusUnauthorized)
				return
			}
			_ = c.Redirect(http.StatusSeeOther, to)
			return
		}

		p := ProblemFor(c.Request().Context(), err)
		level := slog.LevelWarn
		if p.Status >= 500 {
			level = slog.LevelError
		}
		log.Log(c.Request().Context(), level, "request failed", "status", p.Status, "err", err, "path", c.Request().URL.Path, "request_id", mw.RequestID(c))

		p.RequestID = mw.RequestID(c)
		if p.Retry {
			p.RetryURL = retryPath(c)
		}
		c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
		var rerr error
		if mw.IsHTMX(c) {
			// The message goes to the flash region; the page stays as it was.
			mw.HXRetarget(c, "#flash", "innerHTML")
			rerr = rd.Fragment(c, p.Status, components.ProblemBox(p, nil))
		} else {
			rerr = rd.Page(c, p.Status, p.Title, pages.ErrorPage(p))
		}
		if rerr != nil {
			log.ErrorContext(c.Request().Context(), "error page failed", "err", rerr, "request_id", mw.RequestID(c))
			_ = c.String(p.Status, p.Title)
		}
	}
}

const retryKey = "aula.retry"

// SetRetry names the page "Try again" leads to if this request fails: for a
// form post whose own address has no page (/trainings/bulk, …/status), the
// page that holds the form.
func SetRetry(c echo.Context, path string) { c.Set(retryKey, path) }

// retryPath is where "Try again" leads: the page the person was on.
func retryPath(c echo.Context) string {
	if to, ok := c.Get(retryKey).(string); ok && to != "" && !mw.IsHTMX(c) {
		return mw.SafeReturnTo(to)
	}
	return currentPath(c)
}
