package sandbox

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// noFollow is an http.Client that returns redirects instead of following them.
func noFollow(c *http.Client) *http.Client {
	cc := *c
	cc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &cc
}

// authorize runs the persona picker under base and returns the code.
func authorize(t *testing.T, c *http.Client, base, redirect, state, persona string, extra url.Values) string {
	t.Helper()
	q := url.Values{"client_id": {"aula-demo"}, "redirect_uri": {redirect}, "response_type": {"code"}, "state": {state}, "scope": {"read"}}
	for k, v := range extra {
		q[k] = v
	}
	resp, err := c.Get(base + "/oauth/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("authorize page: %d %s", resp.StatusCode, short(page))
	}
	html := string(page)
	for _, want := range []string{`<html lang="en">`, "<title>", "<h1>", `action="authorize"`, `href="sandbox.css"`, `value="` + persona + `"`} {
		if !strings.Contains(html, want) {
			t.Fatalf("picker page lacks %s", want)
		}
	}
	for _, banned := range []string{"<script", "style=", "<style", `action="/`, `href="/`} {
		if strings.Contains(html, banned) {
			t.Fatalf("picker page contains %s", banned)
		}
	}
	// submit the form the way a browser would: relative to the page URL
	pageURL := resp.Request.URL
	action, _ := pageURL.Parse("authorize")
	form := url.Values{"persona": {persona}}
	for k, v := range q {
		form[k] = v
	}
	for k, v := range extra {
		form[k] = v
	}
	resp, err = noFollow(c).PostForm(action.String(), form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("persona choice: status %d", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || !strings.HasPrefix(loc.String(), redirect) {
		t.Fatalf("redirected to %q, want %s", resp.Header.Get("Location"), redirect)
	}
	if loc.Query().Get("state") != state || loc.Query().Get("code") == "" {
		t.Fatalf("redirect %s lacks code or state", loc)
	}
	return loc.Query().Get("code")
}

func tokenCall(t *testing.T, c *http.Client, base string, form url.Values) (int, TokenResponse, map[string]string) {
	t.Helper()
	resp, err := c.PostForm(base+"/oauth/token", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var tr TokenResponse
	var e map[string]string
	if resp.StatusCode == 200 {
		if err := json.Unmarshal(b, &tr); err != nil {
			t.Fatal(err)
		}
	} else {
		_ = json.Unmarshal(b, &e)
	}
	return resp.StatusCode, tr, e
}

func TestOAuthFlowUnderAPrefix(t *testing.T) {
	c := &clock{t: testNow}
	sb := New(WithClock(c.Now), WithOAuthClient("aula-demo", "s3cret"), WithRedirectURIs(testRedirects...))
	mux := http.NewServeMux()
	mux.Handle("/sandbox/", http.StripPrefix("/sandbox", sb))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	base := srv.URL + "/sandbox"
	redirect := "http://127.0.0.1:8080/auth/callback"

	// the stylesheet is served at the relative path
	resp, err := srv.Client().Get(base + "/oauth/sandbox.css")
	if err != nil || resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("stylesheet: %v %v", err, resp)
	}
	resp.Body.Close()

	code := authorize(t, srv.Client(), base, redirect, "st4te", PersonaTrainer, nil)
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "client_id": {"aula-demo"}, "client_secret": {"s3cret"}, "redirect_uri": {"http://evil.example/cb"}}
	if st, _, e := tokenCall(t, srv.Client(), base, form); st != 400 || e["error"] != "invalid_grant" {
		t.Fatalf("wrong redirect_uri: %d %v", st, e)
	}
	// the code was spent by the failed attempt
	form.Set("redirect_uri", redirect)
	if st, _, e := tokenCall(t, srv.Client(), base, form); st != 400 || e["error"] != "invalid_grant" {
		t.Fatalf("reused code: %d %v", st, e)
	}
	code = authorize(t, srv.Client(), base, redirect, "st4te", PersonaTrainer, nil)
	form.Set("code", code)
	form.Set("client_secret", "wrong")
	if st, _, e := tokenCall(t, srv.Client(), base, form); st != 401 || e["error"] != "invalid_client" {
		t.Fatalf("wrong secret: %d %v", st, e)
	}
	code = authorize(t, srv.Client(), base, redirect, "st4te", PersonaTrainer, nil)
	form.Set("code", code)
	form.Set("client_secret", "s3cret")
	st, tok, e := tokenCall(t, srv.Client(), base, form)
	if st != 200 || tok.AccessToken == "" || tok.RefreshToken == "" || tok.TokenType != "Bearer" || tok.ExpiresIn != 7200 || tok.CreatedAt != testNow.Unix() {
		t.Fatalf("exchange: %d %+v %v", st, tok, e)
	}
	call := func(access string) int {
		req, _ := http.NewRequest("GET", base+"/api/2026-04-01/resources/api_public/credentials", nil)
		req.Header.Set("Authorization", "Bearer "+access)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if call(tok.AccessToken) != 200 {
		t.Fatal("access token refused")
	}
	// refresh rotates: the new pair works, the old refresh token does not
	refresh := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken}, "client_id": {"aula-demo"}, "client_secret": {"s3cret"}}
	st, tok2, _ := tokenCall(t, srv.Client(), base, refresh)
	if st != 200 || tok2.RefreshToken == tok.RefreshToken || tok2.AccessToken == tok.AccessToken {
		t.Fatalf("refresh: %d %+v", st, tok2)
	}
	// the refreshed token keeps the scope granted at authorization (RFC 6749 §6)
	if tok.Scope != "read" || tok2.Scope != "read" {
		t.Fatalf("scope %q after the exchange, %q after a refresh; want read both times", tok.Scope, tok2.Scope)
	}
	if st, _, e := tokenCall(t, srv.Client(), base, refresh); st != 400 || e["error"] != "invalid_grant" {
		t.Fatalf("old refresh token reused: %d %v", st, e)
	}
	if call(tok2.AccessToken) != 200 {
		t.Fatal("refreshed access token refused")
	}
	// expiry is enforced
	c.Advance(2*time.Hour + time.Second)
	if call(tok2.AccessToken) != 401 {
		t.Fatal("expired access token accepted")
	}
	refresh.Set("refresh_token", tok2.RefreshToken)
	st, tok3, _ := tokenCall(t, srv.Client(), base, refresh)
	if st != 200 || call(tok3.AccessToken) != 200 {
		t.Fatalf("refresh after access expiry: %d", st)
	}
	c.Advance(8 * 24 * time.Hour)
	refresh.Set("refresh_token", tok3.RefreshToken)
	if st, _, _ := tokenCall(t, srv.Client(), base, refresh); st != 400 {
		t.Fatalf("expired refresh token: %d", st)
	}
	// authorization codes expire too
	code = authorize(t, srv.Client(), base, redirect, "x", PersonaEmployee, nil)
	c.Advance(11 * time.Minute)
	form.Set("code", code)
	if st, _, _ := tokenCall(t, srv.Client(), base, form); st != 400 {
		t.Fatalf("expired code: %d", st)
	}
}

func TestOAuthAuthorizeRejects(t *testing.T) {
	h := newHarness(t)
	get := func(q url.Values) (int, string) {
		resp, err := noFollow(h.srv.Client()).Get(h.srv.URL + "/oauth/authorize?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Location")
	}
	if st, _ := get(url.Values{"client_id": {"other"}, "redirect_uri": {"http://x/cb"}, "response_type": {"code"}}); st != 400 {
		t.Fatalf("unknown client: %d", st)
	}
	if st, _ := get(url.Values{"client_id": {"aula-demo"}, "redirect_uri": {"javascript:alert(1)"}, "response_type": {"code"}}); st != 400 {
		t.Fatalf("non-http redirect: %d", st)
	}
	if st, loc := get(url.Values{"client_id": {"aula-demo"}, "redirect_uri": {"https://x.example/cb"}, "response_type": {"token"}, "state": {"s"}}); st != 302 || !strings.Contains(loc, "error=unsupported_response_type") || !strings.Contains(loc, "state=s") {
		t.Fatalf("implicit flow: %d %s", st, loc)
	}
	resp, err := h.srv.Client().PostForm(h.srv.URL+"/oauth/authorize", url.Values{"client_id": {"aula-demo"}, "redirect_uri": {"https://x.example/cb"}, "response_type": {"code"}, "persona": {"root"}})
	if err != nil || resp.StatusCode != 400 {
		t.Fatalf("unknown persona: %v %d", err, resp.StatusCode)
	}
	resp.Body.Close()
}

// TestOAuthWithGolangOAuth2 uses golang.org/x/oauth2, a third-party client,
// with PKCE, against the sandbox.
func TestOAuthWithGolangOAuth2(t *testing.T) {
	h := newHarness(t)
	cfg := oauth2.Config{ClientID: "aula-demo", ClientSecret: "aula-demo-secret", RedirectURL: "http://localhost:9999/cb",
		Endpoint: oauth2.Endpoint{AuthURL: h.srv.URL + "/oauth/authorize", TokenURL: h.srv.URL + "/oauth/token"}, Scopes: []string{"read"}}
	verifier := oauth2.GenerateVerifier()
	u, _ := url.Parse(cfg.AuthCodeURL("abc", oauth2.S256ChallengeOption(verifier)))
	sum := sha256.Sum256([]byte(verifier))
	if u.Query().Get("code_challenge") != base64.RawURLEncoding.EncodeToString(sum[:]) {
		t.Fatal("unexpected challenge")
	}
	extra := url.Values{"code_challenge": {u.Query().Get("code_challenge")}, "code_challenge_method": {"S256"}}
	code := authorize(t, h.srv.Client(), h.srv.URL, cfg.RedirectURL, "abc", PersonaManager, extra)
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, h.srv.Client())
	// a wrong verifier is refused
	if _, err := cfg.Exchange(ctx, code, oauth2.VerifierOption("wrong-verifier-wrong-verifier-wrong-verifier")); err == nil {
		t.Fatal("wrong PKCE verifier accepted")
	}
	code = authorize(t, h.srv.Client(), h.srv.URL, cfg.RedirectURL, "abc", PersonaManager, extra)
	tok, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(err)
	}
	if tok.Expiry.IsZero() || tok.RefreshToken == "" {
		t.Fatalf("token %+v", tok)
	}
	client := cfg.Client(ctx, tok)
	resp, err := client.Get(h.srv.URL + apiBase + "api_public/credentials")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("API call with oauth2 client: %v %v", err, resp)
	}
	var env struct {
		Data []struct {
			Role string `json:"role"`
		} `json:"data"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&env)
	resp.Body.Close()
	if len(env.Data) != 1 || env.Data[0].Role != RoleManager {
		t.Fatalf("credentials %+v", env)
	}
	// refresh through the library (it uses HTTP Basic client authentication)
	tok.Expiry = time.Now().Add(-time.Minute)
	nt, err := cfg.TokenSource(ctx, tok).Token()
	if err != nil || nt.AccessToken == tok.AccessToken || nt.RefreshToken == tok.RefreshToken {
		t.Fatalf("refresh via x/oauth2: %v", err)
	}
}

// A code_challenge without code_challenge_method is "plain" (RFC 7636 §4.3):
// the verifier equal to the challenge is accepted, a different one refused.
func TestOAuthPKCEWithoutMethodIsPlain(t *testing.T) {
	h := newHarness(t)
	c := h.srv.Client()
	const redirect = "http://client.test/cb"
	const verifier = "plain-verifier-0123456789-0123456789-0123456789"
	form := func(code, v string) url.Values {
		return url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirect},
			"client_id": {"aula-demo"}, "client_secret": {"aula-demo-secret"}, "code_verifier": {v}}
	}
	code := authorize(t, c, h.srv.URL, redirect, "st1", PersonaEmployee, url.Values{"code_challenge": {verifier}})
	if st, tr, e := tokenCall(t, c, h.srv.URL, form(code, verifier)); st != 200 || tr.AccessToken == "" {
		t.Fatalf("plain verifier refused: %d %v", st, e)
	}
	code = authorize(t, c, h.srv.URL, redirect, "st2", PersonaEmployee, url.Values{"code_challenge": {verifier}})
	if st, _, e := tokenCall(t, c, h.srv.URL, form(code, "another-verifier-0123456789-0123456789-012345")); st != 400 || e["error"] != "invalid_grant" {
		t.Fatalf("wrong plain verifier: %d %v", st, e)
	}
}

// Tokens that expire unused do not pile up: once grants double, the expired
// ones are swept out, and the live ones still work.
func TestExpiredGrantsAreSweptOut(t *testing.T) {
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	s := New(WithClock(func() time.Time { return now }))
	for range 2000 {
		if _, _, err := s.IssueToken(PersonaTrainer); err != nil {
			t.Fatal(err)
		}
	}
	now = now.Add(RefreshTokenTTL + time.Minute)
	var live string
	for range 600 {
		live, _, _ = s.IssueToken(PersonaTrainer)
	}
	s.authMu.Lock()
	held := len(s.access) + len(s.refresh)
	s.authMu.Unlock()
	if held > 2*600 {
		t.Errorf("%d tokens held after 2000 expired and 600 live grants, want at most 1200", held)
	}
	r := httptest.NewRequest(http.MethodGet, "/api/x", nil)
	r.Header.Set("Authorization", "Bearer "+live)
	if _, _, ok := s.authenticate(r); !ok {
		t.Error("a live token was swept out")
	}
}
