package handlers

import (
	"context"
	"fmt"
	"github.com/aula-hr/aula/internal/paths"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/catalogue"
	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/training"
	"github.com/aula-hr/aula/internal/usercache"
	mw "github.com/aula-hr/aula/middleware"
	"github.com/aula-hr/aula/views/pages"
)

// Catalogue serves the training catalogue and its administration by HR:
// trainings, categories, groups, enrolments and CSV exports. It reads and
// writes Factorial with the signed-in user's own client, so Factorial decides
// what each person may see and do; Aula only hides actions a role cannot use.
type Catalogue struct {
	*Handlers
	// Lists is the per-user cache of whole training lists, for the views
	// Factorial cannot compute (year, external, category, other orders).
	Lists *usercache.Cache[factorial.Training]
}

// Catalogue cache bounds: a user's whole list lives 45 s (or until their own
// next write); at most 100,000 trainings are held across users.
const (
	catalogueTTL          = 45 * time.Second
	catalogueMaxTrainings = 100_000
)

// NewCatalogue returns the catalogue handlers over h.
func NewCatalogue(h *Handlers) *Catalogue {
	ct := &Catalogue{Handlers: h, Lists: usercache.New[factorial.Training](catalogueTTL, catalogueMaxTrainings)}
	h.userCaches = append(h.userCaches, ct.Lists)
	return ct
}

// yearsOffered are the years of the year filter: next year and the nine before.
func (ct *Catalogue) yearsOffered() []int {
	y := ct.today().Year + 1
	years := make([]int, 10)
	for i := range years {
		years[i] = y - i
	}
	return years
}

// List is the catalogue at /trainings: filters, order and page from the URL.
func (ct *Catalogue) List(c echo.Context) error {
	q := catalogue.ParseQuery(c.QueryParams())
	if !mw.IsHTMX(c) && c.QueryString() != q.Values().Encode() {
		// A plain form submission sends every field, empty ones too: send
		// the browser to the view's canonical address, the one to bookmark.
		return c.Redirect(http.StatusSeeOther, q.URL(paths.Trainings))
	}
	cl := mw.Client(c)
	v, err := catalogue.LoadView(c.Request().Context(), ct.Lists, cacheKey(c), cl.Trainings, cl.Categories, q)
	if err != nil {
		return err
	}
	p := pages.CatalogueProps{
		Query: q, Result: v.Result, Categories: v.Categories,
		Years: ct.yearsOffered(), CanEdit: can(c, EditCatalogue, Subject{}),
	}
	if mw.WantsPart(c, "catalogue-results") {
		// The filter form sends every field; the address bar gets the
		// canonical URL of the view, as a new history entry only when the
		// view changed (a repeated search would make Back show it again).
		if view := q.URL(paths.Trainings); view != mw.HX(c).CurrentURL {
			mw.HXPushURL(c, view)
		}
		return ct.Render.Fragment(c, http.StatusOK, pages.CatalogueUpdate(p))
	}
	return ct.Render.Page(c, http.StatusOK, i18n.T(c.Request().Context(), "Trainings"), pages.Catalogue(p))
}

// trainingID reads the :id path parameter; a malformed id is a 404.
func trainingID(c echo.Context) (factorial.ID, error) {
	id, err := factorial.ParseID(c.Param("id"))
	if err != nil {
		return 0, echo.ErrNotFound
	}
	return id, nil
}

// trainingToEdit reads the :id of a page only those who edit the catalogue
// use (a form, a confirmation), refusing the others first.
func trainingToEdit(c echo.Context) (factorial.ID, error) {
	if err := require(c, EditCatalogue, Subject{}); err != nil {
		return 0, err
	}
	return trainingID(c)
}

// trainingPost reads the :id and the fields of a form posted about a training.
func trainingPost(c echo.Context) (factorial.ID, url.Values, error) {
	id, err := trainingID(c)
	if err != nil {
		return 0, nil, err
	}
	values, err := c.FormParams()
	if err != nil {
		return 0, nil, echo.ErrBadRequest
	}
	return id, values, nil
}

// ShowTab returns the handler of one tab of the training page.
func (ct *Catalogue) ShowTab(tab paths.Tab) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := trainingID(c)
		if err != nil {
			return err
		}
		p, err := ct.loadTraining(c, id, tab)
		if err != nil {
			return err
		}
		if tab == paths.TabCosts && !p.Training.CostsVisible() {
			// The tab is not shown to them (pages.TrainingProps.tabs).
			return fmt.Errorf("%w: Factorial shows role %s no costs of training %d", factorial.ErrForbidden, mw.User(c).Role, id)
		}
		if tab == paths.TabParticipants && mw.WantsPart(c, "participants-list") {
			// The filter or a page of it: the address keeps the view.
			if view := paths.ParticipantsView(id, p.Filter.Values()); view != mw.HX(c).CurrentURL {
				mw.HXPushURL(c, view)
			}
			return ct.Render.Fragment(c, http.StatusOK, pages.ParticipantsList(p))
		}
		return ct.renderTraining(c, http.StatusOK, p)
	}
}

func (ct *Catalogue) renderTraining(c echo.Context, status int, p pages.TrainingProps) error {
	if mw.WantsPart(c, "training-tab") {
		return ct.Render.Fragment(c, status, pages.TrainingTab(p))
	}
	return ct.Render.Page(c, status, p.Training.Name, pages.Training(p))
}

// loadTraining reads the training and what its tab shows, all concurrently:
// one round trip to Factorial; the participants tab needs a second one for
// the people's names.
func (ct *Catalogue) loadTraining(c echo.Context, id factorial.ID, tab paths.Tab) (pages.TrainingProps, error) {
	return ct.loadTrainingFor(c, id, tab, true)
}

// loadTrainingFor is loadTraining; withPicker false leaves out what only the
// enrolment picker needs (the managers), for exports and confirmations.
func (ct *Catalogue) loadTrainingFor(c echo.Context, id factorial.ID, tab paths.Tab, withPicker bool) (pages.TrainingProps, error) {
	cl := mw.Client(c)
	p := pages.TrainingProps{Tab: tab, CanEdit: can(c, EditCatalogue, Subject{}),
		CanSetCompletion: can(c, SetCompletion, Subject{TrainingID: id}), Today: ct.today()}
	var cats []factorial.TrainingCategory
	var members []factorial.TrainingMembership
	g, ctx := errgroup.WithContext(c.Request().Context())
	g.Go(func() error {
		t, err := cl.Trainings.Get(ctx, id)
		if err == nil {
			p.Training = *t
		}
		return err
	})
	switch tab {
	case paths.TabOverview:
		g.Go(func() (err error) { cats, err = catalogue.Categories(ctx, cl.Categories); return err })
	case paths.TabGroups, paths.TabCosts, paths.TabSessions:
		g.Go(func() (err error) {
			p.Classes, err = classesOf(ctx, cl, id)
			return err
		})
		if tab == paths.TabSessions {
			g.Go(func() (err error) {
				p.Sessions, err = sessionsOf(ctx, cl, id)
				return err
			})
		}
	case paths.TabParticipants:
		g.Go(func() (err error) {
			members, err = membersOf(ctx, cl, id)
			return err
		})
		if p.CanEdit && withPicker {
			g.Go(func() (err error) {
				p.Classes, err = classesOf(ctx, cl, id) // the groups to enrol into
				return err
			})
			g.Go(func() error {
				// Every manager, not only Factorial's first page of them.
				yes := true
				ms, err := cl.Employees.All(ctx, &factorial.EmployeeListOptions{OnlyManagers: &yes, OnlyActive: &yes})
				p.Managers = ms
				return err
			})
		}
	}
	if err := g.Wait(); err != nil {
		return p, err
	}
	training.SessionsInOrder(p.Sessions, ct.zone())
	training.GroupsInOrder(p.Classes)
	p.Categories = catalogue.CategoryNames(cats)
	p.Costs = catalogue.Costs(p.Classes, catalogue.TrainingCurrency(p.Training))
	if tab == paths.TabParticipants {
		ids := make([]factorial.ID, len(members))
		for i, m := range members {
			ids[i] = m.EmployeeID
		}
		people, err := training.Employees(c.Request().Context(), cl.Employees, ids)
		if err != nil {
			return p, err
		}
		p.Participants = training.Participants(members, people)
		p.Filter = participantFilter(c)
		p.Shown, p.Matching, p.Pages = filterParticipants(ctx, p.Participants, p.Filter, p.Training.ValidFor, p.Today)
		p.Filter.Page = min(p.Filter.Page, max(p.Pages, 1))
	}
	return p, nil
}

// showOnly lists only the enrolments mids on the participants tab: a page
// shown again after a write names the rows it concerns, wherever they
// would be in the list.
func showOnly(p *pages.TrainingProps, mids []factorial.ID) {
	p.Shown = slices.DeleteFunc(slices.Clone(p.Participants), func(pt training.Participant) bool {
		return !slices.Contains(mids, pt.Membership.ID)
	})
	p.Matching, p.Pages, p.Filter = len(p.Shown), 1, pages.ParticipantFilter{Page: 1}
}

// participantsPerPage keeps the tab short at hundreds of participants.
const participantsPerPage = 50

// participantFilter reads the participants tab's filter from the URL;
// what cannot be read is left out.
func participantFilter(c echo.Context) pages.ParticipantFilter {
	f := pages.ParticipantFilter{Query: strings.Join(strings.Fields(c.QueryParam("q")), " "), Page: 1}
	if r := []rune(f.Query); len(r) > 100 {
		f.Query = string(r[:100])
	}
	if s, ok := training.ParseState(c.QueryParam("state")); ok {
		f.State = s.Key()
	}
	if n, err := strconv.Atoi(c.QueryParam("page")); err == nil && n > 1 {
		f.Page = n
	}
	return f
}

// filterParticipants is f's page of ps, how many match f and on how many
// pages (a page past the last shows the last). A name is matched as the
// page shows it, in the language of ctx.
func filterParticipants(ctx context.Context, ps []training.Participant, f pages.ParticipantFilter, validFor *int, today factorial.Date) (shown []training.Participant, matching, pageCount int) {
	var match []training.Participant
	for _, pt := range ps {
		if f.State != "" && training.StateOn(pt.Membership, validFor, today, training.ExpiringDays).Key() != f.State {
			continue
		}
		if training.NameMatches(pt.Name(ctx), f.Query) {
			match = append(match, pt)
		}
	}
	pageCount = (len(match) + participantsPerPage - 1) / participantsPerPage
	page := min(f.Page, max(pageCount, 1))
	from := min((page-1)*participantsPerPage, len(match))
	return match[from:min(from+participantsPerPage, len(match))], len(match), pageCount
}

func excerptText(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// classesOf, sessionsOf and membersOf read all of a training's groups,
// sessions and enrolments: one request when they fit in a page (Aula's
// clients read page 1 before any other, see internal/app).
func classesOf(ctx context.Context, cl *factorial.Client, id factorial.ID) ([]factorial.TrainingClass, error) {
	return cl.Classes.All(ctx, &factorial.ClassListOptions{TrainingID: id})
}

func sessionsOf(ctx context.Context, cl *factorial.Client, id factorial.ID) ([]factorial.Session, error) {
	return cl.Sessions.All(ctx, &factorial.SessionListOptions{TrainingIDs: []factorial.ID{id}})
}

func membersOf(ctx context.Context, cl *factorial.Client, id factorial.ID) ([]factorial.TrainingMembership, error) {
	return cl.Memberships.All(ctx, &factorial.MembershipListOptions{TrainingID: id})
}
