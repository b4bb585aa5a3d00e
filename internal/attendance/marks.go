// Package attendance is the rule an attendance mark is written by: a mark
// sets the wanted state of one row (so sending it twice is harmless), and a
// mark carries the status its maker saw, so that a mark that waited (a
// failed write, a tablet offline) never overwrites what someone else set
// meanwhile. A batch is grouped by wanted state: one bulk_update per state,
// not one per person (Factorial allows 200 POSTs a minute).
package attendance

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"slices"
	"strconv"

	"github.com/aula-hr/aula/factorial"
)

// Mark is the state a person wants one attendance in, and the status they
// saw on the row when they tapped.
type Mark struct {
	ID     factorial.ID                      `json:"id"`
	Status factorial.SessionAttendanceStatus `json:"status"`
	// Hours, for a completed mark, is partial attendance in decimal hours;
	// nil is the whole session (Factorial sets it).
	Hours *float64                          `json:"hours,omitempty"`
	Seen  factorial.SessionAttendanceStatus `json:"seen"`
	// Sent lists the states this device sent for the row without hearing
	// back (a lost answer): Factorial may hold any of them, and finding one
	// there is not someone else's change.
	Sent []factorial.SessionAttendanceStatus `json:"sent,omitempty"`
}

// Outcome is what became of one mark.
type Outcome string

const (
	Saved    Outcome = "saved"    // written, or Factorial had it already
	Conflict Outcome = "conflict" // the row changed since it was seen: the person chooses
	Refused  Outcome = "refused"  // not a row of this session, or not a state Factorial stores
)

// Plan is what to write for a batch, given the rows as Factorial has them.
type Plan struct {
	Writes    []factorial.AttendanceUpdate                 // one per wanted state, in a stable order
	Already   []factorial.ID                               // Factorial has the wanted state: nothing to send
	Conflicts map[factorial.ID]factorial.SessionAttendance // changed since seen: the row as it is now
	Refused   map[factorial.ID]string                      // why (an English catalogue key)
}

// Why a mark is refused.
const (
	NotOnSheet   = "This person is not on this session's sheet."
	BadStatus    = "This is not an attendance status Factorial stores."
	HoursRange   = "Hours must be between 0 and the session's %s hours."
	HoursNeedsIn = "Hours apply to an attended mark only."
)

type stateKey struct {
	status factorial.SessionAttendanceStatus
	hours  string // "" for the whole session
}

// Check plans a batch: a mark is written where the row still has the
// status its maker saw; it is skipped where the row already has the wanted
// state; otherwise it is a conflict. maxHours is the session's duration in
// hours (0 when unknown: hours are then not checked against it). When a
// batch names a row twice, the later mark wins and the earlier one is never
// sent.
func Check(marks []Mark, current map[factorial.ID]factorial.SessionAttendance, maxHours float64) Plan {
	p := Plan{Conflicts: map[factorial.ID]factorial.SessionAttendance{}, Refused: map[factorial.ID]string{}}
	last := map[factorial.ID]Mark{}
	var order []factorial.ID
	for _, m := range marks {
		if _, ok := last[m.ID]; !ok {
			order = append(order, m.ID)
		}
		last[m.ID] = m
	}
	groups := map[stateKey][]factorial.ID{}
	for _, id := range order {
		m := last[id]
		cur, ok := current[id]
		switch {
		case !ok:
			p.Refused[id] = NotOnSheet
			continue
		case !m.Status.Valid():
			p.Refused[id] = BadStatus
			continue
		case m.Hours != nil && m.Status != factorial.AttendanceCompleted:
			p.Refused[id] = HoursNeedsIn
			continue
		case m.Hours != nil && (*m.Hours < 0 || math.IsNaN(*m.Hours) || maxHours > 0 && *m.Hours > maxHours+1e-9):
			p.Refused[id] = HoursRange
			continue
		}
		switch {
		case Has(cur, m, maxHours):
			p.Already = append(p.Already, id)
		case cur.Status == m.Seen || slices.Contains(m.Sent, cur.Status):
			k := stateKey{status: m.Status}
			if m.Hours != nil {
				k.hours = strconv.FormatFloat(*m.Hours, 'f', -1, 64)
			}
			groups[k] = append(groups[k], id)
		default:
			p.Conflicts[id] = cur
		}
	}
	keys := make([]stateKey, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b stateKey) int {
		return cmp.Or(cmp.Compare(a.status, b.status), cmp.Compare(a.hours, b.hours))
	})
	for _, k := range keys {
		ids := groups[k]
		slices.Sort(ids)
		u := factorial.AttendanceUpdate{IDs: ids, Status: &k.status}
		if k.hours != "" {
			h, _ := strconv.ParseFloat(k.hours, 64)
			u.CompletedDuration = &h
		}
		p.Writes = append(p.Writes, u)
	}
	slices.Sort(p.Already)
	return p
}

// Has reports whether row a already has the state m wants. A completed mark
// without hours wants the whole session (maxHours when known).
func Has(a factorial.SessionAttendance, m Mark, maxHours float64) bool {
	if a.Status != m.Status {
		return false
	}
	if m.Status != factorial.AttendanceCompleted {
		return true
	}
	want := maxHours
	if m.Hours != nil {
		want = *m.Hours
	}
	if m.Hours == nil && maxHours == 0 {
		return true
	}
	got := 0.0
	if a.CompletedDuration != nil {
		got = float64(*a.CompletedDuration)
	}
	return math.Abs(got-want) < 1e-6
}

// Owner is the opaque id under which a person's waiting marks are kept on a
// device: a hash of the company, the person and (for an API key, which has
// no person) the sign-in. It authorises nothing; the server refuses a batch
// whose owner is not the person signed in, so a mark is sent only as the
// person who made it, and the page shows only that person's waiting marks.
func Owner(company, employee factorial.ID, login string) string {
	key := company.String() + "/" + employee.String()
	if employee == 0 {
		key += "/" + login
	}
	sum := sha256.Sum256([]byte("aula attendance owner\x00" + key))
	return hex.EncodeToString(sum[:12])
}
