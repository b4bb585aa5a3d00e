package catalogue

import (
	"bytes"
	"context"
	"encoding/csv"
	"testing"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/training"
)

var (
	inEnglish = i18n.WithLocale(context.Background(), i18n.English)
	inSpanish = i18n.WithLocale(context.Background(), i18n.Spanish)
)

func TestSafeCell(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")", "+1": "'+1", "-2": "'-2", "@SUM(A1)": "'@SUM(A1)",
		"\t=1": "'\t=1", "Fire safety": "Fire safety", "": "", "a=b": "a=b",
	} {
		if got := SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriteCatalogueCSV(t *testing.T) {
	active := factorial.TrainingActive
	vf := 2
	ts := []factorial.Training{
		{ID: 1, Name: "=cmd|'/c calc'!A1", Status: &active, Year: 2026, CategoryIDs: []factorial.ID{3, 9},
			IsMandatory: true, Cost: 125050, ValidFor: &vf},
		{ID: 2, Name: "Plain, with comma", Year: 2025},
	}
	var buf bytes.Buffer
	if err := WriteCatalogueCSV(inEnglish, &buf, ts, map[factorial.ID]string{3: "Safety"}, "EUR"); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	r := rows[1]
	if r[1] != "'=cmd|'/c calc'!A1" || r[3] != "Active" || r[5] != "Safety; #9" || r[6] != "yes" || r[11] != "2" || r[13] != "1250.50" {
		t.Errorf("row %q", r)
	}
	if rows[2][1] != "Plain, with comma" {
		t.Errorf("quoting broke: %q", rows[2])
	}
}

func TestWriteParticipantsCSV(t *testing.T) {
	done := factorial.Date{Year: 2026, Month: 5, Day: 4}
	ps := []training.Participant{
		{Membership: factorial.TrainingMembership{EmployeeID: 7, Status: factorial.Completed, TrainingCompletedAt: &done},
			Employee: &factorial.Employee{ID: 7, FullName: "@Ana Ruiz"}},
		{Membership: factorial.TrainingMembership{EmployeeID: 8, Status: factorial.NotStarted}},
	}
	var buf bytes.Buffer
	if err := WriteParticipantsCSV(inEnglish, &buf, factorial.Training{Name: "Fire"}, ps, factorial.Date{Year: 2026, Month: 12, Day: 2}); err != nil {
		t.Fatal(err)
	}
	rows, _ := csv.NewReader(&buf).ReadAll()
	if rows[1][2] != "'@Ana Ruiz" || rows[1][4] != "Completed" || rows[1][6] != "2026-05-04" {
		t.Errorf("row %q", rows[1])
	}
	if rows[2][2] != "A former employee" || rows[2][4] != "Not started" {
		t.Errorf("row without employee %q", rows[2])
	}
}

// A completion older than the training's validity is expired in the export,
// with the last day it counted; one still valid is completed.
func TestWriteParticipantsCSVSaysExpired(t *testing.T) {
	old, fresh := factorial.Date{Year: 2025, Month: 6, Day: 13}, factorial.Date{Year: 2026, Month: 11, Day: 1}
	one := 1
	ps := []training.Participant{
		{Membership: factorial.TrainingMembership{EmployeeID: 7, Status: factorial.Completed, TrainingCompletedAt: &old}},
		{Membership: factorial.TrainingMembership{EmployeeID: 8, Status: factorial.Completed, TrainingCompletedAt: &fresh}},
	}
	var buf bytes.Buffer
	if err := WriteParticipantsCSV(inEnglish, &buf, factorial.Training{Name: "Fire", ValidFor: &one}, ps, factorial.Date{Year: 2026, Month: 12, Day: 2}); err != nil {
		t.Fatal(err)
	}
	rows, _ := csv.NewReader(&buf).ReadAll()
	if rows[0][7] != "valid until" || rows[1][4] != "Expired" || rows[1][7] != "2026-06-12" {
		t.Errorf("lapsed completion exported as %q", rows[1])
	}
	if rows[2][4] != "Completed" || rows[2][7] != "2027-10-31" {
		t.Errorf("valid completion exported as %q", rows[2])
	}
}

// A Spanish export has a Spanish header and Spanish words (status, sí/no,
// what a person Factorial no longer returns is called); names, figures and
// dates stay as they are, as spreadsheets import them.
func TestCSVInSpanish(t *testing.T) {
	draft := factorial.TrainingDraft
	var buf bytes.Buffer
	ts := []factorial.Training{{ID: 1, Name: "Incendios", Status: &draft, Year: 2026, Cost: 125050, IsMandatory: true}}
	if err := WriteCatalogueCSV(inSpanish, &buf, ts, nil, "EUR"); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if h := rows[0]; h[1] != "nombre" || h[3] != "estado" || h[13] != "coste (EUR)" || h[14] != "coste bonificado (EUR)" {
		t.Errorf("header %q", h)
	}
	if r := rows[1]; r[3] != "Borrador" || r[6] != "sí" || r[7] != "no" || r[13] != "1250.50" {
		t.Errorf("row %q", r)
	}

	done := factorial.Date{Year: 2026, Month: 5, Day: 4}
	ps := []training.Participant{{Membership: factorial.TrainingMembership{EmployeeID: 7, Status: factorial.Completed, TrainingCompletedAt: &done},
		Employee: &factorial.Employee{ID: 7, FullName: "Ana Ruiz"}},
		{Membership: factorial.TrainingMembership{EmployeeID: 8, Status: factorial.NotStarted}}}
	buf.Reset()
	if err := WriteParticipantsCSV(inSpanish, &buf, factorial.Training{Name: "Incendios"}, ps, factorial.Date{Year: 2026, Month: 12, Day: 2}); err != nil {
		t.Fatal(err)
	}
	rows, err = csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if h := rows[0]; h[0] != "formación" || h[1] != "id de empleado" || h[5] != "fecha límite" || h[6] != "finalizada el" {
		t.Errorf("header %q", h)
	}
	if r := rows[1]; r[0] != "Incendios" || r[2] != "Ana Ruiz" || r[4] != "Completada" || r[6] != "2026-05-04" {
		t.Errorf("row %q", r)
	}
	if r := rows[2]; r[1] != "8" || r[2] != "Una persona que ya no está en la empresa" || r[4] != "Sin empezar" {
		t.Errorf("row without employee %q", r)
	}
}
