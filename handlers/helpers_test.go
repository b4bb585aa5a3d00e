package handlers_test

// Shared helpers of the handler tests: the one place for them.

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/chromedp"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/browsertest"
)

// formValues reads what a browser would send from the form holding the
// element with id field: inputs (ticked boxes only), textareas, selects.
func formValues(doc *goquery.Document, field string) url.Values {
	v := url.Values{}
	form := doc.Find("#" + field).Closest("form")
	form.Find("input[name], textarea[name], select[name]").Each(func(_ int, s *goquery.Selection) {
		name := s.AttrOr("name", "")
		switch {
		case s.Is("textarea"):
			v.Add(name, s.Text())
		case s.Is("select"):
			v.Add(name, s.Find("option[selected]").AttrOr("value", ""))
		case s.AttrOr("type", "") == "checkbox" || s.AttrOr("type", "") == "radio":
			if _, on := s.Attr("checked"); on {
				v.Add(name, s.AttrOr("value", "on"))
			}
		default:
			v.Add(name, s.AttrOr("value", ""))
		}
	})
	return v
}

// twoNewcomers returns two active people not enrolled in the training
// whose full names do not contain each other.
func twoNewcomers(t *testing.T, st *sandbox.State, training factorial.ID) (factorial.Employee, factorial.Employee) {
	t.Helper()
	enrolled := map[factorial.ID]bool{}
	for _, m := range membersOf(st, training) {
		enrolled[m.EmployeeID] = true
	}
	var found []factorial.Employee
	for _, e := range st.Employees {
		if !e.Active || enrolled[e.ID] {
			continue
		}
		unique := true
		for _, o := range st.Employees {
			if o.ID != e.ID && strings.Contains(strings.ToLower(o.FullName), strings.ToLower(e.FullName)) {
				unique = false
			}
		}
		if unique {
			found = append(found, e)
		}
		if len(found) == 2 {
			return found[0], found[1]
		}
	}
	t.Fatal("no two newcomers with distinct names in the sandbox")
	return factorial.Employee{}, factorial.Employee{}
}

func itoa(n int) string { return strconv.Itoa(n) }

// activeCatalogueTraining is an active training shown in the catalogue, with
// groups: one every persona sees.
func activeCatalogueTraining(t *testing.T, st *sandbox.State) factorial.Training {
	t.Helper()
	for _, tr := range st.Trainings {
		if tr.Status == nil || *tr.Status != factorial.TrainingActive || !tr.Catalog {
			continue
		}
		for _, c := range st.Classes {
			if c.TrainingID == tr.ID && c.Cost != "" && c.Cost != "0.00" {
				return tr
			}
		}
	}
	t.Fatal("no active catalogue training with costed groups in the sandbox")
	return factorial.Training{}
}

// signInBrowser signs tab in as the demo persona through the sandbox picker.
func signInBrowser(t *testing.T, tab *browsertest.Tab, s *apptest.Server, persona string) {
	t.Helper()
	tab.Do(chromedp.Navigate(s.URL + "/auth/start"))
	tab.Do(chromedp.Click(chromedp.CSS(`button[name="persona"][value="` + persona + `"]`)))
	tab.WaitUntilSettled("the signed-in home page", q(`[data-testid="user-name"]`)+` !== null`)
}

// holdFirstHTMX holds the first htmx request to path (any path when "")
// back until the second has been answered (or the first is given up), so its
// answer arrives last: a slow filter request overtaken by a search typed
// meanwhile. h says when the first request is in and when both are answered.
func holdFirstHTMX(t *testing.T, path string) (wrap func(http.Handler) http.Handler, h *held) {
	in, release, done := make(chan struct{}), make(chan struct{}), make(chan struct{}, 8)
	var n atomic.Int32
	var once sync.Once
	free := func() { once.Do(func() { close(release) }) }
	t.Cleanup(free)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("HX-Request") == "" || path != "" && r.URL.Path != path {
				next.ServeHTTP(w, r)
				return
			}
			switch n.Add(1) {
			case 1:
				close(in)
				select {
				case <-release:
				case <-r.Context().Done():
				}
				next.ServeHTTP(w, r)
			case 2:
				next.ServeHTTP(w, r)
				free()
			default:
				next.ServeHTTP(w, r)
			}
			select {
			case done <- struct{}{}:
			default: // nobody counts these any more
			}
		})
	}, &held{in: in, done: done}
}

// held tells a test where the held request is.
type held struct{ in, done <-chan struct{} }

// arrived waits until the first request is being held.
func (h *held) arrived(t *testing.T, tab *browsertest.Tab) {
	t.Helper()
	select {
	case <-h.in:
	case <-tab.Ctx.Done():
		t.Fatal("the first htmx request never reached Aula")
	}
}

// bothAnswered waits until the held request and the one after it have
// been answered.
func (h *held) bothAnswered(t *testing.T, tab *browsertest.Tab) {
	t.Helper()
	for range 2 {
		select {
		case <-h.done:
		case <-tab.Ctx.Done():
			t.Fatal("the held request and the next one were not both answered")
		}
	}
}

// apiCalls returns the Factorial API requests the sandbox received, as
// "METHOD resource?query", and forgets them.
func apiCalls(s *apptest.Server) []string {
	var out []string
	for _, r := range s.Sandbox.Requests() {
		i := strings.Index(r.Path, "/resources/")
		if i < 0 {
			continue
		}
		call := r.Method + " " + r.Path[i+len("/resources/"):]
		if r.Query != "" {
			call += "?" + r.Query
		}
		out = append(out, call)
	}
	s.Sandbox.ResetRequests()
	return out
}

func countCalls(calls []string, prefix string) int {
	n := 0
	for _, c := range calls {
		if strings.HasPrefix(c, prefix) {
			n++
		}
	}
	return n
}

// htmxTo are the headers htmx sends when it swaps the element with id target.
func htmxTo(target string) http.Header {
	return http.Header{"Hx-Request": {"true"}, "Hx-Target": {target}}
}

func mustStatus(t *testing.T, res *http.Response, want int) {
	t.Helper()
	if res.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d\n%s", res.Request.Method, res.Request.URL, res.StatusCode, want, excerpt(apptest.Body(res)))
	}
}

func excerpt(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "…"
	}
	return s
}

func location(t *testing.T, res *http.Response) string {
	t.Helper()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("%s %s: status %d, want 303\n%s", res.Request.Method, res.Request.URL, res.StatusCode, excerpt(apptest.Body(res)))
	}
	return res.Header.Get("Location")
}

func rowNames(doc *goquery.Document, testid string) []string {
	var names []string
	apptest.TestID(doc, testid).Each(func(_ int, s *goquery.Selection) { names = append(names, strings.TrimSpace(s.Text())) })
	return names
}

// visibleTrainings is what the hr-admin sees in the sandbox: not deleted.
func visibleTrainings(st *sandbox.State) []factorial.Training {
	var out []factorial.Training
	for _, t := range st.Trainings {
		if t.Status == nil || *t.Status != factorial.TrainingDeleted {
			out = append(out, t)
		}
	}
	return out
}

// busyTraining returns a training with groups and enrolments.
func busyTraining(t *testing.T, st *sandbox.State) factorial.Training {
	t.Helper()
	for _, tr := range visibleTrainings(st) {
		classes, members := 0, 0
		for _, c := range st.Classes {
			if c.TrainingID == tr.ID {
				classes++
			}
		}
		for _, m := range st.TrainingMemberships {
			if m.TrainingID == tr.ID {
				members++
			}
		}
		if classes > 0 && members > 2 {
			return tr
		}
	}
	t.Fatal("no training with groups and participants in the sandbox")
	return factorial.Training{}
}

func membersOf(st *sandbox.State, id factorial.ID) []factorial.TrainingMembership {
	var out []factorial.TrainingMembership
	for _, m := range st.TrainingMemberships {
		if m.TrainingID == id {
			out = append(out, m)
		}
	}
	return out
}

func findMember(s *apptest.Server, id factorial.ID) factorial.TrainingMembership {
	for _, m := range s.Sandbox.Snapshot().TrainingMemberships {
		if m.ID == id {
			return m
		}
	}
	return factorial.TrainingMembership{}
}

// fixture names the records a write test works on.
type fixture struct {
	training factorial.Training
	class    factorial.TrainingClass
	member   factorial.TrainingMembership
	category factorial.TrainingCategory
	outsider factorial.Employee // active, not enrolled in training
}

func fixtureOf(t *testing.T, st *sandbox.State) fixture {
	t.Helper()
	f := fixture{training: busyTraining(t, st), category: st.Categories[0]}
	for _, c := range st.Classes {
		if c.TrainingID == f.training.ID {
			f.class = c
			break
		}
	}
	enrolled := map[factorial.ID]bool{}
	for _, m := range membersOf(st, f.training.ID) {
		enrolled[m.EmployeeID] = true
		if f.member.ID == 0 {
			f.member = m
		}
	}
	for _, e := range st.Employees {
		if e.Active && !enrolled[e.ID] {
			f.outsider = e
			break
		}
	}
	return f
}

func q(sel string) string { return `document.querySelector('` + sel + `')` }

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// apiClient is a client of the sandbox with its API key (HR's rights),
// mounted under a base path as Factorial's is, and sending each request
// once: tests use it to set up or read back what a page did.
func apiClient(t testing.TB, sb *sandbox.Sandbox) *factorial.Client {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("/sandbox/", http.StripPrefix("/sandbox", sb))
	hs := httptest.NewServer(mux)
	t.Cleanup(hs.Close)
	cl, err := factorial.NewClient(factorial.WithBaseURL(hs.URL+"/sandbox"), factorial.WithAPIKey(sb.APIKey()),
		factorial.WithRetry(factorial.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	return cl
}
