package sandbox

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/aula-hr/aula/factorial"
)

// ErrorBody is the error envelope of the sandbox (factorial-api.md §6).
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is the inside of ErrorBody.
type ErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func errorCode(status int) string {
	switch status {
	case 400:
		return "bad_request"
	case 401:
		return "unauthorized"
	case 403:
		return "forbidden"
	case 404:
		return "not_found"
	case 405:
		return "method_not_allowed"
	case 409:
		return "conflict"
	case 422:
		return "unprocessable_entity"
	case 429:
		return "too_many_requests"
	case 502:
		return "bad_gateway"
	case 503:
		return "service_unavailable"
	case 504:
		return "gateway_timeout"
	}
	if status >= 500 {
		return "internal_server_error"
	}
	return "error"
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, ErrorBody{Error: ErrorDetail{Code: code, Message: msg}})
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func writeJSON(w http.ResponseWriter, status int, v any) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() < 4<<20 {
			bufPool.Put(buf)
		}
	}()
	if err := json.NewEncoder(buf).Encode(v); err != nil {
		http.Error(w, `{"error":{"code":"internal_server_error","message":"encoding failed"}}`, http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// apiErr is an error answered with the error body.
type apiErr struct {
	status int
	msg    string
}

func (e *apiErr) Error() string { return e.msg }

func badRequest(msg string) *apiErr { return &apiErr{http.StatusBadRequest, msg} }
func invalid(msg string) *apiErr    { return &apiErr{http.StatusUnprocessableEntity, msg} }
func notFound(what string) *apiErr  { return &apiErr{http.StatusNotFound, what + " not found"} }
func forbidden() *apiErr {
	return &apiErr{http.StatusForbidden, "you are not allowed to do this"}
}

func fail(w http.ResponseWriter, err error) {
	var e *apiErr
	if errors.As(err, &e) {
		writeError(w, e.status, errorCode(e.status), e.msg)
		return
	}
	writeError(w, http.StatusInternalServerError, "internal_server_error", err.Error())
}

// decodeUpdate is how every PUT starts: HR admins only, a JSON body
// decoded over req, and an id in the body (bodyID, read after decoding), if
// any, equal to the path's. The caller fills req with the record's current
// values first: a field left out of the body keeps its value, one sent as
// null is cleared, one sent with a value changes. It returns the fields
// sent, for what must be sent (a required field) or is derived (a duration
// from new times).
func decodeUpdate(r *http.Request, v *viewer, id int64, req any, bodyID func() *factorial.ID) (sent map[string]bool, err error) {
	if err := requireAdmin(v); err != nil {
		return nil, err
	}
	sent, err = decodeFields(r, req)
	if err != nil {
		return nil, err
	}
	if b := bodyID(); b != nil && int64(*b) != id {
		return nil, invalid("id in the body does not match the path")
	}
	return sent, nil
}

// required refuses an update that leaves out a field the schema requires.
func required(sent map[string]bool, fields ...string) error {
	for _, f := range fields {
		if !sent[f] {
			return invalid(f + " is required")
		}
	}
	return nil
}

func decodeBody(r *http.Request, v any) error {
	_, err := decodeFields(r, v)
	return err
}

// decodeFields decodes a JSON object body into v and returns its keys.
func decodeFields(r *http.Request, v any) (map[string]bool, error) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, badRequest("could not read the body")
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, badRequest("a JSON body is required")
	}
	if err := json.Unmarshal(b, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, invalid("field " + te.Field + " has the wrong type")
		}
		return nil, badRequest("the body is not valid JSON: " + err.Error())
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal(b, &keys) != nil {
		return nil, nil // an array body: no keys
	}
	sent := make(map[string]bool, len(keys))
	for k := range keys {
		sent[k] = true
	}
	return sent, nil
}

// Pagination

type listParams struct {
	limit, page   int
	after, before int64
	cursor        int // 0 offset, 1 after, 2 before
}

// Meta is the meta object of a list envelope.
type Meta struct {
	Limit           int     `json:"limit"`
	Total           int     `json:"total"`
	HasNextPage     bool    `json:"has_next_page"`
	HasPreviousPage bool    `json:"has_previous_page"`
	StartCursor     *string `json:"start_cursor"`
	EndCursor       *string `json:"end_cursor"`
}

// List is the list envelope.
type List[T any] struct {
	Data []T  `json:"data"`
	Meta Meta `json:"meta"`
}

// MaxLimit is the default and maximum page size.
const MaxLimit = 100

// EncodeCursor returns the cursor of an id: base64 of its decimal form.
func EncodeCursor(id int64) string {
	return base64.StdEncoding.EncodeToString([]byte(strconv.FormatInt(id, 10)))
}

func decodeCursor(c string) (int64, bool) {
	b, err := base64.StdEncoding.DecodeString(c)
	if err != nil {
		b, err = base64.RawURLEncoding.DecodeString(strings.TrimRight(c, "="))
		if err != nil {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	return n, err == nil
}

func parseList(q url.Values) (listParams, error) {
	lp := listParams{limit: MaxLimit, page: 1}
	if s := q.Get("limit"); s != "" {
		// An integer too large for int is still "larger": it means 100.
		n, err := strconv.Atoi(s)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return lp, badRequest("limit must be an integer")
		}
		if n > 0 && n < MaxLimit {
			lp.limit = n
		}
	}
	if s := q.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return lp, badRequest("page must be a positive integer")
		}
		// Beyond any data, and small enough that (page-1)*limit cannot overflow.
		lp.page = min(max(n, 1), math.MaxInt32)
	}
	if s := q.Get("after_id"); s != "" {
		n, ok := decodeCursor(s)
		if !ok {
			return lp, badRequest("after_id is not a valid cursor")
		}
		lp.after, lp.cursor = n, 1
	}
	if s := q.Get("before_id"); s != "" {
		n, ok := decodeCursor(s)
		if !ok {
			return lp, badRequest("before_id is not a valid cursor")
		}
		if lp.cursor == 1 {
			return lp, badRequest("after_id and before_id cannot be combined")
		}
		lp.before, lp.cursor = n, 2
	}
	return lp, nil
}

// selectPage walks candidate ids (ascending) keeping those that match, and
// returns the page of lp with its meta. match nil keeps every candidate.
func selectPage(ids []int64, match func(int64) bool, lp listParams) ([]int64, Meta) {
	m := Meta{Limit: lp.limit}
	var page []int64
	if match == nil {
		m.Total = len(ids)
		var lo, hi int
		switch lp.cursor {
		case 0:
			lo = min((lp.page-1)*lp.limit, len(ids))
			hi = min(lo+lp.limit, len(ids))
		case 1:
			lo, _ = slices.BinarySearch(ids, lp.after+1)
			hi = min(lo+lp.limit, len(ids))
		case 2:
			hi, _ = slices.BinarySearch(ids, lp.before)
			lo = max(0, hi-lp.limit)
		}
		page = ids[lo:hi]
		m.HasPreviousPage = lo > 0
		m.HasNextPage = hi < len(ids)
	} else {
		switch lp.cursor {
		case 0:
			start := (lp.page - 1) * lp.limit
			for _, id := range ids {
				if !match(id) {
					continue
				}
				if m.Total >= start && m.Total < start+lp.limit {
					page = append(page, id)
				}
				m.Total++
			}
			m.HasPreviousPage = start > 0 && m.Total > 0
			m.HasNextPage = start+len(page) < m.Total && len(page) > 0 || (len(page) == 0 && start < m.Total)
		case 1:
			for _, id := range ids {
				if !match(id) {
					continue
				}
				m.Total++
				switch {
				case id <= lp.after:
					m.HasPreviousPage = true
				case len(page) < lp.limit:
					page = append(page, id)
				default:
					m.HasNextPage = true
				}
			}
		case 2:
			var all []int64
			for _, id := range ids {
				if !match(id) {
					continue
				}
				m.Total++
				if id < lp.before {
					all = append(all, id)
				} else {
					m.HasNextPage = true
				}
			}
			lo := max(0, len(all)-lp.limit)
			page = all[lo:]
			m.HasPreviousPage = lo > 0
		}
	}
	if len(page) > 0 {
		sc, ec := EncodeCursor(page[0]), EncodeCursor(page[len(page)-1])
		m.StartCursor, m.EndCursor = &sc, &ec
	}
	return page, m
}

// Query helpers

func arrayValues(q url.Values, name string) []string {
	var out []string
	for _, k := range []string{name + "[]", name} {
		for _, v := range q[k] {
			for _, p := range strings.Split(v, ",") {
				if p = strings.TrimSpace(p); p != "" {
					out = append(out, p)
				}
			}
		}
	}
	return out
}

func idsParam(q url.Values, name string) (map[int64]bool, error) {
	vals := arrayValues(q, name)
	if len(vals) == 0 {
		return nil, nil
	}
	out := make(map[int64]bool, len(vals))
	for _, v := range vals {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, badRequest(name + " must hold integer ids")
		}
		out[n] = true
	}
	return out, nil
}

func idParam(q url.Values, name string) (int64, bool, error) {
	s := q.Get(name)
	if s == "" {
		return 0, false, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, false, badRequest(name + " must be an integer id")
	}
	return n, true, nil
}

func boolParam(q url.Values, name string) (*bool, error) {
	s := q.Get(name)
	if s == "" {
		return nil, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return nil, badRequest(name + " must be true or false")
	}
	return &b, nil
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// pathID parses the id segment of a path.
func pathID(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, notFound("record")
	}
	return n, nil
}

func idsOf(ids []factorial.ID) []int64 {
	out := make([]int64, len(ids))
	for i, id := range ids {
		out[i] = int64(id)
	}
	return out
}
