package app

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/aula-hr/aula/factorial/sandbox"
	mw "github.com/aula-hr/aula/middleware"
)

// newDemoSandbox is demo mode's sandbox. Its clock runs in the company's
// time zone, so its data is anchored on the company's today (the trainer's
// sessions today are today in Madrid, also late in the evening UTC); apiKey,
// when set, replaces its default demo API key; settings are the
// AULA_SANDBOX_* latency, faults, rate limit, profile and seed.
func newDemoSandbox(apiKey string, company *time.Location, settings sandbox.Settings) Sandbox {
	opts := append(settings.Options(), sandbox.WithClock(func() time.Time { return time.Now().In(company) }))
	if apiKey != "" {
		opts = append(opts, sandbox.WithAPIKey(apiKey))
	}
	sb := sandbox.New(opts...)
	settings.Apply(sb)
	return sb
}

// speakAulasLanguage makes the demo's persona picker, served on Aula's
// origin, follow Aula's choice of language (the language cookie, then
// Accept-Language), so the picker speaks the language of the page that sent
// the person there. A sandbox without a picker language is left as it is.
func speakAulasLanguage(sb Sandbox, locales *mw.Locales) {
	if sl, ok := sb.(interface {
		SetLanguage(func(*http.Request) string)
	}); ok {
		sl.SetLanguage(func(r *http.Request) string { return locales.Of(r).String() })
	}
}

// sandboxHandler serves the sandbox under /sandbox/ with a request log that,
// like Aula's, never logs a query string.
func sandboxHandler(sb http.Handler, log *slog.Logger) http.Handler {
	inner := http.StripPrefix(SandboxPrefix, sb)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		inner.ServeHTTP(rec, r)
		log.LogAttrs(r.Context(), slog.LevelDebug, "sandbox request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", rec.status), slog.Duration("duration", time.Since(start)))
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int)        { s.status = code; s.ResponseWriter.WriteHeader(code) }
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// inProcess is an http.RoundTripper that serves requests for
// <public URL>/sandbox/… with the sandbox handler directly.
type inProcess struct {
	prefix string // path prefix to strip, e.g. "/sandbox"
	h      http.Handler
}

func (t *inProcess) RoundTrip(r *http.Request) (resp *http.Response, err error) {
	defer func() {
		// The sandbox drops a connection by aborting the handler; to the
		// client that is a transport error, as over a network.
		if p := recover(); p != nil {
			resp, err = nil, &net.OpError{Op: "read", Net: "tcp", Err: fmt.Errorf("sandbox dropped the connection: %v", p)}
		}
	}()
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	req := r.Clone(r.Context())
	req.URL.Path = strings.TrimPrefix(r.URL.Path, t.prefix)
	req.URL.RawPath = ""
	req.RequestURI = req.URL.RequestURI()
	if req.Body == nil {
		req.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, req)
	if r.Body != nil {
		_ = r.Body.Close()
	}
	if err := r.Context().Err(); err != nil {
		return nil, err // the sandbox was told to be slower than the caller waits
	}
	resp = rec.Result()
	resp.Request = r
	resp.Body = io.NopCloser(bytes.NewReader(rec.Body.Bytes()))
	return resp, nil
}
