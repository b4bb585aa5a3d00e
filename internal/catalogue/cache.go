package catalogue

import (
	"container/list"
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/aula-hr/aula/factorial"
	"golang.org/x/sync/singleflight"
)

// Cache keeps, per user, the whole training list for the views Factorial
// cannot compute itself (year, external, category, other orders). Entries are
// short-lived, dropped on that user's writes, and the cache holds at most
// MaxTrainings trainings in total across users (least recently used out first).
// Identical concurrent loads of one user are merged.
//
// The key must identify whose view it is (a login or credential id): two
// users never share an entry, since Factorial shows each only what they may see.
type Cache struct {
	ttl          time.Duration
	maxTrainings int
	now          func() time.Time

	mu      sync.Mutex
	entries map[string]*list.Element // of *cacheEntry
	lru     *list.List               // front = most recently used
	held    int                      // trainings held across entries
	gen     map[string]uint64        // bumped by Drop; a load started before a drop is not stored
	flight  singleflight.Group
}

type cacheEntry struct {
	key       string
	trainings []factorial.Training
	expires   time.Time
}

// CacheOption configures a Cache.
type CacheOption func(*Cache)

// WithClock sets the clock (tests).
func WithClock(now func() time.Time) CacheOption { return func(c *Cache) { c.now = now } }

// NewCache returns a cache whose entries live ttl and which holds at most
// maxTrainings trainings in total.
func NewCache(ttl time.Duration, maxTrainings int, opts ...CacheOption) *Cache {
	c := &Cache{
		ttl: ttl, maxTrainings: maxTrainings, now: time.Now,
		entries: map[string]*list.Element{}, lru: list.New(), gen: map[string]uint64{},
	}
	for _, o := range opts {
		o(c)
	}
	return c
}

// LoadTimeout bounds a shared load: it runs detached from the request that
// started it, so one cancelled request does not fail the others waiting on it.
const LoadTimeout = 30 * time.Second

// Trainings returns key's whole training list, from the cache when fresh,
// otherwise from load (one load at a time per key). hit reports whether no
// upstream call was needed. The returned slice must not be modified.
func (c *Cache) Trainings(ctx context.Context, key string, load func(context.Context) ([]factorial.Training, error)) (ts []factorial.Training, hit bool, err error) {
	c.mu.Lock()
	if el, ok := c.entries[key]; ok {
		e := el.Value.(*cacheEntry)
		if c.now().Before(e.expires) {
			c.lru.MoveToFront(el)
			c.mu.Unlock()
			return e.trainings, true, nil
		}
		c.removeLocked(el)
	}
	gen := c.gen[key]
	c.mu.Unlock()

	ch := c.flight.DoChan(key+"\x00"+strconv.FormatUint(gen, 10), func() (any, error) {
		lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), LoadTimeout)
		defer cancel()
		ts, err := load(lctx)
		if err != nil {
			return nil, err
		}
		c.store(key, gen, ts)
		return ts, nil
	})
	select {
	case <-ctx.Done():
		return nil, false, ctx.Err()
	case r := <-ch:
		if r.Err != nil {
			return nil, false, r.Err
		}
		return r.Val.([]factorial.Training), false, nil
	}
}

func (c *Cache) store(key string, gen uint64, ts []factorial.Training) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen[key] != gen || len(ts) > c.maxTrainings {
		return // dropped meanwhile, or too big to keep at all
	}
	if el, ok := c.entries[key]; ok {
		c.removeLocked(el)
	}
	for c.held+len(ts) > c.maxTrainings && c.lru.Len() > 0 {
		c.removeLocked(c.lru.Back())
	}
	c.entries[key] = c.lru.PushFront(&cacheEntry{key: key, trainings: ts, expires: c.now().Add(c.ttl)})
	c.held += len(ts)
}

// Drop forgets key's list, and any load of it still in flight, so that the
// user's next view shows their own write.
func (c *Cache) Drop(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen[key]++
	if el, ok := c.entries[key]; ok {
		c.removeLocked(el)
	}
}

func (c *Cache) removeLocked(el *list.Element) {
	e := el.Value.(*cacheEntry)
	c.lru.Remove(el)
	delete(c.entries, e.key)
	c.held -= len(e.trainings)
}

// Held returns the number of trainings held (tests, metrics).
func (c *Cache) Held() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.held
}
