package handlers

import (
	"context"
	"errors"
	"github.com/aula-hr/aula/internal/paths"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/catalogue"
	"github.com/aula-hr/aula/internal/form"
	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/training"
	mw "github.com/aula-hr/aula/middleware"
	"github.com/aula-hr/aula/views/components/confirm"
	"github.com/aula-hr/aula/views/pages"
)

func knownCategories(cs []factorial.TrainingCategory) map[factorial.ID]bool {
	m := make(map[factorial.ID]bool, len(cs))
	for _, c := range cs {
		m[c.ID] = true
	}
	return m
}

func (ct *Catalogue) renderTrainingForm(c echo.Context, p pages.TrainingFormProps) error {
	status := http.StatusOK // validation re-renders with 200 (htmx 2 convention)
	ctx := c.Request().Context()
	title := i18n.T(ctx, "New training")
	if p.Training != nil {
		title = i18n.T(ctx, "Edit %s", p.Training.Name)
	}
	if p.Problem != nil {
		status = p.Problem.Status
	}
	return ct.Render.Page(c, status, title, pages.TrainingForm(p))
}

// NewTraining shows an empty training form, for this year.
func (ct *Catalogue) NewTraining(c echo.Context) error {
	if err := require(c, EditCatalogue, Subject{}); err != nil {
		return err
	}
	cats, err := catalogue.Categories(c.Request().Context(), mw.Client(c).Categories)
	if err != nil {
		return err
	}
	form := catalogue.TrainingForm{Input: catalogue.TrainingInput{Year: strconv.Itoa(ct.today().Year)}}
	return ct.renderTrainingForm(c, pages.TrainingFormProps{Form: form, Categories: sortedCategories(cats)})
}

// CreateTraining validates the form and creates the training.
func (ct *Catalogue) CreateTraining(c echo.Context) error {
	ctx := c.Request().Context()
	cl := mw.Client(c)
	values, err := c.FormParams()
	if err != nil {
		return echo.ErrBadRequest
	}
	cats, err := catalogue.Categories(ctx, cl.Categories)
	if err != nil {
		// Without the categories the form cannot be shown again: say so
		// with the input kept rather than lose it on an error page.
		f := catalogue.ParseTrainingForm(values, nil, i18n.From(ctx))
		return ct.renderTrainingForm(c, pages.TrainingFormProps{Form: f, Problem: readProblem(ctx, err)})
	}
	f := catalogue.ParseTrainingForm(values, knownCategories(cats), i18n.From(ctx))
	p := pages.TrainingFormProps{Form: f, Categories: sortedCategories(cats)}
	if !f.Valid() {
		return ct.renderTrainingForm(c, p)
	}
	sent := ct.now()
	t, err := cl.Trainings.Create(ctx, f.Values.Request())
	if err != nil {
		// Sending it again could make a second training: first look
		// whether Factorial made this one.
		switch lookAfter(err, func() (found bool, lerr error) {
			t, lerr = createdTraining(ctx, cl.Trainings, f.Values, sent)
			return t != nil, lerr
		}) {
		case notSaved:
			p.Problem = ptr(notSavedProblem(ctx, err, trainingNotThere))
			return ct.renderTrainingForm(c, p)
		case unknown:
			p.Problem = ptr(cannotTell(ctx, err, link{URL: catalogue.Query{Search: f.Values.Name, Page: 1, PerPage: catalogue.DefaultPerPage}.URL(paths.Trainings),
				Label: i18n.T(ctx, "Look for “%s” in the catalogue", f.Values.Name)}))
			return ct.renderTrainingForm(c, p)
		}
	}
	ct.afterWrite(c)
	msg := i18n.T(ctx, "Training “%s” created.", t.Name)
	if t.Status != nil && *t.Status == factorial.TrainingDraft {
		msg = i18n.T(ctx, "Training “%s” created as a draft: activate it when it is ready.", t.Name)
	}
	ct.flash(c, "success", msg)
	return Redirect(c, paths.Training(t.ID))
}

// EditTraining shows the form filled with the training.
func (ct *Catalogue) EditTraining(c echo.Context) error {
	id, err := trainingToEdit(c)
	if err != nil {
		return err
	}
	t, cats, err := ct.trainingAndCategories(c, id)
	if err != nil {
		return err
	}
	form := catalogue.TrainingForm{Input: catalogue.TrainingInputOf(*t, i18n.From(c.Request().Context()))}
	return ct.renderTrainingForm(c, pages.TrainingFormProps{Training: t, Form: form, Categories: sortedCategories(cats)})
}

// trainingAndCategories reads what the training form needs, concurrently.
func (ct *Catalogue) trainingAndCategories(c echo.Context, id factorial.ID) (*factorial.Training, []factorial.TrainingCategory, error) {
	cl := mw.Client(c)
	var t *factorial.Training
	var cats []factorial.TrainingCategory
	g, ctx := errgroup.WithContext(c.Request().Context())
	g.Go(func() (err error) { t, err = cl.Trainings.Get(ctx, id); return err })
	g.Go(func() (err error) { cats, err = catalogue.Categories(ctx, cl.Categories); return err })
	return t, cats, g.Wait()
}

// UpdateTraining validates the form and saves the training.
func (ct *Catalogue) UpdateTraining(c echo.Context) error {
	id, values, err := trainingPost(c)
	if err != nil {
		return err
	}
	t, cats, err := ct.trainingAndCategories(c, id)
	if err != nil {
		f := catalogue.ParseTrainingForm(values, nil, i18n.From(c.Request().Context()))
		shell := &factorial.Training{ID: id, Name: i18n.T(c.Request().Context(), "this training")}
		return ct.renderTrainingForm(c, pages.TrainingFormProps{Training: shell, Form: f, Problem: readProblem(c.Request().Context(), err)})
	}
	f := catalogue.ParseTrainingForm(values, knownCategories(cats), i18n.From(c.Request().Context()))
	p := pages.TrainingFormProps{Training: t, Form: f, Categories: sortedCategories(cats)}
	if !f.Valid() {
		return ct.renderTrainingForm(c, p)
	}
	saved, err := mw.Client(c).Trainings.Update(c.Request().Context(), id, f.Values.Request())
	if err != nil {
		p.Problem = ptr(writeProblem(c.Request().Context(), err, repeatable))
		return ct.renderTrainingForm(c, p)
	}
	ct.afterWrite(c)
	ct.flash(c, "success", i18n.T(c.Request().Context(), "Changes to “%s” saved.", saved.Name))
	return Redirect(c, paths.Training(id))
}

// ChangeStatus moves a training to another status, notifying its
// participants if asked.
func (ct *Catalogue) ChangeStatus(c echo.Context) error {
	id, err := trainingID(c)
	if err != nil {
		return err
	}
	SetRetry(c, paths.Training(id))
	status := factorial.TrainingStatus(c.FormValue("status"))
	notify := c.FormValue("notify") != ""
	if !status.Valid() {
		ct.flash(c, "error", i18n.T(c.Request().Context(), "Choose the new status first. Nothing was changed."))
		return Redirect(c, paths.Training(id))
	}
	if status == factorial.TrainingDeleted && c.FormValue("confirmed") != "yes" {
		return ct.confirmSoftDelete(c, id, notify)
	}
	t, err := mw.Client(c).Trainings.UpdateStatus(c.Request().Context(), id, status, notify)
	lost := false // the change was made, only Factorial's answer was lost
	if err != nil {
		// The page shown again reads the training: that read says whether
		// the status changed.
		p, lerr := ct.loadTraining(c, id, paths.TabOverview)
		if lerr != nil {
			return writeFailed(err, repeatable, link{}) // the page cannot be shown either: the error page says why
		}
		if factorial.OutcomeOf(err) == factorial.NotApplied || p.Training.Status == nil || *p.Training.Status != status {
			ctx := c.Request().Context()
			p.Problem = ptr(ProblemFor(ctx, err))
			p.Problem.Title = i18n.T(ctx, "The status was not changed")
			if factorial.OutcomeOf(err) == factorial.MaybeApplied {
				p.Problem.Detail = stillStatusDetail(ctx, p.Training.Status)
			}
			return ct.Render.Page(c, p.Problem.Status, p.Training.Name, pages.Training(p))
		}
		t, lost = &p.Training, true
	}
	ct.afterWrite(c)
	ctx := c.Request().Context()
	var msg string
	switch status {
	case factorial.TrainingDraft:
		msg = i18n.T(ctx, "“%s” is now Draft.", t.Name)
	case factorial.TrainingActive:
		msg = i18n.T(ctx, "“%s” is now Active.", t.Name)
	default:
		msg = i18n.T(ctx, "“%s” is now Deleted.", t.Name)
	}
	if lost {
		msg += " " + i18n.T(ctx, "Factorial's answer was lost, so Aula cannot tell whether the participants were notified.")
	} else if notify {
		msg += " " + i18n.T(ctx, "Its participants were notified.")
	} else {
		msg += " " + i18n.T(ctx, "Nobody was notified.")
	}
	ct.flash(c, "success", msg)
	if status == factorial.TrainingDeleted {
		return Redirect(c, paths.Trainings)
	}
	return Redirect(c, paths.Training(id))
}

// confirmSoftDelete asks before the status Deleted is set: the training
// leaves every list, though Factorial keeps it and its history.
func (ct *Catalogue) confirmSoftDelete(c echo.Context, id factorial.ID, notify bool) error {
	if err := require(c, EditCatalogue, Subject{}); err != nil {
		return err
	}
	t, err := mw.Client(c).Trainings.Get(c.Request().Context(), id)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	name := training.TrainingName(ctx, t)
	p := confirm.Props{
		Title: i18n.T(ctx, "Set “%s” to Deleted?", name),
		Intro: i18n.T(ctx, "You are about to mark as deleted:"),
		Items: []string{name},
		Consequences: []string{
			i18n.T(ctx, "It disappears from the catalogue and from every list. Factorial keeps it with its groups, sessions and enrolments, and HR can still open it and set another status."),
		},
		Action: paths.TrainingStatus(id), ConfirmLabel: i18n.T(ctx, "Set to Deleted"), CancelHref: paths.Training(id),
		Hidden: []confirm.Hidden{{Name: "status", Value: string(factorial.TrainingDeleted)}},
	}
	if notify {
		p.Hidden = append(p.Hidden, confirm.Hidden{Name: "notify", Value: "on"})
		p.Consequences = append(p.Consequences, i18n.T(ctx, "Its participants are notified."))
	}
	return ct.Render.Page(c, http.StatusOK, p.Title, confirm.Confirm(p))
}

// ConfirmDeleteTraining says what deleting the training removes.
func (ct *Catalogue) ConfirmDeleteTraining(c echo.Context) error {
	id, err := trainingToEdit(c)
	if err != nil {
		return err
	}
	cl := mw.Client(c)
	var t *factorial.Training
	var classes []factorial.TrainingClass
	var sessions *factorial.Page[factorial.Session]
	g, ctx := errgroup.WithContext(c.Request().Context())
	g.Go(func() (err error) { t, err = cl.Trainings.Get(ctx, id); return err })
	g.Go(func() (err error) {
		classes, err = classesOf(ctx, cl, id)
		return err
	})
	g.Go(func() (err error) {
		sessions, err = cl.Sessions.List(ctx, &factorial.SessionListOptions{ListOptions: factorial.ListOptions{Limit: 1}, TrainingIDs: []factorial.ID{id}})
		return err
	})
	if err := g.Wait(); err != nil {
		return err
	}
	ctx = c.Request().Context()
	p := confirm.Props{
		Title: i18n.T(ctx, "Delete this training?"), Intro: i18n.T(ctx, "You are about to delete, for good:"),
		Items: []string{t.Name},
		Consequences: []string{
			i18n.T(ctx, "With it go %s, %s with their attendance, and the enrolments of %s.",
				i18n.T(ctx, "%d groups", len(classes)), i18n.T(ctx, "%d sessions", sessions.Meta.Total), i18n.T(ctx, "%d people", t.TotalParticipants)),
			i18n.T(ctx, "To keep the history, set the status to Deleted instead: Factorial keeps it, hidden from lists."),
		},
		Action: paths.TrainingDelete(id), ConfirmLabel: i18n.T(ctx, "Delete “%s”", t.Name), CancelHref: paths.Training(id),
	}
	return ct.Render.Page(c, http.StatusOK, i18n.T(ctx, "Delete %s", t.Name), confirm.Confirm(p))
}

// DeleteTraining deletes the training once confirmed.
func (ct *Catalogue) DeleteTraining(c echo.Context) error {
	id, err := trainingID(c)
	if err != nil {
		return err
	}
	if c.FormValue("confirmed") != "yes" {
		return Redirect(c, paths.TrainingDelete(id))
	}
	t, err := mw.Client(c).Trainings.Delete(c.Request().Context(), id)
	if errors.Is(err, factorial.ErrNotFound) {
		// Deleting again after an answer that never came: it is gone.
		ct.afterWrite(c)
		ct.flash(c, "success", i18n.T(c.Request().Context(), "The training is deleted: it is no longer in Factorial."))
		return Redirect(c, paths.Trainings)
	}
	if err != nil {
		return writeFailed(err, repeatable, link{}) // the error page says whether it was changed, with a retry
	}
	ct.afterWrite(c)
	ct.flash(c, "success", i18n.T(c.Request().Context(), "“%s” was deleted.", t.Name))
	return Redirect(c, paths.Trainings)
}

// Bulk applies a bulk action to the selected trainings: show or hide them in
// the catalogue at once, or delete them after a confirmation naming them.
func (ct *Catalogue) Bulk(c echo.Context) error {
	values, err := c.FormParams()
	if err != nil {
		return echo.ErrBadRequest
	}
	back := mw.SafeReturnTo(values.Get("return_to"))
	if back == "/" || back == "" {
		back = paths.Trainings
	}
	SetRetry(c, back)
	ids, ok := form.IDs(values["ids"])
	if !ok {
		return echo.ErrBadRequest
	}
	ctx := c.Request().Context()
	if len(ids) == 0 {
		ct.flash(c, "error", i18n.T(ctx, "Select at least one training first. Nothing was changed."))
		return Redirect(c, back)
	}
	cl := mw.Client(c)
	switch action := values.Get("action"); action {
	case "show", "hide":
		ts, err := cl.Trainings.BulkUpdateCatalog(ctx, ids, action == "show")
		if err != nil {
			return ct.bulkProblem(c, back, ids, err)
		}
		ct.afterWrite(c)
		msg := i18n.T(ctx, "%d trainings are now shown in the catalogue.", len(ts))
		if action == "hide" {
			msg = i18n.T(ctx, "%d trainings are now hidden from the catalogue.", len(ts))
		}
		ct.flash(c, "success", msg)
		return Redirect(c, back)
	case "delete":
		if values.Get("confirmed") != "yes" {
			return ct.confirmBulkDelete(c, ids, back)
		}
		ts, err := cl.Trainings.BulkDelete(ctx, ids)
		if err != nil {
			return ct.bulkProblem(c, back, ids, err)
		}
		ct.afterWrite(c)
		ct.flash(c, "success", i18n.T(ctx, "%d trainings were deleted.", len(ts)))
		return Redirect(c, back)
	}
	return echo.ErrBadRequest
}

// bulkProblem shows the catalogue view the person came from with what went
// wrong and their selection still ticked.
func (ct *Catalogue) bulkProblem(c echo.Context, back string, ids []factorial.ID, err error) error {
	u, perr := url.Parse(back)
	if perr != nil {
		return writeFailed(err, repeatable, link{})
	}
	q := catalogue.ParseQuery(u.Query())
	cl := mw.Client(c)
	v, lerr := catalogue.LoadView(c.Request().Context(), ct.Lists, cacheKey(c), cl.Trainings, cl.Categories, q)
	if lerr != nil {
		return writeFailed(err, repeatable, link{}) // the view cannot be shown either: the error page says why
	}
	p := pages.CatalogueProps{
		Query: q, Result: v.Result, Categories: v.Categories,
		Years: ct.yearsOffered(), CanEdit: can(c, EditCatalogue, Subject{}), Problem: ptr(writeProblem(c.Request().Context(), err, repeatable)),
		Selected: map[factorial.ID]bool{},
	}
	if factorial.OutcomeOf(err) == factorial.NotApplied {
		p.Problem.Title = i18n.T(c.Request().Context(), "The selected trainings were not changed")
	}
	for _, id := range ids {
		p.Selected[id] = true
	}
	return ct.Render.Page(c, p.Problem.Status, i18n.T(c.Request().Context(), "Trainings"), pages.Catalogue(p))
}

func (ct *Catalogue) confirmBulkDelete(c echo.Context, ids []factorial.ID, back string) error {
	if err := require(c, EditCatalogue, Subject{}); err != nil {
		return err
	}
	ctx := c.Request().Context()
	found, err := training.Trainings(ctx, mw.Client(c).Trainings, ids)
	if err != nil {
		return err
	}
	var ts []factorial.Training
	for _, id := range ids {
		if t := found[id]; t != nil {
			ts = append(ts, *t)
		}
	}
	if len(ts) == 0 {
		ct.flash(c, "error", i18n.T(ctx, "The selected trainings no longer exist. Nothing was changed."))
		return Redirect(c, back)
	}
	p := confirm.Props{
		Title: i18n.T(ctx, "Delete %d trainings?", len(ts)), Intro: i18n.T(ctx, "You are about to delete, for good:"),
		Action: paths.Bulk, ConfirmLabel: i18n.T(ctx, "Delete %d trainings", len(ts)), CancelHref: back,
		Hidden: []confirm.Hidden{{Name: "action", Value: "delete"}, {Name: "return_to", Value: back}},
	}
	people := 0
	for _, t := range ts {
		p.Items = append(p.Items, t.Name)
		p.Hidden = append(p.Hidden, confirm.Hidden{Name: "ids", Value: t.ID.String()})
		people += t.TotalParticipants
	}
	p.Consequences = []string{i18n.T(ctx, "With them go their groups, sessions and attendance, and %d enrolments.", people)}
	return ct.Render.Page(c, http.StatusOK, p.Title, confirm.Confirm(p))
}

func sortedCategories(cs []factorial.TrainingCategory) []factorial.TrainingCategory {
	out := append([]factorial.TrainingCategory(nil), cs...)
	sortCategories(out)
	return out
}

// createdTraining looks for the training a create just sent, after
// Factorial's answer was lost: same name, code and year, created since sent
// (a minute of clock difference allowed). nil: not there.
func createdTraining(ctx context.Context, tr catalogue.TrainingReader, v catalogue.TrainingValues, sent time.Time) (*factorial.Training, error) {
	page, err := tr.List(ctx, &factorial.TrainingListOptions{ListOptions: factorial.ListOptions{Limit: training.PageSize}, Search: v.Name})
	if err != nil {
		return nil, err
	}
	var found *factorial.Training
	for i, t := range page.Data {
		code := ""
		if t.Code != nil {
			code = *t.Code
		}
		if strings.TrimSpace(t.Name) != v.Name || code != v.Code || t.Year != v.Year ||
			t.CreatedAt != nil && t.CreatedAt.Before(sent.Add(-time.Minute)) {
			continue
		}
		if found == nil || t.ID > found.ID {
			found = &page.Data[i]
		}
	}
	return found, nil
}
