// Package usercache keeps, per user, a whole list read from Factorial for a
// short time: the reads a page cannot narrow with Factorial's filters.
package usercache

import (
	"container/list"
	"context"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// Cache keeps, per user, one whole list of T: the training list for the
// catalogue views Factorial cannot compute itself (year, external,
// category, other orders), the company's directory for a manager's
// reports. Entries are short-lived, dropped on that user's writes, and the
// cache holds at most max records in total across users (least recently
// used out first). Identical concurrent loads of one user are merged.
//
// The key must identify whose view it is (a login or credential id): two
// users never share an entry, since Factorial shows each only what they may see.
type Cache[T any] struct {
	ttl time.Duration
	max int
	now func() time.Time

	mu      sync.Mutex
	entries map[string]*list.Element // of *cacheEntry
	lru     *list.List               // front = most recently used
	held    int                      // records held across entries
	gen     map[string]uint64        // bumped by Drop; a load started before a drop is not stored
	flight  singleflight.Group
}

type entry[T any] struct {
	key     string
	records []T
	expires time.Time
}

// Option configures a Cache.
type Option func(*options)

type options struct{ now func() time.Time }

// WithClock sets the clock (tests).
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// New returns a cache whose entries live ttl and which holds at most max
// records in total.
func New[T any](ttl time.Duration, max int, opts ...Option) *Cache[T] {
	o := options{now: time.Now}
	for _, f := range opts {
		f(&o)
	}
	return &Cache[T]{
		ttl: ttl, max: max, now: o.now,
		entries: map[string]*list.Element{}, lru: list.New(), gen: map[string]uint64{},
	}
}

// LoadTimeout bounds a shared load: it runs detached from the request that
// started it, so one cancelled request does not fail the others waiting on it.
const LoadTimeout = 30 * time.Second

// Get returns key's whole list, from the cache when fresh, otherwise from
// load (one load at a time per key). hit reports whether no upstream call
// was needed. The returned slice must not be modified.
func (c *Cache[T]) Get(ctx context.Context, key string, load func(context.Context) ([]T, error)) (ts []T, hit bool, err error) {
	c.mu.Lock()
	if el, ok := c.entries[key]; ok {
		e := el.Value.(*entry[T])
		if c.now().Before(e.expires) {
			c.lru.MoveToFront(el)
			c.mu.Unlock()
			return e.records, true, nil
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
		return r.Val.([]T), false, nil
	}
}

func (c *Cache[T]) store(key string, gen uint64, ts []T) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen[key] != gen || len(ts) > c.max {
		return // dropped meanwhile, or too big to keep at all
	}
	if el, ok := c.entries[key]; ok {
		c.removeLocked(el)
	}
	for c.held+len(ts) > c.max && c.lru.Len() > 0 {
		c.removeLocked(c.lru.Back())
	}
	c.entries[key] = c.lru.PushFront(&entry[T]{key: key, records: ts, expires: c.now().Add(c.ttl)})
	c.held += len(ts)
}

// Drop forgets key's list, and any load of it still in flight, so that the
// user's next view shows their own write.
func (c *Cache[T]) Drop(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen[key]++
	if el, ok := c.entries[key]; ok {
		c.removeLocked(el)
	}
}

func (c *Cache[T]) removeLocked(el *list.Element) {
	e := el.Value.(*entry[T])
	c.lru.Remove(el)
	delete(c.entries, e.key)
	c.held -= len(e.records)
}

// Held returns the number of records held (tests, metrics).
func (c *Cache[T]) Held() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.held
}
