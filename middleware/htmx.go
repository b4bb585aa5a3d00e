package middleware

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"
)

// The htmx headers Aula reads and writes; no other code spells them.
const (
	hxRequest        = "HX-Request"
	hxBoosted        = "HX-Boosted"
	hxHistoryRestore = "HX-History-Restore-Request"
	hxTarget         = "HX-Target"
	hxCurrentURL     = "HX-Current-URL"
	hxRedirect       = "HX-Redirect"
	hxPushURL        = "HX-Push-Url"
	hxRetarget       = "HX-Retarget"
	hxReswap         = "HX-Reswap"
)

// HTMX is what htmx said about a request, read once per request.
type HTMX struct {
	Request        bool   // htmx made the request
	Boosted        bool   // a boosted link or form: a navigation
	HistoryRestore bool   // the back button with htmx's history cache off
	Target         string // the id of the element htmx will swap
	// CurrentURL is the path and query, inside Aula, of the page the
	// request came from; "" when htmx did not name one.
	CurrentURL string
}

const htmxKey = "aula.htmx"

// HX returns the htmx facts of c's request.
func HX(c echo.Context) HTMX {
	if h, ok := c.Get(htmxKey).(HTMX); ok {
		return h
	}
	h := htmxOf(c.Request().Header)
	c.Set(htmxKey, h)
	return h
}

func htmxOf(hd http.Header) HTMX {
	h := HTMX{
		Request:        hd.Get(hxRequest) == "true",
		Boosted:        hd.Get(hxBoosted) == "true",
		HistoryRestore: hd.Get(hxHistoryRestore) == "true",
		Target:         hd.Get(hxTarget),
	}
	if u, err := url.Parse(hd.Get(hxCurrentURL)); err == nil && u.Path != "" {
		h.CurrentURL = SafeReturnTo(u.RequestURI())
	}
	return h
}

// IsHTMX reports whether htmx made the request.
func IsHTMX(c echo.Context) bool { return HX(c).Request }

// WantsFragment is the one rule for full page versus fragment: an htmx
// request that is not a boosted navigation gets only the fragment. A history
// restore (the back button with htmx's history cache off) swaps the whole
// body, so it gets the full page.
func WantsFragment(c echo.Context) bool {
	h := HX(c)
	return h.Request && !h.Boosted && !h.HistoryRestore
}

// WantsPart reports whether htmx asked for the element with id target only
// (filters, paging, tabs, a row), rather than the page.
func WantsPart(c echo.Context, target string) bool {
	return WantsFragment(c) && HX(c).Target == target
}

// VaryOnHTMX marks a response as depending on whether htmx asked for it.
func VaryOnHTMX(c echo.Context) { c.Response().Header().Add(echo.HeaderVary, hxRequest) }

// HXRedirect tells htmx to load to as a whole page (a 3xx would be
// followed by htmx and swapped into the target).
func HXRedirect(c echo.Context, to string) { c.Response().Header().Set(hxRedirect, to) }

// HXPushURL puts u in the address bar as a new history entry.
func HXPushURL(c echo.Context, u string) { c.Response().Header().Set(hxPushURL, u) }

// HXRetarget swaps the answer into selector, the way swap says, instead of
// the element the request named.
func HXRetarget(c echo.Context, selector, swap string) {
	h := c.Response().Header()
	h.Set(hxRetarget, selector)
	h.Set(hxReswap, swap)
}
