package sandbox

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial"
)

// refField is one field of a model signature of the reference.
type refField struct {
	name, typ string // typ as written, without "| None" and the default
	required  bool   // no default: the schema requires it, and not null
}

var signatureRe = regexp.MustCompile(`^class factorialhr\.(\w+)\(\*, (.*)\)\[source\]$`)

// parseModels reads model signatures ("class factorialhr.Name(*, a: int,
// b: str | None = None)[source]", one a line; # starts a comment).
func parseModels(t *testing.T, b []byte) map[string][]refField {
	t.Helper()
	out := map[string][]refField{}
	for _, line := range strings.Split(string(b), "\n") {
		if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m := signatureRe.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("cannot parse %.80s", line)
		}
		for _, part := range splitTopLevel(m[2]) {
			name, typ, ok := strings.Cut(part, ": ")
			if !ok {
				t.Fatalf("%s: cannot parse field %q", m[1], part)
			}
			typ, _, hasDefault := strings.Cut(typ, " = ")
			out[m[1]] = append(out[m[1]], refField{name: name, typ: strings.TrimSuffix(typ, " | None"), required: !hasDefault})
		}
	}
	return out
}

// splitTopLevel splits on the commas outside brackets (Mapping[str, Any]).
func splitTopLevel(s string) []string {
	var parts []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '[':
			depth++
		case ']':
			depth--
		case ',':
			if depth == 0 {
				parts = append(parts, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(parts, strings.TrimSpace(s[start:]))
}

var enumTypes = map[string]bool{"TrainingStatus": true, "TrainingAttendanceStatus": true, "SessionModality": true, "SessionSchedule": true, "BankNumberFormat": true}

// jsonTypeError says how raw (not null) fails the reference type typ, or "".
func jsonTypeError(typ string, raw json.RawMessage) string {
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return "not JSON"
	}
	isInt := func(x any) bool {
		n, ok := x.(json.Number)
		return ok && !strings.ContainsAny(string(n), ".eE")
	}
	switch {
	case typ == "int":
		if !isInt(v) {
			return "not a JSON integer"
		}
	case typ == "float":
		if _, ok := v.(json.Number); !ok {
			return "not a JSON number"
		}
	case typ == "bool":
		if _, ok := v.(bool); !ok {
			return "not a JSON boolean"
		}
	case typ == "str", enumTypes[typ]:
		if _, ok := v.(string); !ok {
			return "not a JSON string"
		}
	case typ == "datetime":
		if s, ok := v.(string); !ok {
			return "not a string"
		} else if _, err := time.Parse(time.RFC3339, s); err != nil {
			return "not an RFC 3339 datetime"
		}
	case typ == "date":
		if s, ok := v.(string); !ok || !dateRe.MatchString(`"`+s+`"`) {
			return "not a YYYY-MM-DD date"
		}
	case strings.HasPrefix(typ, "Mapping["):
		if _, ok := v.(map[string]any); !ok {
			return "not a JSON object"
		}
	case typ == "Sequence[int]":
		arr, ok := v.([]any)
		if !ok {
			return "not a JSON array"
		}
		for _, x := range arr {
			if !isInt(x) {
				return "holds a non-integer"
			}
		}
	default:
		return "has the reference type " + typ + ", which this test does not know"
	}
	return ""
}

// The models of the reference: the Trainings document (testdata copy of
// shared/reference, kept in sync by referenceFields) and the employees and
// credentials models from the same package.
func referenceModels(t *testing.T) map[string][]refField {
	t.Helper()
	referenceFields(t) // fails when the testdata copy drifts from the shared reference
	models := map[string][]refField{}
	for _, f := range []string{"testdata/reference-models.txt", "testdata/reference-models-more.txt"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range parseModels(t, b) {
			models[k] = v
		}
	}
	if len(models) != 9 {
		t.Fatalf("parsed %d models, want 9", len(models))
	}
	return models
}

// hiddenFromNonAdmins are the fields a user who may not see costs gets as
// null (doc.go), although the schema requires them.
var hiddenFromNonAdmins = map[string]bool{"cost": true, "subsidized_cost": true, "cost_decimal": true, "subsidized_cost_decimal": true,
	"total_training_cost": true, "total_training_indirect_cost": true, "total_training_salary_cost": true, "total_training_subsidized_cost": true,
	"indirect_cost": true, "salary_cost": true}

// checkRequired reports every required field of model that raw lacks, holds
// as null, or holds with another JSON type, and every optional field sent
// with another type.
func checkRequired(t *testing.T, where string, fields []refField, raw json.RawMessage, admin bool) {
	t.Helper()
	var rec map[string]json.RawMessage
	if err := json.Unmarshal(raw, &rec); err != nil {
		t.Fatalf("%s: not an object: %s", where, short(raw))
	}
	for _, f := range fields {
		v, ok := rec[f.name]
		switch {
		case !ok && f.required:
			t.Errorf("%s: required field %s is missing", where, f.name)
		case !ok:
		case string(v) == "null":
			if f.required && (admin || !hiddenFromNonAdmins[f.name]) {
				t.Errorf("%s: required field %s is null", where, f.name)
			}
		default:
			if why := jsonTypeError(f.typ, v); why != "" {
				t.Errorf("%s: %s = %s: %s (reference: %s)", where, f.name, short(v), why, f.typ)
			}
		}
	}
}

// Every record the sandbox returns, of every resource it serves, has every
// field the reference requires, with the reference's JSON type: all pages of
// every list (deleted trainings too, the access memberships of every
// session), as the API key and as an employee, and the answers of writes.
func TestEveryRecordHasTheReferenceRequiredFields(t *testing.T) {
	h := newHarness(t)
	models := referenceModels(t)
	st := h.sb.Snapshot()
	lists := []struct{ path, model string }{
		{"trainings/trainings", "Training"},
		{"trainings/trainings?status=deleted", "Training"},
		{"trainings/trainings?status=draft", "Training"},
		{"trainings/categories", "TrainingCategory"},
		{"trainings/training_classes", "TrainingClass"},
		{"trainings/sessions", "Session"},
		{"trainings/session_attendances", "SessionAttendance"},
		{"trainings/training_memberships", "TrainingMembership"},
		{"employees/employees", "Employee"},
		{"api_public/credentials", "Credentials"},
	}
	for _, x := range st.Sessions {
		lists = append(lists, struct{ path, model string }{"trainings/session_access_memberships?session_id=" + x.ID.String(), "SessionAccessMembership"})
	}
	for _, who := range []string{"key", PersonaEmployee} {
		seen := map[string]int{}
		for _, l := range lists {
			recs, _ := all[json.RawMessage](h, who, l.path, MaxLimit)
			for i, raw := range recs {
				checkRequired(t, who+" "+l.path+"["+itoa(i)+"]", models[l.model], raw, who == "key")
			}
			seen[l.model] += len(recs)
		}
		for model := range models {
			if seen[model] == 0 && who == "key" {
				t.Errorf("as %s no %s was returned to check", who, model)
			}
		}
	}

	// the answers of writes are records too
	var tr, class, sess json.RawMessage
	h.ok("key", "POST", "trainings/trainings", map[string]any{"name": "Schema", "description": "d", "external": false, "year": 2026}, 201, &tr)
	checkRequired(t, "POST training", models["Training"], tr, true)
	var created factorial.Training
	_ = json.Unmarshal(tr, &created)
	h.ok("key", "POST", "trainings/training_classes", map[string]any{"training_id": created.ID, "company_id": CompanyID, "start_date": "2026-12-01",
		"end_date": "2026-12-31", "cost": "10.00", "subsidized_cost": "0", "indirect_cost": "0", "salary_cost": "0", "payment_status": "paid"}, 201, &class)
	checkRequired(t, "POST training class", models["TrainingClass"], class, true)
	h.ok("key", "POST", "trainings/sessions", map[string]any{"name": "S", "training_id": created.ID}, 201, &sess)
	checkRequired(t, "POST session", models["Session"], sess, true)
	h.ok("key", "DELETE", "trainings/trainings/"+created.ID.String(), nil, 200, &tr)
	checkRequired(t, "DELETE training", models["Training"], tr, true)
}

func TestParseModelsReadsRequiredFieldsAndTypes(t *testing.T) {
	got := parseModels(t, []byte("# comment\nclass factorialhr.X(*, id: int, m: Mapping[str, Any], n: str | None = None, s: Sequence[int] | None = None)[source]\n"))
	want := []refField{{"id", "int", true}, {"m", "Mapping[str, Any]", true}, {"n", "str", false}, {"s", "Sequence[int]", false}}
	if len(got["X"]) != len(want) {
		t.Fatalf("parsed %+v", got)
	}
	for i := range want {
		if got["X"][i] != want[i] {
			t.Errorf("field %d = %+v, want %+v", i, got["X"][i], want[i])
		}
	}
	for typ, bad := range map[string]string{"int": `1.5`, "str": `1`, "bool": `"true"`, "datetime": `"2026-01-01"`, "date": `"01/02/2026"`,
		"Mapping[str, Any]": `"1.00"`, "Sequence[int]": `["1"]`, "float": `"1.5"`} {
		if jsonTypeError(typ, json.RawMessage(bad)) == "" {
			t.Errorf("%s accepted %s", typ, bad)
		}
	}
	for typ, good := range map[string]string{"int": `7`, "str": `"x"`, "bool": `false`, "datetime": `"2026-01-01T10:00:00+01:00"`, "date": `"2026-01-02"`,
		"Mapping[str, Any]": `{"amount":"1.00"}`, "Sequence[int]": `[1,2]`, "float": `1.5`, "TrainingStatus": `"active"`} {
		if why := jsonTypeError(typ, json.RawMessage(good)); why != "" {
			t.Errorf("%s refused %s: %s", typ, good, why)
		}
	}
}
