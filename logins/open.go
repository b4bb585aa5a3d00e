package logins

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/alexedwards/scs/v2"
)

// Backend is one configured state backend: the logins and the scs session
// store live in the same place.
type Backend struct {
	Logins Store
	// Feeds keeps the calendar feeds, in the same place as the logins
	// (the same value as Logins).
	Feeds FeedStore
	// Sessions is the scs store: assign it to scs.SessionManager.Store. It
	// also implements scs.CtxStore, which the manager prefers.
	Sessions scs.Store
	// Kind is "memory", "sqlite", "redis" or "postgres".
	Kind string
	// Close stops background cleanup and closes the connections. Idempotent.
	Close func() error
}

// Open opens the backend named by dsn:
//
//	memory                                  in-process (tests)
//	sqlite:/path/to/aula.db                 SQLite file (pure Go), WAL, created if missing
//	redis://[user:pass@]host:port/0         Redis (also rediss://)
//	redis+unix:///path/sock, unix:///path   Redis over a unix socket (?db=N)
//	postgres://... or postgresql://...      PostgreSQL (pgx); tables created if missing
func Open(ctx context.Context, dsn string, c *Cipher) (*Backend, error) {
	b, err := open(ctx, dsn, c)
	if err != nil {
		return nil, err
	}
	b.Close = sync.OnceValue(b.Close) // safe to call more than once
	b.Feeds = b.Logins.(FeedStore)
	return b, nil
}

func open(ctx context.Context, dsn string, c *Cipher) (*Backend, error) {
	if c == nil {
		return nil, errNilCipher
	}
	switch {
	case dsn == "memory" || dsn == "memory:":
		return &Backend{
			Logins: NewMemoryStore(c), Sessions: newMemSessions(), Kind: "memory",
			Close: func() error { return nil },
		}, nil
	case strings.HasPrefix(dsn, "sqlite:"):
		return openSQLite(ctx, strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "//"), c)
	case strings.HasPrefix(dsn, "redis://"), strings.HasPrefix(dsn, "rediss://"),
		strings.HasPrefix(dsn, "unix://"), strings.HasPrefix(dsn, "redis+unix://"):
		return openRedis(ctx, dsn, c)
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return openPostgres(ctx, dsn, c)
	}
	return nil, fmt.Errorf("logins: unknown session store %q (want memory, sqlite:/path, redis://…, unix:///path, postgres://…)", redactDSN(dsn))
}

// redactDSN drops everything after the scheme so a password never reaches an error message.
func redactDSN(dsn string) string {
	if i := strings.Index(dsn, "://"); i >= 0 {
		return dsn[:i+3] + "…"
	}
	if len(dsn) > 16 {
		return dsn[:16] + "…"
	}
	return dsn
}
