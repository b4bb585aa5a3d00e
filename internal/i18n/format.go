package i18n

import (
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/number"
)

// Dates are written in the location of the time given: callers convert to
// the company's time zone first, as they do today.

var (
	monthsEN        = [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	monthsShortEN   = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	weekdaysEN      = [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	weekdaysShortEN = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	// Spanish as CLDR writes it: lower case, "sept." for September.
	monthsES        = [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}
	monthsShortES   = [12]string{"ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.", "nov.", "dic."}
	weekdaysES      = [7]string{"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"}
	weekdaysShortES = [7]string{"dom.", "lun.", "mar.", "mié.", "jue.", "vie.", "sáb."}
)

func (l Locale) month(m time.Month) string {
	if l.ok() == Spanish {
		return monthsES[m-1]
	}
	return monthsEN[m-1]
}

func (l Locale) monthShort(m time.Month) string {
	if l.ok() == Spanish {
		return monthsShortES[m-1]
	}
	return monthsShortEN[m-1]
}

// LongDate is the date written out: "Wednesday, 2 December 2026",
// "miércoles, 2 de diciembre de 2026".
func (l Locale) LongDate(t time.Time) string {
	d := strconv.Itoa(t.Day())
	y := strconv.Itoa(t.Year())
	if l.ok() == Spanish {
		return weekdaysES[t.Weekday()] + ", " + d + " de " + monthsES[t.Month()-1] + " de " + y
	}
	return weekdaysEN[t.Weekday()] + ", " + d + " " + monthsEN[t.Month()-1] + " " + y
}

// Weekday names the day of the week of t: "Monday", "lunes".
func (l Locale) Weekday(t time.Time) string {
	if l.ok() == Spanish {
		return weekdaysES[t.Weekday()]
	}
	return weekdaysEN[t.Weekday()]
}

// WeekdayShort is the weekday of a calendar's column head: "Mon", "lun.".
func (l Locale) WeekdayShort(t time.Time) string {
	if l.ok() == Spanish {
		return weekdaysShortES[t.Weekday()]
	}
	return weekdaysShortEN[t.Weekday()]
}

// MediumDate is the date of a table cell: "2 Dec 2026", "2 dic. 2026".
func (l Locale) MediumDate(t time.Time) string {
	return l.ShortDate(t) + " " + strconv.Itoa(t.Year())
}

// ShortDate is a day and month within a known year: "2 Dec", "2 dic.".
func (l Locale) ShortDate(t time.Time) string {
	return strconv.Itoa(t.Day()) + " " + l.monthShort(t.Month())
}

// MonthYear names a calendar month: "December 2026", "diciembre de 2026".
func (l Locale) MonthYear(t time.Time) string {
	if l.ok() == Spanish {
		return l.month(t.Month()) + " de " + strconv.Itoa(t.Year())
	}
	return l.month(t.Month()) + " " + strconv.Itoa(t.Year())
}

// Time is the time of day on a 24-hour clock in both languages: "09:30".
func (l Locale) Time(t time.Time) string { return t.Format("15:04") }

// TimeRange is a session's hours: "09:30–11:00".
func (l Locale) TimeRange(start, end time.Time) string {
	return l.Time(start) + "–" + l.Time(end)
}

// DateRange is the days a group or a series runs, in the medium style,
// saying the shared month and year once: "2–4 Dec 2026", "30 Nov – 2 Dec
// 2026", "30 Dec 2026 – 2 Jan 2027" ("2–4 dic. 2026" in Spanish). One day
// is a MediumDate; an end before the start is written as given.
func (l Locale) DateRange(start, end time.Time) string {
	sy, sm, sd := start.Date()
	ey, em, ed := end.Date()
	switch {
	case sy == ey && sm == em && sd == ed:
		return l.MediumDate(start)
	case end.Before(start) || sy != ey:
		return l.MediumDate(start) + " – " + l.MediumDate(end)
	case sm == em:
		return strconv.Itoa(sd) + "–" + l.MediumDate(end)
	default:
		return l.ShortDate(start) + " – " + l.MediumDate(end)
	}
}

// Int is a whole number with the language's grouping: "1,234", "1.234".
func (l Locale) Int(n int) string {
	return printers()[l.ok()].Sprint(number.Decimal(n))
}

// Decimal is a number with at most maxFrac decimals, trailing zeros
// dropped: "7.5", "7,5", "1,234.25", "1.234,25".
func (l Locale) Decimal(v float64, maxFrac int) string {
	return printers()[l.ok()].Sprint(number.Decimal(v, number.MaxFractionDigits(maxFrac)))
}

// Percent is a ratio as a percentage with at most maxFrac decimals: 0.125 is
// "12.5%" in English and "12,5 %" in Spanish (with a no-break space, as
// Spanish writes it).
func (l Locale) Percent(ratio float64, maxFrac int) string {
	return printers()[l.ok()].Sprint(number.Percent(ratio, number.MaxFractionDigits(maxFrac)))
}

// currencySymbols are written for these currencies; others are written as
// their ISO code. The same set as internal/catalogue's Cents.Format.
var currencySymbols = map[string]string{"EUR": "€", "USD": "$", "GBP": "£"}

// Money writes an amount in cents (internal/catalogue's Cents, int64(c)) in
// a currency: "€1,234.56", "-£3.50", "CHF 12.00" in English, "1.234,56 €",
// "-3,50 £", "12,00 CHF" in Spanish, where the symbol follows the amount
// after a no-break space. An empty currency is EUR, Aula's default.
func (l Locale) Money(cents int64, currency string) string {
	currency = strings.ToUpper(strings.TrimSpace(currency))
	if currency == "" {
		currency = "EUR"
	}
	sign := ""
	u := uint64(cents)
	if cents < 0 {
		sign, u = "-", uint64(-(cents+1))+1 // no overflow at math.MinInt64
	}
	frac := strconv.FormatUint(u%100+100, 10)[1:]
	whole := printers()[l.ok()].Sprint(number.Decimal(u / 100))
	sym, known := currencySymbols[currency]
	if l.ok() == Spanish {
		if !known {
			sym = currency
		}
		return sign + whole + "," + frac + "\u00a0" + sym
	}
	if !known {
		sym = currency + " "
	}
	return sign + sym + whole + "." + frac
}
