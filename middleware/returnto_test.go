package middleware

import (
	"net/url"
	"strings"
	"testing"
)

func TestSafeReturnTo(t *testing.T) {
	for in, want := range map[string]string{
		"":                              "/",
		"/":                             "/",
		"/trainings?page=2":             "/trainings?page=2",
		"/trainings/7#costs":            "/trainings/7",
		"//evil.example":                "/",
		"///evil.example":               "/",
		"/\\evil.example":               "/",
		"\\/evil.example":               "/",
		"https://evil.example":          "/",
		"http:/evil.example":            "/",
		"javascript:alert(1)":           "/",
		"/%2F%2Fevil.example":           "/",
		"/%5Cevil.example":              "/",
		"/\t/evil.example":              "/",
		"/a\nb":                         "/",
		"evil.example":                  "/",
		"/login":                        "/",
		"/login?return_to=/x":           "/",
		"/auth/callback?code=1":         "/",
		"/sandbox/oauth/x":              "/",
		"/logout":                       "/",
		"/" + strings.Repeat("a", 3000): "/",
	} {
		if got := SafeReturnTo(in); got != want {
			t.Errorf("SafeReturnTo(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzSafeReturnTo: whatever comes in, the result is a path on this host
// that a browser resolves against Aula's origin.
func FuzzSafeReturnTo(f *testing.F) {
	for _, s := range []string{"/", "//x", "/\\x", "https://x", "/%2f%2fx", "/a?b=c#d", "/\x00", " /x"} {
		f.Add(s)
	}
	base, _ := url.Parse("https://aula.example/")
	f.Fuzz(func(t *testing.T, s string) {
		got := SafeReturnTo(s)
		if got == "" || got[0] != '/' || strings.HasPrefix(got, "//") || strings.ContainsAny(got, "\\\x00\r\n\t") {
			t.Fatalf("SafeReturnTo(%q) = %q", s, got)
		}
		u, err := base.Parse(got)
		if err != nil || u.Host != "aula.example" || u.Scheme != "https" {
			t.Fatalf("SafeReturnTo(%q) = %q resolves to %v", s, got, u)
		}
	})
}
