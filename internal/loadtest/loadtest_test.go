package loadtest

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
)

// The pages the flows visit; a page added to Flows is added here.
var flowPages = []string{
	"GET /", "GET /team/overdue", "GET /trainings", "GET /trainings?filter",
	"GET /trainings/:id", "GET /trainings/:id/groups", "GET /trainings/:id/sessions", "GET /trainings/:id/participants", "GET /trainings/:id/costs",
	"GET /trainings/:id/edit", "POST /trainings/:id/edit", "GET /trainings/:id/groups/new", "POST /trainings/:id/groups",
	"GET /attendance", "GET /sessions/:id/attendance", "GET /sessions/:id/attendance/state", "POST /sessions/:id/attendance/marks",
	"GET /calendar", "GET /calendar?view=week", "GET /sessions/:id", "GET /team", "GET /team?window", "GET /team/renewals",
	"GET /trainings/:id/groups/:cid/sessions/new", "POST /trainings/:id/groups/:cid/sessions/new",
}

// The CI run of the harness: a few seconds of every flow, which completes
// without errors and reports every page with its figures, on the terminal
// and in the Markdown report with its chart.
func TestShortLoadRun(t *testing.T) {
	if testing.Short() {
		t.Skip("a load run of a few seconds")
	}
	var out bytes.Buffer
	res, err := Run(context.Background(), Config{Users: 10, Duration: 3 * time.Second, Latency: 20 * time.Millisecond, Seed: 1, Progress: time.Second, Out: &out})
	if err != nil {
		t.Fatal(err)
	}
	if res.Errors != 0 {
		t.Errorf("%d errors: %v", res.Errors, res.FirstErrors)
	}
	got := map[string]PageStats{}
	for _, p := range res.Pages {
		got[p.Name] = p
	}
	for _, name := range flowPages {
		p, ok := got[name]
		if !ok {
			t.Errorf("no figures for %s", name)
			continue
		}
		if p.Count == 0 || p.P50 <= 0 || p.P99 < p.P50 || p.RPS <= 0 {
			t.Errorf("%s: figures %+v", name, p)
		}
		if p.Calls < 1 || p.Rounds < 1 || p.Rounds > p.Calls {
			t.Errorf("%s: %.1f Factorial calls in %.1f rounds per request, from Server-Timing", name, p.Calls, p.Rounds)
		}
	}
	if res.AppP50 <= 0 || res.PeakHeap == 0 || res.CPU <= 0 {
		t.Errorf("Aula's own time %s, peak heap %d, CPU %s", res.AppP50, res.PeakHeap, res.CPU)
	}
	if !strings.Contains(out.String(), "requests") {
		t.Errorf("no progress line:\n%s", out.String())
	}
	var table bytes.Buffer
	res.Table(&table)
	for _, name := range flowPages {
		if !strings.Contains(table.String(), name) {
			t.Errorf("the table has no row for %s", name)
		}
	}
	report := filepath.Join(t.TempDir(), "load.md")
	if err := res.WriteReport(report, "go run . loadtest"); err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(report)
	svg, _ := os.ReadFile(strings.TrimSuffix(report, ".md") + "-latency.svg")
	if !bytes.Contains(md, []byte("| `POST /trainings/:id/groups` |")) || !bytes.Contains(md, []byte("load-latency.svg")) {
		t.Errorf("report:\n%s", md)
	}
	if !bytes.HasPrefix(svg, []byte("<svg")) || bytes.Count(svg, []byte("<rect")) < 3*len(flowPages) {
		t.Errorf("chart:\n%s", svg)
	}
}

// The CI chaos run: the same flows with the sandbox failing a share of the
// answers in every way; every write told is checked against the sandbox.
func TestShortChaosRun(t *testing.T) {
	if testing.Short() {
		t.Skip("a chaos run of a few seconds")
	}
	var out bytes.Buffer
	res, err := Run(context.Background(), Config{Users: 10, Duration: 5 * time.Second, Latency: 10 * time.Millisecond, Seed: 2, Chaos: true, ChaosRate: 0.4, Out: &out})
	if err != nil {
		t.Fatal(err)
	}
	v := res.Chaos
	if v == nil {
		t.Fatal("no chaos verdict")
	}
	if res.Injected == 0 || v.Writes == 0 {
		t.Fatalf("the sandbox failed %d answers and %d writes were told: nothing was tested", res.Injected, v.Writes)
	}
	for _, kind := range []string{"group", "session", "training", "attendance"} {
		if v.ByKind[kind] == 0 {
			t.Errorf("no %s write was told: its kind of write met no chaos (%v)", kind, v.ByKind)
		}
	}
	if len(v.Lost)+len(v.Duplicated)+len(v.Untruthful) > 0 {
		t.Errorf("lost %v\nduplicated %v\nuntruthful %v", v.Lost, v.Duplicated, v.Untruthful)
	}
	var table bytes.Buffer
	res.Table(&table)
	if !strings.Contains(table.String(), "lost: 0, duplicated: 0, untruthful: 0") {
		t.Errorf("the table does not give the verdict:\n%s", table.String())
	}
	t.Logf("sandbox failures %d; writes %d (%v): saved %d, not saved %d, cannot tell %d", res.Injected, v.Writes, v.ByKind, v.Saved, v.NotSaved, v.CannotTell)
}

// The checks find each kind of counterexample.
func TestChecksFindCounterexamples(t *testing.T) {
	desc := func(id factorial.ID, d string) factorial.Training { return factorial.Training{ID: id, Description: d} }
	before := &sandbox.State{Trainings: []factorial.Training{desc(1, "a"), desc(2, "a"), desc(3, "a"), desc(4, "a")}}
	after := &sandbox.State{
		Trainings: []factorial.Training{desc(1, "x"), desc(2, "a"), desc(3, "y"), desc(4, "z")},
		Classes: []factorial.TrainingClass{
			{TrainingID: 9, Name: "twice"}, {TrainingID: 9, Name: "twice"},
			{TrainingID: 9, Name: "denied"},
			{TrainingID: 9, Name: "unknown"},
			{TrainingID: 9, Name: "session gone"}, // a group of that name is not the session
		},
		Sessions: []factorial.Session{{TrainingID: 9, Name: "session twice"}, {TrainingID: 9, Name: "session twice"}, {TrainingID: 9, Name: "session fine"}},
	}
	l := &ledger{edits: map[factorial.ID][]told{
		1: {{"x", Saved, 0}},                     // fine
		2: {{"b", Saved, 0}},                     // lost: told saved, not there
		3: {{"x", Saved, 0}, {"y", NotSaved, 0}}, // untruthful: told not saved, there
		4: {{"x", Saved, 0}, {"z", Unknown, 0}},  // fine: cannot tell
	}}
	for _, c := range []struct {
		name string
		o    []Outcome
	}{{"twice", []Outcome{NotSaved, Saved}}, {"denied", []Outcome{NotSaved}}, {"gone", []Outcome{Saved}}, {"unknown", []Outcome{Unknown}}} {
		l.creates = append(l.creates, &create{kind: "group", training: 9, name: c.name, outcomes: c.o, l: l})
	}
	for _, name := range []string{"session twice", "session gone", "session fine"} {
		l.creates = append(l.creates, &create{kind: "session", training: 9, name: name, outcomes: []Outcome{Saved}, l: l})
	}
	v := l.check(before, after)
	has := func(list []string, s string) bool {
		for _, e := range list {
			if strings.Contains(e, s) {
				return true
			}
		}
		return false
	}
	if len(v.Lost) != 3 || !has(v.Lost, "training 2") || !has(v.Lost, `group "gone"`) || !has(v.Lost, `session "session gone"`) {
		t.Errorf("lost: %q", v.Lost)
	}
	if len(v.Duplicated) != 2 || !has(v.Duplicated, `group "twice"`) || !has(v.Duplicated, `session "session twice"`) {
		t.Errorf("duplicated: %q", v.Duplicated)
	}
	if len(v.Untruthful) != 2 || !has(v.Untruthful, "training 3") || !has(v.Untruthful, `"denied"`) {
		t.Errorf("untruthful: %q", v.Untruthful)
	}
}

func TestClassify(t *testing.T) {
	page := func(status int, problem string) *Answer {
		return &Answer{Response: &http.Response{StatusCode: status, Header: http.Header{}},
			Body: []byte(`<main><div data-testid="problem"><h2>x</h2><p>` + problem + `</p></div></main>`)}
	}
	redirect := func(to string) *Answer {
		return &Answer{Response: &http.Response{StatusCode: http.StatusSeeOther, Header: http.Header{"Location": {to}}}}
	}
	for _, tc := range []struct {
		a    *Answer
		want Outcome
	}{
		{redirect("/trainings/3"), Saved},
		{redirect("/login?return_to=%2F"), NotSaved},
		{page(502, "Factorial had a problem answering. Nothing was changed. Try again in a moment."), NotSaved},
		{page(502, "Nothing was saved. Factorial did not answer, and Aula looked: the group is not there."), NotSaved},
		{page(502, "Factorial did not answer, and Aula could not look, so it cannot tell whether it was saved."), Unknown},
		{page(502, "Factorial did not confirm the change"), Unknown},
		{page(500, "Oops"), Unclear},
		{nil, Unknown},
	} {
		if got, text := Classify(tc.a); got != tc.want {
			t.Errorf("Classify(%v) = %s (%q), want %s", tc.a, got, text, tc.want)
		}
	}
}

func TestMainRefusesWrongFlags(t *testing.T) {
	for _, args := range [][]string{{"-profile", "huge"}, {"-users", "0"}, {"-duration", "0s"}, {"-chaos-rate", "2"}, {"-latency", "x"}} {
		var out bytes.Buffer
		err := Main(context.Background(), args, &out)
		if err == nil || !strings.Contains(err.Error()+out.String(), args[0]) {
			t.Errorf("Main(%q) = %v, want an error naming %s", args, err, args[0])
		}
	}
}

// -target: the users run against an Aula started elsewhere.
func TestRunAgainstATarget(t *testing.T) {
	if testing.Short() {
		t.Skip("a load run of seconds")
	}
	srv := apptest.Start(t, apptest.WithLogLevel(8))
	res, err := Run(context.Background(), Config{Target: srv.URL, Users: 4, Duration: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests == 0 || res.Errors != 0 || res.InProcess {
		t.Errorf("%d requests, %d errors (%v), in process %v", res.Requests, res.Errors, res.FirstErrors, res.InProcess)
	}
	if _, err := Run(context.Background(), Config{Target: srv.URL, Chaos: true, Duration: time.Second}); err == nil {
		t.Error("chaos against a target ran, without a sandbox to check")
	}
}

// Three users already follow the three flows; ten follow them by their shares.
func TestUsersGetEveryFlow(t *testing.T) {
	flows := Flows()
	for _, n := range []int{3, 10, 50} {
		got := map[string]int{}
		for _, a := range assign(&run{}, flows, n) {
			got[a.flow.Name]++
			if a.u.Index >= a.u.Of {
				t.Errorf("%d users: user %d is %d of %d in its flow", n, a.u.ID, a.u.Index, a.u.Of)
			}
		}
		for _, f := range flows {
			if want := max(1, n*f.Share/10); got[f.Name] != want {
				t.Errorf("%d users: %d follow %s, want %d", n, got[f.Name], f.Name, want)
			}
		}
	}
}
