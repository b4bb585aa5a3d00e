package handlers_test

import (
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
)

// A sign-in survives a restart of Aula with the SQLite store: the session
// and the encrypted login are in the data directory, the secret key too.
func TestSessionSurvivesRestartWithSQLite(t *testing.T) {
	dir := t.TempDir()
	sb := sandbox.New()
	opts := []apptest.Option{
		apptest.WithSandbox(sb),
		apptest.WithEnv("AULA_DATA_DIR", dir),
		apptest.WithEnv("AULA_SESSION_STORE", "sqlite:"+filepath.Join(dir, "aula.db")),
	}
	first := apptest.Start(t, opts...)
	c := first.SignIn(t, sandbox.PersonaTrainer)
	if !signedIn(t, c) {
		t.Fatal("not signed in")
	}
	first.Close()
	if err := first.App.Close(); err != nil {
		t.Fatal(err)
	}

	second := apptest.Start(t, opts...)
	c.Base = second.URL // cookies ignore ports: the browser sends the same session cookie
	res := c.Get("/")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("after restart: status %d (Location %q)", res.StatusCode, res.Header.Get("Location"))
	}
	if got := apptest.TestID(apptest.Parse(t, res), "user-role").Text(); got != "Trainer" {
		t.Fatalf("after restart signed in as %q", got)
	}
}

// Two Aula instances sharing one Redis see the same sign-in and the same
// sign-out.
func TestTwoInstancesShareRedis(t *testing.T) {
	sock := startRedis(t)
	sb := sandbox.New()
	keys := "1:" + "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=" // the same secret on both
	opts := []apptest.Option{
		apptest.WithSandbox(sb),
		apptest.WithEnv("AULA_SESSION_STORE", "unix://"+sock),
		apptest.WithEnv("AULA_SECRET_KEYS", keys),
	}
	a := apptest.Start(t, opts...)
	b := apptest.Start(t, opts...)

	c := a.SignIn(t, sandbox.PersonaManager)
	c.Base = b.URL
	if !signedIn(t, c) {
		t.Fatal("instance B does not see the sign-in made on A")
	}
	if res := c.Post("/logout", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out on B: %d", res.StatusCode)
	}
	// A browser that kept the old session cookie (a copy taken before the
	// sign-out) is signed out on A too: the login is revoked in Redis.
	c2 := a.SignIn(t, sandbox.PersonaEmployee)
	stolen := c2.Cookie(a.App.Sessions.Cookie.Name)
	c2.Base = b.URL
	if res := c2.Post("/logout", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out on B: %d", res.StatusCode)
	}
	replay := a.NewClient(t)
	res := replay.Do(http.MethodGet, "/", nil, http.Header{"Cookie": {a.App.Sessions.Cookie.Name + "=" + stolen}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("old session cookie on A after sign-out on B: status %d", res.StatusCode)
	}
	c.Base = a.URL
	if signedIn(t, c) {
		t.Fatal("instance A still sees the session signed out on B")
	}
}

// startRedis runs redis-server on a unix socket for one test. Without the
// binary the test is skipped, unless AULA_STRICT_TESTS=1.
func startRedis(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("AULA_STRICT_TESTS") == "1" {
			t.Fatal("redis-server not found and AULA_STRICT_TESTS=1 (apt-get install redis-server)")
		}
		t.Skip("redis-server not found; install it (apt-get install redis-server) or set AULA_STRICT_TESTS=1 to fail")
	}
	dir, err := os.MkdirTemp("", "aula-redis") // short path: unix socket names are limited
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "r.sock")
	cmd := exec.Command(bin, "--port", "0", "--unixsocket", sock, "--save", "", "--appendonly", "no", "--dir", dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill(); <-exited })
	// Ready when the socket takes a connection (the file appears before
	// redis listens on it), however long a loaded machine takes.
	for {
		if c, err := net.Dial("unix", sock); err == nil {
			c.Close()
			return sock
		}
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("redis-server exited before it listened on %s: %v", sock, err)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// TestSignInWhileTheStoreIsDownSaysSo: when the logins store does not
// answer, a sign-in fails with a page that names Aula's store, not
// Factorial, which did answer.
func TestSignInWhileTheStoreIsDownSaysSo(t *testing.T) {
	mr := miniredis.RunT(t)
	srv := apptest.Start(t, apptest.WithEnv("AULA_SESSION_STORE", "redis://"+mr.Addr()+"/0"))
	c := srv.NewClient(t)
	tok := c.CSRFToken()
	mr.Close()
	res := c.Post("/login", url.Values{"_csrf": {tok}, "token": {srv.Sandbox.APIKey()}})
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503", res.StatusCode)
	}
	if got := apptest.TestID(apptest.Parse(t, res), "problem-detail").Text(); !strings.Contains(got, "session store") || strings.Contains(got, "Factorial") {
		t.Fatalf("the page says %q", got)
	}
}
