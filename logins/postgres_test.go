package logins

import (
	"bytes"
	"context"
	"os"
	"testing"
)

// PostgreSQL tests run only when AULA_TEST_POSTGRES_DSN points at a
// database the test may create tables in; they skip otherwise, also in
// strict mode. .ci/run starts a throwaway server and sets it.
func postgresDSN(t *testing.T) string {
	dsn := os.Getenv("AULA_TEST_POSTGRES_DSN")
	if dsn == "" {
		t.Skip("AULA_TEST_POSTGRES_DSN not set")
	}
	return dsn
}

func TestPostgresStore(t *testing.T) {
	dsn := postgresDSN(t)
	c := testCipher(t)
	runStoreSuite(t, func(t *testing.T) *Backend { return openDSN(t, dsn, c) })
}

func TestRefresherTwoInstancesPostgres(t *testing.T) {
	dsn := postgresDSN(t)
	c := testCipher(t)
	twoInstances(t, openDSN(t, dsn, c).Logins, openDSN(t, dsn, c).Logins)
}

func TestPostgresNoPlaintextToken(t *testing.T) {
	ctx := context.Background()
	b := openDSN(t, postgresDSN(t), testCipher(t))
	l := sampleLogin()
	l.Name = "Plaintext-Marker-" + NewID()
	if err := b.Logins.Create(ctx, l); err != nil {
		t.Fatal(err)
	}
	db := b.Logins.(*sqlStore).db
	var raw []byte // the whole row as PostgreSQL renders it
	if err := db.QueryRowContext(ctx, `SELECT convert_to(t::text, 'UTF8') FROM aula_logins t WHERE id = $1`, l.ID).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	var tok []byte
	if err := db.QueryRowContext(ctx, `SELECT token FROM aula_logins WHERE id = $1`, l.ID).Scan(&tok); err != nil {
		t.Fatal(err)
	}
	raw = append(raw, tok...)
	if !bytes.Contains(raw, []byte(l.Name)) {
		t.Fatal("raw read did not see the login at all")
	}
	for _, s := range []string{l.Token.AccessToken, l.Token.RefreshToken} {
		if bytes.Contains(raw, []byte(s)) {
			t.Fatal("token found in clear in PostgreSQL")
		}
	}
}
