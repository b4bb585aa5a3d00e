package handlers_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
)

// calendarNow is a Wednesday in Madrid, the week after the October change.
var calendarNow = time.Date(2026, 10, 28, 10, 0, 0, 0, time.UTC)

func startCalendarServer(t testing.TB, opts ...apptest.Option) *apptest.Server {
	now := func() time.Time { return calendarNow }
	return apptest.Start(t, append([]apptest.Option{apptest.WithLogLevel(8),
		apptest.WithSandboxOptions(sandbox.WithClock(now)), apptest.WithNow(now)}, opts...)...)
}

// TestCalendarForEveryRole: everyone has the calendar in the navigation and
// sees, in the month, the sessions Factorial shows them (HR and trainers
// every session; an employee only those they are invited to).
func TestCalendarForEveryRole(t *testing.T) {
	srv := startCalendarServer(t)
	counts := map[string]int{}
	for _, persona := range []string{sandbox.PersonaHRAdmin, sandbox.PersonaTrainer, sandbox.PersonaManager, sandbox.PersonaEmployee} {
		t.Run(persona, func(t *testing.T) {
			c := srv.SignIn(t, persona)
			home := apptest.Parse(t, c.Get("/"))
			if apptest.TestID(home, "nav-calendar").Length() != 1 {
				t.Error("no Calendar in the navigation")
			}
			res := c.Get("/calendar")
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d\n%s", res.StatusCode, apptest.Body(res))
			}
			doc := apptest.Parse(t, res)
			if got := apptest.TestID(doc, "calendar-period").Text(); got != "October 2026" {
				t.Errorf("period %q", got)
			}
			if n := apptest.TestID(doc, "calendar-day").Length(); n != 35 {
				t.Errorf("%d days in the grid of October 2026 (Mon 28 Sep – Sun 1 Nov), want 35", n)
			}
			counts[persona] = apptest.TestID(doc, "calendar-entry").Length()
			doc.Find(`[data-testid="calendar-session"]`).Each(func(_ int, s *goquery.Selection) {
				if h, _ := s.Attr("href"); !strings.HasPrefix(h, "/sessions/") {
					t.Errorf("entry links to %q", h)
				}
			})
		})
	}
	if counts[sandbox.PersonaHRAdmin] == 0 || counts[sandbox.PersonaEmployee] >= counts[sandbox.PersonaHRAdmin] {
		t.Errorf("entries by role: %v (an employee sees fewer sessions than HR)", counts)
	}
}

// calendarSession creates a session through the API and returns it.
func calendarSession(t testing.TB, srv *apptest.Server, r factorial.SessionRequest) *factorial.Session {
	t.Helper()
	if r.TrainingID == 0 {
		r.TrainingID = taughtTraining(t, srv.Sandbox.Snapshot())
	}
	s, err := apiClient(t, srv.Sandbox).Sessions.Create(context.Background(), &r)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func madridAt(t testing.TB, y int, m time.Month, d, h, min int) time.Time {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		t.Fatal(err)
	}
	return time.Date(y, m, d, h, min, 0, 0, loc)
}

func entryOf(doc *goquery.Document, id factorial.ID) *goquery.Selection {
	return doc.Find(`[data-testid="calendar-entry"][data-session="` + id.String() + `"]`)
}

// TestCalendarWeekAcrossTheDaylightSavingChange: a session at 16:00 in
// Madrid on the Monday after the October change (15:00 UTC) and one on the
// Saturday before it (14:00 UTC) both show at 16:00 on their own day.
func TestCalendarWeekAcrossTheDaylightSavingChange(t *testing.T) {
	srv := startCalendarServer(t)
	before := madridAt(t, 2026, 10, 24, 16, 0)
	after := madridAt(t, 2026, 10, 26, 16, 0)
	a := calendarSession(t, srv, factorial.SessionRequest{Name: "Before the change", StartsAt: &before, EndsAt: factorial.Time(before.Add(time.Hour)),
		Schedule: factorial.Ptr(factorial.ScheduleScheduled), Modality: factorial.Ptr(factorial.ModalityOnline)})
	b := calendarSession(t, srv, factorial.SessionRequest{Name: "After the change", StartsAt: &after, EndsAt: factorial.Time(after.Add(time.Hour)),
		Schedule: factorial.Ptr(factorial.ScheduleScheduled), Modality: factorial.Ptr(factorial.ModalityMixed)})
	c := srv.SignIn(t, sandbox.PersonaHRAdmin)
	for _, tc := range []struct {
		query string
		s     *factorial.Session
		day   string
	}{
		{"?view=week&date=2026-10-24", a, "2026-10-24"},
		{"?view=week&date=2026-10-26", b, "2026-10-26"},
		{"?date=2026-10-26", b, "2026-10-26"},
		{"?view=agenda&date=2026-10-20", a, "2026-10-24"},
	} {
		doc := apptest.Parse(t, c.Get("/calendar"+tc.query))
		e := entryOf(doc, tc.s.ID)
		if e.Length() != 1 {
			t.Errorf("%s: session %s not shown once (%d)", tc.query, tc.s.Name, e.Length())
			continue
		}
		if got, _ := e.Closest(`[data-testid="calendar-day"]`).Attr("data-date"); got != tc.day {
			t.Errorf("%s: on %s, want %s", tc.query, got, tc.day)
		}
		want := "16:00–17:00"
		if !strings.Contains(tc.query, "view=") { // the month's cells say the start; the range is its title
			want = "16:00"
			if title, _ := e.Find(".cal-when").Attr("title"); title != "16:00–17:00" {
				t.Errorf("%s: title %q", tc.query, title)
			}
		}
		if got := e.Find(".cal-when").Text(); got != want {
			t.Errorf("%s: at %q, want %s", tc.query, got, want)
		}
	}
	doc := apptest.Parse(t, c.Get("/calendar?view=week&date=2026-10-26"))
	if got := apptest.TestID(doc, "calendar-period").Text(); got != "26 Oct – 1 Nov 2026" {
		t.Errorf("week title %q", got)
	}
	if n := apptest.TestID(doc, "calendar-day").Length(); n != 7 {
		t.Errorf("%d days in the week", n)
	}
	if entryOf(doc, a.ID).Length() != 0 {
		t.Error("the Saturday before shows in the next week")
	}
}

// TestCalendarURLState: the address holds view, date and filters; a
// nonsense date or view leads to today's month, never an error; the moves
// keep the filters; htmx gets the calendar alone and the address to push.
func TestCalendarURLState(t *testing.T) {
	srv := startCalendarServer(t)
	c := srv.SignIn(t, sandbox.PersonaHRAdmin)
	for _, q := range []string{"?date=2026-02-30", "?view=year", "?view=week&date=yesterday", "?date=%ff"} {
		res := c.Get("/calendar" + q)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/calendar" {
			t.Errorf("%s: %d to %q, want 303 to today's month", q, res.StatusCode, res.Header.Get("Location"))
		}
	}
	// A form sent without scripts carries empty fields: the canonical address.
	res := c.Get("/calendar?view=week&date=2026-11-04&training=&group=&modality=online&location=")
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/calendar?date=2026-11-04&modality=online&view=week" {
		t.Fatalf("%d to %q", res.StatusCode, loc)
	}
	doc := apptest.Parse(t, c.Get("/calendar?date=2026-11-04&modality=online&view=week"))
	if n := apptest.TestID(doc, "calendar-entry").Length(); n == 0 {
		t.Fatal("no online sessions that week")
	}
	doc.Find(`[data-testid="calendar-entry"]`).Each(func(_ int, e *goquery.Selection) {
		if m, _ := e.Attr("data-modality"); m != "online" || !strings.Contains(e.Find(".cal-mod").Text(), "Online") {
			t.Errorf("the online filter shows a %q entry labelled %q", m, e.Find(".cal-mod").Text())
		}
	})
	for id, want := range map[string]string{
		"calendar-prev":  "/calendar?date=2026-10-26&modality=online&view=week",
		"calendar-next":  "/calendar?date=2026-11-09&modality=online&view=week",
		"calendar-today": "/calendar?modality=online&view=week",
		"view-month":     "/calendar?date=2026-11-04&modality=online",
	} {
		if got, _ := apptest.TestID(doc, id).Attr("href"); got != want {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
	if v, _ := doc.Find(`#cal-modality option[selected]`).Attr("value"); v != "online" {
		t.Errorf("the modality field shows %q", v)
	}
	h := http.Header{"Hx-Request": {"true"}, "Hx-Target": {"calendar"}, "Hx-Current-Url": {srv.URL + "/calendar"}}
	part := c.Do(http.MethodGet, "/calendar?view=week&date=2026-11-04&modality=online&training=", nil, h)
	if part.StatusCode != http.StatusOK || part.Header.Get("Hx-Push-Url") != "/calendar?date=2026-11-04&modality=online&view=week" {
		t.Errorf("htmx: %d, push %q", part.StatusCode, part.Header.Get("Hx-Push-Url"))
	}
	if body := apptest.Body(part); strings.Contains(body, "<html") || !strings.Contains(body, `data-testid="calendar-period"`) {
		t.Error("htmx did not get the calendar alone")
	}
	// The sessions list is the agenda.
	res = c.Get("/sessions?date=2026-11-04")
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/calendar?date=2026-11-04&view=agenda" {
		t.Errorf("/sessions: %d to %q", res.StatusCode, loc)
	}
}

// TestCalendarEntries: self-paced sessions on their due date, a weekly
// series recognisable (parent and children), modality in words, and the
// sheet linked only for whoever marks the session.
func TestCalendarEntries(t *testing.T) {
	srv := startCalendarServer(t)
	due := factorial.Date{Year: 2026, Month: 10, Day: 30}
	sp := calendarSession(t, srv, factorial.SessionRequest{Name: "Read the handbook", DueDate: &due, Schedule: factorial.Ptr(factorial.ScheduleSelfPaced)})
	hr := srv.SignIn(t, sandbox.PersonaHRAdmin)
	doc := apptest.Parse(t, hr.Get("/calendar"))
	e := entryOf(doc, sp.ID)
	if d, _ := e.Closest(`[data-testid="calendar-day"]`).Attr("data-date"); e.Length() != 1 || d != "2026-10-30" {
		t.Fatalf("the self-paced session is on %q (%d)", d, e.Length())
	}
	if apptest.TestID(goquery.NewDocumentFromNode(e.Nodes[0]), "calendar-selfpaced").Length() != 1 {
		t.Error("the self-paced session is not labelled")
	}
	// The sandbox's weekly series (training 25) runs from six weeks ago.
	st := srv.Sandbox.Snapshot()
	var parent, child factorial.ID
	for _, s := range st.Sessions {
		if s.ParentID != nil && s.StartsAt != nil && s.StartsAt.Month() == time.October {
			child, parent = s.ID, *s.ParentID
		}
	}
	if child == 0 {
		t.Fatal("no series in the sandbox")
	}
	if entryOf(doc, child).Find(`[data-testid="calendar-series"]`).Length() != 1 {
		t.Error("a child of the series is not marked as repeating")
	}
	pdoc := apptest.Parse(t, hr.Get("/calendar?date=2026-09-16"))
	if entryOf(pdoc, parent).Length() == 1 && entryOf(pdoc, parent).Find(`[data-testid="calendar-series"]`).Length() != 1 {
		t.Error("the series' first session is not marked as repeating")
	}
	if doc.Find(`[data-testid="calendar-entry"] .cal-mod`).Length() != apptest.TestID(doc, "calendar-entry").Length() {
		t.Error("an entry without its modality in words")
	}
	// HR marks every session; a trainer those of the trainings they teach.
	if entryOf(doc, child).Find(`[data-testid="calendar-sheet"]`).Length() != 1 {
		t.Error("HR has no sheet link")
	}
	tr := srv.SignIn(t, sandbox.PersonaTrainer)
	tdoc := apptest.Parse(t, tr.Get("/calendar"))
	taught := taughtTraining(t, st)
	sheets, others := 0, 0
	for _, s := range st.Sessions {
		e := entryOf(tdoc, s.ID)
		if e.Length() == 0 {
			continue
		}
		has := e.Find(`[data-testid="calendar-sheet"]`).Length() == 1
		if has {
			sheets++
			if h, _ := e.Find(`[data-testid="calendar-sheet"]`).Attr("href"); h != "/sessions/"+s.ID.String()+"/attendance" {
				t.Errorf("sheet link %q", h)
			}
		}
		if s.TrainingID == taught && s.StartsAt != nil && !has {
			t.Errorf("the trainer's session %d has no sheet link", s.ID)
		}
		if s.TrainingID == 25 && has {
			others++
		}
	}
	if sheets == 0 || others != 0 {
		t.Errorf("trainer: %d sheet links, %d on a training they do not teach", sheets, others)
	}
	// "Only mine": the trainer's own trainings.
	mine := apptest.Parse(t, tr.Get("/calendar?mine=1"))
	entries := mine.Find(`[data-testid="calendar-entry"]`).Length() - mine.Find(`[data-testid="calendar-selfpaced"]`).Length()
	if entries == 0 || entries != mine.Find(`[data-testid="calendar-sheet"]`).Length() {
		t.Errorf("only mine: %d scheduled entries, %d of trainings taught", entries, mine.Find(`[data-testid="calendar-sheet"]`).Length())
	}
	if all := apptest.TestID(tdoc, "calendar-entry").Length(); all <= mine.Find(`[data-testid="calendar-entry"]`).Length() {
		t.Errorf("only mine keeps all %d entries", all)
	}
	emp := srv.SignIn(t, sandbox.PersonaEmployee)
	if n := apptest.Parse(t, emp.Get("/calendar")).Find(`[data-testid="calendar-sheet"]`).Length(); n != 0 {
		t.Errorf("an employee has %d sheet links", n)
	}
}

// TestCalendarWhenFactorialFails: the page says Factorial did not answer,
// not an empty calendar.
func TestCalendarWhenFactorialFails(t *testing.T) {
	srv := startCalendarServer(t)
	c := srv.SignIn(t, sandbox.PersonaHRAdmin)
	srv.Sandbox.SetFaults(sandbox.Fault{Path: "trainings/sessions", Status: http.StatusServiceUnavailable})
	res := c.Get("/calendar")
	if res.StatusCode < 500 || !strings.Contains(apptest.Body(res), "Factorial") {
		t.Errorf("status %d\n%s", res.StatusCode, apptest.Body(res))
	}
	if strings.Contains(apptest.Body(res), `data-testid="calendar-month"`) {
		t.Error("an empty calendar shown when Factorial failed")
	}
}

// TestCalendarInSpanish: month and weekday names, the period of a week and
// the entries' words come from the language's formats and catalogue.
func TestCalendarInSpanish(t *testing.T) {
	srv := startCalendarServer(t)
	c := srv.SignIn(t, sandbox.PersonaHRAdmin)
	es := http.Header{"Accept-Language": {"es-ES,es;q=0.9"}}
	doc := apptest.Parse(t, c.Do(http.MethodGet, "/calendar", nil, es))
	if got := apptest.TestID(doc, "calendar-period").Text(); got != "octubre de 2026" {
		t.Errorf("month %q", got)
	}
	var heads []string
	doc.Find(`[data-testid="calendar-month"] th`).Each(func(_ int, s *goquery.Selection) { heads = append(heads, s.Text()+"/"+s.AttrOr("abbr", "")) })
	if strings.Join(heads, " ") != "lun./lunes mar./martes mié./miércoles jue./jueves vie./viernes sáb./sábado dom./domingo" {
		t.Errorf("weekdays %v", heads)
	}
	if got := apptest.TestID(doc, "calendar-next").Text(); got != "Siguiente" {
		t.Errorf("next %q", got)
	}
	if got := doc.Find(`[data-testid="calendar-entry"][data-modality="online"] .cal-mod`).First().Text(); got != "En línea" {
		t.Errorf("modality %q", got)
	}
	week := apptest.Parse(t, c.Do(http.MethodGet, "/calendar?date=2026-12-30&view=week", nil, es))
	if got := apptest.TestID(week, "calendar-period").Text(); got != "28 dic. 2026 – 3 ene. 2027" {
		t.Errorf("week %q", got)
	}
}

// TestCalendarSelfPacedOnTheirDueDate: a self-paced session (no start, a
// due date) shows on its due date in the month, the week and the agenda,
// labelled and without a time, including in the next month reached with
// Next, and again after Previous.
func TestCalendarSelfPacedOnTheirDueDate(t *testing.T) {
	srv := startCalendarServer(t)
	selfPaced := func(name string, due factorial.Date) *factorial.Session {
		return calendarSession(t, srv, factorial.SessionRequest{Name: name, DueDate: &due, Schedule: factorial.Ptr(factorial.ScheduleSelfPaced)})
	}
	thisWeek := selfPaced("Self-paced this week", factorial.Date{Year: 2026, Month: 10, Day: 30})
	nextMonth := selfPaced("Self-paced next month", factorial.Date{Year: 2026, Month: 11, Day: 18})
	c := srv.SignIn(t, sandbox.PersonaHRAdmin)
	on := func(doc *goquery.Document, where string, s *factorial.Session, day string) {
		t.Helper()
		e := entryOf(doc, s.ID)
		if e.Length() != 1 {
			t.Errorf("%s: %q shown %d times, want once", where, s.Name, e.Length())
			return
		}
		if got, _ := e.Closest(`[data-testid="calendar-day"]`).Attr("data-date"); got != day {
			t.Errorf("%s: %q on %s, want its due date %s", where, s.Name, got, day)
		}
		if e.Find(`[data-testid="calendar-selfpaced"]`).Length() != 1 {
			t.Errorf("%s: %q is not labelled self-paced", where, s.Name)
		}
		if w := e.Find(".cal-when").Text(); strings.ContainsAny(w, "0123456789") {
			t.Errorf("%s: %q shows a time %q", where, s.Name, w)
		}
	}
	month := apptest.Parse(t, c.Get("/calendar"))
	on(month, "this month", thisWeek, "2026-10-30")
	on(apptest.Parse(t, c.Get("/calendar?view=week")), "this week", thisWeek, "2026-10-30")
	on(apptest.Parse(t, c.Get("/calendar?view=agenda")), "the agenda", thisWeek, "2026-10-30")

	next, _ := apptest.TestID(month, "calendar-next").Attr("href")
	nov := apptest.Parse(t, c.Get(next))
	if got := apptest.TestID(nov, "calendar-period").Text(); got != "November 2026" {
		t.Fatalf("Next from October leads to %q", got)
	}
	on(nov, "next month", nextMonth, "2026-11-18")
	on(apptest.Parse(t, c.Get("/calendar?view=week&date=2026-11-18")), "its week", nextMonth, "2026-11-18")
	on(apptest.Parse(t, c.Get("/calendar?view=agenda&date=2026-11-16")), "its agenda", nextMonth, "2026-11-18")

	prev, _ := apptest.TestID(nov, "calendar-prev").Attr("href")
	back := apptest.Parse(t, c.Get(prev))
	on(back, "Previous from November", thisWeek, "2026-10-30")
	if entryOf(back, nextMonth.ID).Length() != 0 {
		t.Error("a November due date shows in October")
	}
}
