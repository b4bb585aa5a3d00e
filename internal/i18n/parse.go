package i18n

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// ErrDate and ErrNumber are what the parsers return for text they cannot
// read; forms show DateError or NumberError instead.
var (
	ErrDate   = errors.New("i18n: not a date")
	ErrNumber = errors.New("i18n: not a number")
)

// ParseDate reads a date typed in a form. ISO 8601 (2026-12-02) is accepted
// in every language, since <input type="date"> and links send it. Spanish
// also accepts day/month/year with a four-digit year (02/12/2026, 2/12/2026).
// English accepts ISO only: 02/12/2026 is the 2nd of December in Britain and
// the 12th of February in the United States, and Aula will not guess. The
// date is midnight UTC.
func (l Locale) ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if len(s) > 10 {
		return time.Time{}, ErrDate
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	if l.ok() != Spanish {
		return time.Time{}, ErrDate
	}
	parts := strings.Split(s, "/")
	if len(parts) != 3 || len(parts[0]) > 2 || len(parts[1]) > 2 || len(parts[2]) != 4 {
		return time.Time{}, ErrDate
	}
	var n [3]int
	for i, p := range parts {
		if !digits(p) {
			return time.Time{}, ErrDate
		}
		n[i], _ = strconv.Atoi(p)
	}
	d, m, y := n[0], time.Month(n[1]), n[2]
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || t.Day() != d || t.Month() != m { // 31/02 does not roll over into March
		return time.Time{}, ErrDate
	}
	return t, nil
}

// DateHint names the date form the language's users type, for labels and
// errors: "YYYY-MM-DD" in English, "dd/mm/aaaa" in Spanish.
func (l Locale) DateHint() string { return l.T("YYYY-MM-DD") }

// FormDate writes a date back into a text field in the form ParseDate reads
// in this language: "2026-12-02", "02/12/2026". An <input type="date">
// always takes ISO 8601, whatever the language.
func (l Locale) FormDate(t time.Time) string {
	if l.ok() == Spanish {
		return t.Format("02/01/2006")
	}
	return t.Format("2006-01-02")
}

// DateError is the message of a date field that could not be read. It names
// the form and shows an example in it.
func (l Locale) DateError() string {
	return l.T("Enter the date as %s, for example %s.", l.DateHint(), l.FormDate(time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)))
}

// NumberError is the message of a number field that could not be read.
func (l Locale) NumberError() string {
	return l.T("Enter a number, for example %s.", l.Decimal(1234.5, 2))
}

// AmountError is the message of an amount field that could not be read.
func (l Locale) AmountError() string {
	return l.T("Enter an amount, for example %s.", l.FormDecimal("1250.50"))
}

// separators returns the decimal mark and the grouping mark.
func (l Locale) separators() (dec, group byte) {
	if l.ok() == Spanish {
		return ',', '.'
	}
	return '.', ','
}

const maxNumberLen = 40

// ParseDecimal reads a number typed in a form and returns it in Go's and
// Factorial's plain form, "-1234.56", for strconv.ParseFloat or
// catalogue.ParseAmount, which keep their own range checks.
//
// Spanish writes "1.234,56", English "1,234.56"; the grouping mark is
// optional and, when used, must group by threes. The other language's
// decimal mark is also read as a decimal mark when it cannot be grouping: a
// single one not followed by exactly three digits, as a browser's number
// field or a pasted figure sends it ("12.5" in Spanish, "1250,50" in English,
// as Aula's forms accepted before). So "1.250" is 1250 in Spanish and 1.25 in
// English, and "1,250" the other way round.
func (l Locale) ParseDecimal(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) > maxNumberLen {
		return "", ErrNumber
	}
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	dec, group := l.separators()
	whole, frac, hasFrac := strings.Cut(s, string(dec))
	if !hasFrac && strings.Count(s, string(group)) == 1 {
		w, f, _ := strings.Cut(s, string(group))
		if len(f) != 3 { // cannot be grouping: the other decimal mark
			whole, frac, hasFrac = w, f, true
		}
	}
	if hasFrac && !digits(frac) {
		return "", ErrNumber
	}
	whole, ok := ungroup(whole, group)
	if !ok || (whole == "" && !hasFrac) {
		return "", ErrNumber
	}
	whole = strings.TrimLeft(whole, "0")
	if whole == "" {
		whole = "0"
	}
	out := whole
	if hasFrac {
		out += "." + frac
	}
	if neg && strings.Trim(out, "0.") != "" {
		out = "-" + out
	}
	return out, nil
}

// ungroup removes grouping marks from the whole part, checking they group
// by threes: "1.234.567" → "1234567"; "12.34" is refused. An empty part is
// allowed (",5").
func ungroup(s string, group byte) (string, bool) {
	if !strings.Contains(s, string(group)) {
		return s, s == "" || digits(s)
	}
	parts := strings.Split(s, string(group))
	if len(parts[0]) < 1 || len(parts[0]) > 3 || !digits(parts[0]) {
		return "", false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 || !digits(p) {
			return "", false
		}
	}
	return strings.Join(parts, ""), true
}

// FormDecimal writes a plain decimal ("1250.50", as catalogue's FormField
// gives it) back into a text field in the language's form: "1250,50" in
// Spanish. It adds no grouping, so the figure stays easy to edit.
func (l Locale) FormDecimal(plain string) string {
	if l.ok() == Spanish {
		return strings.Replace(plain, ".", ",", 1)
	}
	return plain
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
