package ical

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Prop is one content line read back: name, parameters and raw value.
type Prop struct {
	Name   string
	Params map[string]string
	Value  string
}

// Text is the value unescaped as TEXT.
func (p Prop) Text() (string, error) { return Unescape(p.Value) }

// Props are the properties of one component, in order.
type Props []Prop

// Get is the first property named name.
func (ps Props) Get(name string) (Prop, bool) {
	for _, p := range ps {
		if p.Name == name {
			return p, true
		}
	}
	return Prop{}, false
}

// Read parses a stream as strictly as RFC 5545 asks of a writer: every
// line ends in CRLF, no line is longer than 75 octets or splits a UTF-8
// character, continuations start with a space. It returns the calendar's
// own properties and each VEVENT's. Aula's tests read its files back with
// it.
func Read(raw []byte) (cal Props, events []Props, err error) {
	s := string(raw)
	if !strings.HasSuffix(s, "\r\n") {
		return nil, nil, errors.New("ical: the stream does not end in CRLF")
	}
	var logical []string
	for i, l := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		switch {
		case strings.ContainsAny(l, "\r\n"):
			return nil, nil, fmt.Errorf("ical: line %d has a bare CR or LF", i+1)
		case len(l) > 75:
			return nil, nil, fmt.Errorf("ical: line %d is %d octets", i+1, len(l))
		case !utf8.ValidString(l):
			return nil, nil, fmt.Errorf("ical: line %d splits a UTF-8 character", i+1)
		case strings.HasPrefix(l, " "):
			if len(logical) == 0 {
				return nil, nil, errors.New("ical: the stream starts with a continuation")
			}
			logical[len(logical)-1] += l[1:]
		default:
			logical = append(logical, l)
		}
	}
	in := false
	for _, l := range logical {
		head, value, ok := strings.Cut(l, ":")
		if !ok {
			return nil, nil, fmt.Errorf("ical: no colon in %q", l)
		}
		parts := strings.Split(head, ";")
		p := Prop{Name: parts[0], Params: map[string]string{}, Value: value}
		for _, kv := range parts[1:] {
			k, v, _ := strings.Cut(kv, "=")
			p.Params[k] = v
		}
		switch {
		case p.Name == "BEGIN" && p.Value == "VEVENT":
			events, in = append(events, nil), true
		case p.Name == "END" && p.Value == "VEVENT":
			in = false
		case in:
			events[len(events)-1] = append(events[len(events)-1], p)
		default:
			cal = append(cal, p)
		}
	}
	return cal, events, nil
}

// Unescape undoes TEXT escaping; an unescaped comma or semicolon, or an
// escape RFC 5545 does not define, is an error.
func Unescape(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ';' || c == ',' {
			return "", fmt.Errorf("ical: unescaped %q in %q", c, s)
		}
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i++; i == len(s) {
			return "", fmt.Errorf("ical: a lone backslash ends %q", s)
		}
		switch s[i] {
		case '\\', ';', ',':
			b.WriteByte(s[i])
		case 'n', 'N':
			b.WriteByte('\n')
		default:
			return "", fmt.Errorf("ical: bad escape \\%c in %q", s[i], s)
		}
	}
	return b.String(), nil
}
