// Package layout is the page frame every screen lives in: head, demo banner,
// role-aware navigation, flash messages and the main region.
package layout

import "context"

// Frame is what the base layout needs besides the page body. The render
// helper in handlers builds it once per request and puts it in the context,
// so components deep in a page can reach the CSRF token.
type Frame struct {
	Title      string
	User       *User // nil when signed out
	Nav        []NavItem
	CSRFToken  string
	Flashes    []Flash
	Demo       bool
	Assets     Assets
	HTMXConfig string // JSON for <meta name="htmx-config">
	RequestID  string
	// Path is the page shown (path and query), where the language
	// switcher brings the person back to.
	Path string
}

// User is the signed-in person as the frame shows them.
type User struct {
	Name      string
	RoleLabel string
	// Owner is the opaque id under which the attendance sheet keeps this
	// person's waiting marks on the device (attendance.Owner): the
	// sign-out form counts them, on every page, to warn before they are
	// deleted.
	Owner string
}

// NavItem is one entry of the main navigation.
type NavItem struct {
	Label   string
	Href    string
	Current bool
	TestID  string
}

// Flash is a one-time message shown at the top of the next page.
type Flash struct {
	Kind    string // success | info | error
	Message string
}

// Assets are the content-hashed URLs of the static files the frame links.
type Assets struct {
	CSS, HTMX, AppJS, Icon string
	AttendanceJS           string // the attendance sheet's offline queue
	AttendanceCSS          string // the sheet's styles and its paper copy
	CalendarCSS            string // the calendar's grid, entries and modality colours
}

type frameKey struct{}

// WithFrame stores the frame in ctx for the components of this request.
func WithFrame(ctx context.Context, f *Frame) context.Context {
	return context.WithValue(ctx, frameKey{}, f)
}

// FrameFrom returns the request's frame, or an empty one.
func FrameFrom(ctx context.Context) *Frame {
	if f, ok := ctx.Value(frameKey{}).(*Frame); ok {
		return f
	}
	return &Frame{}
}

// CSRFToken returns the token forms must send back in the _csrf field.
func CSRFToken(ctx context.Context) string { return FrameFrom(ctx).CSRFToken }
