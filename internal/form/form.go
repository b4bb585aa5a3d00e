// Package form reads what people type into Aula's forms, for every screen:
// field errors, checkboxes, dates, a completion date and a selection of
// ids. A form is kept as typed (its Input), its Errors by field name, and
// its Values once valid; invalid input is never an error of the request.
package form

import (
	"net/url"
	"strings"
	"time"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/i18n"
)

// Errors maps a form field name to the message shown next to it.
type Errors map[string]string

// Limits shared by every form.
const (
	// MaxSelection bounds how many ids one form may carry.
	MaxSelection = 1000
	// MinYear and MaxYear bound the years (and dates) a form accepts.
	MinYear = 1990
	MaxYear = 2100
	// maxDateLen bounds date input before parsing.
	maxDateLen = 40
)

// Checkbox reads an HTML checkbox: present with any value but "", "0",
// "off", "false", "no".
func Checkbox(v url.Values, k string) bool {
	s, ok := v[k]
	if !ok || len(s) == 0 {
		return false
	}
	switch strings.ToLower(strings.TrimSpace(s[len(s)-1])) {
	case "", "0", "off", "false", "no":
		return false
	}
	return true
}

// Date reads a required date field into errs[name] or the date; missing is
// the message when empty. It takes the forms of l.ParseDate (ISO 8601 in
// every language, and day/month/year in Spanish; and a full RFC 3339
// timestamp) between MinYear and
// MaxYear; the error, in l, names the form the language types.
func Date(l i18n.Locale, errs Errors, name, s, missing string) factorial.Date {
	s = strings.TrimSpace(s)
	if s == "" {
		errs[name] = missing
		return factorial.Date{}
	}
	if len(s) > maxDateLen {
		errs[name] = l.DateError()
		return factorial.Date{}
	}
	var d factorial.Date
	if t, err := l.ParseDate(s); err == nil {
		d = factorial.DateOf(t)
	} else if d, err = factorial.ParseDate(s); err != nil { // a full timestamp, as links may carry
		errs[name] = l.DateError()
		return factorial.Date{}
	}
	if d.Year < MinYear || d.Year > MaxYear {
		errs[name] = l.DateError()
		return factorial.Date{}
	}
	return d
}

// CompletionDate reads a completion date: empty clears it (nil, ""),
// otherwise a date not after today; the message, in l, says what is wrong.
// A date field shows the browser's own format, so the message names none:
// it gives today as an example, written as Aula writes dates.
func CompletionDate(s string, today factorial.Date, l i18n.Locale) (*factorial.Date, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, ""
	}
	errs := Errors{}
	d := Date(l, errs, "completed_at", s, "")
	if msg := errs["completed_at"]; msg != "" {
		return nil, l.T("Enter a date such as %s.", l.MediumDate(today.In(time.UTC)))
	}
	if d.After(today) {
		return nil, l.T("A completion date cannot be in the future.")
	}
	return &d, ""
}

// IDs reads a selection of ids (checkboxes). Blank values are skipped,
// duplicates dropped, order kept. It fails on a value that is not an id or
// on more than MaxSelection ids.
func IDs(values []string) ([]factorial.ID, bool) {
	ids := make([]factorial.ID, 0, len(values))
	seen := make(map[factorial.ID]bool, len(values))
	for _, s := range values {
		if strings.TrimSpace(s) == "" {
			continue
		}
		id, err := factorial.ParseID(s)
		if err != nil {
			return nil, false
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if len(ids) > MaxSelection {
		return nil, false
	}
	return ids, true
}
