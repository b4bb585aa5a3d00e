package middleware

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"time"

	"github.com/labstack/echo/v4"
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
func RequestLog(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
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
