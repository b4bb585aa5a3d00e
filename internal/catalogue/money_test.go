package catalogue

import (
	"testing"

	"github.com/aula-hr/aula/factorial"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in   string
		want Cents
		ok   bool
	}{
		{"1250", 125000, true}, {" 1250.5 ", 125050, true}, {"1250,05", 125005, true}, {"0.07", 7, true},
		{"", 0, false}, {"1,250.00", 0, false}, {"12.345", 0, false}, {"-3", 0, false}, {"abc", 0, false},
		{".5", 0, false}, {"1e3", 0, false}, {"99999999999999", 0, false}, {"10000000000", 1_000_000_000_000, true},
	}
	for _, tt := range tests {
		got, err := ParseAmount(tt.in, false)
		if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
			t.Errorf("ParseAmount(%q) = %d, %v; want %d ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
	if got, err := ParseAmount("-3.5", true); err != nil || got != -350 {
		t.Errorf("negative allowed: %d %v", got, err)
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		c    Cents
		cur  string
		want string
	}{
		{125000, "EUR", "€1,250.00"}, {5, "eur", "€0.05"}, {-350, "GBP", "-£3.50"}, {123456789, "USD", "$1,234,567.89"},
		{1200, "CHF", "CHF 12.00"}, {100, "", "€1.00"}, {99999, "EUR", "€999.99"},
	}
	for _, tt := range tests {
		if got := tt.c.Format(tt.cur); got != tt.want {
			t.Errorf("Format(%d, %q) = %q, want %q", tt.c, tt.cur, got, tt.want)
		}
	}
}

func TestCostsPerGroupAndTotal(t *testing.T) {
	eur := "EUR"
	classes := []factorial.TrainingClass{
		{Name: "Spring", Cost: "1000.00", IndirectCost: "200.5", SalaryCost: "300", SubsidizedCost: "250.00", Currency: &eur},
		{Name: "Autumn", Cost: "500", IndirectCost: "0", SalaryCost: "99.995", SubsidizedCost: ""},
		{Name: "Broken", Cost: "lots", IndirectCost: "10", SalaryCost: "0", SubsidizedCost: "0"},
	}
	s := Costs(classes, "")
	if s.Currency != "EUR" {
		t.Errorf("currency %q", s.Currency)
	}
	g := s.Groups[0].Costs
	if g.Gross() != 150050 || g.Net() != 125050 {
		t.Errorf("Spring gross %d net %d", g.Gross(), g.Net())
	}
	if s.Groups[1].Costs.Salary != 10000 {
		t.Errorf("99.995 should round to 100.00, got %d", s.Groups[1].Costs.Salary)
	}
	want := GroupCosts{Direct: 150000, Indirect: 21050, Salary: 40000, Subsidised: 25000}
	if s.Total != want || s.Total.Gross() != 211050 || s.Total.Net() != 186050 {
		t.Errorf("total %+v gross %d net %d", s.Total, s.Total.Gross(), s.Total.Net())
	}
	if len(s.Incomplete) != 1 || s.Incomplete[0] != "Broken" {
		t.Errorf("unreadable figures must be reported, got %v", s.Incomplete)
	}
	if Costs(nil, "").Currency != DefaultCurrency {
		t.Error("no groups: default currency")
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1250", "1250,5", "0.07", "-1", "1.2.3", "９", "10000000000.99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseAmount(s, false)
		if err != nil {
			return
		}
		if c < 0 || c > maxCents {
			t.Fatalf("ParseAmount(%q) = %d out of range", s, c)
		}
		back, err := ParseAmount(c.Decimal(), false)
		if err != nil || back != c {
			t.Fatalf("Decimal of %d = %q does not parse back (%d, %v)", c, c.Decimal(), back, err)
		}
	})
}
