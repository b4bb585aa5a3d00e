package handlers_test

import (
	"net/http"
	"testing"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
)

func TestHomeShowsEachRoleItsData(t *testing.T) {
	srv := apptest.Start(t)
	personas := map[string]*sandbox.Persona{}
	for _, p := range srv.Sandbox.Personas() {
		personas[p.Key] = &p
	}
	for _, tc := range []struct {
		persona, role, section string
		catalogueLinked        bool
	}{
		{sandbox.PersonaHRAdmin, "hr", "catalogue-counts", true},
		{sandbox.PersonaTrainer, "trainer", "today-sessions", false},
		{sandbox.PersonaManager, "manager", "overdue-memberships", false},
		{sandbox.PersonaEmployee, "employee", "my-trainings", false},
	} {
		t.Run(tc.persona, func(t *testing.T) {
			c := srv.SignIn(t, tc.persona)
			res := c.Get("/")
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET /: status %d\n%s", res.StatusCode, apptest.Body(res))
			}
			doc := apptest.Parse(t, res)
			if got := apptest.TestID(doc, "user-name").Text(); got != personas[tc.persona].Name {
				t.Errorf("user name %q, want %q", got, personas[tc.persona].Name)
			}
			if apptest.TestID(doc, "home-"+tc.role).Length() != 1 {
				t.Errorf("no home-%s section", tc.role)
			}
			if apptest.TestID(doc, tc.section).Length() != 1 {
				t.Errorf("no %s section", tc.section)
			}
			if linked := apptest.TestID(doc, "nav-trainings").Length() == 1; linked != tc.catalogueLinked {
				t.Errorf("catalogue in the navigation: %v, want %v (it is HR's screen)", linked, tc.catalogueLinked)
			}
			t.Logf("%s: %d sessions, %d memberships", tc.persona, apptest.TestID(doc, "session").Length(), apptest.TestID(doc, "membership").Length())
		})
	}
}
