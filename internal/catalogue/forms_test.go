package catalogue

import (
	"github.com/aula-hr/aula/internal/i18n"
	"net/url"
	"strings"
	"testing"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/form"
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
