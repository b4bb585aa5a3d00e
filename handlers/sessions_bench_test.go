package handlers_test

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/paths"
)

// BenchmarkSessionPage loads the page of a 300-person session with 50 ms
// injected into every Factorial call. "linked" is the address the
// training's sessions tab links to (paths.SessionPageIn, naming the
// training and group): the session, its invitations (three pages asked at
// once; they carry the names), its attendances (three pages at once), and
// the training and group, all in one round trip; the budget is 1 round
// trip + 20 ms at p50. "bare" is /sessions/:id alone: the training and
// group are named only by the session, so they cost a second round.
// It reports the calls and rounds of the last load and the p50 of Aula's
// own time apart from the wait (Server-Timing).
//
//	go test ./handlers -run '^$' -bench 'SessionPage' -benchtime 40x
func BenchmarkSessionPage(b *testing.B) {
	srv := startSheetServer(b, apptest.WithSandboxOptions(sandbox.WithProfile(sandbox.ProfileLarge))) // 2,500 people
	s, _ := sheetSession(b, srv, 300)
	// In a group, as sessions scheduled in Aula are: the page reads it too.
	_, group := schedulingGroup(b, srv.Sandbox.Snapshot())
	s.TrainingClassID = &group.ID
	if _, err := apiClient(b, srv.Sandbox).Sessions.Update(context.Background(), s.ID, &factorial.SessionRequest{Name: s.Name, TrainingID: s.TrainingID,
		TrainingClassID: s.TrainingClassID, StartsAt: s.StartsAt, EndsAt: s.EndsAt, Duration: s.Duration, Modality: s.Modality, Schedule: s.Schedule, Location: s.Location}); err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct{ name, path string }{
		{"linked", paths.SessionPageIn(s.ID, s.TrainingID, s.TrainingClassID)},
		{"bare", paths.SessionPage(s.ID)},
	} {
		for _, persona := range []string{sandbox.PersonaHRAdmin, sandbox.PersonaTrainer} {
			b.Run(tc.name+"/"+persona, func(b *testing.B) {
				c := srv.SignIn(b, persona)
				srv.Sandbox.SetFaults(sandbox.Fault{Path: "*", Latency: 50 * time.Millisecond})
				defer srv.Sandbox.SetFaults()
				measure(b, func() *http.Response {
					res, err := c.Client.Get(srv.URL + tc.path)
					if err != nil {
						b.Fatal(err)
					}
					_, _ = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode != http.StatusOK {
						b.Fatalf("status %d", res.StatusCode)
					}
					return res
				})
			})
		}
	}
}
