package logins

import (
	"context"
	"errors"
	"sync"
	"time"
)

// MemoryStore keeps logins in process memory (tests, single-process demo).
// It stores the same sealed bytes as the persistent backends.
type MemoryStore struct {
	c   *Cipher
	now func() time.Time

	mu   sync.Mutex
	recs map[string]record

	feedOnce  sync.Once
	feedState *memFeeds
}

// NewMemoryStore returns an empty in-memory Store.
func NewMemoryStore(c *Cipher) *MemoryStore {
	return &MemoryStore{c: c, now: time.Now, recs: map[string]record{}}
}

func (m *MemoryStore) Create(ctx context.Context, l *Login) error {
	if err := prepare(l, m.now()); err != nil {
		return err
	}
	r, err := toRecord(m.c, l)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.recs[l.ID]; ok {
		return ErrExists
	}
	m.recs[l.ID] = r
	return nil
}

func (m *MemoryStore) Get(ctx context.Context, id string) (*Login, error) {
	m.mu.Lock()
	r, ok := m.recs[id]
	m.mu.Unlock()
	if !ok {
		return nil, ErrNotFound
	}
	return r.login(m.c)
}

func (m *MemoryStore) UpdateToken(ctx context.Context, id string, expectVersion int64, t Token) (*Login, error) {
	t.Expiry = normTime(t.Expiry)
	sealed, err := m.c.SealToken(id, t)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.recs[id]
	switch {
	case !ok:
		return nil, ErrNotFound
	case r.Revoked:
		return nil, ErrRevoked
	case r.Version != expectVersion:
		return nil, ErrConflict
	}
	r.Sealed = sealed
	r.Version++
	m.recs[id] = r
	return r.login(m.c)
}

func (m *MemoryStore) Revoke(ctx context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.recs[id]
	if !ok {
		return ErrNotFound
	}
	r.Revoked = true
	r.Sealed = nil
	m.recs[id] = r
	return nil
}

func (m *MemoryStore) Ping(ctx context.Context) error { return ctx.Err() }

func (m *MemoryStore) Close() error { return nil }

var _ Store = (*MemoryStore)(nil)

var errNilCipher = errors.New("logins: Open needs a Cipher")

// memSessions is an in-memory scs.Store. (scs's memstore is not used: its
// StopCleanup races with its cleanup goroutine.) Expired sessions are swept
// on Commit at most once a minute; Find never returns one.
type memSessions struct {
	mu        sync.Mutex
	items     map[string]memSession
	lastSweep time.Time
}

type memSession struct {
	data    []byte
	expires time.Time
}

func newMemSessions() *memSessions { return &memSessions{items: map[string]memSession{}} }

func (m *memSessions) Find(token string) ([]byte, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	it, ok := m.items[token]
	if !ok || !time.Now().Before(it.expires) {
		return nil, false, nil
	}
	return append([]byte(nil), it.data...), true, nil
}

func (m *memSessions) Commit(token string, b []byte, expiry time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now()
	if now.Sub(m.lastSweep) > time.Minute {
		for k, it := range m.items {
			if !now.Before(it.expires) {
				delete(m.items, k)
			}
		}
		m.lastSweep = now
	}
	m.items[token] = memSession{data: append([]byte(nil), b...), expires: expiry}
	return nil
}

func (m *memSessions) Delete(token string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.items, token)
	return nil
}
