package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
)

// A person who opens the other loopback address than the one Aula announced
// (127.0.0.1 for localhost, or the other way round) is sent to the announced
// one before the OAuth handshake starts, and ends signed in: the handshake
// cookie and the callback are on one host.
func TestSignInFromTheOtherLoopbackAddress(t *testing.T) {
	for _, tc := range []struct {
		name, public, opened string // hosts
	}{
		{"opened 127.0.0.1, announced localhost", "localhost", "127.0.0.1"},
		{"opened localhost, announced 127.0.0.1", "127.0.0.1", "localhost"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := apptest.Start(t, apptest.WithPublicHost(tc.public))
			public := srv.App.Config.PublicURL.String()
			c := srv.NewClient(t)
			c.Base = "http://" + tc.opened + ":" + srv.App.Config.PublicURL.Port()

			// The protected page sends the browser to /login on the host it
			// opened; /login sends it on to the public host, return_to kept.
			res := c.Get("/trainings")
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("/trainings: status %d, want 303 to /login", res.StatusCode)
			}
			res = c.Get(res.Header.Get("Location"))
			want := public + "/login?return_to=" + url.QueryEscape("/trainings")
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
				t.Fatalf("/login on %s: %d %q, want 303 %q", tc.opened, res.StatusCode, res.Header.Get("Location"), want)
			}
			// A sign-in started on the opened host directly goes there too.
			res = c.Get("/auth/start?return_to=%2Ftrainings")
			if want := public + "/auth/start?return_to=%2Ftrainings"; res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
				t.Fatalf("/auth/start on %s: %d %q, want 303 %q", tc.opened, res.StatusCode, res.Header.Get("Location"), want)
			}
			if c.Cookie("aula_oauth") != "" {
				t.Error("a handshake cookie was set on the host the callback does not come back to")
			}

			c.Base = public
			if got := c.SignIn(sandbox.PersonaHRAdmin, "/trainings"); got != "/trainings" {
				t.Fatalf("signed in and sent to %q, want /trainings", got)
			}
			if srv.Login(t, c) == nil {
				t.Fatal("not signed in")
			}
			if res := c.Get("/trainings"); res.StatusCode != http.StatusOK {
				t.Fatalf("/trainings after sign-in: status %d", res.StatusCode)
			}
		})
	}
}

// On its public host the sign-in pages answer as before: no redirect loop.
func TestSignInOnThePublicHostIsNotRedirected(t *testing.T) {
	srv := apptest.Start(t, apptest.WithPublicHost("localhost"))
	c := srv.NewClient(t)
	c.Base = srv.App.Config.PublicURL.String()
	if res := c.Get("/login"); res.StatusCode != http.StatusOK {
		t.Fatalf("/login: status %d, want 200", res.StatusCode)
	}
	res := c.Get("/auth/start")
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "/sandbox/oauth/authorize") {
		t.Fatalf("/auth/start: %d %q, want 303 to the sandbox", res.StatusCode, loc)
	}
}

// Behind a proxy the Host header is the proxy's: only X-Forwarded-Host says
// which host the browser opened, and without it nothing is redirected.
func TestSignInBehindAProxyUsesTheForwardedHost(t *testing.T) {
	srv := apptest.Start(t, apptest.WithEnv("AULA_PUBLIC_URL", "https://aula.example.com"), apptest.WithEnv("AULA_BEHIND_PROXY", "true"))
	c := srv.NewClient(t)
	if res := c.Get("/login"); res.StatusCode != http.StatusOK {
		t.Fatalf("/login from the proxy without X-Forwarded-Host: status %d, want 200", res.StatusCode)
	}
	for _, tc := range []struct {
		forwarded string
		want      int
	}{
		{"aula.example.com", http.StatusOK},
		{"aula.example.com:443", http.StatusOK},
		{"old-name.example.com", http.StatusSeeOther},
	} {
		res := c.Do(http.MethodGet, "/login", nil, http.Header{"X-Forwarded-Host": {tc.forwarded}})
		if res.StatusCode != tc.want {
			t.Errorf("/login for %s: status %d, want %d", tc.forwarded, res.StatusCode, tc.want)
		}
		if tc.want == http.StatusSeeOther && res.Header.Get("Location") != "https://aula.example.com/login" {
			t.Errorf("/login for %s sent to %q", tc.forwarded, res.Header.Get("Location"))
		}
	}
}

// A browser on another machine cannot be sent to this machine's localhost:
// the sign-in page says where signing in works instead of starting a
// handshake that cannot finish, and the log says which hosts.
func TestSignInFromAnotherMachineWhenThePublicURLIsLoopback(t *testing.T) {
	srv := apptest.Start(t, apptest.WithPublicHost("localhost"))
	c := srv.NewClient(t)
	c.Host = "aula-box.lan:" + srv.App.Config.PublicURL.Port()
	if res := c.Get("/login"); res.StatusCode != http.StatusOK {
		t.Fatalf("/login from another machine: status %d, want 200", res.StatusCode)
	}
	res := c.Get("/auth/start")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Fatalf("/auth/start from another machine: %d %q, want 303 /login", res.StatusCode, res.Header.Get("Location"))
	}
	for _, ck := range res.Cookies() {
		if ck.Name == "aula_oauth" {
			t.Error("a handshake cookie was set for a sign-in that cannot finish")
		}
	}
	msg := apptest.TestID(apptest.Parse(t, c.Get("/login")), "flash-error").Text()
	if !strings.Contains(msg, "Signing in works only at "+srv.App.Config.PublicURL.String()) {
		t.Errorf("message %q does not say where signing in works", msg)
	}
	if !strings.Contains(srv.Logs.String(), `host=aula-box.lan:`) || !strings.Contains(srv.Logs.String(), "public_host=localhost:") {
		t.Errorf("no warning naming the hosts:\n%s", srv.Logs.String())
	}
}

// A callback that arrives without the handshake cookie (the browser came
// back to another address, or blocks cookies) says so, and the log names
// the hosts, never the code or the state.
func TestOAuthCallbackWithoutHandshakeCookieSaysWhy(t *testing.T) {
	srv := apptest.Start(t)
	cb, err := url.Parse(srv.NewClient(t).Authorize(sandbox.PersonaTrainer, "/"))
	if err != nil || cb.Query().Get("code") == "" {
		t.Fatalf("no code from the sandbox: %q", cb)
	}

	// The callback reaches Aula from a jar without the cookie.
	other := srv.NewClient(t)
	res := other.Do(http.MethodGet, cb.RequestURI(), nil, http.Header{"Referer": {srv.URL + "/sandbox/oauth/authorize"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Fatalf("callback: %d %q, want 303 /login", res.StatusCode, res.Header.Get("Location"))
	}
	msg := apptest.TestID(apptest.Parse(t, other.Get("/login")), "flash-error").Text()
	for _, want := range []string{"came back to a different address", "blocks cookies", srv.URL} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q does not say %q", msg, want)
		}
	}
	if srv.Login(t, other) != nil {
		t.Error("signed in without the handshake cookie")
	}

	var warning string
	for _, line := range strings.Split(srv.Logs.String(), "\n") {
		if strings.Contains(line, "level=WARN") && strings.Contains(line, "handshake cookie") {
			warning = line
		}
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	for _, want := range []string{"host=" + host, "public_host=" + host, "referer_host=" + host} {
		if !strings.Contains(warning, want) {
			t.Errorf("warning %q does not name %s", warning, want)
		}
	}
	for _, secret := range []string{cb.Query().Get("code"), cb.Query().Get("state")} {
		if strings.Contains(srv.Logs.String(), secret) {
			t.Error("the log holds the callback's code or state")
		}
	}
}
