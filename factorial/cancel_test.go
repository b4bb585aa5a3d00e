package factorial

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
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
