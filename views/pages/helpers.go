package pages

import (
	"net/url"
	"slices"
)

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// errorOrder lists the fields of errs in the form's order (fields), then
// any others by name, so no error is left out of a form's summary.
func errorOrder(errs map[string]string, fields []string) []string {
	out := make([]string, 0, len(errs))
	seen := make(map[string]bool, len(fields))
	for _, f := range fields {
		seen[f] = true
		if _, ok := errs[f]; ok {
			out = append(out, f)
		}
	}
	var rest []string
	for f := range errs {
		if !seen[f] {
			rest = append(rest, f)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}
