package sandbox

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aula-hr/aula/factorial"
)

type sessionReq struct {
	ID                  *factorial.ID              `json:"id"`
	Name                *string                    `json:"name"`
	TrainingID          *factorial.ID              `json:"training_id"`
	Description         *string                    `json:"description"`
	TrainingClassID     *factorial.ClassID         `json:"training_class_id"`
	StartsAt            *time.Time                 `json:"starts_at"`
	EndsAt              *time.Time                 `json:"ends_at"`
	DueDate             *factorial.Date            `json:"due_date"`
	Duration            *factorial.Duration        `json:"duration"`
	Modality            *factorial.SessionModality `json:"modality"`
	Schedule            *factorial.SessionSchedule `json:"schedule"`
	Link                *string                    `json:"link"`
	Location            *string                    `json:"location"`
	Subsidized          *bool                      `json:"subsidized"`
	Recurrent           *bool                      `json:"recurrent"`
	SendCalendarInvites *bool                      `json:"send_calendar_invites"`
}

// sessionReqOf is x as an update body: what a PUT keeps of the fields it
// does not send.
func sessionReqOf(x *factorial.Session) sessionReq {
	return sessionReq{Name: ptr(x.Name), TrainingID: ptr(x.TrainingID), Description: x.Description, TrainingClassID: x.TrainingClassID,
		StartsAt: x.StartsAt, EndsAt: x.EndsAt, DueDate: x.DueDate, Duration: x.Duration, Modality: x.Modality, Schedule: x.Schedule,
		Link: x.Link, Location: x.Location, Subsidized: ptr(x.Subsidized)}
}

func (s *Sandbox) applySession(x *factorial.Session, req *sessionReq) error {
	switch {
	case req.Name == nil || strings.TrimSpace(*req.Name) == "":
		return invalid("name is required")
	case req.TrainingID == nil:
		return invalid("training_id is required")
	case req.Modality != nil && !req.Modality.Valid():
		return invalid("modality must be online, inperson or mixed")
	case req.Schedule != nil && !req.Schedule.Valid():
		return invalid("schedule must be scheduled or selfpaced")
	}
	if s.st.trainings.get(int64(*req.TrainingID)) == nil {
		return invalid("training_id does not exist")
	}
	if req.TrainingClassID != nil && *req.TrainingClassID != "" {
		k, ok := classKey(*req.TrainingClassID)
		c := s.st.classes.get(k)
		if !ok || c == nil || c.TrainingID != *req.TrainingID {
			return invalid("training_class_id is not a group of this training")
		}
	}
	sched := factorial.ScheduleScheduled
	if req.Schedule != nil {
		sched = *req.Schedule
	} else if req.StartsAt == nil && req.DueDate != nil {
		sched = factorial.ScheduleSelfPaced
	}
	if sched == factorial.ScheduleScheduled {
		if (req.StartsAt == nil) != (req.EndsAt == nil) {
			return invalid("starts_at and ends_at go together")
		}
		if req.StartsAt != nil {
			if !req.EndsAt.After(*req.StartsAt) {
				return invalid("ends_at must be after starts_at")
			}
			if factorial.DateOf(*req.StartsAt) != factorial.DateOf(req.EndsAt.In(req.StartsAt.Location())) {
				return invalid("a scheduled session starts and ends on the same day")
			}
		}
		if req.DueDate != nil && !req.DueDate.IsZero() {
			return invalid("due_date belongs to self-paced sessions")
		}
	} else if req.StartsAt != nil || req.EndsAt != nil {
		return invalid("a self-paced session has a due_date, not starts_at/ends_at")
	}
	x.Name, x.TrainingID, x.Description = strings.TrimSpace(*req.Name), *req.TrainingID, req.Description
	x.TrainingClassID = nil
	if req.TrainingClassID != nil && *req.TrainingClassID != "" {
		x.TrainingClassID = ptr(*req.TrainingClassID)
	}
	x.StartsAt, x.EndsAt, x.DueDate = nil, nil, nil
	if req.StartsAt != nil {
		st, en := req.StartsAt.Truncate(time.Second), req.EndsAt.Truncate(time.Second)
		x.StartsAt, x.EndsAt = &st, &en
	}
	if req.DueDate != nil && !req.DueDate.IsZero() {
		x.DueDate = ptr(*req.DueDate)
	}
	switch {
	case req.Duration != nil:
		x.Duration = ptr(*req.Duration)
	case x.StartsAt != nil:
		x.Duration = ptr(factorial.DurationFromMinutes(int(x.EndsAt.Sub(*x.StartsAt) / time.Minute)))
	default:
		x.Duration = nil
	}
	x.Schedule = &sched
	x.Modality = req.Modality
	if x.Modality == nil {
		x.Modality = ptr(factorial.ModalityInPerson)
	}
	x.Link, x.Location = req.Link, req.Location
	if req.Subsidized != nil {
		x.Subsidized = *req.Subsidized
	}
	return nil
}

func parseTime(q map[string][]string, name string) (*time.Time, error) {
	vals := q[name]
	if len(vals) == 0 || vals[0] == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, vals[0])
	if err != nil {
		d, derr := factorial.ParseDate(vals[0])
		if derr != nil {
			return nil, badRequest(name + " must be an ISO 8601 datetime")
		}
		t = d.In(time.UTC)
	}
	return &t, nil
}

func (s *Sandbox) sessionsRoute(w http.ResponseWriter, r *http.Request, v *viewer, sub string) error {
	return dispatch(r, sub, routes{
		list: func() error {
			q := r.URL.Query()
			ids, err := idsParam(q, "ids")
			if err != nil {
				return err
			}
			trainings, err := idsParam(q, "training_ids")
			if err != nil {
				return err
			}
			classes := map[string]bool{}
			for _, c := range arrayValues(q, "training_class_ids") {
				classes[c] = true
			}
			search := strings.TrimSpace(q.Get("search"))
			after, err := parseTime(q, "start_after")
			if err != nil {
				return err
			}
			before, err := parseTime(q, "start_before")
			if err != nil {
				return err
			}
			emp, hasEmp, err := idParam(q, "employee_id")
			if err != nil {
				return err
			}
			acc, hasAcc, err := idParam(q, "access_id")
			if err != nil {
				return err
			}
			modality := factorial.SessionModality(q.Get("modality"))
			if modality != "" && !modality.Valid() {
				return badRequest("modality must be online, inperson or mixed")
			}
			active, err := boolParam(q, "active")
			if err != nil {
				return err
			}
			next, err := boolParam(q, "next")
			if err != nil {
				return err
			}
			now := s.now()
			today := factorial.DateOf(now)
			invited := func(x int64, e int64) bool {
				for _, a := range s.st.accByEmployee[e] {
					if int64(s.st.access.get(a).SessionID) == x {
						return true
					}
				}
				return false
			}
			cands := func() []int64 { return s.st.sessions.ids }
			if len(trainings) == 1 {
				for t := range trainings {
					cands = func() []int64 { return s.st.sessByTraining[t] }
				}
			}
			var match func(int64) bool
			filtered := ids != nil || trainings != nil || len(classes) > 0 || search != "" || after != nil || before != nil ||
				modality != "" || hasEmp || hasAcc || active != nil || next != nil || !(v.admin() || v.role == RoleTrainer)
			match = func(id int64) bool {
				x := s.st.sessions.get(id)
				if ids != nil && !ids[id] || trainings != nil && !trainings[int64(x.TrainingID)] {
					return false
				}
				if len(classes) > 0 && (x.TrainingClassID == nil || !classes[string(*x.TrainingClassID)]) {
					return false
				}
				if search != "" && !containsFold(x.Name, search) {
					return false
				}
				if after != nil && (x.StartsAt == nil || x.StartsAt.Before(*after)) || before != nil && (x.StartsAt == nil || x.StartsAt.After(*before)) {
					return false
				}
				if modality != "" && (x.Modality == nil || *x.Modality != modality) {
					return false
				}
				if hasEmp && !invited(id, emp) {
					return false
				}
				if hasAcc && !invited(id, s.st.empByAccess[acc]) {
					return false
				}
				if active != nil {
					// active: not finished yet
					isActive := x.EndsAt != nil && x.EndsAt.After(now) || x.StartsAt == nil && (x.DueDate == nil || !x.DueDate.Before(today))
					if isActive != *active {
						return false
					}
				}
				if next != nil {
					isNext := x.StartsAt != nil && x.StartsAt.After(now)
					if isNext != *next {
						return false
					}
				}
				return s.seesSession(v, x)
			}
			if !filtered {
				match = nil
			}
			return list(s, w, r, cands, match, func(id int64) factorial.Session { return s.renderSession(v, s.st.sessions.get(id)) })
		},
		get: func(id int64) error {
			s.mu.RLock()
			defer s.mu.RUnlock()
			x := s.st.sessions.get(id)
			if x == nil || !s.seesSession(v, x) {
				return notFound("session")
			}
			writeJSON(w, http.StatusOK, s.renderSession(v, x))
			return nil
		},
		create: func() error {
			if err := requireAdmin(v); err != nil {
				return err
			}
			var req sessionReq
			if err := decodeBody(r, &req); err != nil {
				return err
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			x := &factorial.Session{}
			if err := s.applySession(x, &req); err != nil {
				return err
			}
			x.ID = factorial.ID(s.st.newID(resSession))
			s.st.putSession(x)
			writeJSON(w, http.StatusCreated, s.renderSession(v, x))
			return nil
		},
		update: func(id int64) error {
			if err := requireAdmin(v); err != nil {
				return err
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			x := s.st.sessions.get(id)
			if x == nil {
				return notFound("session")
			}
			req := sessionReqOf(x)
			sent, err := decodeUpdate(r, v, id, &req, func() *factorial.ID { return req.ID })
			if err != nil {
				return err
			}
			if req.TrainingID == nil || *req.TrainingID != x.TrainingID {
				return invalid("a session cannot move to another training")
			}
			if (sent["starts_at"] || sent["ends_at"]) && !sent["duration"] {
				req.Duration = nil // derived again from the new times
			}
			next := *x
			if err := s.applySession(&next, &req); err != nil {
				return err
			}
			// re-index the class
			s.st.deleteSessionIndexOnly(x)
			*x = next
			s.st.putSession(x)
			writeJSON(w, http.StatusOK, s.renderSession(v, x))
			return nil
		},
		remove: func(id int64) error {
			if err := requireAdmin(v); err != nil {
				return err
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			x := s.st.sessions.get(id)
			if x == nil {
				return notFound("session")
			}
			out := s.renderSession(v, x)
			s.st.deleteSession(id)
			writeJSON(w, http.StatusOK, out)
			return nil
		},
	})
}

func (s *store) deleteSessionIndexOnly(x *factorial.Session) {
	s.sessByTraining.remove(int64(x.TrainingID), int64(x.ID))
	if x.TrainingClassID != nil {
		if k, ok := classKey(*x.TrainingClassID); ok {
			s.sessByClass.remove(k, int64(x.ID))
		}
	}
}

// --- session access memberships -----------------------------------------

func (s *Sandbox) accessRoute(w http.ResponseWriter, r *http.Request, v *viewer, sub string) error {
	return dispatch(r, sub, routes{
		list: func() error {
			q := r.URL.Query()
			sid, ok, err := idParam(q, "session_id")
			if err != nil {
				return err
			}
			if !ok {
				return badRequest("session_id is required")
			}
			ids, err := idsParam(q, "ids")
			if err != nil {
				return err
			}
			teams, err := idsParam(q, "team_ids")
			if err != nil {
				return err
			}
			statuses := map[factorial.SessionAttendanceStatus]bool{}
			for _, st := range arrayValues(q, "status") {
				if !factorial.SessionAttendanceStatus(st).Valid() {
					return badRequest("status must hold pending, inprogress, completed or missing")
				}
				statuses[factorial.SessionAttendanceStatus(st)] = true
			}
			search := strings.TrimSpace(q.Get("search"))
			match := func(id int64) bool {
				a := s.st.access.get(id)
				if ids != nil && !ids[id] {
					return false
				}
				var e *factorial.Employee
				if a.EmployeeID != nil {
					e = s.st.employees.get(int64(*a.EmployeeID))
				}
				if teams != nil && (e == nil || !slices.ContainsFunc(e.TeamIDs, func(t factorial.ID) bool { return teams[int64(t)] })) {
					return false
				}
				if search != "" && (e == nil || !containsFold(e.FullName, search)) {
					return false
				}
				if len(statuses) > 0 {
					att, ok := s.st.attByAccess[id]
					if !ok || !statuses[s.st.attendances.get(att).Status] {
						return false
					}
				}
				return s.seesAccess(v, a)
			}
			return list(s, w, r, func() []int64 { return s.st.accBySession[sid] }, match,
				func(id int64) factorial.SessionAccessMembership { return *s.st.access.get(id) })
		},
		get: func(id int64) error {
			s.mu.RLock()
			defer s.mu.RUnlock()
			a := s.st.access.get(id)
			if a == nil || !s.seesAccess(v, a) {
				return notFound("session access membership")
			}
			writeJSON(w, http.StatusOK, *a)
			return nil
		},
		actions: map[string]func() error{
			"bulk_create": func() error {
				if err := requireAdmin(v); err != nil {
					return err
				}
				var req struct {
					SessionID   *factorial.ID  `json:"session_id"`
					Notify      bool           `json:"notify"`
					EmployeeIDs []factorial.ID `json:"employee_ids"`
					AccessIDs   []factorial.ID `json:"access_ids"`
				}
				if err := decodeBody(r, &req); err != nil {
					return err
				}
				if req.SessionID == nil {
					return invalid("session_id is required")
				}
				if len(req.EmployeeIDs) == 0 && len(req.AccessIDs) == 0 {
					return invalid("employee_ids or access_ids is required")
				}
				s.mu.Lock()
				defer s.mu.Unlock()
				if s.st.sessions.get(int64(*req.SessionID)) == nil {
					return notFound("session")
				}
				var emps []*factorial.Employee
				for _, id := range req.EmployeeIDs {
					e := s.st.employees.get(int64(id))
					if e == nil {
						return invalid("employee " + id.String() + " does not exist")
					}
					emps = append(emps, e)
				}
				for _, id := range req.AccessIDs {
					e := s.st.employees.get(s.st.empByAccess[int64(id)])
					if e == nil {
						return invalid("access " + id.String() + " does not exist")
					}
					emps = append(emps, e)
				}
				out := []factorial.SessionAccessMembership{}
				for _, e := range emps {
					exists := false
					for _, a := range s.st.accBySession[int64(*req.SessionID)] {
						if acc := s.st.access.get(a); acc.EmployeeID != nil && *acc.EmployeeID == e.ID {
							exists = true
						}
					}
					if exists {
						continue
					}
					a := &factorial.SessionAccessMembership{ID: factorial.ID(s.st.newID(resAccess)), AccessID: e.AccessID,
						EmployeeID: ptr(e.ID), SessionID: *req.SessionID, FirstName: ptr(e.FirstName), LastName: ptr(e.LastName), JobTitle: e.JobTitle}
					s.st.putAccess(a)
					s.st.putAttendance(&factorial.SessionAttendance{ID: factorial.ID(s.st.newID(resAttendance)),
						Status: factorial.AttendancePending, SessionAccessMembershipID: a.ID, AccessID: a.AccessID, EmployeeID: ptr(e.ID)})
					out = append(out, *a)
				}
				writeJSON(w, http.StatusOK, out)
				return nil
			},
			"bulk_destroy": func() error {
				if err := requireAdmin(v); err != nil {
					return err
				}
				var req struct {
					IDs    []factorial.ID `json:"ids"`
					Notify bool           `json:"notify"`
				}
				if err := decodeBody(r, &req); err != nil {
					return err
				}
				if len(req.IDs) == 0 {
					return invalid("ids is required")
				}
				s.mu.Lock()
				defer s.mu.Unlock()
				out := []factorial.SessionAccessMembership{}
				for _, id := range req.IDs {
					if a := s.st.deleteAccess(int64(id)); a != nil {
						out = append(out, *a)
					}
				}
				writeJSON(w, http.StatusOK, out)
				return nil
			},
		},
	})
}

// --- session attendances ---------------------------------------------------

func (s *Sandbox) attendanceSession(a *factorial.SessionAttendance) *factorial.Session {
	acc := s.st.access.get(int64(a.SessionAccessMembershipID))
	if acc == nil {
		return nil
	}
	return s.st.sessions.get(int64(acc.SessionID))
}

func (s *Sandbox) seesAttendance(v *viewer, a *factorial.SessionAttendance) bool {
	acc := s.st.access.get(int64(a.SessionAccessMembershipID))
	return acc != nil && s.seesAccess(v, acc)
}

func (s *Sandbox) attendancesRoute(w http.ResponseWriter, r *http.Request, v *viewer, sub string) error {
	return dispatch(r, sub, routes{
		list: func() error {
			q := r.URL.Query()
			sid, hasSession, err := idParam(q, "session_id")
			if err != nil {
				return err
			}
			ids, err := idsParam(q, "ids")
			if err != nil {
				return err
			}
			accIDs, err := idsParam(q, "session_access_membership_ids")
			if err != nil {
				return err
			}
			accessIDs, err := idsParam(q, "access_ids")
			if err != nil {
				return err
			}
			cands := func() []int64 { return s.st.attendances.ids }
			if hasSession {
				cands = func() []int64 {
					out := make([]int64, 0, len(s.st.accBySession[sid]))
					for _, a := range s.st.accBySession[sid] {
						if att, ok := s.st.attByAccess[a]; ok {
							out = append(out, att)
						}
					}
					slices.Sort(out)
					return out
				}
			}
			match := func(id int64) bool {
				a := s.st.attendances.get(id)
				if ids != nil && !ids[id] || accIDs != nil && !accIDs[int64(a.SessionAccessMembershipID)] || accessIDs != nil && !accessIDs[int64(a.AccessID)] {
					return false
				}
				return s.seesAttendance(v, a)
			}
			return list(s, w, r, cands, match, func(id int64) factorial.SessionAttendance { return *s.st.attendances.get(id) })
		},
		get: func(id int64) error {
			s.mu.RLock()
			defer s.mu.RUnlock()
			a := s.st.attendances.get(id)
			if a == nil || !s.seesAttendance(v, a) {
				return notFound("session attendance")
			}
			writeJSON(w, http.StatusOK, *a)
			return nil
		},
		actions: map[string]func() error{
			"bulk_update": func() error {
				if !v.admin() && v.role != RoleTrainer {
					return forbidden()
				}
				var req struct {
					IDs               []factorial.ID                     `json:"ids"`
					Status            *factorial.SessionAttendanceStatus `json:"status"`
					CompletedDuration *factorial.Hours                   `json:"completed_duration"`
				}
				if err := decodeBody(r, &req); err != nil {
					return err
				}
				if len(req.IDs) == 0 {
					return invalid("ids is required")
				}
				if req.Status == nil && req.CompletedDuration == nil {
					return invalid("status or completed_duration is required")
				}
				if req.Status != nil && !req.Status.Valid() {
					return invalid("status must be pending, inprogress, completed or missing")
				}
				if req.CompletedDuration != nil && *req.CompletedDuration < 0 {
					return invalid("completed_duration cannot be negative")
				}
				s.mu.Lock()
				defer s.mu.Unlock()
				rows := make([]*factorial.SessionAttendance, 0, len(req.IDs))
				for _, id := range req.IDs {
					a := s.st.attendances.get(int64(id))
					if a == nil || !s.seesAttendance(v, a) {
						return notFound("session attendance " + id.String())
					}
					x := s.attendanceSession(a)
					if !v.admin() && (x == nil || !v.teaches[int64(x.TrainingID)]) {
						return forbidden()
					}
					if req.Status == nil && a.Status != factorial.AttendanceCompleted {
						return invalid("completed_duration can only be set on completed attendances")
					}
					rows = append(rows, a)
				}
				out := make([]factorial.SessionAttendance, 0, len(rows))
				for _, a := range rows {
					if req.Status != nil {
						a.Status = *req.Status
						if a.Status == factorial.AttendanceCompleted {
							h := factorial.Hours(0)
							if x := s.attendanceSession(a); x != nil && x.Duration != nil {
								h = factorial.Hours(x.Duration.DecimalHours())
							}
							a.CompletedDuration = &h
						} else {
							a.CompletedDuration = nil
						}
					}
					if req.CompletedDuration != nil && a.Status == factorial.AttendanceCompleted {
						a.CompletedDuration = ptr(*req.CompletedDuration)
					}
					out = append(out, *a)
				}
				writeJSON(w, http.StatusOK, out)
				return nil
			},
		},
	})
}

// --- training memberships --------------------------------------------------

func (s *Sandbox) membershipsRoute(w http.ResponseWriter, r *http.Request, v *viewer, sub string) error {
	return dispatch(r, sub, routes{
		list: func() error {
			q := r.URL.Query()
			tid, hasT, err := idParam(q, "training_id")
			if err != nil {
				return err
			}
			eid, hasE, err := idParam(q, "employee_id")
			if err != nil {
				return err
			}
			team, hasTeam, err := idParam(q, "team_id")
			if err != nil {
				return err
			}
			ids, err := idsParam(q, "ids")
			if err != nil {
				return err
			}
			status := factorial.AttendanceStatus(q.Get("status"))
			if status != "" && !status.Valid() {
				return badRequest("status is not a training attendance status")
			}
			class := q.Get("class_id")
			search := strings.TrimSpace(q.Get("search"))
			due := strings.TrimSpace(q.Get("due_date"))
			dueDays := -1
			if due != "" && due != "overdue" && due != "no_due_date" {
				n, err := strconv.ParseFloat(due, 64)
				if err != nil || n < 0 {
					return badRequest("due_date must be overdue, no_due_date or a number of days")
				}
				dueDays = int(n)
			}
			today := s.today()
			var inClass map[int64]bool
			cands := func() []int64 {
				if class != "" {
					// employees invited to a session of the class
					inClass = map[int64]bool{}
					if k, ok := classKey(factorial.ClassID(class)); ok {
						for _, sid := range s.st.sessByClass[k] {
							for _, a := range s.st.accBySession[sid] {
								if e := s.st.access.get(a).EmployeeID; e != nil {
									inClass[int64(*e)] = true
								}
							}
						}
					}
				}
				switch {
				case hasT:
					return s.st.memByTraining[tid]
				case hasE:
					return s.st.memByEmployee[eid]
				}
				return s.st.memberships.ids
			}
			var match func(int64) bool
			if hasT || hasE || hasTeam || ids != nil || status != "" || class != "" || search != "" || due != "" || !v.admin() {
				match = func(id int64) bool {
					m := s.st.memberships.get(id)
					if hasT && int64(m.TrainingID) != tid || hasE && int64(m.EmployeeID) != eid || ids != nil && !ids[id] || status != "" && m.Status != status {
						return false
					}
					if class != "" && !inClass[int64(m.EmployeeID)] {
						return false
					}
					if hasTeam || search != "" {
						e := s.st.employees.get(int64(m.EmployeeID))
						if e == nil || hasTeam && !slices.Contains(e.TeamIDs, factorial.ID(team)) || search != "" && !containsFold(e.FullName, search) {
							return false
						}
					}
					switch {
					case due == "overdue":
						if m.TrainingCompletedAt != nil || m.Status == factorial.Completed || m.TrainingDueDate == nil || !m.TrainingDueDate.Before(today) {
							return false
						}
					case due == "no_due_date":
						if m.TrainingDueDate != nil {
							return false
						}
					case dueDays >= 0:
						if m.TrainingDueDate == nil || m.TrainingDueDate.Before(today) || m.TrainingDueDate.After(today.AddDays(dueDays)) {
							return false
						}
					}
					return s.seesMembership(v, m)
				}
			}
			return list(s, w, r, cands, match, func(id int64) factorial.TrainingMembership { return *s.st.memberships.get(id) })
		},
		get: func(id int64) error {
			s.mu.RLock()
			defer s.mu.RUnlock()
			m := s.st.memberships.get(id)
			if m == nil || !s.seesMembership(v, m) {
				return notFound("training membership")
			}
			writeJSON(w, http.StatusOK, *m)
			return nil
		},
		update: func(id int64) error {
			// training_completed_at is optional: absent keeps the
			// completion, null or "" clears it.
			var req struct {
				ID                  *factorial.ID   `json:"id"`
				TrainingCompletedAt json.RawMessage `json:"training_completed_at"`
			}
			if _, err := decodeUpdate(r, v, id, &req, func() *factorial.ID { return req.ID }); err != nil {
				return err
			}
			var done *factorial.Date
			var completed string
			if len(req.TrainingCompletedAt) > 0 && string(req.TrainingCompletedAt) != "null" {
				if json.Unmarshal(req.TrainingCompletedAt, &completed) != nil {
					return invalid("training_completed_at must be a date (YYYY-MM-DD)")
				}
			}
			if completed != "" {
				d, err := factorial.ParseDate(completed)
				if err != nil {
					return invalid("training_completed_at must be a date (YYYY-MM-DD)")
				}
				if d.After(s.today()) {
					return invalid("training_completed_at cannot be in the future")
				}
				done = &d
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			m := s.st.memberships.get(id)
			if m == nil {
				return notFound("training membership")
			}
			if len(req.TrainingCompletedAt) == 0 {
				writeJSON(w, http.StatusOK, *m)
				return nil
			}
			m.TrainingCompletedAt = done
			if done != nil {
				m.Status = factorial.Completed
			} else if m.Status == factorial.Completed {
				m.Status = factorial.NotStarted
			}
			writeJSON(w, http.StatusOK, *m)
			return nil
		},
		actions: map[string]func() error{
			"bulk_create": func() error {
				if err := requireAdmin(v); err != nil {
					return err
				}
				var req struct {
					EmployeeIDs []factorial.ID `json:"employee_ids"`
					TrainingID  *factorial.ID  `json:"training_id"`
				}
				if err := decodeBody(r, &req); err != nil {
					return err
				}
				if req.TrainingID == nil || len(req.EmployeeIDs) == 0 {
					return invalid("training_id and employee_ids are required")
				}
				s.mu.Lock()
				defer s.mu.Unlock()
				if s.st.trainings.get(int64(*req.TrainingID)) == nil {
					return notFound("training")
				}
				for _, e := range req.EmployeeIDs {
					if s.st.employees.get(int64(e)) == nil {
						return invalid("employee " + e.String() + " does not exist")
					}
				}
				out := []factorial.TrainingMembership{}
				for _, eid := range req.EmployeeIDs {
					exists := false
					for _, m := range s.st.memByEmployee[int64(eid)] {
						if s.st.memberships.get(m).TrainingID == *req.TrainingID {
							exists = true
						}
					}
					if exists {
						continue
					}
					e := s.st.employees.get(int64(eid))
					m := &factorial.TrainingMembership{ID: factorial.ID(s.st.newID(resMembership)), AccessID: e.AccessID,
						EmployeeID: e.ID, TrainingID: *req.TrainingID, Status: factorial.NotStarted}
					s.st.putMembership(m)
					out = append(out, *m)
				}
				writeJSON(w, http.StatusOK, out)
				return nil
			},
			"bulk_destroy": func() error {
				if err := requireAdmin(v); err != nil {
					return err
				}
				var req struct {
					IDs        []factorial.ID `json:"ids"`
					TrainingID *factorial.ID  `json:"training_id"`
					All        bool           `json:"all"`
				}
				if err := decodeBody(r, &req); err != nil {
					return err
				}
				s.mu.Lock()
				defer s.mu.Unlock()
				var targets []int64
				if req.All {
					if req.TrainingID == nil {
						return invalid("all needs training_id")
					}
					keep := map[int64]bool{}
					for _, id := range req.IDs {
						keep[int64(id)] = true
					}
					for _, id := range s.st.memByTraining[int64(*req.TrainingID)] {
						if !keep[id] {
							targets = append(targets, id)
						}
					}
				} else {
					if len(req.IDs) == 0 {
						return invalid("ids is required")
					}
					for _, id := range req.IDs {
						m := s.st.memberships.get(int64(id))
						if m != nil && (req.TrainingID == nil || m.TrainingID == *req.TrainingID) {
							targets = append(targets, int64(id))
						}
					}
				}
				out := []factorial.TrainingMembership{}
				for _, id := range targets {
					if m := s.st.deleteMembership(id); m != nil {
						out = append(out, *m)
					}
				}
				writeJSON(w, http.StatusOK, out)
				return nil
			},
		},
	})
}
