package sandbox

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial"
)

// referenceFields reads the model signatures of the reference document
// (a copy in testdata; cross-checked against ../../../shared/reference when present).
func referenceFields(t *testing.T) map[string][]string {
	t.Helper()
	b, err := os.ReadFile("testdata/reference-models.txt")
	if err != nil {
		t.Fatal(err)
	}
	if shared, err := os.ReadFile("../../../shared/reference/factorialhr-trainings.txt"); err == nil {
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			if !bytes.Contains(shared, []byte(line)) {
				t.Fatalf("testdata/reference-models.txt is out of date with the shared reference: %.80s", line)
			}
		}
	}
	out := map[string][]string{}
	for model, fields := range parseModels(t, b) {
		for _, f := range fields {
			out[model] = append(out[model], f.name)
		}
	}
	if len(out) != 7 || len(out["Training"]) != 35 {
		t.Fatalf("parsed %d models, Training has %d fields", len(out), len(out["Training"]))
	}
	return out
}

var (
	dateRe    = regexp.MustCompile(`^"\d{4}-\d{2}-\d{2}"$`)
	decimalRe = regexp.MustCompile(`^"-?\d+\.\d{2}"$`)
)

type shapeChecker struct {
	t      *testing.T
	where  string
	fields map[string]json.RawMessage
}

func (c *shapeChecker) fail(key, why string) {
	c.t.Helper()
	c.t.Errorf("%s: %s = %s: %s", c.where, key, c.fields[key], why)
}

func (c *shapeChecker) number(key string, nullable bool) {
	c.t.Helper()
	v := c.fields[key]
	if string(v) == "null" {
		if !nullable {
			c.fail(key, "null")
		}
		return
	}
	if len(v) == 0 || !(v[0] == '-' || (v[0] >= '0' && v[0] <= '9')) {
		c.fail(key, "not a JSON number")
	}
}

func (c *shapeChecker) str(key string, nullable bool, re *regexp.Regexp) {
	c.t.Helper()
	v := c.fields[key]
	if string(v) == "null" {
		if !nullable {
			c.fail(key, "null")
		}
		return
	}
	if len(v) == 0 || v[0] != '"' || (re != nil && !re.Match(v)) {
		c.fail(key, "wrong string form")
	}
}

func (c *shapeChecker) datetime(key string) {
	c.t.Helper()
	v := c.fields[key]
	if string(v) == "null" {
		return
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		c.fail(key, "not a string")
		return
	}
	if _, err := time.Parse(time.RFC3339, s); err != nil {
		c.fail(key, "not RFC 3339")
	}
}

func (c *shapeChecker) money(key string) {
	c.t.Helper()
	v := c.fields[key]
	if string(v) == "null" {
		return
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(v, &m); err != nil || len(m) != 2 {
		c.fail(key, "not an object {amount, currency}")
		return
	}
	if !decimalRe.Match(m["amount"]) || string(m["currency"]) != `"EUR"` {
		c.fail(key, "amount must be a decimal string, currency EUR")
	}
}

func (c *shapeChecker) ids(key string) {
	c.t.Helper()
	v := c.fields[key]
	if string(v) == "null" {
		return
	}
	var arr []json.RawMessage
	if err := json.Unmarshal(v, &arr); err != nil {
		c.fail(key, "not an array")
		return
	}
	for _, x := range arr {
		if len(x) == 0 || x[0] < '0' || x[0] > '9' {
			c.fail(key, "holds a non-number")
		}
	}
}

// check decodes raw strictly into a new T and checks the raw shape.
func check[T any](t *testing.T, where, model string, raw json.RawMessage, ref map[string][]string) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var v T
	if err := dec.Decode(&v); err != nil {
		t.Errorf("%s: strict decode into %T: %v", where, v, err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		t.Fatalf("%s: not an object: %v", where, err)
	}
	for _, f := range ref[model] {
		if _, ok := fields[f]; !ok {
			t.Errorf("%s: field %s of the reference model %s is missing", where, f, model)
		}
	}
	c := &shapeChecker{t: t, where: where, fields: fields}
	for key := range fields {
		switch {
		case key == "id" && (model == "TrainingClass" || model == "Credential"), key == "training_class_id":
			c.str(key, key == "training_class_id", nil)
		case key == "id" || strings.HasSuffix(key, "_id"):
			c.number(key, key == "employee_id" && model != "TrainingMembership" || key == "manager_id" || key == "parent_id" || key == "session_feedback_id")
		case strings.HasSuffix(key, "_ids"):
			c.ids(key)
		case strings.HasSuffix(key, "_decimal") || strings.HasPrefix(key, "total_training_"):
			c.money(key)
		case key == "created_at" || key == "updated_at" || key == "starts_at" || key == "ends_at":
			c.datetime(key)
		case key == "start_date" || key == "end_date" || key == "due_date" || key == "training_due_date" || key == "training_completed_at":
			c.str(key, true, dateRe)
		case model == "TrainingClass" && (key == "cost" || key == "indirect_cost" || key == "salary_cost" || key == "subsidized_cost" || key == "gross_cost" || key == "net_cost"):
			c.str(key, true, decimalRe)
		case model == "Training" && (key == "cost" || key == "subsidized_cost" || key == "total_cost" || key == "total_duration"),
			key == "completed_duration", key == "total_participants", key == "year":
			c.number(key, key != "total_duration" && key != "total_participants" && key != "year")
		case key == "duration":
			if string(fields[key]) != "null" {
				var d map[string]json.RawMessage
				if err := json.Unmarshal(fields[key], &d); err != nil || len(d) != 2 || d["hours"] == nil || d["minutes"] == nil {
					c.fail(key, `not {"hours","minutes"}`)
				}
			}
		}
	}
}

func TestPayloadsDecodeStrictlyAndMatchTheReference(t *testing.T) {
	h := newHarness(t)
	ref := referenceFields(t)
	st := h.sb.Snapshot()
	// per caller, a session whose people it may see, with a completed attendance when possible
	sidFor := func(who string) factorial.ID {
		accSession := map[factorial.ID]factorial.ID{}
		for _, acc := range st.SessionAccessMemberships {
			accSession[acc.ID] = acc.SessionID
		}
		var best factorial.ID
		for _, a := range st.SessionAttendances {
			x := st.Session(accSession[a.SessionAccessMembershipID])
			ok := who == "key" || who == PersonaEmployee && *a.EmployeeID == st.Personas[PersonaEmployee]
			if who == PersonaTrainer {
				for _, e := range st.Teachers[x.TrainingID] {
					ok = ok || e == st.Personas[PersonaTrainer]
				}
			}
			if ok && (best == 0 || a.Status == factorial.AttendanceCompleted) {
				best = x.ID
				if a.Status == factorial.AttendanceCompleted {
					break
				}
			}
		}
		return best
	}
	type endpoint struct {
		path, model string
		check       func(t *testing.T, where, model string, raw json.RawMessage, ref map[string][]string)
	}
	eps := func(sid factorial.ID) []endpoint {
		return []endpoint{
			{"trainings/trainings?return_expired_memberships=true", "Training", check[factorial.Training]},
			{"trainings/categories", "TrainingCategory", check[factorial.TrainingCategory]},
			{"trainings/training_classes", "TrainingClass", check[factorial.TrainingClass]},
			{"trainings/sessions", "Session", check[factorial.Session]},
			{"trainings/session_access_memberships?session_id=" + sid.String(), "SessionAccessMembership", check[factorial.SessionAccessMembership]},
			{"trainings/session_attendances?session_id=" + sid.String(), "SessionAttendance", check[factorial.SessionAttendance]},
			{"trainings/training_memberships", "TrainingMembership", check[factorial.TrainingMembership]},
			{"employees/employees", "Employee", check[factorial.Employee]},
			{"api_public/credentials", "Credential", check[factorial.Credential]},
		}
	}
	for _, who := range []string{"key", PersonaTrainer, PersonaEmployee} {
		for _, ep := range eps(sidFor(who)) {
			st, b, hdr := h.do(who, "GET", ep.path, nil)
			if st != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") {
				t.Fatalf("%s as %s: %d %s", ep.path, who, st, hdr.Get("Content-Type"))
			}
			// the envelope itself, strictly
			var env struct {
				Data []json.RawMessage `json:"data"`
				Meta Meta              `json:"meta"`
			}
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&env); err != nil {
				t.Fatalf("%s: envelope: %v", ep.path, err)
			}
			var meta map[string]json.RawMessage
			var top map[string]json.RawMessage
			_ = json.Unmarshal(b, &top)
			_ = json.Unmarshal(top["meta"], &meta)
			for _, k := range []string{"limit", "total", "has_next_page", "has_previous_page", "start_cursor", "end_cursor"} {
				if _, ok := meta[k]; !ok {
					t.Fatalf("%s: meta lacks %s", ep.path, k)
				}
			}
			if len(env.Data) == 0 {
				t.Fatalf("%s as %s: no data to check", ep.path, who)
			}
			for i, raw := range env.Data {
				ep.check(t, who+" "+ep.path+"["+itoa(i)+"]", ep.model, raw, ref)
			}
			// a single read is the bare object
			if ep.model == "Credential" {
				continue
			}
			var first struct {
				ID json.RawMessage `json:"id"`
			}
			_ = json.Unmarshal(env.Data[0], &first)
			base := ep.path
			if i := strings.IndexByte(base, '?'); i >= 0 {
				base = base[:i]
			}
			st, one, _ := h.do(who, "GET", base+"/"+trimQuotes(string(first.ID)), nil)
			if st != 200 {
				t.Fatalf("%s/%s as %s: %d", base, first.ID, who, st)
			}
			ep.check(t, who+" "+base+"/{id}", ep.model, one, ref)
		}
	}
	// completed_duration appeared somewhere as a number
	_, b, _ := h.do("key", "GET", "trainings/session_attendances?session_id="+sidFor("key").String(), nil)
	if !bytes.Contains(b, []byte(`"completed_duration":`)) {
		t.Fatal("no completed_duration emitted")
	}
	// the struct models hold every reference field (so the client can decode them all)
	models := map[string]reflect.Type{
		"Training": reflect.TypeOf(factorial.Training{}), "TrainingCategory": reflect.TypeOf(factorial.TrainingCategory{}),
		"TrainingClass": reflect.TypeOf(factorial.TrainingClass{}), "Session": reflect.TypeOf(factorial.Session{}),
		"SessionAccessMembership": reflect.TypeOf(factorial.SessionAccessMembership{}), "SessionAttendance": reflect.TypeOf(factorial.SessionAttendance{}),
		"TrainingMembership": reflect.TypeOf(factorial.TrainingMembership{}),
	}
	for name, fields := range ref {
		typ := models[name]
		tags := map[string]bool{}
		for i := 0; i < typ.NumField(); i++ {
			tags[strings.Split(typ.Field(i).Tag.Get("json"), ",")[0]] = true
		}
		for _, f := range fields {
			if !tags[f] {
				t.Errorf("model %s lacks reference field %s", name, f)
			}
		}
	}
}

func itoa(i int) string { return jsonInt(i) }

func jsonInt(i int) string { b, _ := json.Marshal(i); return string(b) }
