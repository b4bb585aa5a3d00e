package handlers

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/attendance"
	"github.com/aula-hr/aula/internal/catalogue"
	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/paths"
	"github.com/aula-hr/aula/internal/training"
	mw "github.com/aula-hr/aula/middleware"
	"github.com/aula-hr/aula/views/components/confirm"
	"github.com/aula-hr/aula/views/pages"
)

// Attendance is the trainer's area: today's sessions and each session's
// attendance sheet, its marks (checked against Factorial's current status
// before they are written), its paper sign-in sheet and its CSV.
type Attendance struct {
	*Handlers
	// writing holds one lock per person and session while a batch is
	// checked and written: a batch sent again after a lost answer waits
	// until the one before has finished, so an earlier mark never reaches
	// Factorial after a later one (in this instance; the check against the
	// seen status covers the rest).
	writing sync.Map // owner + session → *sync.Mutex
}

// NewAttendance builds the attendance area on the base handlers.
func NewAttendance(h *Handlers) *Attendance { return &Attendance{Handlers: h} }

func (a *Attendance) lock(c echo.Context) func() {
	m, _ := a.writing.LoadOrStore(owner(c)+"/"+c.Param("id"), &sync.Mutex{})
	mu := m.(*sync.Mutex)
	mu.Lock()
	return mu.Unlock
}

// What the attendance area reads and writes, as small views of the client.
type (
	attendanceRW interface {
		List(ctx context.Context, opts *factorial.AttendanceListOptions) (*factorial.Page[factorial.SessionAttendance], error)
		BulkUpdate(ctx context.Context, u factorial.AttendanceUpdate) ([]factorial.SessionAttendance, error)
	}
	sessionGetter interface {
		Get(ctx context.Context, id factorial.ID) (*factorial.Session, error)
		All(ctx context.Context, opts *factorial.SessionListOptions) ([]factorial.Session, error)
	}
	membershipLister interface {
		All(ctx context.Context, opts *factorial.MembershipListOptions) ([]factorial.TrainingMembership, error)
	}
)

type attendanceSource struct {
	sessions    sessionGetter
	attendances attendanceRW
	memberships membershipLister
	employees   training.EmployeeLister
	trainings   trainingReader
}

func attendanceSourceOf(cl *factorial.Client) attendanceSource {
	return attendanceSource{sessions: cl.Sessions, attendances: cl.Attendances, memberships: cl.Memberships, employees: cl.Employees, trainings: cl.Trainings}
}

// actor is the signed-in person with, for a trainer, the trainings they
// teach (read from Factorial in the same round trip as the rest).
func (a *Attendance) actor(ctx context.Context, c echo.Context, src attendanceSource) (Actor, error) {
	return a.withTeaching(ctx, actorOf(c), src.memberships)
}

func owner(c echo.Context) string {
	u := mw.User(c)
	return attendance.Owner(u.CompanyID, u.EmployeeID, u.LoginID)
}

// Today lists the sessions of today whose attendance the person marks: the
// ones not over yet first, in the order they start, then those that ended.
func (a *Attendance) Today(c echo.Context) error {
	ctx := c.Request().Context()
	src := attendanceSourceOf(mw.Client(c))
	now := a.now().In(a.zone())
	dayStart := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, a.zone())
	dayEnd := dayStart.AddDate(0, 0, 1)
	var sessions []factorial.Session
	var act Actor
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		sessions, err = src.sessions.All(gctx, &factorial.SessionListOptions{StartAfter: &dayStart, StartBefore: &dayEnd})
		return err
	})
	g.Go(func() (err error) { act, err = a.actor(gctx, c, src); return err })
	if err := g.Wait(); err != nil {
		return err
	}
	sessions = slices.DeleteFunc(sessions, func(s factorial.Session) bool {
		return !act.Can(MarkAttendance, Subject{TrainingID: s.TrainingID})
	})
	training.SessionsInOrder(sessions, a.zone())
	over := func(s factorial.Session) bool { return s.EndsAt != nil && s.EndsAt.Before(now) }
	slices.SortStableFunc(sessions, func(x, y factorial.Session) int { return cmp.Compare(b2i(over(x)), b2i(over(y))) })
	ids := make([]factorial.ID, 0, len(sessions))
	for _, s := range sessions {
		ids = append(ids, s.TrainingID)
	}
	trainings, err := training.Trainings(ctx, src.trainings, ids)
	if err != nil {
		return err
	}
	loc := i18n.From(ctx)
	p := pages.TodayProps{Date: loc.LongDate(now)}
	for _, s := range sessions {
		it := pages.TodaySession{Name: s.Name, Training: training.TrainingName(ctx, trainings[s.TrainingID]), Href: paths.Sheet(s.ID), Over: over(s)}
		if s.StartsAt != nil && s.EndsAt != nil {
			it.When = loc.TimeRange(*s.StartsAt, *s.EndsAt)
		} else if s.StartsAt != nil {
			it.When = loc.Time(*s.StartsAt)
		}
		if s.Location != nil {
			it.Where = *s.Location
		}
		p.Sessions = append(p.Sessions, it)
	}
	return a.page(c, http.StatusOK, i18n.T(ctx, "Today's sessions"), pages.Today(p))
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// sheet is one session's attendance as Factorial has it now.
type sheet struct {
	session  *factorial.Session
	training *factorial.Training
	rows     []factorial.SessionAttendance
	people   map[factorial.ID]*factorial.Employee
	byID     map[factorial.ID]factorial.SessionAttendance
}

func (s *sheet) maxHours() float64 {
	if s.session.Duration == nil {
		return 0
	}
	return s.session.Duration.DecimalHours()
}

func sessionIDOf(c echo.Context) (factorial.ID, error) {
	n, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || n <= 0 {
		return 0, echo.ErrNotFound
	}
	return factorial.ID(n), nil
}

// load reads the session and its attendances in one round trip and, with
// people, the names and the training's in a second; for a trainer what
// they teach beside both; it refuses a person who does not mark this
// session before anything is shown or written.
func (a *Attendance) load(c echo.Context, withPeople bool) (*sheet, error) {
	id, err := sessionIDOf(c)
	if err != nil {
		return nil, err
	}
	ctx := c.Request().Context()
	src := attendanceSourceOf(mw.Client(c))
	sh := &sheet{}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// What a trainer teaches (kept a while; read whole when not) runs
	// beside both rounds: the names are read while it is still coming, and
	// shown only once it allows.
	var act Actor
	teaching, tctx := errgroup.WithContext(ctx)
	teaching.Go(func() (err error) { act, err = a.actor(tctx, c, src); return err })
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { sh.session, err = src.sessions.Get(gctx, id); return err })
	g.Go(func() (err error) { sh.rows, err = sessionRows(gctx, src.attendances, id, pagesHint(c)); return err })
	if err := g.Wait(); err != nil {
		return nil, err
	}
	sh.byID = make(map[factorial.ID]factorial.SessionAttendance, len(sh.rows))
	for _, r := range sh.rows {
		sh.byID[r.ID] = r
	}
	people, pctx := errgroup.WithContext(ctx)
	if withPeople {
		var ids []factorial.ID
		for _, r := range sh.rows {
			if r.EmployeeID != nil {
				ids = append(ids, *r.EmployeeID)
			}
		}
		people.Go(func() (err error) { sh.people, err = training.Employees(pctx, src.employees, ids); return err })
		people.Go(func() error {
			ts, err := training.Trainings(pctx, src.trainings, []factorial.ID{sh.session.TrainingID})
			sh.training = ts[sh.session.TrainingID]
			return err
		})
	}
	if err := teaching.Wait(); err != nil {
		return nil, err
	}
	if !act.Can(MarkAttendance, Subject{TrainingID: sh.session.TrainingID}) {
		return nil, fmt.Errorf("%w: role %s does not mark this session's attendance", factorial.ErrForbidden, mw.User(c).Role)
	}
	if err := people.Wait(); err != nil {
		return nil, err
	}
	return sh, nil
}

// defaultPages is how many pages of a session's attendances are asked for
// at once when the page does not say how many rows it shows: a session of
// up to 300 people then costs one round trip, not one per 100 (the client
// reads page 1 alone first, for the many short lists of other screens).
const defaultPages = 3

// pagesHint is the number of pages the sheet's script says it shows
// (?rows=, the rows on screen), so a poll of a small session asks for one.
func pagesHint(c echo.Context) int {
	n, err := strconv.Atoi(c.QueryParam("rows"))
	if err != nil || n < 0 {
		return defaultPages
	}
	return min(max(1, (n+training.PageSize-1)/training.PageSize), 10)
}

// sessionRows reads every attendance of a session, pages at once
// (pagesAtOnce).
func sessionRows(ctx context.Context, r attendanceRW, session factorial.ID, pages int) ([]factorial.SessionAttendance, error) {
	return pagesAtOnce(ctx, pages, func(ctx context.Context, page int) (*factorial.Page[factorial.SessionAttendance], error) {
		return r.List(ctx, &factorial.AttendanceListOptions{SessionID: session, ListOptions: factorial.ListOptions{Page: page, Limit: training.PageSize}})
	}, func(a *factorial.SessionAttendance) factorial.ID { return a.ID })
}

// pagesAtOnce reads a list asking for its first pages pages at once and,
// when Factorial's total says there are more, for the rest at once after:
// a list of up to pages×100 rows is one round trip. A row on two pages
// (the list moved between reads) is kept once.
func pagesAtOnce[T any](ctx context.Context, pages int, list func(ctx context.Context, page int) (*factorial.Page[T], error), id func(*T) factorial.ID) ([]T, error) {
	read := func(from, to int) ([]*factorial.Page[T], error) {
		out := make([]*factorial.Page[T], to-from+1)
		g, gctx := errgroup.WithContext(ctx)
		for i := range out {
			g.Go(func() (err error) {
				out[i], err = list(gctx, from+i)
				return err
			})
		}
		return out, g.Wait()
	}
	got, err := read(1, pages)
	if err != nil {
		return nil, err
	}
	if total := got[0].Meta.Total; total > pages*training.PageSize {
		rest, err := read(pages+1, (total+training.PageSize-1)/training.PageSize)
		if err != nil {
			return nil, err
		}
		got = append(got, rest...)
	}
	seen := map[factorial.ID]bool{}
	var rows []T
	for _, p := range got {
		for k := range p.Data {
			if x := &p.Data[k]; !seen[id(x)] {
				seen[id(x)] = true
				rows = append(rows, *x)
			}
		}
	}
	return rows, nil
}

// namedRow is a row with its person's name, for the lists by name.
type namedRow struct {
	factorial.SessionAttendance
	Name string
	key  string // the name as the order compares it
}

// sortedRows are the rows by name (training.PersonSortName), as a paper
// list reads, each named in the language of ctx; each name is worked out
// once, not once per comparison (300 people take some 2,500).
func (sh *sheet) sortedRows(ctx context.Context) []namedRow {
	rows := make([]namedRow, len(sh.rows))
	for i, r := range sh.rows {
		rows[i] = namedRow{SessionAttendance: r}
		if r.EmployeeID != nil {
			e := sh.people[*r.EmployeeID]
			rows[i].Name, rows[i].key = training.PersonName(ctx, e), strings.ToLower(training.PersonSortName(e))
		}
	}
	slices.SortStableFunc(rows, func(x, y namedRow) int { return cmp.Compare(x.key, y.key) })
	return rows
}

// statusLabel is a status as the sheet shows it; the API's four, no others.
func statusLabel(ctx context.Context, s factorial.SessionAttendanceStatus) string {
	return pages.AttendanceStatus(ctx, string(s))
}

// statusLabels are the four status words in the request's language, looked
// up once for a list of rows.
func statusLabels(ctx context.Context) map[factorial.SessionAttendanceStatus]string {
	out := make(map[factorial.SessionAttendanceStatus]string, 4)
	for _, s := range []factorial.SessionAttendanceStatus{factorial.AttendancePending, factorial.AttendanceInProgress, factorial.AttendanceCompleted, factorial.AttendanceMissing} {
		out[s] = statusLabel(ctx, s)
	}
	return out
}

func hoursOf(r factorial.SessionAttendance) *float64 {
	if r.Status != factorial.AttendanceCompleted || r.CompletedDuration == nil {
		return nil
	}
	h := float64(*r.CompletedDuration)
	return &h
}

// Counter is "12 of 18 marked · 10 attended · 2 absent" in the request's language.
func counter(ctx context.Context, rows []factorial.SessionAttendance) string {
	var marked, attended, absent int
	for _, r := range rows {
		if r.Status != factorial.AttendancePending {
			marked++
		}
		switch r.Status {
		case factorial.AttendanceCompleted:
			attended++
		case factorial.AttendanceMissing:
			absent++
		}
	}
	return i18n.T(ctx, "%d of %d marked", marked, len(rows)) + " · " + i18n.T(ctx, "%d attended", attended) + " · " + i18n.T(ctx, "%d absent", absent)
}

// etag is the version of the sheet's statuses, for the conditional poll.
func etag(rows []factorial.SessionAttendance) string {
	h := sha256.New()
	for _, r := range rows {
		hours := ""
		if p := hoursOf(r); p != nil {
			hours = strconv.FormatFloat(*p, 'f', -1, 64)
		}
		fmt.Fprintf(h, "%d:%s:%s;", r.ID, r.Status, hours)
	}
	return `"` + hex.EncodeToString(h.Sum(nil)[:12]) + `"`
}

// Sheet is the attendance sheet: every participant with their status, one
// form per row (it works without scripts; attendance.js sends the same
// marks through the offline queue).
func (a *Attendance) Sheet(c echo.Context) error {
	sh, err := a.load(c, true)
	if err != nil {
		return err
	}
	return a.renderSheet(c, sh, sheetView{q: c.QueryParam("q"), more: c.QueryParam("more")})
}

// sheetView is how one answer shows the sheet: the rows refused with
// their messages and the hours typed there (kept as typed, their hours
// open), the name search, and the row whose less used marks are open.
type sheetView struct {
	errors map[factorial.ID]string
	typed  map[factorial.ID]string
	q      string
	more   string
}

func (a *Attendance) renderSheet(c echo.Context, sh *sheet, v sheetView) error {
	ctx := c.Request().Context()
	p := a.sheetProps(c, sh)
	p.Query = v.q
	for i := range p.Rows {
		id := factorial.ID(p.Rows[i].IDNum)
		if msg, ok := v.errors[id]; ok {
			p.Rows[i].Error, p.Rows[i].More = msg, true
			if h, ok := v.typed[id]; ok {
				p.Rows[i].Hours = h
			}
		}
		if v.more != "" && p.Rows[i].ID == v.more {
			p.Rows[i].More = true
		}
		if v.q != "" && !strings.Contains(strings.ToLower(p.Rows[i].Name), strings.ToLower(v.q)) {
			p.Rows[i].Hidden = true
		}
	}
	return a.page(c, http.StatusOK, i18n.T(ctx, "Attendance: %s", sh.session.Name), pages.Sheet(p))
}

func (a *Attendance) sheetProps(c echo.Context, sh *sheet) pages.SheetProps {
	ctx := c.Request().Context()
	loc := i18n.From(ctx)
	s := sh.session
	training.SessionsInOrder([]factorial.Session{*s}, a.zone())
	p := pages.SheetProps{
		SessionID: s.ID.String(), Session: s.Name, Training: training.TrainingName(ctx, sh.training),
		Owner: owner(c), MaxHours: sh.maxHours(),
		SheetURL: paths.Sheet(s.ID), MarksURL: paths.SheetMarks(s.ID), StateURL: paths.SheetState(s.ID), MarkAllURL: paths.SheetMarkAll(s.ID),
		PrintURL: paths.SheetPrint(s.ID), CSVURL: paths.SheetCSV(s.ID), TodayURL: paths.Attendance, SignInURL: mw.LoginURL(paths.Sheet(s.ID)),
		Counter: counter(ctx, sh.rows), Version: etag(sh.rows), Labels: pages.NewSheetLabels(ctx),
	}
	if s.StartsAt != nil {
		st := s.StartsAt.In(a.zone())
		p.When = loc.LongDate(st)
		if s.EndsAt != nil {
			p.When += ", " + loc.TimeRange(st, s.EndsAt.In(a.zone()))
		}
	}
	if s.Location != nil {
		p.Where = *s.Location
	}
	if p.MaxHours > 0 {
		p.MaxHoursText = loc.Decimal(p.MaxHours, 2)
	}
	labels := statusLabels(ctx)
	for _, r := range sh.sortedRows(ctx) {
		row := pages.SheetRow{ID: r.ID.String(), IDNum: int64(r.ID), Name: r.Name, Status: string(r.Status), StatusLabel: cmp.Or(labels[r.Status], string(r.Status))}
		if r.EmployeeID != nil {
			if e := sh.people[*r.EmployeeID]; e != nil && e.JobTitle != nil {
				row.JobTitle = *e.JobTitle
			}
		}
		if h := hoursOf(r.SessionAttendance); h != nil {
			row.Hours = loc.Decimal(*h, 2)
			row.HoursValue = strconv.FormatFloat(*h, 'f', -1, 64)
		}
		if row.Status == string(factorial.AttendancePending) {
			p.Unmarked++
		}
		p.Rows = append(p.Rows, row)
	}
	return p
}

// sheetState is the sheet's rows as the poll and the queue read them.
type sheetState struct {
	Owner   string     `json:"owner"`
	CSRF    string     `json:"csrf"`
	Version string     `json:"version"`
	Counter string     `json:"counter"`
	Rows    []stateRow `json:"rows"`
}

type stateRow struct {
	ID     factorial.ID                      `json:"id"`
	Status factorial.SessionAttendanceStatus `json:"status"`
	Label  string                            `json:"label"`
	Hours  *float64                          `json:"hours,omitempty"`
	Shown  string                            `json:"shown,omitempty"` // the hours as the language writes them
}

func stateRows(ctx context.Context, rows []factorial.SessionAttendance) []stateRow {
	out := make([]stateRow, 0, len(rows))
	labels := statusLabels(ctx)
	for _, r := range rows {
		sr := stateRow{ID: r.ID, Status: r.Status, Label: cmp.Or(labels[r.Status], string(r.Status)), Hours: hoursOf(r)}
		if sr.Hours != nil {
			sr.Shown = i18n.From(ctx).Decimal(*sr.Hours, 2)
		}
		out = append(out, sr)
	}
	return out
}

// State answers the sheet's statuses; with If-None-Match of the current
// version, 304 and no body, so a second device polls cheaply. It also
// carries the signed-in person's owner id and a fresh CSRF token, which the
// queue uses before it sends: a token of an ended sign-in is never reused.
func (a *Attendance) State(c echo.Context) error {
	sh, err := a.load(c, false)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	v := etag(sh.rows)
	hd := c.Response().Header()
	hd.Set("ETag", v)
	hd.Set(echo.HeaderCacheControl, "no-cache, private")
	if match := c.Request().Header.Get("If-None-Match"); match != "" && match == v {
		return c.NoContent(http.StatusNotModified)
	}
	return c.JSON(http.StatusOK, sheetState{Owner: owner(c), CSRF: mw.CSRFToken(c), Version: v, Counter: counter(ctx, sh.rows), Rows: stateRows(ctx, sh.rows)})
}

// markBatch is what the queue sends: the marks of one person for one session.
type markBatch struct {
	Owner string            `json:"owner"`
	Marks []attendance.Mark `json:"marks"`
}

// markResult is what became of one mark.
type markResult struct {
	ID      factorial.ID       `json:"id"`
	Outcome attendance.Outcome `json:"outcome"`
	Message string             `json:"message,omitempty"`
	Row     *stateRow          `json:"row,omitempty"` // the row as Factorial has it now
}

type markAnswer struct {
	Results []markResult `json:"results"`
	Counter string       `json:"counter"`
	Version string       `json:"version"`
}

// errOwner answers a batch queued by another person on this device.
var errOwner = errors.New("attendance: marks of another person")

// apply checks the marks against the rows as Factorial has them (one list
// call, in load) and writes the rest, one bulk_update per wanted state,
// concurrently. A write that fails leaves its marks "not saved yet" for
// the queue to send again; they set absolute states, so that is harmless.
func (a *Attendance) apply(c echo.Context, sh *sheet, marks []attendance.Mark) (markAnswer, error) {
	ctx := c.Request().Context()
	plan := attendance.Check(marks, sh.byID, sh.maxHours())
	src := attendanceSourceOf(mw.Client(c))
	written := make([][]factorial.SessionAttendance, len(plan.Writes))
	errs := make([]error, len(plan.Writes))
	// The writes finish even when the tablet gives up waiting: a write cut
	// off halfway would leave its outcome unknown for no gain.
	g, gctx := errgroup.WithContext(context.WithoutCancel(ctx))
	for i, w := range plan.Writes {
		g.Go(func() error {
			written[i], errs[i] = src.attendances.BulkUpdate(gctx, w)
			return nil
		})
	}
	_ = g.Wait()
	var ans markAnswer
	now := maps.Clone(sh.byID)
	var firstErr error
	for i, w := range plan.Writes {
		if errs[i] != nil {
			if firstErr == nil {
				firstErr = errs[i]
			}
			a.Log.WarnContext(ctx, "attendance write failed", "err", errs[i], "rows", len(w.IDs), "request_id", mw.RequestID(c))
			continue
		}
		for _, r := range written[i] {
			now[r.ID] = r
		}
		for _, id := range w.IDs {
			if _, ok := now[id]; ok {
				ans.Results = append(ans.Results, markResult{ID: id, Outcome: attendance.Saved})
			}
		}
	}
	for _, id := range plan.Already {
		ans.Results = append(ans.Results, markResult{ID: id, Outcome: attendance.Saved})
	}
	for id := range plan.Conflicts {
		ans.Results = append(ans.Results, markResult{ID: id, Outcome: attendance.Conflict, Message: i18n.T(ctx, "Changed elsewhere meanwhile.")})
	}
	for id, why := range plan.Refused {
		msg := i18n.T(ctx, why)
		if why == attendance.HoursRange {
			msg = i18n.T(ctx, attendance.HoursRange, i18n.From(ctx).Decimal(sh.maxHours(), 2))
		}
		ans.Results = append(ans.Results, markResult{ID: id, Outcome: attendance.Refused, Message: msg})
	}
	rows := make([]factorial.SessionAttendance, 0, len(sh.rows))
	for _, r := range sh.rows {
		rows = append(rows, now[r.ID])
	}
	cur := stateRows(ctx, rows)
	byID := map[factorial.ID]*stateRow{}
	for i := range cur {
		byID[cur[i].ID] = &cur[i]
	}
	for i := range ans.Results {
		ans.Results[i].Row = byID[ans.Results[i].ID]
	}
	slices.SortFunc(ans.Results, func(x, y markResult) int { return int(x.ID - y.ID) })
	ans.Counter, ans.Version = counter(ctx, rows), etag(rows)
	sh.rows = rows
	if len(plan.Writes) > 0 {
		a.afterWrite(c)
	}
	return ans, firstErr
}

// Marks takes marks. A JSON batch (the queue) is answered per mark; a form
// (one row's buttons, without scripts) goes back to the sheet.
func (a *Attendance) Marks(c echo.Context) error {
	ctx := c.Request().Context()
	isJSON := strings.HasPrefix(c.Request().Header.Get(echo.HeaderContentType), echo.MIMEApplicationJSON)
	var marks []attendance.Mark
	rowErr, typed := map[factorial.ID]string{}, map[factorial.ID]string{}
	if isJSON {
		var b markBatch
		if err := json.NewDecoder(c.Request().Body).Decode(&b); err != nil {
			return echo.NewHTTPError(http.StatusBadRequest, "not a batch of marks")
		}
		if b.Owner != owner(c) {
			// Marks queued by someone else on this device: never sent as
			// this person.
			return c.JSON(http.StatusConflict, map[string]string{"error": errOwner.Error()})
		}
		marks = b.Marks
	} else {
		id, _ := strconv.ParseInt(c.FormValue("id"), 10, 64)
		m := attendance.Mark{ID: factorial.ID(id), Status: factorial.SessionAttendanceStatus(c.FormValue("status")), Seen: factorial.SessionAttendanceStatus(c.FormValue("seen"))}
		// The hours count only from their own button ("Save hours", which
		// posts with=hours): the row's other buttons send the field too,
		// filled with the hours Factorial has, and mean a whole mark.
		if hs := strings.TrimSpace(c.FormValue("hours")); hs != "" && c.QueryParam("with") == "hours" {
			typed[m.ID] = hs
			plain, err := i18n.From(ctx).ParseDecimal(hs)
			h, perr := strconv.ParseFloat(plain, 64)
			if err != nil || perr != nil {
				rowErr[m.ID] = i18n.From(ctx).NumberError()
			} else {
				m.Hours = &h
			}
		}
		if len(rowErr) == 0 {
			marks = []attendance.Mark{m}
		}
	}
	unlock := a.lock(c)
	sh, err := a.load(c, !isJSON)
	if err != nil {
		unlock()
		return err
	}
	ans, werr := a.apply(c, sh, marks)
	unlock()
	if isJSON {
		if werr != nil {
			p := writeProblem(c.Request().Context(), werr, repeatable)
			return c.JSON(http.StatusBadGateway, map[string]any{"error": p.Title, "results": ans.Results, "counter": ans.Counter})
		}
		return c.JSON(http.StatusOK, ans)
	}
	if werr != nil {
		return writeFailed(werr, repeatable, link{})
	}
	for _, r := range ans.Results {
		switch r.Outcome {
		case attendance.Refused:
			rowErr[r.ID] = r.Message
		case attendance.Conflict:
			rowErr[r.ID] = r.Message + " " + i18n.T(ctx, "Look at the row and mark it again if you still mean it.")
		}
	}
	if len(rowErr) > 0 {
		return a.renderSheet(c, sh, sheetView{errors: rowErr, typed: typed})
	}
	return Redirect(c, paths.Sheet(sh.session.ID)+"#row-"+c.FormValue("id"))
}

// ConfirmMarkAll asks before marking every unmarked person as attended
// (the sheet's script asks in a dialog instead).
func (a *Attendance) ConfirmMarkAll(c echo.Context) error {
	sh, err := a.load(c, true)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	var names []string
	for _, r := range sh.sortedRows(ctx) {
		if r.Status == factorial.AttendancePending {
			names = append(names, r.Name)
		}
	}
	p := confirm.Props{
		Title: i18n.T(ctx, "Mark all unmarked as attended"),
		Intro: i18n.T(ctx, "%d people not marked yet will be marked as attended. Marks already made stay as they are.", len(names)),
		Items: names, Action: paths.SheetMarkAll(sh.session.ID), CancelHref: paths.Sheet(sh.session.ID),
		ConfirmLabel: i18n.T(ctx, "Mark them as attended"),
	}
	return a.page(c, http.StatusOK, p.Title, confirm.Confirm(p))
}

// MarkAll marks every row still pending as attended, in one bulk_update;
// a row marked meanwhile is left as it is.
func (a *Attendance) MarkAll(c echo.Context) error {
	defer a.lock(c)()
	sh, err := a.load(c, false)
	if err != nil {
		return err
	}
	if c.FormValue("confirmed") != "yes" {
		return Redirect(c, paths.SheetMarkAll(sh.session.ID))
	}
	var marks []attendance.Mark
	for _, r := range sh.rows {
		if r.Status == factorial.AttendancePending {
			marks = append(marks, attendance.Mark{ID: r.ID, Status: factorial.AttendanceCompleted, Seen: factorial.AttendancePending})
		}
	}
	if _, err := a.apply(c, sh, marks); err != nil {
		return err
	}
	a.flash(c, "success", i18n.T(c.Request().Context(), "%d people marked as attended.", len(marks)))
	return Redirect(c, paths.Sheet(sh.session.ID))
}

// Print is the paper sign-in sheet: the session's details, the names and a
// column to sign, on A4 (print CSS).
func (a *Attendance) Print(c echo.Context) error {
	sh, err := a.load(c, true)
	if err != nil {
		return err
	}
	p := a.sheetProps(c, sh)
	return a.page(c, http.StatusOK, i18n.T(c.Request().Context(), "Sign-in sheet: %s", sh.session.Name), pages.SignInSheet(p))
}

// CSV is the roster with each person's status and hours.
func (a *Attendance) CSV(c echo.Context) error {
	sh, err := a.load(c, true)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	hd := c.Response().Header()
	hd.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	hd.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="attendance-session-%s.csv"`, sh.session.ID))
	c.Response().WriteHeader(http.StatusOK)
	w := csv.NewWriter(c.Response())
	labels := statusLabels(ctx)
	_ = w.Write([]string{i18n.T(ctx, "Name"), i18n.T(ctx, "Job title"), i18n.T(ctx, "Email"), i18n.T(ctx, "Status"), i18n.T(ctx, "Hours")})
	for _, r := range sh.sortedRows(ctx) {
		var title, email, hours string
		if r.EmployeeID != nil {
			if e := sh.people[*r.EmployeeID]; e != nil {
				if e.JobTitle != nil {
					title = *e.JobTitle
				}
				if e.Email != nil {
					email = *e.Email
				}
			}
		}
		if h := hoursOf(r.SessionAttendance); h != nil {
			hours = strconv.FormatFloat(*h, 'f', -1, 64)
		}
		_ = w.Write([]string{catalogue.SafeCell(r.Name), catalogue.SafeCell(title), catalogue.SafeCell(email), labels[r.Status], hours})
	}
	w.Flush()
	return w.Error()
}
