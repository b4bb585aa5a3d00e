package ical

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// parse reads the stream back with Read, failing the test on an error.
func parse(t *testing.T, raw []byte) (Props, []Props) {
	t.Helper()
	cal, events, err := Read(raw)
	if err != nil {
		t.Fatal(err)
	}
	return cal, events
}

func unescape(t *testing.T, s string) string {
	t.Helper()
	u, err := Unescape(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func get(ps Props, name string) (Prop, bool) { return ps.Get(name) }

func TestWriteParsesBack(t *testing.T) {
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("Formación en prevención de riesgos laborales — módulo ñ ", 4)
	start := time.Date(2026, 10, 26, 16, 0, 0, 0, madrid) // the Monday after the change: 15:00 UTC
	c := Calendar{Name: "Aula, sessions; mine", Stamp: time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC), Events: []Event{
		{UID: "session-12@aula.example", Sequence: 7, Summary: long, Description: "Bring: pen, paper; a \\ backslash\nand a second line\r\nand a third",
			Location: "Sala 2, planta 1; edificio B", URL: "https://aula.example/sessions/12", Categories: "In person",
			Start: start, End: start.Add(90 * time.Minute)},
		{UID: "session-13@aula.example", Summary: "Self-paced", Day: &Date{2026, 12, 31}},
	}}
	var buf bytes.Buffer
	if err := Write(&buf, c); err != nil {
		t.Fatal(err)
	}
	cal, events := parse(t, buf.Bytes())
	if v, _ := get(cal, "VERSION"); v.Value != "2.0" {
		t.Errorf("VERSION %q", v.Value)
	}
	if v, _ := get(cal, "X-WR-CALNAME"); unescape(t, v.Value) != c.Name {
		t.Errorf("name %q", v.Value)
	}
	if len(events) != 2 {
		t.Fatalf("%d events", len(events))
	}
	e := events[0]
	for name, want := range map[string]string{
		"SUMMARY": long, "DESCRIPTION": "Bring: pen, paper; a \\ backslash\nand a second line\nand a third",
		"LOCATION": "Sala 2, planta 1; edificio B", "UID": "session-12@aula.example", "CATEGORIES": "In person",
	} {
		p, ok := get(e, name)
		if !ok {
			t.Errorf("no %s", name)
			continue
		}
		if got := unescape(t, p.Value); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	for name, want := range map[string]string{"DTSTART": "20261026T150000Z", "DTEND": "20261026T163000Z", "DTSTAMP": "20261202T080000Z", "SEQUENCE": "7", "URL": "https://aula.example/sessions/12"} {
		if p, _ := get(e, name); p.Value != want {
			t.Errorf("%s: %q, want %q", name, p.Value, want)
		}
	}
	if !strings.Contains(buf.String(), "\r\n ") {
		t.Error("the long summary was not folded")
	}
	d := events[1]
	if p, _ := get(d, "DTSTART"); p.Params["VALUE"] != "DATE" || p.Value != "20261231" {
		t.Errorf("all-day start %+v", p)
	}
	if p, _ := get(d, "DTEND"); p.Params["VALUE"] != "DATE" || p.Value != "20270101" {
		t.Errorf("all-day end %+v", p)
	}
}

// Folding never splits a character, whatever the byte where 75 falls.
func TestFoldingIsUTF8Safe(t *testing.T) {
	for pad := range 4 {
		var buf bytes.Buffer
		err := Write(&buf, Calendar{Events: []Event{{UID: "u", Summary: strings.Repeat("x", pad) + strings.Repeat("€ñ😀", 60), Day: &Date{2026, 1, 1}}}})
		if err != nil {
			t.Fatal(err)
		}
		_, events := parse(t, buf.Bytes())
		if p, _ := get(events[0], "SUMMARY"); p.Value != strings.Repeat("x", pad)+strings.Repeat("€ñ😀", 60) {
			t.Errorf("pad %d: summary came back as %q", pad, p.Value)
		}
	}
}

func TestSequenceChangesWithTheFields(t *testing.T) {
	a := SequenceOf("Safety", "2026-12-02T09:00:00Z", "Room 4")
	if a != SequenceOf("Safety", "2026-12-02T09:00:00Z", "Room 4") {
		t.Error("the same fields give another sequence")
	}
	if a == SequenceOf("Safety", "2026-12-02T10:00:00Z", "Room 4") {
		t.Error("a new time keeps the sequence")
	}
	if SequenceOf("ab", "c") == SequenceOf("a", "bc") {
		t.Error("fields run together")
	}
	if a < 0 {
		t.Error("negative sequence")
	}
}

func FuzzEscape(f *testing.F) {
	f.Add("a,b;c\\d\ne")
	f.Fuzz(func(t *testing.T, s string) {
		var buf bytes.Buffer
		if err := Write(&buf, Calendar{Events: []Event{{UID: "u", Summary: s, Day: &Date{2026, 1, 1}}}}); err != nil {
			t.Fatal(err)
		}
		if !utf8.ValidString(s) {
			return
		}
		_, events := parse(t, buf.Bytes())
		p, _ := get(events[0], "SUMMARY")
		got := unescape(t, p.Value)
		want := strings.Map(func(r rune) rune {
			if r < 0x20 && r != '\t' && r != '\n' || r == 0x7f {
				return -1
			}
			return r
		}, strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"))
		if got != want {
			t.Fatalf("%q came back as %q", want, got)
		}
	})
}

// Read refuses what a writer must not produce, so the tests that read
// Aula's files back can fail.
func TestReadRefusesMalformedStreams(t *testing.T) {
	for name, raw := range map[string]string{
		"LF line ends":        "BEGIN:VCALENDAR\nEND:VCALENDAR\n",
		"a line of 76 octets": "BEGIN:VCALENDAR\r\nSUMMARY:" + strings.Repeat("x", 68) + "\r\nEND:VCALENDAR\r\n",
		"a split character":   "BEGIN:VCALENDAR\r\nSUMMARY:\xc3\r\n \xb1\r\nEND:VCALENDAR\r\n",
		"no colon":            "BEGIN:VCALENDAR\r\nSUMMARY\r\nEND:VCALENDAR\r\n",
	} {
		if _, _, err := Read([]byte(raw)); err == nil {
			t.Errorf("%s: read without an error", name)
		}
	}
	for _, s := range []string{"a,b", "a;b", `a\x`, `a\`} {
		if _, err := Unescape(s); err == nil {
			t.Errorf("%q unescaped without an error", s)
		}
	}
}
