package handlers_test

import (
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
)

// queued is one waiting mark of the scripted trainer's queue, kept as the
// sheet's script keeps it: the latest wanted state, the status seen when
// first tapped, the states sent without an answer, and a version.
type queued struct {
	mark    wantMark
	version int
}

// A scripted trainer marks 200 people (created through the API), changing
// their mind on every fifth, while the sandbox fails 30 % of the attendance
// writes, half of those after storing them with the connection dropped.
// The trainer's queue works as the sheet's script does: one entry per row,
// a later tap replaces the waiting one, sent again until confirmed.
// Afterwards Factorial holds exactly the intended marks, and the sandbox's
// log shows no row written with a mark after a later one had been sent.
func TestFaultyWritesLoseNoMarkAndSendNoStaleOne(t *testing.T) {
	srv := startSheetServer(t)
	s, att := sheetSession(t, srv, 200)
	c := srv.SignIn(t, sandbox.PersonaTrainer)
	st := sheetState(t, c, s.ID)
	rnd := rand.New(rand.NewPCG(12, 1))
	statuses := []string{"completed", "missing", "inprogress"}

	// taps[id] is the row's taps in order; the second differs from the first.
	taps := map[factorial.ID][]string{}
	var script []factorial.ID
	for i, a := range att {
		first := statuses[rnd.IntN(3)]
		taps[a.ID] = []string{first}
		script = append(script, a.ID)
		if i%5 == 0 {
			second := statuses[(slices.Index(statuses, first)+1+rnd.IntN(2))%3]
			taps[a.ID] = append(taps[a.ID], second)
			script = append(script, a.ID) // tapped again later
		}
	}
	rnd.Shuffle(len(script), func(i, j int) { script[i], script[j] = script[j], script[i] })

	srv.Sandbox.ResetRequests()
	faults := []sandbox.Fault{
		{Method: "POST", Path: "trainings/session_attendances/bulk_update", ErrorRate: 0.3, Status: 500},
		{Method: "POST", Path: "trainings/session_attendances/bulk_update", ErrorRate: 0.3, Drop: true, Applied: true},
	}
	confirmed := map[factorial.ID]string{}
	for _, a := range att {
		confirmed[a.ID] = "pending"
	}
	queue := map[factorial.ID]*queued{}
	tapped := map[factorial.ID]int{}
	version := 0
	flush := func(round int) {
		srv.Sandbox.SetFaults(faults[round%2])
		if len(queue) == 0 {
			return
		}
		var marks []wantMark
		sentVersion := map[factorial.ID]int{}
		for id, q := range queue {
			q.mark.Sent = appendNew(q.mark.Sent, q.mark.Status)
			marks = append(marks, q.mark)
			sentVersion[id] = q.version
		}
		code, ans, err := postMarks(c, s.ID, st.Owner, st.CSRF, marks)
		if err != nil {
			return // the queue keeps everything
		}
		if code != http.StatusOK && code != http.StatusBadGateway {
			t.Fatalf("marks answered %d", code)
		}
		for _, r := range ans.Results {
			q := queue[r.ID]
			switch r.Outcome {
			case "saved":
				confirmed[r.ID] = r.Row.Status
				if q != nil && q.version == sentVersion[r.ID] {
					delete(queue, r.ID)
				} else if q != nil {
					q.mark.Seen, q.mark.Sent = r.Row.Status, nil
				}
			default:
				t.Fatalf("mark of %d: %s %s (nobody else changes the sheet)", r.ID, r.Outcome, r.Message)
			}
		}
	}
	round := 0
	for i, id := range script {
		status := taps[id][tapped[id]]
		tapped[id]++
		version++
		if q := queue[id]; q != nil {
			q.mark.Status, q.version = status, version
		} else {
			queue[id] = &queued{mark: wantMark{ID: id, Status: status, Seen: confirmed[id]}, version: version}
		}
		if i%10 == 9 { // the trainer taps on while a batch is out
			flush(round)
			round++
		}
	}
	for ; len(queue) > 0 && round < 200; round++ {
		flush(round)
	}
	srv.Sandbox.SetFaults()
	if len(queue) > 0 {
		t.Fatalf("%d marks still waiting after %d rounds", len(queue), round)
	}

	snap := srv.Sandbox.Snapshot()
	for id, ts := range taps {
		if got := snap.Attendance(id).Status; string(got) != ts[len(ts)-1] {
			t.Errorf("row %d is %s in Factorial, last tapped %s (taps %v)", id, got, ts[len(ts)-1], ts)
		}
	}

	// No row was written with a mark after a later one had been sent.
	var failed, dropped int
	sentIdx := map[factorial.ID]int{}
	for _, r := range srv.Sandbox.Requests() {
		if r.Method != http.MethodPost || !strings.HasSuffix(r.Path, "session_attendances/bulk_update") {
			continue
		}
		switch {
		case r.Status == -1:
			dropped++
		case r.Status >= 500:
			failed++
		}
		var body struct {
			IDs    []factorial.ID `json:"ids"`
			Status string         `json:"status"`
		}
		if err := json.Unmarshal([]byte(r.Body), &body); err != nil {
			t.Fatal(err)
		}
		for _, id := range body.IDs {
			idx := slices.Index(taps[id], body.Status)
			if idx < 0 {
				t.Errorf("row %d written %s, never tapped", id, body.Status)
			}
			if idx < sentIdx[id] {
				t.Errorf("row %d written %s after the later mark %s", id, body.Status, taps[id][sentIdx[id]])
			}
			sentIdx[id] = max(sentIdx[id], idx)
		}
	}
	if failed == 0 || dropped == 0 {
		t.Errorf("the faults did not strike: %d failed, %d dropped", failed, dropped)
	}
	t.Logf("%d rounds; the sandbox failed %d writes and dropped %d after storing them", round, failed, dropped)
}

func appendNew[T comparable](xs []T, x T) []T {
	if slices.Contains(xs, x) {
		return xs
	}
	return append(xs, x)
}
