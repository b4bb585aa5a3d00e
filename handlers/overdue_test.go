package handlers_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/paths"
	"github.com/aula-hr/aula/internal/training"
)

// overdueIn is how many enrolments of the people in whom are overdue on
// the company's day, by the shared rule (training.StateOn).
func overdueIn(t *testing.T, st *sandbox.State, whom func(factorial.ID) bool) int {
	t.Helper()
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		t.Fatal(err)
	}
	today := factorial.DateOf(time.Now().In(madrid))
	n := 0
	for _, m := range st.TrainingMemberships {
		tr := st.Training(m.TrainingID)
		if tr == nil || !whom(m.EmployeeID) {
			continue
		}
		if training.StateOn(m, tr.ValidFor, today, training.ExpiringDays) == training.Overdue {
			n++
		}
	}
	return n
}

// managersPeople reports whether an employee is the manager persona or one
// of their direct or indirect reports.
func managersPeople(st *sandbox.State) func(factorial.ID) bool {
	mgr := st.Personas[sandbox.PersonaManager]
	people := map[factorial.ID]bool{mgr: true}
	for _, e := range training.Reports(st.Employees, mgr) {
		people[e.ID] = true
	}
	return func(id factorial.ID) bool { return people[id] }
}

// mandatoryFirst fails when a row without the mandatory label comes before
// one with it.
func mandatoryFirst(t *testing.T, what string, rows *goquery.Selection) {
	t.Helper()
	seenOptional := false
	rows.Each(func(i int, r *goquery.Selection) {
		mandatory := apptest.TestID(goquery.NewDocumentFromNode(r.Nodes[0]), "mandatory").Length() == 1
		if mandatory && seenOptional {
			t.Errorf("%s: row %d is mandatory but comes after an optional one", what, i+1)
		}
		seenOptional = seenOptional || !mandatory
	})
}

// The manager's home card shows the first of their people's overdue
// trainings, mandatory first, each row leading to the training's
// participants filtered to that person, and a link to the whole list.
func TestManagerHomeOverdueCardLeadsToTheFullList(t *testing.T) {
	srv := apptest.Start(t)
	st := srv.Sandbox.Snapshot()
	want := overdueIn(t, st, managersPeople(st))
	if want <= 10 {
		t.Fatalf("the sandbox's manager has %d overdue trainings, want more than one card's 10", want)
	}
	mgr := srv.SignIn(t, sandbox.PersonaManager)
	doc := apptest.Parse(t, mgr.Get("/"))
	card := apptest.TestID(doc, "overdue-memberships")
	rows := card.Find(`[data-testid="overdue-row"]`)
	if rows.Length() != 10 {
		t.Errorf("%d rows on the card, want 10", rows.Length())
	}
	if got := apptest.TestID(doc, "overdue-summary").Text(); !strings.Contains(got, "10 of "+itoa(want)) {
		t.Errorf("summary %q, want 10 of %d", got, want)
	}
	if href := apptest.TestID(doc, "all-overdue").AttrOr("href", ""); href != paths.TeamOverdue {
		t.Errorf("the card's link to the full list goes to %q", href)
	}
	mandatoryFirst(t, "home card", rows)
	participants := regexp.MustCompile(`^/trainings/\d+/participants\?`)
	rows.Each(func(i int, r *goquery.Selection) {
		link := r.Find(`[data-testid="overdue-link"]`)
		href := link.AttrOr("href", "")
		u, err := url.Parse(href)
		if err != nil || !participants.MatchString(href) || u.Query().Get("state") != training.Overdue.Key() ||
			u.Query().Get("q") != strings.TrimSpace(link.Find(`[data-testid="overdue-person"]`).Text()) {
			t.Errorf("row %d links to %q, want the participants filtered to the person and overdue", i+1, href)
		}
	})
	// The link's filter is one the participants tab reads: followed, it
	// shows that person's overdue enrolment and nobody else.
	first := rows.First()
	person := strings.TrimSpace(first.Find(`[data-testid="overdue-person"]`).Text())
	tab := apptest.Parse(t, srv.SignIn(t, sandbox.PersonaHRAdmin).Get(first.Find(`[data-testid="overdue-link"]`).AttrOr("href", "")))
	shown := tab.Find(`[data-testid="participant-row"]`)
	if shown.Length() == 0 {
		t.Fatalf("the first row's link shows no participant")
	}
	shown.Each(func(i int, r *goquery.Selection) {
		name := strings.TrimSpace(r.Find(`[data-testid="participant-name"]`).Text())
		state := strings.TrimSpace(r.Find(`[data-testid="participant-status"]`).Text())
		if name != person || !strings.Contains(state, "Overdue") {
			t.Errorf("followed link shows %q (%q), want only %q overdue", name, state, person)
		}
	})
}

// The overdue list has every overdue training of the manager's people on
// pages of 50, mandatory first, the manager's own marked "You"; HR has
// everyone's; trainers and employees have none.
func TestOverdueListPagesForManagersAndHR(t *testing.T) {
	srv := apptest.Start(t)
	st := srv.Sandbox.Snapshot()
	mine := overdueIn(t, st, managersPeople(st))
	all := overdueIn(t, st, func(factorial.ID) bool { return true })

	mgr := srv.SignIn(t, sandbox.PersonaManager)
	self := ""
	for _, e := range st.Employees {
		if e.ID == st.Personas[sandbox.PersonaManager] {
			self = e.FullName
		}
	}
	listed, you := 0, 0
	for page := 1; ; page++ {
		res := mgr.Get(paths.TeamOverduePage(page))
		mustStatus(t, res, http.StatusOK)
		doc := apptest.Parse(t, res)
		if got := apptest.TestID(doc, "overdue-count").Text(); !strings.HasPrefix(got, itoa(mine)+" ") {
			t.Errorf("page %d says %q, want %d overdue", page, got, mine)
		}
		rows := apptest.TestID(doc, "overdue-row")
		if rows.Length() > 50 {
			t.Errorf("page %d has %d rows, want at most 50", page, rows.Length())
		}
		if page == 1 {
			mandatoryFirst(t, "overdue list", rows)
		}
		rows.Each(func(_ int, r *goquery.Selection) {
			listed++
			isYou := r.Find(`[data-testid="you"]`).Length() == 1
			if isYou {
				you++
			}
			if person := r.Find(`[data-testid="overdue-person"]`).Text(); isYou != (person == self) {
				t.Errorf("%q labelled You: %v", person, isYou)
			}
		})
		if apptest.TestID(doc, "page-next").Length() == 0 {
			break
		}
	}
	if listed != mine {
		t.Errorf("the manager's list has %d rows, want %d", listed, mine)
	}
	t.Logf("manager: %d overdue, %d their own; company: %d", mine, you, all)

	hr := srv.SignIn(t, sandbox.PersonaHRAdmin)
	doc := apptest.Parse(t, hr.Get(paths.TeamOverdue))
	if got := apptest.TestID(doc, "overdue-count").Text(); !strings.HasPrefix(got, itoa(all)+" ") {
		t.Errorf("HR's list says %q, want %d", got, all)
	}
	if apptest.TestID(doc, "you").Length() != 0 {
		t.Error("HR's list marks someone as HR themselves without an overdue training of theirs")
	}
	mustStatus(t, hr.Get(paths.TeamOverdue+"?page=0"), http.StatusNotFound)
	mustStatus(t, hr.Get(paths.TeamOverduePage(999)), http.StatusNotFound)

	for _, persona := range []string{sandbox.PersonaTrainer, sandbox.PersonaEmployee} {
		c := srv.SignIn(t, persona)
		mustStatus(t, c.Get(paths.TeamOverdue), http.StatusForbidden)
		if apptest.TestID(apptest.Parse(t, c.Get("/")), "nav-overdue").Length() != 0 {
			t.Errorf("%s: the overdue list is in the navigation", persona)
		}
	}
	for _, c := range []*apptest.Client{mgr, hr} {
		if apptest.TestID(apptest.Parse(t, c.Get("/")), "nav-overdue").AttrOr("href", "") != paths.TeamOverdue {
			t.Error("the overdue list is not in the navigation of a manager or HR")
		}
	}
}

// Every count, session and own training on a home page is a link to where
// the person acts: a count to the catalogue filtered so, a session to its
// row on the training's sessions tab, an enrolment to its training.
func TestHomeItemsAreLinks(t *testing.T) {
	srv := apptest.Start(t)
	hr := srv.SignIn(t, sandbox.PersonaHRAdmin)
	doc := apptest.Parse(t, hr.Get("/"))
	for testid, want := range map[string]string{
		"count-active": "/trainings?status=active", "count-draft": "/trainings?status=draft", "count-categories": paths.Categories,
	} {
		link := apptest.TestID(doc, testid).Find(`[data-testid="count-link"]`)
		if got := link.AttrOr("href", ""); got != want {
			t.Errorf("%s links to %q, want %q", testid, got, want)
		}
		mustStatus(t, hr.Get(want), http.StatusOK) // the catalogue's canonical address: no redirect
	}
	for _, persona := range []string{sandbox.PersonaHRAdmin, sandbox.PersonaTrainer, sandbox.PersonaManager, sandbox.PersonaEmployee} {
		c := srv.SignIn(t, persona)
		doc := apptest.Parse(t, c.Get("/"))
		sessions := apptest.TestID(doc, "session")
		if sessions.Length() == 0 {
			t.Errorf("%s: no sessions on the home page", persona)
		}
		checked := 0
		sessions.Each(func(_ int, s *goquery.Selection) {
			href := s.Find(`[data-testid="session-link"]`).AttrOr("href", "")
			page, anchor, ok := strings.Cut(href, "#")
			if !ok || !strings.HasSuffix(page, "/sessions") {
				t.Errorf("%s: session %q links to %q, not to its row on a sessions tab", persona, s.Find("strong").Text(), href)
				return
			}
			if checked < 2 { // the linked page has the row
				checked++
				if apptest.Parse(t, c.Get(page)).Find("#"+anchor).Length() != 1 {
					t.Errorf("%s: %s has no row #%s", persona, page, anchor)
				}
			}
		})
	}
	emp := srv.SignIn(t, sandbox.PersonaEmployee)
	doc = apptest.Parse(t, emp.Get("/"))
	mine := apptest.TestID(doc, "membership")
	if mine.Length() == 0 {
		t.Fatal("the employee has no trainings on their home page")
	}
	mandatoryFirst(t, "employee's trainings", mine)
	mine.Each(func(i int, m *goquery.Selection) {
		if href := m.Find(`[data-testid="membership-link"]`).AttrOr("href", ""); !regexp.MustCompile(`^/trainings/\d+$`).MatchString(href) {
			t.Errorf("own training %d links to %q, want its training page", i+1, href)
		}
	})
}
