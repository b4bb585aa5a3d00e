package catalogue

import (
	"net/url"
	"strings"
	"testing"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/form"
	"github.com/aula-hr/aula/internal/i18n"
)

func TestParseTrainingFormValid(t *testing.T) {
	v := url.Values{
		"name": {"  Fire safety  "}, "description": {"<b>hot</b>"}, "year": {"2026"}, "external": {"on"},
		"provider": {"Acme"}, "code": {"FS-1"}, "category_ids": {"3", "", "3", "4"}, "cost": {"1250,50"},
		"subsidized_cost": {"250"}, "valid_for": {"2"}, "duration": {"7.5"}, "mandatory": {"on"}, "objectives": {"Stay safe"},
	}
	f := ParseTrainingForm(v, map[factorial.ID]bool{3: true, 4: true}, i18n.English)
	if !f.Valid() {
		t.Fatalf("errors: %v", f.Errors)
	}
	got := f.Values
	if got.Name != "Fire safety" || got.Year != 2026 || !got.External || !got.Mandatory || got.Provider != "Acme" ||
		got.Cost != 125050 || got.SubsidizedCost != 25000 || *got.ValidFor != 2 || *got.Duration != 7.5 ||
		len(got.CategoryIDs) != 2 || got.Description != "<b>hot</b>" {
		t.Errorf("values %+v", got)
	}
}

func TestParseTrainingFormErrorsKeepInput(t *testing.T) {
	tests := []struct {
		name  string
		v     url.Values
		field string
	}{
		{"missing name", url.Values{"name": {"  "}, "year": {"2026"}}, "name"},
		{"long name", url.Values{"name": {strings.Repeat("a", MaxNameLen+1)}, "year": {"2026"}}, "name"},
		{"bad year", url.Values{"name": {"x"}, "year": {"26"}}, "year"},
		{"bad cost", url.Values{"name": {"x"}, "year": {"2026"}, "cost": {"12,34.5"}}, "cost"},
		{"subsidy above cost", url.Values{"name": {"x"}, "year": {"2026"}, "cost": {"10"}, "subsidized_cost": {"11"}}, "subsidized_cost"},
		{"validity zero", url.Values{"name": {"x"}, "year": {"2026"}, "valid_for": {"0"}}, "valid_for"},
		{"duration text", url.Values{"name": {"x"}, "year": {"2026"}, "duration": {"two"}}, "duration"},
		{"unknown category", url.Values{"name": {"x"}, "year": {"2026"}, "category_ids": {"99"}}, "category_ids"},
		{"provider without external", url.Values{"name": {"x"}, "year": {"2026"}, "provider": {"Acme"}}, "provider"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := ParseTrainingForm(tt.v, map[factorial.ID]bool{3: true}, i18n.English)
			if f.Errors[tt.field] == "" {
				t.Errorf("no error on %s; errors %v", tt.field, f.Errors)
			}
			if len(f.Errors) != 1 {
				t.Errorf("want only the %s error, got %v", tt.field, f.Errors)
			}
			if f.Input.Name != tt.v.Get("name") || f.Input.Cost != tt.v.Get("cost") || f.Input.Year != tt.v.Get("year") {
				t.Errorf("input not kept: %+v", f.Input)
			}
		})
	}
}

func TestTrainingInputOfRoundTrips(t *testing.T) {
	code, vf := "C1", 3
	tr := factorial.Training{Name: "A", Description: "d", Year: 2025, Code: &code, ValidFor: &vf, Cost: 1999, SubsidizedCost: 500,
		TotalDuration: 1.5, CategoryIDs: []factorial.ID{2}, IsMandatory: true}
	in := TrainingInputOf(tr, i18n.English)
	v := url.Values{"name": {in.Name}, "description": {in.Description}, "year": {in.Year}, "code": {in.Code},
		"valid_for": {in.ValidFor}, "cost": {in.Cost}, "subsidized_cost": {in.SubsidizedCost}, "duration": {in.Duration},
		"category_ids": in.CategoryIDs, "mandatory": {"on"}}
	f := ParseTrainingForm(v, nil, i18n.English)
	if !f.Valid() || f.Values.Cost != 1999 || f.Values.SubsidizedCost != 500 || *f.Values.Duration != 1.5 || *f.Values.ValidFor != 3 {
		t.Errorf("edit form of an existing training does not parse back: %v %+v", f.Errors, f.Values)
	}
}

func TestParseClassForm(t *testing.T) {
	ok := url.Values{"name": {"Spring"}, "start_date": {"2026-03-01"}, "end_date": {"2026-03-02"}, "cost": {"100"},
		"subsidized_cost": {"50"}, "indirect_cost": {"10.5"}, "salary_cost": {""}, "payment_status": {"paid"}}
	f := ParseClassForm(ok, i18n.English)
	if !f.Valid() || f.Values.IndirectCost != 1050 || f.Values.PaymentStatus != factorial.PaymentPaid || f.Values.StartDate.Day != 1 {
		t.Fatalf("valid group form: %v %+v", f.Errors, f.Values)
	}
	bad := func(k, val string) url.Values {
		v := url.Values{}
		for kk, vv := range ok {
			v[kk] = vv
		}
		v.Set(k, val)
		return v
	}
	for field, v := range map[string]url.Values{
		"start_date":      bad("start_date", "01/03/2026"),
		"end_date":        bad("end_date", "2026-02-28"),
		"cost":            bad("cost", "-5"),
		"payment_status":  bad("payment_status", "refunded"),
		"subsidized_cost": bad("subsidized_cost", "200"),
	} {
		f := ParseClassForm(v, i18n.English)
		if f.Errors[field] == "" || f.Input.StartDate != v.Get("start_date") {
			t.Errorf("%s: errors %v, input %+v", field, f.Errors, f.Input)
		}
	}
}

func FuzzParseTrainingForm(f *testing.F) {
	f.Add("Fire", "2026", "1250.50", "100", "2", "1.5", "3", "on")
	f.Add("", "x", "1,2", "-1", "0", "abc", "zz", "")
	f.Fuzz(func(t *testing.T, name, year, cost, sub, validFor, duration, cat, external string) {
		v := url.Values{"name": {name}, "year": {year}, "cost": {cost}, "subsidized_cost": {sub},
			"valid_for": {validFor}, "duration": {duration}, "category_ids": {cat}, "external": {external}}
		f := ParseTrainingForm(v, nil, i18n.English)
		if f.Input.Name != name || f.Input.Cost != cost {
			t.Fatal("input not kept")
		}
		if f.Valid() {
			val := f.Values
			if val.Name == "" || val.Year < form.MinYear || val.Year > form.MaxYear || val.Cost < 0 || val.SubsidizedCost > val.Cost {
				t.Fatalf("valid form with invalid values: %+v", val)
			}
		}
	})
}

func FuzzParseClassForm(f *testing.F) {
	f.Add("2026-01-01", "2026-01-02", "10", "5", "0", "0", "paid")
	f.Add("2026-13-01", "x", "1,5", "", "-", "9.999", "")
	f.Fuzz(func(t *testing.T, start, end, cost, sub, ind, sal, pay string) {
		v := url.Values{"start_date": {start}, "end_date": {end}, "cost": {cost}, "subsidized_cost": {sub},
			"indirect_cost": {ind}, "salary_cost": {sal}, "payment_status": {pay}}
		f := ParseClassForm(v, i18n.English)
		if f.Input.StartDate != start {
			t.Fatal("input not kept")
		}
		if f.Valid() {
			val := f.Values
			if val.EndDate.Before(val.StartDate) || !val.PaymentStatus.Valid() ||
				val.SubsidizedCost > val.Cost+val.IndirectCost+val.Salary {
				t.Fatalf("valid form with invalid values: %+v", val)
			}
		}
	})
}

// Money and hours are typed as the page's language writes them: a decimal
// comma and a dot grouping thousands in Spanish. A refused figure keeps
// what was typed, with an error in the page's language.
func TestFormDecimalsInBothLanguages(t *testing.T) {
	for _, tc := range []struct {
		l        i18n.Locale
		cost     string
		duration string
		cents    Cents   // 0 with want refused
		hours    float64 // 0 when refused
	}{
		{i18n.Spanish, "1.234,56", "12,5", 123456, 12.5},
		{i18n.Spanish, "1250,50", "1,5", 125050, 1.5},
		{i18n.Spanish, "1250.50", "2", 125050, 2}, // a browser's or a pasted figure
		{i18n.Spanish, "1.250", "12", 125000, 12}, // grouping in Spanish
		{i18n.English, "1,234.56", "12.5", 123456, 12.5},
		{i18n.English, "1250.50", "1.5", 125050, 1.5},
		{i18n.English, "1250,50", "2", 125050, 2}, // as Aula accepted before
		{i18n.Spanish, "12,345", "1,2,3", 0, 0},   // three decimals; not a number
		{i18n.Spanish, "1.23.456", "x", 0, 0},     // bad grouping
		{i18n.English, "12.34.5", "1.5.5", 0, 0},
		{i18n.English, "-5", "-1", 0, 0},
	} {
		v := url.Values{"name": {"Fire"}, "year": {"2026"}, "cost": {tc.cost}, "duration": {tc.duration}}
		f := ParseTrainingForm(v, nil, tc.l)
		if f.Input.Cost != tc.cost || f.Input.Duration != tc.duration {
			t.Errorf("%s %q: input not kept: %+v", tc.l, tc.cost, f.Input)
		}
		if tc.cents == 0 {
			if f.Errors["cost"] != tc.l.AmountError() {
				t.Errorf("%s cost %q: error %q, want %q", tc.l, tc.cost, f.Errors["cost"], tc.l.AmountError())
			}
			if f.Errors["duration"] == "" {
				t.Errorf("%s duration %q accepted", tc.l, tc.duration)
			}
			continue
		}
		if !f.Valid() || f.Values.Cost != tc.cents || f.Values.Duration == nil || *f.Values.Duration != tc.hours {
			t.Errorf("%s %q %q: %v %+v", tc.l, tc.cost, tc.duration, f.Errors, f.Values)
		}
	}
	if got := i18n.Spanish.AmountError(); got != "Escribe un importe, por ejemplo 1250,50." {
		t.Errorf("Spanish amount error: %q", got)
	}
	f := ParseTrainingForm(url.Values{"name": {"Fire"}, "year": {"2026"}, "duration": {"dos"}}, nil, i18n.Spanish)
	if f.Errors["duration"] != "Escribe las horas como un número, por ejemplo 12 o 1,5." {
		t.Errorf("Spanish hours error: %q", f.Errors["duration"])
	}
}

// A group's amounts and dates in Spanish: a decimal comma, and the first and
// last days as dd/mm/aaaa or ISO.
func TestClassFormInSpanish(t *testing.T) {
	v := url.Values{"start_date": {"2/12/2026"}, "end_date": {"2026-12-04"}, "cost": {"1.000,50"},
		"subsidized_cost": {"250,5"}, "indirect_cost": {"10"}, "salary_cost": {""}, "payment_status": {"paid"}}
	f := ParseClassForm(v, i18n.Spanish)
	if !f.Valid() || f.Values.Cost != 100050 || f.Values.SubsidizedCost != 25050 ||
		f.Values.StartDate.String() != "2026-12-02" || f.Values.EndDate.String() != "2026-12-04" {
		t.Fatalf("%v %+v", f.Errors, f.Values)
	}
	v.Set("start_date", "31/11/2026")
	v.Set("subsidized_cost", "5000")
	f = ParseClassForm(v, i18n.Spanish)
	if f.Errors["start_date"] != i18n.Spanish.DateError() || f.Input.StartDate != "31/11/2026" {
		t.Errorf("31/11: %q, input %q", f.Errors["start_date"], f.Input.StartDate)
	}
	v.Set("start_date", "01/12/2026")
	f = ParseClassForm(v, i18n.Spanish)
	if f.Errors["subsidized_cost"] != "La parte bonificada no puede ser mayor que el coste bruto (1010,50)." {
		t.Errorf("gross in Spanish: %q", f.Errors["subsidized_cost"])
	}
	en := ParseClassForm(url.Values{"start_date": {"2/12/2026"}, "end_date": {"2026-12-04"}, "payment_status": {"paid"}}, i18n.English)
	if en.Errors["start_date"] != i18n.English.DateError() {
		t.Errorf("English takes ISO only: %q", en.Errors["start_date"])
	}
}

// The edit form writes figures back as the language types them, and they
// parse back to the same values.
func TestInputOfWritesTheLanguagesDecimals(t *testing.T) {
	tr := factorial.Training{Name: "A", Year: 2025, Cost: 125050, SubsidizedCost: 500, TotalDuration: 1.5}
	in := TrainingInputOf(tr, i18n.Spanish)
	if in.Cost != "1250,50" || in.Duration != "1,5" {
		t.Errorf("Spanish input: %+v", in)
	}
	f := ParseTrainingForm(url.Values{"name": {in.Name}, "year": {in.Year}, "cost": {in.Cost}, "subsidized_cost": {in.SubsidizedCost}, "duration": {in.Duration}}, nil, i18n.Spanish)
	if !f.Valid() || f.Values.Cost != 125050 || f.Values.SubsidizedCost != 500 || *f.Values.Duration != 1.5 {
		t.Errorf("does not parse back: %v %+v", f.Errors, f.Values)
	}
}
