package middleware

import "github.com/labstack/echo/v4"

// IsHTMX reports whether htmx made the request.
func IsHTMX(c echo.Context) bool { return c.Request().Header.Get("HX-Request") == "true" }

// WantsFragment is the one rule for full page versus fragment: an htmx
// request that is not a boosted navigation gets only the fragment.
func WantsFragment(c echo.Context) bool {
	return IsHTMX(c) && c.Request().Header.Get("HX-Boosted") != "true"
}
