package factorial_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
)

// These contract tests use the sandbox the way a client written from
// Factorial's published schema does: raw bodies as documented, not only
// through Aula's client.

// raw sends a request with the API key and returns the status, body and headers.
func (c *contract) raw(t *testing.T, method, path string, body any) (int, []byte, http.Header) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = strings.NewReader(string(b))
	}
	req, err := http.NewRequest(method, c.base+"/api/2026-04-01/resources/"+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json")
	if c.sb != nil {
		req.Header.Set("x-api-key", c.sb.APIKey())
	}
	res, err := c.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b, res.Header
}

func TestContractPutKeepsTheFieldsItDoesNotSend(t *testing.T) {
	c := newContract(t)
	cl := c.client(t, "key")
	ctx := context.Background()
	tr, err := cl.Trainings.Create(ctx, &factorial.TrainingRequest{Name: "Forklift", Description: "Licence", Year: 2026,
		Code: factorial.String("FL-1"), Objectives: factorial.String("Drive safely"), ValidFor: factorial.Int(2)})
	if err != nil {
		t.Fatal(err)
	}
	class, err := cl.Classes.Create(ctx, &factorial.TrainingClassRequest{TrainingID: tr.ID, CompanyID: sandbox.CompanyID,
		StartDate: factorial.Date{Year: 2026, Month: 12, Day: 1}, EndDate: factorial.Date{Year: 2026, Month: 12, Day: 31},
		Cost: "100.00", SubsidizedCost: "0", IndirectCost: "0", SalaryCost: "0", PaymentStatus: factorial.PaymentPaid})
	if err != nil {
		t.Fatal(err)
	}
	start := contractNow.AddDate(0, 0, 2)
	sess, err := cl.Sessions.Create(ctx, &factorial.SessionRequest{Name: "Theory", TrainingID: tr.ID, TrainingClassID: &class.ID,
		StartsAt: &start, EndsAt: factorial.Time(start.Add(2 * 3600e9)), Modality: factorial.Ptr(factorial.ModalityOnline), Link: factorial.String("https://meet.example/fl")})
	if err != nil {
		t.Fatal(err)
	}

	// The session PUT of the published schema: id, name and times, no training_id.
	later := start.Add(3600e9)
	st, b, _ := c.raw(t, "PUT", "trainings/sessions/"+sess.ID.String(), map[string]any{"id": sess.ID, "name": "Theory, part 1", "starts_at": later, "ends_at": later.Add(3600e9)})
	var got factorial.Session
	if st != 200 || json.Unmarshal(b, &got) != nil {
		t.Fatalf("session PUT without training_id: %d %s", st, b)
	}
	if got.Name != "Theory, part 1" || got.TrainingID != tr.ID || got.TrainingClassID == nil || *got.TrainingClassID != class.ID ||
		got.Link == nil || *got.Link != "https://meet.example/fl" || got.Modality == nil || *got.Modality != factorial.ModalityOnline {
		t.Errorf("the session PUT lost what it did not send: %+v", got)
	}
	if got.Duration == nil || got.Duration.TotalMinutes() != 60 {
		t.Errorf("duration not derived from the new times: %+v", got.Duration)
	}
	// null clears
	if st, b, _ := c.raw(t, "PUT", "trainings/sessions/"+sess.ID.String(), map[string]any{"link": nil}); st != 200 || strings.Contains(string(b), "meet.example") {
		t.Errorf("link: null did not clear it: %d %s", st, b)
	}

	// The training PUT with the documented required fields keeps the optional ones.
	st, b, _ = c.raw(t, "PUT", "trainings/trainings/"+tr.ID.String(), map[string]any{"id": tr.ID, "name": "Forklift licence", "description": "Licence", "external": false, "year": 2027})
	var gotT factorial.Training
	if st != 200 || json.Unmarshal(b, &gotT) != nil {
		t.Fatalf("training PUT: %d %s", st, b)
	}
	if gotT.Name != "Forklift licence" || gotT.Year != 2027 || gotT.Code == nil || *gotT.Code != "FL-1" ||
		gotT.Objectives == nil || *gotT.Objectives != "Drive safely" || gotT.ValidFor == nil || *gotT.ValidFor != 2 {
		t.Errorf("the training PUT lost what it did not send: code %v objectives %v valid_for %v", gotT.Code, gotT.Objectives, gotT.ValidFor)
	}
	// ... and still requires what the schema requires.
	if st, _, _ := c.raw(t, "PUT", "trainings/trainings/"+tr.ID.String(), map[string]any{"id": tr.ID, "name": "x"}); st != 422 {
		t.Errorf("training PUT without description, external, year: %d", st)
	}

	// Aula's client clears what it leaves nil: its update is a replacement
	// whichever way Factorial reads a PUT.
	upd, err := cl.Trainings.Update(ctx, tr.ID, &factorial.TrainingRequest{Name: "Forklift licence", Description: "Licence", Year: 2027, Code: factorial.String("FL-1")})
	if err != nil || upd.ValidFor != nil || upd.Objectives != nil || upd.Code == nil {
		t.Errorf("client update: valid_for %v objectives %v code %v, %v", upd.ValidFor, upd.Objectives, upd.Code, err)
	}
}

// authorizeCode runs the persona picker's form as a browser would and
// returns where the sandbox sent it.
func authorizeCode(t *testing.T, c *contract, cfg factorial.OAuthConfig, verifier string) (*http.Response, url.Values) {
	t.Helper()
	noFollow := *c.srv.Client()
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	u, err := url.Parse(cfg.AuthCodeURL("st4te", verifier))
	if err != nil {
		t.Fatal(err)
	}
	res, err := noFollow.Get(u.String())
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return res, nil
	}
	form := u.Query()
	form.Set("persona", sandbox.PersonaTrainer)
	res, err = noFollow.PostForm(c.base+"/oauth/authorize", form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc, err := url.Parse(res.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return res, loc.Query()
}

func tokenError(t *testing.T, c *contract, form url.Values) (int, string) {
	t.Helper()
	res, err := c.srv.Client().PostForm(c.base+"/oauth/token", form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var e struct {
		Error string `json:"error"`
	}
	_ = json.NewDecoder(res.Body).Decode(&e)
	return res.StatusCode, e.Error
}

func TestContractOAuthRefusesWhatAnAuthorizationServerRefuses(t *testing.T) {
	const callback = "https://aula.test/auth/callback"
	c := newContract(t, sandbox.WithRedirectURIs(callback))
	id, secret := c.sb.OAuthClient()
	cfg := factorial.OAuthConfig{BaseURL: c.base, ClientID: id, ClientSecret: secret, RedirectURL: callback, HTTPClient: c.srv.Client()}

	// An unregistered redirect_uri: an error page, no redirect, no code (RFC 6749 §4.1.2.1).
	evil := cfg
	evil.RedirectURL = "https://evil.example/cb"
	res, _ := authorizeCode(t, c, evil, "")
	if res.StatusCode != http.StatusBadRequest || res.Header.Get("Location") != "" || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Errorf("unregistered redirect_uri: %d, Location %q", res.StatusCode, res.Header.Get("Location"))
	}

	verifier := oauth2.GenerateVerifier()
	form := func(code string) url.Values {
		return url.Values{"grant_type": {"authorization_code"}, "code": {code}, "client_id": {id}, "client_secret": {secret}, "redirect_uri": {callback}}
	}
	// A code issued with a code_challenge needs its code_verifier (RFC 7636 §4.6).
	res, q := authorizeCode(t, c, cfg, verifier)
	if res.StatusCode != http.StatusFound || q.Get("code") == "" || q.Get("state") != "st4te" {
		t.Fatalf("authorize: %d %v", res.StatusCode, q)
	}
	if st, e := tokenError(t, c, form(q.Get("code"))); st != 400 || e != "invalid_grant" {
		t.Errorf("code without its verifier: %d %q", st, e)
	}
	// The code is bound to the redirect_uri, and spent by a failed exchange.
	_, q = authorizeCode(t, c, cfg, verifier)
	f := form(q.Get("code"))
	f.Set("code_verifier", verifier)
	f.Set("redirect_uri", "https://aula.test/other")
	if st, e := tokenError(t, c, f); st != 400 || e != "invalid_grant" {
		t.Errorf("another redirect_uri: %d %q", st, e)
	}
	f.Set("redirect_uri", callback)
	if st, e := tokenError(t, c, f); st != 400 || e != "invalid_grant" {
		t.Errorf("a spent code: %d %q", st, e)
	}
	// Another client cannot use it.
	_, q = authorizeCode(t, c, cfg, verifier)
	f = form(q.Get("code"))
	f.Set("code_verifier", verifier)
	f.Set("client_id", "someone-else")
	if st, e := tokenError(t, c, f); st != 401 || e != "invalid_client" {
		t.Errorf("another client: %d %q", st, e)
	}
	// Aula's client, with PKCE and the registered callback, signs in.
	_, q = authorizeCode(t, c, cfg, verifier)
	tok, err := cfg.Exchange(context.Background(), q.Get("code"), verifier)
	if err != nil || tok.AccessToken == "" {
		t.Fatalf("exchange: %v", err)
	}
}

func TestContractRecordsCarryTheRequiredFields(t *testing.T) {
	c := newContract(t)
	cl := c.client(t, "key")
	ctx := context.Background()
	people, err := cl.Employees.All(ctx, nil)
	if err != nil || len(people) == 0 {
		t.Fatal(err)
	}
	for _, e := range people {
		if e.CompanyID != sandbox.CompanyID || e.LocationID == 0 || e.CreatedAt.IsZero() || e.UpdatedAt.Before(e.CreatedAt) || !e.Attendable {
			t.Fatalf("employee %d: company %d location %d created %v updated %v attendable %v", e.ID, e.CompanyID, e.LocationID, e.CreatedAt, e.UpdatedAt, e.Attendable)
		}
	}
	_, b, _ := c.raw(t, "GET", "employees/employees/"+people[0].ID.String(), nil)
	if !strings.Contains(string(b), `"is_terminating":false`) {
		t.Errorf("employee without is_terminating: %s", b)
	}
	classes, err := cl.Classes.All(ctx, nil)
	if err != nil || len(classes) == 0 {
		t.Fatal(err)
	}
	for _, k := range classes {
		if k.CreatedAt == nil || k.CreatedAt.After(contractNow) {
			t.Fatalf("class %s created_at %v", k.ID, k.CreatedAt)
		}
	}
}

func TestContractCredentialIDIsAStringPrefixedByItsKind(t *testing.T) {
	c := newContract(t)
	for who, prefix := range map[string]string{"key": "api_key_", sandbox.PersonaTrainer: "access_"} {
		cl := c.client(t, who)
		me, err := cl.Credentials.Me(context.Background())
		if err != nil || !strings.HasPrefix(string(me.ID), prefix) {
			t.Errorf("%s: credential id %q, %v", who, me.ID, err)
		}
	}
	_, b, _ := c.raw(t, "GET", "api_public/credentials", nil)
	var env struct {
		Data []map[string]json.RawMessage `json:"data"`
	}
	if json.Unmarshal(b, &env) != nil || len(env.Data) != 1 || !strings.HasPrefix(string(env.Data[0]["id"]), `"api_key_`) {
		t.Errorf("credentials on the wire: %s", b)
	}
}

func TestContractDeletingATraining(t *testing.T) {
	c := newContract(t)
	cl := c.client(t, "key")
	ctx := context.Background()
	mk := func(name string) *factorial.Training {
		tr, err := cl.Trainings.Create(ctx, &factorial.TrainingRequest{Name: name, Description: "d", Year: 2026})
		if err != nil {
			t.Fatal(err)
		}
		if tr, err = cl.Trainings.UpdateStatus(ctx, tr.ID, factorial.TrainingActive, false); err != nil {
			t.Fatal(err)
		}
		return tr
	}
	// DELETE answers with the deleted record, saying so; then it is gone.
	a := mk("Destroyed")
	gone, err := cl.Trainings.Delete(ctx, a.ID)
	if err != nil || gone.Name != "Destroyed" || gone.Status == nil || *gone.Status != factorial.TrainingDeleted {
		t.Fatalf("DELETE answered %+v, %v", gone, err)
	}
	if _, err := cl.Trainings.Get(ctx, a.ID); !errors.Is(err, factorial.ErrNotFound) {
		t.Errorf("after DELETE: %v", err)
	}
	b := mk("Bulk destroyed")
	ts, err := cl.Trainings.BulkDelete(ctx, []factorial.ID{b.ID})
	if err != nil || len(ts) != 1 || ts[0].Status == nil || *ts[0].Status != factorial.TrainingDeleted {
		t.Fatalf("bulk_delete answered %+v, %v", ts, err)
	}
	// update_status deleted is the soft delete: still known by name.
	s := mk("Retired")
	if _, err := cl.Trainings.UpdateStatus(ctx, s.ID, factorial.TrainingDeleted, false); err != nil {
		t.Fatal(err)
	}
	if got, err := cl.Trainings.Get(ctx, s.ID); err != nil || got.Name != "Retired" {
		t.Errorf("soft-deleted training by id: %+v, %v", got, err)
	}
	page, err := cl.Trainings.List(ctx, &factorial.TrainingListOptions{IDs: []factorial.ID{s.ID}, Status: factorial.TrainingDeleted})
	if err != nil || len(page.Data) != 1 || page.Data[0].Name != "Retired" {
		t.Errorf("status=deleted list: %+v, %v", page, err)
	}
}

func TestContractAPIAnswersCarrySecurityHeaders(t *testing.T) {
	c := newContract(t)
	want := map[string]string{"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store",
		"Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'", "Referrer-Policy": "no-referrer"}
	check := func(what string, h http.Header) {
		t.Helper()
		for k, v := range want {
			if got := h.Get(k); got != v {
				t.Errorf("%s: %s = %q, want %q", what, k, got, v)
			}
		}
	}
	_, _, h := c.raw(t, "GET", "trainings/trainings", nil)
	check("a list", h)
	_, _, h = c.raw(t, "GET", "trainings/trainings/999999", nil)
	check("a 404", h)
	noKey := &contract{srv: c.srv, base: c.base}
	if st, _, h := noKey.raw(t, "GET", "trainings/trainings", nil); st != 401 {
		t.Errorf("without credentials: %d", st)
	} else {
		check("a 401", h)
	}
	// The picker is a page with its own policy: its stylesheet may load.
	res, err := c.srv.Client().Get(c.base + "/oauth/authorize?client_id=nobody")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "style-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") ||
		res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("picker headers: %v", res.Header)
	}
}
