// Package static embeds Aula's CSS, scripts and icons and serves them under
// content-hashed names, so browsers may cache them for a year and still see
// every change at once.
package static

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strings"
)

//go:embed css js vendor/*.js icons
var files embed.FS

// Prefix is where the files are served.
const Prefix = "/static/"

// Assets maps file names to their content-hashed URLs and serves them.
type Assets struct {
	urls  map[string]string // "css/app.css" → "/static/css/app.1a2b3c4d5e6f.css"
	files map[string]string // "css/app.1a2b3c4d5e6f.css" → "css/app.css"
}

// New hashes every embedded file once.
func New() (*Assets, error) {
	a := &Assets{urls: map[string]string{}, files: map[string]string{}}
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(p)
		hashed := strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:6]) + ext
		a.urls[p] = Prefix + hashed
		a.files[hashed] = p
		return nil
	})
	return a, err
}

// URL returns the cache-busting URL of an embedded file such as
// "css/app.css". An unknown name panics: it is a programming error caught by
// the first test that renders the page.
func (a *Assets) URL(name string) string {
	u, ok := a.urls[name]
	if !ok {
		panic("static: no embedded file " + name)
	}
	return u
}

// ServeHTTP serves a hashed file with a one-year immutable cache. Unhashed or
// stale names are not found, so a stale page never pairs with new files.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, ok := a.files[strings.TrimPrefix(r.URL.Path, Prefix)]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	http.ServeFileFS(w, r, files, name)
}

// URLs lists the content-hashed URLs of every file, sorted: what the
// service worker keeps for the attendance sheet to open offline.
func (a *Assets) URLs() []string {
	out := make([]string, 0, len(a.urls))
	for _, u := range a.urls {
		out = append(out, u)
	}
	slices.Sort(out)
	return out
}

// ServiceWorker serves the embedded script name (js/sw.js) at the site's
// root, so that its scope is the whole site, with the hashed URLs of every
// file in place of its "/*ASSETS*/[]" marker and no-cache, so a new release
// replaces the worker on the next visit. The worker comes from Aula's own
// origin: the CSP stays script-src 'self'.
func (a *Assets) ServiceWorker(name string) (http.Handler, error) {
	b, err := files.ReadFile(name)
	if err != nil {
		return nil, err
	}
	list, err := json.Marshal(a.URLs())
	if err != nil {
		return nil, err
	}
	body := bytes.Replace(b, []byte("/*ASSETS*/[]"), list, 1)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = w.Write(body)
	}), nil
}
