package factorial

import (
	"context"
	"fmt"
	"iter"
)

// EmployeesService reads employees (employees/employees).
type EmployeesService service

const employeesPath = "employees/employees"

// EmployeeListOptions filters Employees.List, Iter and All.
type EmployeeListOptions struct {
	ListOptions
	IDs          []ID   // ids[]
	AccessIDs    []ID   // access_ids[]
	TeamIDs      []ID   // team_ids[]
	FullTextName string // full_text_name
	OnlyActive   *bool  // only_active
	OnlyManagers *bool  // only_managers
}

func (o *EmployeeListOptions) split() (ListOptions, query) {
	if o == nil {
		return ListOptions{}, nil
	}
	var q query
	q.ids("ids", o.IDs)
	q.ids("access_ids", o.AccessIDs)
	q.ids("team_ids", o.TeamIDs)
	q.str("full_text_name", o.FullTextName)
	q.boolp("only_active", o.OnlyActive)
	q.boolp("only_managers", o.OnlyManagers)
	return o.ListOptions, q
}

func (s *EmployeesService) lister(opts *EmployeeListOptions) lister[Employee] {
	lo, q := opts.split()
	return newLister[Employee](s.client, employeesPath, lo, q)
}

// List returns one page of employees. opts may be nil.
func (s *EmployeesService) List(ctx context.Context, opts *EmployeeListOptions) (*Page[Employee], error) {
	return s.lister(opts).list(ctx)
}

// Iter walks the employees lazily, one page request at a time.
func (s *EmployeesService) Iter(ctx context.Context, opts *EmployeeListOptions) iter.Seq2[Employee, error] {
	return s.lister(opts).iter(ctx)
}

// All returns every employee, fetching pages with bounded concurrency.
func (s *EmployeesService) All(ctx context.Context, opts *EmployeeListOptions) ([]Employee, error) {
	return s.lister(opts).all(ctx)
}

// Get returns one employee.
func (s *EmployeesService) Get(ctx context.Context, id ID) (*Employee, error) {
	var v Employee
	err := s.client.do(ctx, request{method: "GET", path: employeesPath + "/" + id.String(), idempotent: true}, &v)
	return result(&v, err)
}

// CredentialsService answers "who am I" (api_public/credentials).
type CredentialsService service

// Me returns the credential the client authenticates with: for a user token,
// the person (EmployeeID, names, email, role); for an API key, the company.
func (s *CredentialsService) Me(ctx context.Context) (*Credential, error) {
	var p Page[Credential]
	if err := s.client.do(ctx, request{method: "GET", path: "api_public/credentials", idempotent: true}, &p); err != nil {
		return nil, err
	}
	if len(p.Data) == 0 {
		return nil, fmt.Errorf("factorial: GET api_public/credentials: no credential in the reply")
	}
	return &p.Data[0], nil
}
