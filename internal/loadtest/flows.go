package loadtest

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/paths"
)

// Step is one thing a virtual user does: usually one page (u.Get), or a
// form read and sent. A step that fails ends the user's pass through its
// flow; the next pass starts again from the first step.
type Step struct {
	Name string
	Do   func(u *User) error
}

// Flow is what one kind of user does, over and over: the persona it signs
// in as, how many of every ten users follow it, and its steps in order.
type Flow struct {
	Name    string
	Persona string
	Share   int // of every 10 users
	Steps   []Step
}

// Flows are the users' flows. A new page joins by adding a Step to the flow
// of the people who use it: a Get of its route pattern (the name it is
// reported under) and its address, and, for a write, the form posted and
// its outcome noted with u.noteCreate or u.noteEdit.
func Flows() []Flow {
	return []Flow{
		{Name: "hr", Persona: sandbox.PersonaHRAdmin, Share: 4, Steps: []Step{
			{"home", func(u *User) error { _, err := u.Get(paths.Home, paths.Home); return err }},
			{"catalogue", openCatalogue},
			// The writes first, so that a short run (or a pass a failure
			// cut short) has made some of every kind.
			{"edit and save a training", editTraining},
			{"create a group", createGroup},
			{"schedule a session", scheduleSession},
			{"catalogue filtered", func(u *User) error {
				filters := []string{"mandatory=yes", "q=safety", "status=active", "catalog=yes"}
				_, err := u.Get(paths.Trainings+"?filter", paths.Trainings+"?"+filters[u.Iter%len(filters)])
				return err
			}},
			{"training and its tabs", openTrainingTabs},
			{"calendar week", func(u *User) error {
				_, err := u.Get(paths.Calendar+"?view=week", paths.Calendar+"?view=week")
				return err
			}},
		}},
		{Name: "trainer", Persona: sandbox.PersonaTrainer, Share: 3, Steps: []Step{
			{"today's sessions", openToday},
			{"a sheet and its marks", markAttendance},
			{"calendar and a session page", openCalendarSession},
		}},
		{Name: "manager", Persona: sandbox.PersonaManager, Share: 3, Steps: []Step{
			{"home", func(u *User) error { _, err := u.Get(paths.Home, paths.Home); return err }},
			{"overdue", func(u *User) error { _, err := u.Get(paths.TeamOverdue, paths.TeamOverdue); return err }},
			{"team overview", func(u *User) error { _, err := u.Get(paths.Team, paths.Team); return err }},
			{"the renewals to plan", planRenewals},
		}},
	}
}

var (
	trainingLink = regexp.MustCompile(`^/trainings/(\d+)$`)
	sessionLink  = regexp.MustCompile(`^/sessions/\d+(?:\?.*)?$`)
)

// openCalendarSession opens the month as a trainer sees it and follows the
// first session on it to its page.
func openCalendarSession(u *User) error {
	a, err := u.Get(paths.Calendar, paths.Calendar)
	if err != nil {
		return err
	}
	href := ""
	a.Doc().Find("a[href]").EachWithBreak(func(_ int, s *goquerySel) bool {
		if h := s.AttrOr("href", ""); sessionLink.MatchString(h) {
			href = h
			return false
		}
		return true
	})
	if href == "" {
		return nil // no session this month for this trainer
	}
	_, err = u.Get(paths.SessionPageRoute, href)
	return err
}

// planRenewals opens the overview's 90-day window and follows its first
// "Plan the renewals" link: a manager's request to HR.
func planRenewals(u *User) error {
	a, err := u.Get(paths.Team+"?window", paths.TeamView(paths.TeamFilter{Window: 90}))
	if err != nil {
		return err
	}
	href := a.Doc().Find(`a[data-testid="plan-renewals"]`).First().AttrOr("href", "")
	if href == "" {
		return nil // nothing expires in the team within 90 days
	}
	_, err = u.Get(paths.TeamRenewals, href)
	return err
}

func openCatalogue(u *User) error {
	a, err := u.Get(paths.Trainings, paths.Trainings)
	if err != nil {
		return err
	}
	u.Trainings = u.Trainings[:0]
	seen := map[string]bool{}
	a.Doc().Find("a[href]").Each(func(_ int, s *goquerySel) {
		if m := trainingLink.FindStringSubmatch(s.AttrOr("href", "")); m != nil && !seen[m[1]] {
			seen[m[1]] = true
			u.Trainings = append(u.Trainings, m[1])
		}
	})
	if len(u.Trainings) == 0 {
		return fmt.Errorf("the catalogue links to no training")
	}
	u.Training = u.Trainings[rand.IntN(len(u.Trainings))]
	return nil
}

func openTrainingTabs(u *User) error {
	id, _ := factorial.ParseID(u.Training)
	for _, tab := range []paths.Tab{paths.TabOverview, paths.TabGroups, paths.TabSessions, paths.TabParticipants, paths.TabCosts} {
		if _, err := u.Get(paths.TabRoute(tab), paths.TrainingTab(id, tab)); err != nil {
			return err
		}
	}
	return nil
}

// editTraining edits the user's own training (one per HR user, so that
// what each was told can be checked against what Factorial has): its
// description gets a mark of this user and pass.
func editTraining(u *User) error {
	own := u.Vars["own training"]
	if own == "" {
		if u.Index >= len(u.Trainings) {
			return nil // more HR users than trainings on the first page: this one only reads
		}
		// Chosen once, at the first pass (when every user reads the same
		// first page), so that no two users ever edit one training.
		own = u.Trainings[u.Index]
		u.Vars["own training"] = own
	}
	id, _ := factorial.ParseID(own)
	a, err := u.Get(paths.TrainingEditRoute, paths.TrainingEdit(id))
	if err != nil {
		return err
	}
	form, ok := FormOf(a, paths.TrainingEdit(id))
	if !ok {
		return fmt.Errorf("the edit page of training %s has no form", id)
	}
	mark := fmt.Sprintf("Load test: user %d, pass %d", u.ID, u.Iter)
	form.Set("description", mark)
	ans, err := u.PostForm(paths.TrainingEditRoute, paths.TrainingEdit(id), form, 0)
	u.run.noteEdit(u, id, mark, ans)
	if ans != nil && ans.StatusCode == http.StatusSeeOther {
		_, err = u.Get(paths.TrainingRoute, ans.Header.Get("Location"))
	}
	return err
}

// createGroup creates a group of a unique name in the training looked at,
// and sends the form again when the page says it was not saved, as a
// person would.
func createGroup(u *User) error {
	id, _ := factorial.ParseID(u.Training)
	a, err := u.Get(paths.NewGroupRoute, paths.NewGroup(id))
	if err != nil {
		return err
	}
	form, ok := FormOf(a, paths.Groups(id))
	if !ok {
		return fmt.Errorf("the new group page of training %s has no form", id)
	}
	name := fmt.Sprintf("LT group u%d p%d", u.ID, u.Iter)
	form.Set("name", name)
	form.Set("start_date", "2027-03-01")
	form.Set("end_date", "2027-03-02")
	form.Set("payment_status", "paid")
	w := u.run.newCreate(u, "group", id, name)
	for attempt := 0; attempt < 2; attempt++ {
		ans, perr := u.PostForm(paths.GroupsRoute, paths.Groups(id), form, 0)
		o := w.told(ans)
		if o != NotSaved {
			if o == Saved {
				_, perr = u.Get(paths.GroupsRoute, ans.Header.Get("Location"))
			}
			return perr
		}
		err = perr
	}
	return err
}

// scheduleSession schedules a session of a unique name, in a place of its
// own (no clash), in the first group of the training looked at: the form
// of the sessions tab's first "Schedule a session". A clash warning, or a
// clash check Factorial did not answer, is read and the form sent again,
// as a person would; so is a page that says nothing was saved.
func scheduleSession(u *User) error {
	id, _ := factorial.ParseID(u.Training)
	tab, err := u.Get(paths.TabRoute(paths.TabSessions), paths.TrainingTab(id, paths.TabSessions))
	if err != nil {
		return err
	}
	href := tab.Doc().Find(`a[data-testid="schedule-session"]`).First().AttrOr("href", "")
	if href == "" {
		return nil // a training without groups: nothing to schedule in
	}
	a, err := u.Get(paths.NewSessionRoute, href)
	if err != nil {
		return err
	}
	form, ok := FormOf(a, href)
	if !ok {
		return fmt.Errorf("%s has no form", href)
	}
	name := fmt.Sprintf("LT session u%d p%d", u.ID, u.Iter)
	form.Set("name", name)
	form.Set("schedule", "scheduled")
	form.Set("modality", "inperson")
	form.Set("location", fmt.Sprintf("LT room u%d p%d", u.ID, u.Iter))
	form.Set("date", factorial.DateOf(time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)).AddDays(u.Iter%200).String())
	form.Set("start", "10:00")
	form.Set("end", "11:00")
	form.Del("repeat")
	w := u.run.newCreate(u, "session", id, name)
	for attempt := 0; attempt < 3; attempt++ {
		ans, perr := u.PostForm(paths.NewSessionRoute, href, form, 0)
		if ans != nil && ans.StatusCode == http.StatusOK && ans.Doc().Find(`[data-testid="clashes"], [data-testid="clash-check-failed"]`).Length() > 0 {
			form.Set("clashes", "seen") // a warning, not an outcome: save anyway
			continue
		}
		o := w.told(ans)
		if o != NotSaved {
			if o == Saved {
				_, perr = u.Get(paths.SessionPageRoute, ans.Header.Get("Location"))
			}
			return perr
		}
		err = perr
	}
	return err
}

func openToday(u *User) error {
	a, err := u.Get(paths.Attendance, paths.Attendance)
	if err != nil {
		return err
	}
	u.Sheets = u.Sheets[:0]
	a.Doc().Find(`a[data-testid="open-sheet"]`).Each(func(_ int, s *goquerySel) {
		u.Sheets = append(u.Sheets, s.AttrOr("href", ""))
	})
	return nil
}

// sheetState is the sheet's state JSON (handlers.sheetState).
type sheetState struct {
	Owner string `json:"owner"`
	CSRF  string `json:"csrf"`
	Rows  []struct {
		ID     factorial.ID `json:"id"`
		Status string       `json:"status"`
	} `json:"rows"`
}

type markAnswer struct {
	Results []struct {
		ID      factorial.ID `json:"id"`
		Outcome string       `json:"outcome"`
	} `json:"results"`
}

// markAttendance opens a sheet and marks some of its rows as the sheet's
// script does: the state JSON for the owner id and a CSRF token, then one
// JSON batch. Each trainer user marks only its own share of the rows, so
// each row has one writer whose answers can be checked.
func markAttendance(u *User) error {
	if len(u.Sheets) == 0 {
		return nil
	}
	// Each trainer user starts on a sheet of its own (one persona plays
	// every trainer: on one sheet, their batches would queue behind each
	// other's, as one person's batches for one session do).
	sheet := u.Sheets[(u.Iter+u.Index)%len(u.Sheets)]
	if _, err := u.Get(paths.SheetRoute, sheet); err != nil {
		return err
	}
	a, err := u.Do(paths.SheetStateRoute, http.MethodGet, sheet+"/state", "", nil, http.StatusOK, "Accept", "application/json")
	if err != nil {
		return err
	}
	var st sheetState
	if err := json.Unmarshal(a.Body, &st); err != nil {
		return fmt.Errorf("sheet state: %v", err)
	}
	type mark struct {
		ID     factorial.ID `json:"id"`
		Status string       `json:"status"`
		Seen   string       `json:"seen"`
	}
	var marks []mark
	for _, r := range st.Rows {
		if int(r.ID)%u.Of != u.Index {
			continue
		}
		want := "completed"
		if r.Status == "completed" {
			want = "missing"
		}
		marks = append(marks, mark{ID: r.ID, Status: want, Seen: r.Status})
		if len(marks) == 3 {
			break
		}
	}
	if len(marks) == 0 {
		return nil
	}
	body, _ := json.Marshal(map[string]any{"owner": st.Owner, "marks": marks})
	ans, err := u.Do(paths.SheetMarksRoute, http.MethodPost, sheet+"/marks?rows="+strconv.Itoa(len(st.Rows)), "application/json",
		strings.NewReader(string(body)), 0, "Accept", "application/json", "X-CSRF-Token", st.CSRF)
	var got markAnswer
	if ans != nil {
		_ = json.Unmarshal(ans.Body, &got)
	}
	outcome := map[factorial.ID]Outcome{}
	for _, r := range got.Results {
		switch r.Outcome {
		case "saved":
			outcome[r.ID] = Saved
		default: // conflict, refused: not written
			outcome[r.ID] = NotSaved
		}
	}
	for _, m := range marks {
		o, ok := outcome[m.ID]
		if !ok {
			// No result for the mark: a 502 says Factorial did not
			// confirm it (the sheet keeps it waiting); no answer at all
			// leaves it unknown too.
			o = Unknown
		}
		u.run.noteMark(u, m.ID, m.Status, o)
	}
	return err
}
