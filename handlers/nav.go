package handlers

import (
	"github.com/aula-hr/aula/internal/paths"
	"strings"

	"github.com/labstack/echo/v4"

	mw "github.com/aula-hr/aula/middleware"
	"github.com/aula-hr/aula/views/layout"
)

// navEntry is one screen of the main navigation and who may see it. Add a
// screen here when its routes land in routes.go; screens not built yet are
// not linked.
type navEntry struct {
	Label  string
	Href   string
	TestID string
	Roles  []mw.Role // empty: everyone
}

var navEntries = []navEntry{
	{Label: "Home", Href: paths.Home, TestID: "nav-home"},
	// The catalogue is HR's screen; Factorial still decides what anyone who
	// opens /trainings may read or change.
	{Label: "Trainings", Href: paths.Trainings, TestID: "nav-trainings", Roles: []mw.Role{mw.RoleHR}},
}

// Nav is the navigation for one person on the current page.
func Nav(c echo.Context, u *mw.CurrentUser) []layout.NavItem {
	path := c.Request().URL.Path
	var items []layout.NavItem
	for _, e := range navEntries {
		if !allowed(e.Roles, u.Role) {
			continue
		}
		current := path == e.Href || e.Href != "/" && strings.HasPrefix(path, e.Href+"/")
		items = append(items, layout.NavItem{Label: e.Label, Href: e.Href, TestID: e.TestID, Current: current})
	}
	return items
}

func allowed(roles []mw.Role, r mw.Role) bool {
	if len(roles) == 0 {
		return true
	}
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}
