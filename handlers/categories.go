package handlers

import (
	"context"
	"errors"
	"github.com/aula-hr/aula/internal/paths"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/catalogue"
	"github.com/aula-hr/aula/internal/i18n"
	mw "github.com/aula-hr/aula/middleware"
	"github.com/aula-hr/aula/views/components/confirm"
	"github.com/aula-hr/aula/views/pages"
)

func sortCategories(cs []factorial.TrainingCategory) {
	slices.SortFunc(cs, func(a, b factorial.TrainingCategory) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
}

// Categories lists the training categories.
func (ct *Catalogue) Categories(c echo.Context) error {
	cats, err := catalogue.Categories(c.Request().Context(), mw.Client(c).Categories)
	if err != nil {
		return err
	}
	return ct.renderCategories(c, http.StatusOK, pages.CategoriesProps{Categories: sortedCategories(cats)})
}

func (ct *Catalogue) renderCategories(c echo.Context, status int, p pages.CategoriesProps) error {
	p.CanEdit = can(c, EditCatalogue, Subject{})
	return ct.Render.Page(c, status, i18n.T(c.Request().Context(), "Categories"), pages.Categories(p))
}

// CreateCategory creates a category; the name is required and unique.
func (ct *Catalogue) CreateCategory(c echo.Context) error {
	name := c.FormValue("name")
	clean := strings.Join(strings.Fields(name), " ")
	cl := mw.Client(c)
	ctx := c.Request().Context()
	cats, err := catalogue.Categories(ctx, cl.Categories)
	if err != nil {
		return ct.renderCategories(c, ProblemFor(ctx, err).Status, pages.CategoriesProps{Name: name, Problem: readProblem(ctx, err)})
	}
	p := pages.CategoriesProps{Categories: sortedCategories(cats), Name: name}
	switch {
	case clean == "":
		p.NameError = i18n.T(ctx, "Give the category a name.")
	case utf8.RuneCountInString(clean) > catalogue.MaxCategoryNameLen:
		p.NameError = i18n.T(ctx, "Keep the name to %d characters or fewer; this one has %d.", catalogue.MaxCategoryNameLen, utf8.RuneCountInString(clean))
	case slices.ContainsFunc(cats, func(x factorial.TrainingCategory) bool { return strings.EqualFold(x.Name, clean) }):
		p.NameError = i18n.T(ctx, "A category with this name already exists.")
	}
	if p.NameError != "" {
		return ct.renderCategories(c, http.StatusOK, p)
	}
	cat, err := cl.Categories.Create(ctx, clean, mw.User(c).CompanyID)
	if err != nil {
		// The name was not taken a moment ago: if it is now, this create made it.
		switch lookAfter(err, func() (bool, error) {
			all, lerr := catalogue.Categories(ctx, cl.Categories)
			i := slices.IndexFunc(all, func(x factorial.TrainingCategory) bool { return strings.EqualFold(x.Name, clean) })
			if i >= 0 {
				cat = &all[i]
			}
			return cat != nil, lerr
		}) {
		case notSaved:
			p.Problem = ptr(notSavedProblem(ctx, err, categoryNotThere))
			return ct.renderCategories(c, p.Problem.Status, p)
		case unknown:
			p.Problem = ptr(cannotTell(ctx, err, link{URL: paths.Categories, Label: i18n.T(ctx, "See the categories")}))
			return ct.renderCategories(c, p.Problem.Status, p)
		}
	}
	ct.flash(c, "success", i18n.T(ctx, "Category “%s” created.", cat.Name))
	return Redirect(c, paths.Categories)
}

func categoryID(c echo.Context) (factorial.ID, error) {
	id, err := factorial.ParseID(c.Param("cid"))
	if err != nil {
		return 0, echo.ErrNotFound
	}
	return id, nil
}

// ConfirmDeleteCategory says which trainings lose the category.
func (ct *Catalogue) ConfirmDeleteCategory(c echo.Context) error {
	if err := require(c, EditCatalogue, Subject{}); err != nil {
		return err
	}
	id, err := categoryID(c)
	if err != nil {
		return err
	}
	cl := mw.Client(c)
	var cat *factorial.TrainingCategory
	var all []factorial.Training
	g, ctx := errgroup.WithContext(c.Request().Context())
	g.Go(func() (err error) { cat, err = cl.Categories.Get(ctx, id); return err })
	g.Go(func() (err error) {
		// Factorial cannot filter trainings by category: the whole list,
		// from the user's cache when fresh.
		all, _, err = ct.Lists.Get(ctx, cacheKey(c), func(ctx context.Context) ([]factorial.Training, error) {
			return cl.Trainings.All(ctx, nil)
		})
		return err
	})
	if err := g.Wait(); err != nil {
		return err
	}
	users := catalogue.Apply(all, catalogue.Query{CategoryID: id, Sort: catalogue.SortName, Page: 1, PerPage: len(all) + 1})
	ctx = c.Request().Context()
	p := confirm.Props{
		Title: i18n.T(ctx, "Delete the category “%s”?", cat.Name), Intro: i18n.T(ctx, "You are about to delete the category:"),
		Items: []string{cat.Name}, Action: paths.CategoryDelete(id),
		ConfirmLabel: i18n.T(ctx, "Delete “%s”", cat.Name), CancelHref: paths.Categories,
	}
	if users.Total == 0 {
		p.Consequences = []string{i18n.T(ctx, "No training uses it.")}
	} else {
		names := make([]string, 0, 10)
		for i, t := range users.Trainings {
			if i == 10 {
				names = append(names, i18n.T(ctx, "and %d more", users.Total-10))
				break
			}
			names = append(names, t.Name)
		}
		p.Consequences = []string{i18n.T(ctx, "%d trainings lose this category (the trainings stay): %s.", users.Total, strings.Join(names, ", "))}
	}
	return ct.Render.Page(c, http.StatusOK, p.Title, confirm.Confirm(p))
}

// DeleteCategory deletes a category once confirmed.
func (ct *Catalogue) DeleteCategory(c echo.Context) error {
	id, err := categoryID(c)
	if err != nil {
		return err
	}
	if c.FormValue("confirmed") != "yes" {
		return Redirect(c, paths.CategoryDelete(id))
	}
	cat, err := mw.Client(c).Categories.Delete(c.Request().Context(), id)
	if errors.Is(err, factorial.ErrNotFound) {
		ct.afterWrite(c)
		ct.flash(c, "success", i18n.T(c.Request().Context(), "The category is deleted: it is no longer in Factorial."))
		return Redirect(c, paths.Categories)
	}
	if err != nil {
		return writeFailed(err, repeatable, link{})
	}
	ct.afterWrite(c)
	ct.flash(c, "success", i18n.T(c.Request().Context(), "Category “%s” deleted.", cat.Name))
	return Redirect(c, paths.Categories)
}
