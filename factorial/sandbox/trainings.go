package sandbox

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aula-hr/aula/factorial"
)

type trainingReq struct {
	ID               *factorial.ID    `json:"id"`
	Name             *string          `json:"name"`
	Description      *string          `json:"description"`
	External         *bool            `json:"external"`
	Year             *int             `json:"year"`
	Code             *string          `json:"code"`
	ExternalProvider *string          `json:"external_provider"`
	CategoryIDs      []factorial.ID   `json:"category_ids"`
	CompetencyIDs    []factorial.ID   `json:"competency_ids"`
	Cost             *int64           `json:"cost"`
	SubsidizedCost   *int64           `json:"subsidized_cost"`
	ValidFor         *int             `json:"valid_for"`
	Objectives       *string          `json:"objectives"`
	TotalDuration    *factorial.Hours `json:"total_duration"`
	IsMandatory      *bool            `json:"is_mandatory"`
}

// trainingReqOf is t as an update body: what a PUT keeps of the fields it
// does not send.
func trainingReqOf(t *factorial.Training) trainingReq {
	return trainingReq{Name: ptr(t.Name), Description: ptr(t.Description), External: ptr(t.External), Year: ptr(t.Year),
		Code: t.Code, ExternalProvider: t.ExternalProvider, CategoryIDs: slices.Clone(t.CategoryIDs), CompetencyIDs: slices.Clone(t.CompetencyIDs),
		Cost: ptr(t.Cost), SubsidizedCost: ptr(t.SubsidizedCost), ValidFor: t.ValidFor, Objectives: t.Objectives,
		TotalDuration: ptr(t.TotalDuration), IsMandatory: ptr(t.IsMandatory)}
}

// apply validates req and writes it onto t. Caller holds the write lock.
func (s *Sandbox) applyTraining(t *factorial.Training, req *trainingReq) error {
	switch {
	case req.Name == nil || strings.TrimSpace(*req.Name) == "":
		return invalid("name is required")
	case req.Description == nil:
		return invalid("description is required")
	case req.External == nil:
		return invalid("external is required")
	case req.Year == nil:
		return invalid("year is required")
	case *req.Year < 1900 || *req.Year > 2200:
		return invalid("year is out of range")
	case req.Cost != nil && *req.Cost < 0, req.SubsidizedCost != nil && *req.SubsidizedCost < 0:
		return invalid("costs cannot be negative")
	case req.ValidFor != nil && *req.ValidFor < 0:
		return invalid("valid_for cannot be negative")
	}
	for _, c := range req.CategoryIDs {
		if s.st.categories.get(int64(c)) == nil {
			return invalid("category " + c.String() + " does not exist")
		}
	}
	t.Name, t.Description, t.External, t.Year = strings.TrimSpace(*req.Name), *req.Description, *req.External, *req.Year
	t.Code, t.ExternalProvider, t.Objectives, t.ValidFor = req.Code, req.ExternalProvider, req.Objectives, req.ValidFor
	if req.CategoryIDs != nil {
		t.CategoryIDs = slices.Clone(req.CategoryIDs)
	}
	if req.CompetencyIDs != nil {
		t.CompetencyIDs = slices.Clone(req.CompetencyIDs)
	}
	if req.Cost != nil {
		t.Cost = *req.Cost
	}
	if req.SubsidizedCost != nil {
		t.SubsidizedCost = *req.SubsidizedCost
	}
	if t.SubsidizedCost > t.Cost {
		return invalid("subsidized_cost cannot exceed cost")
	}
	t.Subsidized = t.SubsidizedCost > 0
	if req.TotalDuration != nil {
		t.TotalDuration = *req.TotalDuration
	}
	if req.IsMandatory != nil {
		t.IsMandatory = *req.IsMandatory
	}
	setTrainingMoney(t)
	now := s.now().Truncate(time.Second)
	t.UpdatedAt = &now
	return nil
}

// destroyTraining removes t and everything under it (DELETE, bulk_delete:
// see "Deleting a training" in doc.go) and returns the deleted record as it
// was last, saying deleted. Caller holds the write lock.
func (s *Sandbox) destroyTraining(v *viewer, t *factorial.Training) TrainingJSON {
	gone := *t
	now := s.now().Truncate(time.Second)
	gone.Status, gone.UpdatedAt = ptr(factorial.TrainingDeleted), &now
	out := s.renderTraining(v, &gone, false)
	s.st.deleteTraining(int64(t.ID))
	return out
}

func (s *Sandbox) trainingsRoute(w http.ResponseWriter, r *http.Request, v *viewer, sub string) error {
	one := func(status int, t *factorial.Training) {
		writeJSON(w, status, s.renderTraining(v, t, false))
	}
	return dispatch(r, sub, routes{
		list: func() error {
			q := r.URL.Query()
			ids, err := idsParam(q, "ids")
			if err != nil {
				return err
			}
			search := strings.TrimSpace(q.Get("search"))
			status := factorial.TrainingStatus(q.Get("status"))
			if status != "" && !status.Valid() {
				return badRequest("status must be draft, active or deleted")
			}
			catalog, err := boolParam(q, "catalog")
			if err != nil {
				return err
			}
			mandatory, err := boolParam(q, "is_mandatory")
			if err != nil {
				return err
			}
			onlyAssigned, err := boolParam(q, "only_assigned")
			if err != nil {
				return err
			}
			withExpired, err := boolParam(q, "return_expired_memberships")
			if err != nil {
				return err
			}
			withCurrent, err := boolParam(q, "with_current_training_classes")
			if err != nil {
				return err
			}
			current := withCurrent != nil && *withCurrent
			today := s.today()
			var match func(int64) bool
			if ids != nil || search != "" || status != "" || catalog != nil || mandatory != nil || onlyAssigned != nil || current || !v.admin() {
				match = func(id int64) bool {
					t := s.st.trainings.get(id)
					if ids != nil && !ids[id] {
						return false
					}
					st := factorial.TrainingActive
					if t.Status != nil {
						st = *t.Status
					}
					if status != "" && st != status || status == "" && st == factorial.TrainingDeleted {
						return false
					}
					if catalog != nil && t.Catalog != *catalog || mandatory != nil && t.IsMandatory != *mandatory {
						return false
					}
					if search != "" && !containsFold(t.Name, search) && (t.Code == nil || !containsFold(*t.Code, search)) {
						return false
					}
					if current && !slices.ContainsFunc(s.st.classByTraining[id], func(k int64) bool {
						c := s.st.classes.get(k)
						return c.StartDate != nil && c.EndDate != nil && !c.StartDate.After(today) && !c.EndDate.Before(today)
					}) {
						return false
					}
					if onlyAssigned != nil && *onlyAssigned {
						assigned := false
						if v.employee == 0 {
							assigned = len(s.st.memByTraining[id]) > 0
						} else {
							for _, m := range s.st.memByEmployee[v.employee] {
								if s.st.memberships.get(m).TrainingID == t.ID {
									assigned = true
								}
							}
						}
						if !assigned {
							return false
						}
					}
					return s.seesTraining(v, t)
				}
			} else {
				match = func(id int64) bool {
					t := s.st.trainings.get(id)
					return t.Status == nil || *t.Status != factorial.TrainingDeleted
				}
			}
			exp := withExpired != nil && *withExpired
			return list(s, w, r, func() []int64 { return s.st.trainings.ids }, match, func(id int64) TrainingJSON {
				return s.renderTraining(v, s.st.trainings.get(id), exp)
			})
		},
		get: func(id int64) error {
			s.mu.RLock()
			defer s.mu.RUnlock()
			t := s.st.trainings.get(id)
			if t == nil || !s.seesTraining(v, t) {
				return notFound("training")
			}
			one(http.StatusOK, t)
			return nil
		},
		create: func() error {
			if err := requireAdmin(v); err != nil {
				return err
			}
			var req trainingReq
			if err := decodeBody(r, &req); err != nil {
				return err
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			now := s.now().Truncate(time.Second)
			author := factorial.ID(v.employee)
			if author == 0 {
				author = s.st.personas[PersonaHRAdmin]
			}
			t := &factorial.Training{CompanyID: s.st.company, AuthorID: author, CreatedAt: &now, Catalog: false,
				Status: ptr(factorial.TrainingDraft), CategoryIDs: []factorial.ID{}, CompetencyIDs: []factorial.ID{},
				TrainingAttendanceStatus: factorial.NotAssigned}
			if err := s.applyTraining(t, &req); err != nil {
				return err
			}
			t.ID = factorial.ID(s.st.newID(resTraining))
			s.st.trainings.put(int64(t.ID), t)
			one(http.StatusCreated, t)
			return nil
		},
		update: func(id int64) error {
			if err := requireAdmin(v); err != nil {
				return err
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			t := s.st.trainings.get(id)
			if t == nil {
				return notFound("training")
			}
			req := trainingReqOf(t)
			sent, err := decodeUpdate(r, v, id, &req, func() *factorial.ID { return req.ID })
			if err != nil {
				return err
			}
			// The PUT body requires these (factorial-api.md §4); the
			// optional fields left out keep their values.
			if err := required(sent, "name", "description", "external", "year"); err != nil {
				return err
			}
			next := *t
			if err := s.applyTraining(&next, &req); err != nil {
				return err
			}
			*t = next
			one(http.StatusOK, t)
			return nil
		},
		remove: func(id int64) error {
			if err := requireAdmin(v); err != nil {
				return err
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			t := s.st.trainings.get(id)
			if t == nil {
				return notFound("training")
			}
			out := s.destroyTraining(v, t)
			writeJSON(w, http.StatusOK, out)
			return nil
		},
		actions: map[string]func() error{
			"bulk_delete": func() error {
				if err := requireAdmin(v); err != nil {
					return err
				}
				var req struct {
					IDs []factorial.ID `json:"ids"`
				}
				if err := decodeBody(r, &req); err != nil {
					return err
				}
				if len(req.IDs) == 0 {
					return invalid("ids is required")
				}
				s.mu.Lock()
				defer s.mu.Unlock()
				out := []TrainingJSON{}
				for _, id := range req.IDs {
					if t := s.st.trainings.get(int64(id)); t != nil {
						out = append(out, s.destroyTraining(v, t))
					}
				}
				writeJSON(w, http.StatusOK, out)
				return nil
			},
			"bulk_update_catalog": func() error {
				if err := requireAdmin(v); err != nil {
					return err
				}
				var req struct {
					IDs     []factorial.ID `json:"ids"`
					Catalog *bool          `json:"catalog"`
				}
				if err := decodeBody(r, &req); err != nil {
					return err
				}
				if len(req.IDs) == 0 || req.Catalog == nil {
					return invalid("ids and catalog are required")
				}
				s.mu.Lock()
				defer s.mu.Unlock()
				for _, id := range req.IDs {
					if s.st.trainings.get(int64(id)) == nil {
						return notFound("training " + id.String())
					}
				}
				out := []TrainingJSON{}
				now := s.now().Truncate(time.Second)
				for _, id := range req.IDs {
					t := s.st.trainings.get(int64(id))
					t.Catalog, t.UpdatedAt = *req.Catalog, &now
					out = append(out, s.renderTraining(v, t, false))
				}
				writeJSON(w, http.StatusOK, out)
				return nil
			},
			"update_status": func() error {
				if err := requireAdmin(v); err != nil {
					return err
				}
				var req struct {
					ID     *factorial.ID             `json:"id"`
					Status *factorial.TrainingStatus `json:"status"`
					Notify bool                      `json:"notify"`
				}
				if err := decodeBody(r, &req); err != nil {
					return err
				}
				if req.ID == nil || req.Status == nil {
					return invalid("id and status are required")
				}
				if !req.Status.Valid() {
					return invalid("status must be draft, active or deleted")
				}
				s.mu.Lock()
				defer s.mu.Unlock()
				t := s.st.trainings.get(int64(*req.ID))
				if t == nil {
					return notFound("training")
				}
				now := s.now().Truncate(time.Second)
				t.Status, t.UpdatedAt = ptr(*req.Status), &now
				one(http.StatusOK, t)
				return nil
			},
		},
	})
}

// --- training classes ----------------------------------------------------

type classReq struct {
	TrainingID     *factorial.ID            `json:"training_id"`
	CompanyID      *factorial.ID            `json:"company_id"`
	Name           *string                  `json:"name"`
	Description    *string                  `json:"description"`
	StartDate      *factorial.Date          `json:"start_date"`
	EndDate        *factorial.Date          `json:"end_date"`
	Cost           *string                  `json:"cost"`
	SubsidizedCost *string                  `json:"subsidized_cost"`
	IndirectCost   *string                  `json:"indirect_cost"`
	SalaryCost     *string                  `json:"salary_cost"`
	PaymentStatus  *factorial.PaymentStatus `json:"payment_status"`
}

// decimalAmount is a non-negative decimal string such as "1250" or "1250.00",
// below 10^12: what cents() turns into minor units without overflow.
// strconv.ParseFloat alone also takes "NaN", "Inf", "1e300", "0x1p4" and
// stores garbage.
var decimalAmount = regexp.MustCompile(`^[0-9]{1,12}(\.[0-9]+)?$`)

func checkDecimal(name string, v *string) error {
	if v == nil {
		return invalid(name + " is required")
	}
	if strings.HasPrefix(*v, "-") {
		return invalid(name + " cannot be negative")
	}
	if !decimalAmount.MatchString(*v) {
		return invalid(name + " must be a decimal amount such as \"1250.00\"")
	}
	return nil
}

func (s *Sandbox) applyClass(c *factorial.TrainingClass, req *classReq, create bool) error {
	if create {
		switch {
		case req.TrainingID == nil:
			return invalid("training_id is required")
		case req.CompanyID == nil || *req.CompanyID != s.st.company:
			return invalid("company_id is required and must be your company")
		case req.StartDate == nil || req.StartDate.IsZero() || req.EndDate == nil || req.EndDate.IsZero():
			return invalid("start_date and end_date are required")
		}
		if s.st.trainings.get(int64(*req.TrainingID)) == nil {
			return invalid("training_id does not exist")
		}
		c.TrainingID = *req.TrainingID
	}
	for _, f := range []struct {
		n string
		v *string
	}{{"cost", req.Cost}, {"subsidized_cost", req.SubsidizedCost}, {"indirect_cost", req.IndirectCost}, {"salary_cost", req.SalaryCost}} {
		if err := checkDecimal(f.n, f.v); err != nil {
			return err
		}
	}
	if req.PaymentStatus == nil || !req.PaymentStatus.Valid() {
		return invalid("payment_status must be paid or pending")
	}
	if req.StartDate != nil && !req.StartDate.IsZero() {
		c.StartDate = ptr(*req.StartDate)
	}
	if req.EndDate != nil && !req.EndDate.IsZero() {
		c.EndDate = ptr(*req.EndDate)
	}
	if c.StartDate != nil && c.EndDate != nil && c.EndDate.Before(*c.StartDate) {
		return invalid("end_date is before start_date")
	}
	if req.Name != nil {
		c.Name = *req.Name
	}
	if c.Name == "" {
		c.Name = "Group " + c.StartDate.String()
	}
	c.Description = req.Description
	c.Cost, c.SubsidizedCost = decimal(cents(*req.Cost)), decimal(cents(*req.SubsidizedCost))
	c.IndirectCost, c.SalaryCost = decimal(cents(*req.IndirectCost)), decimal(cents(*req.SalaryCost))
	c.PaymentStatus = ptr(*req.PaymentStatus)
	setClassTotals(c)
	return nil
}

func (s *Sandbox) classesRoute(w http.ResponseWriter, r *http.Request, v *viewer, sub string) error {
	visible := func(c *factorial.TrainingClass) bool {
		t := s.st.trainings.get(int64(c.TrainingID))
		return t != nil && s.seesTraining(v, t)
	}
	return dispatch(r, sub, routes{
		list: func() error {
			q := r.URL.Query()
			ids, err := idsParam(q, "ids")
			if err != nil {
				return err
			}
			tid, hasT, err := idParam(q, "training_id")
			if err != nil {
				return err
			}
			search := strings.TrimSpace(q.Get("search"))
			dates := func(name string) (map[factorial.Date]bool, error) {
				vals := arrayValues(q, name)
				if len(vals) == 0 {
					return nil, nil
				}
				out := map[factorial.Date]bool{}
				for _, s := range vals {
					d, err := factorial.ParseDate(s)
					if err != nil {
						return nil, badRequest(name + " must hold dates (YYYY-MM-DD)")
					}
					out[d] = true
				}
				return out, nil
			}
			starts, err := dates("start_date")
			if err != nil {
				return err
			}
			ends, err := dates("end_date")
			if err != nil {
				return err
			}
			cands := func() []int64 { return s.st.classes.ids }
			if hasT {
				cands = func() []int64 { return s.st.classByTraining[tid] }
			}
			match := func(id int64) bool {
				c := s.st.classes.get(id)
				if ids != nil && !ids[id] || search != "" && !containsFold(c.Name, search) {
					return false
				}
				if starts != nil && (c.StartDate == nil || !starts[*c.StartDate]) || ends != nil && (c.EndDate == nil || !ends[*c.EndDate]) {
					return false
				}
				return visible(c)
			}
			return list(s, w, r, cands, match, func(id int64) ClassJSON { return s.renderClass(v, s.st.classes.get(id)) })
		},
		get: func(id int64) error {
			s.mu.RLock()
			defer s.mu.RUnlock()
			c := s.st.classes.get(id)
			if c == nil || !visible(c) {
				return notFound("training class")
			}
			writeJSON(w, http.StatusOK, s.renderClass(v, c))
			return nil
		},
		create: func() error {
			if err := requireAdmin(v); err != nil {
				return err
			}
			var req classReq
			if err := decodeBody(r, &req); err != nil {
				return err
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			c := &factorial.TrainingClass{CreatedAt: ptr(s.now().Truncate(time.Second))}
			if err := s.applyClass(c, &req, true); err != nil {
				return err
			}
			c.ID = factorial.ClassID(strconv.FormatInt(s.st.newID(resClass), 10))
			s.st.putClass(c)
			writeJSON(w, http.StatusCreated, s.renderClass(v, c))
			return nil
		},
		update: func(id int64) error {
			if err := requireAdmin(v); err != nil {
				return err
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			c := s.st.classes.get(id)
			if c == nil {
				return notFound("training class")
			}
			req := classReq{Name: ptr(c.Name), Description: c.Description, StartDate: c.StartDate, EndDate: c.EndDate}
			sent, err := decodeUpdate(r, v, id, &req, func() *factorial.ID { return nil })
			if err != nil {
				return err
			}
			// The PUT body requires the costs and payment_status
			// (factorial-api.md §4); the fields left out keep their values.
			if err := required(sent, "cost", "subsidized_cost", "indirect_cost", "salary_cost", "payment_status"); err != nil {
				return err
			}
			next := *c
			if err := s.applyClass(&next, &req, false); err != nil {
				return err
			}
			*c = next
			writeJSON(w, http.StatusOK, s.renderClass(v, c))
			return nil
		},
		remove: func(id int64) error {
			if err := requireAdmin(v); err != nil {
				return err
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			c := s.st.classes.get(id)
			if c == nil {
				return notFound("training class")
			}
			out := s.renderClass(v, c)
			s.st.deleteClass(id)
			writeJSON(w, http.StatusOK, out)
			return nil
		},
	})
}
