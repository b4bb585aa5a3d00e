package handlers_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/paths"
)

// The directory a team overview needs (Factorial lists no one's reports)
// is read once per user for a short while: a second overview reads no
// employees, another user reads their own, and the user's own write makes
// the next page read it again.
func TestDirectoryIsKeptPerUserUntilTheirWrite(t *testing.T) {
	srv := apptest.Start(t, apptest.WithLogLevel(8))
	hr := srv.SignIn(t, sandbox.PersonaHRAdmin)
	mgr := srv.SignIn(t, sandbox.PersonaManager)
	employeesRead := func(c *apptest.Client, path string) int {
		t.Helper()
		apiCalls(srv) // forget what came before
		res := c.Get(path)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", path, res.StatusCode)
		}
		return countCalls(apiCalls(srv), "GET employees/employees")
	}
	if n := employeesRead(hr, paths.Team); n == 0 {
		t.Fatal("the first overview read no directory")
	}
	if n := employeesRead(hr, paths.Team); n != 0 {
		t.Errorf("the second overview read the directory again (%d calls)", n)
	}
	if n := employeesRead(hr, paths.TeamOverdue); n != 0 {
		t.Errorf("the overdue list read the directory again (%d calls)", n)
	}
	if n := employeesRead(mgr, paths.Team); n == 0 {
		t.Error("the manager's overview read no directory: it came from HR's entry")
	}
	res := hr.Post(paths.Categories, url.Values{"name": {"Directory test"}})
	res.Body.Close()
	var made factorial.ID
	for _, c := range srv.Sandbox.Snapshot().Categories {
		if c.Name == "Directory test" {
			made = c.ID
		}
	}
	if res.StatusCode != http.StatusSeeOther || made == 0 {
		t.Fatalf("new category: status %d, id %s", res.StatusCode, made)
	}
	if n := employeesRead(hr, paths.Team); n != 0 {
		t.Errorf("a write that changes no one's view dropped the directory (%d calls)", n)
	}
	res = hr.Post(paths.CategoryDelete(made), url.Values{"confirmed": {"yes"}}) // a write that drops the user's kept reads
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete category: status %d", res.StatusCode)
	}
	if n := employeesRead(hr, paths.Team); n == 0 {
		t.Error("after HR's own write the overview still used the kept directory")
	}
}
