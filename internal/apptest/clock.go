package apptest

import (
	"sync"
	"time"
)

// Clock is a settable clock shared by the sandbox and the app, so a test
// can let tokens expire.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock starts at now.
func NewClock(now time.Time) *Clock { return &Clock{now: now} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
