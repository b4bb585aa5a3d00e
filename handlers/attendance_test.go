package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
)

// The trainer's today list links to the sheet; the sheet lists every
// participant with name, job title and status in the API's four terms;
// a row's form (no script) marks one person with one bulk_update; hours
// above the session's are refused on the row with nothing sent; mark all
// unmarked never overwrites a mark and is one request; the CSV and the
// paper sheet list everyone.
func TestAttendanceSheetWithoutScripts(t *testing.T) {
	srv := startSheetServer(t)
	s, att := sheetSession(t, srv, 5)
	c := srv.SignIn(t, sandbox.PersonaTrainer)

	res := c.Get("/attendance")
	doc := apptest.Parse(t, res)
	href := ""
	doc.Find(`[data-testid="open-sheet"]`).Each(func(_ int, a *goquery.Selection) {
		if strings.Contains(a.Text(), s.Name) {
			href = a.AttrOr("href", "")
		}
	})
	if href != "/sessions/"+s.ID.String()+"/attendance" {
		t.Fatalf("today's list links %q for the session", href)
	}
	doc = apptest.Parse(t, c.Get(href))
	rows := apptest.TestID(doc, "sheet-row")
	if rows.Length() != 5 {
		t.Fatalf("%d rows, want 5", rows.Length())
	}
	if got := apptest.TestID(doc, "counter").Text(); got != "0 of 5 marked · 0 attended · 0 absent" {
		t.Errorf("counter %q", got)
	}
	if st := rows.First().Find(`[data-testid="row-status"]`).Text(); st != "not marked" {
		t.Errorf("status %q, want not marked", st)
	}
	if rows.First().Find(`[data-testid="row-job"]`).Length() == 0 {
		t.Log("no job title in the sandbox's data for the first person")
	}

	first := rows.First().AttrOr("data-id", "")
	srv.Sandbox.ResetRequests()
	res = c.Post("/sessions/"+s.ID.String()+"/attendance/marks", url.Values{"id": {first}, "seen": {"pending"}, "status": {"missing"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark: %d %s", res.StatusCode, apptest.Body(res))
	}
	if got := bulkUpdates(srv.Sandbox); len(got) != 1 {
		t.Errorf("%d bulk_update requests, want 1: %v", len(got), got)
	}
	id := factorial.ID(atoi(t, first))
	if a := srv.Sandbox.Snapshot().Attendance(id); a.Status != factorial.AttendanceMissing {
		t.Errorf("row is %s, want missing", a.Status)
	}

	// Hours above the session's 2 h: refused on the row, nothing sent.
	srv.Sandbox.ResetRequests()
	second := rows.Eq(1).AttrOr("data-id", "")
	res = c.Post("/sessions/"+s.ID.String()+"/attendance/marks?with=hours", url.Values{"id": {second}, "seen": {"pending"}, "status": {"completed"}, "hours": {"3"}})
	doc = apptest.Parse(t, res)
	msg := doc.Find("#row-error-" + second).Text()
	if !strings.Contains(msg, "between 0 and the session's 2 hours") {
		t.Errorf("row error %q", msg)
	}
	if got := bulkUpdates(srv.Sandbox); len(got) != 0 {
		t.Errorf("hours refused, yet sent: %v", got)
	}
	res = c.Post("/sessions/"+s.ID.String()+"/attendance/marks?with=hours", url.Values{"id": {second}, "seen": {"pending"}, "status": {"completed"}, "hours": {"1.5"}})
	if a := srv.Sandbox.Snapshot().Attendance(factorial.ID(atoi(t, second))); a.Status != factorial.AttendanceCompleted || a.CompletedDuration == nil || *a.CompletedDuration != 1.5 {
		t.Errorf("partial hours: %+v", a)
	}

	// Mark all unmarked: one request, the absent and the partial stay.
	srv.Sandbox.ResetRequests()
	res = c.Post("/sessions/"+s.ID.String()+"/attendance/mark-all", url.Values{"confirmed": {"yes"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark all: %d", res.StatusCode)
	}
	if got := bulkUpdates(srv.Sandbox); len(got) != 1 {
		t.Errorf("%d bulk_update requests for mark all, want 1", len(got))
	}
	snap := srv.Sandbox.Snapshot()
	for _, a := range att {
		got := snap.Attendance(a.ID)
		switch a.ID {
		case id:
			if got.Status != factorial.AttendanceMissing {
				t.Errorf("mark all overwrote the absent mark: %s", got.Status)
			}
		case factorial.ID(atoi(t, second)):
			if *got.CompletedDuration != 1.5 {
				t.Errorf("mark all overwrote the partial hours: %v", *got.CompletedDuration)
			}
		default:
			if got.Status != factorial.AttendanceCompleted {
				t.Errorf("row %d is %s after mark all", a.ID, got.Status)
			}
		}
	}
	doc = apptest.Parse(t, c.Get(href))
	if got := apptest.TestID(doc, "counter").Text(); got != "5 of 5 marked · 4 attended · 1 absent" {
		t.Errorf("counter %q", got)
	}

	csv := apptest.Body(c.Get(href + ".csv"))
	if lines := strings.Split(strings.TrimSpace(csv), "\n"); len(lines) != 6 || !strings.HasPrefix(lines[0], "Name,Job title,Email,Status,Hours") || !strings.Contains(csv, ",absent,") || !strings.Contains(csv, ",attended,1.5") {
		t.Errorf("CSV:\n%s", csv)
	}
	doc = apptest.Parse(t, c.Get(href+"/print"))
	if n := apptest.TestID(doc, "signin-row").Length(); n != 5 {
		t.Errorf("%d rows on the paper sheet", n)
	}
	if !strings.Contains(apptest.TestID(doc, "signin-sheet").Text(), "Room 4") {
		t.Error("the paper sheet does not say where")
	}
}

// The sheet speaks Spanish with the right plural forms.
func TestAttendanceSheetInSpanish(t *testing.T) {
	srv := startSheetServer(t)
	s, _ := sheetSession(t, srv, 1)
	c := srv.SignIn(t, sandbox.PersonaTrainer)
	res := c.Do(http.MethodGet, "/sessions/"+s.ID.String()+"/attendance", nil, http.Header{"Accept-Language": {"es-ES"}})
	doc := apptest.Parse(t, res)
	if got := apptest.TestID(doc, "counter").Text(); got != "0 de 1 marcadas · 0 asistieron · 0 ausentes" {
		t.Errorf("counter %q", got)
	}
	if got := apptest.TestID(doc, "row-status").Text(); got != "sin marcar" {
		t.Errorf("status %q", got)
	}
}

// Only HR and the trainers of the training open the sheet: a manager or an
// employee is refused (by Aula, or by Factorial, which hides the session).
func TestAttendanceSheetIsTheTrainersOwn(t *testing.T) {
	srv := startSheetServer(t)
	s, _ := sheetSession(t, srv, 1)
	for persona, want := range map[string]int{sandbox.PersonaManager: http.StatusForbidden, sandbox.PersonaEmployee: http.StatusForbidden, sandbox.PersonaHRAdmin: http.StatusOK} {
		c := srv.SignIn(t, persona)
		res := c.Get("/sessions/" + s.ID.String() + "/attendance")
		if got := res.StatusCode; got != want && !(want == http.StatusForbidden && got == http.StatusNotFound) {
			t.Errorf("%s: %d, want %d", persona, got, want)
		}
		if n := apptest.TestID(apptest.Parse(t, res), "sheet-row").Length(); want != http.StatusOK && n != 0 {
			t.Errorf("%s sees %d rows", persona, n)
		}
	}
}

// The second device's poll: the same version answers 304 without a body;
// a mark made elsewhere changes it.
func TestSheetStatePollIsConditional(t *testing.T) {
	srv := startSheetServer(t)
	s, att := sheetSession(t, srv, 3)
	c := srv.SignIn(t, sandbox.PersonaTrainer)
	st := sheetState(t, c, s.ID)
	path := "/sessions/" + s.ID.String() + "/attendance/state"
	res := c.Do(http.MethodGet, path, nil, http.Header{"If-None-Match": {st.Version}})
	if res.StatusCode != http.StatusNotModified || apptest.Body(res) != "" {
		t.Fatalf("unchanged: %d %q", res.StatusCode, apptest.Body(res))
	}
	other := srv.SignIn(t, sandbox.PersonaHRAdmin)
	ost := sheetState(t, other, s.ID)
	if code, _, err := postMarks(other, s.ID, ost.Owner, ost.CSRF, []wantMark{{ID: att[0].ID, Status: "completed", Seen: "pending"}}); err != nil || code != 200 {
		t.Fatalf("mark: %d %v", code, err)
	}
	res = c.Do(http.MethodGet, path, nil, http.Header{"If-None-Match": {st.Version}})
	if res.StatusCode != http.StatusOK || !strings.Contains(apptest.Body(res), `"status":"completed"`) {
		t.Fatalf("changed: %d %s", res.StatusCode, apptest.Body(res))
	}
}

// A batch with the statuses seen: a row changed elsewhere is handed back
// as a conflict and not written; a row that already has the wanted state
// is not sent; a batch under another person's owner id is refused.
func TestWaitedMarksAreCheckedFirst(t *testing.T) {
	srv := startSheetServer(t)
	s, att := sheetSession(t, srv, 3)
	c := srv.SignIn(t, sandbox.PersonaTrainer)
	st := sheetState(t, c, s.ID)
	cl := apiClient(t, srv.Sandbox)
	if _, err := cl.Attendances.BulkUpdate(t.Context(), factorial.AttendanceUpdate{IDs: []factorial.ID{att[0].ID, att[1].ID}, Status: factorial.Ptr(factorial.AttendanceMissing)}); err != nil {
		t.Fatal(err)
	}
	srv.Sandbox.ResetRequests()
	code, ans, err := postMarks(c, s.ID, st.Owner, st.CSRF, []wantMark{
		{ID: att[0].ID, Status: "completed", Seen: "pending"}, // changed elsewhere to missing
		{ID: att[1].ID, Status: "missing", Seen: "pending"},   // already so
		{ID: att[2].ID, Status: "completed", Seen: "pending"}, // written
	})
	if err != nil || code != 200 {
		t.Fatalf("%d %v", code, err)
	}
	got := map[factorial.ID]string{}
	for _, r := range ans.Results {
		got[r.ID] = r.Outcome
	}
	if got[att[0].ID] != "conflict" || got[att[1].ID] != "saved" || got[att[2].ID] != "saved" {
		t.Errorf("outcomes %v", got)
	}
	if snap := srv.Sandbox.Snapshot(); snap.Attendance(att[0].ID).Status != factorial.AttendanceMissing || snap.Attendance(att[2].ID).Status != factorial.AttendanceCompleted {
		t.Error("the conflict was overwritten or the mark not written")
	}
	if ups := bulkUpdates(srv.Sandbox); len(ups) != 1 || !strings.Contains(ups[0], att[2].ID.String()) || strings.Contains(ups[0], `[`+att[0].ID.String()) {
		t.Errorf("writes %v", ups)
	}
	if code, _, _ := postMarks(c, s.ID, "someone-else", st.CSRF, []wantMark{{ID: att[0].ID, Status: "completed", Seen: "missing"}}); code != http.StatusConflict {
		t.Errorf("another owner's batch: %d, want 409", code)
	}
}

// bulkUpdates are the bodies of the attendance writes the sandbox received.
func bulkUpdates(sb *sandbox.Sandbox) []string {
	var out []string
	for _, r := range sb.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "session_attendances/bulk_update") {
			out = append(out, r.Body)
		}
	}
	return out
}

func atoi(t testing.TB, s string) int64 {
	t.Helper()
	var n int64
	for _, r := range s {
		if r < '0' || r > '9' {
			t.Fatalf("not a number: %q", s)
		}
		n = n*10 + int64(r-'0')
	}
	return n
}

// The service worker is served from Aula's origin at the root scope,
// never cached stale, with every hashed static file to keep; sign-out
// clears what the sheet keeps on the device: the HTTP cache and the site's
// storage, or only the cache when the form says other people's marks wait
// (keep_queue=1: app.js deleted the person's own marks and the kept sheets
// itself). The field does not let a sign-out past CSRF.
func TestServiceWorkerAndSignOutClearing(t *testing.T) {
	srv := startSheetServer(t)
	c := srv.SignIn(t, sandbox.PersonaTrainer)
	res := c.Get("/sw.js")
	body := apptest.Body(res)
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "no-cache" || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") {
		t.Fatalf("/sw.js: %d %v", res.StatusCode, res.Header)
	}
	if strings.Contains(body, "/*ASSETS*/") || !strings.Contains(body, `"/static/js/attendance.`) {
		t.Error("the worker does not list the hashed static files")
	}
	for _, tc := range []struct {
		name string
		form url.Values
		want string
	}{
		{"nobody else's marks", nil, `"cache", "storage"`},
		{"another person's marks wait", url.Values{"keep_queue": {"1"}}, `"cache"`},
		{"any other keep_queue", url.Values{"keep_queue": {"yes"}}, `"cache", "storage"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := srv.SignIn(t, sandbox.PersonaTrainer)
			if tc.form != nil {
				refused := c.Do(http.MethodPost, "/logout", tc.form, nil) // no CSRF token
				if refused.StatusCode != http.StatusForbidden || refused.Header.Get("Clear-Site-Data") != "" {
					t.Fatalf("sign-out without a token: %d, Clear-Site-Data %q", refused.StatusCode, refused.Header.Get("Clear-Site-Data"))
				}
				if srv.Login(t, c) == nil {
					t.Fatal("a sign-out without a token ended the sign-in")
				}
			}
			res := c.Post("/logout", tc.form)
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
				t.Fatalf("sign-out: %d to %q", res.StatusCode, res.Header.Get("Location"))
			}
			if got := res.Header.Get("Clear-Site-Data"); got != tc.want {
				t.Errorf("sign-out Clear-Site-Data %q, want %q", got, tc.want)
			}
			if srv.Login(t, c) != nil {
				t.Error("still signed in after sign-out")
			}
		})
	}
}

// Home lists today's sessions with, on each row the person marks, a link
// that opens its sheet in one tap: a trainer's on the sessions of the
// trainings they teach only (a sheet they may not open is not offered),
// HR's on every session of the day.
func TestHomeTodaysSessionsOpenTheirSheets(t *testing.T) {
	srv := startSheetServer(t)
	s, _ := sheetSession(t, srv, 2)
	for _, persona := range []string{sandbox.PersonaTrainer, sandbox.PersonaHRAdmin} {
		c := srv.SignIn(t, persona)
		doc := apptest.Parse(t, c.Get("/"))
		rows := apptest.TestID(doc, "today-sessions").Find(`[data-testid="session"]`)
		if rows.Length() < 2 {
			t.Fatalf("%s: %d sessions today; the test needs the new one and another", persona, rows.Length())
		}
		found, linked := false, 0
		rows.Each(func(_ int, row *goquery.Selection) {
			a := row.Find(`a[data-testid="open-sheet"]`)
			if a.Length() == 0 {
				return
			}
			linked++
			href := a.AttrOr("href", "")
			if !strings.HasPrefix(href, "/sessions/") || !strings.HasSuffix(href, "/attendance") {
				t.Errorf("%s: a row's sheet link is %q", persona, href)
			}
			if !strings.Contains(a.AttrOr("class", ""), "button") {
				t.Errorf("%s: the sheet link is not a 44 px button: class %q", persona, a.AttrOr("class", ""))
			}
			if ids := strings.Fields(a.AttrOr("aria-labelledby", "")); len(ids) != 2 || doc.Find("#"+ids[1]).Text() != row.Find("strong").Text() {
				t.Errorf("%s: the sheet link is not named with its session: %v", persona, ids)
			}
			if href == "/sessions/"+s.ID.String()+"/attendance" {
				found = true
				if res := c.Get(href); res.StatusCode != http.StatusOK || apptest.TestID(apptest.Parse(t, res), "sheet-row").Length() != 2 {
					t.Errorf("%s: the link does not open the sheet: %d", persona, res.StatusCode)
				}
			}
		})
		if !found {
			t.Errorf("%s: the session created today has no link to its sheet", persona)
		}
		switch persona {
		case sandbox.PersonaHRAdmin:
			if linked != rows.Length() {
				t.Errorf("HR: %d of %d of today's sessions open their sheet", linked, rows.Length())
			}
		case sandbox.PersonaTrainer:
			// Every linked sheet opens for the trainer; a session not
			// linked is one whose sheet Aula refuses them.
			rows.Each(func(_ int, row *goquery.Selection) {
				if a := row.Find(`a[data-testid="open-sheet"]`); a.Length() > 0 {
					if res := c.Get(a.AttrOr("href", "")); res.StatusCode != http.StatusOK {
						t.Errorf("trainer: %s offered, answers %d", a.AttrOr("href", ""), res.StatusCode)
					}
					return
				}
				id := strings.TrimPrefix(row.Find("strong").AttrOr("id", ""), "session-")
				if res := c.Get("/sessions/" + id + "/attendance"); res.StatusCode == http.StatusOK {
					t.Errorf("trainer: session %s opens its sheet, yet home offers no link", id)
				}
			})
			if linked == rows.Length() {
				t.Log("the sandbox has no session today of a training the trainer does not teach")
			}
		}
	}
}

// The roster's CSV and the paper sign-in sheet speak the person's
// language: headers, statuses and every word of the paper.
func TestAttendanceFilesInSpanish(t *testing.T) {
	srv := startSheetServer(t)
	s, att := sheetSession(t, srv, 2)
	if _, err := apiClient(t, srv.Sandbox).Attendances.BulkUpdate(t.Context(), factorial.AttendanceUpdate{IDs: []factorial.ID{att[0].ID}, Status: factorial.Ptr(factorial.AttendanceMissing)}); err != nil {
		t.Fatal(err)
	}
	c := srv.SignIn(t, sandbox.PersonaTrainer)
	es := http.Header{"Accept-Language": {"es-ES"}}
	base := "/sessions/" + s.ID.String() + "/attendance"
	csv := apptest.Body(c.Do(http.MethodGet, base+".csv", nil, es))
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	if lines[0] != "Nombre,Puesto,Correo electrónico,Estado,Horas" || !strings.Contains(csv, ",ausente,") || !strings.Contains(csv, ",sin marcar,") {
		t.Errorf("CSV in Spanish:\n%s", csv)
	}
	doc := apptest.Parse(t, c.Do(http.MethodGet, base+"/print", nil, es))
	paper := apptest.TestID(doc, "signin-sheet").Text()
	for _, want := range []string{"Hoja de firmas", "Sesión", "Fecha y hora", "Lugar", "Duración", "2 h", "Imprimir", "Nombre", "Puesto", "Firma", "Firma del formador"} {
		if !strings.Contains(paper, want) {
			t.Errorf("the paper sheet lacks %q", want)
		}
	}
	for _, english := range []string{"Sign-in sheet", "Session", "Date and time", "Place", "Duration", "Print", "Name", "Job title", "Signature", "Trainer"} {
		if strings.Contains(paper, english) {
			t.Errorf("the Spanish paper sheet says %q", english)
		}
	}
}

// Without scripts a row's form always sends its hours field (filled with
// the hours Factorial has). Only "Save hours" reads it: "Absent" on a row
// with partial hours marks absent (it is not refused for carrying hours),
// and "Attended" marks the whole session.
func TestRowButtonsWithoutScriptsReadHoursOnlyToSaveThem(t *testing.T) {
	srv := startSheetServer(t)
	s, att := sheetSession(t, srv, 1)
	c := srv.SignIn(t, sandbox.PersonaTrainer)
	id := att[0].ID
	marks := "/sessions/" + s.ID.String() + "/attendance/marks"
	post := func(path, status, seen string) *http.Response {
		return c.Post(path, url.Values{"id": {id.String()}, "seen": {seen}, "status": {status}, "hours": {"1.5"}})
	}
	row := func() factorial.SessionAttendance { return *srv.Sandbox.Snapshot().Attendance(id) }
	doc := apptest.Parse(t, c.Get("/sessions/"+s.ID.String()+"/attendance"))
	if got := apptest.TestID(doc, "save-hours").AttrOr("formaction", ""); got != marks+"?with=hours" {
		t.Fatalf("Save hours posts to %q", got)
	}
	if res := post(marks+"?with=hours", "completed", "pending"); res.StatusCode != http.StatusSeeOther || row().CompletedDuration == nil || *row().CompletedDuration != 1.5 {
		t.Fatalf("save hours: %d %+v", res.StatusCode, row())
	}
	if res := post(marks, "missing", "completed"); res.StatusCode != http.StatusSeeOther || row().Status != factorial.AttendanceMissing {
		t.Errorf("absent on a row with hours: %d, row %s", res.StatusCode, row().Status)
	}
	if res := post(marks, "completed", "missing"); res.StatusCode != http.StatusSeeOther || row().Status != factorial.AttendanceCompleted || row().CompletedDuration == nil || *row().CompletedDuration != 2 {
		t.Errorf("attended with the hours field filled: %d %+v, want the whole 2 h", res.StatusCode, row())
	}
}

// A row's less used marks and its hours are on the page only for the row
// asked for ("More" without scripts asks ?more=), and for a row whose hours
// were refused: a sheet of 300 does not carry 300 copies. The sheet's
// script copies them from the page's one template.
func TestSheetCarriesMoreOnlyForTheRowAskedFor(t *testing.T) {
	srv := startSheetServer(t)
	s, att := sheetSession(t, srv, 3)
	c := srv.SignIn(t, sandbox.PersonaTrainer)
	base := "/sessions/" + s.ID.String() + "/attendance"
	doc := apptest.Parse(t, c.Get(base))
	if n := doc.Find(`[data-testid="sheet-rows"] [data-testid="row-hours-input"]`).Length(); n != 0 {
		t.Errorf("%d rows carry their hours field unasked", n)
	}
	if doc.Find(`template#more-box [data-testid="save-hours"]`).Length() != 1 {
		t.Error("no template for the script's copies")
	}
	id := att[1].ID.String()
	more := apptest.TestID(doc, "row-more").Eq(0)
	if href := more.AttrOr("href", ""); !strings.HasPrefix(href, base+"?more=") || more.AttrOr("aria-expanded", "") != "false" {
		t.Errorf("More leads to %q (aria-expanded %q)", href, more.AttrOr("aria-expanded", ""))
	}
	doc = apptest.Parse(t, c.Get(base+"?more="+id))
	open := doc.Find(`[data-testid="sheet-rows"] [data-testid="row-hours-input"]`)
	if open.Length() != 1 || open.AttrOr("id", "") != "hours-"+id || doc.Find("#row-"+id+` [data-testid="row-more"]`).AttrOr("aria-expanded", "") != "true" {
		t.Errorf("?more=%s opens %d hours fields (%q)", id, open.Length(), open.AttrOr("id", ""))
	}
	doc = apptest.Parse(t, c.Post(base+"/marks?with=hours", url.Values{"id": {id}, "seen": {"pending"}, "status": {"completed"}, "hours": {"9"}}))
	if in := doc.Find("#hours-" + id); in.AttrOr("aria-invalid", "") != "true" || in.AttrOr("value", "") != "9" {
		t.Errorf("the refused row's hours field: %d, aria-invalid %q, value %q", in.Length(), in.AttrOr("aria-invalid", ""), in.AttrOr("value", ""))
	}
}
