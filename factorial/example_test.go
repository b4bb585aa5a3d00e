package factorial_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/aula-hr/aula/factorial"
)

// fakeFactorial answers the three lists of the example, under /factorial.
func fakeFactorial() *httptest.Server {
	meta := `"meta":{"limit":100,"total":%d,"has_next_page":false,"has_previous_page":false,"start_cursor":"","end_cursor":""}`
	replies := map[string]string{
		"/trainings/trainings": `{"data":[{"id":7,"name":"Fire safety","status":"active"},{"id":8,"name":"First aid","status":"draft"}],` + fmt.Sprintf(meta, 2) + `}`,
		"/trainings/sessions": `{"data":[{"id":31,"training_id":7,"name":"Drill","starts_at":"2026-03-02T09:00:00Z","duration":{"hours":1,"minutes":30}},` +
			`{"id":32,"training_id":8,"name":"E-learning","due_date":"2026-04-30","duration":"2.5"}],` + fmt.Sprintf(meta, 2) + `}`,
		"/trainings/session_attendances": `{"data":[{"id":41,"status":"completed","session_access_membership_id":51,"access_id":101,"employee_id":201,"completed_duration":1.5},` +
			`{"id":42,"status":"pending","session_access_membership_id":52,"access_id":102,"employee_id":202}],` + fmt.Sprintf(meta, 2) + `}`,
	}
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, resource, _ := strings.Cut(r.URL.Path, "/resources")
		if r.Header.Get("x-api-key") != "demo-key" || replies[resource] == "" {
			http.Error(w, `{"error":{"code":"not_found","message":"no such thing"}}`, http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, replies[resource])
	}))
}

// The reference document's use case: list trainings, all sessions, and the
// attendance of one session.
func Example() {
	srv := fakeFactorial() // in real use: factorial.ProductionURL or factorial.DemoURL
	defer srv.Close()

	ctx := context.Background()
	c, err := factorial.NewClient(
		factorial.WithBaseURL(srv.URL+"/factorial"),
		factorial.WithAPIKey("demo-key"),
	)
	if err != nil {
		log.Fatal(err)
	}

	trainings, err := c.Trainings.List(ctx, &factorial.TrainingListOptions{ListOptions: factorial.ListOptions{Limit: 20}})
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range trainings.Data {
		fmt.Println(t.Name, t.Status.Label())
	}

	sessions, err := c.Sessions.All(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range sessions {
		fmt.Println(s.TrainingID, s.Name, s.Duration)
	}

	attendance, err := c.Attendances.List(ctx, &factorial.AttendanceListOptions{SessionID: sessions[0].ID})
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range attendance.Data {
		fmt.Println(*a.EmployeeID, a.Status.Label())
	}
	// Output:
	// Fire safety Active
	// First aid Draft
	// 7 Drill 1 h 30 min
	// 8 E-learning 2 h 30 min
	// 201 Attended
	// 202 Not marked
}

// Errors match sentinels with errors.Is.
func ExampleError() {
	srv := fakeFactorial()
	defer srv.Close()
	c, _ := factorial.NewClient(factorial.WithBaseURL(srv.URL+"/factorial"), factorial.WithAPIKey("demo-key"))

	_, err := c.Trainings.Get(context.Background(), 99)
	var e *factorial.Error
	if errors.As(err, &e) {
		fmt.Println(errors.Is(err, factorial.ErrNotFound), e.StatusCode, e.Message)
	}
	// Output: true 404 no such thing
}
