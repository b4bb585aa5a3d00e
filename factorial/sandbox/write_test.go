package sandbox

import (
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial"
)

func TestTrainingCRUD(t *testing.T) {
	h := newHarness(t)
	body := map[string]any{"name": "Ladder safety", "description": "Use ladders safely", "external": true, "year": 2026,
		"external_provider": "SafeLift Academy", "category_ids": []int{1}, "cost": 45000, "subsidized_cost": 15000,
		"valid_for": 2, "is_mandatory": true, "total_duration": 3.5}
	var tr factorial.Training
	h.ok("key", "POST", "trainings/trainings", body, 201, &tr)
	if tr.ID == 0 || tr.Name != "Ladder safety" || tr.Cost != 45000 || tr.CostDecimal.Amount != "450.00" || *tr.TotalCost != 30000 ||
		!tr.Subsidized || *tr.ValidFor != 2 || *tr.Status != factorial.TrainingDraft || tr.TotalDuration != 3.5 {
		t.Fatalf("created %+v", tr)
	}
	id := tr.ID.String()
	var got factorial.Training
	h.ok("key", "GET", "trainings/trainings/"+id, nil, 200, &got)
	if got.ID != tr.ID || got.Name != tr.Name {
		t.Fatalf("read back %+v", got)
	}
	// required fields and types
	h.fails("key", "POST", "trainings/trainings", map[string]any{"name": "x", "external": false, "year": 2026}, 422)
	h.fails("key", "POST", "trainings/trainings", map[string]any{"name": "", "description": "", "external": false, "year": 2026}, 422)
	h.fails("key", "POST", "trainings/trainings", map[string]any{"name": "x", "description": "", "external": "no", "year": 2026}, 422)
	h.fails("key", "POST", "trainings/trainings", map[string]any{"name": "x", "description": "", "external": false, "year": 2026, "category_ids": []int{999}}, 422)
	h.fails("key", "POST", "trainings/trainings", "{not json", 400)
	h.fails("key", "POST", "trainings/trainings", "", 400)

	body["id"] = tr.ID
	body["name"] = "Ladder safety II"
	h.ok("key", "PUT", "trainings/trainings/"+id, body, 200, &got)
	if got.Name != "Ladder safety II" {
		t.Fatalf("update: %+v", got)
	}
	body["id"] = 12345
	h.fails("key", "PUT", "trainings/trainings/"+id, body, 422)
	h.fails("key", "PUT", "trainings/trainings/999999", map[string]any{"name": "a", "description": "", "external": false, "year": 2026}, 404)

	h.ok("key", "POST", "trainings/trainings/update_status", map[string]any{"id": tr.ID, "status": "active", "notify": false}, 200, &got)
	if *got.Status != factorial.TrainingActive {
		t.Fatalf("update_status: %v", *got.Status)
	}
	h.fails("key", "POST", "trainings/trainings/update_status", map[string]any{"id": tr.ID, "status": "archived"}, 422)
	var many []factorial.Training
	h.ok("key", "POST", "trainings/trainings/bulk_update_catalog", map[string]any{"ids": []factorial.ID{tr.ID, 2}, "catalog": true}, 200, &many)
	if len(many) != 2 || !many[0].Catalog || !many[1].Catalog {
		t.Fatalf("bulk_update_catalog: %+v", many)
	}
	if !h.sb.Snapshot().Training(2).Catalog {
		t.Fatal("bulk_update_catalog did not reach the state")
	}
	h.ok("key", "DELETE", "trainings/trainings/"+id, nil, 200, &got)
	if got.ID != tr.ID {
		t.Fatalf("delete returned %+v", got)
	}
	h.fails("key", "GET", "trainings/trainings/"+id, nil, 404)
	h.fails("key", "DELETE", "trainings/trainings/"+id, nil, 404)
	h.ok("key", "POST", "trainings/trainings/bulk_delete", map[string]any{"ids": []int{3, 4, 999999}}, 200, &many)
	if len(many) != 2 || many[0].ID != 3 || many[1].ID != 4 {
		t.Fatalf("bulk_delete: %+v", many)
	}
}

func TestDeletingATrainingRemovesWhatHangsOffIt(t *testing.T) {
	h := newHarness(t)
	before := h.sb.Snapshot()
	const id = 1
	counts := func(st *State) (mem, sess, acc, att, cls int) {
		sessions := map[factorial.ID]bool{}
		for _, x := range st.Sessions {
			if x.TrainingID == id {
				sess++
				sessions[x.ID] = true
			}
		}
		access := map[factorial.ID]bool{}
		for _, a := range st.SessionAccessMemberships {
			if sessions[a.SessionID] {
				acc++
				access[a.ID] = true
			}
		}
		for _, a := range st.SessionAttendances {
			if access[a.SessionAccessMembershipID] {
				att++
			}
		}
		for _, m := range st.TrainingMemberships {
			if m.TrainingID == id {
				mem++
			}
		}
		for _, c := range st.Classes {
			if c.TrainingID == id {
				cls++
			}
		}
		return
	}
	m, s, a, at, c := counts(before)
	if m == 0 || s == 0 || a == 0 || at != a || c == 0 {
		t.Fatalf("training 1 has mem %d sess %d acc %d att %d classes %d", m, s, a, at, c)
	}
	h.ok("key", "DELETE", "trainings/trainings/1", nil, 200, nil)
	after := h.sb.Snapshot()
	m2, s2, a2, at2, c2 := counts(after)
	if m2+s2+a2+at2+c2 != 0 {
		t.Fatalf("left behind: mem %d sess %d acc %d att %d classes %d", m2, s2, a2, at2, c2)
	}
	if len(after.SessionAttendances) != len(before.SessionAttendances)-at || len(after.TrainingMemberships) != len(before.TrainingMemberships)-m {
		t.Fatal("deleted more than the training's records")
	}
	// the lists agree
	var env List[factorial.TrainingMembership]
	h.ok("key", "GET", "trainings/training_memberships?training_id=1", nil, 200, &env)
	if env.Meta.Total != 0 {
		t.Fatalf("%d memberships still listed", env.Meta.Total)
	}
}

func TestSessionsCRUDAndDelete(t *testing.T) {
	h := newHarness(t)
	day := testNow.AddDate(0, 0, 3)
	start := time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, time.UTC)
	body := map[string]any{"name": "Extra session", "training_id": 2, "starts_at": start, "ends_at": start.Add(90 * time.Minute),
		"modality": "online", "link": "https://meet.example/x"}
	var x factorial.Session
	h.ok("key", "POST", "trainings/sessions", body, 201, &x)
	if x.Duration == nil || *x.Duration != (factorial.Duration{Hours: 1, Minutes: 30}) || *x.Schedule != factorial.ScheduleScheduled || len(x.SessionAttendanceIDs) != 0 {
		t.Fatalf("created %+v", x)
	}
	body["ends_at"] = start.Add(24 * time.Hour)
	h.fails("key", "POST", "trainings/sessions", body, 422) // not the same day
	body["ends_at"] = start.Add(-time.Hour)
	h.fails("key", "POST", "trainings/sessions", body, 422)
	h.fails("key", "POST", "trainings/sessions", map[string]any{"name": "x"}, 422)
	h.fails("key", "POST", "trainings/sessions", map[string]any{"name": "x", "training_id": 2, "modality": "telepathy"}, 422)
	h.ok("key", "POST", "trainings/sessions", map[string]any{"name": "Self-paced module", "training_id": 2, "due_date": "2026-12-20",
		"schedule": "selfpaced", "duration": map[string]int{"hours": 2, "minutes": 0}}, 201, &x)
	if x.DueDate.String() != "2026-12-20" || x.StartsAt != nil || *x.Schedule != factorial.ScheduleSelfPaced {
		t.Fatalf("self-paced %+v", x)
	}
	// scheduling the self-paced session: what changes is sent, the due
	// date cleared with null (a field left out would keep its value)
	body["ends_at"] = start.Add(time.Hour)
	body["id"] = x.ID
	body["schedule"], body["due_date"] = "scheduled", nil
	var upd factorial.Session
	h.ok("key", "PUT", "trainings/sessions/"+x.ID.String(), body, 200, &upd)
	if upd.StartsAt == nil || upd.DueDate != nil || upd.Duration.TotalMinutes() != 60 {
		t.Fatalf("updated %+v", upd)
	}
	// delete a session with attendees: its access memberships and attendances go too
	st := h.sb.Snapshot()
	var sid factorial.ID
	for _, a := range st.SessionAccessMemberships {
		sid = a.SessionID
		break
	}
	h.ok("key", "DELETE", "trainings/sessions/"+sid.String(), nil, 200, nil)
	after := h.sb.Snapshot()
	for _, a := range after.SessionAccessMemberships {
		if a.SessionID == sid {
			t.Fatal("access membership of a deleted session left")
		}
	}
	if len(after.SessionAttendances) != len(after.SessionAccessMemberships) {
		t.Fatalf("%d attendances for %d access memberships", len(after.SessionAttendances), len(after.SessionAccessMemberships))
	}
	h.fails("key", "GET", "trainings/session_access_memberships?session_id=abc", nil, 400)
}

func TestCategoriesAndClasses(t *testing.T) {
	h := newHarness(t)
	var c factorial.TrainingCategory
	h.ok("key", "POST", "trainings/categories", map[string]any{"name": "Robotics", "company_id": CompanyID}, 201, &c)
	h.fails("key", "POST", "trainings/categories", map[string]any{"name": "Robotics", "company_id": CompanyID}, 422)
	h.fails("key", "POST", "trainings/categories", map[string]any{"name": "Other", "company_id": 1}, 422)
	h.ok("key", "DELETE", "trainings/categories/1", nil, 200, &c)
	for _, tr := range h.sb.Snapshot().Trainings {
		for _, cid := range tr.CategoryIDs {
			if cid == 1 {
				t.Fatalf("training %d still in deleted category", tr.ID)
			}
		}
	}
	req := map[string]any{"training_id": 2, "company_id": CompanyID, "name": "Group Z", "start_date": "2026-12-01", "end_date": "2026-12-31",
		"cost": "1000.50", "subsidized_cost": "200", "indirect_cost": "50.25", "salary_cost": "300", "payment_status": "pending"}
	var tr factorial.Training
	h.ok("key", "GET", "trainings/trainings/2", nil, 200, &tr)
	var cl factorial.TrainingClass
	h.ok("key", "POST", "trainings/training_classes", req, 201, &cl)
	if cl.ID == "" || *cl.GrossCost != "1350.75" || *cl.NetCost != "1150.75" || cl.Cost != "1000.50" || *cl.PaymentStatus != factorial.PaymentPending {
		t.Fatalf("class %+v gross %v net %v", cl, *cl.GrossCost, *cl.NetCost)
	}
	var tr2 factorial.Training
	h.ok("key", "GET", "trainings/trainings/2", nil, 200, &tr2)
	if tr2.TotalTrainingCost.Cents()-tr.TotalTrainingCost.Cents() != 100050 {
		t.Fatalf("total_training_cost %v → %v does not include the class", tr.TotalTrainingCost, tr2.TotalTrainingCost)
	}
	req["payment_status"] = "maybe"
	h.fails("key", "POST", "trainings/training_classes", req, 422)
	req["payment_status"] = "paid"
	req["cost"] = "lots"
	h.fails("key", "POST", "trainings/training_classes", req, 422)
	// strconv.ParseFloat takes these; a decimal amount does not
	for _, bad := range []string{"NaN", "Inf", "-Inf", "1e300", "0x1p4", " 12", "-5", "1000000000000000"} {
		req["cost"] = bad
		if st, b, _ := h.do("key", "POST", "trainings/training_classes", req); st != 422 {
			t.Errorf("class with cost %q: %d %s, want 422", bad, st, b)
		}
		req["cost"] = "10"
		req["salary_cost"] = bad
		if st, b, _ := h.do("key", "PUT", "trainings/training_classes/"+string(cl.ID), req); st != 422 {
			t.Errorf("class update with salary_cost %q: %d %s, want 422", bad, st, b)
		}
		req["salary_cost"] = "300"
	}
	req["cost"] = "10"
	h.ok("key", "PUT", "trainings/training_classes/"+string(cl.ID), req, 200, &cl)
	if cl.Cost != "10.00" || *cl.PaymentStatus != factorial.PaymentPaid || *cl.GrossCost != "360.25" {
		t.Fatalf("updated class %+v", cl)
	}
	h.ok("key", "GET", "trainings/training_classes/"+string(cl.ID), nil, 200, &cl)
	h.ok("key", "DELETE", "trainings/training_classes/"+string(cl.ID), nil, 200, nil)
	h.fails("key", "GET", "trainings/training_classes/"+string(cl.ID), nil, 404)
}

func TestAttendanceBehaviour(t *testing.T) {
	h := newHarness(t)
	st := h.sb.Snapshot()
	// a session with a duration and pending attendees
	var sess *factorial.Session
	var pending []factorial.ID
	for _, x := range st.Sessions {
		if x.StartsAt == nil || !x.StartsAt.After(testNow) {
			continue
		}
		var atts []factorial.SessionAttendance
		var env List[factorial.SessionAttendance]
		h.ok("key", "GET", "trainings/session_attendances?session_id="+x.ID.String(), nil, 200, &env)
		atts = env.Data
		if len(atts) >= 2 {
			sess = &x
			for _, a := range atts {
				pending = append(pending, a.ID)
			}
			break
		}
	}
	if sess == nil {
		t.Fatal("no future session with attendees")
	}
	// completed_duration alone needs completed rows
	h.fails("key", "POST", "trainings/session_attendances/bulk_update", map[string]any{"ids": pending, "completed_duration": 1}, 422)
	var out []factorial.SessionAttendance
	h.ok("key", "POST", "trainings/session_attendances/bulk_update", map[string]any{"ids": pending, "status": "completed"}, 200, &out)
	want := factorial.Hours(sess.Duration.DecimalHours())
	for _, a := range out {
		if a.Status != factorial.AttendanceCompleted || a.CompletedDuration == nil || *a.CompletedDuration != want {
			t.Fatalf("completed attendance %+v, want completed_duration %v", a, want)
		}
	}
	h.ok("key", "POST", "trainings/session_attendances/bulk_update", map[string]any{"ids": pending[:1], "completed_duration": "0.5"}, 200, &out)
	if *out[0].CompletedDuration != 0.5 {
		t.Fatalf("completed_duration not set: %+v", out[0])
	}
	out = nil
	h.ok("key", "POST", "trainings/session_attendances/bulk_update", map[string]any{"ids": pending[:1], "status": "missing"}, 200, &out)
	if out[0].Status != factorial.AttendanceMissing || out[0].CompletedDuration != nil {
		t.Fatalf("missing keeps a duration: %+v", out[0])
	}
	if a := h.sb.Snapshot().Attendance(pending[0]); a.Status != factorial.AttendanceMissing {
		t.Fatalf("state has %v", a.Status)
	}
	h.fails("key", "POST", "trainings/session_attendances/bulk_update", map[string]any{"ids": pending, "status": "late"}, 422)
	h.fails("key", "POST", "trainings/session_attendances/bulk_update", map[string]any{"ids": []int{99999999}, "status": "completed"}, 404)
}

func TestAccessMembershipsBringAttendance(t *testing.T) {
	h := newHarness(t)
	st := h.sb.Snapshot()
	sid := st.Sessions[5].ID
	invited := map[factorial.ID]bool{}
	for _, a := range st.SessionAccessMemberships {
		if a.SessionID == sid {
			invited[*a.EmployeeID] = true
		}
	}
	var newcomers []factorial.ID
	for _, e := range st.Employees {
		if !invited[e.ID] && len(newcomers) < 2 {
			newcomers = append(newcomers, e.ID)
		}
	}
	var created []factorial.SessionAccessMembership
	h.ok("key", "POST", "trainings/session_access_memberships/bulk_create",
		map[string]any{"session_id": sid, "notify": false, "employee_ids": newcomers[:1], "access_ids": []int64{int64(newcomers[1]) + AccessIDOffset}}, 200, &created)
	if len(created) != 2 || *created[0].EmployeeID != newcomers[0] || *created[1].EmployeeID != newcomers[1] || created[0].FirstName == nil {
		t.Fatalf("created %+v", created)
	}
	var atts List[factorial.SessionAttendance]
	h.ok("key", "GET", "trainings/session_attendances?session_access_membership_ids[]="+created[0].ID.String()+"&session_access_membership_ids[]="+created[1].ID.String(), nil, 200, &atts)
	if len(atts.Data) != 2 || atts.Data[0].Status != factorial.AttendancePending || atts.Data[0].CompletedDuration != nil {
		t.Fatalf("attendances of new memberships: %+v", atts.Data)
	}
	// again: nothing new
	h.ok("key", "POST", "trainings/session_access_memberships/bulk_create", map[string]any{"session_id": sid, "employee_ids": newcomers}, 200, &created)
	if len(created) != 0 {
		t.Fatalf("duplicates created: %+v", created)
	}
	h.fails("key", "POST", "trainings/session_access_memberships/bulk_create", map[string]any{"session_id": sid}, 422)
	h.fails("key", "POST", "trainings/session_access_memberships/bulk_create", map[string]any{"session_id": 99999999, "employee_ids": newcomers}, 404)
	var gone []factorial.SessionAccessMembership
	h.ok("key", "POST", "trainings/session_access_memberships/bulk_destroy", map[string]any{"ids": []factorial.ID{atts.Data[0].SessionAccessMembershipID}, "notify": false}, 200, &gone)
	if len(gone) != 1 || h.sb.Snapshot().Attendance(atts.Data[0].ID) != nil {
		t.Fatal("bulk_destroy left the attendance")
	}
}

func TestMembershipsWrites(t *testing.T) {
	h := newHarness(t)
	st := h.sb.Snapshot()
	var m factorial.TrainingMembership
	for _, x := range st.TrainingMemberships {
		if x.TrainingCompletedAt == nil {
			m = x
			break
		}
	}
	var got factorial.TrainingMembership
	h.ok("key", "PUT", "trainings/training_memberships/"+m.ID.String(), map[string]any{"id": m.ID, "training_completed_at": "2026-11-20"}, 200, &got)
	if got.Status != factorial.Completed || got.TrainingCompletedAt.String() != "2026-11-20" {
		t.Fatalf("completion %+v", got)
	}
	h.ok("key", "PUT", "trainings/training_memberships/"+m.ID.String(), map[string]any{"id": m.ID, "training_completed_at": nil}, 200, &got)
	if got.Status == factorial.Completed || got.TrainingCompletedAt != nil {
		t.Fatalf("clearing completion %+v", got)
	}
	h.fails("key", "PUT", "trainings/training_memberships/"+m.ID.String(), map[string]any{"id": m.ID, "training_completed_at": "2099-01-01"}, 422)
	h.fails("key", "PUT", "trainings/training_memberships/"+m.ID.String(), map[string]any{"id": m.ID, "training_completed_at": "yesterday"}, 422)

	// bulk_create, then bulk_destroy with all keeps the listed ids
	const tid = 2
	var created []factorial.TrainingMembership
	var members []factorial.ID
	for _, x := range st.TrainingMemberships {
		if x.TrainingID == tid {
			members = append(members, x.EmployeeID)
		}
	}
	h.ok("key", "POST", "trainings/training_memberships/bulk_create", map[string]any{"training_id": tid, "employee_ids": []factorial.ID{members[0], 250}}, 200, &created)
	wantNew := 1
	if members[0] == 250 {
		wantNew = 0
	}
	for _, e := range members {
		if e == 250 {
			wantNew = 0
		}
	}
	if len(created) != wantNew {
		t.Fatalf("bulk_create made %d, want %d (existing members skipped)", len(created), wantNew)
	}
	var list List[factorial.TrainingMembership]
	h.ok("key", "GET", "trainings/training_memberships?training_id=2&limit=2", nil, 200, &list)
	keep := []factorial.ID{list.Data[0].ID, list.Data[1].ID}
	total := list.Meta.Total
	var gone []factorial.TrainingMembership
	h.ok("key", "POST", "trainings/training_memberships/bulk_destroy", map[string]any{"ids": keep, "training_id": tid, "all": true}, 200, &gone)
	if len(gone) != total-2 {
		t.Fatalf("all:true deleted %d, want %d", len(gone), total-2)
	}
	h.ok("key", "GET", "trainings/training_memberships?training_id=2", nil, 200, &list)
	if list.Meta.Total != 2 || list.Data[0].ID != keep[0] || list.Data[1].ID != keep[1] {
		t.Fatalf("left %+v", list.Data)
	}
	h.fails("key", "POST", "trainings/training_memberships/bulk_destroy", map[string]any{"all": true}, 422)
	h.ok("key", "POST", "trainings/training_memberships/bulk_destroy", map[string]any{"ids": keep[:1]}, 200, &gone)
	if len(gone) != 1 || h.sb.Snapshot().Membership(keep[0]) != nil {
		t.Fatal("bulk_destroy by ids")
	}
}

// Every PUT refuses a non-admin (403) and an id in the body that differs
// from the path (422), and changes nothing when it refuses.
func TestUpdatesCheckRoleAndBodyID(t *testing.T) {
	h := newHarness(t)
	st := h.sb.Snapshot()
	tr, se, m := st.Trainings[0], st.Sessions[0], st.TrainingMemberships[0]
	for _, tc := range []struct {
		path string
		id   factorial.ID
	}{
		{"trainings/trainings/" + tr.ID.String(), tr.ID},
		{"trainings/sessions/" + se.ID.String(), se.ID},
		{"trainings/training_memberships/" + m.ID.String(), m.ID},
	} {
		h.fails("key", "PUT", tc.path, map[string]any{"id": tc.id + 1000, "name": "Renamed"}, 422)
		h.fails(PersonaTrainer, "PUT", tc.path, map[string]any{"id": tc.id, "name": "Renamed"}, 403)
	}
	after := h.sb.Snapshot()
	if after.Trainings[0].Name != tr.Name || after.Sessions[0].Name != se.Name {
		t.Errorf("a refused update changed a name: %q, %q", after.Trainings[0].Name, after.Sessions[0].Name)
	}
}

// training_completed_at is optional in a membership PUT: leaving it out keeps
// the completion (only an explicit null clears it).
func TestMembershipUpdateWithoutCompletionKeepsIt(t *testing.T) {
	h := newHarness(t)
	var m factorial.TrainingMembership
	for _, x := range h.sb.Snapshot().TrainingMemberships {
		if x.TrainingCompletedAt != nil {
			m = x
			break
		}
	}
	if m.ID == 0 {
		t.Fatal("no completed membership in the data")
	}
	var got factorial.TrainingMembership
	h.ok("key", "PUT", "trainings/training_memberships/"+m.ID.String(), map[string]any{"id": m.ID}, 200, &got)
	if got.Status != m.Status || got.TrainingCompletedAt == nil || *got.TrainingCompletedAt != *m.TrainingCompletedAt {
		t.Fatalf("PUT without training_completed_at changed %+v into %+v", m, got)
	}
	if now := h.sb.Snapshot().Membership(m.ID); now.TrainingCompletedAt == nil || now.Status != m.Status {
		t.Fatalf("stored membership changed: %+v", now)
	}
}
