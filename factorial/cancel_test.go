package factorial

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// A context cancelled while a retryable attempt is in flight must stop the
// retry loop with an error that says so (errors.Is context.Canceled), not
// only with the 503 the attempt happened to bring back.
func TestCancelDuringRetryableAttemptReportsCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		n++
		cancel() // the caller gives up while the server answers 503
		return &http.Response{StatusCode: 503, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{}`)), Request: r}, nil
	})
	c, err := NewClient(WithBaseURL("https://example.test"), WithTransport(rt), WithRetry(fastRetry))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Trainings.Get(ctx, 7)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want errors.Is context.Canceled", err)
	}
	var apiErr *Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
		t.Errorf("err = %v, want it to keep the last *Error (503)", err)
	}
	if n != 1 {
		t.Errorf("%d attempts, want 1", n)
	}
}

// A 503 with Retry-After (maintenance, overload) is retried after the
// server's delay, not after the short backoff; one beyond the cap ends the
// retries.
func TestRetryAfterHonouredOn503(t *testing.T) {
	for _, tc := range []struct {
		retryAfter string
		wantWaits  []time.Duration
		wantErr    bool
	}{
		{"3", []time.Duration{3 * time.Second}, false},
		{"600", nil, true}, // beyond fastRetry.MaxRetryAfter (5s)
	} {
		var n atomic.Int32
		srv, rec := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) == 1 {
				w.Header().Set("Retry-After", tc.retryAfter)
				writeJSON(w, 503, `{}`)
				return
			}
			writeJSON(w, 200, listOf())
		})
		c, waits := newTestClient(t, srv)
		_, err := c.Trainings.List(context.Background(), nil)
		if (err != nil) != tc.wantErr || !slices.Equal(*waits, tc.wantWaits) {
			t.Errorf("Retry-After %s: err %v, waits %v, %d requests; want error %v, waits %v", tc.retryAfter, err, *waits, len(rec.all()), tc.wantErr, tc.wantWaits)
		}
	}
}

// A Retry-After that ends after the context's deadline is not waited for:
// the retry could never be sent, so the 429 comes back at once instead of
// after the caller's whole time budget.
func TestRetryAfterBeyondDeadlineReturnsAtOnce(t *testing.T) {
	srv, rec := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "4")
		writeJSON(w, 429, `{}`)
	})
	c, waits := newTestClient(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := c.Trainings.Get(ctx, 7)
	var rl *RateLimitError
	if !errors.As(err, &rl) || rl.RetryAfter != 4*time.Second {
		t.Errorf("err = %v, want the *RateLimitError", err)
	}
	if len(*waits) != 0 || len(rec.all()) != 1 {
		t.Errorf("waits %v, %d requests; want no wait and one request", *waits, len(rec.all()))
	}
}

// A refused base URL is named in the error without the password it carries
// (a typo in the scheme must not print the credentials into a startup log).
func TestBaseURLErrorHidesPassword(t *testing.T) {
	for _, u := range []string{"htps://user:s3cr3t-pw@api.test", "ftp://user:s3cr3t-pw@api.test/x", "http://user:s3cr3t-pw@"} {
		_, err := NewClient(WithBaseURL(u))
		if err == nil || strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("WithBaseURL(%q): %v", u, err)
		}
	}
}
