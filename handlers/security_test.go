package handlers_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/alexedwards/scs/v2"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
)

// signedIn reports whether the client's session still opens the home page.
func signedIn(t *testing.T, c *apptest.Client) bool {
	t.Helper()
	res := c.Get("/")
	switch res.StatusCode {
	case http.StatusOK:
		return true
	case http.StatusSeeOther:
		if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, "/login") {
			t.Fatalf("GET / redirected to %q, want /login", loc)
		}
		return false
	}
	t.Fatalf("GET /: status %d", res.StatusCode)
	return false
}

func TestCSRFRefusesMissingAndForgedTokens(t *testing.T) {
	srv := apptest.Start(t)
	c := srv.SignIn(t, sandbox.PersonaHRAdmin)
	good := c.CSRFToken()
	if good == "" {
		t.Fatal("no CSRF cookie after sign-in")
	}
	for _, tc := range []struct {
		name   string
		form   url.Values
		header http.Header
	}{
		{"no token", url.Values{}, nil},
		{"forged form token", url.Values{"_csrf": {strings.Repeat("x", len(good))}}, nil},
		{"forged header token", url.Values{}, http.Header{"X-Csrf-Token": {"forged"}}},
		{"cross-site browser request with a valid token", url.Values{"_csrf": {good}}, http.Header{"Sec-Fetch-Site": {"cross-site"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := c.Do(http.MethodPost, "/logout", tc.form, tc.header)
			if res.StatusCode != http.StatusForbidden {
				t.Fatalf("POST /logout: status %d, want 403", res.StatusCode)
			}
			doc := apptest.Parse(t, res)
			if got := apptest.TestID(doc, "problem-title").Text(); got != "This form has expired" {
				t.Errorf("problem title %q", got)
			}
			if !signedIn(t, c) {
				t.Fatal("a refused sign-out signed the user out")
			}
		})
	}
	t.Run("htmx header token", func(t *testing.T) {
		res := c.HTMX(http.MethodPost, "/logout", url.Values{})
		if res.StatusCode != http.StatusNoContent || res.Header.Get("HX-Redirect") != "/login" {
			t.Fatalf("htmx sign-out: status %d, HX-Redirect %q", res.StatusCode, res.Header.Get("HX-Redirect"))
		}
		if signedIn(t, c) {
			t.Fatal("still signed in after sign-out")
		}
	})
	t.Run("same-origin browser request without token", func(t *testing.T) {
		c := srv.SignIn(t, sandbox.PersonaTrainer)
		res := c.Do(http.MethodPost, "/logout", url.Values{}, http.Header{"Sec-Fetch-Site": {"same-origin"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("same-origin sign-out: status %d, want 303", res.StatusCode)
		}
		if signedIn(t, c) {
			t.Fatal("still signed in after sign-out")
		}
	})
}

// TestCSRFTokenCannotBePlanted: the token is bound to the session, so what
// a sibling subdomain, another port or a man in the middle of plain HTTP
// can do — set a cookie — makes no token. Over plain HTTP the cookie
// aula_csrf= with an empty _csrf field used to delete a training.
func TestCSRFTokenCannotBePlanted(t *testing.T) {
	srv := apptest.Start(t)
	victim := srv.SignIn(t, sandbox.PersonaHRAdmin)
	other := srv.SignIn(t, sandbox.PersonaHRAdmin)
	trainings := visibleTrainings(srv.Sandbox.Snapshot())
	deleted := func(id factorial.ID) bool {
		for _, v := range visibleTrainings(srv.Sandbox.Snapshot()) {
			if v.ID == id {
				return false
			}
		}
		return true
	}
	base, _ := url.Parse(srv.URL)
	planted := strings.Repeat("A", 43) // shaped like a real visitor value
	for i, tc := range []struct {
		name          string
		plant         bool // set aula_csrf to cookie in the victim's browser
		cookie, token string
		want          int
	}{
		{"empty cookie and empty field", true, "", "", http.StatusForbidden},
		{"planted cookie and the same value in the field", true, planted, planted, http.StatusForbidden},
		{"another session's token", false, "", other.CSRFToken(), http.StatusForbidden},
		{"the session's own token", false, "", victim.CSRFToken(), http.StatusSeeOther},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := trainings[i] // each its own, so one wrong answer does not hide the next
			if tc.plant {
				victim.Jar.SetCookies(base, []*http.Cookie{{Name: "aula_csrf", Value: tc.cookie, Path: "/"}})
			}
			path := "/trainings/" + tr.ID.String() + "/delete"
			res := victim.Do(http.MethodPost, path, url.Values{"confirmed": {"yes"}, "_csrf": {tc.token}}, nil)
			if res.StatusCode != tc.want || deleted(tr.ID) != (tc.want == http.StatusSeeOther) {
				t.Fatalf("POST %s: status %d, deleted %v; want %d", path, res.StatusCode, deleted(tr.ID), tc.want)
			}
		})
	}
}

// cookieFlags returns the Set-Cookie lines of a response by cookie name.
func cookieFlags(res *http.Response) map[string]*http.Cookie {
	out := map[string]*http.Cookie{}
	for _, ck := range res.Cookies() {
		out[ck.Name] = ck
	}
	return out
}

func TestCookieFlags(t *testing.T) {
	for _, tc := range []struct {
		name, publicURL, prefix string
		secure                  bool
	}{
		{"http", "", "", false},
		{"https", "https://aula.example.com", "__Host-", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var opts []apptest.Option
			if tc.publicURL != "" {
				opts = append(opts, apptest.WithEnv("AULA_PUBLIC_URL", tc.publicURL))
			}
			srv := apptest.Start(t, opts...)
			c := srv.NewClient(t)
			if tc.publicURL != "" {
				c.Host = srv.App.Config.PublicURL.Host // a sign-in starts on the public host only
			}

			// The OAuth handshake cookie: short-lived, Lax (it must come
			// back on the cross-site callback), HttpOnly.
			res := c.Get("/auth/start")
			hs := cookieFlags(res)[tc.prefix+"aula_oauth"]
			if hs == nil {
				t.Fatalf("no %saula_oauth cookie: %v", tc.prefix, res.Header["Set-Cookie"])
			}
			check(t, hs, tc.secure, 1, 600)
			csrf := cookieFlags(res)[tc.prefix+"aula_csrf"]
			if csrf == nil {
				t.Fatalf("no %saula_csrf cookie", tc.prefix)
			}
			check(t, csrf, tc.secure, 1, 12*3600)

			// The session cookie, set at sign-in with a token.
			access, _, err := srv.Sandbox.IssueToken(sandbox.PersonaManager)
			if err != nil {
				t.Fatal(err)
			}
			// A Secure cookie is not sent back over the test's plain HTTP:
			// send it by hand, with the token the sign-in page shows for it.
			visitor := http.Header{"Cookie": {csrf.Name + "=" + csrf.Value}}
			page := apptest.Parse(t, c.Do(http.MethodGet, "/login", nil, visitor))
			tok := page.Find(`meta[name="csrf-token"]`).AttrOr("content", "")
			req := url.Values{"token": {access}, "_csrf": {tok}}
			res = c.Do(http.MethodPost, "/login", req, visitor)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("token sign-in: status %d\n%s", res.StatusCode, apptest.Body(res))
			}
			sess := cookieFlags(res)[tc.prefix+"aula_session"]
			if sess == nil {
				t.Fatalf("no %saula_session cookie: %v", tc.prefix, res.Header["Set-Cookie"])
			}
			// The cookie lives as long as the idle timeout (30 min, renewed
			// by each request); the store ends the session after 12 h.
			check(t, sess, tc.secure, 1800-5, 1800+5)
			deadline := srv.App.Sessions.Lifetime
			if deadline != 12*time.Hour || srv.App.Sessions.IdleTimeout != 30*time.Minute {
				t.Errorf("session lifetime %v, idle %v; want 12h and 30m", deadline, srv.App.Sessions.IdleTimeout)
			}
		})
	}
}

func check(t *testing.T, ck *http.Cookie, secure bool, minAge, maxAge int) {
	t.Helper()
	if !ck.HttpOnly {
		t.Errorf("%s: not HttpOnly", ck.Name)
	}
	if ck.SameSite != http.SameSiteLaxMode {
		t.Errorf("%s: SameSite %v, want Lax", ck.Name, ck.SameSite)
	}
	if ck.Secure != secure {
		t.Errorf("%s: Secure %v, want %v", ck.Name, ck.Secure, secure)
	}
	if ck.Path != "/" || ck.Domain != "" {
		t.Errorf("%s: Path %q Domain %q, want / and none (__Host- rules)", ck.Name, ck.Path, ck.Domain)
	}
	age := ck.MaxAge
	if age == 0 && !ck.Expires.IsZero() {
		age = int(time.Until(ck.Expires).Seconds())
	}
	if age < minAge || age > maxAge {
		t.Errorf("%s: lifetime %d s, want %d..%d", ck.Name, age, minAge, maxAge)
	}
}

func TestNoTokenLeaksIntoResponsesOrLogs(t *testing.T) {
	srv := apptest.Start(t)
	var secrets []string
	var seen strings.Builder
	record := func(res *http.Response) {
		for k, vs := range res.Header {
			seen.WriteString(k + ": " + strings.Join(vs, " ") + "\n")
		}
		seen.WriteString(apptest.Body(res))
	}

	// OAuth sign-in: the code and state travel in the callback URL.
	c := srv.SignIn(t, sandbox.PersonaHRAdmin)
	cb, err := url.Parse(c.Callback)
	if err != nil || cb.Query().Get("code") == "" {
		t.Fatalf("callback %q has no code", c.Callback)
	}
	secrets = append(secrets, cb.Query().Get("code"), cb.Query().Get("state"))
	l := srv.Login(t, c)
	secrets = append(secrets, l.Token.AccessToken, l.Token.RefreshToken)
	for _, p := range []string{"/", "/login", "/no-such-page", "/healthz", "/readyz"} {
		record(c.Get(p))
	}
	record(c.HTMX(http.MethodGet, "/", nil))

	// Token sign-in, accepted and refused.
	access, refresh, _ := srv.Sandbox.IssueToken(sandbox.PersonaTrainer)
	secrets = append(secrets, access, refresh)
	tc := srv.NewClient(t)
	record(tc.Post("/login", url.Values{"token": {access}}))
	record(tc.Get("/"))
	bad := "sbx_not_a_real_token_" + strings.Repeat("z", 20)
	secrets = append(secrets, bad)
	res := srv.NewClient(t).Post("/login", url.Values{"token": {bad}})
	record(res)
	if apptest.TestID(apptest.Parse(t, res), "token-error").Length() != 1 {
		t.Error("a refused token shows no message")
	}
	// An API key.
	key := srv.Sandbox.APIKey()
	secrets = append(secrets, key)
	kc := srv.NewClient(t)
	record(kc.Post("/login", url.Values{"token": {key}}))
	record(kc.Get("/"))
	if got := apptest.TestID(apptest.Parse(t, kc.Get("/")), "user-role").Text(); got != "HR admin" {
		t.Errorf("API key signed in as %q, want HR admin", got)
	}

	// CSRF tokens belong in pages, never in the log.
	csrfTokens := []string{c.CSRFToken(), tc.CSRFToken(), srv.NewClient(t).CSRFToken()}

	logs := srv.Logs.String()
	for _, tok := range csrfTokens {
		if tok == "" || strings.Contains(logs, tok) {
			t.Errorf("CSRF token %.6s… is empty or appears in the log", tok)
		}
	}
	if !strings.Contains(logs, "path=/auth/callback") {
		t.Fatal("the request log did not record the callback; the test would prove nothing")
	}
	for _, s := range secrets {
		if s == "" {
			t.Fatal("empty secret: the test would prove nothing")
		}
		if strings.Contains(seen.String(), s) {
			t.Errorf("secret %.6s… appears in a response", s)
		}
		if strings.Contains(logs, s) {
			t.Errorf("secret %.6s… appears in the log", s)
		}
	}
}

func TestReturnToStaysInsideAula(t *testing.T) {
	srv := apptest.Start(t)
	access, _, _ := srv.Sandbox.IssueToken(sandbox.PersonaEmployee)
	attacks := []string{
		"//evil.example", "https://evil.example/", "http:evil.example", "/\\evil.example", "\\\\evil.example",
		"/%2F%2Fevil.example", "/%5Cevil.example", "javascript:alert(1)", " //evil.example", "/\t/evil.example",
		"%2F%2Fevil.example", "///evil.example", "/login?return_to=//evil.example", "evil.example",
	}
	for _, rt := range attacks {
		t.Run(rt, func(t *testing.T) {
			// The token form.
			c := srv.NewClient(t)
			res := c.Post("/login", url.Values{"token": {access}, "return_to": {rt}})
			if loc := res.Header.Get("Location"); loc != "/" {
				t.Errorf("token sign-in with return_to %q went to %q", rt, loc)
			}
			// The OAuth flow.
			c = srv.NewClient(t)
			if loc := c.SignIn(sandbox.PersonaEmployee, rt); loc != "/" {
				t.Errorf("OAuth sign-in with return_to %q went to %q", rt, loc)
			}
			// The sign-in page keeps nothing unsafe in its form.
			c = srv.NewClient(t)
			doc := apptest.Parse(t, c.Get("/login?return_to="+url.QueryEscape(rt)))
			if v := doc.Find(`input[name="return_to"]`).AttrOr("value", "missing"); v != "" {
				t.Errorf("sign-in form keeps return_to %q", v)
			}
			if href := apptest.TestID(doc, "oauth-start").AttrOr("href", ""); href != "/auth/start" {
				t.Errorf("OAuth link %q", href)
			}
		})
	}
	t.Run("a page inside Aula is kept", func(t *testing.T) {
		c := srv.NewClient(t)
		res := c.Get("/?tab=x")
		if loc := res.Header.Get("Location"); loc != "/login?return_to="+url.QueryEscape("/?tab=x") {
			t.Fatalf("protected page redirected to %q", loc)
		}
		if loc := c.SignIn(sandbox.PersonaEmployee, "/?tab=x"); loc != "/?tab=x" {
			t.Fatalf("after sign-in went to %q, want /?tab=x", loc)
		}
	})
}

func TestHTMXRequestWithoutSessionGetsHXRedirect(t *testing.T) {
	srv := apptest.Start(t)
	c := srv.NewClient(t)
	res := c.Do(http.MethodGet, "/", nil, http.Header{"Hx-Request": {"true"}, "Hx-Current-Url": {srv.URL + "/?page=2"}})
	if res.StatusCode == http.StatusSeeOther || res.Header.Get("Location") != "" {
		t.Fatalf("htmx got a redirect (%d %q), which it would follow and swap", res.StatusCode, res.Header.Get("Location"))
	}
	if got := res.Header.Get("HX-Redirect"); got != "/login?return_to="+url.QueryEscape("/?page=2") {
		t.Fatalf("HX-Redirect %q", got)
	}
}

func TestSignOutDuringInFlightRequestStaysSignedOut(t *testing.T) {
	// The page's Factorial calls are held at the gate: the sign-out below
	// lands while the page is surely in flight, however slow the machine.
	gate := apptest.NewGate("/resources/trainings/")
	srv := apptest.Start(t, apptest.WithGate(gate))
	c := srv.SignIn(t, sandbox.PersonaHRAdmin)

	done := make(chan *http.Response)
	go func() { done <- c.Get("/") }() // starts signed in, finishes after the sign-out
	select {
	case <-gate.Arrived():
	case res := <-done:
		t.Fatalf("the page answered %d without asking Factorial for trainings", res.StatusCode)
	}
	if res := c.Post("/logout", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out: status %d", res.StatusCode)
	}
	gate.Release()
	slow := <-done
	if slow.StatusCode != http.StatusOK {
		t.Fatalf("the in-flight page: status %d", slow.StatusCode)
	}
	if len(slow.Header.Values("Set-Cookie")) == 0 {
		t.Log("the in-flight request wrote no session cookie back")
	}
	if signedIn(t, c) {
		t.Fatal("the request in flight signed the user in again")
	}
}

func TestConcurrentRequestsWithExpiredTokenRefreshOnce(t *testing.T) {
	clock := apptest.NewClock(time.Now())
	srv := apptest.Start(t, apptest.WithSandboxOptions(sandbox.WithClock(clock.Now)))
	c := srv.SignIn(t, sandbox.PersonaManager)
	before := srv.Login(t, c)

	// The access token expires: the sandbox refuses it from now on, and the
	// login says so (its expiry came from expires_in at sign-in).
	clock.Advance(sandbox.AccessTokenTTL + time.Minute)
	expired := before.Token
	expired.Expiry = time.Now().Add(-time.Minute)
	before, err := srv.App.Logins.UpdateToken(context.Background(), before.ID, before.Version, expired)
	if err != nil {
		t.Fatal(err)
	}
	srv.Sandbox.ResetRequests()
	const n = 4
	var wg sync.WaitGroup
	status := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status[i] = c.Get("/").StatusCode
		}()
	}
	wg.Wait()
	for i, s := range status {
		if s != http.StatusOK {
			t.Errorf("request %d: status %d", i, s)
		}
	}
	refreshes := 0
	for _, r := range srv.Sandbox.Requests() {
		if r.Path == "/oauth/token" {
			refreshes++
		}
		if r.Status == http.StatusUnauthorized {
			t.Errorf("%s %s answered 401: an expired token was used", r.Method, r.Path)
		}
	}
	if refreshes != 1 {
		t.Fatalf("%d token refreshes, want 1", refreshes)
	}
	after := srv.Login(t, c)
	if after.Token.AccessToken == before.Token.AccessToken || after.Token.RefreshToken == before.Token.RefreshToken {
		t.Fatal("the login does not hold the rotated token")
	}
	if !signedIn(t, c) {
		t.Fatal("signed out after the refresh")
	}
}

func TestSignInIsRateLimited(t *testing.T) {
	srv := apptest.Start(t, apptest.WithEnv("AULA_SIGNIN_RATE", "3"))
	c := srv.NewClient(t)
	for i := range 3 {
		if res := c.Post("/login", url.Values{"token": {"wrong"}}); res.StatusCode != http.StatusOK {
			t.Fatalf("attempt %d: status %d", i+1, res.StatusCode)
		}
	}
	res := c.Post("/login", url.Values{"token": {"wrong"}})
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("4th attempt in a minute: status %d, want 429", res.StatusCode)
	}
	if got := apptest.TestID(apptest.Parse(t, res), "problem-title").Text(); got != "Too many attempts" {
		t.Errorf("title %q", got)
	}
	if res := c.Get("/auth/start"); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("OAuth start after the limit: status %d, want 429", res.StatusCode)
	}
	if res := c.Get("/login"); res.StatusCode != http.StatusOK {
		t.Errorf("the sign-in page itself is not limited: status %d", res.StatusCode)
	}
}

// When Factorial stops accepting the token (revoked there), the person is
// signed out and sent to sign in, without a redirect loop.
func TestTokenRefusedByFactorialSignsOut(t *testing.T) {
	srv := apptest.Start(t)
	c := srv.SignIn(t, sandbox.PersonaManager)
	srv.Sandbox.SetFaults(sandbox.Fault{Path: "*/*", Status: http.StatusUnauthorized})
	res := c.Get("/")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Fatalf("GET / with a refused token: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	srv.Sandbox.SetFaults()
	if res := c.Get("/login"); res.StatusCode != http.StatusOK {
		t.Fatalf("the sign-in page sends the person away again: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if signedIn(t, c) {
		t.Fatal("still signed in")
	}
	// A refused refresh token ends the sign-in as well.
	c = srv.SignIn(t, sandbox.PersonaManager)
	l := srv.Login(t, c)
	tok := l.Token
	tok.Expiry = time.Now().Add(-time.Minute)
	tok.RefreshToken = "sbx_refresh_not_issued"
	if _, err := srv.App.Logins.UpdateToken(context.Background(), l.ID, l.Version, tok); err != nil {
		t.Fatal(err)
	}
	if signedIn(t, c) {
		t.Fatal("still signed in with a refresh token Factorial refuses")
	}
}

// A callback whose state does not match the handshake cookie, or that
// arrives without one, signs nobody in.
func TestOAuthCallbackChecksState(t *testing.T) {
	srv := apptest.Start(t)
	for _, tc := range []struct {
		name   string
		mangle func(u *url.URL, c *apptest.Client) *apptest.Client
	}{
		{"forged state", func(u *url.URL, c *apptest.Client) *apptest.Client {
			q := u.Query()
			q.Set("state", "forged")
			u.RawQuery = q.Encode()
			return c
		}},
		{"no handshake cookie", func(u *url.URL, c *apptest.Client) *apptest.Client { return srv.NewClient(t) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			victim := srv.NewClient(t)
			res := victim.Get("/auth/start")
			authorize, _ := url.Parse(res.Header.Get("Location"))
			// Let an attacker's browser finish the sandbox step, then replay
			// the callback in another way.
			attacker := srv.NewClient(t)
			form := authorize.Query()
			form.Set("persona", sandbox.PersonaHRAdmin)
			res = attacker.Do(http.MethodPost, authorize.Path, form, nil)
			cb, err := url.Parse(res.Header.Get("Location"))
			if err != nil || cb.Query().Get("code") == "" {
				t.Fatalf("no code from the sandbox: %d %q", res.StatusCode, res.Header.Get("Location"))
			}
			c := tc.mangle(cb, victim)
			res = c.Get(cb.RequestURI())
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
				t.Fatalf("callback: %d %q, want 303 /login", res.StatusCode, res.Header.Get("Location"))
			}
			if signedIn(t, c) {
				t.Fatal("signed in through a bad callback")
			}
			doc := apptest.Parse(t, c.Get("/login"))
			if apptest.TestID(doc, "flash-error").Length() != 1 {
				t.Error("no message explaining the failed sign-in")
			}
		})
	}
}

// The session is committed once per request, also when the handler fails
// and the error handler writes the page (scs's LoadAndSave wrapped for Echo
// writes two cookies then).
func TestSessionCommittedOnce(t *testing.T) {
	srv := apptest.Start(t)
	c := srv.SignIn(t, sandbox.PersonaEmployee)
	srv.Sandbox.SetFaults(sandbox.Fault{Path: "trainings/*", Status: 500})
	defer srv.Sandbox.SetFaults()
	for _, p := range []string{"/", "/no-such-page"} {
		res := c.Get(p)
		n := 0
		for _, ck := range res.Cookies() {
			if ck.Name == srv.App.Sessions.Cookie.Name {
				n++
			}
		}
		if res.StatusCode < 400 || n != 1 {
			t.Errorf("GET %s: status %d, %d session cookies, want an error page and 1", p, res.StatusCode, n)
		}
	}
}

// TestFormPostAfterSignInEndedReturnsToTheFormPage: a plain form post whose
// sign-in has ended (idle timeout, revoked) sends the person to sign in and
// then back to the page that held the form, not to the address posted to,
// which has no page ("Page not found" after signing in again).
func TestFormPostAfterSignInEndedReturnsToTheFormPage(t *testing.T) {
	srv := apptest.Start(t)
	tid := busyTraining(t, srv.Sandbox.Snapshot()).ID.String()
	for _, tc := range []struct {
		name, page, post, want string
		form                   url.Values
	}{
		{"change status", "/trainings/" + tid, "/trainings/" + tid + "/status", "/trainings/" + tid, url.Values{"status": {"draft"}}},
		{"bulk action", "/trainings?per_page=100", "/trainings/bulk", "/trainings?per_page=100", url.Values{"action": {"hide"}, "ids": {tid}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := srv.SignIn(t, sandbox.PersonaHRAdmin)
			form := tc.form
			form.Set("_csrf", c.CSRFToken()) // the token of the page, shown while signed in
			if err := srv.App.Logins.Revoke(context.Background(), srv.Login(t, c).ID); err != nil {
				t.Fatal(err)
			}
			h := http.Header{"Referer": {srv.URL + tc.page}}
			res := c.Do(http.MethodPost, tc.post, form, h)
			want := mwLoginURL(tc.want)
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
				t.Fatalf("POST %s: status %d, Location %q, want 303 to %q", tc.post, res.StatusCode, res.Header.Get("Location"), want)
			}
			if loc := c.SignIn(sandbox.PersonaHRAdmin, tc.want); loc != tc.want {
				t.Fatalf("after signing in again went to %q, want %q", loc, tc.want)
			}
			if res := c.Get(tc.want); res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: status %d", tc.want, res.StatusCode)
			}
		})
	}
}

func mwLoginURL(returnTo string) string {
	if returnTo == "/" {
		return "/login"
	}
	return "/login?return_to=" + url.QueryEscape(returnTo)
}

// brokenSessions is a session store that does not answer, or answers with
// bytes that are no session.
type brokenSessions struct {
	scs.Store
	garbage bool
}

func (b brokenSessions) Find(token string) ([]byte, bool, error) {
	if b.garbage {
		return []byte("not a session"), true, nil
	}
	return nil, false, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}
}

// TestSessionStoreOutageIsNotASignOut: when the session store does not
// answer, the person is told Aula has a problem, not sent to sign in (which
// would fail too) as if signed out; once the store is back they are still
// signed in. A session that cannot be read is a signed-out visitor.
func TestSessionStoreOutageIsNotASignOut(t *testing.T) {
	srv := apptest.Start(t)
	c := srv.SignIn(t, sandbox.PersonaHRAdmin)
	store := srv.App.Sessions.Store

	srv.App.Sessions.Store = brokenSessions{Store: store}
	res := c.Get("/trainings")
	if res.StatusCode < 500 || res.Header.Get("Location") != "" {
		t.Fatalf("store down: status %d, Location %q, want an error page", res.StatusCode, res.Header.Get("Location"))
	}
	doc := apptest.Parse(t, res)
	if got := apptest.TestID(doc, "problem-detail").Text(); !strings.Contains(got, "session store") || strings.Contains(got, "Factorial") {
		t.Errorf("store down: the page says %q", got)
	}
	if apptest.TestID(doc, "retry").Length() != 1 {
		t.Error("the error page offers no retry")
	}
	res = c.HTMX(http.MethodGet, "/trainings", nil)
	if res.StatusCode < 500 || res.Header.Get("HX-Redirect") != "" {
		t.Fatalf("store down, htmx: status %d, HX-Redirect %q", res.StatusCode, res.Header.Get("HX-Redirect"))
	}

	srv.App.Sessions.Store = store
	if !signedIn(t, c) {
		t.Fatal("signed out after the store came back")
	}

	srv.App.Sessions.Store = brokenSessions{Store: store, garbage: true}
	defer func() { srv.App.Sessions.Store = store }()
	res = c.Get("/trainings")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Fatalf("unreadable session: status %d, Location %q, want the sign-in page", res.StatusCode, res.Header.Get("Location"))
	}
}

// TestOAuthCodeExchangeFailureSaysWhatHappened: when Factorial's token
// endpoint fails (5xx) rather than refusing the code (4xx), the sign-in
// page says Factorial did not answer, not that it refused the sign-in; when
// Factorial will not say whose the new token is, the page says that (it
// used to show the sign-in page without a word).
func TestOAuthCodeExchangeFailureSaysWhatHappened(t *testing.T) {
	srv := apptest.Start(t)
	for _, tc := range []struct {
		path   string
		status int
		want   string
	}{
		{"oauth/token", http.StatusServiceUnavailable, "Factorial did not answer"},
		{"oauth/token", http.StatusBadRequest, "Factorial did not accept the sign-in"},
		// The token works, but Factorial will not say whose it is.
		{"api_public/credentials", http.StatusUnauthorized, "Factorial did not let Aula see who you are"},
		{"api_public/credentials", http.StatusForbidden, "Factorial did not let Aula see who you are"},
	} {
		t.Run(tc.path+" "+http.StatusText(tc.status), func(t *testing.T) {
			c := srv.NewClient(t)
			res := c.Get("/auth/start")
			authorize, _ := url.Parse(res.Header.Get("Location"))
			form := authorize.Query()
			form.Set("persona", sandbox.PersonaTrainer)
			res = c.Do(http.MethodPost, authorize.Path, form, nil)
			srv.Sandbox.SetFaults(sandbox.Fault{Path: tc.path, Status: tc.status})
			defer srv.Sandbox.SetFaults()
			res = c.Do(http.MethodGet, res.Header.Get("Location"), nil, nil)
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
				t.Fatalf("callback: %d %q, want 303 /login", res.StatusCode, res.Header.Get("Location"))
			}
			got := apptest.TestID(apptest.Parse(t, c.Get("/login")), "flash-error").Text()
			if !strings.Contains(got, tc.want) {
				t.Fatalf("message %q, want %q", got, tc.want)
			}
		})
	}
}

// Signing in as someone else without signing out ends the first login: a
// request of the old session still in flight could otherwise set its cookie
// again and switch the browser back to the other person.
func TestSigningInAgainRevokesTheEarlierLogin(t *testing.T) {
	srv := apptest.Start(t)
	c := srv.SignIn(t, sandbox.PersonaTrainer)
	first := srv.Login(t, c)
	c.SignIn(sandbox.PersonaHRAdmin, "")
	second := srv.Login(t, c)
	if second == nil || second.ID == first.ID || second.Role != "admin" {
		t.Fatalf("second sign-in: %+v", second)
	}
	old, err := srv.App.Logins.Get(context.Background(), first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !old.Revoked {
		t.Error("the trainer's login is still live after the HR admin signed in in the same browser")
	}
}

// A form too large to read, sent without a length (chunked), is refused as
// too much data, not as an expired form (the token inside it was never read).
func TestOversizedChunkedFormIsTooMuchData(t *testing.T) {
	srv := apptest.Start(t)
	c := srv.SignIn(t, sandbox.PersonaHRAdmin)
	form := url.Values{"_csrf": {c.CSRFToken()}, "name": {strings.Repeat("x", 2<<20)}}
	body := io.MultiReader(strings.NewReader(form.Encode())) // no length: chunked
	req, _ := http.NewRequest(http.MethodPost, c.Base+"/trainings", body)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := c.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.ContentLength > 0 || req.ContentLength > 0 {
		t.Fatalf("the request was not chunked (length %d)", req.ContentLength)
	}
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413", res.StatusCode)
	}
	doc, err := goquery.NewDocumentFromReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if got := apptest.TestID(doc, "problem-title").Text(); got != "Too much data" {
		t.Errorf("title %q, want Too much data", got)
	}
}

// With AULA_BEHIND_PROXY naming the proxies, X-Forwarded-For is believed
// only from them: a client elsewhere on a private network cannot dodge the
// sign-in limit with a made-up address, as it can when every private
// address is trusted ("true").
func TestSignInLimitTrustsOnlyTheNamedProxies(t *testing.T) {
	for _, tc := range []struct {
		proxies string
		limited bool
	}{
		{"10.99.0.1/32", true}, // the test client (127.0.0.1) is not the proxy
		{"true", false},        // loopback is a trusted proxy
	} {
		t.Run(tc.proxies, func(t *testing.T) {
			srv := apptest.Start(t, apptest.WithEnv("AULA_SIGNIN_RATE", "2"), apptest.WithEnv("AULA_BEHIND_PROXY", tc.proxies))
			c := srv.NewClient(t)
			var last int
			for i := range 3 {
				xff := http.Header{"X-Forwarded-For": {"203.0.113." + strconv.Itoa(i+1)}}
				form := url.Values{"token": {"wrong"}, "_csrf": {c.CSRFToken()}}
				last = c.Do(http.MethodPost, "/login", form, xff).StatusCode
			}
			if limited := last == http.StatusTooManyRequests; limited != tc.limited {
				t.Errorf("3rd attempt with a new X-Forwarded-For: status %d, limited %v, want %v", last, limited, tc.limited)
			}
		})
	}
}
