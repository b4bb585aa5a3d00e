package app_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aula-hr/aula/internal/apptest"
	mw "github.com/aula-hr/aula/middleware"
)

// In demo mode the sandbox's persona picker is on Aula's origin and follows
// Aula's choice of language: the language cookie first, then
// Accept-Language, then English.
func TestDemoPickerSpeaksAulasLanguage(t *testing.T) {
	srv := apptest.Start(t)
	picker := func(c *apptest.Client, header http.Header) string {
		t.Helper()
		res := c.Do(http.MethodGet, "/auth/start", nil, header)
		for i := 0; i < 3 && res.StatusCode/100 == 3; i++ {
			res = c.Do(http.MethodGet, res.Header.Get("Location"), nil, header)
		}
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("picker: status %d", res.StatusCode)
		}
		return string(b)
	}
	for _, tc := range []struct {
		name, cookie, accept, lang, text string
	}{
		{"Accept-Language es", "", "es-ES,es;q=0.9,en;q=0.5", "es", "Elige quién eres en la demo"},
		{"cookie over Accept-Language", "es", "en-GB", "es", "Elige quién eres en la demo"},
		{"cookie en over Accept-Language es", "en", "es", "en", "Choose who you are in the demo"},
		{"nothing said", "", "", "en", "Choose who you are in the demo"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := srv.NewClient(t)
			h := http.Header{}
			if tc.accept != "" {
				h.Set("Accept-Language", tc.accept)
			}
			if tc.cookie != "" {
				h.Set("Cookie", mw.LocaleCookie+"="+tc.cookie)
			}
			page := picker(c, h)
			if !strings.Contains(page, `<html lang="`+tc.lang+`">`) || !strings.Contains(page, tc.text) {
				t.Errorf("picker not in %s: %.300s", tc.lang, page)
			}
		})
	}
}
