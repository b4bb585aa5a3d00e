package factorial

import (
	"encoding/json"
	"math"
	"strconv"
	"testing"
)

// The tolerant decoders must never panic, and what they accept must be sane.

func FuzzMoney(f *testing.F) {
	for _, s := range []string{`{"amount":"1250.00","currency":"EUR"}`, `{"amount":12.5}`, `"99.90"`, `0`, `null`, `""`, `{"amount":null}`,
		`"NaN"`, `"0x1p-2"`, `"Inf"`, `{"amount":"1e400"}`, `[1]`, `"12,50"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var m Money
		if err := json.Unmarshal([]byte(in), &m); err != nil || m.Amount == "" {
			return
		}
		v, err := strconv.ParseFloat(m.Amount, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || !isDecimal(m.Amount) {
			t.Fatalf("%s decoded to amount %q", in, m.Amount)
		}
		_ = m.Cents()
	})
}

func FuzzDuration(f *testing.F) {
	for _, s := range []string{`{"hours":1,"minutes":30}`, `{"hours":"2","minutes":"5"}`, `"1.5"`, `2.25`, `null`, `{"minutes":90}`,
		`"-3"`, `1e300`, `"NaN"`, `{"hours":1e300}`, `{}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var d Duration
		if err := json.Unmarshal([]byte(in), &d); err != nil {
			return
		}
		if d.Hours < 0 || d.Minutes < 0 || d.Minutes > 59 {
			t.Fatalf("%s decoded to %+v", in, d)
		}
		// Re-encoding gives the same duration.
		b, _ := json.Marshal(d)
		var back Duration
		if err := json.Unmarshal(b, &back); err != nil || back != d {
			t.Fatalf("%s: %+v re-encoded as %s decodes to %+v (%v)", in, d, b, back, err)
		}
	})
}

func FuzzID(f *testing.F) {
	for _, s := range []string{`7`, `"7"`, `" 12 "`, `null`, `1.5`, `"x"`, `-1`, `9223372036854775808`, `"0x10"`, `1e3`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var id ID
		if err := json.Unmarshal([]byte(in), &id); err != nil {
			return
		}
		b, _ := json.Marshal(id)
		var back ID
		if err := json.Unmarshal(b, &back); err != nil || back != id {
			t.Fatalf("%s -> %d -> %s -> %d (%v)", in, id, b, back, err)
		}
		var cid ClassID
		_ = json.Unmarshal([]byte(in), &cid)
	})
}

func FuzzHoursAndDate(f *testing.F) {
	for _, s := range []string{`1.5`, `"0.75"`, `null`, `"2026-03-02"`, `"2026-03-02T09:00:00+01:00"`, `"2026-02-30"`, `""`, `"NaN"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var h Hours
		if json.Unmarshal([]byte(in), &h) == nil && (math.IsNaN(float64(h)) || math.IsInf(float64(h), 0)) {
			t.Fatalf("%s decoded to hours %v", in, h)
		}
		var d Date
		if json.Unmarshal([]byte(in), &d) == nil && !d.IsZero() {
			back, err := ParseDate(d.String())
			if err != nil || back != d {
				t.Fatalf("%s -> %v -> %v (%v)", in, d, back, err)
			}
		}
	})
}

// FuzzDecodeModels feeds whole records and envelopes to the decoders the
// client uses, and the error-body parser.
func FuzzDecodeModels(f *testing.F) {
	for _, s := range []string{trainingJSON, trainingStringsJSON, sessionJSON, sessionAltJSON, classJSON, attendanceJSON, membershipJSON,
		listOf(trainingJSON), `{"error":{"code":"x","message":"y"}}`, `{"errors":{"name":["is blank"]}}`, `{"error":"e","error_description":"d"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var tr Training
		_ = json.Unmarshal(b, &tr)
		var s Session
		_ = json.Unmarshal(b, &s)
		var k TrainingClass
		_ = json.Unmarshal(b, &k)
		var a SessionAttendance
		_ = json.Unmarshal(b, &a)
		var p Page[Training]
		_ = json.Unmarshal(b, &p)
		code, msg := parseErrorBody(b)
		_ = excerpt(code+msg, 50)
		_ = scrub(string(b), []string{"secret-token"})
	})
}
