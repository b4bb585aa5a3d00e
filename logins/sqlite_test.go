package logins

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

func openSQLiteAt(t *testing.T, path string, c *Cipher) *Backend {
	t.Helper()
	b, err := Open(context.Background(), "sqlite:"+path, c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func TestSQLiteStore(t *testing.T) {
	c := testCipher(t)
	path := filepath.Join(t.TempDir(), "aula.db")
	runStoreSuite(t, func(t *testing.T) *Backend { return openSQLiteAt(t, path, c) })
}

func TestSQLiteSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	key := GenerateKey()
	c1, _ := NewCipher(1, map[byte][]byte{1: key})
	path := filepath.Join(t.TempDir(), "data", "aula.db") // the data dir does not exist yet
	b, err := Open(ctx, "sqlite:"+path, c1)
	if err != nil {
		t.Fatal(err)
	}
	l := mustCreate(t, b.Logins)
	gone := mustCreate(t, b.Logins)
	if err := b.Logins.Revoke(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	if err := sessCommit(b.Sessions, "sess-1", []byte(l.ID), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("database file mode: %v %v, want 0600", fi.Mode().Perm(), err)
	}

	// "Restart": a new process has only the file and the same key.
	c2, _ := NewCipher(1, map[byte][]byte{1: bytes.Clone(key)})
	b2 := openSQLiteAt(t, path, c2)
	got, err := b2.Logins.Get(ctx, l.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameLogin(t, got, l)
	if g, _ := b2.Logins.Get(ctx, gone.ID); !g.Revoked {
		t.Fatal("revocation lost on restart")
	}
	data, found, err := sessFind(b2.Sessions, "sess-1")
	if err != nil || !found || string(data) != l.ID {
		t.Fatalf("session lost on restart: %v %v", found, err)
	}

	// A restart with another key cannot read the token.
	other := openSQLiteAt(t, path, testCipher(t))
	if _, err := other.Logins.Get(ctx, l.ID); !errors.Is(err, ErrDecrypt) || !errors.Is(err, ErrNotFound) {
		t.Fatalf("wrong key: %v, want ErrDecrypt that is also ErrNotFound (sign in again)", err)
	}
}

// The token never reaches the disk in clear: read every byte SQLite wrote
// (database, WAL) and look for it. The name, stored in clear, must be found:
// it proves the raw read sees the data.
func TestSQLiteNoPlaintextToken(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	b := openSQLiteAt(t, filepath.Join(dir, "aula.db"), testCipher(t))
	l := sampleLogin()
	l.Name = "Plaintext-Marker-" + NewID()
	if err := b.Logins.Create(ctx, l); err != nil {
		t.Fatal(err)
	}
	nt := Token{AccessToken: "rotated-" + NewID(), RefreshToken: "rotref-" + NewID(), Kind: KindOAuth}
	if _, err := b.Logins.UpdateToken(ctx, l.ID, 1, nt); err != nil {
		t.Fatal(err)
	}
	secrets := []string{l.Token.AccessToken, l.Token.RefreshToken, nt.AccessToken, nt.RefreshToken}

	// Raw rows through SQL.
	db := b.Logins.(*sqlStore).db
	rows, err := db.QueryContext(ctx, `SELECT * FROM aula_logins`)
	if err != nil {
		t.Fatal(err)
	}
	cols, _ := rows.Columns()
	var all []byte
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			switch v := v.(type) {
			case []byte:
				all = append(all, v...)
			case string:
				all = append(all, v...)
			}
		}
	}
	rows.Close()
	// Raw files.
	for _, name := range []string{"aula.db", "aula.db-wal"} {
		if f, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
			all = append(all, f...)
		}
	}
	if !bytes.Contains(all, []byte(l.Name)) {
		t.Fatal("raw read did not see the login at all")
	}
	for _, s := range secrets {
		if bytes.Contains(all, []byte(s)) {
			t.Fatalf("token %q found in clear in the SQLite data", s[:8])
		}
	}
}

// Key rotation through a store: logins sealed with the old key stay
// readable after a restart with a new current key, and the next token
// write re-seals them with the new key.
func TestSQLiteKeyRotation(t *testing.T) {
	ctx := context.Background()
	k1, k2 := GenerateKey(), GenerateKey()
	path := filepath.Join(t.TempDir(), "aula.db")
	c1, _ := NewCipher(1, map[byte][]byte{1: k1})
	b1 := openSQLiteAt(t, path, c1)
	l := mustCreate(t, b1.Logins)
	if raw := rawSealed(t, b1.Logins, l.ID); raw[0] != 1 {
		t.Fatalf("sealed with version %d, want 1", raw[0])
	}
	b1.Close()

	c2, _ := NewCipher(2, map[byte][]byte{1: k1, 2: k2})
	b2 := openSQLiteAt(t, path, c2)
	got, err := b2.Logins.Get(ctx, l.ID)
	if err != nil {
		t.Fatalf("old-key login after rotation: %v", err)
	}
	sameLogin(t, got, l)
	if _, err := b2.Logins.UpdateToken(ctx, l.ID, got.Version, Token{AccessToken: "after-rotation", Kind: KindOAuth}); err != nil {
		t.Fatal(err)
	}
	if raw := rawSealed(t, b2.Logins, l.ID); raw[0] != 2 {
		t.Fatalf("rewritten with version %d, want 2", raw[0])
	}
	fresh := mustCreate(t, b2.Logins)
	if raw := rawSealed(t, b2.Logins, fresh.ID); raw[0] != 2 {
		t.Fatalf("new login sealed with version %d, want 2", raw[0])
	}
}

// Every connection of the pool is in WAL mode with the busy timeout, so
// two Aula processes on one file (a restart overlapping the old process,
// or `go run .` twice) wait for each other's writes instead of failing
// with "database is locked".
func TestSQLiteWALAndBusyTimeoutUnderConcurrentWriters(t *testing.T) {
	c := testCipher(t)
	path := filepath.Join(t.TempDir(), "aula.db")
	a, b := openSQLiteAt(t, path, c), openSQLiteAt(t, path, c)
	ctx := context.Background()
	db := a.Logins.(*sqlStore).db
	db.SetMaxOpenConns(3)
	conns := make([]*sql.Conn, 3) // held at once: three distinct connections
	for i := range conns {
		conn, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conns[i] = conn
		var mode string
		var timeout int
		if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
			t.Fatalf("connection %d: journal_mode %q (%v), want wal", i, mode, err)
		}
		if err := conn.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&timeout); err != nil || timeout != 10000 {
			t.Fatalf("connection %d: busy_timeout %d (%v), want 10000", i, timeout, err)
		}
	}
	for _, conn := range conns {
		conn.Close()
	}

	var wg sync.WaitGroup
	errs := make(chan error, 80)
	for i := range 40 {
		be := []*Backend{a, b}[i%2]
		wg.Go(func() {
			l := sampleLogin()
			if err := be.Logins.Create(ctx, l); err != nil {
				errs <- err
				return
			}
			if err := sessCommit(be.Sessions, l.ID, []byte(l.ID), time.Now().Add(time.Hour)); err != nil {
				errs <- err
			}
			if err := be.Logins.Revoke(ctx, l.ID); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent write: %v", err)
	}
}
