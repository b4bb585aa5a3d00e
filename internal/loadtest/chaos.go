package loadtest

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
)

// Outcome is what a page told its user about a write.
type Outcome int

const (
	Saved    Outcome = iota // the page said it was saved (a redirect with the flash)
	NotSaved                // it said nothing was saved
	Unknown                 // it said it cannot tell (Factorial did not answer)
	Unclear                 // it said none of these: a counterexample by itself
)

func (o Outcome) String() string {
	return [...]string{"saved", "not saved", "cannot tell", "unclear"}[o]
}

// Classify reads a write's answer as its user would: a redirect elsewhere
// than the sign-in page is "saved"; a page whose problem says Aula cannot
// tell, or Factorial did not confirm, is "cannot tell"; one that says
// nothing was saved or changed is "not saved" (the wording of
// handlers/outcome.go and handlers.ProblemFor).
func Classify(a *Answer) (Outcome, string) {
	if a == nil {
		return Unknown, "no answer"
	}
	if a.StatusCode == http.StatusSeeOther {
		if strings.HasPrefix(a.Header.Get("Location"), "/login") {
			return NotSaved, "sent to sign in"
		}
		return Saved, ""
	}
	text := strings.Join(strings.Fields(a.Doc().Find(`[data-testid="problem"]`).Text()), " ")
	switch {
	case strings.Contains(text, "cannot tell"), strings.Contains(text, "did not confirm"):
		return Unknown, text
	case strings.Contains(text, "Nothing was saved"), strings.Contains(text, "Nothing was changed"),
		strings.Contains(text, "not saved"), strings.Contains(text, "Not saved"), strings.Contains(text, "not changed"):
		return NotSaved, text
	}
	if text == "" {
		text = fmt.Sprintf("status %d without a problem", a.StatusCode)
	}
	return Unclear, text
}

// ledger is every write a user was told about, for the checks at the end.
type ledger struct {
	mu      sync.Mutex
	creates []*create
	edits   map[factorial.ID][]told // the training's description, in the order told
	marks   map[factorial.ID][]told // an attendance's status
	unclear []string
}

type told struct {
	value   string
	outcome Outcome
	user    int
}

// create is one group or session a user made (unique name), with what
// each sending of the form was told.
type create struct {
	kind     string // "group" or "session"
	training factorial.ID
	name     string
	user     int
	outcomes []Outcome
	l        *ledger
}

func (w *create) told(a *Answer) Outcome {
	o, text := Classify(a)
	w.l.mu.Lock()
	w.outcomes = append(w.outcomes, o)
	if o == Unclear {
		w.l.unclear = append(w.l.unclear, fmt.Sprintf("create %s %q: %s", w.kind, w.name, text))
	}
	w.l.mu.Unlock()
	return o
}

func (r *run) newCreate(u *User, kind string, training factorial.ID, name string) *create {
	w := &create{kind: kind, training: training, name: name, user: u.ID, l: &r.ledger}
	r.ledger.mu.Lock()
	r.ledger.creates = append(r.ledger.creates, w)
	r.ledger.mu.Unlock()
	return w
}

func (r *run) noteEdit(u *User, training factorial.ID, value string, a *Answer) {
	o, text := Classify(a)
	r.ledger.mu.Lock()
	defer r.ledger.mu.Unlock()
	if r.ledger.edits == nil {
		r.ledger.edits = map[factorial.ID][]told{}
	}
	r.ledger.edits[training] = append(r.ledger.edits[training], told{value, o, u.ID})
	if o == Unclear {
		r.ledger.unclear = append(r.ledger.unclear, fmt.Sprintf("edit training %s: %s", training, text))
	}
}

func (r *run) noteMark(u *User, id factorial.ID, status string, o Outcome) {
	r.ledger.mu.Lock()
	defer r.ledger.mu.Unlock()
	if r.ledger.marks == nil {
		r.ledger.marks = map[factorial.ID][]told{}
	}
	r.ledger.marks[id] = append(r.ledger.marks[id], told{status, o, u.ID})
}

// Verdict is the chaos run's three checks, with their counterexamples.
type Verdict struct {
	Writes                       int            // writes told about
	ByKind                       map[string]int // of them: group, session, training, attendance
	Lost, Duplicated, Untruthful []string
	Saved, NotSaved, CannotTell  int
}

// check compares what users were told with what the sandbox holds
// (before: at the start; after: at the end).
func (l *ledger) check(before, after *sandbox.State) Verdict {
	l.mu.Lock()
	defer l.mu.Unlock()
	v := Verdict{ByKind: map[string]int{}}
	count := func(kind string, o Outcome) {
		v.Writes++
		v.ByKind[kind]++
		switch o {
		case Saved:
			v.Saved++
		case NotSaved:
			v.NotSaved++
		case Unknown:
			v.CannotTell++
		}
	}
	v.Untruthful = append(v.Untruthful, l.unclear...)

	// Creates: each unique name is there once if a page said saved, not at
	// all if every page said not saved, and never twice.
	made := map[string]int{}
	for _, c := range after.Classes {
		made["group/"+c.TrainingID.String()+"/"+c.Name]++
	}
	for _, s := range after.Sessions {
		made["session/"+s.TrainingID.String()+"/"+s.Name]++
	}
	for _, w := range l.creates {
		n := made[w.kind+"/"+w.training.String()+"/"+w.name]
		anySaved, allNot := false, len(w.outcomes) > 0
		for _, o := range w.outcomes {
			count(w.kind, o)
			anySaved = anySaved || o == Saved
			allNot = allNot && o == NotSaved
		}
		switch {
		case n > 1:
			v.Duplicated = append(v.Duplicated, fmt.Sprintf("%s %q of training %s is there %d times (told %v)", w.kind, w.name, w.training, n, w.outcomes))
		case anySaved && n == 0:
			v.Lost = append(v.Lost, fmt.Sprintf("%s %q of training %s: told saved, not in Factorial", w.kind, w.name, w.training))
		case allNot && n > 0:
			v.Untruthful = append(v.Untruthful, fmt.Sprintf("%s %q of training %s: told not saved %d times, yet it is there", w.kind, w.name, w.training, len(w.outcomes)))
		}
	}

	// Repeatable writes: the value there is the last one told saved (or
	// the first value, when none was), or one sent after it whose outcome
	// the page said it could not tell.
	repeatable := func(what string, id factorial.ID, initial, final string, seq []told) {
		k := -1
		for i, t := range seq {
			count(what, t.outcome)
			if t.outcome == Saved {
				k = i
			}
		}
		allowed := map[string]bool{}
		if k >= 0 {
			allowed[seq[k].value] = true
		} else {
			allowed[initial] = true
		}
		for _, t := range seq[k+1:] {
			if t.outcome == Unknown {
				allowed[t.value] = true
			}
		}
		if allowed[final] {
			return
		}
		for _, t := range seq[k+1:] {
			if t.value == final && t.outcome == NotSaved {
				v.Untruthful = append(v.Untruthful, fmt.Sprintf("%s %s: told %q was not saved, yet Factorial has it", what, id, final))
				return
			}
		}
		if k >= 0 {
			v.Lost = append(v.Lost, fmt.Sprintf("%s %s: told %q was saved, Factorial has %q", what, id, seq[k].value, final))
			return
		}
		v.Untruthful = append(v.Untruthful, fmt.Sprintf("%s %s: never told saved, yet Factorial has %q (was %q)", what, id, final, initial))
	}
	for _, id := range sortedKeys(l.edits) {
		b, a := before.Training(id), after.Training(id)
		if b == nil || a == nil {
			v.Lost = append(v.Lost, fmt.Sprintf("training %s is gone", id))
			continue
		}
		repeatable("training", id, b.Description, a.Description, l.edits[id])
	}
	status := func(st *sandbox.State) map[factorial.ID]string {
		m := map[factorial.ID]string{}
		for _, a := range st.SessionAttendances {
			m[a.ID] = string(a.Status)
		}
		return m
	}
	was, is := status(before), status(after)
	for _, id := range sortedKeys(l.marks) {
		repeatable("attendance", id, was[id], is[id], l.marks[id])
	}
	return v
}

func sortedKeys(m map[factorial.ID][]told) []factorial.ID {
	out := make([]factorial.ID, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// chaosPhases are the failures chaos mode injects, a different assignment
// every phase so that every kind of write meets every kind of failure:
// 5xx before the write, 5xx after it (applied), 429 with Retry-After,
// dropped connections (before and after applying), and slow answers.
func chaosPhases(rate float64) [][]sandbox.Fault {
	writes := []struct{ method, path string }{
		{"POST", "trainings/training_classes"}, {"PUT", "trainings/trainings/*"}, {"POST", "trainings/session_attendances/*"},
		{"POST", "trainings/sessions"},
	}
	kinds := []sandbox.Fault{
		{Status: 503},
		{Status: 502, Applied: true},
		{Status: 429, RetryAfter: time.Second},
		{Drop: true},
		{Drop: true, Applied: true},
		{Status: 500, Applied: true},
	}
	var phases [][]sandbox.Fault
	for p := range kinds {
		var fs []sandbox.Fault
		for i, w := range writes {
			f := kinds[(p+i)%len(kinds)]
			f.Method, f.Path, f.ErrorRate = w.method, w.path, rate
			fs = append(fs, f)
		}
		// Reads: now and then rate limited, dropped or slow.
		reads := []sandbox.Fault{
			{Status: 429, RetryAfter: time.Second, ErrorRate: rate / 3},
			{Drop: true, ErrorRate: rate / 3},
			{Latency: 400 * time.Millisecond, Jitter: 400 * time.Millisecond},
		}
		r := reads[p%len(reads)]
		r.Method, r.Path = "GET", "*"
		fs = append(fs, r)
		phases = append(phases, fs)
	}
	return phases
}
