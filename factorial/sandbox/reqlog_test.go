package sandbox

import (
	"bufio"
	"net"
	"net/http/httptest"
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
