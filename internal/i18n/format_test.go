package i18n

import (
	"math"
	"testing"
	"time"
)

const nbsp = "\u00a0"

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 30, 0, 0, time.UTC) }

func TestDates(t *testing.T) {
	d := day(2026, time.December, 2)
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"long es", Spanish.LongDate(d), "miércoles, 2 de diciembre de 2026"},
		{"long en", English.LongDate(d), "Wednesday, 2 December 2026"},
		{"short es", Spanish.ShortDate(d), "2 dic."},
		{"short en", English.ShortDate(d), "2 Dec"},
		{"medium es", Spanish.MediumDate(d), "2 dic. 2026"},
		{"medium en", English.MediumDate(d), "2 Dec 2026"},
		{"month es", Spanish.MonthYear(d), "diciembre de 2026"},
		{"month en", English.MonthYear(d), "December 2026"},
		{"september es", Spanish.ShortDate(day(2026, time.September, 14)), "14 sept."},
		{"may es", Spanish.MediumDate(day(2027, time.May, 1)), "1 may. 2027"},
		{"sunday es", Spanish.LongDate(day(2027, time.January, 3)), "domingo, 3 de enero de 2027"},
		{"saturday en", English.LongDate(day(2026, time.August, 1)), "Saturday, 1 August 2026"},
		{"weekday en", English.Weekday(d), "Wednesday"},
		{"weekday es", Spanish.Weekday(d), "miércoles"},
		{"weekday short en", English.WeekdayShort(day(2026, time.December, 7)), "Mon"},
		{"weekday short es", Spanish.WeekdayShort(day(2026, time.December, 7)), "lun."},
		{"weekday short es sunday", Spanish.WeekdayShort(day(2026, time.December, 6)), "dom."},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestDatesUseTheTimesLocation(t *testing.T) {
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	late := time.Date(2026, 12, 2, 23, 30, 0, 0, time.UTC) // already the 3rd in Madrid
	if got := Spanish.ShortDate(late.In(madrid)); got != "3 dic." {
		t.Errorf("in Madrid: %q", got)
	}
	if got := English.Time(late.In(madrid)); got != "00:30" {
		t.Errorf("time in Madrid: %q", got)
	}
}

func TestTimes(t *testing.T) {
	start := time.Date(2026, 12, 2, 9, 30, 0, 0, time.UTC)
	end := time.Date(2026, 12, 2, 17, 5, 0, 0, time.UTC)
	for _, l := range Locales() {
		if got := l.Time(start); got != "09:30" {
			t.Errorf("%s: %q", l, got)
		}
		if got := l.Time(end); got != "17:05" {
			t.Errorf("%s: 24 h clock: %q", l, got)
		}
		if got := l.TimeRange(start, end); got != "09:30–17:05" {
			t.Errorf("%s: range %q", l, got)
		}
	}
}

func TestDateRange(t *testing.T) {
	tests := []struct {
		name       string
		start, end time.Time
		en, es     string
	}{
		{"one day", day(2026, 12, 2), day(2026, 12, 2), "2 Dec 2026", "2 dic. 2026"},
		{"same month", day(2026, 12, 2), day(2026, 12, 4), "2–4 Dec 2026", "2–4 dic. 2026"},
		{"same year", day(2026, 11, 30), day(2026, 12, 2), "30 Nov – 2 Dec 2026", "30 nov. – 2 dic. 2026"},
		{"across years", day(2026, 12, 30), day(2027, 1, 2), "30 Dec 2026 – 2 Jan 2027", "30 dic. 2026 – 2 ene. 2027"},
		{"end before start", day(2026, 12, 4), day(2026, 12, 2), "4 Dec 2026 – 2 Dec 2026", "4 dic. 2026 – 2 dic. 2026"},
	}
	for _, tt := range tests {
		if got := English.DateRange(tt.start, tt.end); got != tt.en {
			t.Errorf("%s en: %q, want %q", tt.name, got, tt.en)
		}
		if got := Spanish.DateRange(tt.start, tt.end); got != tt.es {
			t.Errorf("%s es: %q, want %q", tt.name, got, tt.es)
		}
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"int en", English.Int(1234567), "1,234,567"},
		{"int es", Spanish.Int(1234567), "1.234.567"},
		{"four digits es", Spanish.Int(1234), "1.234"}, // grouped, as the money format is
		{"small", Spanish.Int(999), "999"},
		{"negative", English.Int(-1234), "-1,234"},
		{"decimal en", English.Decimal(1234.25, 2), "1,234.25"},
		{"decimal es", Spanish.Decimal(1234.25, 2), "1.234,25"},
		{"trailing zeros dropped", Spanish.Decimal(7.5, 2), "7,5"},
		{"whole", English.Decimal(2, 1), "2"},
		{"percent en", English.Percent(0.125, 1), "12.5%"},
		{"percent es", Spanish.Percent(0.125, 1), "12,5" + nbsp + "%"},
		{"percent rounds", English.Percent(0.6666, 0), "67%"},
		{"percent whole", Spanish.Percent(1, 0), "100" + nbsp + "%"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestMoney(t *testing.T) {
	tests := []struct {
		cents    int64
		currency string
		en, es   string
	}{
		{123456, "EUR", "€1,234.56", "1.234,56" + nbsp + "€"},
		{123456, "", "€1,234.56", "1.234,56" + nbsp + "€"},
		{5, "eur", "€0.05", "0,05" + nbsp + "€"},
		{0, "EUR", "€0.00", "0,00" + nbsp + "€"},
		{-350, "GBP", "-£3.50", "-3,50" + nbsp + "£"},
		{1200, "CHF", "CHF 12.00", "12,00" + nbsp + "CHF"},
		{100000000050, "USD", "$1,000,000,000.50", "1.000.000.000,50" + nbsp + "$"},
		{math.MinInt64, "EUR", "-€92,233,720,368,547,758.08", "-92.233.720.368.547.758,08" + nbsp + "€"},
	}
	for _, tt := range tests {
		if got := English.Money(tt.cents, tt.currency); got != tt.en {
			t.Errorf("en %d %s: %q, want %q", tt.cents, tt.currency, got, tt.en)
		}
		if got := Spanish.Money(tt.cents, tt.currency); got != tt.es {
			t.Errorf("es %d %s: %q, want %q", tt.cents, tt.currency, got, tt.es)
		}
	}
}
