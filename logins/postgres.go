package logins

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/alexedwards/scs/postgresstore"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

const postgresSchema = `
CREATE TABLE IF NOT EXISTS aula_logins (
	id          TEXT PRIMARY KEY,
	employee_id BIGINT NOT NULL,
	company_id  BIGINT NOT NULL,
	name        TEXT NOT NULL,
	email       TEXT NOT NULL,
	role        TEXT NOT NULL,
	token       BYTEA,
	created_at  BIGINT NOT NULL,
	expires_at  BIGINT NOT NULL,
	revoked     SMALLINT NOT NULL DEFAULT 0,
	version     BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS aula_logins_expires_at ON aula_logins (expires_at);
CREATE TABLE IF NOT EXISTS aula_feeds (
	company_id  BIGINT NOT NULL,
	employee_id BIGINT NOT NULL,
	key_hash    TEXT NOT NULL UNIQUE,
	login_id    TEXT NOT NULL,
	created_at  BIGINT NOT NULL,
	PRIMARY KEY (company_id, employee_id)
);
CREATE TABLE IF NOT EXISTS aula_sessions (
	token  TEXT PRIMARY KEY,
	data   BYTEA NOT NULL,
	expiry TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS aula_sessions_expiry_idx ON aula_sessions (expiry);
`

// openPostgres connects through pgx (database/sql adapter) and creates the tables if missing.
func openPostgres(ctx context.Context, dsn string, c *Cipher) (*Backend, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("logins: postgres: invalid DSN %s", redactDSN(dsn)) // the error may quote the password
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(20)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := migratePostgres(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	sess := postgresstore.NewWithConfig(db, postgresstore.Config{CleanUpInterval: 5 * time.Minute, TableName: "aula_sessions"})
	return &Backend{
		Logins:   &sqlStore{db: db, c: c, now: time.Now},
		Sessions: sess,
		Kind:     "postgres",
		Close: func() error {
			sess.StopCleanup()
			return db.Close()
		},
	}, nil
}

func migratePostgres(ctx context.Context, db *sql.DB) error {
	// Several instances may start at once: serialise the DDL with an advisory lock.
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("logins: postgres: %w", err)
	}
	defer conn.Close()
	const lockKey = 0x61756c61 // "aula"
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, lockKey); err != nil {
		return fmt.Errorf("logins: postgres: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, lockKey)
	if _, err := conn.ExecContext(ctx, postgresSchema); err != nil {
		return fmt.Errorf("logins: postgres: create tables: %w", err)
	}
	return nil
}
