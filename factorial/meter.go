package factorial

import (
	"context"
	"sync"
	"time"
)

// Meter counts the Factorial calls made under one context and the time
// spent waiting for them, so that a page's own server time can be told
// from the wait on Factorial (benchmarks, the load harness, logs).
//
// Calls that overlap wait once: Waited is the time during which at least
// one call was in flight. Rounds is the length of the page's critical path
// in round trips: the longest chain of calls each sent after the one
// before it was answered (a page that asks three things at once and then
// two more at once has Calls 5, Rounds 2; so does one whose second call
// waits on its first while a third, slow one is in flight throughout).
type Meter struct {
	mu       sync.Mutex
	calls    int
	rounds   int // the deepest chain so far
	answered int // the deepest chain among the calls answered so far
	inflight int
	since    time.Time
	waited   time.Duration
}

type meterKey struct{}

// WithMeter returns a context whose Factorial calls are counted in m.
func WithMeter(ctx context.Context, m *Meter) context.Context {
	return context.WithValue(ctx, meterKey{}, m)
}

// MeterFrom returns the context's meter, or nil.
func MeterFrom(ctx context.Context) *Meter {
	m, _ := ctx.Value(meterKey{}).(*Meter)
	return m
}

// start records a call leaving; the returned func records its answer
// (the response headers, or the failure). A nil meter records nothing.
func (m *Meter) start() func() {
	if m == nil {
		return func() {}
	}
	m.mu.Lock()
	m.calls++
	// Every call answered so far was answered before this one left: this
	// one is one round deeper than the deepest of them.
	depth := m.answered + 1
	m.rounds = max(m.rounds, depth)
	if m.inflight == 0 {
		m.since = time.Now()
	}
	m.inflight++
	m.mu.Unlock()
	return func() {
		m.mu.Lock()
		m.answered = max(m.answered, depth)
		m.inflight--
		if m.inflight == 0 {
			m.waited += time.Since(m.since)
		}
		m.mu.Unlock()
	}
}

// MeterReading is what a Meter counted.
type MeterReading struct {
	Calls  int           // HTTP requests sent, retries included
	Rounds int           // the longest chain of calls, each sent after the one before was answered
	Waited time.Duration // time with at least one call in flight
}

// Read returns the counts so far; calls still in flight count up to now.
func (m *Meter) Read() MeterReading {
	m.mu.Lock()
	defer m.mu.Unlock()
	r := MeterReading{Calls: m.calls, Rounds: m.rounds, Waited: m.waited}
	if m.inflight > 0 {
		r.Waited += time.Since(m.since)
	}
	return r
}
