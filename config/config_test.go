package config

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

var key32 = base64.StdEncoding.EncodeToString([]byte(strings.Repeat("k", 32)))

func TestDemoModeDefaults(t *testing.T) {
	dir := t.TempDir()
	c, err := Load(env(map[string]string{"AULA_DATA_DIR": dir}))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Demo || c.Addr != ":8080" || c.PublicURL.String() != "http://localhost:8080" || c.Secure() {
		t.Fatalf("demo defaults: %+v", c)
	}
	if c.SessionStore != "sqlite:"+filepath.Join(dir, "aula.db") {
		t.Errorf("session store %q", c.SessionStore)
	}
	if len(c.SecretKey()) != 32 {
		t.Fatalf("demo secret key has %d bytes", len(c.SecretKey()))
	}
	st, err := os.Stat(filepath.Join(dir, "secret.key"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("secret key file: %v %v", err, st)
	}
	again, err := Load(env(map[string]string{"AULA_DATA_DIR": dir}))
	if err != nil {
		t.Fatal(err)
	}
	if string(again.SecretKey()) != string(c.SecretKey()) {
		t.Fatal("the demo secret key changed between starts: sign-ins would not survive a restart")
	}
}

func TestFactorialMode(t *testing.T) {
	c, err := Load(env(map[string]string{
		"FACTORIAL_CLIENT_ID": "id", "FACTORIAL_CLIENT_SECRET": "s", "AULA_PUBLIC_URL": "https://aula.example.com/",
		"AULA_SECRET_KEYS": "2:" + key32 + ",1:" + key32, "AULA_SESSION_STORE": "redis://cache:6379/0",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Demo || !c.OAuthEnabled() || !c.Secure() || c.FactorialURL != "https://api.factorialhr.com" || c.CurrentSecretKey != 2 || len(c.SecretKeys) != 2 {
		t.Fatalf("factorial mode: %+v", c)
	}
	if c.PublicURL.String() != "https://aula.example.com" {
		t.Errorf("public URL %q", c.PublicURL)
	}
}

func TestSecretFromFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(p, []byte("from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(env(map[string]string{
		"FACTORIAL_CLIENT_ID": "id", "FACTORIAL_CLIENT_SECRET_FILE": p, "AULA_PUBLIC_URL": "https://a.example",
		"AULA_SECRET_KEYS": "1:" + key32, "AULA_SESSION_STORE": "memory",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.OAuthClientSecret != "from-file" {
		t.Fatalf("secret %q", c.OAuthClientSecret)
	}
}

// The session store's address holds its password, so it may come from a
// file too; it used to be ignored, and Aula fell back to its own SQLite file
// (several instances then did not share their sign-ins).
func TestSessionStoreFromFile(t *testing.T) {
	dsn := "redis://:hunter2@redis.internal:6379/0"
	p := filepath.Join(t.TempDir(), "store")
	if err := os.WriteFile(p, []byte(dsn+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(env(map[string]string{"AULA_DATA_DIR": t.TempDir(), "AULA_SESSION_STORE_FILE": p}))
	if err != nil {
		t.Fatal(err)
	}
	if c.SessionStore != dsn {
		t.Fatalf("session store %q, want the one in %s", c.SessionStore, p)
	}
}

// Every misconfiguration stops start-up with a message naming the variable.
func TestMisconfigurationNamesTheVariable(t *testing.T) {
	base := func(extra map[string]string) map[string]string {
		m := map[string]string{"AULA_DATA_DIR": t.TempDir()}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	prod := func(extra map[string]string) map[string]string {
		m := base(map[string]string{"FACTORIAL_BASE_URL": "https://api.factorialhr.com", "AULA_SECRET_KEYS": "1:" + key32})
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"bad factorial URL", prod(map[string]string{"FACTORIAL_BASE_URL": "api.factorialhr.com"}), "FACTORIAL_BASE_URL"},
		{"factorial URL with a query", prod(map[string]string{"FACTORIAL_BASE_URL": "https://x.example/?a=1"}), "FACTORIAL_BASE_URL"},
		{"bad public URL", base(map[string]string{"AULA_PUBLIC_URL": "ftp://aula"}), "AULA_PUBLIC_URL"},
		// Aula's links, redirects and cookies are at the root of the host.
		{"public URL with a path", base(map[string]string{"AULA_PUBLIC_URL": "https://intranet.example.com/aula"}), "AULA_PUBLIC_URL"},
		{"missing secret outside demo mode", prod(map[string]string{"AULA_SECRET_KEYS": ""}), "AULA_SECRET_KEYS"},
		{"short secret key", prod(map[string]string{"AULA_SECRET_KEYS": "1:" + base64.StdEncoding.EncodeToString([]byte("short"))}), "AULA_SECRET_KEYS"},
		{"secret key not base64", prod(map[string]string{"AULA_SECRET_KEYS": "1:***"}), "AULA_SECRET_KEYS"},
		{"proxy that is not an address", base(map[string]string{"AULA_BEHIND_PROXY": "10.0.0.1, proxy.internal"}), "AULA_BEHIND_PROXY"},
		{"client id without secret", prod(map[string]string{"FACTORIAL_CLIENT_ID": "id", "AULA_PUBLIC_URL": "https://a.example"}), "FACTORIAL_CLIENT_SECRET"},
		{"client secret without id", prod(map[string]string{"FACTORIAL_CLIENT_SECRET": "s"}), "FACTORIAL_CLIENT_ID"},
		{"OAuth without public URL", prod(map[string]string{"FACTORIAL_CLIENT_ID": "id", "FACTORIAL_CLIENT_SECRET": "s"}), "AULA_PUBLIC_URL"},
		{"unreadable secret file", prod(map[string]string{"FACTORIAL_CLIENT_ID": "id", "FACTORIAL_CLIENT_SECRET_FILE": "/nonexistent/x", "AULA_PUBLIC_URL": "https://a.example"}), "FACTORIAL_CLIENT_SECRET_FILE"},
		{"bad listen address", base(map[string]string{"AULA_ADDR": "8080"}), "AULA_ADDR"},
		{"bad API version", base(map[string]string{"FACTORIAL_API_VERSION": "latest"}), "FACTORIAL_API_VERSION"},
		{"bad time zone", base(map[string]string{"AULA_TIMEZONE": "Mars/Base"}), "AULA_TIMEZONE"},
		{"bad session store", base(map[string]string{"AULA_SESSION_STORE": "mysql://db"}), "AULA_SESSION_STORE"},
		{"bad log format", base(map[string]string{"AULA_LOG_FORMAT": "xml"}), "AULA_LOG_FORMAT"},
		{"bad timeout", base(map[string]string{"AULA_REQUEST_TIMEOUT": "soon"}), "AULA_REQUEST_TIMEOUT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(env(tc.env))
			if err == nil {
				t.Fatal("loaded without error")
			}
			if !strings.Contains(err.Error(), tc.want+":") {
				t.Fatalf("error %q does not name %s", err, tc.want)
			}
		})
	}
}

// A refused value is quoted in the message, but never a password in it: the
// message goes to the log.
func TestPasswordInABadValueIsNotShown(t *testing.T) {
	for _, tc := range []struct{ name, v, value string }{
		{"store with an unknown scheme", "AULA_SESSION_STORE", "mysql://user:hunter2@db/x"},
		{"store as key=value", "AULA_SESSION_STORE", "host=db user=aula password=hunter2"},
		{"store URL that does not parse", "AULA_SESSION_STORE", "postgres://aula:hunter2%zz@db/aula"},
		{"public URL with credentials", "AULA_PUBLIC_URL", "https://aula:hunter2@aula.example.com"},
		{"public URL with a query", "AULA_PUBLIC_URL", "https://aula.example.com/?token=hunter2"},
		{"Factorial URL with credentials", "FACTORIAL_BASE_URL", "https://u:hunter2@api.factorialhr.com"},
		{"Factorial URL that does not parse", "FACTORIAL_BASE_URL", "https://u:hunter2%zz@api.factorialhr.com"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(env(map[string]string{"AULA_DATA_DIR": t.TempDir(), "AULA_SECRET_KEYS": "1:" + key32, tc.v: tc.value}))
			if err == nil || !strings.Contains(err.Error(), tc.v+":") {
				t.Fatalf("error %v does not name %s", err, tc.v)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Fatalf("error shows the password: %v", err)
			}
		})
	}
}

// AULA_BEHIND_PROXY takes true/false or the proxies' addresses.
func TestTrustedProxies(t *testing.T) {
	for v, want := range map[string]string{
		"false":                       "false []",
		"true":                        "true []",
		"10.0.0.5":                    "true [10.0.0.5/32]",
		"10.0.0.0/24, 2001:db8::1/64": "true [10.0.0.0/24 2001:db8::/64]",
	} {
		c, err := Load(func(k string) string {
			return map[string]string{"AULA_DATA_DIR": t.TempDir(), "AULA_BEHIND_PROXY": v}[k]
		})
		if err != nil {
			t.Fatalf("%s: %v", v, err)
		}
		if got := fmt.Sprint(c.BehindProxy, " ", c.TrustedProxies); got != want {
			t.Errorf("AULA_BEHIND_PROXY=%s: %s, want %s", v, got, want)
		}
	}
}

// Demo mode reads the sandbox's AULA_SANDBOX_* settings; a wrong one stops
// the start with a message naming the variable.
func TestDemoSandboxSettings(t *testing.T) {
	c, err := Load(env(map[string]string{"AULA_DATA_DIR": t.TempDir(), "AULA_SANDBOX_LATENCY": "50ms",
		"AULA_SANDBOX_FAULTS": "POST trainings/* rate=0.1 status=503", "AULA_SANDBOX_PROFILE": "large"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Sandbox.Latency.String() != "50ms" || len(c.Sandbox.Faults) != 1 || c.Sandbox.Faults[0].Status != 503 || c.Sandbox.Profile.String() != "large" || c.Sandbox.Seed != 1 {
		t.Errorf("sandbox settings %+v", c.Sandbox)
	}
	for k, v := range map[string]string{
		"AULA_SANDBOX_LATENCY": "soon", "AULA_SANDBOX_JITTER": "x", "AULA_SANDBOX_FAULTS": "GET", "AULA_SANDBOX_RATE_LIMIT": "many",
		"AULA_SANDBOX_PROFILE": "huge", "AULA_SANDBOX_SEED": "1.5",
	} {
		_, err := Load(env(map[string]string{"AULA_DATA_DIR": t.TempDir(), k: v}))
		if err == nil || !strings.Contains(err.Error(), k+": ") {
			t.Errorf("%s=%q: %v, want an error naming %s", k, v, err, k)
		}
	}
}
