package handlers

import (
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/paths"
	mw "github.com/aula-hr/aula/middleware"
	"github.com/aula-hr/aula/views/layout"
)

// navEntry is one screen of the main navigation and the action it serves:
// a person sees the entry when Actor.Can allows that action. Add a screen
// here when its routes land in routes.go; screens not built yet are not
// linked.
type navEntry struct {
	Label  string // an i18n key
	Href   string
	TestID string
	Needs  *Action // nil: everyone signed in
}

func needs(a Action) *Action { return &a }

var navEntries = []navEntry{
	{Label: "Home", Href: paths.Home, TestID: "nav-home"},
	{Label: "Trainings", Href: paths.Trainings, TestID: "nav-trainings", Needs: needs(ReadCatalogue)},
	{Label: "Team overview", Href: paths.Team, TestID: "nav-team", Needs: needs(ReviewTeam)},
	{Label: "Overdue trainings", Href: paths.TeamOverdue, TestID: "nav-overdue", Needs: needs(ReviewOverdue)},
	{Label: "Calendar", Href: paths.Calendar, TestID: "nav-calendar", Needs: needs(ReadCalendar)},
	{Label: "Attendance", Href: paths.Attendance, TestID: "nav-attendance", Needs: needs(OpenAttendance)},
}

// Nav is the navigation for one person on the current page.
func Nav(c echo.Context, u *mw.CurrentUser) []layout.NavItem {
	path := c.Request().URL.Path
	who := Actor{Role: u.Role, EmployeeID: u.EmployeeID}
	ctx := c.Request().Context()
	var items []layout.NavItem
	current := -1 // the entry whose address is the longest start of path
	for _, e := range navEntries {
		if e.Needs != nil && !who.Can(*e.Needs, Subject{}) {
			continue
		}
		if path == e.Href || e.Href != "/" && strings.HasPrefix(path, e.Href+"/") {
			if current < 0 || len(e.Href) > len(items[current].Href) {
				current = len(items)
			}
		}
		items = append(items, layout.NavItem{Label: i18n.T(ctx, e.Label), Href: e.Href, TestID: e.TestID})
	}
	if current >= 0 {
		items[current].Current = true
	}
	return items
}
