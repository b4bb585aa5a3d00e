package handlers

import (
	"github.com/aula-hr/aula/internal/paths"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/catalogue"
	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/training"
	mw "github.com/aula-hr/aula/middleware"
	"github.com/aula-hr/aula/views/components/confirm"
	"github.com/aula-hr/aula/views/pages"
)

// groupPaths reads :id and :cid.
func groupPaths(c echo.Context) (factorial.ID, factorial.ClassID, error) {
	id, err := trainingID(c)
	if err != nil {
		return 0, "", err
	}
	cid := factorial.ClassID(c.Param("cid"))
	if cid == "" || len(cid) > 64 {
		return 0, "", echo.ErrNotFound
	}
	return id, cid, nil
}

// groupToEdit reads the training and group of a page only those who edit
// the catalogue use, refusing the others first.
func (ct *Catalogue) groupToEdit(c echo.Context) (factorial.ID, factorial.ClassID, *factorial.Training, *factorial.TrainingClass, error) {
	if err := require(c, EditCatalogue, Subject{}); err != nil {
		return 0, "", nil, nil, err
	}
	id, cid, err := groupPaths(c)
	if err != nil {
		return 0, "", nil, nil, err
	}
	t, class, err := ct.loadGroup(c, id, cid)
	return id, cid, t, class, err
}

// loadGroup reads the training and, when cid is set, the group, concurrently;
// a group of another training is a 404.
func (ct *Catalogue) loadGroup(c echo.Context, id factorial.ID, cid factorial.ClassID) (*factorial.Training, *factorial.TrainingClass, error) {
	cl := mw.Client(c)
	var t *factorial.Training
	var class *factorial.TrainingClass
	g, ctx := errgroup.WithContext(c.Request().Context())
	g.Go(func() (err error) { t, err = cl.Trainings.Get(ctx, id); return err })
	if cid != "" {
		g.Go(func() (err error) { class, err = cl.Classes.Get(ctx, cid); return err })
	}
	if err := g.Wait(); err != nil {
		return nil, nil, err
	}
	if class != nil && class.TrainingID != id {
		return nil, nil, echo.ErrNotFound
	}
	return t, class, nil
}

func (ct *Catalogue) renderGroupForm(c echo.Context, p pages.GroupFormProps) error {
	status := http.StatusOK
	if p.Problem != nil {
		status = p.Problem.Status
	}
	return ct.Render.Page(c, status, i18n.T(c.Request().Context(), "Group of %s", p.Training.Name), pages.GroupForm(p))
}

// NewGroup shows an empty group form.
func (ct *Catalogue) NewGroup(c echo.Context) error {
	id, err := trainingToEdit(c)
	if err != nil {
		return err
	}
	t, _, err := ct.loadGroup(c, id, "")
	if err != nil {
		return err
	}
	form := catalogue.ClassForm{Input: catalogue.ClassInput{PaymentStatus: string(factorial.PaymentPending)}}
	return ct.renderGroupForm(c, pages.GroupFormProps{Training: *t, Form: form})
}

// CreateGroup validates and creates a group of the training.
func (ct *Catalogue) CreateGroup(c echo.Context) error {
	id, values, err := trainingPost(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	f := catalogue.ParseClassForm(values, i18n.From(ctx))
	t, _, err := ct.loadGroup(c, id, "")
	if err != nil {
		return ct.renderGroupForm(c, pages.GroupFormProps{Training: factorial.Training{ID: id, Name: i18n.T(ctx, "this training")}, Form: f, Problem: readProblem(ctx, err)})
	}
	p := pages.GroupFormProps{Training: *t, Form: f}
	if !f.Valid() {
		return ct.renderGroupForm(c, p)
	}
	class, err := mw.Client(c).Classes.Create(ctx, f.Values.Request(id, mw.User(c).CompanyID))
	if err != nil {
		// Sending it again could make a second group: first look whether
		// the training has this one now.
		switch lookAfter(err, func() (bool, error) {
			all, lerr := classesOf(ctx, mw.Client(c), id)
			for i, x := range all {
				if sameGroup(x, f.Values) {
					class = &all[i]
				}
			}
			return class != nil, lerr
		}) {
		case notSaved:
			p.Problem = ptr(notSavedProblem(ctx, err, groupNotThere))
			return ct.renderGroupForm(c, p)
		case unknown:
			p.Problem = ptr(cannotTell(ctx, err, link{URL: paths.Groups(id), Label: i18n.T(ctx, "See the groups of “%s”", t.Name)}))
			return ct.renderGroupForm(c, p)
		}
	}
	ct.flash(c, "success", i18n.T(ctx, "Group “%s” created.", training.GroupLabel(ctx, *class)))
	return Redirect(c, paths.Groups(id))
}

// EditGroup shows the group's form.
func (ct *Catalogue) EditGroup(c echo.Context) error {
	_, _, t, class, err := ct.groupToEdit(c)
	if err != nil {
		return err
	}
	return ct.renderGroupForm(c, pages.GroupFormProps{Training: *t, Class: class, Form: catalogue.ClassForm{Input: catalogue.ClassInputOf(*class, i18n.From(c.Request().Context()))}})
}

// UpdateGroup validates and saves the group.
func (ct *Catalogue) UpdateGroup(c echo.Context) error {
	id, cid, err := groupPaths(c)
	if err != nil {
		return err
	}
	values, err := c.FormParams()
	if err != nil {
		return echo.ErrBadRequest
	}
	ctx := c.Request().Context()
	f := catalogue.ParseClassForm(values, i18n.From(ctx))
	t, class, err := ct.loadGroup(c, id, cid)
	if err != nil {
		shell := &factorial.TrainingClass{ID: cid, TrainingID: id}
		return ct.renderGroupForm(c, pages.GroupFormProps{Training: factorial.Training{ID: id, Name: i18n.T(ctx, "this training")}, Class: shell, Form: f, Problem: readProblem(ctx, err)})
	}
	p := pages.GroupFormProps{Training: *t, Class: class, Form: f}
	if !f.Valid() {
		return ct.renderGroupForm(c, p)
	}
	saved, err := mw.Client(c).Classes.Update(ctx, cid, f.Values.Request(id, mw.User(c).CompanyID))
	if err != nil {
		p.Problem = ptr(writeProblem(ctx, err, repeatable))
		return ct.renderGroupForm(c, p)
	}
	ct.flash(c, "success", i18n.T(ctx, "Group “%s” saved.", training.GroupLabel(ctx, *saved)))
	return Redirect(c, paths.Groups(id))
}

// ConfirmDeleteGroup says what deleting the group removes and what stays.
func (ct *Catalogue) ConfirmDeleteGroup(c echo.Context) error {
	id, cid, t, class, err := ct.groupToEdit(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	l := i18n.From(ctx)
	p := confirm.Props{
		Title: l.T("Delete this group?"), Intro: l.T("You are about to delete the group of “%s”:", t.Name),
		Items: []string{training.GroupLabel(ctx, *class) + " (" + dateText(l, class.StartDate) + " – " + dateText(l, class.EndDate) + ")"},
		Consequences: []string{
			l.T("Its costs and payment status go with it. Its sessions stay in the training, without a group; the enrolments of the training's participants stay."),
		},
		Action: paths.GroupDelete(id, cid), ConfirmLabel: l.T("Delete the group"),
		CancelHref: paths.Groups(id),
	}
	return ct.Render.Page(c, http.StatusOK, p.Title, confirm.Confirm(p))
}

func dateText(l i18n.Locale, d *factorial.Date) string {
	if d == nil || d.IsZero() {
		return "?"
	}
	return l.MediumDate(d.In(time.UTC))
}

// DeleteGroup deletes the group once confirmed.
func (ct *Catalogue) DeleteGroup(c echo.Context) error {
	id, cid, err := groupPaths(c)
	if err != nil {
		return err
	}
	if c.FormValue("confirmed") != "yes" {
		return Redirect(c, paths.GroupDelete(id, cid))
	}
	if _, class, err := ct.loadGroup(c, id, cid); err != nil {
		return err
	} else if _, err := mw.Client(c).Classes.Delete(c.Request().Context(), class.ID); err != nil {
		return writeFailed(err, repeatable, link{})
	}
	ct.flash(c, "success", i18n.T(c.Request().Context(), "The group was deleted."))
	return Redirect(c, paths.Groups(id))
}

// sameGroup: x is the group these form values describe (name and dates).
func sameGroup(x factorial.TrainingClass, v catalogue.ClassValues) bool {
	return strings.TrimSpace(x.Name) == v.Name && x.StartDate != nil && *x.StartDate == v.StartDate &&
		x.EndDate != nil && *x.EndDate == v.EndDate
}
