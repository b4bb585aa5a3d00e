package logins

import (
	"os"
	"testing"
)

// PostgreSQL runs only when AULA_TEST_POSTGRES_DSN points at a database the
// test may create tables in; it skips otherwise, also in strict mode (CI
// has no PostgreSQL server).
func TestPostgresStore(t *testing.T) {
	dsn := os.Getenv("AULA_TEST_POSTGRES_DSN")
	if dsn == "" {
		t.Skip("AULA_TEST_POSTGRES_DSN not set")
	}
	c := testCipher(t)
	runStoreSuite(t, func(t *testing.T) *Backend { return openDSN(t, dsn, c) })
}
