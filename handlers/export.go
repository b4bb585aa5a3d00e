package handlers

import (
	"bytes"
	"context"
	"github.com/aula-hr/aula/internal/paths"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/catalogue"
	mw "github.com/aula-hr/aula/middleware"
)

// writeCSV sends a CSV attachment. It is written to a buffer first so a
// failure half way never leaves a truncated file.
func writeCSV(c echo.Context, name string, write func(*bytes.Buffer) error) error {
	var buf bytes.Buffer
	buf.WriteString("\ufeff") // a byte order mark, so spreadsheets read UTF-8 names right
	if err := write(&buf); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	h.Set(echo.HeaderCacheControl, "no-store")
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// ExportCatalogue writes the current catalogue view (every page of it) as CSV.
func (ct *Catalogue) ExportCatalogue(c echo.Context) error {
	q := catalogue.ParseQuery(c.QueryParams())
	cl := mw.Client(c)
	var all []factorial.Training
	var cats []factorial.TrainingCategory
	g, ctx := errgroup.WithContext(c.Request().Context())
	g.Go(func() (err error) {
		all, _, err = ct.Lists.Get(ctx, cacheKey(c), func(ctx context.Context) ([]factorial.Training, error) {
			return cl.Trainings.All(ctx, nil)
		})
		return err
	})
	g.Go(func() (err error) { cats, err = catalogue.Categories(ctx, cl.Categories); return err })
	if err := g.Wait(); err != nil {
		return err
	}
	q.Page, q.PerPage = 1, len(all)+1
	view := catalogue.Apply(all, q)
	currency := catalogue.DefaultCurrency
	for _, t := range view.Trainings {
		if cur := catalogue.TrainingCurrency(t); cur != "" {
			currency = cur
			break
		}
	}
	return writeCSV(c, "trainings.csv", func(b *bytes.Buffer) error {
		return catalogue.WriteCatalogueCSV(c.Request().Context(), b, view.Trainings, catalogue.CategoryNames(cats), currency)
	})
}

// ExportParticipants writes a training's participants as CSV.
func (ct *Catalogue) ExportParticipants(c echo.Context) error {
	id, err := trainingID(c)
	if err != nil {
		return err
	}
	p, err := ct.loadTrainingFor(c, id, paths.TabParticipants, false)
	if err != nil {
		return err
	}
	return writeCSV(c, "participants-"+fileSlug(p.Training.Name)+".csv", func(b *bytes.Buffer) error {
		return catalogue.WriteParticipantsCSV(c.Request().Context(), b, p.Training, p.Participants, p.Today)
	})
}

// fileSlug keeps letters, digits and dashes of a name, for a file name.
func fileSlug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		return "training"
	}
	return out
}
