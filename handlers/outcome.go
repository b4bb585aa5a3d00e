package handlers

import (
	"context"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/i18n"
)

// writeKind says what sending a failed write again would do.
type writeKind int

const (
	// repeatable writes (edit, status change, completion date, delete) set a
	// state: sending them again cannot make anything twice.
	repeatable writeKind = iota
	// oneOff writes (creates, enrolments) make something each time they
	// are sent: after an unknown outcome, Aula looks before any advice.
	oneOff
)

// writeError is the failure of a write shown on the error page (or in the
// flash region of an htmx page).
type writeError struct {
	err   error
	kind  writeKind
	check link // oneOff: where to look before trying again
}

// link is a place to send the person, with what the link says.
type link struct{ URL, Label string }

func (e *writeError) Error() string { return e.err.Error() }
func (e *writeError) Unwrap() error { return e.err }

func (e *writeError) problem(ctx context.Context) Problem {
	p := writeProblem(ctx, e.err, e.kind)
	if e.kind == oneOff && factorial.OutcomeOf(e.err) == factorial.MaybeApplied {
		p = cannotTell(ctx, e.err, e.check)
	}
	return p
}

// writeFailed marks err as the failure of a write of kind whose answer is
// the error page; check is where to look when a oneOff write's outcome is
// unknown.
func writeFailed(err error, kind writeKind, check link) error {
	if err == nil {
		return nil
	}
	return &writeError{err: err, kind: kind, check: check}
}

// writeProblem says what a failed write means: refused or never sent, so
// nothing changed; or, after a 5xx, a timeout or a lost connection, not
// known. A repeatable write may then simply be sent again.
func writeProblem(ctx context.Context, err error, kind writeKind) Problem {
	p := ProblemFor(ctx, err)
	if factorial.OutcomeOf(err) == factorial.NotApplied {
		return p
	}
	if kind == repeatable {
		p.Title = i18n.T(ctx, "Factorial did not confirm the change")
		p.Detail = i18n.T(ctx, "Factorial did not answer, so Aula cannot tell whether the change was made: it may not have been saved. Doing it again is safe: it cannot be made twice.")
		p.Retry = true
		return p
	}
	return cannotTell(ctx, err, link{})
}

// cannotTell: a oneOff write without an answer, which Aula could not look up.
func cannotTell(ctx context.Context, err error, check link) Problem {
	p := ProblemFor(ctx, err)
	p.Title = i18n.T(ctx, "Aula cannot tell whether it was saved")
	p.Detail = i18n.T(ctx, "Factorial did not answer, and Aula could not look, so it cannot tell whether it was saved. Check before trying again, so nothing is made twice.")
	p.Retry = false
	p.CheckURL, p.CheckLabel = check.URL, check.Label
	return p
}

// lookup is what one read after an unanswered oneOff write found.
type lookup int

const (
	notSaved lookup = iota
	saved
	unknown
)

// lookAfter decides a oneOff write's outcome: known from err when Factorial
// refused it or never got it, otherwise from look, one read of the record
// just named (found reports it is there).
func lookAfter(err error, look func() (found bool, err error)) lookup {
	if factorial.OutcomeOf(err) == factorial.NotApplied {
		return notSaved
	}
	found, lerr := look()
	switch {
	case lerr != nil:
		return unknown
	case found:
		return saved
	}
	return notSaved
}

// What a notSavedProblem looked for.
type notThere int

const (
	categoryNotThere notThere = iota
	groupNotThere
	trainingNotThere
	enrolmentNotThere
	invitationNotThere
)

// notSavedProblem: Factorial did not answer, and Aula looked: what was sent
// is not there.
func notSavedProblem(ctx context.Context, err error, what notThere) Problem {
	p := ProblemFor(ctx, err)
	if factorial.OutcomeOf(err) == factorial.MaybeApplied {
		p.Title = i18n.T(ctx, "Not saved")
		switch what {
		case categoryNotThere:
			p.Detail = i18n.T(ctx, "Nothing was saved. Factorial did not answer, and Aula looked: the category is not there. Your input is kept below: try again.")
		case groupNotThere:
			p.Detail = i18n.T(ctx, "Nothing was saved. Factorial did not answer, and Aula looked: the group is not there. Your input is kept below: try again.")
		case invitationNotThere:
			p.Detail = i18n.T(ctx, "Nothing was saved. Factorial did not answer, and Aula looked: the invitation is not there. Your input is kept below: try again.")
		case enrolmentNotThere:
			p.Detail = i18n.T(ctx, "Nothing was saved. Factorial did not answer, and Aula looked: the enrolment is not there. Your input is kept below: try again.")
		default:
			p.Detail = i18n.T(ctx, "Nothing was saved. Factorial did not answer, and Aula looked: the training is not there. Your input is kept below: try again.")
		}
	}
	return p
}

// readProblem is a failed read before any write was sent: nothing changed.
func readProblem(ctx context.Context, err error) *Problem {
	p := ProblemFor(ctx, err)
	return &p
}

func ptr[T any](v T) *T { return &v }

// stillStatusDetail: a status change Factorial did not answer, and the
// training still has the status it had.
func stillStatusDetail(ctx context.Context, s *factorial.TrainingStatus) string {
	switch {
	case s == nil:
		return i18n.T(ctx, "Nothing was changed. Factorial did not answer, and Aula looked: the status has not changed. Try again.")
	case *s == factorial.TrainingDraft:
		return i18n.T(ctx, "Nothing was changed. Factorial did not answer, and Aula looked: the status is still Draft. Try again.")
	case *s == factorial.TrainingActive:
		return i18n.T(ctx, "Nothing was changed. Factorial did not answer, and Aula looked: the status is still Active. Try again.")
	case *s == factorial.TrainingDeleted:
		return i18n.T(ctx, "Nothing was changed. Factorial did not answer, and Aula looked: the status is still Deleted. Try again.")
	}
	return i18n.T(ctx, "Nothing was changed. Factorial did not answer, and Aula looked: the status is still %s. Try again.", s.Label())
}
