package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
)

// sheetNow is the fixed clock of the attendance tests: 10:00 in Madrid.
var sheetNow = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

func startSheetServer(t testing.TB, opts ...apptest.Option) *apptest.Server {
	now := func() time.Time { return sheetNow }
	return apptest.Start(t, append([]apptest.Option{apptest.WithLogLevel(8),
		apptest.WithSandboxOptions(sandbox.WithClock(now)), apptest.WithNow(now)}, opts...)...)
}

// taughtTraining is a training the sandbox's trainer teaches.
func taughtTraining(t testing.TB, st *sandbox.State) factorial.ID {
	for _, id := range []factorial.ID{1, 8, 13, 19} {
		if tr := st.Training(id); tr != nil && tr.Status != nil && *tr.Status == factorial.TrainingActive {
			return id
		}
	}
	t.Fatal("the sandbox's trainer teaches no active training")
	return 0
}

// sheetSession creates, through the API, a session today (11:00–13:00 in
// Madrid, 2 h) of a training the trainer teaches, with n active people
// invited; it returns the session and its attendances.
func sheetSession(t testing.TB, srv *apptest.Server, n int) (*factorial.Session, []factorial.SessionAttendance) {
	t.Helper()
	return sheetSessionAt(t, srv, n, sheetNow.Add(time.Hour))
}

// sheetSessionAt is sheetSession with the session starting at start.
func sheetSessionAt(t testing.TB, srv *apptest.Server, n int, start time.Time) (*factorial.Session, []factorial.SessionAttendance) {
	t.Helper()
	ctx := context.Background()
	cl := apiClient(t, srv.Sandbox)
	st := srv.Sandbox.Snapshot()
	s, err := cl.Sessions.Create(ctx, &factorial.SessionRequest{Name: "Attendance sheet test", TrainingID: taughtTraining(t, st),
		StartsAt: &start, EndsAt: factorial.Time(start.Add(2 * time.Hour)), Duration: &factorial.Duration{Hours: 2},
		Modality: factorial.Ptr(factorial.ModalityInPerson), Schedule: factorial.Ptr(factorial.ScheduleScheduled), Location: factorial.String("Room 4")})
	if err != nil {
		t.Fatal(err)
	}
	var ids []factorial.ID
	for _, e := range st.Employees {
		if e.Active && len(ids) < n {
			ids = append(ids, e.ID)
		}
	}
	if len(ids) < n {
		t.Fatalf("only %d active people in the sandbox", len(ids))
	}
	for i := 0; i < len(ids); i += 100 {
		if _, err := cl.SessionAccess.BulkCreate(ctx, factorial.SessionAccessBulkCreate{SessionID: s.ID, EmployeeIDs: ids[i:min(i+100, len(ids))]}); err != nil {
			t.Fatal(err)
		}
	}
	att, err := cl.Attendances.All(ctx, &factorial.AttendanceListOptions{SessionID: s.ID})
	if err != nil || len(att) != n {
		t.Fatalf("%d attendances, %v", len(att), err)
	}
	return s, att
}

// sheetRowState is a row of the sheet's state answer.
type sheetRowState struct {
	ID     factorial.ID `json:"id"`
	Status string       `json:"status"`
	Hours  *float64     `json:"hours"`
}

type sheetStateAnswer struct {
	Owner, CSRF, Version, Counter string
	Rows                          []sheetRowState
}

type markAnswerJSON struct {
	Results []struct {
		ID      factorial.ID `json:"id"`
		Outcome string       `json:"outcome"`
		Message string       `json:"message"`
		Row     *sheetRowState
	} `json:"results"`
	Counter string `json:"counter"`
}

// sheetState reads the sheet's state endpoint as the page's script does.
func sheetState(t testing.TB, c *apptest.Client, session factorial.ID) sheetStateAnswer {
	t.Helper()
	res := c.Do(http.MethodGet, "/sessions/"+session.String()+"/attendance/state", nil, http.Header{"Accept": {"application/json"}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("state: %d %s", res.StatusCode, apptest.Body(res))
	}
	var st sheetStateAnswer
	if err := json.NewDecoder(res.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	return st
}

type wantMark struct {
	ID     factorial.ID `json:"id"`
	Status string       `json:"status"`
	Hours  *float64     `json:"hours,omitempty"`
	Seen   string       `json:"seen"`
	Sent   []string     `json:"sent,omitempty"`
}

// postMarks sends a batch as the page's queue does; it returns the status
// and the answer (zero when the connection failed: err is set then).
func postMarks(c *apptest.Client, session factorial.ID, owner, csrf string, marks []wantMark) (int, markAnswerJSON, error) {
	res, ans, err := postMarksRes(c, session, owner, csrf, marks)
	if err != nil {
		return 0, ans, err
	}
	return res.StatusCode, ans, nil
}

// postMarksRes is postMarks with the whole answer (its body read).
func postMarksRes(c *apptest.Client, session factorial.ID, owner, csrf string, marks []wantMark) (*http.Response, markAnswerJSON, error) {
	b, _ := json.Marshal(map[string]any{"owner": owner, "marks": marks})
	req, _ := http.NewRequest(http.MethodPost, c.Base+"/sessions/"+session.String()+"/attendance/marks", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-CSRF-Token", csrf)
	res, err := c.Client.Do(req)
	if err != nil {
		return nil, markAnswerJSON{}, err
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	var ans markAnswerJSON
	_ = json.Unmarshal(body, &ans)
	return res, ans, nil
}
