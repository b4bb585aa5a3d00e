package logins

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/alexedwards/scs/goredisstore"
	"github.com/redis/go-redis/v9"
)

// Key layout: one hash per login at loginPrefix+id with fields
//
//	m  identity and times, JSON (no secrets)
//	t  the sealed token (deleted on revoke)
//	v  version (decimal)
//	r  "1" once revoked
//
// The key expires purgeAfter after the login's absolute lifetime. Every
// write is a Lua script, so it is atomic: a token write checks version and
// revocation in the same step as it writes, and revocation always wins.
const (
	loginPrefix   = "aula:login:"
	sessionPrefix = "aula:session:"
)

var (
	redisCreate = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'm', ARGV[1], 't', ARGV[2], 'v', ARGV[3], 'r', '0')
redis.call('PEXPIREAT', KEYS[1], ARGV[4])
return 1`)
	redisUpdate = redis.NewScript(`
local st = redis.call('HMGET', KEYS[1], 'v', 'r', 'm')
if not st[1] then return {-1} end
if st[2] == '1' then return {-2} end
if st[1] ~= ARGV[1] then return {-3} end
local nv = tonumber(st[1]) + 1
redis.call('HSET', KEYS[1], 't', ARGV[2], 'v', tostring(nv))
return {nv, st[3]}`)
	redisRevoke = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'r', '1')
redis.call('HDEL', KEYS[1], 't')
return 1`)
)

type redisStore struct {
	rdb *redis.Client
	c   *Cipher
	now func() time.Time
}

func (s *redisStore) Create(ctx context.Context, l *Login) error {
	if err := prepare(l, s.now()); err != nil {
		return err
	}
	r, err := toRecord(s.c, l)
	if err != nil {
		return err
	}
	meta, err := json.Marshal(r)
	if err != nil {
		return err
	}
	expireAt := l.ExpiresAt.Add(purgeAfter).UnixMilli()
	n, err := redisCreate.Run(ctx, s.rdb, []string{loginPrefix + l.ID}, meta, r.Sealed, r.Version, expireAt).Int()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrExists
	}
	return nil
}

func (s *redisStore) Get(ctx context.Context, id string) (*Login, error) {
	vals, err := s.rdb.HMGet(ctx, loginPrefix+id, "m", "t", "v", "r").Result()
	if err != nil {
		return nil, err
	}
	m, ok := vals[0].(string)
	if !ok {
		return nil, ErrNotFound
	}
	var r record
	if err := json.Unmarshal([]byte(m), &r); err != nil {
		return nil, fmt.Errorf("logins: redis: corrupt login: %w", err)
	}
	r.ID = id
	if t, ok := vals[1].(string); ok {
		r.Sealed = []byte(t)
	}
	if v, ok := vals[2].(string); ok {
		r.Version, _ = strconv.ParseInt(v, 10, 64)
	}
	r.Revoked = vals[3] == "1"
	return r.login(s.c)
}

func (s *redisStore) UpdateToken(ctx context.Context, id string, expectVersion int64, t Token) (*Login, error) {
	t.Expiry = normTime(t.Expiry)
	sealed, err := s.c.SealToken(id, t)
	if err != nil {
		return nil, err
	}
	res, err := redisUpdate.Run(ctx, s.rdb, []string{loginPrefix + id}, strconv.FormatInt(expectVersion, 10), sealed).Slice()
	if err != nil {
		return nil, err
	}
	code, _ := res[0].(int64)
	switch code {
	case -1:
		return nil, ErrNotFound
	case -2:
		return nil, ErrRevoked
	case -3:
		return nil, ErrConflict
	}
	if len(res) < 2 || code < 1 {
		return nil, errors.New("logins: redis: unexpected script reply")
	}
	var r record
	if m, ok := res[1].(string); !ok || json.Unmarshal([]byte(m), &r) != nil {
		return nil, errors.New("logins: redis: corrupt login")
	}
	r.ID, r.Sealed, r.Version = id, sealed, code
	return r.login(s.c)
}

func (s *redisStore) Revoke(ctx context.Context, id string) error {
	n, err := redisRevoke.Run(ctx, s.rdb, []string{loginPrefix + id}).Int()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

func (s *redisStore) Ping(ctx context.Context) error { return s.rdb.Ping(ctx).Err() }

// Close is a no-op: the Backend closes the shared client.
func (s *redisStore) Close() error { return nil }

// openRedis connects to Redis (redis://, rediss://, unix://, redis+unix://) and checks it answers.
func openRedis(ctx context.Context, dsn string, c *Cipher) (*Backend, error) {
	if rest, ok := strings.CutPrefix(dsn, "redis+unix://"); ok {
		dsn = "unix://" + rest
	}
	opt, err := redis.ParseURL(dsn)
	if err != nil {
		return nil, fmt.Errorf("logins: redis: invalid URL %s", redactDSN(dsn)) // the error may quote the password
	}
	rdb := redis.NewClient(opt)
	if err := rdb.Ping(ctx).Err(); err != nil {
		rdb.Close()
		return nil, fmt.Errorf("logins: redis: %w", err)
	}
	return &Backend{
		Logins:   &redisStore{rdb: rdb, c: c, now: time.Now},
		Sessions: redisSessions{goredisstore.NewWithPrefix(rdb, sessionPrefix)},
		Kind:     "redis",
		Close:    rdb.Close,
	}, nil
}

// redisSessions fixes one goredisstore quirk: committing a session whose
// expiry has already passed sets a negative TTL, which go-redis sends as
// KEEPTTL, so the session would never expire. Such a commit deletes instead.
type redisSessions struct{ *goredisstore.RedisStore }

func (r redisSessions) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	if !time.Now().Before(expiry) {
		return r.DeleteCtx(ctx, token)
	}
	return r.RedisStore.CommitCtx(ctx, token, b, expiry)
}

func (r redisSessions) Commit(token string, b []byte, expiry time.Time) error {
	return r.CommitCtx(context.Background(), token, b, expiry)
}

func (r redisSessions) Find(token string) ([]byte, bool, error) {
	return r.FindCtx(context.Background(), token)
}

func (r redisSessions) Delete(token string) error {
	return r.DeleteCtx(context.Background(), token)
}
