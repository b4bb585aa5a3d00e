package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/ical"
)

// readICS reads an answer as iCalendar, strictly (ical.Read), and returns
// its events by UID.
func readICS(t *testing.T, res *http.Response) map[string]ical.Props {
	t.Helper()
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("status %d, %s\n%s", res.StatusCode, res.Header.Get("Content-Type"), apptest.Body(res))
	}
	_, events, err := ical.Read([]byte(apptest.Body(res)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]ical.Props{}
	for _, e := range events {
		uid, _ := e.Get("UID")
		out[uid.Value] = e
	}
	return out
}

func text(t *testing.T, e ical.Props, name string) string {
	t.Helper()
	p, ok := e.Get(name)
	if !ok {
		t.Fatalf("no %s", name)
	}
	s, err := p.Text()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSessionICS: one session as an .ics file, parsed back: its text
// escaped and folded, its times in UTC, a UID that an edit keeps and a
// SEQUENCE that an edit changes; a session Factorial does not show the
// person is not found.
func TestSessionICS(t *testing.T) {
	srv := startCalendarServer(t)
	start := madridAt(t, 2026, 10, 26, 16, 0)
	name := "Primeros auxilios, nivel 2; grupo \\ B — formación práctica con maniquíes y desfibrilador"
	s := calendarSession(t, srv, factorial.SessionRequest{Name: name, StartsAt: &start, EndsAt: factorial.Time(start.Add(90 * time.Minute)),
		Schedule: factorial.Ptr(factorial.ScheduleScheduled), Modality: factorial.Ptr(factorial.ModalityInPerson),
		Location: factorial.String("Sala 2, planta 1"), Description: factorial.String("Traed ropa cómoda.\nSe practica en parejas.")})
	hr := srv.SignIn(t, sandbox.PersonaHRAdmin)
	host, _ := url.Parse(srv.URL)
	uid := "session-" + s.ID.String() + "@" + host.Hostname()
	res := hr.Get("/sessions/" + s.ID.String() + "/calendar.ics")
	if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, "session-"+s.ID.String()+".ics") {
		t.Errorf("Content-Disposition %q", cd)
	}
	events := readICS(t, res)
	e, ok := events[uid]
	if !ok || len(events) != 1 {
		t.Fatalf("events %v, want one with UID %s", events, uid)
	}
	if got := text(t, e, "SUMMARY"); got != name {
		t.Errorf("SUMMARY %q", got)
	}
	if got := text(t, e, "LOCATION"); got != "Sala 2, planta 1" {
		t.Errorf("LOCATION %q", got)
	}
	if got := text(t, e, "DESCRIPTION"); !strings.Contains(got, "Traed ropa cómoda.\nSe practica en parejas.") {
		t.Errorf("DESCRIPTION %q", got)
	}
	if p, _ := e.Get("DTSTART"); p.Value != "20261026T150000Z" {
		t.Errorf("DTSTART %q (16:00 in Madrid after the change is 15:00 UTC)", p.Value)
	}
	if p, _ := e.Get("DTEND"); p.Value != "20261026T163000Z" {
		t.Errorf("DTEND %q", p.Value)
	}
	if _, ok := e.Get("DTSTAMP"); !ok {
		t.Error("no DTSTAMP")
	}
	if !strings.Contains(apptest.Body(res), "\r\n ") {
		t.Error("the long summary is not folded")
	}
	seq, _ := e.Get("SEQUENCE")

	// Again unchanged: the same UID and SEQUENCE. After an edit: the same
	// UID, another SEQUENCE.
	again := readICS(t, hr.Get("/sessions/"+s.ID.String()+"/calendar.ics"))[uid]
	if p, _ := again.Get("SEQUENCE"); p.Value != seq.Value {
		t.Errorf("SEQUENCE moved without an edit: %s then %s", seq.Value, p.Value)
	}
	later := start.Add(time.Hour)
	_, err := apiClient(t, srv.Sandbox).Sessions.Update(context.Background(), s.ID, &factorial.SessionRequest{Name: name, TrainingID: s.TrainingID,
		StartsAt: &later, EndsAt: factorial.Time(later.Add(90 * time.Minute)), Schedule: s.Schedule, Modality: s.Modality, Location: s.Location,
		Description: s.Description, TrainingClassID: s.TrainingClassID})
	if err != nil {
		t.Fatal(err)
	}
	edited, ok := readICS(t, hr.Get("/sessions/"+s.ID.String()+"/calendar.ics"))[uid]
	if !ok {
		t.Fatal("the UID changed with the edit")
	}
	if p, _ := edited.Get("SEQUENCE"); p.Value == seq.Value {
		t.Errorf("SEQUENCE %s unchanged after the edit", p.Value)
	}
	if p, _ := edited.Get("DTSTART"); p.Value != "20261026T160000Z" {
		t.Errorf("DTSTART after the edit %q", p.Value)
	}

	// Self-paced: an all-day event on its due date.
	due := factorial.Date{Year: 2026, Month: 11, Day: 30}
	sp := calendarSession(t, srv, factorial.SessionRequest{Name: "Handbook", DueDate: &due, Schedule: factorial.Ptr(factorial.ScheduleSelfPaced)})
	for _, e := range readICS(t, hr.Get("/sessions/"+sp.ID.String()+"/calendar.ics")) {
		if p, _ := e.Get("DTSTART"); p.Params["VALUE"] != "DATE" || p.Value != "20261130" {
			t.Errorf("self-paced DTSTART %+v", p)
		}
	}

	// Nobody is invited to s: the employee does not see it.
	emp := srv.SignIn(t, sandbox.PersonaEmployee)
	if res := emp.Get("/sessions/" + s.ID.String() + "/calendar.ics"); res.StatusCode != http.StatusNotFound {
		t.Errorf("employee: status %d", res.StatusCode)
	}
}

// feedURL asks for a feed address on the calendar page and returns it.
func feedURL(t *testing.T, c *apptest.Client, form url.Values) string {
	t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("do", "issue")
	res := c.Post("/calendar/feed", form)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("issue: status %d\n%s", res.StatusCode, apptest.Body(res))
	}
	u, _ := apptest.TestID(apptest.Parse(t, res), "feed-url").Attr("value")
	if u == "" {
		t.Fatal("no feed address on the page")
	}
	return u
}

// TestCalendarFeed: the feed's address carries a random key, never a
// Factorial token; calendar apps read it without a cookie; it shows what
// its owner may see and keeps the view's filters; it pauses (403) when the
// owner signs out and works again, at the same address, when they sign in;
// making a new address ends the old one, turning it off ends it.
func TestCalendarFeed(t *testing.T) {
	srv := startCalendarServer(t)
	hidden := madridAt(t, 2026, 11, 3, 9, 0)
	nobody := calendarSession(t, srv, factorial.SessionRequest{Name: "Nobody invited", StartsAt: &hidden, EndsAt: factorial.Time(hidden.Add(time.Hour)),
		Schedule: factorial.Ptr(factorial.ScheduleScheduled)})
	host, _ := url.Parse(srv.URL)
	uidOf := func(id factorial.ID) string { return "session-" + id.String() + "@" + host.Hostname() }

	emp := srv.SignIn(t, sandbox.PersonaEmployee)
	login := srv.Login(t, emp)
	feed := feedURL(t, emp, nil)
	for _, secret := range []string{login.Token.AccessToken, login.Token.RefreshToken, login.ID} {
		if secret != "" && strings.Contains(feed, secret) {
			t.Fatal("the feed address carries a credential")
		}
	}
	key := strings.TrimSuffix(strings.TrimPrefix(feed, srv.URL+"/calendar/feeds/"), "/sessions.ics")
	if len(key) != 43 || strings.ContainsAny(key, "/?") {
		t.Fatalf("feed address %q: want a 43-character key", feed)
	}
	app := srv.NewClient(t) // a calendar app: no cookie
	events := readICS(t, app.Get(feed))
	if len(events) == 0 {
		t.Fatal("the employee's feed is empty")
	}
	if _, ok := events[uidOf(nobody.ID)]; ok {
		t.Error("the employee's feed shows a session they are not invited to")
	}
	// The page now says there is a feed, without showing its address again.
	doc := apptest.Parse(t, emp.Get("/calendar"))
	if apptest.TestID(doc, "feed-has").Length() != 1 || apptest.TestID(doc, "feed-url").Length() != 0 {
		t.Error("the calendar page does not say the feed exists, or shows its address again")
	}
	if !strings.Contains(apptest.TestID(doc, "feed-signout").Text(), "sign out") {
		t.Error("the page does not say what happens at sign-out")
	}

	// HR's feed, filtered to in-person sessions, has the session nobody is
	// invited to, and only in-person ones.
	hr := srv.SignIn(t, sandbox.PersonaHRAdmin)
	hrFeed := feedURL(t, hr, url.Values{"modality": {"inperson"}})
	if !strings.Contains(hrFeed, "modality=inperson") {
		t.Errorf("the feed address lost the view's filter: %s", hrFeed)
	}
	hrEvents := readICS(t, app.Get(hrFeed))
	if _, ok := hrEvents[uidOf(nobody.ID)]; !ok {
		t.Error("HR's feed lacks a session HR sees")
	}
	for uid, e := range hrEvents {
		if got := text(t, e, "CATEGORIES"); got != "In person" {
			t.Errorf("%s: %q in an in-person feed", uid, got)
		}
	}

	// Sign-out pauses the feed; the next sign-in resumes it.
	if res := emp.Post("/logout", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", res.StatusCode)
	}
	if res := app.Get(feed); res.StatusCode != http.StatusForbidden || !strings.Contains(apptest.Body(res), "signed out") {
		t.Errorf("after sign-out: %d %s", res.StatusCode, apptest.Body(res))
	}
	emp = srv.SignIn(t, sandbox.PersonaEmployee)
	if got := readICS(t, app.Get(feed)); len(got) != len(events) {
		t.Errorf("after signing in again: %d events, had %d", len(got), len(events))
	}

	// A new address ends the old one; turning the feed off ends it.
	rotated := feedURL(t, emp, nil)
	if rotated == feed {
		t.Fatal("the same address again")
	}
	if res := app.Get(feed); res.StatusCode != http.StatusNotFound {
		t.Errorf("the old address after a new one: %d", res.StatusCode)
	}
	readICS(t, app.Get(rotated))
	res := emp.Post("/calendar/feed", url.Values{"do": {"revoke"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
	if res := app.Get(rotated); res.StatusCode != http.StatusNotFound {
		t.Errorf("after turning it off: %d", res.StatusCode)
	}
	if res := app.Get("/calendar/feeds/" + strings.Repeat("A", 43) + "/sessions.ics"); res.StatusCode != http.StatusNotFound {
		t.Errorf("a guessed key: %d", res.StatusCode)
	}
	// Without the CSRF token nothing is issued.
	form := url.Values{"do": {"issue"}, "_csrf": {"wrong"}}
	if res := emp.Do(http.MethodPost, "/calendar/feed", form, http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("POST without the token: %d", res.StatusCode)
	}
}
