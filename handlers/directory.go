package handlers

import (
	"context"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/training"
	"github.com/aula-hr/aula/internal/usercache"
	mw "github.com/aula-hr/aula/middleware"
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
	h       *Handlers
	key     string
	company factorial.ID
	employeeLister
}

// newDirectory is the per-user cache of the directory.
func newDirectory() *usercache.Cache[factorial.Employee] {
	return usercache.New[factorial.Employee](directoryTTL, directoryMax)
}

// pageHints remember, per company and list, how many pages a whole list
// last had: a person's first read of it asks for them all at once (one
// round trip, not page 1 and then the rest). Only a number of requests to
// send at once: no one's data.
type pageHints struct {
	mu    sync.Mutex
	pages map[string]int
}

func hintKey(company factorial.ID, list string) string { return company.String() + "/" + list }

func (p *pageHints) get(company factorial.ID, list string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.pages[hintKey(company, list)]
}

func (p *pageHints) set(company factorial.ID, list string, records int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pages == nil {
		p.pages = map[string]int{}
	}
	p.pages[hintKey(company, list)] = (records + training.PageSize - 1) / training.PageSize
}

// readHinted reads a whole list with the page count it last had for company.
func readHinted[T any](ctx context.Context, p *pageHints, company factorial.ID, list string, read func(context.Context) ([]T, error)) ([]T, error) {
	if n := p.get(company, list); n > 1 {
		ctx = factorial.WithPrefetchHint(ctx, n)
	}
	out, err := read(ctx)
	if err == nil {
		p.set(company, list, len(out))
	}
	return out, err
}

// employeesOf is c's user's directory over cl.
func (h *Handlers) employeesOf(c echo.Context, cl *factorial.Client) directory {
	d := directory{h: h, key: cacheKey(c), employeeLister: cl.Employees}
	if u := mw.User(c); u != nil {
		d.company = u.CompanyID
	}
	return d
}

func (d directory) All(ctx context.Context, opts *factorial.EmployeeListOptions) ([]factorial.Employee, error) {
	if d.h.directory == nil || d.key == "" || !unfiltered(opts) {
		return d.employeeLister.All(ctx, opts)
	}
	es, _, err := d.h.directory.Get(ctx, d.key, func(ctx context.Context) ([]factorial.Employee, error) {
		return readHinted(ctx, &d.h.pages, d.company, "employees", func(ctx context.Context) ([]factorial.Employee, error) {
			return d.employeeLister.All(ctx, &factorial.EmployeeListOptions{})
		})
	})
	return es, err
}

func unfiltered(o *factorial.EmployeeListOptions) bool {
	return o == nil || len(o.IDs) == 0 && len(o.AccessIDs) == 0 && len(o.TeamIDs) == 0 && o.FullTextName == "" &&
		o.OnlyActive == nil && o.OnlyManagers == nil && o.ListOptions == (factorial.ListOptions{})
}
