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

// directoryPages remembers, per company, how many pages its directory
// last had: a person's first read asks for them all at once (one round
// trip, not page 1 and then the rest). Only a number of requests to send
// at once: no one's data.
type directoryPages struct {
	mu    sync.Mutex
	pages map[factorial.ID]int
}

func (p *directoryPages) get(company factorial.ID) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.pages[company]
}

func (p *directoryPages) set(company factorial.ID, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pages == nil {
		p.pages = map[factorial.ID]int{}
	}
	p.pages[company] = n
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
		if n := d.h.pages.get(d.company); n > 1 {
			ctx = factorial.WithPrefetchHint(ctx, n)
		}
		es, err := d.employeeLister.All(ctx, &factorial.EmployeeListOptions{})
		if err == nil {
			d.h.pages.set(d.company, (len(es)+training.PageSize-1)/training.PageSize)
		}
		return es, err
	})
	return es, err
}

func unfiltered(o *factorial.EmployeeListOptions) bool {
	return o == nil || len(o.IDs) == 0 && len(o.AccessIDs) == 0 && len(o.TeamIDs) == 0 && o.FullTextName == "" &&
		o.OnlyActive == nil && o.OnlyManagers == nil && o.ListOptions == (factorial.ListOptions{})
}
