package handlers

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/aula-hr/aula/internal/attendance"
	mw "github.com/aula-hr/aula/middleware"
	"github.com/aula-hr/aula/views/layout"
)

// HTMXConfigFor is htmx's configuration, read from <meta name="htmx-config">:
// no eval, no script tags in swapped content, only same-origin requests, no
// history snapshots (they would keep personal data in sessionStorage), our
// own indicator CSS (CSP), error responses swapped so the error fragment
// reaches the flash region, and a request timeout longer than Aula's own,
// so Aula's page saying what happened arrives before htmx gives up silently.
func HTMXConfigFor(requestTimeout time.Duration) string {
	return `{"allowEval":false,"allowScriptTags":false,"selfRequestsOnly":true,` +
		`"historyCacheSize":0,"includeIndicatorStyles":false,` +
		`"timeout":` + strconv.FormatInt((requestTimeout+10*time.Second).Milliseconds(), 10) + `,` +
		`"responseHandling":[{"code":"204","swap":false},{"code":"[23]..","swap":true},` +
		`{"code":"[45]..","swap":true,"error":true},{"code":"...","swap":false}]}`
}

// Renderer is the one place that writes HTML: it renders into a buffer
// first (a render error never leaves half a page) and decides between the
// full page and the fragment by one rule (middleware.WantsFragment).
type Renderer struct {
	Demo       bool
	Assets     layout.Assets
	HTMXConfig string // HTMXConfigFor(the request timeout)
	Flashes    *mw.Flashes
	Nav        func(c echo.Context, u *mw.CurrentUser) []layout.NavItem
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Page answers with body inside the base layout, or with body alone when
// htmx asks for a fragment.
func (rd *Renderer) Page(c echo.Context, status int, title string, body templ.Component) error {
	f := rd.frame(c, title)
	if mw.WantsFragment(c) {
		return rd.write(c, status, f, body)
	}
	return rd.write(c, status, f, layout.Base(f, body))
}

// Fragment answers with the component alone, whatever the request: for
// pieces that only htmx asks for (a table body, a row).
func (rd *Renderer) Fragment(c echo.Context, status int, comp templ.Component) error {
	return rd.write(c, status, rd.frame(c, ""), comp)
}

func (rd *Renderer) frame(c echo.Context, title string) *layout.Frame {
	f := &layout.Frame{
		Title:      title,
		CSRFToken:  mw.CSRFToken(c),
		Demo:       rd.Demo,
		Assets:     rd.Assets,
		HTMXConfig: rd.HTMXConfig,
		RequestID:  mw.RequestID(c),
		Path:       shownPage(c),
	}
	if u := mw.User(c); u != nil {
		f.User = &layout.User{Name: u.Name, RoleLabel: u.Role.Label(c.Request().Context()), Owner: attendance.Owner(u.CompanyID, u.EmployeeID, u.LoginID)}
		if rd.Nav != nil {
			f.Nav = rd.Nav(c, u)
		}
	}
	if rd.Flashes != nil {
		for _, fl := range rd.Flashes.Take(c) {
			f.Flashes = append(f.Flashes, layout.Flash{Kind: fl.Kind, Message: fl.Message})
		}
	}
	return f
}

func (rd *Renderer) write(c echo.Context, status int, f *layout.Frame, comp templ.Component) error {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	// Rendering is in memory: it must finish even when the request's
	// deadline has passed (the error page of a timeout).
	ctx := layout.WithFrame(context.WithoutCancel(c.Request().Context()), f)
	if err := comp.Render(ctx, buf); err != nil {
		return err
	}
	mw.VaryOnHTMX(c)
	return c.HTMLBlob(status, buf.Bytes())
}

// Redirect sends the browser to a path inside Aula after a form post: a 303
// for a normal request, HX-Redirect for htmx (a 3xx would be followed by
// htmx and swapped into the target).
func Redirect(c echo.Context, to string) error {
	if mw.IsHTMX(c) {
		mw.HXRedirect(c, to)
		return c.NoContent(http.StatusNoContent)
	}
	return c.Redirect(http.StatusSeeOther, to)
}

// currentPath is the page the person is on, for return_to and retry.
func currentPath(c echo.Context) string {
	r := c.Request()
	if mw.IsHTMX(c) {
		// htmx requests a fragment URL; the page the person sees is this one.
		if cur := mw.HX(c).CurrentURL; cur != "" {
			return cur
		}
	}
	if ref := r.Referer(); ref != "" && r.Method != http.MethodGet && r.Method != http.MethodHead {
		// A form was posted from the page the browser names in Referer
		// (Referrer-Policy: same-origin); the address posted to may have no page.
		return pathOf(ref)
	}
	return mw.SafeReturnTo(r.URL.RequestURI())
}

// pathOf is the path and query of an absolute URL inside Aula, or "/".
func pathOf(abs string) string {
	if i := strings.Index(abs, "://"); i >= 0 {
		if j := strings.IndexByte(abs[i+3:], '/'); j >= 0 {
			return mw.SafeReturnTo(abs[i+3+j:])
		}
	}
	return "/"
}
