package logins

import (
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

// strict reports whether tests that need an external binary must fail
// instead of skipping when it is missing.
func strict() bool { return os.Getenv("AULA_STRICT_TESTS") == "1" }

// startRedis starts a real redis-server on a unix socket for this test and
// returns its DSN. It skips (fails with AULA_STRICT_TESTS=1) without the binary.
func startRedis(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if strict() {
			t.Fatal("redis-server not found and AULA_STRICT_TESTS=1 (apt-get install redis-server)")
		}
		t.Skip("redis-server not found; install it or set AULA_STRICT_TESTS=1 to make this a failure")
	}
	return runRedisServer(t, bin)
}

// startRedisForBench returns "" when redis-server is missing.
func startRedisForBench(b *testing.B) string {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return ""
	}
	return runRedisServer(b, bin)
}

func runRedisServer(t testing.TB, bin string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "aula-redis-") // short path: unix socket paths are limited to ~100 bytes
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "redis.sock")
	cmd := exec.Command(bin, "--port", "0", "--unixsocket", sock, "--unixsocketperm", "700",
		"--save", "", "--appendonly", "no", "--dir", dir, "--loglevel", "warning")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		if c, err := net.Dial("unix", sock); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("redis-server did not start: %s", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	return "redis+unix://" + sock
}

func openDSN(t *testing.T, dsn string, c *Cipher) *Backend {
	t.Helper()
	b, err := Open(context.Background(), dsn, c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func TestMiniredisStore(t *testing.T) {
	mr := miniredis.RunT(t)
	c := testCipher(t)
	runStoreSuite(t, func(t *testing.T) *Backend { return openDSN(t, "redis://"+mr.Addr()+"/0", c) })
}

func TestRedisStore(t *testing.T) {
	dsn := startRedis(t)
	c := testCipher(t)
	runStoreSuite(t, func(t *testing.T) *Backend { return openDSN(t, dsn, c) })
}

func TestRedisUnixDSNForms(t *testing.T) {
	dsn := startRedis(t) // redis+unix:///path
	plain := "unix://" + dsn[len("redis+unix://"):]
	c := testCipher(t)
	a, b := openDSN(t, dsn, c), openDSN(t, plain+"?db=0", c)
	l := mustCreate(t, a.Logins)
	if _, err := b.Logins.Get(context.Background(), l.ID); err != nil {
		t.Fatalf("unix:// form does not see the login: %v", err)
	}
}

// Raw keys in Redis hold no token in clear, and the key expires with the login.
func TestRedisNoPlaintextToken(t *testing.T) {
	ctx := context.Background()
	dsn := startRedis(t)
	b := openDSN(t, dsn, testCipher(t))
	l := sampleLogin()
	l.Name = "Plaintext-Marker-" + NewID()
	if err := b.Logins.Create(ctx, l); err != nil {
		t.Fatal(err)
	}
	nt := Token{AccessToken: "rotated-" + NewID(), RefreshToken: "rotref-" + NewID(), Kind: KindOAuth}
	if _, err := b.Logins.UpdateToken(ctx, l.ID, 1, nt); err != nil {
		t.Fatal(err)
	}
	if err := sessCommit(b.Sessions, "sess-"+NewID(), []byte(l.ID), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}

	opt, _ := redis.ParseURL("unix://" + dsn[len("redis+unix://"):])
	raw := redis.NewClient(opt)
	defer raw.Close()
	keys, err := raw.Keys(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	var all []byte
	for _, k := range keys {
		all = append(all, k...)
		d, err := raw.Dump(ctx, k).Result() // the serialised value, whatever its type
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, d...)
	}
	if !bytes.Contains(all, []byte(l.Name)) {
		t.Fatal("raw read did not see the login at all")
	}
	for _, s := range []string{l.Token.AccessToken, l.Token.RefreshToken, nt.AccessToken, nt.RefreshToken} {
		if bytes.Contains(all, []byte(s)) {
			t.Fatalf("token %q found in clear in Redis", s[:8])
		}
	}
	ttl, err := raw.PTTL(ctx, loginPrefix+l.ID).Result()
	if err != nil || ttl <= Lifetime || ttl > Lifetime+purgeAfter+time.Minute {
		t.Fatalf("login key TTL %v (%v), want about lifetime + purge delay", ttl, err)
	}
}

func TestOpenRedisUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := Open(ctx, "redis://:s3cret@127.0.0.1:1/0", testCipher(t))
	if err == nil {
		t.Fatal("unreachable Redis accepted")
	}
	if bytes.Contains([]byte(err.Error()), []byte("s3cret")) {
		t.Fatalf("error leaks the password: %v", err)
	}
}
