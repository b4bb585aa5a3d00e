package logins

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/aula-hr/aula/factorial"
)

// Feed is one person's calendar feed: a secret key in the feed's address,
// kept only as its SHA-256, and the person's latest sign-in, whose stored
// (encrypted, refreshed) Factorial credentials the feed reads with. A
// person has at most one feed; issuing again replaces the key.
type Feed struct {
	CompanyID  factorial.ID
	EmployeeID factorial.ID
	LoginID    string
	CreatedAt  time.Time // when the current key was issued (UTC, milliseconds)
}

// FeedStore keeps the calendar feeds, next to the logins they read with.
type FeedStore interface {
	// IssueFeed makes a new key for the person (replacing any older one,
	// which stops working) bound to loginID, and returns the key: 32 random
	// bytes, base64url. Only its hash is stored.
	IssueFeed(ctx context.Context, company, employee factorial.ID, loginID string) (string, error)
	// FeedByKey finds the feed of a key. ErrNotFound if there is none.
	FeedByKey(ctx context.Context, key string) (*Feed, error)
	// FeedOf is the person's feed. ErrNotFound if they have none.
	FeedOf(ctx context.Context, company, employee factorial.ID) (*Feed, error)
	// RevokeFeed deletes the person's feed, if any.
	RevokeFeed(ctx context.Context, company, employee factorial.ID) error
	// FollowLogin binds the person's feed, if any, to a new sign-in.
	FollowLogin(ctx context.Context, company, employee factorial.ID, loginID string) error
}

func feedHash(key string) string {
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:])
}

// --- memory ---

type memFeeds struct {
	mu     sync.Mutex
	byWho  map[[2]factorial.ID]memFeed
	byHash map[string][2]factorial.ID
}

type memFeed struct {
	hash string
	Feed
}

func (m *MemoryStore) feeds() *memFeeds {
	m.feedOnce.Do(func() {
		m.feedState = &memFeeds{byWho: map[[2]factorial.ID]memFeed{}, byHash: map[string][2]factorial.ID{}}
	})
	return m.feedState
}

func (m *MemoryStore) IssueFeed(ctx context.Context, company, employee factorial.ID, loginID string) (string, error) {
	key, who := NewID(), [2]factorial.ID{company, employee}
	f := m.feeds()
	f.mu.Lock()
	defer f.mu.Unlock()
	if old, ok := f.byWho[who]; ok {
		delete(f.byHash, old.hash)
	}
	h := feedHash(key)
	f.byWho[who] = memFeed{hash: h, Feed: Feed{CompanyID: company, EmployeeID: employee, LoginID: loginID, CreatedAt: m.now().UTC().Truncate(time.Millisecond)}}
	f.byHash[h] = who
	return key, nil
}

func (m *MemoryStore) FeedByKey(ctx context.Context, key string) (*Feed, error) {
	f := m.feeds()
	f.mu.Lock()
	defer f.mu.Unlock()
	who, ok := f.byHash[feedHash(key)]
	if !ok {
		return nil, ErrNotFound
	}
	fd := f.byWho[who].Feed
	return &fd, nil
}

func (m *MemoryStore) FeedOf(ctx context.Context, company, employee factorial.ID) (*Feed, error) {
	f := m.feeds()
	f.mu.Lock()
	defer f.mu.Unlock()
	fd, ok := f.byWho[[2]factorial.ID{company, employee}]
	if !ok {
		return nil, ErrNotFound
	}
	return &fd.Feed, nil
}

func (m *MemoryStore) RevokeFeed(ctx context.Context, company, employee factorial.ID) error {
	f := m.feeds()
	f.mu.Lock()
	defer f.mu.Unlock()
	who := [2]factorial.ID{company, employee}
	if old, ok := f.byWho[who]; ok {
		delete(f.byHash, old.hash)
		delete(f.byWho, who)
	}
	return nil
}

func (m *MemoryStore) FollowLogin(ctx context.Context, company, employee factorial.ID, loginID string) error {
	f := m.feeds()
	f.mu.Lock()
	defer f.mu.Unlock()
	who := [2]factorial.ID{company, employee}
	if fd, ok := f.byWho[who]; ok {
		fd.LoginID = loginID
		f.byWho[who] = fd
	}
	return nil
}

// --- SQLite and PostgreSQL: table aula_feeds ---

const feedCols = `company_id, employee_id, login_id, created_at`

func scanFeed(row interface{ Scan(...any) error }) (*Feed, error) {
	var f Feed
	var company, employee, created int64
	err := row.Scan(&company, &employee, &f.LoginID, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	f.CompanyID, f.EmployeeID, f.CreatedAt = factorial.ID(company), factorial.ID(employee), time.UnixMilli(created).UTC()
	return &f, nil
}

func (s *sqlStore) IssueFeed(ctx context.Context, company, employee factorial.ID, loginID string) (string, error) {
	key := NewID()
	_, err := s.db.ExecContext(ctx, `INSERT INTO aula_feeds (company_id, employee_id, key_hash, login_id, created_at)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (company_id, employee_id) DO UPDATE SET key_hash = excluded.key_hash, login_id = excluded.login_id, created_at = excluded.created_at`,
		int64(company), int64(employee), feedHash(key), loginID, s.now().UnixMilli())
	if err != nil {
		return "", err
	}
	return key, nil
}

func (s *sqlStore) FeedByKey(ctx context.Context, key string) (*Feed, error) {
	return scanFeed(s.db.QueryRowContext(ctx, `SELECT `+feedCols+` FROM aula_feeds WHERE key_hash = $1`, feedHash(key)))
}

func (s *sqlStore) FeedOf(ctx context.Context, company, employee factorial.ID) (*Feed, error) {
	return scanFeed(s.db.QueryRowContext(ctx, `SELECT `+feedCols+` FROM aula_feeds WHERE company_id = $1 AND employee_id = $2`, int64(company), int64(employee)))
}

func (s *sqlStore) RevokeFeed(ctx context.Context, company, employee factorial.ID) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM aula_feeds WHERE company_id = $1 AND employee_id = $2`, int64(company), int64(employee))
	return err
}

func (s *sqlStore) FollowLogin(ctx context.Context, company, employee factorial.ID, loginID string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE aula_feeds SET login_id = $1 WHERE company_id = $2 AND employee_id = $3`, loginID, int64(company), int64(employee))
	return err
}

// --- Redis: a hash per person at feedPrefix+company:employee (fields h, l,
// c) and the key's hash at feedKeyPrefix+hash → company:employee. Every
// write is one script, so a rotation never leaves the old key working.

const (
	feedPrefix    = "aula:feed:"
	feedKeyPrefix = "aula:feedkey:"
)

var (
	redisIssueFeed = redis.NewScript(`
local old = redis.call('HGET', KEYS[1], 'h')
if old then redis.call('DEL', ARGV[4] .. old) end
redis.call('HSET', KEYS[1], 'h', ARGV[1], 'l', ARGV[2], 'c', ARGV[3])
redis.call('SET', ARGV[4] .. ARGV[1], ARGV[5])
return 1`)
	redisRevokeFeed = redis.NewScript(`
local old = redis.call('HGET', KEYS[1], 'h')
if old then redis.call('DEL', ARGV[1] .. old) end
redis.call('DEL', KEYS[1])
return 1`)
	redisFollowFeed = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'l', ARGV[1]) end
return 1`)
)

func feedWho(company, employee factorial.ID) string {
	return company.String() + ":" + employee.String()
}

func (s *redisStore) IssueFeed(ctx context.Context, company, employee factorial.ID, loginID string) (string, error) {
	key, who := NewID(), feedWho(company, employee)
	err := redisIssueFeed.Run(ctx, s.rdb, []string{feedPrefix + who}, feedHash(key), loginID,
		strconv.FormatInt(s.now().UnixMilli(), 10), feedKeyPrefix, who).Err()
	if err != nil {
		return "", err
	}
	return key, nil
}

func (s *redisStore) FeedByKey(ctx context.Context, key string) (*Feed, error) {
	who, err := s.rdb.Get(ctx, feedKeyPrefix+feedHash(key)).Result()
	if errors.Is(err, redis.Nil) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	c, e, ok := strings.Cut(who, ":")
	company, err1 := strconv.ParseInt(c, 10, 64)
	employee, err2 := strconv.ParseInt(e, 10, 64)
	if !ok || err1 != nil || err2 != nil {
		return nil, errors.New("logins: redis: corrupt feed key")
	}
	return s.FeedOf(ctx, factorial.ID(company), factorial.ID(employee))
}

func (s *redisStore) FeedOf(ctx context.Context, company, employee factorial.ID) (*Feed, error) {
	vals, err := s.rdb.HMGet(ctx, feedPrefix+feedWho(company, employee), "l", "c").Result()
	if err != nil {
		return nil, err
	}
	l, ok := vals[0].(string)
	if !ok {
		return nil, ErrNotFound
	}
	created, _ := vals[1].(string)
	ms, _ := strconv.ParseInt(created, 10, 64)
	return &Feed{CompanyID: company, EmployeeID: employee, LoginID: l, CreatedAt: time.UnixMilli(ms).UTC()}, nil
}

func (s *redisStore) RevokeFeed(ctx context.Context, company, employee factorial.ID) error {
	return redisRevokeFeed.Run(ctx, s.rdb, []string{feedPrefix + feedWho(company, employee)}, feedKeyPrefix).Err()
}

func (s *redisStore) FollowLogin(ctx context.Context, company, employee factorial.ID, loginID string) error {
	return redisFollowFeed.Run(ctx, s.rdb, []string{feedPrefix + feedWho(company, employee)}, loginID).Err()
}

var (
	_ FeedStore = (*MemoryStore)(nil)
	_ FeedStore = (*sqlStore)(nil)
	_ FeedStore = (*redisStore)(nil)
)
