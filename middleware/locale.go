package middleware

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/aula-hr/aula/internal/i18n"
)

// UserLanguage returns the language Factorial states for the signed-in
// person ("es", "en_GB"), or "" when it does not say. Neither the login
// record nor the API reference carries one today; the hook is where it goes.
type UserLanguage func(c echo.Context) string

// Locales chooses each request's language and remembers a person's own
// choice in a cookie. The cookie holds only "en" or "es": it is not signed,
// since a planted value can do no more than the switcher itself.
type Locales struct {
	name   string
	secure bool
	user   UserLanguage
}

// LocaleCookie is the name of the language cookie; under HTTPS it is
// "__Host-aula_lang", like Aula's other cookies.
const LocaleCookie = "aula_lang"

// localeMaxAge keeps a choice for a year.
const localeMaxAge = 365 * 24 * 60 * 60

// NewLocales reads Factorial's language with user, which may be nil.
func NewLocales(secure bool, user UserLanguage) *Locales {
	name := LocaleCookie
	if secure {
		name = "__Host-" + LocaleCookie
	}
	return &Locales{name: name, secure: secure, user: user}
}

// Middleware puts the request's locale in its context (i18n.From), so
// handlers, the error handler and every templ component read it. The order
// is i18n.Choose's: the person's choice, Factorial's language for the user,
// Accept-Language, English. Installed after Auth, so user can see who is
// signed in.
func (l *Locales) Middleware() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			userLang := ""
			if l.user != nil {
				userLang = l.user(c)
			}
			setLocale(c, l.choose(c.Request(), userLang))
			c.Response().Header().Add(echo.HeaderVary, "Accept-Language")
			return next(c)
		}
	}
}

// choose applies i18n.Choose to r: its language cookie, userLang, its
// Accept-Language.
func (l *Locales) choose(r *http.Request, userLang string) i18n.Locale {
	choice := ""
	if ck, err := r.Cookie(l.name); err == nil {
		choice = ck.Value
	}
	return i18n.Choose(choice, userLang, r.Header.Get("Accept-Language"))
}

// Of is the language of a request outside Aula's pages, served on Aula's
// origin without a signed-in person (the demo's persona picker): the
// person's choice in the cookie, then Accept-Language, then English.
func (l *Locales) Of(r *http.Request) i18n.Locale { return l.choose(r, "") }

// Choose remembers the language a person picked, as the switcher's form
// sends it ("en" or "es", nothing else), and makes it this request's
// locale, so the page or flash that answers is already in it. ok is false,
// and nothing changes, for any other value.
func (l *Locales) Choose(c echo.Context, value string) (_ i18n.Locale, ok bool) {
	loc, ok := i18n.Parse(value)
	if !ok {
		return i18n.From(c.Request().Context()), false
	}
	c.SetCookie(&http.Cookie{
		Name: l.name, Value: loc.String(), Path: "/", MaxAge: localeMaxAge,
		HttpOnly: true, Secure: l.secure, SameSite: http.SameSiteLaxMode,
	})
	setLocale(c, loc)
	return loc, true
}

func setLocale(c echo.Context, loc i18n.Locale) {
	c.SetRequest(c.Request().WithContext(i18n.WithLocale(c.Request().Context(), loc)))
}
