package handlers

import (
	"context"
	"fmt"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/usercache"
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
	key        string                // whose per-user caches (cacheKey)
	company    factorial.ID          // whose page-count hints (readHinted)
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
	return Actor{Role: u.Role, EmployeeID: u.EmployeeID, key: u.LoginID, company: u.CompanyID}
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
// they teach, read from the enrolments Factorial shows them (every one: page
// 1, then the rest at once, which callers run alongside their other reads)
// and kept per user for teachingTTL (no write of Aula changes whom a
// trainer teaches): a trainer's taps and polls, and the sheets they open
// next, cost nothing more.
func (h *Handlers) withTeaching(ctx context.Context, act Actor, ms membershipLister) (Actor, error) {
	if act.Role != mw.RoleTrainer {
		return act, nil
	}
	read := func(ctx context.Context) ([]factorial.ID, error) {
		visible, err := ms.All(ctx, &factorial.MembershipListOptions{})
		if err != nil {
			return nil, err
		}
		return keys(TaughtTrainings(act.EmployeeID, visible)), nil
	}
	var ids []factorial.ID
	var err error
	if h.teaching != nil && act.key != "" {
		ids, _, err = h.teaching.Get(ctx, act.key, read)
	} else {
		ids, err = read(ctx)
	}
	if err != nil {
		return act, err
	}
	act.Teaches = make(map[factorial.ID]bool, len(ids))
	for _, id := range ids {
		act.Teaches[id] = true
	}
	return act, nil
}

// teachingTTL: how long the trainings a trainer teaches are kept. Factorial
// decides again on every write (it refuses a mark on a session the trainer
// no longer teaches), so a change reaches Aula's pages within this time.
const teachingTTL = 45 * time.Second

func newTeaching() *usercache.Cache[factorial.ID] {
	return usercache.New[factorial.ID](teachingTTL, 1_000_000) // training ids held across users
}

// teaches is whether a trainer teaches one training: Factorial shows a
// trainer every enrolment of the trainings they teach and their own, so
// they teach it when they see more of its enrolments than their own. Two
// counts at once (one-record pages), however large the training.
func teaches(ctx context.Context, ms interface {
	Count(ctx context.Context, opts *factorial.MembershipListOptions) (int, error)
}, act Actor, training factorial.ID) (map[factorial.ID]bool, error) {
	var all, own int
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		all, err = ms.Count(gctx, &factorial.MembershipListOptions{TrainingID: training})
		return err
	})
	g.Go(func() (err error) {
		own, err = ms.Count(gctx, &factorial.MembershipListOptions{TrainingID: training, EmployeeID: act.EmployeeID})
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return map[factorial.ID]bool{training: all > own}, nil
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
