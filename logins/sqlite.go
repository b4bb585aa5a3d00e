package logins

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/alexedwards/scs/sqlite3store"
	_ "github.com/ncruces/go-sqlite3/driver" // database/sql driver "sqlite3": SQLite translated to Go (wasm2go), no cgo
)

const sqliteSchema = `
CREATE TABLE IF NOT EXISTS aula_logins (
	id          TEXT PRIMARY KEY,
	employee_id INTEGER NOT NULL,
	company_id  INTEGER NOT NULL,
	name        TEXT NOT NULL,
	email       TEXT NOT NULL,
	role        TEXT NOT NULL,
	token       BLOB,
	created_at  INTEGER NOT NULL,
	expires_at  INTEGER NOT NULL,
	revoked     INTEGER NOT NULL DEFAULT 0,
	version     INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS aula_logins_expires_at ON aula_logins (expires_at);
CREATE TABLE IF NOT EXISTS aula_feeds (
	company_id  INTEGER NOT NULL,
	employee_id INTEGER NOT NULL,
	key_hash    TEXT NOT NULL UNIQUE,
	login_id    TEXT NOT NULL,
	created_at  INTEGER NOT NULL,
	PRIMARY KEY (company_id, employee_id)
);
CREATE TABLE IF NOT EXISTS aula_sessions (
	token  TEXT PRIMARY KEY,
	data   BLOB NOT NULL,
	expiry REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS aula_sessions_expiry ON aula_sessions (expiry);
`

// openSQLite opens (creating if needed, mode 0600) the SQLite file at path in WAL mode.
func openSQLite(ctx context.Context, path string, c *Cipher) (*Backend, error) {
	if path == "" {
		return nil, errors.New("logins: sqlite: empty path (want sqlite:/path/to/aula.db)")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("logins: sqlite: %w", err)
	}
	// The file holds session ids: keep it private to the service user.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("logins: sqlite: %w", err)
	}
	f.Close()
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("logins: sqlite: %w", err)
	}
	if _, err := db.ExecContext(ctx, sqliteSchema); err != nil {
		db.Close()
		return nil, fmt.Errorf("logins: sqlite: create tables: %w", err)
	}
	sess := sqlite3store.NewWithConfig(db, sqlite3store.Config{CleanUpInterval: 5 * time.Minute, TableName: "aula_sessions"})
	return &Backend{
		Logins:   &sqlStore{db: db, c: c, now: time.Now},
		Sessions: sess,
		Kind:     "sqlite",
		Close: func() error {
			sess.StopCleanup()
			return db.Close()
		},
	}, nil
}
