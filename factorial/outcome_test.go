package factorial

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// TestWriteOutcomeAndNoRetryOfCreates: a create that may have been applied
// is sent once, never retried, and its error says the outcome is unknown;
// a refusal or a request that never arrived says nothing was applied.
func TestWriteOutcomeAndNoRetryOfCreates(t *testing.T) {
	for _, tc := range []struct {
		name   string
		answer func(w http.ResponseWriter)
		want   WriteOutcome
	}{
		{"502 after storing", func(w http.ResponseWriter) { writeJSON(w, 502, `{"error":{"code":"bad_gateway"}}`) }, MaybeApplied},
		{"500", func(w http.ResponseWriter) { writeJSON(w, 500, `{"error":{"code":"internal"}}`) }, MaybeApplied},
		{"503", func(w http.ResponseWriter) { writeJSON(w, 503, `{}`) }, MaybeApplied},
		{"connection dropped", func(w http.ResponseWriter) {
			conn, _, _ := http.NewResponseController(w).Hijack()
			conn.Close()
		}, MaybeApplied},
		{"422", func(w http.ResponseWriter) { writeJSON(w, 422, `{"error":{"code":"invalid","message":"name taken"}}`) }, NotApplied},
		{"429", func(w http.ResponseWriter) { writeJSON(w, 429, `{"error":{"code":"too_many_requests"}}`) }, NotApplied},
		{"403", func(w http.ResponseWriter) { writeJSON(w, 403, `{"error":{"code":"forbidden"}}`) }, NotApplied},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var hits atomic.Int32
			srv, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				tc.answer(w)
			})
			c, _ := newTestClient(t, srv)
			_, err := c.Categories.Create(context.Background(), "Safety", 1)
			if err == nil {
				t.Fatal("no error")
			}
			if got := OutcomeOf(err); got != tc.want {
				t.Errorf("OutcomeOf(%v) = %v, want %v", err, got, tc.want)
			}
			if hits.Load() != 1 {
				t.Errorf("the create was sent %d times, want once", hits.Load())
			}
		})
	}
	t.Run("connection refused", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		srv.Close()
		c, _ := newTestClient(t, srv)
		_, err := c.Categories.Create(context.Background(), "Safety", 1)
		if err == nil || OutcomeOf(err) != NotApplied {
			t.Errorf("a request that never connected: %v, outcome %v", err, OutcomeOf(err))
		}
	})
}
