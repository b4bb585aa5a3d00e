package factorial

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

func TestErrorClasses(t *testing.T) {
	cases := []struct {
		status   int
		body     string
		sentinel error
		code     string
		message  string
	}{
		{404, `{"error":{"code":"not_found","message":"Training 7 not found"}}`, ErrNotFound, "not_found", "Training 7 not found"},
		{401, `{"error":"Invalid token"}`, ErrUnauthorized, "", "Invalid token"},
		{403, `{"message":"You cannot see this training","code":"forbidden"}`, ErrForbidden, "forbidden", "You cannot see this training"},
		{422, `{"errors":["Name can't be blank","Year is invalid"]}`, ErrValidation, "", "Name can't be blank; Year is invalid"},
		{400, `{"error":{"code":"bad_request","message":"session_id is required"}}`, ErrValidation, "bad_request", "session_id is required"},
		{429, `{"error":{"code":"rate_limited","message":"Slow down"}}`, ErrRateLimited, "rate_limited", "Slow down"},
		{500, `<html>oops</html>`, nil, "", ""},
	}
	all := []error{ErrNotFound, ErrUnauthorized, ErrForbidden, ErrRateLimited, ErrValidation}
	for _, tc := range cases {
		t.Run(http.StatusText(tc.status), func(t *testing.T) {
			srv, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-Request-Id", "req-42")
				writeJSON(w, tc.status, tc.body)
			})
			c, _ := newTestClient(t, srv, WithRetry(RetryPolicy{MaxAttempts: 1}))
			_, err := c.Trainings.Get(context.Background(), 7)
			if err == nil {
				t.Fatal("no error")
			}
			for _, s := range all {
				if got, want := errors.Is(err, s), s == tc.sentinel; got != want {
					t.Errorf("errors.Is(err, %v) = %v, want %v", s, got, want)
				}
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("%T is not an *Error", err)
			}
			if e.StatusCode != tc.status || e.Method != "GET" || e.Path != apiPrefix+"trainings/trainings/7" || e.RequestID != "req-42" ||
				e.Code != tc.code || e.Message != tc.message || e.Body != tc.body {
				t.Errorf("error = %+v", e)
			}
			if !strings.Contains(err.Error(), "req-42") || !strings.Contains(err.Error(), "/trainings/trainings/7") {
				t.Errorf("message %q lacks request id or path", err)
			}
			var rl *RateLimitError
			if got := errors.As(err, &rl); got != (tc.status == 429) {
				t.Errorf("errors.As RateLimitError = %v", got)
			}
		})
	}
}

func TestRateLimitErrorCarriesRetryAfter(t *testing.T) {
	srv, rec := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "120")
		writeJSON(w, 429, `{"error":{"code":"rate_limited","message":"200 POST per minute"}}`)
	})
	c, waits := newTestClient(t, srv)
	_, err := c.Trainings.Get(context.Background(), 7)
	var rl *RateLimitError
	if !errors.As(err, &rl) || rl.RetryAfter != 120*time.Second {
		t.Fatalf("err = %v (%T)", err, err)
	}
	// 120 s is above MaxRetryAfter (5 s): give up at once rather than block.
	if n := len(rec.all()); n != 1 || len(*waits) != 0 {
		t.Errorf("%d requests, waits %v: a Retry-After above the cap must not be waited for", n, *waits)
	}
}

// TestErrorsNeverLeakSecrets: a server that echoes credentials back must not
// get them into an error string.
func TestErrorsNeverLeakSecrets(t *testing.T) {
	const key = "sk_live_abcdef0123456789"
	const tok = "user-access-token-zyx987"
	echo := func(w http.ResponseWriter, r *http.Request) {
		secret := r.Header.Get("x-api-key") + strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		writeJSON(w, 401, `{"error":{"code":"bad_key","message":"key `+secret+` is revoked"},"pad":"`+strings.Repeat("x", 480)+secret+`"}`)
	}
	for name, opt := range map[string]Option{
		"api key":      WithAPIKey(key),
		"bearer":       WithBearerToken(tok),
		"token source": WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok})),
	} {
		t.Run(name, func(t *testing.T) {
			srv, _ := newServer(t, echo)
			c, err := NewClient(WithBaseURL(srv.URL+basePath), opt, WithRetry(RetryPolicy{MaxAttempts: 1}))
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Trainings.Get(context.Background(), 1)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v", err)
			}
			all := err.Error() + e.Body + e.Message + e.Code
			for _, s := range []string{key, tok, key[:12], tok[:12]} {
				if strings.Contains(all, s) {
					t.Errorf("secret fragment %q leaked: %s", s, all)
				}
			}
			if !strings.Contains(e.Message, "[redacted]") || len(e.Body) > maxBodyExcerpt+len("[redacted]…") {
				t.Errorf("message %q / body length %d", e.Message, len(e.Body))
			}
		})
	}
}

func TestRetries(t *testing.T) {
	t.Run("GET retried on 503 then succeeds", func(t *testing.T) {
		var n atomic.Int32
		srv, rec := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) < 3 {
				writeJSON(w, 503, `{"error":{"code":"unavailable","message":"try later"}}`)
				return
			}
			writeJSON(w, 200, trainingJSON)
		})
		c, waits := newTestClient(t, srv)
		tr, err := c.Trainings.Get(context.Background(), 7)
		if err != nil || tr.ID != 7 {
			t.Fatalf("got %v, %v", tr, err)
		}
		if len(rec.all()) != 3 || len(*waits) != 2 {
			t.Errorf("%d requests, waits %v; want 3 and 2", len(rec.all()), *waits)
		}
		for i, d := range *waits {
			if d <= 0 || d > fastRetry.MaxDelay {
				t.Errorf("wait %d = %v, outside (0, MaxDelay]", i, d)
			}
		}
	})
	t.Run("gives up after MaxAttempts", func(t *testing.T) {
		srv, rec := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 502, `bad gateway`) })
		c, _ := newTestClient(t, srv)
		_, err := c.Sessions.List(context.Background(), nil)
		var e *Error
		if !errors.As(err, &e) || e.StatusCode != 502 || len(rec.all()) != fastRetry.MaxAttempts {
			t.Errorf("err %v after %d requests", err, len(rec.all()))
		}
	})
	t.Run("PUT, DELETE and attendance bulk_update are retried on 504", func(t *testing.T) {
		calls := map[string]func(c *Client) error{
			"PUT":    func(c *Client) error { _, err := c.Memberships.Update(context.Background(), 61, nil); return err },
			"DELETE": func(c *Client) error { _, err := c.Sessions.Delete(context.Background(), 31); return err },
			"bulk_update": func(c *Client) error {
				_, err := c.Attendances.BulkUpdate(context.Background(), AttendanceUpdate{IDs: []ID{1}})
				return err
			},
		}
		for name, call := range calls {
			var n atomic.Int32
			srv, rec := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				if n.Add(1) == 1 {
					writeJSON(w, 504, ``)
					return
				}
				if strings.HasSuffix(r.URL.Path, "bulk_update") {
					writeJSON(w, 200, `[]`)
					return
				}
				writeJSON(w, 200, `{"id":1}`)
			})
			c, _ := newTestClient(t, srv)
			if err := call(c); err != nil || len(rec.all()) != 2 {
				t.Errorf("%s: err %v after %d requests, want success after 2", name, err, len(rec.all()))
			}
		}
	})
	t.Run("creates and bulk creates are never retried", func(t *testing.T) {
		calls := map[string]func(c *Client) error{
			"training create": func(c *Client) error {
				_, err := c.Trainings.Create(context.Background(), &TrainingRequest{Name: "x"})
				return err
			},
			"session create": func(c *Client) error {
				_, err := c.Sessions.Create(context.Background(), &SessionRequest{Name: "x"})
				return err
			},
			"memberships bulk_create": func(c *Client) error {
				_, err := c.Memberships.BulkCreate(context.Background(), 7, []ID{1})
				return err
			},
			"access bulk_create": func(c *Client) error {
				_, err := c.SessionAccess.BulkCreate(context.Background(), SessionAccessBulkCreate{SessionID: 1})
				return err
			},
			"category create": func(c *Client) error {
				_, err := c.Categories.Create(context.Background(), "x", 1)
				return err
			},
			"class create": func(c *Client) error {
				_, err := c.Classes.Create(context.Background(), &TrainingClassRequest{TrainingID: 1})
				return err
			},
			"access bulk_destroy": func(c *Client) error {
				_, err := c.SessionAccess.BulkDestroy(context.Background(), []ID{1}, false)
				return err
			},
			"memberships bulk_destroy": func(c *Client) error {
				_, err := c.Memberships.BulkDestroy(context.Background(), MembershipBulkDestroy{IDs: []ID{1}})
				return err
			},
			"update_status": func(c *Client) error {
				_, err := c.Trainings.UpdateStatus(context.Background(), 1, TrainingActive, false)
				return err
			},
			"bulk_delete": func(c *Client) error {
				_, err := c.Trainings.BulkDelete(context.Background(), []ID{1})
				return err
			},
			"bulk_update_catalog": func(c *Client) error {
				_, err := c.Trainings.BulkUpdateCatalog(context.Background(), []ID{1}, true)
				return err
			},
		}
		for name, call := range calls {
			for _, status := range []int{429, 503} {
				srv, rec := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, status, `{}`) })
				c, waits := newTestClient(t, srv)
				if err := call(c); err == nil || len(rec.all()) != 1 || len(*waits) != 0 {
					t.Errorf("%s on %d: err %v, %d requests; want one request and an error", name, status, err, len(rec.all()))
				}
			}
		}
	})
	t.Run("Retry-After is honoured", func(t *testing.T) {
		var n atomic.Int32
		srv, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) == 1 {
				w.Header().Set("Retry-After", "3")
				writeJSON(w, 429, `{}`)
				return
			}
			writeJSON(w, 200, listOf())
		})
		c, waits := newTestClient(t, srv)
		if _, err := c.Trainings.List(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		if len(*waits) != 1 || (*waits)[0] != 3*time.Second {
			t.Errorf("waits = %v, want [3s]", *waits)
		}
	})
	t.Run("connection errors are retried for GET", func(t *testing.T) {
		var n atomic.Int32
		srv, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) == 1 {
				// Hijack and close: the client sees a broken connection.
				conn, _, err := w.(http.Hijacker).Hijack()
				if err == nil {
					conn.Close()
				}
				return
			}
			writeJSON(w, 200, employeeJSON)
		})
		c, waits := newTestClient(t, srv)
		e, err := c.Employees.Get(context.Background(), 201)
		if err != nil || e.ID != 201 || len(*waits) != 1 {
			t.Errorf("got %v, %v, waits %v", e, err, *waits)
		}
	})
	t.Run("context cancel stops the retry loop", func(t *testing.T) {
		srv, rec := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 503, `{}`) })
		c, err := NewClient(WithBaseURL(srv.URL+basePath), WithRetry(RetryPolicy{MaxAttempts: 100, BaseDelay: time.Hour, MaxDelay: time.Hour}))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() { _, err := c.Trainings.Get(ctx, 7); done <- err }()
		// Wait for the first request, then cancel during the (hour-long) backoff.
		for len(rec.all()) == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
		err = <-done
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
		if len(rec.all()) != 1 {
			t.Errorf("%d requests after cancel", len(rec.all()))
		}
	})
	t.Run("deadline bounds a slow server", func(t *testing.T) {
		release := make(chan struct{})
		srv, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		})
		defer close(release)
		c, _ := newTestClient(t, srv)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		_, err := c.Trainings.Get(ctx, 7)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want DeadlineExceeded", err)
		}
	})
}

func TestBackoffGrowsWithinBounds(t *testing.T) {
	p := RetryPolicy{MaxAttempts: 10, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}.withDefaults()
	for n := 1; n <= 8; n++ {
		ceil := min(p.BaseDelay<<(n-1), p.MaxDelay)
		for range 50 {
			if d := p.backoff(n); d < ceil/2 || d > ceil {
				t.Fatalf("backoff(%d) = %v, want in [%v, %v]", n, d, ceil/2, ceil)
			}
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"": 0, "7": 7 * time.Second, " 0 ": 0, "-3": 0, "junk": 0, "0.5": 500 * time.Millisecond,
		"Sat, 28 Nov 2026 12:00:30 GMT": 30 * time.Second, "Sat, 28 Nov 2026 11:00:00 GMT": 0,
	} {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestNewClientOptions(t *testing.T) {
	if _, err := NewClient(WithAPIKey("k"), WithBearerToken("t")); err == nil {
		t.Error("two auths accepted")
	}
	for _, u := range []string{"", "ftp://x", "/relative", "http://h/?q=1", "http://user:pw@h"} {
		if _, err := NewClient(WithBaseURL(u)); err == nil {
			t.Errorf("base URL %q accepted", u)
		}
	}
	if _, err := NewClient(WithAPIVersion("latest")); err == nil {
		t.Error("bad version accepted")
	}
	if _, err := NewClient(WithMaxConcurrency(0)); err == nil {
		t.Error("max concurrency 0 accepted")
	}
	c, err := NewClient()
	if err != nil || c.BaseURL() != ProductionURL || c.APIVersion() != DefaultAPIVersion || c.maxConc != 8 {
		t.Errorf("defaults: %v %v", c, err)
	}
	if c.hc.Transport != SharedTransport() || SharedTransport().(*http.Transport).MaxIdleConnsPerHost < 8 {
		t.Error("default client does not use the tuned shared transport")
	}
}

func TestVersionUserAgentAndBearer(t *testing.T) {
	srv, rec := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, listOf(credentialJSON)) })
	c, err := NewClient(WithBaseURL(srv.URL+basePath+"/"), WithAPIVersion("2026-07-01"), WithUserAgent("aula/1"), WithBearerToken("tok"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Credentials.Me(context.Background()); err != nil {
		t.Fatal(err)
	}
	r := rec.all()[0]
	if r.Path != basePath+"/api/2026-07-01/resources/api_public/credentials" || r.Header.Get("User-Agent") != "aula/1" ||
		r.Header.Get("Authorization") != "Bearer tok" || r.Header.Get("x-api-key") != "" {
		t.Errorf("request = %+v", r)
	}
}

// BenchmarkNewClient shows that a client per request is cheap.
func BenchmarkNewClient(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewClient(WithBaseURL("http://127.0.0.1:8080/sandbox"), WithBearerToken("t")); err != nil {
			b.Fatal(err)
		}
	}
}
