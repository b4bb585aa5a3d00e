package sandbox

import (
	"bytes"
	"context"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseFault(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Fault
	}{
		{"POST trainings/* rate=0.3 status=503", Fault{Method: "POST", Path: "trainings/*", ErrorRate: 0.3, Status: 503}},
		{"get trainings/trainings status=429 retry-after=2s", Fault{Method: "GET", Path: "trainings/trainings", Status: 429, RetryAfter: 2 * time.Second}},
		{"* * rate=0.1 drop", Fault{Method: "*", Path: "*", ErrorRate: 0.1, Drop: true}},
		{"POST trainings/training_classes applied", Fault{Method: "POST", Path: "trainings/training_classes", Applied: true, Status: 500}},
		{"PUT /trainings/training_memberships/*/ applied drop", Fault{Method: "PUT", Path: "trainings/training_memberships/*", Applied: true, Drop: true}},
		{"GET employees/* latency=300ms jitter=100ms", Fault{Method: "GET", Path: "employees/*", Latency: 300 * time.Millisecond, Jitter: 100 * time.Millisecond}},
		{"  DELETE   trainings/trainings/*   RATE=1  ", Fault{Method: "DELETE", Path: "trainings/trainings/*", ErrorRate: 1, Status: 500}},
	} {
		got, err := ParseFault(tc.in)
		if err != nil {
			t.Errorf("ParseFault(%q): %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("ParseFault(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
		// What String writes reads back as the same fault.
		if again, err := ParseFault(got.String()); err != nil || again != got {
			t.Errorf("ParseFault(%q.String() = %q) = %+v, %v; want %+v", tc.in, got.String(), again, err, got)
		}
	}
}

func TestParseFaultRefusesWhatItCannotRead(t *testing.T) {
	for _, tc := range []struct{ in, says string }{
		{"", "want"},
		{"POST", "want"},
		{"FETCH trainings/*", "not an HTTP method"},
		{"POST rate=0.3", "path pattern"},
		{"POST trainings/* rate=2", "rate=2"},
		{"POST trainings/* rate=0", "rate=0"},
		{"POST trainings/* rate=abc", "rate=abc"},
		{"POST trainings/* status=200", "status=200"},
		{"POST trainings/* status=five", "status=five"},
		{"POST trainings/* retry-after=soon", "retry-after=soon"},
		{"POST trainings/* latency=-1s", "latency=-1s"},
		{"POST trainings/* drop status=503", "no status"},
		{"POST trainings/* explode", `unknown option "explode"`},
		{"POST trainings/*", "does nothing"},
	} {
		_, err := ParseFault(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("ParseFault(%q) = %v, want an error saying %q", tc.in, err, tc.says)
		}
	}
}

// The latency applies to every request: to a fault that names none of its
// own, and, after the faults, to the rest.
func TestSettingsLatencyAppliesAfterTheFaults(t *testing.T) {
	s := Settings{Latency: 50 * time.Millisecond, Jitter: 10 * time.Millisecond, Faults: []Fault{
		{Method: "POST", Path: "trainings/*", ErrorRate: 0.5, Status: 503},
		{Method: "GET", Path: "employees/*", Latency: time.Second},
	}}
	want := []Fault{
		{Method: "POST", Path: "trainings/*", ErrorRate: 0.5, Status: 503, Latency: 50 * time.Millisecond, Jitter: 10 * time.Millisecond},
		{Method: "GET", Path: "employees/*", Latency: time.Second},
		{Latency: 50 * time.Millisecond, Jitter: 10 * time.Millisecond},
	}
	if got := s.AllFaults(); !reflect.DeepEqual(got, want) {
		t.Errorf("AllFaults() =\n%+v\nwant\n%+v", got, want)
	}
	if got := (Settings{}).AllFaults(); len(got) != 0 {
		t.Errorf("no settings inject %+v, want nothing", got)
	}
}

func TestSettingsFlags(t *testing.T) {
	s := DefaultSettings()
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	s.RegisterFlags(fs)
	err := fs.Parse([]string{"-latency", "50ms", "-jitter", "5ms", "-fault", "POST trainings/* rate=0.2 applied",
		"-fault", "GET * rate=0.1 status=429 retry-after=1s", "-rate-limit", "200", "-profile", "large", "-seed", "7"})
	if err != nil {
		t.Fatal(err)
	}
	want := Settings{Latency: 50 * time.Millisecond, Jitter: 5 * time.Millisecond, RateLimit: 200, Profile: ProfileLarge, Seed: 7, Faults: []Fault{
		{Method: "POST", Path: "trainings/*", ErrorRate: 0.2, Applied: true, Status: 500},
		{Method: "GET", Path: "*", ErrorRate: 0.1, Status: 429, RetryAfter: time.Second},
	}}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("flags parsed to %+v, want %+v", s, want)
	}
}

// A wrong value stops `aula sandbox` with a message naming its flag.
func TestSandboxCommandNamesTheWrongFlag(t *testing.T) {
	for _, tc := range []struct{ args []string }{
		{[]string{"-latency", "fast"}},
		{[]string{"-jitter", "-5ms"}},
		{[]string{"-fault", "POST trainings/* rate=7"}},
		{[]string{"-rate-limit", "lots"}},
		{[]string{"-profile", "huge"}},
		{[]string{"-seed", "x"}},
	} {
		var out bytes.Buffer
		err := Main(context.Background(), tc.args, func(string) string { return "" }, &out)
		if err == nil || !strings.Contains(err.Error(), "-"+strings.TrimPrefix(tc.args[0], "-")) {
			t.Errorf("Main(%q) = %v, want an error naming %s", tc.args, err, tc.args[0])
		}
	}
}

func TestSettingsFromEnv(t *testing.T) {
	env := map[string]string{
		"AULA_SANDBOX_LATENCY":    "50ms",
		"AULA_SANDBOX_FAULTS":     "POST trainings/* rate=0.2 status=503; GET employees/* drop rate=0.05;",
		"AULA_SANDBOX_RATE_LIMIT": "100",
		"AULA_SANDBOX_SEED":       "3",
	}
	s, errs := SettingsFromEnv(func(k string) string { return env[k] })
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := Settings{Latency: 50 * time.Millisecond, RateLimit: 100, Seed: 3, Faults: []Fault{
		{Method: "POST", Path: "trainings/*", ErrorRate: 0.2, Status: 503},
		{Method: "GET", Path: "employees/*", ErrorRate: 0.05, Drop: true},
	}}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("env parsed to %+v, want %+v", s, want)
	}

	bad := map[string]string{
		"AULA_SANDBOX_LATENCY": "slow", "AULA_SANDBOX_JITTER": "1", "AULA_SANDBOX_FAULTS": "POST x rate=9",
		"AULA_SANDBOX_RATE_LIMIT": "-1", "AULA_SANDBOX_PROFILE": "huge", "AULA_SANDBOX_SEED": "seven",
	}
	_, errs = SettingsFromEnv(func(k string) string { return bad[k] })
	named := map[string]bool{}
	for _, e := range errs {
		named[e.Name] = true
		if !strings.HasPrefix(e.Error(), e.Name+": ") {
			t.Errorf("error %q does not start with its variable", e)
		}
	}
	for k := range bad {
		if !named[k] {
			t.Errorf("a wrong %s is not reported (got %v)", k, errs)
		}
	}
}

// Applied settings reach the requests: the fault answers with its status
// and Retry-After, and the latency is waited.
func TestSettingsApply(t *testing.T) {
	sb := New()
	s := Settings{Latency: 30 * time.Millisecond, Faults: []Fault{{Method: "GET", Path: "employees/*", Status: 429, RetryAfter: 2 * time.Second}}}
	s.Apply(sb)
	get := func(resource string) (*http.Response, time.Duration) {
		req := httptest.NewRequest(http.MethodGet, "/api/2026-04-01/resources/"+resource, nil)
		req.Header.Set("x-api-key", sb.APIKey())
		rec := httptest.NewRecorder()
		start := time.Now()
		sb.ServeHTTP(rec, req)
		res := rec.Result()
		_, _ = io.Copy(io.Discard, res.Body)
		return res, time.Since(start)
	}
	res, took := get("employees/employees")
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "2" {
		t.Errorf("faulted path: status %d, Retry-After %q; want 429 and 2", res.StatusCode, res.Header.Get("Retry-After"))
	}
	if took < 30*time.Millisecond {
		t.Errorf("faulted path answered in %s, before the latency of 30ms", took)
	}
	res, took = get("trainings/trainings")
	if res.StatusCode != http.StatusOK || took < 30*time.Millisecond {
		t.Errorf("other path: status %d in %s; want 200 after the 30ms latency", res.StatusCode, took)
	}
}
