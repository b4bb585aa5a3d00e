package handlers

import (
	"context"
	"fmt"

	"github.com/labstack/echo/v4"

	"github.com/aula-hr/aula/factorial"
	mw "github.com/aula-hr/aula/middleware"
)

// Action is something a person does in Aula that not everyone may do.
type Action int

// The actions Aula checks. Factorial decides again on every write; Aula asks
// first so that handlers refuse before work is lost and views hide what a
// person cannot use.
const (
	// EditCatalogue: trainings, categories, groups, enrolments.
	EditCatalogue Action = iota
	// SetCompletion: the completion date of an enrolment.
	SetCompletion
	// MarkAttendance: who attended a session of a training.
	MarkAttendance
	// ReviewCompletion: whether a person completed a training.
	ReviewCompletion
	// ReadCatalogue: the catalogue and the training pages, read only. As in
	// Factorial, everyone reads the catalogue; Factorial decides which
	// trainings each person is shown.
	ReadCatalogue
	// ReviewOverdue: the list of overdue trainings of the people one
	// answers for (paths.TeamOverdue): HR everyone's, a manager their
	// reports' (each row is still checked with ReviewCompletion).
	ReviewOverdue
	// OpenAttendance: the list of today's sessions to mark (paths.Attendance):
	// HR and trainers (each sheet is still checked with MarkAttendance).
	OpenAttendance
	// ReadCalendar: the calendar of sessions and its feed (paths.Calendar):
	// everyone with a role; Factorial decides which sessions each sees.
	ReadCalendar
	// ReviewTeam: the completion review of a team (paths.Team): HR the
	// company's or any manager's, a manager their reports' (each person is
	// still checked with ReviewCompletion).
	ReviewTeam
)

// Subject is what an action is about: a training, a person, or both.
type Subject struct {
	TrainingID factorial.ID
	EmployeeID factorial.ID
}

// Actor is the signed-in person with what they answer for. Factorial's API
// names neither: a trainer teaches the trainings whose other people's
// enrolments Factorial shows them (TaughtTrainings); a manager's reports are
// the people whose manager chain leads to them (training.Reports).
type Actor struct {
	Role       mw.Role
	EmployeeID factorial.ID
	Teaches    map[factorial.ID]bool // trainer: training ids
	Reports    map[factorial.ID]bool // manager: employee ids, direct and indirect
}

// Can is the one permission check: HR does everything; a trainer marks the
// attendance of, and reviews, the trainings they teach; a manager reviews
// their reports and has their overdue list; an employee reviews themselves.
// Everyone with a role reads the catalogue. Only HR edits the catalogue and
// sets completion dates.
func (a Actor) Can(act Action, s Subject) bool {
	if a.Role == mw.RoleHR {
		return true
	}
	teaches := a.Role == mw.RoleTrainer && s.TrainingID != 0 && a.Teaches[s.TrainingID]
	switch act {
	case ReadCatalogue, ReadCalendar:
		return a.Role == mw.RoleTrainer || a.Role == mw.RoleManager || a.Role == mw.RoleEmployee
	case ReviewOverdue:
		return a.Role == mw.RoleManager
	case OpenAttendance:
		return a.Role == mw.RoleTrainer
	case ReviewTeam:
		return a.Role == mw.RoleManager
	case MarkAttendance:
		return teaches
	case ReviewCompletion:
		self := a.EmployeeID != 0 && s.EmployeeID == a.EmployeeID
		return self || teaches || a.Role == mw.RoleManager && s.EmployeeID != 0 && a.Reports[s.EmployeeID]
	}
	return false
}

// actorOf is the signed-in person of c, with the role alone: enough for the
// catalogue's actions. Screens that check a trainer's trainings or a
// manager's reports fill Teaches and Reports from Factorial first.
func actorOf(c echo.Context) Actor {
	u := mw.User(c)
	if u == nil {
		return Actor{}
	}
	return Actor{Role: u.Role, EmployeeID: u.EmployeeID}
}

// can reports whether the signed-in person may do act on s (views hide
// what it refuses).
func can(c echo.Context, act Action, s Subject) bool { return actorOf(c).Can(act, s) }

// require refuses act on s before anything is filled in or looked up:
// Factorial would refuse the write anyway, but only after the person had
// done the work. The page says they are not permitted.
func require(c echo.Context, act Action, s Subject) error {
	if !can(c, act, s) {
		return fmt.Errorf("%w: role %s may not do this in Aula", factorial.ErrForbidden, mw.User(c).Role)
	}
	return nil
}

// withTeaching is the signed-in person with, for a trainer, the trainings
// they teach, read from the enrolments Factorial shows them (one call, which
// callers run alongside their other reads).
func withTeaching(ctx context.Context, act Actor, ms membershipLister) (Actor, error) {
	if act.Role != mw.RoleTrainer {
		return act, nil
	}
	visible, err := ms.All(ctx, &factorial.MembershipListOptions{})
	if err != nil {
		return act, err
	}
	act.Teaches = TaughtTrainings(act.EmployeeID, visible)
	return act, nil
}

// TaughtTrainings are the trainings a trainer teaches, from the enrolments
// Factorial shows them: those of trainings they teach, and their own.
func TaughtTrainings(self factorial.ID, visible []factorial.TrainingMembership) map[factorial.ID]bool {
	out := map[factorial.ID]bool{}
	for _, m := range visible {
		if m.EmployeeID != self {
			out[m.TrainingID] = true
		}
	}
	return out
}
