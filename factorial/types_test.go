package factorial

import (
	"encoding/json"
	"testing"
)

func TestTolerantDecoders(t *testing.T) {
	money := map[string]Money{
		`{"amount":"1250.00","currency":"EUR"}`: {"1250.00", "EUR"},
		`{"amount":12.5,"currency":"EUR"}`:      {"12.5", "EUR"},
		`"99.90"`:                               {"99.90", ""},
		`7`:                                     {"7", ""},
		`null`:                                  {},
	}
	for in, want := range money {
		var m Money
		if err := json.Unmarshal([]byte(in), &m); err != nil || m != want {
			t.Errorf("Money %s = %+v, %v; want %+v", in, m, err, want)
		}
	}
	durations := map[string]Duration{
		`{"hours":1,"minutes":30}`: {1, 30}, `{"minutes":90}`: {1, 30}, `"1.5"`: {1, 30}, `2.25`: {2, 15}, `"0.1"`: {0, 6},
	}
	for in, want := range durations {
		var d Duration
		if err := json.Unmarshal([]byte(in), &d); err != nil || d != want {
			t.Errorf("Duration %s = %+v, %v; want %+v", in, d, err, want)
		}
	}
	for _, bad := range []string{`"NaN"`, `"Inf"`, `"0x1p-2"`, `"12,50"`, `"1_000"`, `[1]`, `true`} {
		var m Money
		if err := json.Unmarshal([]byte(bad), &m); err == nil {
			t.Errorf("Money %s accepted as %+v", bad, m)
		}
		var h Hours
		if err := json.Unmarshal([]byte(bad), &h); err == nil {
			t.Errorf("Hours %s accepted as %v", bad, h)
		}
	}
	for _, bad := range []string{`1e300`, `{"hours":1e300}`, `"NaN"`, `"abc"`} {
		var d Duration
		if err := json.Unmarshal([]byte(bad), &d); err == nil {
			t.Errorf("Duration %s accepted as %+v", bad, d)
		}
	}
	ids := map[string]ID{`7`: 7, `"7"`: 7, `" 12 "`: 12, `null`: 0}
	for in, want := range ids {
		var id ID
		if err := json.Unmarshal([]byte(in), &id); err != nil || id != want {
			t.Errorf("ID %s = %d, %v", in, id, err)
		}
	}
	for _, bad := range []string{`1.5`, `"x"`, `true`} {
		var id ID
		if err := json.Unmarshal([]byte(bad), &id); err == nil {
			t.Errorf("ID %s accepted", bad)
		}
	}
}

// Factorial's schema types a credential id as a string prefixed by its
// kind; older answers (and the sandbox before) sent an integer.
func TestCredentialIDDecodesStringAndNumber(t *testing.T) {
	for in, want := range map[string]CredentialID{`"access_100123"`: "access_100123", `"api_key_1"`: "api_key_1", `500123`: "500123", `null`: ""} {
		var id CredentialID
		if err := json.Unmarshal([]byte(in), &id); err != nil || id != want {
			t.Errorf("CredentialID %s = %q, %v; want %q", in, id, err, want)
		}
	}
	for _, bad := range []string{`true`, `{}`, `["x"]`} {
		var id CredentialID
		if err := json.Unmarshal([]byte(bad), &id); err == nil {
			t.Errorf("CredentialID %s accepted as %q", bad, id)
		}
	}
}
