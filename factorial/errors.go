package factorial

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Sentinels for errors.Is. An *Error (or *RateLimitError) matches the one
// that fits its status.
var (
	// ErrNotFound matches a 404.
	ErrNotFound = errors.New("factorial: not found")
	// ErrUnauthorized matches a 401, and an OAuth2 invalid_grant (an expired
	// or already used refresh token): the user must sign in again.
	ErrUnauthorized = errors.New("factorial: unauthorized")
	// ErrForbidden matches a 403: the identity may not do this.
	ErrForbidden = errors.New("factorial: forbidden")
	// ErrRateLimited matches a 429.
	ErrRateLimited = errors.New("factorial: rate limited")
	// ErrValidation matches a 400 or 422: the request was refused as invalid.
	ErrValidation = errors.New("factorial: validation failed")
)

// maxBodyExcerpt bounds Error.Body.
const maxBodyExcerpt = 512

// Error is a non-2xx reply from Factorial. It never holds a credential: the
// body excerpt and message are scrubbed of the key or token that was sent.
type Error struct {
	StatusCode int    // HTTP status
	Method     string // HTTP method
	Path       string // URL path, without host or query
	Code       string // machine-readable code from the body, if any ("not_found")
	Message    string // the server's message, if any
	RequestID  string // X-Request-Id of the reply, if any
	Body       string // a bounded excerpt of the body

	retryAfter time.Duration // the reply's Retry-After, honoured by retries
}

// Error returns a one-line description for logs.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "factorial: %s %s: %d %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	if e.Code != "" {
		fmt.Fprintf(&b, " (%s)", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " [request id %s]", e.RequestID)
	}
	return b.String()
}

// Is reports whether target is the sentinel matching e's status.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized || e.Code == "invalid_grant"
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrValidation:
		return (e.StatusCode == http.StatusBadRequest || e.StatusCode == http.StatusUnprocessableEntity) && e.Code != "invalid_grant"
	}
	return false
}

// RateLimitError is a 429 reply. RetryAfter is the server's Retry-After, or
// zero when it sent none.
type RateLimitError struct {
	Err        *Error
	RetryAfter time.Duration
}

// Error returns a one-line description for logs.
func (e *RateLimitError) Error() string {
	if e.RetryAfter > 0 {
		return fmt.Sprintf("%s (retry after %s)", e.Err.Error(), e.RetryAfter)
	}
	return e.Err.Error()
}

// Unwrap returns the underlying *Error.
func (e *RateLimitError) Unwrap() error { return e.Err }

// Is reports whether target is ErrRateLimited.
func (e *RateLimitError) Is(target error) bool { return target == ErrRateLimited }

// newError reads a non-2xx reply into an *Error (or *RateLimitError),
// scrubbing every secret in secrets from what it keeps.
func newError(method, path string, resp *http.Response, secrets ...string) error {
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 16<<10))
	e := &Error{
		StatusCode: resp.StatusCode,
		Method:     method,
		Path:       path,
		RequestID:  firstHeader(resp.Header, "X-Request-Id", "X-Correlation-Id", "X-Amzn-Requestid"),
	}
	e.Code, e.Message = parseErrorBody(raw)
	e.Code = scrub(excerpt(e.Code, 100), secrets)
	e.Message = scrub(excerpt(e.Message, 300), secrets)
	e.Body = scrub(excerpt(string(raw), maxBodyExcerpt), secrets)
	e.RequestID = excerpt(e.RequestID, 100)
	e.retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	if resp.StatusCode == http.StatusTooManyRequests {
		return &RateLimitError{Err: e, RetryAfter: e.retryAfter}
	}
	return e
}

func firstHeader(h http.Header, names ...string) string {
	for _, n := range names {
		if v := h.Get(n); v != "" {
			return v
		}
	}
	return ""
}

// parseErrorBody understands the sandbox's {"error":{"code","message"}} and
// the other shapes seen from Rails APIs: {"error":"…"}, {"message":"…"},
// {"errors":["…"]} and OAuth2's {"error","error_description"}.
func parseErrorBody(raw []byte) (code, message string) {
	var body struct {
		Error            json.RawMessage `json:"error"`
		ErrorDescription string          `json:"error_description"`
		Message          string          `json:"message"`
		Code             string          `json:"code"`
		Errors           json.RawMessage `json:"errors"`
	}
	if json.Unmarshal(raw, &body) != nil {
		return "", ""
	}
	code, message = body.Code, body.Message
	if len(body.Error) > 0 {
		var obj struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		}
		var s string
		if json.Unmarshal(body.Error, &obj) == nil {
			code, message = firstNonEmpty(obj.Code, code), firstNonEmpty(obj.Message, message)
		} else if json.Unmarshal(body.Error, &s) == nil {
			if body.ErrorDescription != "" { // OAuth2: error is the code
				code, message = s, body.ErrorDescription
			} else {
				message = firstNonEmpty(message, s)
			}
		}
	}
	if message == "" && len(body.Errors) > 0 {
		var list []string
		var fields map[string][]string
		if json.Unmarshal(body.Errors, &list) == nil {
			message = strings.Join(list, "; ")
		} else if json.Unmarshal(body.Errors, &fields) == nil {
			var parts []string
			for k, v := range fields {
				parts = append(parts, k+" "+strings.Join(v, ", "))
			}
			message = strings.Join(parts, "; ")
		}
	}
	return code, message
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// parseRetryAfter reads delay-seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseFloat(v, 64); err == nil {
		if n <= 0 {
			return 0
		}
		if n > 86400 {
			n = 86400
		}
		return time.Duration(n * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

// excerpt cuts s to at most n bytes on a rune boundary.
func excerpt(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// scrub replaces every secret in s, and any prefix of a secret cut off at the
// end of an excerpt, with "[redacted]".
func scrub(s string, secrets []string) string {
	for _, sec := range secrets {
		if len(sec) < 4 {
			continue
		}
		s = strings.ReplaceAll(s, sec, "[redacted]")
		// An excerpt may end inside a secret.
		trimmed := strings.TrimSuffix(s, "…")
		for k := len(sec) - 1; k >= 4; k-- {
			if strings.HasSuffix(trimmed, sec[:k]) {
				s = trimmed[:len(trimmed)-k] + "[redacted]…"
				break
			}
		}
	}
	return s
}

// errNotSent marks a failure before the request left Aula (no token, a body
// that could not be encoded): Factorial never saw it.
var errNotSent = errors.New("factorial: request not sent")

// WriteOutcome is what the error of a failed write says about the write.
type WriteOutcome int

const (
	// NotApplied: Factorial answered with a refusal (a 4xx, a 429), or the
	// request never reached it (no token, connection refused, no such host).
	NotApplied WriteOutcome = iota
	// MaybeApplied: a 5xx, a timeout or a connection lost after the request
	// was sent. Factorial may have made the change; only a read can tell.
	MaybeApplied
)

// OutcomeOf classifies the error of a failed write. The client never retries
// a non-idempotent write after it may have been applied, so a MaybeApplied
// create was sent exactly once.
func OutcomeOf(err error) WriteOutcome {
	var fe *Error
	var op *net.OpError
	var dns *net.DNSError
	switch {
	case errors.As(err, &fe):
		if fe.StatusCode >= 500 {
			return MaybeApplied
		}
		return NotApplied
	case errors.Is(err, errNotSent), errors.As(err, &dns), errors.As(err, &op) && op.Op == "dial":
		return NotApplied
	}
	return MaybeApplied
}
