package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/paths"
)

var madrid = mustZone("Europe/Madrid")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// schedulingGroup is a group of an active training the sandbox's trainer teaches.
func schedulingGroup(t testing.TB, st *sandbox.State) (factorial.Training, factorial.TrainingClass) {
	t.Helper()
	id := taughtTraining(t, st)
	for _, c := range st.Classes {
		if c.TrainingID == id {
			return *st.Training(id), c
		}
	}
	t.Fatal("the trainer's training has no group")
	return factorial.Training{}, factorial.TrainingClass{}
}

// seriesForm is a weekly series of the group: Mondays 09:00–11:00 from
// first to until, in "Aula room".
func seriesForm(name, first, until string) url.Values {
	return url.Values{"name": {name}, "schedule": {"scheduled"}, "modality": {"inperson"}, "location": {"Aula room"},
		"date": {first}, "start": {"09:00"}, "end": {"11:00"}, "repeat": {"on"}, "weekday": {"1"}, "until": {until},
		"send_calendar_invites": {"on"}}
}

// sessionsNamed are the sandbox's sessions with the name, in the order
// they start.
func sessionsNamed(st *sandbox.State, name string) []factorial.Session {
	var out []factorial.Session
	for _, s := range st.Sessions {
		if s.Name == name {
			out = append(out, s)
		}
	}
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j].StartsAt.Before(*out[i].StartsAt) {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// craftSession creates a session through the API, 2 h from start in
// location, in the group, with people invited.
func craftSession(t testing.TB, s *apptest.Server, tr factorial.ID, cid factorial.ClassID, name, location string, start time.Time, people ...factorial.ID) factorial.Session {
	t.Helper()
	ctx := context.Background()
	cl := apiClient(t, s.Sandbox)
	x, err := cl.Sessions.Create(ctx, &factorial.SessionRequest{Name: name, TrainingID: tr, TrainingClassID: &cid,
		StartsAt: &start, EndsAt: factorial.Time(start.Add(2 * time.Hour)), Location: factorial.String(location),
		Modality: factorial.Ptr(factorial.ModalityInPerson), Schedule: factorial.Ptr(factorial.ScheduleScheduled)})
	if err != nil {
		t.Fatal(err)
	}
	if len(people) > 0 {
		if _, err := cl.SessionAccess.BulkCreate(ctx, factorial.SessionAccessBulkCreate{SessionID: x.ID, EmployeeIDs: people}); err != nil {
			t.Fatal(err)
		}
	}
	return *x
}

// sessionCreates counts the session creates the sandbox was sent.
func sessionCreates(s *apptest.Server) int {
	n := 0
	for _, r := range s.Sandbox.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/trainings/sessions") {
			n++
		}
	}
	return n
}

// faultFromCreate is a wrap in front of the sandbox that injects fault
// into the nth session create (1-based) and only that one.
func faultFromCreate(sb *sandbox.Sandbox, n int32, fault sandbox.Fault) apptest.Option {
	var seen atomic.Int32
	return apptest.WithSandboxWrap(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/trainings/sessions") {
				if seen.Add(1) == n {
					f := fault
					f.Method, f.Path = "POST", "trainings/sessions"
					sb.SetFaults(f)
					defer sb.SetFaults()
				}
			}
			next.ServeHTTP(w, r)
		})
	})
}

func newSessionPath(tr factorial.Training, c factorial.TrainingClass) string {
	return paths.NewSession(tr.ID, c.ID)
}

func sorted(xs []string) []string {
	out := append([]string(nil), xs...)
	slices.Sort(out)
	return out
}

// findMemberOf is an active person enrolled in the training.
func findMemberOf(t testing.TB, st *sandbox.State, tr factorial.ID) factorial.Employee {
	t.Helper()
	for _, m := range membersOf(st, tr) {
		for _, e := range st.Employees {
			if e.ID == m.EmployeeID && e.Active && e.FullName != "" {
				return e
			}
		}
	}
	t.Fatal("nobody active is enrolled")
	return factorial.Employee{}
}

// otherTraining is a training other than tr with a group.
func otherTraining(t testing.TB, st *sandbox.State, tr factorial.ID) factorial.ID {
	t.Helper()
	for _, c := range st.Classes {
		if c.TrainingID != tr {
			return c.TrainingID
		}
	}
	t.Fatal("no other training with a group")
	return 0
}

func groupOfTraining(t testing.TB, st *sandbox.State, tr factorial.ID) factorial.ClassID {
	t.Helper()
	for _, c := range st.Classes {
		if c.TrainingID == tr {
			return c.ID
		}
	}
	t.Fatal("no group")
	return ""
}

// outsiderBut is an active person not enrolled in tr, other than the ones
// named.
func outsiderBut(t testing.TB, st *sandbox.State, tr factorial.ID, not ...factorial.ID) factorial.Employee {
	t.Helper()
	skip := map[factorial.ID]bool{}
	for _, m := range membersOf(st, tr) {
		skip[m.EmployeeID] = true
	}
	for _, id := range not {
		skip[id] = true
	}
	for _, e := range st.Employees {
		if e.Active && !skip[e.ID] && e.FullName != "" {
			return e
		}
	}
	t.Fatal("no outsider left")
	return factorial.Employee{}
}

// countBulk counts the requests to path (a suffix) whose body holds want.
func countBulk(s *apptest.Server, path, want string) int {
	n := 0
	for _, r := range s.Sandbox.Requests() {
		if strings.HasSuffix(r.Path, path) && strings.Contains(r.Body, want) {
			n++
		}
	}
	return n
}
