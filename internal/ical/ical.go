// Package ical writes iCalendar (RFC 5545) files of sessions: CRLF line
// ends, lines folded at 75 octets without splitting a UTF-8 character, TEXT
// escaped, timed events in UTC and all-day events as DATE values. No HTTP.
package ical

import (
	"bufio"
	"fmt"
	"hash/fnv"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// Event is one VEVENT.
type Event struct {
	UID         string // stable across edits: Aula derives it from the session id and host
	Sequence    int    // grows (changes) when the event's fields change
	Summary     string
	Description string
	Location    string
	URL         string
	Categories  string // the modality as people read it
	// Start and End of a timed event; for an all-day one, Day alone.
	Start, End time.Time
	Day        *Date
}

// Date is a day without a time (DTSTART;VALUE=DATE).
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// Calendar is a VCALENDAR of events.
type Calendar struct {
	Name   string    // X-WR-CALNAME, what an app calls the subscription
	Stamp  time.Time // DTSTAMP of every event: when the file was made
	Events []Event
}

// SequenceOf is a SEQUENCE for an event whose source has no revision
// number: a 31-bit hash of the fields a person sees, so any edit changes
// it. Calendar apps replace an event whose SEQUENCE differs on refresh; a
// hash cannot promise to grow, which iTIP scheduling (not used here) would
// need.
func SequenceOf(fields ...string) int {
	h := fnv.New32a()
	for _, f := range fields {
		h.Write([]byte(f))
		h.Write([]byte{0})
	}
	return int(h.Sum32() & 0x7fffffff)
}

// Write writes c as an iCalendar stream.
func Write(w io.Writer, c Calendar) error {
	bw := bufio.NewWriter(w)
	p := func(name, value string) { writeLine(bw, name+":"+value) }
	p("BEGIN", "VCALENDAR")
	p("VERSION", "2.0")
	p("PRODID", "-//Aula//Trainings calendar//EN")
	p("CALSCALE", "GREGORIAN")
	p("METHOD", "PUBLISH")
	if c.Name != "" {
		p("X-WR-CALNAME", Escape(c.Name))
	}
	stamp := utc(c.Stamp)
	for _, e := range c.Events {
		p("BEGIN", "VEVENT")
		p("UID", Escape(e.UID))
		p("DTSTAMP", stamp)
		p("SEQUENCE", fmt.Sprint(e.Sequence))
		if e.Day != nil {
			next := time.Date(e.Day.Year, e.Day.Month, e.Day.Day+1, 0, 0, 0, 0, time.UTC)
			writeLine(bw, "DTSTART;VALUE=DATE:"+fmt.Sprintf("%04d%02d%02d", e.Day.Year, e.Day.Month, e.Day.Day))
			writeLine(bw, "DTEND;VALUE=DATE:"+next.Format("20060102"))
			p("TRANSP", "TRANSPARENT")
		} else {
			p("DTSTART", utc(e.Start))
			p("DTEND", utc(e.End))
		}
		p("SUMMARY", Escape(e.Summary))
		if e.Description != "" {
			p("DESCRIPTION", Escape(e.Description))
		}
		if e.Location != "" {
			p("LOCATION", Escape(e.Location))
		}
		if e.Categories != "" {
			p("CATEGORIES", Escape(e.Categories))
		}
		if e.URL != "" {
			p("URL", e.URL) // a URI value: not TEXT-escaped
		}
		p("END", "VEVENT")
	}
	p("END", "VCALENDAR")
	return bw.Flush()
}

func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// Escape escapes a TEXT value: backslash, semicolon, comma and newlines.
func Escape(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', ';', ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		default:
			if r < 0x20 && r != '\t' || r == 0x7f {
				continue // control characters are not allowed in TEXT
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// writeLine writes one content line, folded so that no line is longer than
// 75 octets: each continuation starts with a space, and a fold never falls
// inside a UTF-8 character.
func writeLine(w *bufio.Writer, line string) {
	limit := 75
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		w.WriteString(line[:cut])
		w.WriteString("\r\n ")
		line = line[cut:]
		limit = 74 // the leading space counts
	}
	w.WriteString(line)
	w.WriteString("\r\n")
}
