package factorial_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial"
)

// Three calls at once and then two at once are five calls in two rounds,
// and the time waited counts the overlapping calls once.
func TestMeterCountsCallsAndRounds(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"data":[],"meta":{"has_next_page":false}}`))
	}))
	defer srv.Close()
	c, err := factorial.NewClient(factorial.WithBaseURL(srv.URL), factorial.WithAPIKey("k"))
	if err != nil {
		t.Fatal(err)
	}
	var m factorial.Meter
	ctx := factorial.WithMeter(context.Background(), &m)
	began := time.Now()
	for _, n := range []int{3, 2} {
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				if _, err := c.Categories.List(ctx, nil); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	}
	wall := time.Since(began)
	got := m.Read()
	if got.Calls != 5 || got.Rounds != 2 {
		t.Fatalf("calls %d rounds %d, want 5 and 2", got.Calls, got.Rounds)
	}
	if got.Waited < 40*time.Millisecond || got.Waited > wall {
		t.Fatalf("waited %v in %v: want each round counted once, not the overlapping calls summed", got.Waited, wall)
	}
	if _, err := c.Categories.List(context.Background(), nil); err != nil { // no meter: nothing counted, no panic
		t.Fatal(err)
	}
	if m.Read().Calls != 5 {
		t.Fatal("a call without the meter's context was counted")
	}
}

// A call sent after another was answered is a round further, even while a
// third, slow call is in flight the whole time: page 1 then page 2 of a
// list beside one slow read are two rounds, not one busy stretch.
func TestMeterRoundsFollowTheLongestChain(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.RawQuery, "ids") { // the slow read
			time.Sleep(120 * time.Millisecond)
		} else {
			time.Sleep(20 * time.Millisecond)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"data":[],"meta":{"has_next_page":false}}`))
	}))
	defer srv.Close()
	c, err := factorial.NewClient(factorial.WithBaseURL(srv.URL), factorial.WithAPIKey("k"))
	if err != nil {
		t.Fatal(err)
	}
	var m factorial.Meter
	ctx := factorial.WithMeter(context.Background(), &m)
	var wg sync.WaitGroup
	wg.Go(func() {
		if _, err := c.Categories.List(ctx, &factorial.CategoryListOptions{IDs: []factorial.ID{1}}); err != nil {
			t.Error(err)
		}
	})
	for range 3 { // a chain of three, one after the other
		if _, err := c.Categories.List(ctx, nil); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	if got := m.Read(); got.Calls != 4 || got.Rounds != 3 {
		t.Fatalf("calls %d rounds %d, want 4 and 3", got.Calls, got.Rounds)
	}
}
