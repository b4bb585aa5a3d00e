package catalogue

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/form"
	"github.com/aula-hr/aula/internal/i18n"
)

// Field limits.
const (
	MaxNameLen        = 200
	MaxCodeLen        = 50
	MaxProviderLen    = 200
	MaxDescriptionLen = 10000
	MaxValidForYears  = 50
	MaxDurationHours  = 10000
	// MaxCategoryNameLen: a category is a short label, shown in lists,
	// filters and tags next to other controls.
	MaxCategoryNameLen = 80
)

// TrainingInput is a training form exactly as the user typed it, so a form
// with errors is shown again with the input kept.
type TrainingInput struct {
	Name, Description, Year, Provider, Code, Objectives string
	Cost, SubsidizedCost, ValidFor, Duration            string
	External, Mandatory                                 bool
	CategoryIDs                                         []string
}

// TrainingValues is a valid training form, in the API's units.
type TrainingValues struct {
	Name, Description          string
	Year                       int
	External, Mandatory        bool
	Provider, Code, Objectives string
	CategoryIDs                []factorial.ID
	Cost, SubsidizedCost       Cents
	ValidFor                   *int     // years; nil when not given
	Duration                   *float64 // hours; nil when not given
}

// TrainingForm is a parsed training form: the raw input, the field errors
// (empty when valid) and the values.
type TrainingForm struct {
	Input  TrainingInput
	Errors form.Errors
	Values TrainingValues
}

// Valid reports whether the form has no errors.
func (f TrainingForm) Valid() bool { return len(f.Errors) == 0 }

// TrainingInputOf fills a form from an existing training, for editing, with
// decimals written as l types them.
func TrainingInputOf(t factorial.Training, l i18n.Locale) TrainingInput {
	in := TrainingInput{
		Name: t.Name, Description: t.Description, Year: strconv.Itoa(t.Year),
		External: t.External, Mandatory: t.IsMandatory,
		Provider: deref(t.ExternalProvider), Code: deref(t.Code), Objectives: deref(t.Objectives),
		Cost: l.FormDecimal(Cents(t.Cost).FormField()), SubsidizedCost: l.FormDecimal(Cents(t.SubsidizedCost).FormField()),
	}
	if t.ValidFor != nil {
		in.ValidFor = strconv.Itoa(*t.ValidFor)
	}
	if t.TotalDuration != 0 {
		in.Duration = l.FormDecimal(strconv.FormatFloat(float64(t.TotalDuration), 'f', -1, 64))
	}
	for _, id := range t.CategoryIDs {
		in.CategoryIDs = append(in.CategoryIDs, id.String())
	}
	return in
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// ParseTrainingForm validates a training form, typed in l (a decimal comma
// in Spanish) and with its errors in l. knownCategories, when not nil, is
// the set of category ids that exist: others are a field error (a category
// deleted by someone else since the form was shown).
func ParseTrainingForm(v url.Values, knownCategories map[factorial.ID]bool, l i18n.Locale) TrainingForm {
	in := TrainingInput{
		Name: v.Get("name"), Description: v.Get("description"), Year: v.Get("year"),
		Provider: v.Get("provider"), Code: v.Get("code"), Objectives: v.Get("objectives"),
		Cost: v.Get("cost"), SubsidizedCost: v.Get("subsidized_cost"),
		ValidFor: v.Get("valid_for"), Duration: v.Get("duration"),
		External: form.Checkbox(v, "external"), Mandatory: form.Checkbox(v, "mandatory"),
		CategoryIDs: v["category_ids"],
	}
	f := TrainingForm{Input: in, Errors: form.Errors{}}
	val := &f.Values
	val.External, val.Mandatory = in.External, in.Mandatory

	val.Name = strings.TrimSpace(in.Name)
	switch {
	case val.Name == "":
		f.Errors["name"] = l.T("Give the training a name.")
	case utf8.RuneCountInString(val.Name) > MaxNameLen:
		f.Errors["name"] = l.T("Keep the name under %d characters.", MaxNameLen)
	case !utf8.ValidString(val.Name):
		f.Errors["name"] = l.T("The name contains characters that are not text.")
	}
	val.Description = strings.TrimSpace(in.Description)
	if utf8.RuneCountInString(val.Description) > MaxDescriptionLen {
		f.Errors["description"] = l.T("Keep the description under %d characters.", MaxDescriptionLen)
	}
	val.Objectives = strings.TrimSpace(in.Objectives)
	if utf8.RuneCountInString(val.Objectives) > MaxDescriptionLen {
		f.Errors["objectives"] = l.T("Keep the objectives under %d characters.", MaxDescriptionLen)
	}
	if y, err := strconv.Atoi(strings.TrimSpace(in.Year)); err != nil || y < form.MinYear || y > form.MaxYear {
		f.Errors["year"] = l.T("Enter the year as four digits, between %s and %s.", strconv.Itoa(form.MinYear), strconv.Itoa(form.MaxYear))
	} else {
		val.Year = y
	}
	val.Code = strings.TrimSpace(in.Code)
	if utf8.RuneCountInString(val.Code) > MaxCodeLen {
		f.Errors["code"] = l.T("Keep the code under %d characters.", MaxCodeLen)
	}
	val.Provider = strings.TrimSpace(in.Provider)
	switch {
	case utf8.RuneCountInString(val.Provider) > MaxProviderLen:
		f.Errors["provider"] = l.T("Keep the provider under %d characters.", MaxProviderLen)
	case val.Provider != "" && !val.External:
		f.Errors["provider"] = l.T("Only an external training has a provider: tick “External” or clear the provider.")
	}

	for _, s := range in.CategoryIDs {
		if strings.TrimSpace(s) == "" {
			continue
		}
		id, err := factorial.ParseID(s)
		if err != nil || (knownCategories != nil && !knownCategories[id]) {
			f.Errors["category_ids"] = l.T("One of the chosen categories no longer exists; choose again.")
			continue
		}
		if !slices.Contains(val.CategoryIDs, id) {
			val.CategoryIDs = append(val.CategoryIDs, id)
		}
	}

	val.Cost = parseCostField(l, f.Errors, "cost", in.Cost)
	val.SubsidizedCost = parseCostField(l, f.Errors, "subsidized_cost", in.SubsidizedCost)
	if f.Errors["cost"] == "" && f.Errors["subsidized_cost"] == "" && val.SubsidizedCost > val.Cost {
		f.Errors["subsidized_cost"] = l.T("The subsidised part cannot be more than the cost.")
	}

	if s := strings.TrimSpace(in.ValidFor); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxValidForYears {
			f.Errors["valid_for"] = l.T("Enter a whole number of years between 1 and %d, or leave it empty if it does not expire.", MaxValidForYears)
		} else {
			val.ValidFor = &n
		}
	}
	if s := strings.TrimSpace(in.Duration); s != "" {
		c, err := parseDecimal(l, s)
		if err != nil || c > MaxDurationHours*100 {
			f.Errors["duration"] = l.T("Enter the hours as a number, for example %s or %s.", "12", l.FormDecimal("1.5"))
		} else {
			h := float64(c) / 100
			val.Duration = &h
		}
	}
	return f
}

func parseCostField(l i18n.Locale, errs form.Errors, name, s string) Cents {
	if strings.TrimSpace(s) == "" {
		return 0
	}
	c, err := parseDecimal(l, s)
	if err != nil {
		errs[name] = l.AmountError()
		return 0
	}
	return c
}

// parseDecimal reads a positive amount or number of hours (two decimals at
// most) as l writes it: "1.234,56" or "12,5" in Spanish, "1,234.56" in
// English (l.ParseDecimal), then ParseAmount's range checks.
func parseDecimal(l i18n.Locale, s string) (Cents, error) {
	plain, err := l.ParseDecimal(s)
	if err != nil {
		return 0, err
	}
	return ParseAmount(plain, false)
}

// ClassInput is a group form as typed.
type ClassInput struct {
	Name, Description, StartDate, EndDate          string
	Cost, SubsidizedCost, IndirectCost, SalaryCost string
	PaymentStatus                                  string
}

// ClassValues is a valid group form.
type ClassValues struct {
	Name, Description                          string
	StartDate, EndDate                         factorial.Date
	Cost, SubsidizedCost, IndirectCost, Salary Cents
	PaymentStatus                              factorial.PaymentStatus
}

// ClassForm is a parsed group (training class) form.
type ClassForm struct {
	Input  ClassInput
	Errors form.Errors
	Values ClassValues
}

// Valid reports whether the form has no errors.
func (f ClassForm) Valid() bool { return len(f.Errors) == 0 }

// ClassInputOf fills a form from an existing group, for editing, with
// amounts written as l types them. Dates stay ISO 8601, as a date field
// takes them.
func ClassInputOf(c factorial.TrainingClass, l i18n.Locale) ClassInput {
	g, _ := ClassCosts(c)
	in := ClassInput{
		Name: c.Name, Description: deref(c.Description),
		Cost: l.FormDecimal(g.Direct.FormField()), SubsidizedCost: l.FormDecimal(g.Subsidised.FormField()),
		IndirectCost: l.FormDecimal(g.Indirect.FormField()), SalaryCost: l.FormDecimal(g.Salary.FormField()),
		PaymentStatus: string(factorial.PaymentPending),
	}
	if c.StartDate != nil {
		in.StartDate = c.StartDate.String()
	}
	if c.EndDate != nil {
		in.EndDate = c.EndDate.String()
	}
	if c.PaymentStatus != nil {
		in.PaymentStatus = string(*c.PaymentStatus)
	}
	return in
}

// ParseClassForm validates a group form, typed in l and with its errors in l.
func ParseClassForm(v url.Values, l i18n.Locale) ClassForm {
	in := ClassInput{
		Name: v.Get("name"), Description: v.Get("description"),
		StartDate: v.Get("start_date"), EndDate: v.Get("end_date"),
		Cost: v.Get("cost"), SubsidizedCost: v.Get("subsidized_cost"),
		IndirectCost: v.Get("indirect_cost"), SalaryCost: v.Get("salary_cost"),
		PaymentStatus: v.Get("payment_status"),
	}
	f := ClassForm{Input: in, Errors: form.Errors{}}
	val := &f.Values
	val.Name = strings.TrimSpace(in.Name)
	if utf8.RuneCountInString(val.Name) > MaxNameLen {
		f.Errors["name"] = l.T("Keep the name under %d characters.", MaxNameLen)
	}
	val.Description = strings.TrimSpace(in.Description)
	if utf8.RuneCountInString(val.Description) > MaxDescriptionLen {
		f.Errors["description"] = l.T("Keep the description under %d characters.", MaxDescriptionLen)
	}
	val.StartDate = form.Date(l, f.Errors, "start_date", in.StartDate, l.T("Enter the first day of the group."))
	val.EndDate = form.Date(l, f.Errors, "end_date", in.EndDate, l.T("Enter the last day of the group."))
	if f.Errors["start_date"] == "" && f.Errors["end_date"] == "" && val.EndDate.Before(val.StartDate) {
		f.Errors["end_date"] = l.T("The last day cannot be before the first day.")
	}
	val.Cost = parseCostField(l, f.Errors, "cost", in.Cost)
	val.SubsidizedCost = parseCostField(l, f.Errors, "subsidized_cost", in.SubsidizedCost)
	val.IndirectCost = parseCostField(l, f.Errors, "indirect_cost", in.IndirectCost)
	val.Salary = parseCostField(l, f.Errors, "salary_cost", in.SalaryCost)
	if len(f.Errors) == 0 {
		if gross := val.Cost + val.IndirectCost + val.Salary; val.SubsidizedCost > gross {
			f.Errors["subsidized_cost"] = l.T("The subsidised part cannot be more than the gross cost (%s).", l.FormDecimal(gross.Decimal()))
		}
	}
	val.PaymentStatus = factorial.PaymentStatus(strings.TrimSpace(in.PaymentStatus))
	if !val.PaymentStatus.Valid() {
		f.Errors["payment_status"] = l.T("Choose whether the group is paid or pending.")
	}
	return f
}
