package i18n

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	dec2 := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		l    Locale
		in   string
		want time.Time // zero: refused
	}{
		{Spanish, "02/12/2026", dec2},
		{Spanish, "2/12/2026", dec2},
		{Spanish, " 02/12/2026 ", dec2},
		{Spanish, "2026-12-02", dec2},
		{English, "2026-12-02", dec2},
		{Spanish, "29/02/2028", time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC)},
		{English, "02/12/2026", time.Time{}}, // ambiguous in English: refused
		{English, "12/02/2026", time.Time{}},
		{Spanish, "31/02/2026", time.Time{}}, // no rollover into March
		{Spanish, "29/02/2027", time.Time{}},
		{Spanish, "02/13/2026", time.Time{}},
		{Spanish, "00/12/2026", time.Time{}},
		{Spanish, "02/12/26", time.Time{}}, // two-digit years are refused
		{Spanish, "02-12-2026", time.Time{}},
		{Spanish, "+2/12/2026", time.Time{}},
		{Spanish, "2/ 12/2026", time.Time{}},
		{English, "2026-13-01", time.Time{}},
		{English, "2026-2-3", time.Time{}},
		{English, "", time.Time{}},
		{Spanish, "mañana", time.Time{}},
	}
	for _, tt := range tests {
		got, err := tt.l.ParseDate(tt.in)
		if tt.want.IsZero() {
			if err == nil {
				t.Errorf("%s ParseDate(%q) = %v, want refused", tt.l, tt.in, got)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("%s ParseDate(%q) = %v, %v; want %v", tt.l, tt.in, got, err, tt.want)
		}
	}
}

func TestDateHintsAndErrors(t *testing.T) {
	if got := Spanish.DateHint(); got != "dd/mm/aaaa" {
		t.Errorf("es hint %q", got)
	}
	if got := English.DateHint(); got != "YYYY-MM-DD" {
		t.Errorf("en hint %q", got)
	}
	if got := Spanish.DateError(); got != "Escribe la fecha como dd/mm/aaaa, por ejemplo 02/12/2026." {
		t.Errorf("es error %q", got)
	}
	if got := English.DateError(); got != "Enter the date as YYYY-MM-DD, for example 2026-12-02." {
		t.Errorf("en error %q", got)
	}
	if got := Spanish.AmountError(); got != "Escribe un importe, por ejemplo 1250,50." {
		t.Errorf("es amount error %q", got)
	}
	if got := English.NumberError(); got != "Enter a number, for example 1,234.5." {
		t.Errorf("en number error %q", got)
	}
}

func TestFormDateParsesBack(t *testing.T) {
	d := time.Date(2026, 3, 7, 0, 0, 0, 0, time.UTC)
	if got := Spanish.FormDate(d); got != "07/03/2026" {
		t.Errorf("es %q", got)
	}
	if got := English.FormDate(d); got != "2026-03-07" {
		t.Errorf("en %q", got)
	}
	for _, l := range Locales() {
		if back, err := l.ParseDate(l.FormDate(d)); err != nil || !back.Equal(d) {
			t.Errorf("%s: %q parses back as %v, %v", l, l.FormDate(d), back, err)
		}
	}
}

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		l        Locale
		in, want string // want "": refused
	}{
		{Spanish, "1.234,56", "1234.56"},
		{Spanish, "12,5", "12.5"},
		{Spanish, "1234,56", "1234.56"},
		{Spanish, "1.234.567", "1234567"},
		{Spanish, "1.250", "1250"},      // grouping in Spanish
		{Spanish, "12.5", "12.5"},       // a lone point that cannot be grouping: a number field's decimal
		{Spanish, "1250.50", "1250.50"}, // Factorial's and catalogue's plain form
		{Spanish, ",5", "0.5"},
		{Spanish, "-3,50", "-3.50"},
		{Spanish, "007", "7"},
		{Spanish, "-0", "0"},
		{Spanish, " 12,5 ", "12.5"},
		{English, "1,234.56", "1234.56"},
		{English, "12.5", "12.5"},
		{English, "1,250", "1250"},      // grouping in English
		{English, "1250,50", "1250.50"}, // as Aula's forms accepted before
		{English, "1,234,567.8", "1234567.8"},
		{Spanish, "1,234.56", ""},
		{Spanish, "12.34,5", ""}, // wrong grouping
		{Spanish, "1.2.3", ""},
		{Spanish, "1,2,3", ""},
		{Spanish, "12,", ""},
		{English, "1,23.4", ""},
		{English, "1.234,56", ""},
		{English, "", ""},
		{English, "-", ""},
		{English, ".", ""},
		{English, "1e3", ""},
		{English, "+5", ""},
		{English, "--5", ""},
		{English, "١٢", ""}, // digits of other scripts
		{English, "1 234", ""},
		{English, strings.Repeat("9", 41), ""},
	}
	for _, tt := range tests {
		got, err := tt.l.ParseDecimal(tt.in)
		if tt.want == "" {
			if err == nil {
				t.Errorf("%s ParseDecimal(%q) = %q, want refused", tt.l, tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%s ParseDecimal(%q) = %q, %v; want %q", tt.l, tt.in, got, err, tt.want)
		}
	}
}

func TestFormDecimalParsesBack(t *testing.T) {
	for _, plain := range []string{"1250.50", "0.05", "12", "1234567.89"} {
		for _, l := range Locales() {
			if got, err := l.ParseDecimal(l.FormDecimal(plain)); err != nil || got != plain {
				t.Errorf("%s: %q → %q → %q, %v", l, plain, l.FormDecimal(plain), got, err)
			}
		}
	}
	if got := Spanish.FormDecimal("1250.50"); got != "1250,50" {
		t.Errorf("es form value %q", got)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"02/12/2026", "2026-12-02", "31/02/2026", "1/1/0001", "٠٢/١٢/٢٠٢٦", "2026-12-02T10:00:00Z", ""} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, spanish bool) {
		l := English
		if spanish {
			l = Spanish
		}
		d, err := l.ParseDate(s)
		if err != nil {
			return
		}
		if d.Hour() != 0 || d.Minute() != 0 || d.Location() != time.UTC {
			t.Fatalf("ParseDate(%q) = %v: not a UTC midnight", s, d)
		}
		back, err := l.ParseDate(l.FormDate(d))
		if err != nil || !back.Equal(d) {
			t.Fatalf("%q → %v → %q does not parse back: %v, %v", s, d, l.FormDate(d), back, err)
		}
	})
}

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"1.234,56", "12,5", "1,234.56", "12.5", "1.250", "-0,05", ",5", "1.2.3", "9", "99999999999999999999,99"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, spanish bool) {
		l := English
		if spanish {
			l = Spanish
		}
		plain, err := l.ParseDecimal(s)
		if err != nil {
			return
		}
		if _, err := strconv.ParseFloat(plain, 64); err != nil {
			t.Fatalf("ParseDecimal(%q) = %q, which strconv cannot read: %v", s, plain, err)
		}
		if strings.ContainsAny(plain, ", ") || strings.HasPrefix(plain, "-0") && strings.Trim(plain, "-0.") == "" {
			t.Fatalf("ParseDecimal(%q) = %q is not plain", s, plain)
		}
		// What a form writes back from the plain value reads as the same value.
		if again, err := l.ParseDecimal(l.FormDecimal(plain)); err != nil || again != plain {
			t.Fatalf("%q → %q → %q → %q, %v", s, plain, l.FormDecimal(plain), again, err)
		}
	})
}
