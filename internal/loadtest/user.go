package loadtest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"

	mw "github.com/aula-hr/aula/middleware"
)

// User is one virtual user: a browser-like client with its own cookies,
// signed in as one persona, that walks its flow's steps.
type User struct {
	ID      int    // 0…Users-1
	Persona string // sandbox persona key
	Index   int    // among the users of its flow, 0…
	Of      int    // users of its flow
	Iter    int    // how many times the flow has run

	base   string
	client *http.Client
	run    *run

	// What earlier steps found, for later ones.
	Trainings []string          // training ids on the catalogue page
	Training  string            // the training this iteration looks at
	Sheets    []string          // attendance sheet addresses
	Vars      map[string]string // anything else
}

type goquerySel = goquery.Selection

// Answer is a page as the user got it.
type Answer struct {
	*http.Response
	Body []byte
	doc  *goquery.Document
}

// Doc parses the answer as HTML.
func (a *Answer) Doc() *goquery.Document {
	if a.doc == nil {
		a.doc, _ = goquery.NewDocumentFromReader(bytes.NewReader(a.Body))
		if a.doc == nil {
			a.doc = goquery.NewDocumentFromNode(nil)
		}
	}
	return a.doc
}

// errStatus is an answer the step did not expect.
type errStatus struct {
	page   string
	status int
}

func (e *errStatus) Error() string { return fmt.Sprintf("%s: status %d", e.page, e.status) }

func newUser(r *run, id int, persona string) *User {
	jar, _ := cookiejar.New(nil)
	return &User{
		ID: id, Persona: persona, base: r.base, run: r, Vars: map[string]string{},
		client: &http.Client{Jar: jar, Timeout: 60 * time.Second, Transport: r.transport,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
	}
}

// Get fetches path and records it under page (a route pattern such as
// paths.TrainingRoute); a status other than 200 is an error.
func (u *User) Get(page, path string) (*Answer, error) {
	return u.Do(page, http.MethodGet, path, "", nil, http.StatusOK)
}

// PostForm sends a form (with the session's CSRF token as the page's form
// has it) and records it under page; want is the expected status, 0 for any.
func (u *User) PostForm(page, path string, form url.Values, want int) (*Answer, error) {
	return u.Do(page, http.MethodPost, path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()), want)
}

// Do sends one request and records its time, status and Server-Timing under
// "METHOD page". want 0 accepts any status below 500.
func (u *User) Do(page, method, path, contentType string, body io.Reader, want int, header ...string) (*Answer, error) {
	target := path
	if strings.HasPrefix(path, "/") {
		target = u.base + path
	}
	req, err := http.NewRequestWithContext(u.run.ctx, method, target, body)
	if err != nil {
		return nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	start := time.Now()
	res, err := u.client.Do(req)
	var b []byte
	if err == nil {
		b, err = io.ReadAll(res.Body)
		res.Body.Close()
	}
	took := time.Since(start)
	name := method + " " + page
	if err != nil {
		if u.run.ctx.Err() != nil {
			return nil, errStopped
		}
		u.run.record(name, took, 0, "", err)
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	a := &Answer{Response: res, Body: b}
	var fail error
	switch {
	case res.StatusCode >= 500:
		fail = &errStatus{name, res.StatusCode}
	case want != 0 && res.StatusCode != want:
		fail = &errStatus{name, res.StatusCode}
	case want == 0 && res.StatusCode >= 400 && res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusConflict:
		fail = &errStatus{name, res.StatusCode}
	}
	u.run.record(name, took, res.StatusCode, res.Header.Get(mw.ServerTimingHeader), fail)
	return a, fail
}

var errStopped = errors.New("the run is over")

// CSRF returns the token of the user's session, from a page's meta tag.
func (u *User) CSRF(a *Answer) string {
	return a.Doc().Find(`meta[name="csrf-token"]`).AttrOr("content", "")
}

// FormOf reads the first form whose action is action (or, with "", the
// first POST form) as a browser would send it: its inputs, textareas and
// selected options, without its buttons.
func FormOf(a *Answer, action string) (url.Values, bool) {
	v := url.Values{}
	var form *goquery.Selection
	a.Doc().Find(`form`).EachWithBreak(func(_ int, f *goquery.Selection) bool {
		if !strings.EqualFold(f.AttrOr("method", "get"), "post") {
			return true
		}
		if act := f.AttrOr("action", ""); action == "" || act == action {
			form = f
			return false
		}
		return true
	})
	if form == nil {
		return nil, false
	}
	form.Find("input, textarea, select").Each(func(_ int, s *goquery.Selection) {
		name, ok := s.Attr("name")
		if !ok || name == "" {
			return
		}
		if _, disabled := s.Attr("disabled"); disabled {
			return
		}
		switch goquery.NodeName(s) {
		case "textarea":
			v.Add(name, s.Text())
		case "select":
			opt := s.Find("option[selected]").First()
			if opt.Length() == 0 {
				opt = s.Find("option").First()
			}
			v.Add(name, opt.AttrOr("value", opt.Text()))
		default:
			switch strings.ToLower(s.AttrOr("type", "text")) {
			case "submit", "button", "reset", "file", "image":
			case "checkbox", "radio":
				if _, on := s.Attr("checked"); on {
					v.Add(name, s.AttrOr("value", "on"))
				}
			default:
				v.Add(name, s.AttrOr("value", ""))
			}
		}
	})
	return v, true
}

// SignIn signs the user in as its persona through Aula's OAuth2 flow and
// the sandbox's persona picker, as a browser does.
func (u *User) SignIn() error {
	res, err := u.Do("/auth/start", http.MethodGet, "/auth/start", "", nil, http.StatusSeeOther)
	if err != nil {
		return err
	}
	authorize := res.Header.Get("Location")
	pick, err := u.Do("/sandbox/oauth/authorize", http.MethodGet, authorize, "", nil, http.StatusOK)
	if err != nil {
		return err
	}
	form := url.Values{}
	pick.Doc().Find(`form input[type="hidden"]`).Each(func(_ int, s *goquery.Selection) {
		form.Set(s.AttrOr("name", ""), s.AttrOr("value", ""))
	})
	form.Set("persona", u.Persona)
	au, err := url.Parse(authorize)
	if err != nil {
		return err
	}
	if !au.IsAbs() {
		au, _ = url.Parse(u.base + authorize)
	}
	back, err := u.Do("/sandbox/oauth/authorize", http.MethodPost, au.String(), "application/x-www-form-urlencoded", strings.NewReader(form.Encode()), http.StatusFound)
	if err != nil {
		return err
	}
	_, err = u.Do("/auth/callback", http.MethodGet, back.Header.Get("Location"), "", nil, http.StatusSeeOther)
	return err
}
