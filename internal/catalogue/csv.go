package catalogue

import (
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/training"
)

// SafeCell protects a CSV cell against formula injection: a spreadsheet runs
// a cell starting with = + - @ (or a tab or carriage return before one) as a
// formula, so such a cell gets a leading apostrophe and is shown as text.
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

func writeRows(w io.Writer, header []string, rows func(emit func([]string) error) error) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	err := rows(func(rec []string) error {
		for i := range rec {
			rec[i] = SafeCell(rec[i])
		}
		return cw.Write(rec)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func yesNo(l i18n.Locale, b bool) string {
	if b {
		return l.T("yes")
	}
	return l.T("no")
}

// statusLabel is a training status as a CSV cell in l.
func statusLabel(l i18n.Locale, s *factorial.TrainingStatus) string {
	switch {
	case s == nil:
		return ""
	case *s == factorial.TrainingDraft:
		return l.T("Draft")
	case *s == factorial.TrainingActive:
		return l.T("Active")
	case *s == factorial.TrainingDeleted:
		return l.T("Deleted")
	}
	return s.Label()
}

// WriteCatalogueCSV writes trainings as a CSV: the current catalogue view.
// categories names category ids; amounts are decimals in currency, empty
// where Factorial does not show them. The header and the words (status,
// yes/no) are in the language of ctx; figures stay plain ("1250.50"), as a
// spreadsheet imports them whatever its language.
func WriteCatalogueCSV(ctx context.Context, w io.Writer, trainings []factorial.Training, categories map[factorial.ID]string, currency string) error {
	l := i18n.From(ctx)
	header := []string{l.T("id"), l.T("name"), l.T("code"), l.T("status"), l.T("year"), l.T("categories"), l.T("mandatory"), l.T("in catalogue"),
		l.T("external"), l.T("provider"), l.T("participants"), l.T("valid for (years)"), l.T("duration (hours)"),
		l.T("cost (%s)", currency), l.T("subsidised cost (%s)", currency)}
	return writeRows(w, header, func(emit func([]string) error) error {
		for _, t := range trainings {
			status := statusLabel(l, t.Status)
			names := make([]string, 0, len(t.CategoryIDs))
			for _, id := range t.CategoryIDs {
				if n, ok := categories[id]; ok {
					names = append(names, n)
				} else {
					names = append(names, "#"+id.String())
				}
			}
			validFor := ""
			if t.ValidFor != nil {
				validFor = strconv.Itoa(*t.ValidFor)
			}
			duration := ""
			if t.TotalDuration != 0 {
				duration = strconv.FormatFloat(float64(t.TotalDuration), 'f', -1, 64)
			}
			cost, subsidised := "", ""
			if t.CostsVisible() {
				cost, subsidised = Cents(t.Cost).Decimal(), Cents(t.SubsidizedCost).Decimal()
			}
			if err := emit([]string{
				t.ID.String(), t.Name, deref(t.Code), status, strconv.Itoa(t.Year), strings.Join(names, "; "),
				yesNo(l, t.IsMandatory), yesNo(l, t.Catalog), yesNo(l, t.External), deref(t.ExternalProvider),
				strconv.Itoa(t.TotalParticipants), validFor, duration, cost, subsidised,
			}); err != nil {
				return err
			}
		}
		return nil
	})
}

func dateText(d *factorial.Date) string {
	if d == nil {
		return ""
	}
	return d.String()
}

// WriteParticipantsCSV writes a training's participants as a CSV, each
// with where they stand on today (training.StateOn: a lapsed completion is
// expired, not completed) and the last day their completion counts. The
// header, the status and the name of a person or training Factorial no
// longer returns are in the language of ctx; dates stay ISO 8601
// (2026-12-02).
func WriteParticipantsCSV(ctx context.Context, w io.Writer, t factorial.Training, ps []training.Participant, today factorial.Date) error {
	l := i18n.From(ctx)
	header := []string{l.T("training"), l.T("employee id"), l.T("name"), l.T("email"), l.T("status"), l.T("due date"), l.T("completed on"), l.T("valid until")}
	return writeRows(w, header, func(emit func([]string) error) error {
		for _, p := range ps {
			m := p.Membership
			state := training.StateOn(m, t.ValidFor, today, training.ExpiringDays)
			if err := emit([]string{training.TrainingName(ctx, &t), m.EmployeeID.String(), p.Name(ctx), p.Email(),
				l.T(state.Label()), dateText(m.TrainingDueDate), dateText(m.TrainingCompletedAt),
				dateText(training.Expires(m, t.ValidFor))}); err != nil {
				return err
			}
		}
		return nil
	})
}
