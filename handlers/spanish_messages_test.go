package handlers_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/paths"
	"github.com/aula-hr/aula/internal/training"
	mw "github.com/aula-hr/aula/middleware"
)

// inSpanish makes c ask for Spanish, as the switcher's cookie does.
func inSpanish(t *testing.T, c *apptest.Client) {
	t.Helper()
	u, err := url.Parse(c.Base)
	if err != nil {
		t.Fatal(err)
	}
	c.Jar.SetCookies(u, []*http.Cookie{{Name: mw.LocaleCookie, Value: "es", Path: "/"}})
}

// The messages the server writes in Go reach a Spanish person in Spanish:
// a form error, a flash after a write, a date typed the Spanish way and a
// refused one (the input kept, the error naming dd/mm/aaaa), and the
// problem of an error page.
func TestServerMessagesInSpanish(t *testing.T) {
	srv := apptest.Start(t)
	hr := srv.SignIn(t, sandbox.PersonaHRAdmin)
	inSpanish(t, hr)

	doc := apptest.Parse(t, hr.Post(paths.Categories, url.Values{"name": {"  "}}))
	if got := apptest.TestID(doc, "error-name").Text(); !strings.Contains(got, "Ponle un nombre a la categoría.") {
		t.Errorf("empty category name: %q", got)
	}
	res := hr.Post(paths.Categories, url.Values{"name": {"Prevención"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create category: status %d", res.StatusCode)
	}
	doc = apptest.Parse(t, hr.Get(location(t, res)))
	if got := apptest.TestID(doc, "flash-success").Text(); !strings.Contains(got, "Categoría «Prevención» creada.") {
		t.Errorf("flash: %q", got)
	}

	f := fixtureOf(t, srv.Sandbox.Snapshot())
	group := url.Values{"name": {"Invierno"}, "start_date": {"31/02/2026"}, "end_date": {"2026-12-04"},
		"cost": {"1.234,56"}, "payment_status": {"pending"}}
	body := apptest.Body(hr.Post(paths.Groups(f.training.ID), group))
	if !strings.Contains(body, i18n.Spanish.DateError()) || !strings.Contains(body, `value="31/02/2026"`) {
		t.Errorf("refused date: no %q or the input was lost\n%s", i18n.Spanish.DateError(), excerpt(body))
	}
	group.Set("start_date", "2/12/2026")
	res = hr.Post(paths.Groups(f.training.ID), group)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("group with a Spanish date and amount: status %d\n%s", res.StatusCode, excerpt(apptest.Body(res)))
	}
	doc = apptest.Parse(t, hr.Get(location(t, res)))
	if got := apptest.TestID(doc, "flash-success").Text(); !strings.Contains(got, "Grupo «Invierno") || !strings.Contains(got, "creado.") {
		t.Errorf("flash: %q", got)
	}
	var saved []string
	for _, c := range srv.Sandbox.Snapshot().Classes {
		if c.Name == "Invierno" && c.StartDate != nil {
			saved = append(saved, c.StartDate.String()+" "+c.Cost)
		}
	}
	if len(saved) != 1 || !strings.HasPrefix(saved[0], "2026-12-02 1234.56") {
		t.Errorf("saved groups %q, want one from 2026-12-02 costing 1234.56", saved)
	}

	doc = apptest.Parse(t, hr.Get("/no/such/page"))
	if got := apptest.TestID(doc, "problem-title").Text(); got != "Página no encontrada" {
		t.Errorf("not found page: %q", got)
	}
}

// What Aula calls a record without a name of its own reaches a Spanish
// reader (Accept-Language: es) in Spanish: groups without a name (by their
// first day, in the Spanish form, or as undated), a participant Factorial
// no longer returns, on the page and in its CSV export, a training it no
// longer returns in the completion review's CSV, and the role in the
// header.
func TestUnnamedRecordsInSpanish(t *testing.T) {
	st := sandbox.New().Snapshot()
	tr := busyTraining(t, st)
	march := factorial.Date{Year: 2026, Month: 3, Day: 2}
	st.Classes = append(st.Classes,
		factorial.TrainingClass{ID: "90001", TrainingID: tr.ID, Name: " ", StartDate: &march, EndDate: &march, Cost: "0"},
		factorial.TrainingClass{ID: "90002", TrainingID: tr.ID, Cost: "0"})
	// One participant leaves Factorial's answers: their enrolment stays.
	keep := map[factorial.ID]bool{}
	for _, id := range st.Personas {
		keep[id] = true
	}
	for _, e := range st.Employees {
		if e.ManagerID != nil {
			keep[*e.ManagerID] = true
		}
	}
	for _, ids := range st.Teachers {
		for _, id := range ids {
			keep[id] = true
		}
	}
	var gone factorial.ID
	for _, m := range membersOf(st, tr.ID) {
		if !keep[m.EmployeeID] {
			gone = m.EmployeeID
			break
		}
	}
	if gone == 0 {
		t.Fatal("every participant of the training is a persona, a manager or a trainer")
	}
	st.Employees = slices.DeleteFunc(st.Employees, func(e factorial.Employee) bool { return e.ID == gone })
	// Another person stays enrolled in a training Factorial no longer returns.
	var stays factorial.Employee
	for _, e := range st.Employees {
		if e.Active && !keep[e.ID] {
			stays = e
			break
		}
	}
	st.TrainingMemberships = append(st.TrainingMemberships, factorial.TrainingMembership{ID: 990001, AccessID: stays.AccessID,
		EmployeeID: stays.ID, TrainingID: 990001, Status: factorial.NotStarted})

	srv := apptest.Start(t, apptest.WithSandboxOptions(sandbox.WithState(st)))
	hr := srv.SignIn(t, sandbox.PersonaHRAdmin)
	es := http.Header{"Accept-Language": {"es"}}
	get := func(path string) *http.Response {
		t.Helper()
		res := hr.Do(http.MethodGet, path, nil, es)
		mustStatus(t, res, http.StatusOK)
		return res
	}

	doc := apptest.Parse(t, get(paths.Groups(tr.ID)))
	groups := rowNames(doc, "group-name")
	for _, want := range []string{"Grupo del 2 mar. 2026", "Grupo sin fechas"} {
		if !slices.Contains(groups, want) {
			t.Errorf("groups tab in Spanish: no %q among %q", want, groups)
		}
	}
	if got := strings.TrimSpace(apptest.TestID(doc, "user-role").Text()); got != "RR. HH." {
		t.Errorf("the header's role in Spanish: %q, want %q", got, "RR. HH.")
	}

	const former = "Una persona que ya no está en la empresa"
	doc = apptest.Parse(t, get(paths.Participants(tr.ID)))
	if names := rowNames(doc, "participant-name"); !slices.Contains(names, former) || slices.Contains(names, "A former employee") {
		t.Errorf("participants in Spanish: want %q among %q", former, names)
	}
	res := get(paths.ParticipantsCSV(tr.ID))
	if body := apptest.Body(res); !strings.Contains(body, ","+gone.String()+","+former+",") {
		t.Errorf("participants CSV in Spanish: no row of employee %d named %q\n%s", gone, former, excerpt(body))
	}

	rows := csvRows(t, hr.Do(http.MethodGet, paths.TeamExport(paths.TeamFilter{Employee: stays.ID}, "matrix"), nil, es))
	if len(rows) != 2 || rows[0][0] != "Persona" || !slices.Contains(rows[0], "Una formación eliminada") || rows[1][0] != stays.FullName {
		t.Errorf("the review's matrix CSV in Spanish of %s: %q", stays.FullName, rows)
	}
}

// The home page's labels chosen by value reach a Spanish reader in Spanish:
// a session held online without a room says "En línea", and a person's own
// trainings say where they stand in Spanish, not "Not started".
func TestHomeLabelsInSpanish(t *testing.T) {
	st := sandbox.New().Snapshot()
	online := factorial.ModalityOnline
	for i := range st.Sessions {
		st.Sessions[i].Location, st.Sessions[i].Modality = nil, &online
	}
	srv := apptest.Start(t, apptest.WithSandboxOptions(sandbox.WithState(st)))
	es := http.Header{"Accept-Language": {"es"}}

	res := srv.SignIn(t, sandbox.PersonaHRAdmin).Do(http.MethodGet, "/", nil, es)
	mustStatus(t, res, http.StatusOK)
	where := rowNames(apptest.Parse(t, res), "session-where")
	if len(where) == 0 {
		t.Fatal("HR's home lists no sessions")
	}
	for _, w := range where {
		if w != "En línea" {
			t.Errorf("an online session's place in Spanish: %q, want %q", w, "En línea")
		}
	}

	res = srv.SignIn(t, sandbox.PersonaEmployee).Do(http.MethodGet, "/", nil, es)
	mustStatus(t, res, http.StatusOK)
	english, spanish := map[string]bool{}, map[string]bool{}
	for _, s := range training.States {
		english[s.Label()], spanish[i18n.Spanish.T(s.Label())] = true, true
	}
	stated := 0
	apptest.TestID(apptest.Parse(t, res), "membership").Find(".tag").Each(func(_ int, tag *goquery.Selection) {
		switch text := strings.TrimSpace(tag.Text()); {
		case english[text]:
			t.Errorf("the employee's home says %q in Spanish", text)
		case spanish[text]:
			stated++
		}
	})
	if stated == 0 {
		t.Error("no training of the employee's home says where they stand")
	}
}
