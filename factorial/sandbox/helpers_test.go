package sandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const apiBase = "/api/2026-04-01/resources/"

// testNow is a fixed Wednesday morning; the data is anchored on it.
var testNow = time.Date(2026, 11, 25, 10, 30, 0, 0, time.UTC)

// testRedirects are the redirect URIs the tests' OAuth2 client registers.
var testRedirects = []string{"http://127.0.0.1:8080/auth/callback", "http://localhost:9999/cb", "http://client.test/cb", "https://x.example/cb"}

// clock is a settable clock for tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type harness struct {
	t     *testing.T
	sb    *Sandbox
	srv   *httptest.Server
	clock *clock
	tok   map[string]string
}

func newHarness(t *testing.T, opts ...Option) *harness {
	t.Helper()
	c := &clock{t: testNow}
	sb := New(append([]Option{WithClock(c.Now), WithRedirectURIs(testRedirects...)}, opts...)...)
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	h := &harness{t: t, sb: sb, srv: srv, clock: c, tok: map[string]string{}}
	for _, p := range sb.Personas() {
		a, _, err := sb.IssueToken(p.Key)
		if err != nil {
			t.Fatal(err)
		}
		h.tok[p.Key] = a
	}
	return h
}

// do sends a request as who: "key" for the API key, a persona key, or "" for none.
func (h *harness) do(who, method, path string, body any) (int, []byte, http.Header) {
	h.t.Helper()
	var rd io.Reader
	if body != nil {
		if s, ok := body.(string); ok {
			rd = strings.NewReader(s)
		} else {
			b, err := json.Marshal(body)
			if err != nil {
				h.t.Fatal(err)
			}
			rd = bytes.NewReader(b)
		}
	}
	if !strings.HasPrefix(path, "/") {
		path = apiBase + path
	}
	req, err := http.NewRequest(method, h.srv.URL+path, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	switch who {
	case "":
	case "key":
		req.Header.Set("x-api-key", h.sb.APIKey())
	default:
		req.Header.Set("Authorization", "Bearer "+h.tok[who])
	}
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return resp.StatusCode, b, resp.Header
}

// ok sends a request and fails unless the status is want; it decodes into out.
func (h *harness) ok(who, method, path string, body any, want int, out any) {
	h.t.Helper()
	st, b, _ := h.do(who, method, path, body)
	if st != want {
		h.t.Fatalf("%s %s as %q: status %d, want %d: %s", method, path, who, st, want, short(b))
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			h.t.Fatalf("%s %s: decode: %v: %s", method, path, err, b)
		}
	}
}

// fails sends a request and checks the status and the error body.
func (h *harness) fails(who, method, path string, body any, want int) ErrorBody {
	h.t.Helper()
	st, b, _ := h.do(who, method, path, body)
	if st != want {
		h.t.Fatalf("%s %s as %q: status %d, want %d: %s", method, path, who, st, want, short(b))
	}
	var e ErrorBody
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
		h.t.Fatalf("%s %s: error body %s is not {\"error\":{\"code\",\"message\"}}: %v", method, path, b, err)
	}
	if e.Error.Code != errorCode(want) {
		h.t.Fatalf("%s %s: error code %q, want %q", method, path, e.Error.Code, errorCode(want))
	}
	return e
}

// all walks every page of a list with offset paging and returns the records.
func all[T any](h *harness, who, path string, limit int) ([]T, Meta) {
	h.t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	var out []T
	var first Meta
	for page := 1; page < 10000; page++ {
		var env List[T]
		h.ok(who, "GET", path+sep+"page="+strconv.Itoa(page)+"&limit="+strconv.Itoa(limit), nil, 200, &env)
		if page == 1 {
			first = env.Meta
		}
		if env.Meta.Total != first.Total {
			h.t.Fatalf("%s: total changed from %d to %d", path, first.Total, env.Meta.Total)
		}
		out = append(out, env.Data...)
		if !env.Meta.HasNextPage {
			break
		}
	}
	return out, first
}

func short(b []byte) string {
	if len(b) > 400 {
		return string(b[:400]) + "…"
	}
	return string(b)
}
