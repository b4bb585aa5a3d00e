package sandbox

import (
	"bufio"
	"net"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// seeingWriter is a ResponseWriter that, the moment the status goes out,
// looks whether the sandbox has already logged the request.
type seeingWriter struct {
	*httptest.ResponseRecorder
	sb     *Sandbox
	logged []RequestRecord
}

func (w *seeingWriter) WriteHeader(code int) {
	if w.logged == nil {
		w.logged = w.sb.Requests()
	}
	w.ResponseRecorder.WriteHeader(code)
}

func (w *seeingWriter) Write(b []byte) (int, error) {
	if w.logged == nil {
		w.logged = w.sb.Requests()
	}
	return w.ResponseRecorder.Write(b)
}

// seeingConn is a hijacked connection that, when the sandbox closes it,
// looks whether the request has been logged.
type seeingConn struct {
	net.Conn
	sb     *Sandbox
	logged *[]RequestRecord
}

func (c seeingConn) Close() error {
	*c.logged = c.sb.Requests()
	return c.Conn.Close()
}

type hijackWriter struct {
	*httptest.ResponseRecorder
	conn seeingConn
}

func (w *hijackWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return w.conn, bufio.NewReadWriter(bufio.NewReader(w.conn), bufio.NewWriter(w.conn)), nil
}

// TestRequestLoggedBeforeTheAnswer pins the cause of a -race flake of
// TestFaultDrop: the request log was appended after the answer had gone out
// (or the connection had been closed), so a client could see the answer and
// not find its request in Requests().
func TestRequestLoggedBeforeTheAnswer(t *testing.T) {
	sb := New(WithClock(func() time.Time { return testNow }))
	for _, path := range []string{apiBase + "trainings/categories", "/oauth/sandbox.css", apiBase + "nope/nope"} {
		sb.ResetRequests()
		w := &seeingWriter{ResponseRecorder: httptest.NewRecorder(), sb: sb}
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("x-api-key", sb.APIKey())
		sb.ServeHTTP(w, req)
		if len(w.logged) != 1 || w.logged[0].Path != path || w.logged[0].Status != w.Code {
			t.Errorf("GET %s: at the time of the answer %d the log held %+v", path, w.Code, w.logged)
		}
	}

	sb.ResetRequests()
	sb.SetFaults(Fault{Path: "trainings/trainings", Drop: true})
	server, client := net.Pipe()
	defer client.Close()
	var logged []RequestRecord
	w := &hijackWriter{ResponseRecorder: httptest.NewRecorder(), conn: seeingConn{Conn: server, sb: sb, logged: &logged}}
	req := httptest.NewRequest("GET", apiBase+"trainings/trainings", nil)
	req.Header.Set("x-api-key", sb.APIKey())
	sb.ServeHTTP(w, req)
	if len(logged) != 1 || logged[0].Status != -1 {
		t.Fatalf("when the dropped connection closed the log held %+v", logged)
	}
	if recs := sb.Requests(); len(recs) != 1 {
		t.Fatalf("a dropped request is logged once, got %+v", recs)
	}
}

// The request log bounds the bodies it keeps in total, not only per entry:
// unauthenticated POSTs of 64 KiB each (logged before any credential check)
// used to pile up to 10,000 × 64 KiB, over 600 MiB, in a public demo.
func TestRequestLogBoundsBodyBytes(t *testing.T) {
	sb := New(WithClock(func() time.Time { return testNow }))
	body := strings.Repeat("x", maxLogBody)
	for i := range 600 { // 600 × 64 KiB = 37.5 MiB
		req := httptest.NewRequest("POST", "/api/2026-04-01/resources/trainings/categories?n="+strconv.Itoa(i), strings.NewReader(body))
		sb.ServeHTTP(httptest.NewRecorder(), req)
	}
	recs := sb.Requests()
	total := 0
	for _, r := range recs {
		total += len(r.Body)
	}
	if total > maxLogBytes {
		t.Errorf("the log keeps %d bytes of bodies in %d entries, want at most %d", total, len(recs), maxLogBytes)
	}
	if len(recs) == 0 || recs[len(recs)-1].Query != "n=599" || recs[len(recs)-1].Status != 401 {
		t.Errorf("the latest request is not the last entry: %+v", recs[len(recs)-1:])
	}
}
