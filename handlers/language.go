package handlers

import (
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/paths"
	mw "github.com/aula-hr/aula/middleware"
)

// Language stores the language chosen in the header's switcher (the
// language cookie, signed in or not: Factorial's API states no language for
// a user, so the cookie is where the choice is remembered) and sends the
// person back to the page they were on, now in that language. Any value
// other than "en" or "es" (the form sends no other) is refused, changing
// nothing.
func (h *Handlers) Language(c echo.Context) error {
	back := languageReturn(c.FormValue("back"))
	if _, ok := h.Locales.Choose(c, c.FormValue("lang")); !ok {
		return echo.ErrBadRequest
	}
	h.flash(c, "success", i18n.T(c.Request().Context(), "Language saved."))
	return Redirect(c, back)
}

// languageReturn is the page to go back to after a switch: a path inside
// Aula (mw.SafeReturnTo: no other origin, no scheme, no "//host"), or home.
// The sign-in page is a page too: a signed-out person switching there
// stays there, with where it leads after.
func languageReturn(v string) string {
	if u, err := url.Parse(v); err == nil && u.Scheme == "" && u.Host == "" && u.Opaque == "" && u.User == nil && u.Path == paths.Login {
		return mw.LoginURL(mw.SafeReturnTo(u.Query().Get("return_to")))
	}
	return mw.SafeReturnTo(v)
}

// shownPage is the page the switcher of this page returns to: the current
// page (currentPath), and on the sign-in page, shown or posted back with an
// error, the sign-in page with where it leads after.
func shownPage(c echo.Context) string {
	if c.Request().URL.Path == paths.Login {
		return mw.LoginURL(mw.SafeReturnTo(c.FormValue("return_to")))
	}
	return currentPath(c)
}
