package middleware

import (
	"net/http"

	"github.com/gorilla/securecookie"
	"github.com/labstack/echo/v4"
)

// Flash is a one-time message for the next page.
type Flash struct {
	Kind    string `json:"k"` // success | info | error
	Message string `json:"m"`
}

// Flashes keeps one-time messages in a short signed and encrypted cookie,
// not in the session: the session holds only the login id, and a message
// must survive sign-out ("You are signed out").
type Flashes struct {
	codec  *securecookie.SecureCookie
	name   string
	secure bool
}

// NewFlashes derives its cookie keys from the app's secret.
func NewFlashes(hashKey, blockKey []byte, secure bool) *Flashes {
	sc := securecookie.New(hashKey, blockKey).MaxAge(300)
	sc.SetSerializer(securecookie.JSONEncoder{})
	name := "aula_flash"
	if secure {
		name = "__Host-aula_flash"
	}
	return &Flashes{codec: sc, name: name, secure: secure}
}

const pendingFlashKey = "aula.flash.pending"

// Add queues a message for the next page this browser shows.
func (f *Flashes) Add(c echo.Context, kind, message string) {
	list, _ := c.Get(pendingFlashKey).([]Flash)
	list = append(list, Flash{Kind: kind, Message: message})
	c.Set(pendingFlashKey, list)
	v, err := f.codec.Encode(f.name, list)
	if err != nil {
		return
	}
	c.SetCookie(f.cookie(v, 300))
}

// Take returns and clears the messages waiting for this browser, including
// those added during this request.
func (f *Flashes) Take(c echo.Context) []Flash {
	var list []Flash
	if ck, err := c.Cookie(f.name); err == nil {
		if f.codec.Decode(f.name, ck.Value, &list) == nil {
			c.SetCookie(f.cookie("", -1))
		}
	}
	if pending, ok := c.Get(pendingFlashKey).([]Flash); ok {
		list = pending // the cookie set in this request already holds them
		c.SetCookie(f.cookie("", -1))
		c.Set(pendingFlashKey, nil)
	}
	return list
}

func (f *Flashes) cookie(v string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: f.name, Value: v, Path: "/", MaxAge: maxAge, HttpOnly: true, Secure: f.secure, SameSite: http.SameSiteLaxMode}
}
