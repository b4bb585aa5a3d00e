package ical

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// prop is one parsed content line: name, parameters and value.
type prop struct {
	Name   string
	Params map[string]string
	Value  string
}

// parse reads an iCalendar stream back as RFC 5545 says a reader must:
// every line ends in CRLF, lines are at most 75 octets, a line starting
// with a space continues the one before. It returns the components'
// properties, VEVENTs separately, failing on anything malformed.
func parse(t *testing.T, raw []byte) (cal []prop, events [][]prop) {
	t.Helper()
	s := string(raw)
	if !strings.HasSuffix(s, "\r\n") {
		t.Fatal("the stream does not end in CRLF")
	}
	physical := strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
	var logical []string
	for i, l := range physical {
		if strings.ContainsAny(l, "\r\n") {
			t.Fatalf("line %d has a bare CR or LF: %q", i, l)
		}
		if len(l) > 75 {
			t.Fatalf("line %d is %d octets: %q", i, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Fatalf("line %d splits a UTF-8 character: %q", i, l)
		}
		if strings.HasPrefix(l, " ") {
			if len(logical) == 0 {
				t.Fatal("a continuation line first")
			}
			logical[len(logical)-1] += l[1:]
			continue
		}
		logical = append(logical, l)
	}
	var cur *[]prop
	for _, l := range logical {
		head, value, ok := strings.Cut(l, ":")
		if !ok {
			t.Fatalf("no colon in %q", l)
		}
		parts := strings.Split(head, ";")
		p := prop{Name: parts[0], Params: map[string]string{}, Value: value}
		for _, kv := range parts[1:] {
			k, v, _ := strings.Cut(kv, "=")
			p.Params[k] = v
		}
		switch {
		case p.Name == "BEGIN" && p.Value == "VEVENT":
			events = append(events, nil)
			cur = &events[len(events)-1]
		case p.Name == "END" && p.Value == "VEVENT":
			cur = nil
		case cur != nil:
			*cur = append(*cur, p)
		default:
			cal = append(cal, p)
		}
	}
	return cal, events
}

// unescape undoes TEXT escaping, failing on an escape RFC 5545 does not define.
func unescape(t *testing.T, s string) string {
	t.Helper()
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ';' || c == ',' {
			t.Fatalf("unescaped %q in %q", c, s)
		}
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		switch s[i] {
		case '\\', ';', ',':
			b.WriteByte(s[i])
		case 'n', 'N':
			b.WriteByte('\n')
		default:
			t.Fatalf("bad escape \\%c in %q", s[i], s)
		}
	}
	return b.String()
}

func get(ps []prop, name string) (prop, bool) {
	for _, p := range ps {
		if p.Name == name {
			return p, true
		}
	}
	return prop{}, false
}

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
