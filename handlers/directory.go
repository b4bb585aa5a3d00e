package handlers

import (
	"context"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/usercache"
)

// The company's directory, read whole because Factorial cannot list a
// manager's reports (employees have no manager filter), is kept per user
// for directoryTTL (no write of Aula changes it): the team overview and
// the overdue lists then cost two round trips fewer (25 pages of 2,500
// people are page 1, then the rest). Each user's entry is what Factorial
// showed that user.
const (
	directoryTTL = 45 * time.Second
	directoryMax = 200_000 // people held across users
)

type employeeLister interface {
	All(ctx context.Context, opts *factorial.EmployeeListOptions) ([]factorial.Employee, error)
}

// directory reads employees for one user: the unfiltered list from the
// user's cache, any filtered one from Factorial. The slices it returns are
// shared: read them, never modify them.
type directory struct {
	h   *Handlers
	key string
	employeeLister
}

// newDirectory is the per-user cache of the directory.
func newDirectory() *usercache.Cache[factorial.Employee] {
	return usercache.New[factorial.Employee](directoryTTL, directoryMax)
}

// employeesOf is c's user's directory over cl.
func (h *Handlers) employeesOf(c echo.Context, cl *factorial.Client) directory {
	return directory{h: h, key: cacheKey(c), employeeLister: cl.Employees}
}

func (d directory) All(ctx context.Context, opts *factorial.EmployeeListOptions) ([]factorial.Employee, error) {
	if d.h.directory == nil || d.key == "" || !unfiltered(opts) {
		return d.employeeLister.All(ctx, opts)
	}
	es, _, err := d.h.directory.Get(ctx, d.key, func(ctx context.Context) ([]factorial.Employee, error) {
		return d.employeeLister.All(ctx, &factorial.EmployeeListOptions{})
	})
	return es, err
}

func unfiltered(o *factorial.EmployeeListOptions) bool {
	return o == nil || len(o.IDs) == 0 && len(o.AccessIDs) == 0 && len(o.TeamIDs) == 0 && o.FullTextName == "" &&
		o.OnlyActive == nil && o.OnlyManagers == nil && o.ListOptions == (factorial.ListOptions{})
}
