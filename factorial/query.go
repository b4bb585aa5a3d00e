package factorial

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// query is an ordered list of encoded key=value pairs. Array parameters are
// sent Rails style with literal brackets (ids[]=1&ids[]=2), as Factorial
// documents them.
type query []string

func (q query) encode() string { return strings.Join(q, "&") }

func (q *query) add(key, value string) {
	k := key
	if strings.HasSuffix(k, "[]") {
		k = url.QueryEscape(strings.TrimSuffix(k, "[]")) + "[]"
	} else {
		k = url.QueryEscape(k)
	}
	*q = append(*q, k+"="+url.QueryEscape(value))
}

func (q *query) str(key, v string) {
	if v != "" {
		q.add(key, v)
	}
}

func (q *query) id(key string, v ID) {
	if v != 0 {
		q.add(key, v.String())
	}
}

func (q *query) ids(key string, ids []ID) {
	for _, id := range ids {
		q.add(key+"[]", id.String())
	}
}

func (q *query) strs(key string, vs []string) {
	for _, v := range vs {
		q.add(key+"[]", v)
	}
}

func (q *query) boolp(key string, v *bool) {
	if v != nil {
		q.add(key, strconv.FormatBool(*v))
	}
}

func (q *query) flag(key string, v bool) {
	if v {
		q.add(key, "true")
	}
}

func (q *query) time(key string, t *time.Time) {
	if t != nil {
		q.add(key, t.Format(time.RFC3339))
	}
}

func (q *query) dates(key string, ds []Date) {
	for _, d := range ds {
		if !d.IsZero() {
			q.add(key+"[]", d.String())
		}
	}
}

// Bool returns a pointer to v, for the optional filters and request fields.
func Bool(v bool) *bool { return &v }

// String returns a pointer to v, for the optional request fields.
func String(v string) *string { return &v }

// Int returns a pointer to v.
func Int(v int) *int { return &v }

// Int64 returns a pointer to v, for costs in cents.
func Int64(v int64) *int64 { return &v }

// Float64 returns a pointer to v.
func Float64(v float64) *float64 { return &v }

// Time returns a pointer to t.
func Time(t time.Time) *time.Time { return &t }

// Ptr returns a pointer to v, for any optional field.
func Ptr[T any](v T) *T { return &v }
