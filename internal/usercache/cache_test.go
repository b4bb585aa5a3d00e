package usercache

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func nTrainings(n int) []factorial.Training {
	ts := make([]factorial.Training, n)
	for i := range ts {
		ts[i].ID = factorial.ID(i + 1)
	}
	return ts
}

func TestCacheHitsExpiresAndDrops(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_800_000_000, 0)}
	c := New[factorial.Training](45*time.Second, 1000, WithClock(clock.now))
	var loads atomic.Int32
	load := func(context.Context) ([]factorial.Training, error) { loads.Add(1); return nTrainings(3), nil }
	ctx := context.Background()

	if _, hit, err := c.Get(ctx, "ana", load); err != nil || hit {
		t.Fatalf("first read: hit=%v err=%v, want a load", hit, err)
	}
	if ts, hit, _ := c.Get(ctx, "ana", load); !hit || len(ts) != 3 {
		t.Fatalf("second read within TTL: hit=%v len=%d, want a hit", hit, len(ts))
	}
	if _, hit, _ := c.Get(ctx, "bob", load); hit {
		t.Fatal("another user must not see ana's entry")
	}
	clock.add(46 * time.Second)
	if _, hit, _ := c.Get(ctx, "ana", load); hit {
		t.Fatal("expired entry was served")
	}
	c.Drop("ana")
	if _, hit, _ := c.Get(ctx, "ana", load); hit {
		t.Fatal("dropped entry was served")
	}
	if n := loads.Load(); n != 4 {
		t.Errorf("loads = %d, want 4 (ana, bob, ana expired, ana dropped)", n)
	}
}

func TestCacheIsBoundedByTrainingsHeld(t *testing.T) {
	c := New[factorial.Training](time.Minute, 10)
	ctx := context.Background()
	for _, k := range []string{"a", "b", "c"} {
		if _, _, err := c.Get(ctx, k, func(context.Context) ([]factorial.Training, error) { return nTrainings(4), nil }); err != nil {
			t.Fatal(err)
		}
	}
	if c.Held() != 8 {
		t.Errorf("held %d trainings, want 8 (the oldest user evicted)", c.Held())
	}
	if _, hit, _ := c.Get(ctx, "a", func(context.Context) ([]factorial.Training, error) { return nTrainings(4), nil }); hit {
		t.Error("least recently used entry should have been evicted")
	}
	if _, _, err := c.Get(ctx, "huge", func(context.Context) ([]factorial.Training, error) { return nTrainings(11), nil }); err != nil {
		t.Fatal(err)
	}
	if c.Held() > 10 {
		t.Errorf("a list larger than the bound was kept: held %d", c.Held())
	}
}

func TestCacheMergesConcurrentLoads(t *testing.T) {
	c := New[factorial.Training](time.Minute, 1000)
	var loads atomic.Int32
	var released atomic.Bool
	release := make(chan struct{})
	load := func(context.Context) ([]factorial.Training, error) {
		if released.Load() {
			// A reader the machine scheduled only after the shared load
			// ended: loading again then is no missed merge.
			return nTrainings(2), nil
		}
		loads.Add(1)
		<-release
		return nTrainings(2), nil
	}
	var wg sync.WaitGroup
	var calling atomic.Int32
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			calling.Add(1)
			if ts, _, err := c.Get(context.Background(), "ana", load); err != nil || len(ts) != 2 {
				t.Errorf("got %d, %v", len(ts), err)
			}
		}()
	}
	// Every reader is about to call; give the last ones a moment to join
	// the load in flight.
	for calling.Load() < 8 || loads.Load() < 1 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	released.Store(true)
	close(release)
	wg.Wait()
	if n := loads.Load(); n != 1 {
		t.Errorf("%d loads for 8 concurrent identical reads, want 1", n)
	}
}

func TestCacheDropDuringLoadIsNotUndone(t *testing.T) {
	c := New[factorial.Training](time.Minute, 1000)
	started, release := make(chan struct{}), make(chan struct{})
	go func() {
		_, _, _ = c.Get(context.Background(), "ana", func(context.Context) ([]factorial.Training, error) {
			close(started)
			<-release
			return nTrainings(1), nil // read before ana's write
		})
	}()
	<-started
	c.Drop("ana") // ana saved something
	close(release)
	var loads atomic.Int32
	ts, hit, err := c.Get(context.Background(), "ana", func(context.Context) ([]factorial.Training, error) {
		loads.Add(1)
		return nTrainings(2), nil
	})
	if err != nil || hit || len(ts) != 2 || loads.Load() != 1 {
		t.Errorf("after a drop the stale load was used: hit=%v len=%d loads=%d err=%v", hit, len(ts), loads.Load(), err)
	}
}

func TestCacheErrorsAreNotCachedAndCancelledWaiterLeaves(t *testing.T) {
	c := New[factorial.Training](time.Minute, 1000)
	boom := errors.New("factorial down")
	if _, _, err := c.Get(context.Background(), "ana", func(context.Context) ([]factorial.Training, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if _, hit, err := c.Get(context.Background(), "ana", func(context.Context) ([]factorial.Training, error) { return nTrainings(1), nil }); err != nil || hit {
		t.Fatalf("after an error the next read must load again: hit=%v err=%v", hit, err)
	}
	c.Drop("ana")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// The load ends only after the waiter has its answer: a load that had
	// ended already would race the cancellation for it.
	release := make(chan struct{})
	defer close(release)
	_, _, err := c.Get(ctx, "ana", func(lctx context.Context) ([]factorial.Training, error) {
		<-release
		return nTrainings(1), lctx.Err() // the shared load is detached from the cancelled request
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled waiter got %v", err)
	}
}
