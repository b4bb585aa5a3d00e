package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/paths"
	mw "github.com/aula-hr/aula/middleware"
)

// The directory a team overview needs (Factorial lists no one's reports)
// is read once per user for a short while (usercache's tests: its time):
// a second overview reads no employees, another user reads their own, and
// the user's writes, which cannot change it, keep it.
func TestDirectoryIsKeptPerUser(t *testing.T) {
	srv := apptest.Start(t, apptest.WithLogLevel(8))
	hr := srv.SignIn(t, sandbox.PersonaHRAdmin)
	mgr := srv.SignIn(t, sandbox.PersonaManager)
	employeesRead := func(c *apptest.Client, path string) int {
		t.Helper()
		apiCalls(srv) // forget what came before
		res := c.Get(path)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", path, res.StatusCode)
		}
		return countCalls(apiCalls(srv), "GET employees/employees")
	}
	if n := employeesRead(hr, paths.Team); n == 0 {
		t.Fatal("the first overview read no directory")
	}
	if n := employeesRead(hr, paths.Team); n != 0 {
		t.Errorf("the second overview read the directory again (%d calls)", n)
	}
	if n := employeesRead(hr, paths.TeamOverdue); n != 0 {
		t.Errorf("the overdue list read the directory again (%d calls)", n)
	}
	if n := employeesRead(mgr, paths.Team); n == 0 {
		t.Error("the manager's overview read no directory: it came from HR's entry")
	}
	res := hr.Post(paths.Categories, url.Values{"name": {"Directory test"}})
	res.Body.Close()
	var made factorial.ID
	for _, c := range srv.Sandbox.Snapshot().Categories {
		if c.Name == "Directory test" {
			made = c.ID
		}
	}
	if res.StatusCode != http.StatusSeeOther || made == 0 {
		t.Fatalf("new category: status %d, id %s", res.StatusCode, made)
	}
	res = hr.Post(paths.CategoryDelete(made), url.Values{"confirmed": {"yes"}})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete category: status %d", res.StatusCode)
	}
	if n := employeesRead(hr, paths.Team); n != 0 {
		t.Errorf("HR's writes dropped the kept directory (%d calls)", n)
	}
}

// The trainings a trainer teaches (every enrolment Factorial shows them) are
// read once for a while: the sheet opened again, after a mark too, reads
// none of them; another trainer's sign-in reads its own.
func TestTrainersTrainingsAreKeptPerUser(t *testing.T) {
	srv := startSheetServer(t)
	sess, att := sheetSessionAt(t, srv, 3, time.Now().UTC().Truncate(24*time.Hour).Add(10*time.Hour))
	everyEnrolment := func(c *apptest.Client) int {
		t.Helper()
		apiCalls(srv)
		res := c.Get(paths.Sheet(sess.ID))
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("sheet: status %d", res.StatusCode)
		}
		n := 0
		for _, call := range apiCalls(srv) {
			if strings.HasPrefix(call, "GET trainings/training_memberships?") && !strings.Contains(call, "training_id=") && !strings.Contains(call, "employee_id=") {
				n++
			}
		}
		return n
	}
	first := srv.SignIn(t, sandbox.PersonaTrainer)
	if everyEnrolment(first) == 0 {
		t.Fatal("the first sheet read no enrolments: how did it know what the trainer teaches?")
	}
	if n := everyEnrolment(first); n != 0 {
		t.Errorf("the sheet opened again read every enrolment again (%d calls)", n)
	}
	res := first.Post(paths.Sheet(sess.ID)+"/marks", url.Values{"id": {att[0].ID.String()}, "seen": {"pending"}, "status": {"missing"}})
	res.Body.Close()
	marked := false
	for _, a := range srv.Sandbox.Snapshot().SessionAttendances {
		marked = marked || a.ID == att[0].ID && a.Status == factorial.AttendanceMissing
	}
	if res.StatusCode >= 400 || !marked {
		t.Fatalf("the mark: status %d, in Factorial %v", res.StatusCode, marked)
	}
	if n := everyEnrolment(first); n != 0 {
		t.Errorf("after a mark the sheet read every enrolment again (%d calls)", n)
	}
	if everyEnrolment(srv.SignIn(t, sandbox.PersonaTrainer)) == 0 {
		t.Error("a new sign-in used another sign-in's kept trainings")
	}
}

// On a session's page a trainer has the sheet of a training they teach, not
// of one they are only enrolled in (Factorial shows them their own
// enrolment there: teaches counts more than their own).
func TestSessionPageKnowsWhatATrainerTeaches(t *testing.T) {
	srv := startSheetServer(t)
	st := srv.Sandbox.Snapshot()
	trainer := st.Personas[sandbox.PersonaTrainer]
	taught := map[factorial.ID]bool{}
	for tid, ids := range st.Teachers {
		if slices.Contains(ids, trainer) {
			taught[tid] = true
		}
	}
	var enrolledOnly factorial.ID
	for _, m := range st.TrainingMemberships {
		if tr := st.Training(m.TrainingID); m.EmployeeID == trainer && !taught[m.TrainingID] && tr != nil && tr.Status != nil && *tr.Status == factorial.TrainingActive {
			enrolledOnly = m.TrainingID
			break
		}
	}
	if enrolledOnly == 0 {
		t.Fatal("the sandbox's trainer is enrolled in no training they do not teach")
	}
	c := srv.SignIn(t, sandbox.PersonaTrainer)
	for _, tc := range []struct {
		training factorial.ID
		sheet    bool
	}{{taughtTraining(t, st), true}, {enrolledOnly, false}} {
		s, err := apiClient(t, srv.Sandbox).Sessions.Create(context.Background(), &factorial.SessionRequest{Name: "Teaches test", TrainingID: tc.training})
		if err != nil {
			t.Fatal(err)
		}
		doc := apptest.Parse(t, c.Get(paths.SessionPage(s.ID)))
		if got := apptest.TestID(doc, "open-sheet").Length() == 1; got != tc.sheet {
			t.Errorf("training %s: the sheet offered %v, want %v", tc.training, got, tc.sheet)
		}
	}
}

// A person's first read of the directory asks for every page it had at
// once: the second sign-in's first overview is a round trip shorter than
// the first's (page 1, then the rest).
func TestDirectoryPagesAreAskedForAtOnce(t *testing.T) {
	srv := apptest.Start(t, apptest.WithLogLevel(8))
	rounds := func() int {
		t.Helper()
		c := srv.SignIn(t, sandbox.PersonaHRAdmin)
		apiCalls(srv)
		srv.Sandbox.SetFaults(sandbox.Fault{Path: "*", Latency: 30 * time.Millisecond}) // rounds are round trips
		res := c.Get(paths.Team)
		res.Body.Close()
		srv.Sandbox.SetFaults()
		_, _, _, r, _ := mw.ParseServerTiming(res.Header.Get(mw.ServerTimingHeader))
		if n := countCalls(apiCalls(srv), "GET employees/employees"); res.StatusCode != http.StatusOK || n < 3 {
			t.Fatalf("status %d, %d directory pages: want the demo's 250 people in 3", res.StatusCode, n)
		}
		return r
	}
	first, second := rounds(), rounds()
	if second != first-1 {
		t.Errorf("the first overview took %d round trips, the next sign-in's first %d: want one fewer", first, second)
	}
}
