package sandbox

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aula-hr/aula/factorial"
)

func TestPersonas(t *testing.T) {
	h := newHarness(t)
	ps := h.sb.Personas()
	keys := map[string]Persona{}
	for _, p := range ps {
		keys[p.Key] = p
		if p.Name == "" || p.Description == "" || p.EmployeeID == 0 {
			t.Fatalf("persona %+v incomplete", p)
		}
	}
	for _, k := range []string{PersonaHRAdmin, PersonaTrainer, PersonaManager, PersonaEmployee} {
		if _, ok := keys[k]; !ok {
			t.Fatalf("persona %s missing", k)
		}
	}
	if _, _, err := h.sb.IssueToken("nobody"); err == nil {
		t.Fatal("token for an unknown persona")
	}
	// who am I
	for _, who := range []string{"key", PersonaHRAdmin, PersonaTrainer, PersonaManager, PersonaEmployee} {
		var env List[factorial.Credential]
		h.ok(who, "GET", "api_public/credentials", nil, 200, &env)
		if len(env.Data) != 1 || env.Data[0].CompanyID != CompanyID {
			t.Fatalf("%s: credentials %+v", who, env.Data)
		}
		c := env.Data[0]
		if who == "key" {
			if c.EmployeeID != nil || c.Role != nil {
				t.Fatalf("API key credential has a person: %+v", c)
			}
			continue
		}
		if c.EmployeeID == nil || *c.EmployeeID != keys[who].EmployeeID || *c.Role != keys[who].Role || c.Email == nil || c.FullName == nil {
			t.Fatalf("%s: credential %+v", who, c)
		}
	}
}

func TestPermissionsWrites(t *testing.T) {
	h := newHarness(t)
	train := map[string]any{"name": "x", "description": "", "external": false, "year": 2026}
	for _, who := range []string{PersonaTrainer, PersonaManager, PersonaEmployee} {
		h.fails(who, "POST", "trainings/trainings", train, 403)
		h.fails(who, "PUT", "trainings/trainings/1", train, 403)
		h.fails(who, "DELETE", "trainings/trainings/1", nil, 403)
		h.fails(who, "POST", "trainings/trainings/bulk_delete", map[string]any{"ids": []int{1}}, 403)
		h.fails(who, "POST", "trainings/categories", map[string]any{"name": "x", "company_id": CompanyID}, 403)
		h.fails(who, "DELETE", "trainings/sessions/1", nil, 403)
		h.fails(who, "POST", "trainings/training_memberships/bulk_create", map[string]any{"training_id": 1, "employee_ids": []int{1}}, 403)
		h.fails(who, "POST", "trainings/session_access_memberships/bulk_create", map[string]any{"session_id": 1, "employee_ids": []int{1}}, 403)
	}
	if h.sb.Snapshot().Training(1) == nil {
		t.Fatal("a forbidden delete went through")
	}
	h.ok(PersonaHRAdmin, "POST", "trainings/trainings", train, 201, nil)
}

// trainerSessions returns today's sessions of the trainer's trainings.
func trainerSessions(t *testing.T, h *harness) (taught, other []factorial.Session) {
	st := h.sb.Snapshot()
	trainer := st.Personas[PersonaTrainer]
	teaches := map[factorial.ID]bool{}
	for tr, ids := range st.Teachers {
		for _, id := range ids {
			if id == trainer {
				teaches[tr] = true
			}
		}
	}
	today := factorial.DateOf(testNow)
	for _, x := range st.Sessions {
		if x.StartsAt == nil || factorial.DateOf(*x.StartsAt) != today {
			continue
		}
		if teaches[x.TrainingID] {
			taught = append(taught, x)
		} else {
			other = append(other, x)
		}
	}
	if len(taught) < 3 || len(other) == 0 {
		t.Fatalf("today: %d taught sessions, %d others", len(taught), len(other))
	}
	return taught, other
}

func TestTrainerAttendance(t *testing.T) {
	h := newHarness(t)
	taught, other := trainerSessions(t, h)
	for _, x := range taught {
		var atts List[factorial.SessionAttendance]
		h.ok(PersonaTrainer, "GET", "trainings/session_attendances?session_id="+x.ID.String(), nil, 200, &atts)
		if len(atts.Data) < 5 {
			t.Fatalf("session %d today has %d attendees, want several", x.ID, len(atts.Data))
		}
		var access List[factorial.SessionAccessMembership]
		h.ok(PersonaTrainer, "GET", "trainings/session_access_memberships?session_id="+x.ID.String(), nil, 200, &access)
		if len(access.Data) != len(atts.Data) || access.Data[0].FirstName == nil {
			t.Fatalf("trainer sees %d access memberships, %d attendances", len(access.Data), len(atts.Data))
		}
		var out []factorial.SessionAttendance
		h.ok(PersonaTrainer, "POST", "trainings/session_attendances/bulk_update", map[string]any{"ids": []factorial.ID{atts.Data[0].ID}, "status": "completed"}, 200, &out)
		if out[0].Status != factorial.AttendanceCompleted {
			t.Fatalf("trainer update: %+v", out)
		}
	}
	// another trainer's session: the trainer reads the session but not its people, and cannot mark
	x := other[0]
	h.ok(PersonaTrainer, "GET", "trainings/sessions/"+x.ID.String(), nil, 200, nil)
	var atts List[factorial.SessionAttendance]
	h.ok(PersonaHRAdmin, "GET", "trainings/session_attendances?session_id="+x.ID.String(), nil, 200, &atts)
	if len(atts.Data) == 0 {
		t.Fatal("no attendees in the other session")
	}
	var mine List[factorial.SessionAttendance]
	h.ok(PersonaTrainer, "GET", "trainings/session_attendances?session_id="+x.ID.String(), nil, 200, &mine)
	trainer := h.sb.Snapshot().Personas[PersonaTrainer]
	for _, a := range mine.Data {
		if *a.EmployeeID != trainer {
			t.Fatalf("trainer sees attendance %d of employee %d of a training they do not teach", a.ID, *a.EmployeeID)
		}
	}
	var ids []factorial.ID
	for _, a := range atts.Data {
		if *a.EmployeeID != trainer {
			ids = append(ids, a.ID)
		}
	}
	before := h.sb.Snapshot().Attendance(ids[0]).Status
	h.fails(PersonaTrainer, "POST", "trainings/session_attendances/bulk_update", map[string]any{"ids": ids, "status": "missing"}, 404)
	if h.sb.Snapshot().Attendance(ids[0]).Status != before {
		t.Fatal("forbidden update changed the state")
	}
	// employees and managers cannot mark attendance at all
	h.fails(PersonaEmployee, "POST", "trainings/session_attendances/bulk_update", map[string]any{"ids": ids[:1], "status": "completed"}, 403)
	h.fails(PersonaManager, "POST", "trainings/session_attendances/bulk_update", map[string]any{"ids": ids[:1], "status": "completed"}, 403)
}

func TestTrainerForbiddenOnAVisibleAttendance(t *testing.T) {
	h := newHarness(t)
	_, other := trainerSessions(t, h)
	st := h.sb.Snapshot()
	trainer := st.Personas[PersonaTrainer]
	// invite the trainer to another trainer's session: they see their own attendance there, but may not mark it
	var created []factorial.SessionAccessMembership
	h.ok("key", "POST", "trainings/session_access_memberships/bulk_create", map[string]any{"session_id": other[0].ID, "employee_ids": []factorial.ID{trainer}}, 200, &created)
	var atts List[factorial.SessionAttendance]
	h.ok(PersonaTrainer, "GET", "trainings/session_attendances?session_access_membership_ids[]="+created[0].ID.String(), nil, 200, &atts)
	if len(atts.Data) != 1 {
		t.Fatalf("trainer does not see their own attendance: %+v", atts)
	}
	h.fails(PersonaTrainer, "POST", "trainings/session_attendances/bulk_update", map[string]any{"ids": []factorial.ID{atts.Data[0].ID}, "status": "completed"}, 403)
}

func TestManagerAndEmployeeVisibility(t *testing.T) {
	h := newHarness(t)
	st := h.sb.Snapshot()
	mgr, emp := st.Personas[PersonaManager], st.Personas[PersonaEmployee]
	// reports of the manager, computed from the state
	managerOf := map[factorial.ID]factorial.ID{}
	for _, e := range st.Employees {
		if e.ManagerID != nil {
			managerOf[e.ID] = *e.ManagerID
		}
	}
	reportsTo := func(e, m factorial.ID) bool {
		for x := managerOf[e]; x != 0; x = managerOf[x] {
			if x == m {
				return true
			}
		}
		return false
	}
	direct, indirect := 0, 0
	for _, e := range st.Employees {
		if e.ManagerID != nil && *e.ManagerID == mgr {
			direct++
		} else if reportsTo(e.ID, mgr) {
			indirect++
		}
	}
	if direct == 0 || indirect == 0 || !reportsTo(emp, mgr) {
		t.Fatalf("manager has %d direct and %d indirect reports; employee reports to manager: %v", direct, indirect, reportsTo(emp, mgr))
	}
	mems, _ := all[factorial.TrainingMembership](h, PersonaManager, "trainings/training_memberships", 100)
	want := 0
	for _, m := range st.TrainingMemberships {
		if m.EmployeeID == mgr || reportsTo(m.EmployeeID, mgr) {
			want++
		}
	}
	if len(mems) != want || want == 0 {
		t.Fatalf("manager sees %d memberships, want %d", len(mems), want)
	}
	sawIndirect := false
	for _, m := range mems {
		if m.EmployeeID != mgr && !reportsTo(m.EmployeeID, mgr) {
			t.Fatalf("manager sees membership of %d", m.EmployeeID)
		}
		if e := st.Employees[m.EmployeeID-1]; e.ManagerID != nil && *e.ManagerID != mgr && m.EmployeeID != mgr {
			sawIndirect = true
		}
	}
	if !sawIndirect {
		t.Fatal("manager sees no membership of an indirect report")
	}
	// the employee sees only their own, including an overdue mandatory one
	mine, _ := all[factorial.TrainingMembership](h, PersonaEmployee, "trainings/training_memberships", 100)
	if len(mine) < 4 {
		t.Fatalf("employee has %d memberships", len(mine))
	}
	today := factorial.DateOf(testNow)
	overdueMandatory, expiredOne, expiring := false, false, false
	for _, m := range mine {
		if m.EmployeeID != emp {
			t.Fatalf("employee sees membership of %d", m.EmployeeID)
		}
		tr := st.Training(m.TrainingID)
		if tr.IsMandatory && m.TrainingCompletedAt == nil && m.TrainingDueDate != nil && m.TrainingDueDate.Before(today) {
			overdueMandatory = true
		}
		if tr.ValidFor != nil && m.TrainingCompletedAt != nil {
			exp := m.TrainingCompletedAt.AddYears(*tr.ValidFor)
			expiredOne = expiredOne || exp.Before(today)
			expiring = expiring || (!exp.Before(today) && exp.Before(today.AddDays(31)))
		}
	}
	if !overdueMandatory || !expiredOne || !expiring {
		t.Fatalf("employee: overdue mandatory %v, expired %v, expiring soon %v", overdueMandatory, expiredOne, expiring)
	}
	var other factorial.TrainingMembership
	for _, m := range st.TrainingMemberships {
		if m.EmployeeID != emp {
			other = m
			break
		}
	}
	h.fails(PersonaEmployee, "GET", "trainings/training_memberships/"+other.ID.String(), nil, 404)
	// sessions: only the ones the employee is invited to, today and in the coming days
	sessions, _ := all[factorial.Session](h, PersonaEmployee, "trainings/sessions", 100)
	todays, coming := 0, 0
	for _, x := range sessions {
		invited := false
		for _, a := range st.SessionAccessMemberships {
			if a.SessionID == x.ID && *a.EmployeeID == emp {
				invited = true
			}
		}
		if !invited {
			t.Fatalf("employee sees session %d they are not invited to", x.ID)
		}
		if x.StartsAt != nil {
			d := factorial.DateOf(*x.StartsAt)
			if d == today {
				todays++
			} else if d.After(today) && d.Before(today.AddDays(8)) {
				coming++
			}
		}
	}
	if todays == 0 || coming == 0 {
		t.Fatalf("employee has %d sessions today and %d in the coming week", todays, coming)
	}
	// attendance: own only
	atts, _ := all[factorial.SessionAttendance](h, PersonaEmployee, "trainings/session_attendances", 100)
	for _, a := range atts {
		if *a.EmployeeID != emp {
			t.Fatalf("employee sees attendance of %d", *a.EmployeeID)
		}
	}
	if len(atts) == 0 {
		t.Fatal("employee sees no attendance")
	}
}

func TestHiddenFieldsAreNull(t *testing.T) {
	h := newHarness(t)
	st := h.sb.Snapshot()
	raw := func(who, path string) map[string]json.RawMessage {
		_, b, _ := h.do(who, "GET", path, nil)
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v: %s", path, err, short(b))
		}
		return m
	}
	costs := []string{"cost", "subsidized_cost", "total_cost", "cost_decimal", "subsidized_cost_decimal", "total_cost_decimal",
		"total_training_cost", "total_training_indirect_cost", "total_training_salary_cost", "total_training_subsidized_cost"}
	admin := raw("key", "trainings/trainings/2")
	for _, f := range costs {
		if string(admin[f]) == "null" || admin[f] == nil {
			t.Fatalf("admin: %s is %s", f, admin[f])
		}
	}
	for _, who := range []string{PersonaTrainer, PersonaManager, PersonaEmployee} {
		m := raw(who, "trainings/trainings/2")
		for _, f := range costs {
			if v, ok := m[f]; !ok || string(v) != "null" {
				t.Fatalf("%s: %s = %s, want null", who, f, v)
			}
		}
		if string(m["name"]) == "null" {
			t.Fatalf("%s: name hidden", who)
		}
		c := raw(who, "trainings/training_classes/1")
		for _, f := range []string{"cost", "indirect_cost", "salary_cost", "subsidized_cost"} {
			if string(c[f]) != "null" {
				t.Fatalf("%s: class %s = %s, want null", who, f, c[f])
			}
		}
	}
	// email: self and managers above see it; others get null
	mgr, emp := st.Personas[PersonaManager], st.Personas[PersonaEmployee]
	if string(raw(PersonaEmployee, "employees/employees/"+emp.String())["email"]) == "null" {
		t.Fatal("employee does not see their own email")
	}
	if string(raw(PersonaEmployee, "employees/employees/"+mgr.String())["email"]) != "null" {
		t.Fatal("employee sees their manager's email")
	}
	if string(raw(PersonaManager, "employees/employees/"+emp.String())["email"]) == "null" {
		t.Fatal("manager does not see a report's email")
	}
	if !strings.Contains(string(raw("key", "employees/employees/"+mgr.String())["email"]), "@") {
		t.Fatal("admin does not see emails")
	}
	// drafts are not visible to employees
	var drafts List[factorial.Training]
	h.ok(PersonaEmployee, "GET", "trainings/trainings?status=draft", nil, 200, &drafts)
	if drafts.Meta.Total != 0 {
		t.Fatalf("employee sees %d drafts", drafts.Meta.Total)
	}
}
