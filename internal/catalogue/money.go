package catalogue

import (
	"errors"
	"strconv"
	"strings"

	"github.com/aula-hr/aula/factorial"
)

// Cents is an amount in minor units of the company currency.
type Cents int64

// maxCents bounds amounts typed in forms (ten thousand million): far above any
// training cost, far below int64 overflow.
const maxCents = 1_000_000_000_000

var errAmount = errors.New("amount")

// ParseAmount parses a decimal amount as typed in a form or sent by
// Factorial: digits, an optional "." or "," before at most two decimals, an
// optional leading minus when negative is true. Thousands separators are not
// accepted: "1,250" would be ambiguous between locales.
func ParseAmount(s string, negative bool) (Cents, error) {
	s = strings.TrimSpace(s)
	sign := Cents(1)
	if negative && strings.HasPrefix(s, "-") {
		sign, s = -1, s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	if !hasFrac {
		whole, frac, hasFrac = strings.Cut(s, ",")
	}
	if whole == "" || !allDigits(whole) || (hasFrac && (!allDigits(frac) || len(frac) > 2)) {
		return 0, errAmount
	}
	if len(whole) > 13 {
		return 0, errAmount
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, errAmount
	}
	f := int64(0)
	if frac != "" {
		f, _ = strconv.ParseInt(frac, 10, 64)
		if len(frac) == 1 {
			f *= 10
		}
	}
	c := w*100 + f
	if c > maxCents {
		return 0, errAmount
	}
	return sign * Cents(c), nil
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Decimal returns the amount as Factorial's decimal text, "1250.00".
func (c Cents) Decimal() string {
	return factorial.MoneyFromCents(int64(c), "").Amount
}

// FormField returns the amount as a form shows it for editing: "1250.00".
func (c Cents) FormField() string { return c.Decimal() }

// currencySymbols are the symbols written before the amount; other
// currencies are written as their ISO code and a space.
var currencySymbols = map[string]string{"EUR": "€", "USD": "$", "GBP": "£"}

// DefaultCurrency is used when Factorial does not say which currency.
const DefaultCurrency = "EUR"

// Format writes the amount in Aula's one money format (English style:
// symbol first, comma thousands, point decimals): "€1,250.00", "-£3.50",
// "CHF 12.00".
func (c Cents) Format(currency string) string {
	currency = strings.ToUpper(strings.TrimSpace(currency))
	if currency == "" {
		currency = DefaultCurrency
	}
	sym, ok := currencySymbols[currency]
	if !ok {
		sym = currency + " "
	}
	n := int64(c)
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	whole := strconv.FormatInt(n/100, 10)
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return sign + sym + b.String() + "." + twoDigits(n%100)
}

func twoDigits(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// GroupCosts are the costs of one training class (or a sum of several).
// Gross = direct + indirect + salary; net = gross − subsidised.
type GroupCosts struct {
	Direct, Indirect, Salary, Subsidised Cents
}

// Gross is what the group costs before subsidies.
func (g GroupCosts) Gross() Cents { return g.Direct + g.Indirect + g.Salary }

// Net is what the group costs the company after subsidies.
func (g GroupCosts) Net() Cents { return g.Gross() - g.Subsidised }

// Add returns the sum of two cost sets.
func (g GroupCosts) Add(o GroupCosts) GroupCosts {
	return GroupCosts{g.Direct + o.Direct, g.Indirect + o.Indirect, g.Salary + o.Salary, g.Subsidised + o.Subsidised}
}

// ClassCosts reads a class's decimal costs. An amount Factorial sends that is
// not a decimal counts as zero and is reported in bad, so the page can say a
// figure is missing instead of silently showing a wrong total.
func ClassCosts(c factorial.TrainingClass) (g GroupCosts, bad []string) {
	read := func(name, s string) Cents {
		if strings.TrimSpace(s) == "" {
			return 0
		}
		v, err := parseWireDecimal(s)
		if err != nil {
			bad = append(bad, name)
		}
		return v
	}
	g.Direct = read("cost", c.Cost)
	g.Indirect = read("indirect cost", c.IndirectCost)
	g.Salary = read("salary cost", c.SalaryCost)
	g.Subsidised = read("subsidised cost", c.SubsidizedCost)
	return g, bad
}

// ClassCostsHidden reports whether Factorial sent none of a class's costs:
// it sends them as null to people who may not see them, which is not zero.
func ClassCostsHidden(c factorial.TrainingClass) bool {
	return c.GrossCost == nil && strings.TrimSpace(c.Cost+c.IndirectCost+c.SalaryCost+c.SubsidizedCost) == ""
}

// parseWireDecimal reads Factorial's decimal text, which may carry more than
// two decimals ("12.345"): it rounds half away from zero to cents.
func parseWireDecimal(s string) (Cents, error) {
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	if !allDigits(whole) || (frac != "" && !allDigits(frac)) || len(whole) > 15 {
		return 0, errAmount
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	f := int64(0)
	switch {
	case len(frac) == 1:
		f, _ = strconv.ParseInt(frac, 10, 64)
		f *= 10
	case len(frac) >= 2:
		f, _ = strconv.ParseInt(frac[:2], 10, 64)
		if len(frac) > 2 && frac[2] >= '5' {
			f++
		}
	}
	c := Cents(w*100 + f)
	if neg {
		c = -c
	}
	return c, nil
}

// ClassCurrency returns the currency of a class, or "" when not given.
func ClassCurrency(c factorial.TrainingClass) string {
	if c.Currency == nil {
		return ""
	}
	return *c.Currency
}

// CostSheet is the cost tab of a training: each group and the total.
type CostSheet struct {
	Currency string
	Groups   []GroupCostLine
	Total    GroupCosts
	// Incomplete names the groups whose figures could not all be read.
	Incomplete []string
}

// GroupCostLine is one group's line of the cost sheet.
type GroupCostLine struct {
	Class factorial.TrainingClass
	Costs GroupCosts
}

// Costs builds the cost sheet of a training from its groups. The currency is
// the groups' own (the company currency); fallback is used when none says.
func Costs(classes []factorial.TrainingClass, fallback string) CostSheet {
	s := CostSheet{Currency: fallback}
	for _, c := range classes {
		if cur := ClassCurrency(c); cur != "" {
			s.Currency = cur
			break
		}
	}
	if s.Currency == "" {
		s.Currency = DefaultCurrency
	}
	for _, c := range classes {
		g, bad := ClassCosts(c)
		if len(bad) > 0 {
			s.Incomplete = append(s.Incomplete, c.Name)
		}
		s.Groups = append(s.Groups, GroupCostLine{Class: c, Costs: g})
		s.Total = s.Total.Add(g)
	}
	return s
}

// TrainingCurrency returns the currency a training's own amounts are in, or "".
func TrainingCurrency(t factorial.Training) string {
	for _, m := range []*factorial.Money{t.CostDecimal, t.TotalCostDecimal, t.SubsidizedCostDecimal, t.TotalTrainingCost} {
		if m != nil && m.Currency != "" {
			return m.Currency
		}
	}
	return ""
}
