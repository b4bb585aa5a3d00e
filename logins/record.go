package logins

import (
	"fmt"
	"time"

	"github.com/aula-hr/aula/factorial"
)

// record is a login as it is stored: everything in clear except the token,
// which is sealed bytes (empty once revoked).
type record struct {
	ID         string `json:"-"`
	EmployeeID int64  `json:"emp"`
	CompanyID  int64  `json:"co"`
	Name       string `json:"name"`
	Email      string `json:"email"`
	Role       string `json:"role"`
	Sealed     []byte `json:"-"`
	CreatedAt  int64  `json:"created"` // unix milliseconds
	ExpiresAt  int64  `json:"expires"` // unix milliseconds
	Revoked    bool   `json:"-"`
	Version    int64  `json:"-"`
}

func toRecord(c *Cipher, l *Login) (record, error) {
	sealed, err := c.SealToken(l.ID, l.Token)
	if err != nil {
		return record{}, err
	}
	return record{
		ID: l.ID, EmployeeID: int64(l.EmployeeID), CompanyID: int64(l.CompanyID),
		Name: l.Name, Email: l.Email, Role: l.Role, Sealed: sealed,
		CreatedAt: l.CreatedAt.UnixMilli(), ExpiresAt: l.ExpiresAt.UnixMilli(),
		Revoked: l.Revoked, Version: l.Version,
	}, nil
}

func (r record) login(c *Cipher) (*Login, error) {
	l := &Login{
		ID: r.ID, EmployeeID: factorial.ID(r.EmployeeID), CompanyID: factorial.ID(r.CompanyID),
		Name: r.Name, Email: r.Email, Role: r.Role,
		CreatedAt: time.UnixMilli(r.CreatedAt).UTC(), ExpiresAt: time.UnixMilli(r.ExpiresAt).UTC(),
		Revoked: r.Revoked, Version: r.Version,
	}
	if !r.Revoked {
		t, err := c.OpenToken(r.ID, r.Sealed)
		if err != nil {
			// The key was changed or retired: the login is unusable, which
			// callers treat like a missing one (sign in again).
			return nil, fmt.Errorf("%w: %w", ErrNotFound, err)
		}
		l.Token = t
	}
	return l, nil
}
