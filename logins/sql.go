package logins

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// sqlStore is the Store on SQLite and PostgreSQL (through database/sql). The
// queries use $n placeholders, which both accept. Revocation wins over a
// concurrent token write because the write is a single conditional UPDATE
// (… WHERE id = $ AND version = $ AND revoked = 0): SQLite serialises
// writers, PostgreSQL re-checks the WHERE clause on the locked row.
type sqlStore struct {
	db  *sql.DB
	c   *Cipher
	now func() time.Time
}

const loginCols = `id, employee_id, company_id, name, email, role, token, created_at, expires_at, revoked, version`

// purgeAfter: logins past their lifetime are deleted this long after it (on Create).
const purgeAfter = 24 * time.Hour

func scanRecord(row interface{ Scan(...any) error }) (record, error) {
	var r record
	var revoked int64
	err := row.Scan(&r.ID, &r.EmployeeID, &r.CompanyID, &r.Name, &r.Email, &r.Role, &r.Sealed,
		&r.CreatedAt, &r.ExpiresAt, &revoked, &r.Version)
	r.Revoked = revoked != 0
	return r, err
}

func (s *sqlStore) Create(ctx context.Context, l *Login) error {
	now := s.now()
	if err := prepare(l, now); err != nil {
		return err
	}
	r, err := toRecord(s.c, l)
	if err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO aula_logins (`+loginCols+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10) ON CONFLICT (id) DO NOTHING`,
		r.ID, r.EmployeeID, r.CompanyID, r.Name, r.Email, r.Role, r.Sealed, r.CreatedAt, r.ExpiresAt, r.Version)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return ErrExists
	}
	// Housekeeping: sign-ins are rare, so this cheap indexed delete keeps the table small.
	_, _ = s.db.ExecContext(ctx, `DELETE FROM aula_logins WHERE expires_at < $1`, now.Add(-purgeAfter).UnixMilli())
	return nil
}

func (s *sqlStore) Get(ctx context.Context, id string) (*Login, error) {
	r, err := scanRecord(s.db.QueryRowContext(ctx, `SELECT `+loginCols+` FROM aula_logins WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return r.login(s.c)
}

func (s *sqlStore) UpdateToken(ctx context.Context, id string, expectVersion int64, t Token) (*Login, error) {
	t.Expiry = normTime(t.Expiry)
	sealed, err := s.c.SealToken(id, t)
	if err != nil {
		return nil, err
	}
	r, err := scanRecord(s.db.QueryRowContext(ctx, `UPDATE aula_logins SET token = $1, version = version + 1
		WHERE id = $2 AND version = $3 AND revoked = 0 RETURNING `+loginCols, sealed, id, expectVersion))
	if err == nil {
		return r.login(s.c)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	// Nothing updated: say why.
	var revoked, version int64
	err = s.db.QueryRowContext(ctx, `SELECT revoked, version FROM aula_logins WHERE id = $1`, id).Scan(&revoked, &version)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, ErrNotFound
	case err != nil:
		return nil, err
	case revoked != 0:
		return nil, ErrRevoked
	default:
		return nil, ErrConflict
	}
}

func (s *sqlStore) Revoke(ctx context.Context, id string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE aula_logins SET revoked = 1, token = NULL WHERE id = $1`, id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return ErrNotFound
	}
	return nil
}

func (s *sqlStore) Ping(ctx context.Context) error {
	var one int
	return s.db.QueryRowContext(ctx, `SELECT 1`).Scan(&one)
}

// Close is a no-op: the Backend closes the shared *sql.DB.
func (s *sqlStore) Close() error { return nil }
