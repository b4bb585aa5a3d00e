package middleware

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/aula-hr/aula/factorial"
)

const requestIDKey = "aula.request_id"

// RequestIDHeader carries the request id in both directions.
const RequestIDHeader = echo.HeaderXRequestID

// RequestIDs gives every request an id: the caller's when it is a sane one
// (a load balancer's), a new random one otherwise.
func RequestIDs() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			id := c.Request().Header.Get(RequestIDHeader)
			if !saneRequestID(id) {
				var b [8]byte
				_, _ = rand.Read(b[:])
				id = hex.EncodeToString(b[:])
			}
			c.Set(requestIDKey, id)
			c.Response().Header().Set(RequestIDHeader, id)
			return next(c)
		}
	}
}

// ServerTimingHeader carries the request's own time and its wait on
// Factorial (see RequestLog).
const ServerTimingHeader = "Server-Timing"

func serverTiming(total time.Duration, m factorial.MeterReading) string {
	ms := func(d time.Duration) string { return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64) }
	return fmt.Sprintf(`app;dur=%s, factorial;dur=%s;desc="calls=%d rounds=%d"`, ms(max(total-m.Waited, 0)), ms(m.Waited), m.Calls, m.Rounds)
}

// ParseServerTiming reads a Server-Timing header written by RequestLog:
// Aula's own time, the wait on Factorial, and the calls and round trips.
func ParseServerTiming(h string) (app, wait time.Duration, calls, rounds int, ok bool) {
	var appMS, waitMS float64
	n, err := fmt.Sscanf(h, `app;dur=%g, factorial;dur=%g;desc="calls=%d rounds=%d"`, &appMS, &waitMS, &calls, &rounds)
	if err != nil || n != 4 {
		return 0, 0, 0, 0, false
	}
	return time.Duration(appMS * float64(time.Millisecond)), time.Duration(waitMS * float64(time.Millisecond)), calls, rounds, true
}

func saneRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

// RequestID returns the id of the current request.
func RequestID(c echo.Context) string {
	id, _ := c.Get(requestIDKey).(string)
	return id
}

// RequestLog writes one line per request. It logs the path without the
// query string, so OAuth codes, states and anything else in a URL never
// reach the log; headers and bodies are never logged.
//
// It also meters the request's calls to Factorial (factorial.Meter) and
// tells them in a Server-Timing header, written before the first byte of
// the answer: "app" is Aula's own time so far, without the wait on
// Factorial; "factorial" is that wait, with the calls and round trips:
//
//	Server-Timing: app;dur=1.2, factorial;dur=101.7;desc="calls=4 rounds=2"
//
// Benchmarks and the load harness read it; the log line has the same.
func RequestLog(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			meter := new(factorial.Meter)
			c.SetRequest(c.Request().WithContext(factorial.WithMeter(c.Request().Context(), meter)))
			c.Response().Before(func() {
				c.Response().Header().Set(ServerTimingHeader, serverTiming(time.Since(start), meter.Read()))
			})
			err := next(c)
			if err != nil {
				c.Error(err) // write the error page now, so the status is known
			}
			r := c.Request()
			attrs := []slog.Attr{
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Int("status", c.Response().Status),
				slog.Duration("duration", time.Since(start)),
				slog.Int64("bytes", c.Response().Size),
				slog.String("request_id", RequestID(c)),
			}
			if m := meter.Read(); m.Calls > 0 {
				attrs = append(attrs, slog.Int("factorial_calls", m.Calls), slog.Int("factorial_rounds", m.Rounds), slog.Duration("factorial_wait", m.Waited))
			}
			if u := User(c); u != nil {
				attrs = append(attrs, slog.String("login", u.LoginID[:min(8, len(u.LoginID))]), slog.String("role", string(u.Role)))
			}
			if IsHTMX(c) {
				attrs = append(attrs, slog.Bool("htmx", true))
			}
			level := slog.LevelInfo
			if c.Response().Status >= 500 {
				level = slog.LevelError
			}
			log.LogAttrs(r.Context(), level, "request", attrs...)
			return nil
		}
	}
}
