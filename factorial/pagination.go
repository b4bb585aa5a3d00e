package factorial

import (
	"context"
	"iter"
	"strconv"
)

// Meta is the paging part of a list reply.
type Meta struct {
	Limit           int    `json:"limit"`
	Total           int    `json:"total"`
	HasNextPage     bool   `json:"has_next_page"`
	HasPreviousPage bool   `json:"has_previous_page"`
	StartCursor     string `json:"start_cursor"`
	EndCursor       string `json:"end_cursor"`
}

// Page is one page of a list: its records and its Meta.
type Page[T any] struct {
	Data []T  `json:"data"`
	Meta Meta `json:"meta"`
}

// ListOptions selects a page. Every XListOptions embeds it. Page is 1-based
// offset paging; AfterID and BeforeID are the opaque cursors of
// Meta.EndCursor and Meta.StartCursor. Limit is the page size (Factorial's
// default and maximum is 100).
type ListOptions struct {
	Page     int
	Limit    int
	AfterID  string
	BeforeID string
}

func (o ListOptions) encode(q *query) {
	if o.Page > 0 {
		q.add("page", strconv.Itoa(o.Page))
	}
	if o.Limit > 0 {
		q.add("limit", strconv.Itoa(o.Limit))
	}
	q.str("after_id", o.AfterID)
	q.str("before_id", o.BeforeID)
}

func (o ListOptions) cursor() bool { return o.AfterID != "" || o.BeforeID != "" }

// keyed is a record with an id, for de-duplication in All.
type keyed interface{ recordKey() string }

func (t Training) recordKey() string                { return t.ID.String() }
func (t TrainingCategory) recordKey() string        { return t.ID.String() }
func (t TrainingClass) recordKey() string           { return string(t.ID) }
func (t Session) recordKey() string                 { return t.ID.String() }
func (t SessionAccessMembership) recordKey() string { return t.ID.String() }
func (t SessionAttendance) recordKey() string       { return t.ID.String() }
func (t TrainingMembership) recordKey() string      { return t.ID.String() }
func (t Employee) recordKey() string                { return t.ID.String() }

// lister fetches lists of one resource with fixed filters.
type lister[T keyed] struct {
	c       *Client
	path    string
	lo      ListOptions
	filters query
}

func newLister[T keyed](c *Client, path string, lo ListOptions, filters query) lister[T] {
	return lister[T]{c: c, path: path, lo: lo, filters: filters}
}

// page fetches the page lo selects.
func (l lister[T]) page(ctx context.Context, lo ListOptions) (*Page[T], error) {
	q := make(query, 0, len(l.filters)+2)
	q = append(q, l.filters...)
	lo.encode(&q)
	var p Page[T]
	if err := l.c.do(ctx, request{method: "GET", path: l.path, query: q, idempotent: true}, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

func (l lister[T]) list(ctx context.Context) (*Page[T], error) { return l.page(ctx, l.lo) }

// count asks for a one-record page and returns its meta.total: how many
// records the filters match, in one request whatever the number. A reply
// without a total (0) counts the records it carries.
func (l lister[T]) count(ctx context.Context) (int, error) {
	p, err := l.page(ctx, ListOptions{Limit: 1})
	if err != nil {
		return 0, err
	}
	return max(p.Meta.Total, len(p.Data)), nil
}

// iter walks pages one at a time, starting at l.lo: by cursor when a cursor
// is given, else by page number.
func (l lister[T]) iter(ctx context.Context) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		lo := l.lo
		if !lo.cursor() && lo.Page == 0 {
			lo.Page = 1
		}
		for {
			p, err := l.page(ctx, lo)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, v := range p.Data {
				if !yield(v, nil) {
					return
				}
			}
			if len(p.Data) == 0 {
				return
			}
			switch {
			case lo.BeforeID != "":
				if !p.Meta.HasPreviousPage || p.Meta.StartCursor == "" || p.Meta.StartCursor == lo.BeforeID {
					return
				}
				lo.BeforeID = p.Meta.StartCursor
			case lo.AfterID != "":
				if !p.Meta.HasNextPage || p.Meta.EndCursor == "" || p.Meta.EndCursor == lo.AfterID {
					return
				}
				lo.AfterID = p.Meta.EndCursor
			default:
				if !p.Meta.HasNextPage {
					return
				}
				lo.Page++
			}
		}
	}
}

type pageResult[T any] struct {
	n    int
	page *Page[T]
	err  error
}

// all fetches every record from l.lo on. With offset paging it asks for the
// first few pages at once, learns the total from the first reply, then keeps
// at most c.maxConc requests in flight until the last page. Records come back
// in page order, de-duplicated by id; the first error cancels the rest.
func (l lister[T]) all(ctx context.Context) ([]T, error) {
	if l.lo.cursor() {
		return l.sequential(ctx)
	}
	limit := l.lo.Limit
	if limit <= 0 || limit > maxPageSize {
		limit = maxPageSize
	}
	first := max(l.lo.Page, 1)
	maxConc := max(l.c.maxConc, 1)
	prefetch := max(l.c.prefetch, prefetchHint(ctx), 1)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make(chan pageResult[T])
	pages := make(map[int][]T)
	next, inflight := first, 0
	last := -1 // last page with records; -1 while unknown
	var firstErr error

	launch := func() {
		n := next
		next++
		inflight++
		lo := l.lo
		lo.Page, lo.Limit = n, limit
		go func() {
			p, err := l.page(ctx, lo)
			results <- pageResult[T]{n: n, page: p, err: err}
		}()
	}
	for range min(prefetch, maxConc) {
		launch()
	}
	for inflight > 0 {
		r := <-results
		inflight--
		if r.err != nil {
			if firstErr == nil {
				firstErr = r.err
				cancel()
			}
			continue
		}
		if firstErr != nil {
			continue
		}
		pages[r.n] = r.page.Data
		m := r.page.Meta
		switch {
		case len(r.page.Data) == 0:
			if last < 0 || r.n-1 < last {
				last = r.n - 1
			}
		case m.Total > 0:
			// The server's page size is the truth when it caps ours.
			size := limit
			if m.Limit > 0 && m.Limit < size {
				size = m.Limit
			}
			if t := (m.Total + size - 1) / size; last < 0 || t < last {
				last = t
			}
			if !m.HasNextPage && r.n < last {
				last = r.n
			}
		case !m.HasNextPage:
			if last < 0 || r.n < last {
				last = r.n
			}
		}
		if last < 0 {
			// No total: keep a window of speculative pages ahead of the
			// furthest page known to have a successor.
			for inflight < maxConc && next <= r.n+prefetch {
				launch()
			}
			continue
		}
		for inflight < maxConc && next <= last {
			launch()
		}
	}
	if firstErr != nil {
		return nil, firstErr
	}
	var out []T
	seen := make(map[string]struct{})
	for n := first; ; n++ {
		data, ok := pages[n]
		if !ok || (last >= 0 && n > last) {
			break
		}
		for _, v := range data {
			k := v.recordKey()
			if _, dup := seen[k]; dup {
				continue
			}
			seen[k] = struct{}{}
			out = append(out, v)
		}
	}
	return out, nil
}

// sequential walks cursor pages one by one, de-duplicating by id.
func (l lister[T]) sequential(ctx context.Context) ([]T, error) {
	var out []T
	seen := make(map[string]struct{})
	for v, err := range l.iter(ctx) {
		if err != nil {
			return nil, err
		}
		k := v.recordKey()
		if _, dup := seen[k]; dup {
			continue
		}
		seen[k] = struct{}{}
		out = append(out, v)
	}
	return out, nil
}

type prefetchKey struct{}

// WithPrefetchHint returns a context under which All asks for the first
// pages pages of a list at once (at most the client's WithMaxConcurrency),
// instead of the client's WithPrefetch: for a list whose size the caller
// has seen before, read in one round trip, not page 1 and then the rest.
// Pages past the end come back empty: a wrong hint costs requests, not time.
func WithPrefetchHint(ctx context.Context, pages int) context.Context {
	return context.WithValue(ctx, prefetchKey{}, pages)
}

func prefetchHint(ctx context.Context) int {
	n, _ := ctx.Value(prefetchKey{}).(int)
	return n
}
