package handlers_test

// Security checks over every route Echo has, so that a route added later
// is covered without touching this file: CSRF on every unsafe route, the
// sign-in on every signed-in route, headers on every page, no data of one
// person in another's answers, and a corpus of hostile input that gets a
// clear 4xx and never a 5xx or an unescaped script.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/paths"
	"github.com/aula-hr/aula/static"
)

// publicRoutes need no sign-in (the rest of Aula does).
var publicRoutes = map[string]bool{
	paths.Login: true, paths.AuthStart: true, paths.AuthCallback: true, paths.Logout: true,
	paths.Healthz: true, paths.Readyz: true, paths.ServiceWorker: true, static.Prefix + "*": true,
	paths.Language:              true, // the sign-in page has the switcher too
	paths.CalendarFeedFileRoute: true, // calendar apps come with the key, without a cookie
}

// routeIDs are the records a route's :params are filled with.
type routeIDs struct {
	f       fixture
	session factorial.ID
}

func idsOf(t *testing.T, st *sandbox.State) routeIDs {
	t.Helper()
	ids := routeIDs{f: fixtureOf(t, st)}
	taught := taughtTraining(t, st)
	for _, s := range st.Sessions {
		if s.TrainingID == taught {
			ids.session = s.ID
			break
		}
	}
	if ids.session == 0 {
		t.Fatal("no session of a training the trainer teaches")
	}
	return ids
}

// fill puts real ids into a route's :params: a training, its group and
// participant, a category, a session of the trainer's. A parameter this
// does not know gets "1" (the route is still covered by every check).
func (ids routeIDs) fill(route string) string {
	parts := strings.Split(route, "/")
	for i, p := range parts {
		if !strings.HasPrefix(p, ":") {
			continue
		}
		switch {
		case p == ":id" && strings.HasPrefix(route, "/sessions/"):
			parts[i] = ids.session.String()
		case p == ":id":
			parts[i] = ids.f.training.ID.String()
		case p == ":cid" && strings.HasPrefix(route, "/trainings/categories/"):
			parts[i] = ids.f.category.ID.String()
		case p == ":cid":
			parts[i] = string(ids.f.class.ID)
		case p == ":mid":
			parts[i] = ids.f.member.ID.String()
		default:
			parts[i] = "1"
		}
	}
	return strings.Join(parts, "/")
}

// routes returns Echo's routes, one per method and path, sorted; static
// files (a wildcard) are left out where a concrete page is needed.
func routes(srv *apptest.Server) []*echo.Route {
	seen := map[string]bool{}
	var out []*echo.Route
	for _, r := range srv.App.Echo.Routes() {
		k := r.Method + " " + r.Path
		if seen[k] || r.Method == echo.RouteNotFound || strings.HasSuffix(r.Path, "*") {
			continue
		}
		seen[k] = true
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path+out[i].Method < out[j].Path+out[j].Method })
	return out
}

func unsafe(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}

// stateJSON is the sandbox's whole data, to tell that nothing changed.
func stateJSON(t *testing.T, sb *sandbox.Sandbox) []byte {
	t.Helper()
	b, err := json.Marshal(sb.Snapshot())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Every unsafe route refuses a missing, empty, wrong or planted (another
// session's) CSRF token, with the expired-form page, and changes nothing.
func TestEveryUnsafeRouteRefusesABadCSRFToken(t *testing.T) {
	srv := apptest.Start(t, apptest.WithLogLevel(8))
	hr := srv.SignIn(t, sandbox.PersonaHRAdmin)
	other := srv.SignIn(t, sandbox.PersonaHRAdmin)
	ids := idsOf(t, srv.Sandbox.Snapshot())
	planted := other.CSRFToken()
	before := stateJSON(t, srv.Sandbox)
	n := 0
	for _, r := range routes(srv) {
		if !unsafe(r.Method) {
			continue
		}
		n++
		path := ids.fill(r.Path)
		for _, tc := range []struct {
			name   string
			form   url.Values
			header http.Header
		}{
			{"missing", url.Values{"confirmed": {"yes"}, "name": {"x"}}, nil},
			{"empty", url.Values{"_csrf": {""}, "confirmed": {"yes"}}, http.Header{"X-Csrf-Token": {""}}},
			{"wrong", url.Values{"_csrf": {strings.Repeat("A", len(planted))}, "confirmed": {"yes"}}, nil},
			{"another session's", url.Values{"_csrf": {planted}, "confirmed": {"yes"}}, nil},
			{"another session's, in the header", url.Values{"confirmed": {"yes"}}, http.Header{"X-Csrf-Token": {planted}, "Hx-Request": {"true"}}},
		} {
			res := hr.Do(r.Method, path, tc.form, tc.header)
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("%s %s with a %s token: status %d, want 403", r.Method, path, tc.name, res.StatusCode)
				continue
			}
			if tc.header.Get("Hx-Request") == "" {
				if got := apptest.TestID(apptest.Parse(t, res), "problem-title").Text(); got != "This form has expired" {
					t.Errorf("%s %s with a %s token: the page says %q", r.Method, path, tc.name, got)
				}
			}
		}
	}
	if n < 10 {
		t.Fatalf("only %d unsafe routes: are the routes registered?", n)
	}
	if !bytes.Equal(before, stateJSON(t, srv.Sandbox)) {
		t.Error("a refused request changed Factorial's data")
	}
	if !signedIn(t, hr) {
		t.Error("a refused request signed the user out")
	}
}

// Every signed-in route refuses an anonymous request: a page sends the
// browser to sign in (303 to /login), htmx is told 401 with HX-Redirect,
// a form post with a good token of the anonymous session goes to sign in.
func TestEverySignedInRouteRefusesAnAnonymousRequest(t *testing.T) {
	srv := apptest.Start(t, apptest.WithLogLevel(8))
	ids := idsOf(t, srv.Sandbox.Snapshot())
	anon := srv.NewClient(t)
	token := anon.CSRFToken() // the sign-in page's token, of the anonymous session
	if token == "" {
		t.Fatal("the sign-in page has no CSRF token")
	}
	before := stateJSON(t, srv.Sandbox)
	n := 0
	for _, r := range routes(srv) {
		if publicRoutes[r.Path] || r.Method == http.MethodHead {
			continue
		}
		n++
		path := ids.fill(r.Path)
		var form url.Values
		if unsafe(r.Method) {
			form = url.Values{"_csrf": {token}, "confirmed": {"yes"}}
		}
		res := anon.Do(r.Method, path, form, nil)
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), paths.Login) {
			t.Errorf("anonymous %s %s: %d to %q, want 303 to %s", r.Method, path, res.StatusCode, res.Header.Get("Location"), paths.Login)
		}
		res = anon.Do(r.Method, path, form, http.Header{"Hx-Request": {"true"}, "X-Csrf-Token": {token}})
		if res.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(res.Header.Get("HX-Redirect"), paths.Login) {
			t.Errorf("anonymous htmx %s %s: %d, HX-Redirect %q; want 401 to %s", r.Method, path, res.StatusCode, res.Header.Get("HX-Redirect"), paths.Login)
		}
	}
	if n < 20 {
		t.Fatalf("only %d signed-in routes", n)
	}
	if !bytes.Equal(before, stateJSON(t, srv.Sandbox)) {
		t.Error("an anonymous request changed Factorial's data")
	}
}

// Every page, signed in or not, found or not, has the security headers;
// every signed-in page and the sign-in page (with its CSRF token) is
// no-store.
func TestEveryPageHasTheSecurityHeaders(t *testing.T) {
	srv := apptest.Start(t, apptest.WithLogLevel(8))
	ids := idsOf(t, srv.Sandbox.Snapshot())
	hr := srv.SignIn(t, sandbox.PersonaHRAdmin)
	anon := srv.NewClient(t)
	check := func(who, path string, res *http.Response, noStore bool) {
		h := res.Header
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'", "default-src 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s GET %s (%d): CSP %q lacks %s", who, path, res.StatusCode, csp, want)
			}
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s GET %s (%d): nosniff %q, Referrer-Policy %q, X-Frame-Options %q", who, path, res.StatusCode,
				h.Get("X-Content-Type-Options"), h.Get("Referrer-Policy"), h.Get("X-Frame-Options"))
		}
		redirect := res.StatusCode >= 300 && res.StatusCode < 400 // no page to keep
		if noStore && !redirect && !strings.Contains(h.Get("Cache-Control"), "no-store") && !strings.Contains(h.Get("Cache-Control"), "no-cache, private") {
			t.Errorf("%s GET %s (%d): Cache-Control %q, want no-store", who, path, res.StatusCode, h.Get("Cache-Control"))
		}
		if res.StatusCode >= 500 {
			t.Errorf("%s GET %s: status %d", who, path, res.StatusCode)
		}
	}
	for _, r := range routes(srv) {
		if r.Method != http.MethodGet {
			continue
		}
		path := ids.fill(r.Path)
		check("HR", path, hr.Get(path), !publicRoutes[r.Path] || r.Path == paths.Login)
		check("anonymous", path, anon.Get(path), r.Path == paths.Login)
	}
	for _, path := range []string{"/no-such-page", "/trainings/999999999", static.Prefix + "no-such-file.css"} {
		check("HR", path, hr.Get(path), !strings.HasPrefix(path, static.Prefix))
	}
}

// reportsOf returns the people who answer to manager, directly or not.
func reportsOf(st *sandbox.State, manager factorial.ID) map[factorial.ID]bool {
	out := map[factorial.ID]bool{}
	for grew := true; grew; {
		grew = false
		for _, e := range st.Employees {
			if e.ManagerID != nil && (*e.ManagerID == manager || out[*e.ManagerID]) && !out[e.ID] {
				out[e.ID], grew = true, true
			}
		}
	}
	return out
}

// Two people use one Aula at the same time: the manager and the trainer,
// the manager and HR on the catalogue's per-person cache. The names of the
// manager's reports whom the trainer has no business seeing never appear
// in the trainer's pages, and the trainings only HR sees (drafts, closed)
// never in the manager's catalogue, however the requests interleave.
func TestOnePersonsDataNeverReachesAnother(t *testing.T) {
	srv := apptest.Start(t, apptest.WithLogLevel(8))
	st := srv.Sandbox.Snapshot()
	persona := map[string]factorial.ID{}
	for _, p := range srv.Sandbox.Personas() {
		persona[p.Key] = p.EmployeeID
	}
	// Whom the trainer may see: the people of the trainings they teach.
	trainerSees := map[factorial.ID]bool{persona[sandbox.PersonaTrainer]: true}
	for tr, teachers := range st.Teachers {
		for _, who := range teachers {
			if who == persona[sandbox.PersonaTrainer] {
				for _, m := range membersOf(st, tr) {
					trainerSees[m.EmployeeID] = true
				}
			}
		}
	}
	bySession := map[factorial.ID]factorial.ID{}
	for _, s := range st.Sessions {
		bySession[s.ID] = s.TrainingID
	}
	for _, a := range st.SessionAccessMemberships {
		for _, who := range st.Teachers[bySession[a.SessionID]] {
			if who == persona[sandbox.PersonaTrainer] && a.EmployeeID != nil {
				trainerSees[*a.EmployeeID] = true
			}
		}
	}
	var secretNames []string
	for id := range reportsOf(st, persona[sandbox.PersonaManager]) {
		if e := findEmployee(st, id); e != nil && !trainerSees[id] && e.FullName != "" {
			secretNames = append(secretNames, e.FullName)
		}
	}
	var hrOnly []string
	for _, tr := range st.Trainings {
		if tr.Status != nil && *tr.Status != factorial.TrainingActive && len(tr.Name) > 6 {
			hrOnly = append(hrOnly, tr.Name)
		}
	}
	if len(secretNames) == 0 || len(hrOnly) == 0 {
		t.Fatalf("%d reports the trainer does not see, %d trainings only HR sees: nothing to check", len(secretNames), len(hrOnly))
	}

	hr := srv.SignIn(t, sandbox.PersonaHRAdmin)
	manager := srv.SignIn(t, sandbox.PersonaManager)
	trainer := srv.SignIn(t, sandbox.PersonaTrainer)
	catalogueViews := []string{paths.Trainings, "/trainings?sort=name", "/trainings?year=2026", "/trainings?external=no", "/trainings?status=draft"}
	pages := map[*apptest.Client][]string{
		hr:      append([]string{paths.Home, paths.TeamOverdue}, catalogueViews...),
		manager: append([]string{paths.Home, paths.TeamOverdue}, catalogueViews...),
		trainer: append([]string{paths.Home, paths.Attendance, paths.TeamOverdue}, catalogueViews...),
	}
	var mu sync.Mutex
	bodies := map[*apptest.Client][]string{}
	var wg sync.WaitGroup
	for c, list := range pages {
		for round := 0; round < 3; round++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range list {
					p := list[(i+round)%len(list)]
					res := c.Get(p)
					mu.Lock()
					bodies[c] = append(bodies[c], p+"\n"+apptest.Body(res))
					mu.Unlock()
				}
			}()
		}
	}
	wg.Wait()
	leaks := func(who string, c *apptest.Client, names []string) {
		for _, b := range bodies[c] {
			for _, n := range names {
				if strings.Contains(b, n) {
					page, _, _ := strings.Cut(b, "\n")
					t.Errorf("%s's %s shows %q, which is not theirs to see", who, page, n)
				}
			}
		}
	}
	leaks("the trainer", trainer, secretNames)
	leaks("the manager", manager, hrOnly)
	// The checks can fail: the names are in the pages of those who may see them.
	found := func(c *apptest.Client, names []string) bool {
		for _, b := range bodies[c] {
			for _, n := range names {
				if strings.Contains(b, n) {
					return true
				}
			}
		}
		return false
	}
	if !found(manager, secretNames) {
		t.Error("none of the manager's reports is named in the manager's own pages: the check proves nothing")
	}
	if !found(hr, hrOnly) {
		t.Error("no training only HR sees is in HR's catalogue: the check proves nothing")
	}
}

func findEmployee(st *sandbox.State, id factorial.ID) *factorial.Employee {
	for i := range st.Employees {
		if st.Employees[i].ID == id {
			return &st.Employees[i]
		}
	}
	return nil
}

// hostileValues are put in every field of every form.
var hostileValues = map[string]string{
	"script":        `<script>alert("aula")</script>`,
	"html":          `"><img src=x onerror=alert(1)><b>bold</b>`,
	"long":          strings.Repeat("ñ", 20000),
	"invalid UTF-8": "bad \xff\xfe\xc3 text",
	"NUL":           "a\x00b",
	"negative":      "-1",
	"huge":          "99999999999999999999999999",
	"date":          "2026-02-31",
	"not a date":    "next tuesday",
}

// formFields are the fields of Aula's forms, every one set at once.
var formFields = []string{
	"name", "description", "year", "provider", "code", "objectives", "cost", "subsidized_cost", "indirect_cost", "salary_cost",
	"valid_for", "duration", "start_date", "end_date", "payment_status", "status", "notify", "completed_at", "employee_ids",
	"membership_ids", "category_ids", "q", "id", "status", "seen", "hours", "confirmed", "page", "state", "token",
}

// unescaped reports a hostile value that came back as markup.
func unescaped(body string) string {
	for _, raw := range []string{`<script>alert("aula")`, `<img src=x onerror`, `<b>bold</b>`} {
		if strings.Contains(body, raw) {
			return raw
		}
	}
	return ""
}

// clear4xx reports whether a 4xx answer tells what went wrong: the problem
// box, a field's error, or, to a script, an error in JSON.
func clear4xx(res *http.Response) bool {
	body := apptest.Body(res)
	if strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		return strings.Contains(body, `"error"`)
	}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") { // the calendar feed, read by calendar apps
		return strings.TrimSpace(body) != ""
	}
	return strings.Contains(body, `data-testid="problem"`) || strings.Contains(body, `aria-invalid="true"`)
}

// A corpus of hostile input on every route: in every form field; as ids in
// the path and in the query; in the wrong content type; too big, with and
// without Content-Length. Aula answers a clear 4xx (or does the harmless
// thing), never a 5xx, and never sends a script back unescaped, also on
// the pages that show what was saved.
func TestHostileInputGetsAClear4xx(t *testing.T) {
	srv := apptest.Start(t, apptest.WithLogLevel(8))
	ids := idsOf(t, srv.Sandbox.Snapshot())
	hr := srv.SignIn(t, sandbox.PersonaHRAdmin)
	token := hr.CSRFToken()
	judge := func(what string, res *http.Response) {
		t.Helper()
		body := apptest.Body(res)
		switch {
		case res.StatusCode >= 500:
			t.Errorf("%s: status %d\n%s", what, res.StatusCode, excerpt(body))
		case res.StatusCode >= 400 && !clear4xx(res):
			t.Errorf("%s: status %d without a message\n%s", what, res.StatusCode, excerpt(body))
		}
		if raw := unescaped(body); raw != "" {
			t.Errorf("%s: the answer has %s unescaped", what, raw)
		}
	}
	rs := routes(srv)
	for _, r := range rs {
		if r.Path == paths.Logout {
			continue // signing out is the harmless thing; it would end this client's session
		}
		path := ids.fill(r.Path)
		if unsafe(r.Method) {
			for name, v := range hostileValues {
				form := url.Values{"_csrf": {token}}
				for _, f := range formFields {
					form.Set(f, v)
				}
				judge(fmt.Sprintf("%s %s, %s in every field", r.Method, path, name), hr.Do(r.Method, path, form, nil))
			}
			for _, ct := range []string{"application/json", "text/xml", "multipart/form-data", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded; charset=utf-16"} {
				judge(fmt.Sprintf("%s %s as %s", r.Method, path, ct), send(t, hr, r.Method, path, ct, token, strings.NewReader(`{"name": <`), true))
			}
			big := "name=" + strings.Repeat("x", 2<<20)
			for _, withLength := range []bool{true, false} {
				res := send(t, hr, r.Method, path, "application/x-www-form-urlencoded", token, io.MultiReader(strings.NewReader(big)), withLength)
				if res.StatusCode != http.StatusRequestEntityTooLarge {
					t.Errorf("%s %s, 2 MiB (Content-Length %v): status %d, want 413", r.Method, path, withLength, res.StatusCode)
				}
				judge(fmt.Sprintf("%s %s, 2 MiB", r.Method, path), res)
			}
		}
		if r.Method != http.MethodGet || !strings.Contains(r.Path, ":") && publicRoutes[r.Path] {
			continue
		}
		// Hostile ids in the path, and hostile values in the query.
		for _, bad := range []string{"-1", "0", "99999999999999999999999", "abc", "1.5", "%00", "%ff", "1%20OR%201=1"} {
			p := strings.Split(r.Path, "/")
			for i := range p {
				if strings.HasPrefix(p[i], ":") {
					p[i] = bad
				}
			}
			if strings.Contains(r.Path, ":") {
				judge(fmt.Sprintf("GET %s", strings.Join(p, "/")), hr.Get(strings.Join(p, "/")))
			}
		}
		for name, v := range hostileValues {
			if name == "long" {
				v = v[:4000] // a URL, not a body
			}
			q := url.Values{}
			for _, f := range []string{"q", "page", "state", "status", "year", "category", "sort", "per_page", "date", "from", "to", "rows", "return_to"} {
				q.Set(f, v)
			}
			judge(fmt.Sprintf("GET %s?…%s", path, name), hr.Get(path+"?"+q.Encode()))
		}
	}
	// What was saved with markup in it shows as text.
	for _, v := range []string{hostileValues["script"], hostileValues["html"]} {
		res := hr.Post(paths.Trainings, url.Values{"_csrf": {token}, "name": {v}, "description": {v}, "objectives": {v}, "year": {"2026"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("creating a training named %q: status %d: %s", v, res.StatusCode, apptest.Parse(t, res).Find(`.field-error, [data-testid="problem"]`).Text())
		}
		judge("GET "+location(t, res), hr.Get(location(t, res)))
		res = hr.Post(paths.Groups(ids.f.training.ID), url.Values{"_csrf": {token}, "name": {v}, "description": {v}, "start_date": {"2027-01-01"}, "end_date": {"2027-01-02"}, "payment_status": {"paid"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("creating a group named %q: status %d\n%s", v, res.StatusCode, excerpt(apptest.Body(res)))
		}
	}
	for _, r := range rs {
		if r.Method == http.MethodGet && !strings.HasSuffix(r.Path, ".csv") {
			path := ids.fill(r.Path)
			judge("GET "+path+" after the corpus", hr.Get(path))
		}
	}
	judge("GET /trainings?q=script after the corpus", hr.Get("/trainings?q="+url.QueryEscape("<script>")))
}

// send posts body as contentType with the CSRF header, with or without a
// Content-Length.
func send(t *testing.T, c *apptest.Client, method, path, contentType, token string, body io.Reader, withLength bool) *http.Response {
	t.Helper()
	if withLength {
		b, _ := io.ReadAll(body)
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.Base+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if !withLength {
		req.ContentLength = -1
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-CSRF-Token", token)
	res, err := c.Client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	res.Body = io.NopCloser(bytes.NewReader(b))
	return res
}
