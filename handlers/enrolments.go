package handlers

import (
	"github.com/aula-hr/aula/internal/paths"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/form"
	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/training"
	mw "github.com/aula-hr/aula/middleware"
	"github.com/aula-hr/aula/views/components/confirm"
	"github.com/aula-hr/aula/views/pages"
)

// pickerLimit is how many people the picker shows for a name search.
const pickerLimit = 25

// Picker finds people to enrol: by name (Factorial's full-text name search),
// or everyone reporting to a manager, directly or not (narrowed by the name
// when one is typed too). People already enrolled are shown but cannot be
// ticked. People ticked before this search (employee_ids) stay listed first,
// still ticked, so several searches add up to one enrolment.
func (ct *Catalogue) Picker(c echo.Context) error {
	id, err := trainingToEdit(c)
	if err != nil {
		return err
	}
	q := strings.Join(strings.Fields(c.QueryParam("q")), " ")
	if len([]rune(q)) > 100 {
		q = string([]rune(q)[:100])
	}
	manager, _ := factorial.ParseID(c.QueryParam("manager"))
	ticked, ok := form.IDs(c.QueryParams()["employee_ids"])
	if !ok {
		return echo.ErrBadRequest
	}
	cl := mw.Client(c)
	p := pages.PickerProps{TrainingID: id, Query: q, Manager: manager,
		Enrolled: map[factorial.ID]bool{}, Ticked: map[factorial.ID]bool{}}
	if q == "" && manager == 0 && len(ticked) == 0 && mw.WantsFragment(c) {
		return ct.Render.Fragment(c, http.StatusOK, pages.PickerUpdate(p))
	}
	var members []factorial.TrainingMembership
	var kept map[factorial.ID]*factorial.Employee
	yes := true
	g, ctx := errgroup.WithContext(c.Request().Context())
	g.Go(func() (err error) {
		members, err = membersOf(ctx, cl, id)
		return err
	})
	g.Go(func() (err error) {
		p.Groups, err = classesOf(ctx, cl, id)
		training.GroupsInOrder(p.Groups)
		return err
	})
	if len(ticked) > 0 {
		g.Go(func() (err error) {
			kept, err = training.Employees(ctx, cl.Employees, ticked)
			return err
		})
	}
	g.Go(func() error {
		if q == "" && manager == 0 {
			return nil // only the people ticked before: no search
		}
		if manager != 0 {
			// Factorial cannot filter by manager: walk the active staff.
			all, err := cl.Employees.All(ctx, &factorial.EmployeeListOptions{OnlyActive: &yes})
			if err != nil {
				return err
			}
			// A name typed as well narrows the team to it, as
			// Factorial's name search would.
			p.People = slices.DeleteFunc(training.Reports(all, manager), func(e factorial.Employee) bool {
				return !strings.Contains(strings.ToLower(training.PersonName(ctx, &e)), strings.ToLower(q))
			})
			// All ticked, unless more than one enrolment can take.
			p.Preselect = len(p.People) <= form.MaxSelection
			p.TooMany = !p.Preselect
			return nil
		}
		var err error
		p.People, p.More, err = findByName(ctx, cl, q)
		return err
	})
	if err := g.Wait(); err != nil {
		return err
	}
	for _, m := range members {
		p.Enrolled[m.EmployeeID] = true
	}
	var first []factorial.Employee
	for _, x := range ticked {
		if e := kept[x]; e != nil && !p.Enrolled[x] {
			first = append(first, *e)
			p.Ticked[x] = true
		}
	}
	p.People = append(first, slices.DeleteFunc(p.People, func(e factorial.Employee) bool { return p.Ticked[e.ID] })...)
	if !mw.WantsFragment(c) {
		// Without htmx the search form is a plain GET: show the whole
		// participants tab with the people found.
		tp, err := ct.loadTraining(c, id, paths.TabParticipants)
		if err != nil {
			return err
		}
		tp.Picker = &p
		return ct.Render.Page(c, http.StatusOK, tp.Training.Name, pages.Training(tp))
	}
	return ct.Render.Fragment(c, http.StatusOK, pages.PickerUpdate(p))
}

// Enrol enrols the ticked people in the training, all in one call.
func (ct *Catalogue) Enrol(c echo.Context) error {
	id, values, err := trainingPost(c)
	if err != nil {
		return err
	}
	back := paths.Participants(id)
	ids, ok := form.IDs(values["employee_ids"])
	if !ok && len(values["employee_ids"]) > form.MaxSelection {
		ct.flash(c, "error", i18n.T(c.Request().Context(), "%d people were ticked: Aula enrols at most %d at once. Nobody was enrolled; enrol them in smaller groups.",
			len(values["employee_ids"]), form.MaxSelection))
		return Redirect(c, back)
	}
	if !ok {
		return echo.ErrBadRequest
	}
	if len(ids) == 0 {
		ct.flash(c, "error", i18n.T(c.Request().Context(), "Tick at least one person to enrol. Nobody was enrolled."))
		return Redirect(c, back)
	}
	cl := mw.Client(c)
	ctx := c.Request().Context()
	group, ok, err := ct.groupToEnrol(ctx, cl, id, values.Get("class_id"))
	switch {
	case err != nil:
		return err // read before any write: nothing changed
	case !ok:
		ct.flash(c, "error", i18n.T(ctx, "That group is not one of this training's. Nobody was enrolled."))
		return Redirect(c, back)
	}
	ms, err := cl.Memberships.BulkCreate(ctx, id, ids)
	enrolled := len(ms)
	if err != nil {
		// Enrolling again could enrol twice: the tab shown again reads the
		// memberships, which say who is enrolled now.
		p, lerr := ct.loadTraining(c, id, paths.TabParticipants)
		if lerr != nil {
			return writeFailed(err, oneOff, link{URL: back, Label: i18n.T(ctx, "See who is enrolled")})
		}
		now := map[factorial.ID]bool{}
		for _, pt := range p.Participants {
			now[pt.Membership.EmployeeID] = true
		}
		missing := slices.DeleteFunc(slices.Clone(ids), func(x factorial.ID) bool { return now[x] })
		switch {
		case factorial.OutcomeOf(err) == factorial.NotApplied:
			p.Problem = ptr(ProblemFor(ctx, err))
		case len(missing) == 0:
			p.Problem = nil // all of them are enrolled: only the answer was lost
		case len(missing) == len(ids):
			p.Problem = ptr(notSavedProblem(ctx, err, enrolmentNotThere))
		default:
			p.Problem = ptr(notSavedProblem(ctx, err, enrolmentNotThere))
			p.Problem.Title = i18n.T(ctx, "Some people were not enrolled")
			p.Problem.Detail = i18n.T(ctx, "Factorial did not answer, and Aula looked: %s, %s. Those are ticked below: enrol them.",
				i18n.T(ctx, "%d people are enrolled now", len(ids)-len(missing)), i18n.T(ctx, "%d people are not", len(missing)))
		}
		if p.Problem != nil {
			return ct.showParticipantsProblem(c, p, missing)
		}
		enrolled = len(ids)
	}
	ct.afterWrite(c)
	if group != nil {
		outcomes, err := invite(ctx, cl, group, ids)
		if problem := invitationProblem(c, group, enrolled, outcomes, err, ct.zone()); problem != nil {
			p, lerr := ct.loadTraining(c, id, paths.TabParticipants)
			if lerr != nil {
				return writeFailed(err, oneOff, link{URL: back, Label: i18n.T(ctx, "See who is enrolled")})
			}
			p.Problem = problem
			return ct.Render.Page(c, problem.Status, p.Training.Name, pages.Training(p))
		}
	}
	ct.flash(c, "success", enrolledNotice(c, enrolled, group))
	return Redirect(c, back)
}

// showParticipantsProblem shows the participants tab with its problem and
// the picker open with the people still to enrol ticked, so enrolling them
// is one click away.
func (ct *Catalogue) showParticipantsProblem(c echo.Context, p pages.TrainingProps, ids []factorial.ID) error {
	if people, err := training.Employees(c.Request().Context(), mw.Client(c).Employees, ids); err == nil {
		pk := &pages.PickerProps{TrainingID: p.Training.ID, Preselect: true, Enrolled: map[factorial.ID]bool{},
			Groups: p.Classes, Group: c.FormValue("class_id")}
		for _, x := range ids {
			if e := people[x]; e != nil {
				pk.People = append(pk.People, *e)
			}
		}
		for _, pt := range p.Participants {
			pk.Enrolled[pt.Membership.EmployeeID] = true
		}
		p.Picker = pk
	}
	return ct.Render.Page(c, p.Problem.Status, p.Training.Name, pages.Training(p))
}

// participantsProblem shows the participants tab with what went wrong;
// keep puts the person's input back (ticks, a date).
// The write is repeatable: the page says so when its outcome is unknown.
func (ct *Catalogue) participantsProblem(c echo.Context, id factorial.ID, err error, keep func(*pages.TrainingProps)) error {
	p, lerr := ct.loadTraining(c, id, paths.TabParticipants)
	if lerr != nil {
		return writeFailed(err, repeatable, link{}) // the page cannot be shown either: the error page says why
	}
	p.Problem = ptr(writeProblem(c.Request().Context(), err, repeatable))
	if keep != nil {
		keep(&p)
	}
	return ct.Render.Page(c, p.Problem.Status, p.Training.Name, pages.Training(p))
}

// RemoveParticipants removes the selected enrolments, or everyone's except
// the selected ones, after a confirmation naming who loses their enrolment.
func (ct *Catalogue) RemoveParticipants(c echo.Context) error {
	id, values, err := trainingPost(c)
	if err != nil {
		return err
	}
	ids, ok := form.IDs(values["ids"])
	mode := values.Get("mode")
	if !ok || (mode != "selected" && mode != "except") {
		return echo.ErrBadRequest
	}
	back := paths.Participants(id)
	SetRetry(c, back)
	if mode == "selected" && len(ids) == 0 {
		ct.flash(c, "error", i18n.T(c.Request().Context(), "Tick the people to remove first. Nobody was removed."))
		return Redirect(c, back)
	}
	cl := mw.Client(c)
	ctx := c.Request().Context()
	if values.Get("confirmed") != "yes" {
		return ct.confirmRemove(c, id, ids, mode)
	}
	req := factorial.MembershipBulkDestroy{IDs: ids, TrainingID: id, All: mode == "except"}
	removed, err := cl.Memberships.BulkDestroy(ctx, req)
	if err != nil {
		return ct.participantsProblem(c, id, err, func(p *pages.TrainingProps) {
			p.Selected = map[factorial.ID]bool{}
			for _, x := range ids {
				p.Selected[x] = true
			}
			if mode == "selected" {
				showOnly(p, ids)
			}
		})
	}
	ct.afterWrite(c)
	ct.flash(c, "success", i18n.T(ctx, "%d people were removed from the training.", len(removed)))
	return Redirect(c, back)
}

func (ct *Catalogue) confirmRemove(c echo.Context, id factorial.ID, ids []factorial.ID, mode string) error {
	if err := require(c, EditCatalogue, Subject{}); err != nil {
		return err
	}
	p, err := ct.loadTrainingFor(c, id, paths.TabParticipants, false)
	if err != nil {
		return err
	}
	chosen := map[factorial.ID]bool{}
	for _, x := range ids {
		chosen[x] = true
	}
	ctx := c.Request().Context()
	var names, kept []string
	for _, pt := range p.Participants {
		if chosen[pt.Membership.ID] == (mode == "selected") {
			names = append(names, pt.Name(ctx))
		} else {
			kept = append(kept, pt.Name(ctx))
		}
	}
	back := paths.Participants(id)
	if len(names) == 0 {
		ct.flash(c, "error", i18n.T(ctx, "Nobody would be removed by this. Nothing was changed."))
		return Redirect(c, back)
	}
	cp := confirm.Props{
		Title: i18n.T(ctx, "Remove %d people from “%s”?", len(names), p.Training.Name),
		Intro: i18n.T(ctx, "These people lose their enrolment in the training, with its due date and completion date:"),
		Items: names, Action: paths.RemoveParticipants(id),
		ConfirmLabel: i18n.T(ctx, "Remove %d people", len(names)), CancelHref: back,
		Hidden: []confirm.Hidden{{Name: "mode", Value: mode}},
	}
	if mode == "except" {
		cp.Consequences = []string{i18n.T(ctx, "Everyone else stays: %s. Anyone enrolled meanwhile by someone else is removed too.", strings.Join(kept, ", "))}
		if len(kept) == 0 {
			cp.Consequences = []string{i18n.T(ctx, "Nobody stays enrolled.")}
		}
	}
	for _, x := range ids {
		cp.Hidden = append(cp.Hidden, confirm.Hidden{Name: "ids", Value: x.String()})
	}
	return ct.Render.Page(c, http.StatusOK, cp.Title, confirm.Confirm(cp))
}

// SetCompletion sets or clears one participant's completion date.
func (ct *Catalogue) SetCompletion(c echo.Context) error {
	id, err := trainingID(c)
	if err != nil {
		return err
	}
	mid, err := factorial.ParseID(c.Param("mid"))
	if err != nil {
		return echo.ErrNotFound
	}
	if err := require(c, SetCompletion, Subject{TrainingID: id}); err != nil {
		return err
	}
	input := c.FormValue("completed_at")
	if c.FormValue("clear") == "yes" {
		input = ""
	}
	l := i18n.From(c.Request().Context())
	date, msg := form.CompletionDate(input, ct.today(), l)
	back := paths.Participants(id)
	SetRetry(c, back)
	rowOnly := mw.WantsPart(c, pages.MemberRowID(mid))
	cl := mw.Client(c)
	ctx := c.Request().Context()
	// The enrolment must belong to this training: a form cannot reach
	// another training's participants through this page.
	m, err := cl.Memberships.Get(ctx, mid)
	if err != nil {
		return err
	} else if m.TrainingID != id {
		return echo.ErrNotFound
	}
	if date == nil && m.TrainingCompletedAt == nil && msg == "" {
		// Nothing to clear: an empty date sent for a row without one.
		msg = l.T("Enter the completion date first.")
	}
	switch {
	case msg != "":
		return ct.refusedCompletion(c, *m, pages.CompletionFormProps{Input: input, Error: msg}, rowOnly)
	case rowOnly:
		return ct.completionRow(c, *m, date)
	}
	if _, err := cl.Memberships.Update(ctx, mid, date); err != nil {
		p, lerr := ct.loadTraining(c, id, paths.TabParticipants)
		if lerr != nil {
			return writeFailed(err, repeatable, link{}) // the page cannot be shown either: the error page says why
		}
		// The tab shown again reads the enrolment: that read says whether
		// the date was saved.
		if factorial.OutcomeOf(err) == factorial.NotApplied || !completionIs(p.Participants, mid, date) {
			ctx := c.Request().Context()
			p.Problem = ptr(ProblemFor(ctx, err))
			if factorial.OutcomeOf(err) == factorial.MaybeApplied {
				p.Problem.Title = i18n.T(ctx, "The completion date was not saved")
				p.Problem.Detail = i18n.T(ctx, "Nothing was saved. Factorial did not answer, and Aula looked: the completion date is not set. Your input is kept below: save it again.")
			}
			p.CompletionError, p.CompletionInput = mid, input
			showOnly(&p, []factorial.ID{mid})
			p.CompletionMessage = i18n.T(ctx, "Not saved: see the message above.")
			return ct.page(c, p.Problem.Status, p.Training.Name, pages.Training(p))
		}
	}
	ct.flash(c, "success", completionNotice(c, "", date))
	return Redirect(c, back)
}

// completionNotice says what was saved, naming the person when known.
func completionNotice(c echo.Context, name string, date *factorial.Date) string {
	l := i18n.From(c.Request().Context())
	switch {
	case date == nil && name == "":
		return l.T("Completion date cleared.")
	case date == nil:
		return l.T("Completion date of %s cleared.", name)
	case name == "":
		return l.T("Completion date set to %s.", l.MediumDate(date.In(time.UTC)))
	}
	return l.T("Completion date of %s set to %s.", name, l.MediumDate(date.In(time.UTC)))
}

// refusedCompletion shows a refused date with the input kept in the
// person's form alone: under htmx their row, otherwise a page with the form.
func (ct *Catalogue) refusedCompletion(c echo.Context, m factorial.TrainingMembership, f pages.CompletionFormProps, rowOnly bool) error {
	cl := mw.Client(c)
	var people map[factorial.ID]*factorial.Employee
	var t *factorial.Training
	g, ctx := errgroup.WithContext(c.Request().Context())
	g.Go(func() (err error) {
		people, err = training.Employees(ctx, cl.Employees, []factorial.ID{m.EmployeeID})
		return err
	})
	g.Go(func() (err error) { t, err = cl.Trainings.Get(ctx, m.TrainingID); return err })
	if err := g.Wait(); err != nil {
		return err
	}
	f.Participant = training.Participant{Membership: m, Employee: people[m.EmployeeID]}
	if rowOnly {
		return ct.fragment(c, http.StatusOK, pages.ParticipantRowUpdate(ct.rowOf(c, f, t.ValidFor)))
	}
	return ct.page(c, http.StatusOK, i18n.T(c.Request().Context(), "Completion date of %s", f.Participant.Name(c.Request().Context())), pages.CompletionPage(*t, f))
}

// rowOf is the props of a participant's row redrawn alone; the row's own
// tick is sent along with its form.
func (ct *Catalogue) rowOf(c echo.Context, f pages.CompletionFormProps, validFor *int) pages.ParticipantRowProps {
	m := f.Participant.Membership
	ids, _ := form.IDs(c.Request().Form["ids"])
	return pages.ParticipantRowProps{
		Today: ct.today(), ValidFor: validFor, CanEdit: can(c, EditCatalogue, Subject{}),
		CanSetCompletion: can(c, SetCompletion, Subject{TrainingID: m.TrainingID, EmployeeID: m.EmployeeID}),
		Selected:         slices.Contains(ids, m.ID), Completion: f,
	}
}

// completionRow answers htmx's completion form with the enrolment's row
// only, so the ticks elsewhere in the table stay. A failed save goes to the
// flash region through the error handler, the row as typed. The person's
// name is read while the date is saved.
func (ct *Catalogue) completionRow(c echo.Context, m factorial.TrainingMembership, date *factorial.Date) error {
	cl := mw.Client(c)
	ctx := c.Request().Context()
	var people map[factorial.ID]*factorial.Employee
	var t *factorial.Training
	var peopleErr, trainingErr, saveErr error
	var wg sync.WaitGroup // no shared cancel: a failed lookup must not cut the save short
	wg.Go(func() { people, peopleErr = training.Employees(ctx, cl.Employees, []factorial.ID{m.EmployeeID}) })
	wg.Go(func() { t, trainingErr = cl.Trainings.Get(ctx, m.TrainingID) })
	wg.Go(func() {
		var saved *factorial.TrainingMembership
		if saved, saveErr = cl.Memberships.Update(ctx, m.ID, date); saveErr == nil {
			m = *saved
		}
	})
	wg.Wait()
	switch {
	case saveErr != nil:
		return writeFailed(saveErr, repeatable, link{})
	case peopleErr != nil || trainingErr != nil:
		// Saved, but the row cannot be drawn: show the whole tab.
		ct.flash(c, "success", completionNotice(c, "", date))
		return Redirect(c, paths.Participants(m.TrainingID))
	}
	f := pages.CompletionFormProps{Participant: training.Participant{Membership: m, Employee: people[m.EmployeeID]}}
	r := ct.rowOf(c, f, t.ValidFor)
	r.Notice = completionNotice(c, f.Participant.Name(ctx), date)
	return ct.fragment(c, http.StatusOK, pages.ParticipantRowUpdate(r))
}

// completionIs reports whether enrolment mid of ps has the completion date
// date (nil: none).
func completionIs(ps []training.Participant, mid factorial.ID, date *factorial.Date) bool {
	for _, pt := range ps {
		if pt.Membership.ID == mid {
			got := pt.Membership.TrainingCompletedAt
			return got == nil && date == nil || got != nil && date != nil && *got == *date
		}
	}
	return false
}

// bulkCompletionConcurrency bounds the completion dates saved at once.
const bulkCompletionConcurrency = 8

// SetCompletions sets one completion date for every participant ticked.
// Factorial has no bulk update of enrolments: each is saved on its own
// (a PUT, safe to send again). When some fail, the tab is read again and
// says who has the date now and who has not, with those still ticked.
func (ct *Catalogue) SetCompletions(c echo.Context) error {
	id, values, err := trainingPost(c)
	if err != nil {
		return err
	}
	if err := require(c, SetCompletion, Subject{TrainingID: id}); err != nil {
		return err
	}
	ids, ok := form.IDs(values["ids"])
	if !ok {
		return echo.ErrBadRequest
	}
	ctx := c.Request().Context()
	l := i18n.From(ctx)
	back := paths.Participants(id)
	SetRetry(c, back)
	input := values.Get("completed_at")
	date, msg := form.CompletionDate(input, ct.today(), l)
	switch {
	case len(ids) == 0:
		ct.flash(c, "error", l.T("Tick the people whose completion date to set first. Nothing was changed."))
		return Redirect(c, back)
	case msg == "" && date == nil:
		msg = l.T("Enter the completion date first.")
	}
	ticked := func(p *pages.TrainingProps) {
		p.Selected = map[factorial.ID]bool{}
		for _, x := range ids {
			p.Selected[x] = true
		}
	}
	if msg != "" {
		p, err := ct.loadTraining(c, id, paths.TabParticipants)
		if err != nil {
			return err
		}
		ticked(&p)
		showOnly(&p, ids)
		p.BulkInput, p.BulkError = input, msg
		return ct.page(c, http.StatusOK, p.Training.Name, pages.Training(p))
	}
	cl := mw.Client(c)
	// Only this training's enrolments: a form cannot reach others.
	members, err := membersOf(ctx, cl, id)
	if err != nil {
		return err
	}
	ours := map[factorial.ID]bool{}
	for _, m := range members {
		ours[m.ID] = true
	}
	ids = slices.DeleteFunc(ids, func(x factorial.ID) bool { return !ours[x] })
	failed := make([]error, len(ids))
	g := new(errgroup.Group) // each save on its own: one failure must not cancel the others
	g.SetLimit(bulkCompletionConcurrency)
	for i, mid := range ids {
		g.Go(func() error {
			_, failed[i] = cl.Memberships.Update(ctx, mid, date)
			return nil
		})
	}
	_ = g.Wait()
	var firstErr error
	for _, e := range failed {
		if e != nil {
			firstErr = e
			break
		}
	}
	when := l.MediumDate(date.In(time.UTC))
	if firstErr == nil {
		ct.afterWrite(c)
		ct.flash(c, "success", l.T("%d people now have the completion date %s.", len(ids), when))
		return Redirect(c, back)
	}
	// Read back: the enrolments say which dates were saved.
	p, lerr := ct.loadTraining(c, id, paths.TabParticipants)
	if lerr != nil {
		return writeFailed(firstErr, repeatable, link{})
	}
	ct.afterWrite(c)
	var missing []factorial.ID
	for _, mid := range ids {
		if !completionIs(p.Participants, mid, date) {
			missing = append(missing, mid)
		}
	}
	if len(missing) == 0 {
		ct.flash(c, "success", l.T("%d people now have the completion date %s.", len(ids), when))
		return Redirect(c, back)
	}
	p.Problem = ptr(ProblemFor(c.Request().Context(), firstErr))
	p.Problem.Title = l.T("Not every completion date was saved")
	p.Problem.Detail = l.T("Aula looked: %d of the %d people ticked have the completion date %s now; %d do not. They are still ticked below: set the date again.",
		len(ids)-len(missing), len(ids), when, len(missing))
	ids = missing
	ticked(&p)
	showOnly(&p, ids)
	p.BulkInput = input
	return ct.page(c, p.Problem.Status, p.Training.Name, pages.Training(p))
}
