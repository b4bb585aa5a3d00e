package factorial

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ID is the identifier of most Factorial records. API version 2026-04-01 sends
// integers; from 2026-07-01 every id becomes a JSON string. ID decodes both
// and encodes as a number, so the wire type lives in this one place.
type ID int64

// String returns the decimal form of the id.
func (id ID) String() string { return strconv.FormatInt(int64(id), 10) }

// UnmarshalJSON accepts a JSON number or a string holding a decimal integer.
func (id *ID) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	s := string(b)
	if len(s) >= 2 && s[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return fmt.Errorf("factorial: id %s is not an integer", truncate(string(b), 40))
	}
	*id = ID(n)
	return nil
}

// ParseID parses a decimal id, as found in a URL path or form field.
func ParseID(s string) (ID, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("factorial: %q is not a valid id", truncate(s, 40))
	}
	return ID(n), nil
}

// ClassID identifies a training class (a group). Factorial types it as a
// string; ClassID also accepts a JSON number.
type ClassID string

// UnmarshalJSON accepts a JSON string or number.
func (c *ClassID) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*c = ClassID(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("factorial: class id %s is neither string nor number", truncate(string(b), 40))
	}
	*c = ClassID(n.String())
	return nil
}

// CredentialID identifies a credential (api_public/credentials). Factorial's
// schema types it as a string prefixed by the kind of credential (the
// sandbox sends "access_123" for a user's token, "api_key_1" for an API
// key); CredentialID also accepts a JSON number, as older answers send. It is
// opaque: compare it, never parse it.
type CredentialID string

// UnmarshalJSON accepts a JSON string or number.
func (c *CredentialID) UnmarshalJSON(b []byte) error {
	var id ClassID
	if err := id.UnmarshalJSON(b); err != nil {
		return fmt.Errorf("factorial: credential id %s is neither string nor number", truncate(string(b), 40))
	}
	*c = CredentialID(id)
	return nil
}

// Date is a calendar date without a time of day, sent as YYYY-MM-DD.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate parses YYYY-MM-DD. It also accepts an RFC 3339 datetime and keeps
// its date part, since some endpoints send a datetime where a date is documented.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return DateOf(t), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return DateOf(t), nil
	}
	return Date{}, fmt.Errorf("factorial: %q is not a date (YYYY-MM-DD)", truncate(s, 40))
}

// IsZero reports whether d is the zero date.
func (d Date) IsZero() bool { return d == Date{} }

// String returns YYYY-MM-DD, or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// In returns midnight of d in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return DateOf(d.In(time.UTC).AddDate(0, 0, n)) }

// AddYears returns d moved by n years (29 February becomes 1 March).
func (d Date) AddYears(n int) Date { return DateOf(d.In(time.UTC).AddDate(n, 0, 0)) }

// Before reports whether d is earlier than o.
func (d Date) Before(o Date) bool { return d.In(time.UTC).Before(o.In(time.UTC)) }

// After reports whether d is later than o.
func (d Date) After(o Date) bool { return d.In(time.UTC).After(o.In(time.UTC)) }

// MarshalJSON encodes the date as "YYYY-MM-DD", or null for the zero date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON decodes "YYYY-MM-DD" (or a datetime) and null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("factorial: date %s is not a string", truncate(string(b), 40))
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Money is an amount with its currency. The amount is a decimal string
// ("1250.00") so no precision is lost. Factorial's reference documents it as an
// object; its OpenAPI description as a decimal string: both decode.
type Money struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency,omitempty"`
}

// UnmarshalJSON accepts {"amount":"12.50","currency":"EUR"} (amount may also be
// a number), a decimal string "12.50", or a bare number.
func (m *Money) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	switch {
	case len(b) > 0 && b[0] == '{':
		var raw struct {
			Amount   json.RawMessage `json:"amount"`
			Currency string          `json:"currency"`
		}
		if err := json.Unmarshal(b, &raw); err != nil {
			return err
		}
		amount, err := decimalText(raw.Amount)
		if err != nil {
			return err
		}
		*m = Money{Amount: amount, Currency: raw.Currency}
		return nil
	default:
		amount, err := decimalText(b)
		if err != nil {
			return err
		}
		*m = Money{Amount: amount}
		return nil
	}
}

// Cents returns the amount in minor units, rounded half away from zero.
func (m Money) Cents() int64 {
	if m.Amount == "" {
		return 0
	}
	f, err := strconv.ParseFloat(m.Amount, 64)
	if err != nil {
		return 0
	}
	return int64(math.Round(f * 100))
}

// MoneyFromCents builds a Money with two decimals from minor units.
func MoneyFromCents(cents int64, currency string) Money {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return Money{Amount: fmt.Sprintf("%s%d.%02d", sign, cents/100, cents%100), Currency: currency}
}

// decimalText turns a JSON number or numeric string into its decimal text.
func decimalText(b []byte) (string, error) {
	if len(b) == 0 || bytes.Equal(b, []byte("null")) {
		return "", nil
	}
	s := string(b)
	if b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return "", err
		}
		s = strings.TrimSpace(s)
		if s == "" {
			return "", nil
		}
	}
	if _, err := strconv.ParseFloat(s, 64); err != nil || !isDecimal(s) {
		return "", fmt.Errorf("factorial: %s is not a decimal amount", truncate(string(b), 40))
	}
	return s, nil
}

// isDecimal reports whether s is a plain decimal number: an optional sign,
// digits with an optional fraction, and an optional exponent. It refuses what
// strconv.ParseFloat also takes: "NaN", "Inf", hex floats and underscores.
func isDecimal(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

// Duration is a length of time in hours and minutes, as sessions carry it.
// It decodes {"hours":1,"minutes":30} and decimal hours (1.5 or "1.5").
type Duration struct {
	Hours   int `json:"hours"`
	Minutes int `json:"minutes"`
}

// UnmarshalJSON accepts the object form and decimal hours.
func (d *Duration) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if len(b) > 0 && b[0] == '{' {
		var raw struct {
			Hours   json.Number `json:"hours"`
			Minutes json.Number `json:"minutes"`
		}
		if err := json.Unmarshal(b, &raw); err != nil {
			return fmt.Errorf("factorial: duration %s: %w", truncate(string(b), 40), err)
		}
		h, _ := raw.Hours.Float64()
		m, _ := raw.Minutes.Float64()
		return d.setMinutes(h*60+m, b)
	}
	s, err := decimalText(b)
	if err != nil {
		return fmt.Errorf("factorial: duration %s is neither an object nor decimal hours", truncate(string(b), 40))
	}
	f, _ := strconv.ParseFloat(s, 64)
	return d.setMinutes(f*60, b)
}

// maxDurationMinutes bounds a decoded duration (a year); larger values are
// corrupt data, not a training session.
const maxDurationMinutes = 366 * 24 * 60

func (d *Duration) setMinutes(m float64, b []byte) error {
	if math.IsNaN(m) || m > maxDurationMinutes || m < -maxDurationMinutes {
		return fmt.Errorf("factorial: duration %s is out of range", truncate(string(b), 40))
	}
	*d = DurationFromMinutes(int(math.Round(m)))
	return nil
}

// DurationFromMinutes normalises a number of minutes into hours and minutes.
func DurationFromMinutes(total int) Duration {
	if total < 0 {
		total = 0
	}
	return Duration{Hours: total / 60, Minutes: total % 60}
}

// TotalMinutes returns the duration in minutes.
func (d Duration) TotalMinutes() int { return d.Hours*60 + d.Minutes }

// DecimalHours returns the duration in hours, as completed_duration carries it.
func (d Duration) DecimalHours() float64 { return float64(d.TotalMinutes()) / 60 }

// String renders "1 h 30 min", "45 min" or "2 h".
func (d Duration) String() string {
	switch {
	case d.Hours == 0:
		return fmt.Sprintf("%d min", d.Minutes)
	case d.Minutes == 0:
		return fmt.Sprintf("%d h", d.Hours)
	default:
		return fmt.Sprintf("%d h %d min", d.Hours, d.Minutes)
	}
}

// Hours is a decimal number of hours (SessionAttendance.completed_duration,
// Training.total_duration). It decodes a JSON number or numeric string.
type Hours float64

// UnmarshalJSON accepts a number or a numeric string.
func (h *Hours) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	s, err := decimalText(b)
	if err != nil {
		return err
	}
	if s == "" {
		*h = 0
		return nil
	}
	f, _ := strconv.ParseFloat(s, 64)
	*h = Hours(f)
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
