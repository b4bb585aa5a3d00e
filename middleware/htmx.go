package middleware

import "github.com/labstack/echo/v4"

// IsHTMX reports whether htmx made the request.
func IsHTMX(c echo.Context) bool { return c.Request().Header.Get("HX-Request") == "true" }

// WantsFragment is the one rule for full page versus fragment: an htmx
// request that is not a boosted navigation gets only the fragment. A history
// restore (the back button with htmx's history cache off) swaps the whole
// body, so it gets the full page.
func WantsFragment(c echo.Context) bool {
	h := c.Request().Header
	return IsHTMX(c) && h.Get("HX-Boosted") != "true" && h.Get("HX-History-Restore-Request") != "true"
}
