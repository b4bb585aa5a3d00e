package sandbox

import (
	"slices"
	"sort"
	"strconv"

	"github.com/aula-hr/aula/factorial"
)

// table keeps the records of one resource by id, with the ids sorted so that
// lists and cursors walk them in ascending order. Small ids (all generated
// ones) are found in a dense slice, others in a map.
type table[T any] struct {
	byID  map[int64]*T
	dense []*T
	ids   []int64
}

const maxDense = 1 << 21

func newTable[T any](n int) table[T] {
	return table[T]{byID: make(map[int64]*T, n), ids: make([]int64, 0, n)}
}

func (t *table[T]) put(id int64, v *T) {
	if id >= 0 && id < maxDense {
		if int(id) >= len(t.dense) {
			t.dense = append(t.dense, make([]*T, int(id)+1-len(t.dense))...)
		}
		t.dense[id] = v
	}
	if _, ok := t.byID[id]; !ok {
		if n := len(t.ids); n == 0 || t.ids[n-1] < id {
			t.ids = append(t.ids, id)
		} else {
			i, _ := slices.BinarySearch(t.ids, id)
			t.ids = slices.Insert(t.ids, i, id)
		}
	}
	t.byID[id] = v
}

func (t *table[T]) get(id int64) *T {
	if id >= 0 && id < int64(len(t.dense)) {
		return t.dense[id]
	}
	return t.byID[id]
}

func (t *table[T]) del(id int64) {
	if _, ok := t.byID[id]; !ok {
		return
	}
	delete(t.byID, id)
	if id >= 0 && id < int64(len(t.dense)) {
		t.dense[id] = nil
	}
	if i, ok := slices.BinarySearch(t.ids, id); ok {
		t.ids = slices.Delete(t.ids, i, i+1)
	}
}

// values returns copies of every record in id order.
func (t *table[T]) values() []T {
	out := make([]T, 0, len(t.ids))
	for _, id := range t.ids {
		out = append(out, *t.byID[id])
	}
	return out
}

// index maps a key (a training, a session, an employee) to the sorted ids of
// the records that hang off it.
type index map[int64][]int64

func (x index) add(key, id int64) {
	s := x[key]
	if n := len(s); n == 0 || s[n-1] < id {
		x[key] = append(s, id)
		return
	}
	i, found := slices.BinarySearch(s, id)
	if !found {
		x[key] = slices.Insert(s, i, id)
	}
}

func (x index) remove(key, id int64) {
	s := x[key]
	if i, ok := slices.BinarySearch(s, id); ok {
		s = slices.Delete(s, i, i+1)
		if len(s) == 0 {
			delete(x, key)
		} else {
			x[key] = s
		}
	}
}

// State is a deep copy of the sandbox's data, for assertions in tests and for
// saving to and loading from a JSON file. Slices are in id order.
type State struct {
	CompanyID                factorial.ID                        `json:"company_id"`
	Employees                []factorial.Employee                `json:"employees"`
	Categories               []factorial.TrainingCategory        `json:"categories"`
	Trainings                []factorial.Training                `json:"trainings"`
	Classes                  []factorial.TrainingClass           `json:"training_classes"`
	Sessions                 []factorial.Session                 `json:"sessions"`
	SessionAccessMemberships []factorial.SessionAccessMembership `json:"session_access_memberships"`
	SessionAttendances       []factorial.SessionAttendance       `json:"session_attendances"`
	TrainingMemberships      []factorial.TrainingMembership      `json:"training_memberships"`
	// Teachers maps a training id to the employees who teach it.
	Teachers map[factorial.ID][]factorial.ID `json:"teachers"`
	// Personas maps a persona key to its employee id.
	Personas map[string]factorial.ID `json:"personas"`
	// NextIDs holds the next id per resource.
	NextIDs map[string]int64 `json:"next_ids"`
}

// Training returns the training with the id, or nil.
func (st *State) Training(id factorial.ID) *factorial.Training {
	for i := range st.Trainings {
		if st.Trainings[i].ID == id {
			return &st.Trainings[i]
		}
	}
	return nil
}

// Session returns the session with the id, or nil.
func (st *State) Session(id factorial.ID) *factorial.Session {
	for i := range st.Sessions {
		if st.Sessions[i].ID == id {
			return &st.Sessions[i]
		}
	}
	return nil
}

// Attendance returns the session attendance with the id, or nil.
func (st *State) Attendance(id factorial.ID) *factorial.SessionAttendance {
	for i := range st.SessionAttendances {
		if st.SessionAttendances[i].ID == id {
			return &st.SessionAttendances[i]
		}
	}
	return nil
}

// Membership returns the training membership with the id, or nil.
func (st *State) Membership(id factorial.ID) *factorial.TrainingMembership {
	for i := range st.TrainingMemberships {
		if st.TrainingMemberships[i].ID == id {
			return &st.TrainingMemberships[i]
		}
	}
	return nil
}

// store is the live data with its indexes. It is guarded by Sandbox.mu.
type store struct {
	company     factorial.ID
	employees   table[factorial.Employee]
	categories  table[factorial.TrainingCategory]
	trainings   table[factorial.Training]
	classes     table[factorial.TrainingClass]
	sessions    table[factorial.Session]
	access      table[factorial.SessionAccessMembership]
	attendances table[factorial.SessionAttendance]
	memberships table[factorial.TrainingMembership]
	teachers    map[factorial.ID][]factorial.ID
	personas    map[string]factorial.ID
	next        map[string]int64

	memByTraining   index
	memByEmployee   index
	sessByTraining  index
	sessByClass     index
	classByTraining index
	accBySession    index
	accByEmployee   index
	attByAccess     map[int64]int64
	empByAccess     map[int64]int64
	reports         index // manager -> direct reports
}

const (
	resEmployee   = "employees"
	resCategory   = "categories"
	resTraining   = "trainings"
	resClass      = "training_classes"
	resSession    = "sessions"
	resAccess     = "session_access_memberships"
	resAttendance = "session_attendances"
	resMembership = "training_memberships"
)

func (s *store) newID(res string) int64 {
	id := s.next[res]
	if id == 0 {
		id = 1
	}
	s.next[res] = id + 1
	return id
}

func classKey(id factorial.ClassID) (int64, bool) {
	n, err := strconv.ParseInt(string(id), 10, 64)
	return n, err == nil
}

func newStore(st *State) *store {
	s := &store{
		company:         st.CompanyID,
		employees:       newTable[factorial.Employee](len(st.Employees)),
		categories:      newTable[factorial.TrainingCategory](len(st.Categories)),
		trainings:       newTable[factorial.Training](len(st.Trainings)),
		classes:         newTable[factorial.TrainingClass](len(st.Classes)),
		sessions:        newTable[factorial.Session](len(st.Sessions)),
		access:          newTable[factorial.SessionAccessMembership](len(st.SessionAccessMemberships)),
		attendances:     newTable[factorial.SessionAttendance](len(st.SessionAttendances)),
		memberships:     newTable[factorial.TrainingMembership](len(st.TrainingMemberships)),
		teachers:        map[factorial.ID][]factorial.ID{},
		personas:        map[string]factorial.ID{},
		next:            map[string]int64{},
		memByTraining:   index{},
		memByEmployee:   index{},
		sessByTraining:  index{},
		sessByClass:     index{},
		classByTraining: index{},
		accBySession:    index{},
		accByEmployee:   index{},
		attByAccess:     make(map[int64]int64, len(st.SessionAttendances)),
		empByAccess:     make(map[int64]int64, len(st.Employees)),
		reports:         index{},
	}
	for k, v := range st.Teachers {
		s.teachers[k] = slices.Clone(v)
	}
	for k, v := range st.Personas {
		s.personas[k] = v
	}
	for k, v := range st.NextIDs {
		s.next[k] = v
	}
	for _, e := range st.Employees {
		s.putEmployee(clone(e))
	}
	for _, c := range st.Categories {
		c := c
		s.categories.put(int64(c.ID), &c)
	}
	for _, t := range st.Trainings {
		t := t
		t.CategoryIDs = slices.Clone(t.CategoryIDs)
		t.CompetencyIDs = slices.Clone(t.CompetencyIDs)
		s.trainings.put(int64(t.ID), &t)
	}
	for _, c := range st.Classes {
		s.putClass(clone(c))
	}
	for _, x := range st.Sessions {
		x := x
		x.SessionAttendanceIDs = nil
		s.putSession(&x)
	}
	for _, a := range st.SessionAccessMemberships {
		s.putAccess(clone(a))
	}
	for _, a := range st.SessionAttendances {
		s.putAttendance(clone(a))
	}
	for _, m := range st.TrainingMemberships {
		s.putMembership(clone(m))
	}
	// make sure next ids are past every existing id
	bump := func(res string, ids []int64) {
		if n := len(ids); n > 0 && s.next[res] <= ids[n-1] {
			s.next[res] = ids[n-1] + 1
		}
	}
	bump(resEmployee, s.employees.ids)
	bump(resCategory, s.categories.ids)
	bump(resTraining, s.trainings.ids)
	bump(resClass, s.classes.ids)
	bump(resSession, s.sessions.ids)
	bump(resAccess, s.access.ids)
	bump(resAttendance, s.attendances.ids)
	bump(resMembership, s.memberships.ids)
	return s
}

func clone[T any](v T) *T { return &v }

func (s *store) putEmployee(e *factorial.Employee) {
	s.employees.put(int64(e.ID), e)
	s.empByAccess[int64(e.AccessID)] = int64(e.ID)
	if e.ManagerID != nil {
		s.reports.add(int64(*e.ManagerID), int64(e.ID))
	}
}

func (s *store) putClass(c *factorial.TrainingClass) {
	k, _ := classKey(c.ID)
	s.classes.put(k, c)
	s.classByTraining.add(int64(c.TrainingID), k)
}

func (s *store) putSession(x *factorial.Session) {
	s.sessions.put(int64(x.ID), x)
	s.sessByTraining.add(int64(x.TrainingID), int64(x.ID))
	if x.TrainingClassID != nil {
		if k, ok := classKey(*x.TrainingClassID); ok {
			s.sessByClass.add(k, int64(x.ID))
		}
	}
}

func (s *store) putAccess(a *factorial.SessionAccessMembership) {
	s.access.put(int64(a.ID), a)
	s.accBySession.add(int64(a.SessionID), int64(a.ID))
	if a.EmployeeID != nil {
		s.accByEmployee.add(int64(*a.EmployeeID), int64(a.ID))
	}
}

func (s *store) putAttendance(a *factorial.SessionAttendance) {
	s.attendances.put(int64(a.ID), a)
	s.attByAccess[int64(a.SessionAccessMembershipID)] = int64(a.ID)
}

func (s *store) putMembership(m *factorial.TrainingMembership) {
	s.memberships.put(int64(m.ID), m)
	s.memByTraining.add(int64(m.TrainingID), int64(m.ID))
	s.memByEmployee.add(int64(m.EmployeeID), int64(m.ID))
}

func (s *store) deleteMembership(id int64) *factorial.TrainingMembership {
	m := s.memberships.get(id)
	if m == nil {
		return nil
	}
	s.memberships.del(id)
	s.memByTraining.remove(int64(m.TrainingID), id)
	s.memByEmployee.remove(int64(m.EmployeeID), id)
	return m
}

// deleteAccess removes an access membership and the attendance hanging off it.
func (s *store) deleteAccess(id int64) *factorial.SessionAccessMembership {
	a := s.access.get(id)
	if a == nil {
		return nil
	}
	s.access.del(id)
	s.accBySession.remove(int64(a.SessionID), id)
	if a.EmployeeID != nil {
		s.accByEmployee.remove(int64(*a.EmployeeID), id)
	}
	if att, ok := s.attByAccess[id]; ok {
		s.attendances.del(att)
		delete(s.attByAccess, id)
	}
	return a
}

// deleteSession removes a session, its access memberships and attendances.
func (s *store) deleteSession(id int64) *factorial.Session {
	x := s.sessions.get(id)
	if x == nil {
		return nil
	}
	for _, a := range slices.Clone(s.accBySession[id]) {
		s.deleteAccess(a)
	}
	s.sessions.del(id)
	s.sessByTraining.remove(int64(x.TrainingID), id)
	if x.TrainingClassID != nil {
		if k, ok := classKey(*x.TrainingClassID); ok {
			s.sessByClass.remove(k, id)
		}
	}
	return x
}

// deleteClass removes a training class; its sessions stay, without a class.
func (s *store) deleteClass(k int64) *factorial.TrainingClass {
	c := s.classes.get(k)
	if c == nil {
		return nil
	}
	for _, sid := range s.sessByClass[k] {
		if x := s.sessions.get(sid); x != nil {
			x.TrainingClassID = nil
		}
	}
	delete(s.sessByClass, k)
	s.classes.del(k)
	s.classByTraining.remove(int64(c.TrainingID), k)
	return c
}

// deleteTraining removes a training and everything that hangs off it.
func (s *store) deleteTraining(id int64) *factorial.Training {
	t := s.trainings.get(id)
	if t == nil {
		return nil
	}
	for _, sid := range slices.Clone(s.sessByTraining[id]) {
		s.deleteSession(sid)
	}
	for _, k := range slices.Clone(s.classByTraining[id]) {
		s.deleteClass(k)
	}
	for _, m := range slices.Clone(s.memByTraining[id]) {
		s.deleteMembership(m)
	}
	delete(s.teachers, factorial.ID(id))
	s.trainings.del(id)
	return t
}

func (s *store) snapshot() *State {
	st := &State{
		CompanyID:                s.company,
		Employees:                s.employees.values(),
		Categories:               s.categories.values(),
		Trainings:                s.trainings.values(),
		Classes:                  s.classes.values(),
		Sessions:                 s.sessions.values(),
		SessionAccessMemberships: s.access.values(),
		SessionAttendances:       s.attendances.values(),
		TrainingMemberships:      s.memberships.values(),
		Teachers:                 map[factorial.ID][]factorial.ID{},
		Personas:                 map[string]factorial.ID{},
		NextIDs:                  map[string]int64{},
	}
	for i := range st.Trainings {
		st.Trainings[i].CategoryIDs = slices.Clone(st.Trainings[i].CategoryIDs)
		st.Trainings[i].CompetencyIDs = slices.Clone(st.Trainings[i].CompetencyIDs)
	}
	for i := range st.Employees {
		st.Employees[i].TeamIDs = slices.Clone(st.Employees[i].TeamIDs)
	}
	for i := range st.Sessions {
		st.Sessions[i].SessionAttendanceIDs = s.sessionAttendanceIDs(int64(st.Sessions[i].ID))
	}
	for k, v := range s.teachers {
		st.Teachers[k] = slices.Clone(v)
	}
	for k, v := range s.personas {
		st.Personas[k] = v
	}
	for k, v := range s.next {
		st.NextIDs[k] = v
	}
	return st
}

func (s *store) sessionAttendanceIDs(sessionID int64) []factorial.ID {
	acc := s.accBySession[sessionID]
	out := make([]factorial.ID, 0, len(acc))
	for _, a := range acc {
		if att, ok := s.attByAccess[a]; ok {
			out = append(out, factorial.ID(att))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// reportsOf returns the direct and indirect reports of a manager.
func (s *store) reportsOf(manager int64) map[int64]bool {
	out := map[int64]bool{}
	queue := []int64{manager}
	for len(queue) > 0 {
		m := queue[0]
		queue = queue[1:]
		for _, r := range s.reports[m] {
			if !out[r] && r != manager {
				out[r] = true
				queue = append(queue, r)
			}
		}
	}
	return out
}
