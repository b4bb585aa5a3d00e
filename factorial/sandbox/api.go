package sandbox

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aula-hr/aula/factorial"
)

func (s *Sandbox) serveAPI(w http.ResponseWriter, r *http.Request, resource string, v *viewer) {
	parts := strings.Split(resource, "/")
	if len(parts) < 2 || len(parts) > 3 {
		writeError(w, http.StatusNotFound, "not_found", "no such resource")
		return
	}
	name := parts[0] + "/" + parts[1]
	sub := ""
	if len(parts) == 3 {
		sub = parts[2]
	}
	var err error
	switch name {
	case "trainings/trainings":
		err = s.trainingsRoute(w, r, v, sub)
	case "trainings/categories":
		err = s.categoriesRoute(w, r, v, sub)
	case "trainings/training_classes":
		err = s.classesRoute(w, r, v, sub)
	case "trainings/sessions":
		err = s.sessionsRoute(w, r, v, sub)
	case "trainings/session_access_memberships":
		err = s.accessRoute(w, r, v, sub)
	case "trainings/session_attendances":
		err = s.attendancesRoute(w, r, v, sub)
	case "trainings/training_memberships":
		err = s.membershipsRoute(w, r, v, sub)
	case "employees/employees":
		err = s.employeesRoute(w, r, v, sub)
	case "api_public/credentials":
		if sub != "" || r.Method != http.MethodGet {
			err = notFound("route")
		} else {
			err = s.credentials(w, v)
		}
	default:
		err = notFound("resource " + name)
	}
	if err != nil {
		fail(w, err)
	}
}

func noRoute() error { return &apiErr{http.StatusNotFound, "no such route"} }

// dispatch routes a resource: "" list/create, numeric id get/put/delete, or an action.
type routes struct {
	list    func() error
	create  func() error
	get     func(id int64) error
	update  func(id int64) error
	remove  func(id int64) error
	actions map[string]func() error
}

func dispatch(r *http.Request, sub string, rt routes) error {
	if sub == "" {
		switch {
		case r.Method == http.MethodGet && rt.list != nil:
			return rt.list()
		case r.Method == http.MethodPost && rt.create != nil:
			return rt.create()
		}
		return noRoute()
	}
	if act, ok := rt.actions[sub]; ok {
		if r.Method != http.MethodPost {
			return noRoute()
		}
		return act()
	}
	id, err := pathID(sub)
	if err != nil {
		return err
	}
	switch {
	case r.Method == http.MethodGet && rt.get != nil:
		return rt.get(id)
	case (r.Method == http.MethodPut || r.Method == http.MethodPatch) && rt.update != nil:
		return rt.update(id)
	case r.Method == http.MethodDelete && rt.remove != nil:
		return rt.remove(id)
	}
	return noRoute()
}

// --- permissions ---------------------------------------------------------

// seesPerson reports whether v may see the personal data of employee e:
// admins everyone, others themselves, managers their direct and indirect reports.
func (v *viewer) seesPerson(e int64) bool {
	return v.admin() || e == v.employee || v.reports[e]
}

func (s *Sandbox) seesTraining(v *viewer, t *factorial.Training) bool {
	switch v.role {
	case RoleAdmin:
		return true
	case RoleTrainer:
		return t.Status == nil || *t.Status != factorial.TrainingDeleted
	}
	if t.Status == nil || *t.Status != factorial.TrainingActive {
		return false
	}
	if t.Catalog {
		return true
	}
	for _, m := range s.st.memByTraining[int64(t.ID)] {
		if ms := s.st.memberships.get(m); ms != nil && v.seesPerson(int64(ms.EmployeeID)) {
			return true
		}
	}
	return false
}

// seesSession: admins and trainers see every session; others the sessions
// they (or their reports) are invited to.
func (s *Sandbox) seesSession(v *viewer, x *factorial.Session) bool {
	if v.admin() || v.role == RoleTrainer {
		return true
	}
	for _, a := range s.st.accBySession[int64(x.ID)] {
		if acc := s.st.access.get(a); acc != nil && acc.EmployeeID != nil && v.seesPerson(int64(*acc.EmployeeID)) {
			return true
		}
	}
	return false
}

func (s *Sandbox) seesAccess(v *viewer, a *factorial.SessionAccessMembership) bool {
	if v.admin() || (a.EmployeeID != nil && v.seesPerson(int64(*a.EmployeeID))) {
		return true
	}
	if v.teaches != nil {
		if x := s.st.sessions.get(int64(a.SessionID)); x != nil && v.teaches[int64(x.TrainingID)] {
			return true
		}
	}
	return false
}

func (s *Sandbox) seesMembership(v *viewer, m *factorial.TrainingMembership) bool {
	return v.seesPerson(int64(m.EmployeeID)) || v.teaches[int64(m.TrainingID)]
}

func requireAdmin(v *viewer) error {
	if !v.admin() {
		return forbidden()
	}
	return nil
}

// --- rendering -----------------------------------------------------------

// TrainingJSON is a Training as sent: the cost fields are pointers so that
// they come back null for users who may not see costs.
type TrainingJSON struct {
	factorial.Training
	Cost           *int64 `json:"cost"`
	SubsidizedCost *int64 `json:"subsidized_cost"`
}

// ClassJSON is a TrainingClass as sent: costs are null for non-admins.
type ClassJSON struct {
	factorial.TrainingClass
	Cost           *string `json:"cost"`
	IndirectCost   *string `json:"indirect_cost"`
	SalaryCost     *string `json:"salary_cost"`
	SubsidizedCost *string `json:"subsidized_cost"`
}

func (s *Sandbox) today() factorial.Date { return factorial.DateOf(s.now()) }

func expired(m *factorial.TrainingMembership, validFor *int, today factorial.Date) bool {
	return validFor != nil && m.TrainingCompletedAt != nil && m.TrainingCompletedAt.AddYears(*validFor).Before(today)
}

func (s *Sandbox) renderTraining(v *viewer, src *factorial.Training, withExpired bool) TrainingJSON {
	t := *src
	t.CategoryIDs = slices.Clone(src.CategoryIDs)
	t.CompetencyIDs = slices.Clone(src.CompetencyIDs)
	if t.CategoryIDs == nil {
		t.CategoryIDs = []factorial.ID{}
	}
	if t.CompetencyIDs == nil {
		t.CompetencyIDs = []factorial.ID{}
	}
	mems := s.st.memByTraining[int64(t.ID)]
	t.TotalParticipants = len(mems)
	t.TrainingAttendanceStatus = factorial.NotAssigned
	if v.employee != 0 {
		for _, mid := range s.st.memByEmployee[v.employee] {
			if m := s.st.memberships.get(mid); m != nil && m.TrainingID == t.ID {
				t.TrainingAttendanceStatus = m.Status
			}
		}
	}
	t.NumberOfExpiredParticipants = nil
	if withExpired {
		n := 0
		today := s.today()
		for _, mid := range mems {
			if expired(s.st.memberships.get(mid), t.ValidFor, today) {
				n++
			}
		}
		t.NumberOfExpiredParticipants = &n
	}
	var cost, indirect, salary, sub int64
	for _, k := range s.st.classByTraining[int64(t.ID)] {
		c := s.st.classes.get(k)
		cost += cents(c.Cost)
		indirect += cents(c.IndirectCost)
		salary += cents(c.SalaryCost)
		sub += cents(c.SubsidizedCost)
	}
	out := TrainingJSON{Training: t}
	if v.admin() {
		out.TotalTrainingCost = ptr(factorial.MoneyFromCents(cost, currency))
		out.TotalTrainingIndirectCost = ptr(factorial.MoneyFromCents(indirect, currency))
		out.TotalTrainingSalaryCost = ptr(factorial.MoneyFromCents(salary, currency))
		out.TotalTrainingSubsidizedCost = ptr(factorial.MoneyFromCents(sub, currency))
		out.Cost, out.SubsidizedCost = ptr(t.Cost), ptr(t.SubsidizedCost)
	} else {
		out.TotalCost, out.TotalCostDecimal, out.CostDecimal, out.SubsidizedCostDecimal = nil, nil, nil, nil
		out.TotalTrainingCost, out.TotalTrainingIndirectCost, out.TotalTrainingSalaryCost, out.TotalTrainingSubsidizedCost = nil, nil, nil, nil
	}
	return out
}

func (s *Sandbox) renderClass(v *viewer, src *factorial.TrainingClass) ClassJSON {
	c := *src
	k, _ := classKey(c.ID)
	c.TotalAttendancesCount, c.CompletedAttendancesCount = 0, 0
	for _, sid := range s.st.sessByClass[k] {
		for _, a := range s.st.accBySession[sid] {
			if att, ok := s.st.attByAccess[a]; ok {
				c.TotalAttendancesCount++
				if s.st.attendances.get(att).Status == factorial.AttendanceCompleted {
					c.CompletedAttendancesCount++
				}
			}
		}
	}
	out := ClassJSON{TrainingClass: c}
	if v.admin() {
		out.Cost, out.IndirectCost, out.SalaryCost, out.SubsidizedCost = &c.Cost, &c.IndirectCost, &c.SalaryCost, &c.SubsidizedCost
	} else {
		out.GrossCost, out.NetCost = nil, nil
	}
	return out
}

func (s *Sandbox) renderSession(v *viewer, src *factorial.Session) factorial.Session {
	x := *src
	ids := make([]factorial.ID, 0, len(s.st.accBySession[int64(x.ID)]))
	for _, a := range s.st.accBySession[int64(x.ID)] {
		acc := s.st.access.get(a)
		if att, ok := s.st.attByAccess[a]; ok && s.seesAccess(v, acc) {
			ids = append(ids, factorial.ID(att))
		}
	}
	x.SessionAttendanceIDs = ids
	now := s.now()
	status := "scheduled"
	switch {
	case x.StartsAt != nil && x.EndsAt != nil && !now.Before(*x.EndsAt):
		status = "finished"
	case x.StartsAt != nil && !now.Before(*x.StartsAt):
		status = "in_progress"
	case x.StartsAt == nil && x.DueDate != nil && x.DueDate.Before(factorial.DateOf(now)):
		status = "finished"
	case x.StartsAt == nil:
		status = "open"
	}
	x.Status = &status
	return x
}

func (s *Sandbox) renderEmployee(v *viewer, src *factorial.Employee) factorial.Employee {
	e := *src
	e.TeamIDs = slices.Clone(src.TeamIDs)
	if !v.seesPerson(int64(e.ID)) {
		e.Email = nil
	}
	return e
}

func (s *Sandbox) renderAttendance(v *viewer, src *factorial.SessionAttendance) factorial.SessionAttendance {
	return *src
}

// list renders one page of ids under the read lock and writes the envelope.
func list[T any](s *Sandbox, w http.ResponseWriter, r *http.Request, candidates func() []int64, match func(int64) bool, render func(int64) T) error {
	lp, err := parseList(r.URL.Query())
	if err != nil {
		return err
	}
	var out List[T]
	func() {
		s.mu.RLock()
		defer s.mu.RUnlock() // a panic must not leave the sandbox locked
		page, meta := selectPage(candidates(), match, lp)
		out = List[T]{Data: make([]T, len(page)), Meta: meta}
		for i, id := range page {
			out.Data[i] = render(id)
		}
	}()
	writeJSON(w, http.StatusOK, out)
	return nil
}

// --- credentials ---------------------------------------------------------

func (s *Sandbox) credentials(w http.ResponseWriter, v *viewer) error {
	// The id is a string prefixed by the kind of credential, as the
	// schema types it (our choice of prefixes).
	c := factorial.Credential{ID: "api_key_1", CompanyID: s.st.company}
	if !v.apiKey {
		s.mu.RLock()
		e := s.st.employees.get(v.employee)
		s.mu.RUnlock()
		c.ID = factorial.CredentialID("access_" + strconv.FormatInt(v.access, 10))
		if e != nil {
			c.EmployeeID = ptr(e.ID)
			c.Email = e.Email
			c.FirstName, c.LastName, c.FullName = ptr(e.FirstName), ptr(e.LastName), ptr(e.FullName)
		}
		c.Role = ptr(v.role)
	}
	writeJSON(w, http.StatusOK, List[factorial.Credential]{Data: []factorial.Credential{c}, Meta: Meta{Limit: MaxLimit, Total: 1,
		StartCursor: ptr(EncodeCursor(1)), EndCursor: ptr(EncodeCursor(1))}})
	return nil
}

// --- employees -----------------------------------------------------------

func (s *Sandbox) employeesRoute(w http.ResponseWriter, r *http.Request, v *viewer, sub string) error {
	return dispatch(r, sub, routes{
		list: func() error {
			q := r.URL.Query()
			ids, err := idsParam(q, "ids")
			if err != nil {
				return err
			}
			accessIDs, err := idsParam(q, "access_ids")
			if err != nil {
				return err
			}
			teams, err := idsParam(q, "team_ids")
			if err != nil {
				return err
			}
			onlyActive, err := boolParam(q, "only_active")
			if err != nil {
				return err
			}
			onlyManagers, err := boolParam(q, "only_managers")
			if err != nil {
				return err
			}
			name := strings.TrimSpace(q.Get("full_text_name"))
			var match func(int64) bool
			if ids != nil || accessIDs != nil || teams != nil || onlyActive != nil || onlyManagers != nil || name != "" {
				match = func(id int64) bool {
					e := s.st.employees.get(id)
					if ids != nil && !ids[id] || accessIDs != nil && !accessIDs[int64(e.AccessID)] {
						return false
					}
					if teams != nil && !slices.ContainsFunc(e.TeamIDs, func(t factorial.ID) bool { return teams[int64(t)] }) {
						return false
					}
					if onlyActive != nil && *onlyActive && !e.Active {
						return false
					}
					if onlyManagers != nil && *onlyManagers && len(s.st.reports[id]) == 0 {
						return false
					}
					return name == "" || containsFold(e.FullName, name)
				}
			}
			return list(s, w, r, func() []int64 { return s.st.employees.ids }, match, func(id int64) factorial.Employee {
				return s.renderEmployee(v, s.st.employees.get(id))
			})
		},
		get: func(id int64) error {
			s.mu.RLock()
			e := s.st.employees.get(id)
			var out factorial.Employee
			if e != nil {
				out = s.renderEmployee(v, e)
			}
			s.mu.RUnlock()
			if e == nil {
				return notFound("employee")
			}
			writeJSON(w, http.StatusOK, out)
			return nil
		},
	})
}

// --- categories ----------------------------------------------------------

func (s *Sandbox) categoriesRoute(w http.ResponseWriter, r *http.Request, v *viewer, sub string) error {
	return dispatch(r, sub, routes{
		list: func() error {
			ids, err := idsParam(r.URL.Query(), "ids")
			if err != nil {
				return err
			}
			var match func(int64) bool
			if ids != nil {
				match = func(id int64) bool { return ids[id] }
			}
			return list(s, w, r, func() []int64 { return s.st.categories.ids }, match, func(id int64) factorial.TrainingCategory {
				return *s.st.categories.get(id)
			})
		},
		get: func(id int64) error {
			s.mu.RLock()
			c := s.st.categories.get(id)
			var out factorial.TrainingCategory
			if c != nil {
				out = *c
			}
			s.mu.RUnlock()
			if c == nil {
				return notFound("category")
			}
			writeJSON(w, http.StatusOK, out)
			return nil
		},
		create: func() error {
			if err := requireAdmin(v); err != nil {
				return err
			}
			var req struct {
				Name      *string       `json:"name"`
				CompanyID *factorial.ID `json:"company_id"`
			}
			if err := decodeBody(r, &req); err != nil {
				return err
			}
			if req.Name == nil || strings.TrimSpace(*req.Name) == "" {
				return invalid("name is required")
			}
			if req.CompanyID == nil {
				return invalid("company_id is required")
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			if *req.CompanyID != s.st.company {
				return invalid("company_id is not your company")
			}
			for _, id := range s.st.categories.ids {
				if strings.EqualFold(s.st.categories.get(id).Name, strings.TrimSpace(*req.Name)) {
					return invalid("a category with this name exists")
				}
			}
			now := s.now().Truncate(time.Second)
			c := &factorial.TrainingCategory{ID: factorial.ID(s.st.newID(resCategory)), Name: strings.TrimSpace(*req.Name),
				CompanyID: s.st.company, CreatedAt: &now, UpdatedAt: &now}
			s.st.categories.put(int64(c.ID), c)
			writeJSON(w, http.StatusCreated, *c)
			return nil
		},
		remove: func(id int64) error {
			if err := requireAdmin(v); err != nil {
				return err
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			c := s.st.categories.get(id)
			if c == nil {
				return notFound("category")
			}
			s.st.categories.del(id)
			for _, tid := range s.st.trainings.ids {
				t := s.st.trainings.get(tid)
				t.CategoryIDs = slices.DeleteFunc(t.CategoryIDs, func(x factorial.ID) bool { return int64(x) == id })
			}
			writeJSON(w, http.StatusOK, *c)
			return nil
		},
	})
}
