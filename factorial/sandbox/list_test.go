package sandbox

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/aula-hr/aula/factorial"
)

type rawID struct {
	ID json.RawMessage `json:"id"`
}

func TestPaginationOffsetAndCursorAgree(t *testing.T) {
	h := newHarness(t)
	st := h.sb.Snapshot()
	sess := st.Sessions[0].ID
	nonDeleted := 0
	for _, tr := range st.Trainings {
		if *tr.Status != factorial.TrainingDeleted {
			nonDeleted++
		}
	}
	accInSession := 0
	for _, a := range st.SessionAccessMemberships {
		if a.SessionID == sess {
			accInSession++
		}
	}
	cases := []struct {
		path  string
		total int
		limit int
	}{
		{"trainings/trainings", nonDeleted, 7},
		{"trainings/categories", len(st.Categories), 4},
		{"trainings/training_classes", len(st.Classes), 13},
		{"trainings/sessions", len(st.Sessions), 40},
		{"trainings/session_access_memberships?session_id=" + sess.String(), accInSession, 3},
		{"trainings/session_attendances", len(st.SessionAttendances), 100},
		{"trainings/training_memberships", len(st.TrainingMemberships), 100},
		{"employees/employees", len(st.Employees), 33},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			h.t = t
			offset, meta := all[rawID](h, "key", c.path, c.limit)
			if meta.Total != c.total || len(offset) != c.total {
				t.Fatalf("offset: total %d, got %d records, want %d", meta.Total, len(offset), c.total)
			}
			if meta.Limit != c.limit {
				t.Fatalf("meta.limit %d, want %d", meta.Limit, c.limit)
			}
			// cursor walk
			var cursor []rawID
			after := ""
			sep := "?"
			if slices.Contains([]byte(c.path), '?') {
				sep = "&"
			}
			var pages []List[rawID]
			for i := 0; i < 1000; i++ {
				q := c.path + sep + "limit=" + strconv.Itoa(c.limit)
				if after != "" {
					q += "&after_id=" + after
				}
				var env List[rawID]
				h.ok("key", "GET", q, nil, 200, &env)
				if env.Meta.Total != c.total {
					t.Fatalf("cursor: total %d, want %d", env.Meta.Total, c.total)
				}
				if (i > 0) != env.Meta.HasPreviousPage {
					t.Fatalf("page %d: has_previous_page %v", i, env.Meta.HasPreviousPage)
				}
				pages = append(pages, env)
				cursor = append(cursor, env.Data...)
				if !env.Meta.HasNextPage {
					break
				}
				after = *env.Meta.EndCursor
			}
			if len(cursor) != len(offset) {
				t.Fatalf("cursor gave %d records, offset %d", len(cursor), len(offset))
			}
			seen := map[string]bool{}
			var prev int64
			for i := range cursor {
				if string(cursor[i].ID) != string(offset[i].ID) {
					t.Fatalf("record %d: cursor id %s, offset id %s", i, cursor[i].ID, offset[i].ID)
				}
				s := string(cursor[i].ID)
				if seen[s] {
					t.Fatalf("id %s twice", s)
				}
				seen[s] = true
				n, err := strconv.ParseInt(trimQuotes(s), 10, 64)
				if err != nil || n <= prev {
					t.Fatalf("ids not ascending at %d: %s after %d", i, s, prev)
				}
				prev = n
			}
			// before_id on the second page's start cursor gives the first page
			if len(pages) > 1 {
				var env List[rawID]
				h.ok("key", "GET", c.path+sep+"limit="+strconv.Itoa(c.limit)+"&before_id="+*pages[1].Meta.StartCursor, nil, 200, &env)
				if len(env.Data) != len(pages[0].Data) || string(env.Data[0].ID) != string(pages[0].Data[0].ID) || env.Meta.HasPreviousPage || !env.Meta.HasNextPage {
					t.Fatalf("before_id page differs from the first page: %+v", env.Meta)
				}
			}
		})
	}
}

func trimQuotes(s string) string {
	if len(s) >= 2 && s[0] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}

func TestListLimitsAndBadParams(t *testing.T) {
	h := newHarness(t)
	var env List[rawID]
	h.ok("key", "GET", "employees/employees", nil, 200, &env)
	if env.Meta.Limit != 100 || len(env.Data) != 100 || !env.Meta.HasNextPage || env.Meta.HasPreviousPage {
		t.Fatalf("default page: limit %d, %d records, meta %+v", env.Meta.Limit, len(env.Data), env.Meta)
	}
	h.ok("key", "GET", "employees/employees?limit=500", nil, 200, &env)
	if env.Meta.Limit != 100 || len(env.Data) != 100 {
		t.Fatalf("limit=500: limit %d, %d records", env.Meta.Limit, len(env.Data))
	}
	if want := EncodeCursor(1); *env.Meta.StartCursor != want || want != "MQ==" {
		t.Fatalf("start cursor %q, want MQ==", *env.Meta.StartCursor)
	}
	h.ok("key", "GET", "employees/employees?page=99", nil, 200, &env)
	if len(env.Data) != 0 || env.Meta.Total != 250 || env.Meta.HasNextPage {
		t.Fatalf("page past the end: %d records, meta %+v", len(env.Data), env.Meta)
	}
	h.fails("key", "GET", "employees/employees?limit=ten", nil, 400)
	h.fails("key", "GET", "employees/employees?after_id=bm90YW51bWJlcg==", nil, 400)
	h.fails("key", "GET", "trainings/trainings?catalog=maybe", nil, 400)
	h.fails("key", "GET", "trainings/trainings?status=archived", nil, 400)
	h.fails("key", "GET", "trainings/session_access_memberships", nil, 400) // session_id required
	h.fails("key", "GET", "trainings/nothing", nil, 404)
	h.fails("key", "GET", "trainings/trainings/999999", nil, 404)
	h.fails("key", "GET", "trainings/trainings/abc", nil, 404)
	h.fails("key", "PUT", "trainings/categories/1", map[string]any{"name": "x"}, 404) // categories have no update
	h.fails("", "GET", "trainings/trainings", nil, 401)
	st, _, _ := h.do("", "GET", "/api/2026-04-01/resources/trainings/trainings", nil)
	if st != 401 {
		t.Fatalf("no credentials: %d", st)
	}
}

func TestFilters(t *testing.T) {
	h := newHarness(t)
	st := h.sb.Snapshot()
	today := factorial.DateOf(testNow)

	count := func(pred func(factorial.Training) bool) int {
		n := 0
		for _, tr := range st.Trainings {
			if pred(tr) {
				n++
			}
		}
		return n
	}
	trainings := func(q string) []factorial.Training {
		out, meta := all[factorial.Training](h, "key", "trainings/trainings?"+q, 100)
		if meta.Total != len(out) {
			t.Fatalf("%s: total %d but %d records", q, meta.Total, len(out))
		}
		return out
	}
	for _, c := range []struct {
		q    string
		pred func(factorial.Training) bool
	}{
		{"status=draft", func(tr factorial.Training) bool { return *tr.Status == factorial.TrainingDraft }},
		{"status=deleted", func(tr factorial.Training) bool { return *tr.Status == factorial.TrainingDeleted }},
		{"is_mandatory=true", func(tr factorial.Training) bool { return tr.IsMandatory && *tr.Status != factorial.TrainingDeleted }},
		{"catalog=false", func(tr factorial.Training) bool { return !tr.Catalog && *tr.Status != factorial.TrainingDeleted }},
		{"search=safety", func(tr factorial.Training) bool {
			return *tr.Status != factorial.TrainingDeleted && containsFold(tr.Name, "safety")
		}},
		{"ids[]=1&ids%5B%5D=2&ids[]=3", func(tr factorial.Training) bool { return tr.ID <= 3 }},
		// with_current_training_classes keeps trainings with a class running today
		{"with_current_training_classes=true", func(tr factorial.Training) bool {
			return *tr.Status != factorial.TrainingDeleted && slices.ContainsFunc(st.Classes, func(c factorial.TrainingClass) bool {
				return c.TrainingID == tr.ID && !c.StartDate.After(today) && !c.EndDate.Before(today)
			})
		}},
	} {
		got := trainings(c.q)
		if want := count(c.pred); len(got) != want || want == 0 {
			t.Errorf("trainings?%s: %d records, want %d (> 0)", c.q, len(got), want)
		}
		for _, tr := range got {
			if !c.pred(tr) {
				t.Errorf("trainings?%s: %d %q does not match", c.q, tr.ID, tr.Name)
			}
		}
	}
	// return_expired_memberships fills number_of_expired_participants
	var tr factorial.Training
	for _, x := range trainings("return_expired_memberships=true") {
		if x.NumberOfExpiredParticipants == nil {
			t.Fatalf("training %d: number_of_expired_participants null with return_expired_memberships", x.ID)
		}
		if *x.NumberOfExpiredParticipants > 0 {
			tr = x
		}
	}
	if tr.ID == 0 {
		t.Fatal("no training has expired participants")
	}
	expiredWant := 0
	for _, m := range st.TrainingMemberships {
		if m.TrainingID == tr.ID && expired(&m, tr.ValidFor, today) {
			expiredWant++
		}
	}
	if *tr.NumberOfExpiredParticipants != expiredWant {
		t.Fatalf("training %d: %d expired, want %d", tr.ID, *tr.NumberOfExpiredParticipants, expiredWant)
	}
	h.ok("key", "GET", "trainings/trainings/"+tr.ID.String(), nil, 200, &tr)
	if tr.NumberOfExpiredParticipants != nil {
		t.Fatal("number_of_expired_participants set without return_expired_memberships")
	}

	// sessions
	train := st.Sessions[0].TrainingID
	sessions, _ := all[factorial.Session](h, "key", "trainings/sessions?training_ids[]="+train.String(), 100)
	want := 0
	for _, x := range st.Sessions {
		if x.TrainingID == train {
			want++
		}
	}
	if len(sessions) != want || want == 0 {
		t.Fatalf("sessions of training %d: %d, want %d", train, len(sessions), want)
	}
	from, to := today.In(time.UTC), today.AddDays(1).In(time.UTC)
	sessions, _ = all[factorial.Session](h, "key", "trainings/sessions?start_after="+from.Format(time.RFC3339)+"&start_before="+to.Format(time.RFC3339), 100)
	if len(sessions) < 3 {
		t.Fatalf("only %d sessions today", len(sessions))
	}
	for _, x := range sessions {
		if x.StartsAt.Before(from) || x.StartsAt.After(to) {
			t.Fatalf("session %d starts %v, outside today", x.ID, x.StartsAt)
		}
	}
	online, _ := all[factorial.Session](h, "key", "trainings/sessions?modality=online", 100)
	for _, x := range online {
		if *x.Modality != factorial.ModalityOnline {
			t.Fatalf("modality filter let %s through", *x.Modality)
		}
	}
	emp := st.Personas[PersonaEmployee]
	mine, _ := all[factorial.Session](h, "key", "trainings/sessions?employee_id="+emp.String(), 100)
	byAccess, _ := all[factorial.Session](h, "key", fmt.Sprintf("trainings/sessions?access_id=%d", int64(emp)+AccessIDOffset), 100)
	if len(mine) == 0 || len(mine) != len(byAccess) {
		t.Fatalf("employee_id gave %d sessions, access_id %d", len(mine), len(byAccess))
	}
	next, _ := all[factorial.Session](h, "key", "trainings/sessions?next=true", 100)
	for _, x := range next {
		if x.StartsAt == nil || !x.StartsAt.After(testNow) {
			t.Fatalf("next=true gave session %d starting %v", x.ID, x.StartsAt)
		}
	}

	// memberships
	overdue, _ := all[factorial.TrainingMembership](h, "key", "trainings/training_memberships?due_date=overdue", 100)
	if len(overdue) == 0 {
		t.Fatal("no overdue memberships")
	}
	for _, m := range overdue {
		if m.TrainingCompletedAt != nil || m.Status == factorial.Completed || !m.TrainingDueDate.Before(today) {
			t.Fatalf("membership %d is not overdue: %+v", m.ID, m)
		}
	}
	soon, _ := all[factorial.TrainingMembership](h, "key", "trainings/training_memberships?due_date=30", 100)
	for _, m := range soon {
		if m.TrainingDueDate == nil || m.TrainingDueDate.Before(today) || m.TrainingDueDate.After(today.AddDays(30)) {
			t.Fatalf("due_date=30 gave %+v", m)
		}
	}
	none, _ := all[factorial.TrainingMembership](h, "key", "trainings/training_memberships?due_date=no_due_date&status=notstarted", 100)
	for _, m := range none {
		if m.TrainingDueDate != nil || m.Status != factorial.NotStarted {
			t.Fatalf("no_due_date&status gave %+v", m)
		}
	}
	byTraining, _ := all[factorial.TrainingMembership](h, "key", "trainings/training_memberships?training_id=1&employee_id="+emp.String(), 100)
	if len(byTraining) != 1 || byTraining[0].EmployeeID != emp || byTraining[0].TrainingID != 1 {
		t.Fatalf("training_id&employee_id gave %+v", byTraining)
	}

	// employees
	managers, _ := all[factorial.Employee](h, "key", "employees/employees?only_managers=true", 100)
	if len(managers) < 9 || len(managers) > 40 {
		t.Fatalf("%d managers", len(managers))
	}
	e := st.Employees[10]
	named, _ := all[factorial.Employee](h, "key", "employees/employees?full_text_name="+url.QueryEscape(e.LastName), 100)
	if !slices.ContainsFunc(named, func(x factorial.Employee) bool { return x.ID == e.ID }) {
		t.Fatalf("full_text_name=%s did not find %d", e.LastName, e.ID)
	}
	team, _ := all[factorial.Employee](h, "key", "employees/employees?team_ids[]=2", 100)
	for _, x := range team {
		if !slices.Contains(x.TeamIDs, 2) {
			t.Fatalf("team filter gave %+v", x)
		}
	}

	// classes and attendances
	classes, _ := all[factorial.TrainingClass](h, "key", "trainings/training_classes?training_id=3", 100)
	if len(classes) != 2 {
		t.Fatalf("training 3 has %d classes, want 2", len(classes))
	}
	sid := st.Sessions[0].ID
	atts, _ := all[factorial.SessionAttendance](h, "key", "trainings/session_attendances?session_id="+sid.String(), 100)
	var session factorial.Session
	h.ok("key", "GET", "trainings/sessions/"+sid.String(), nil, 200, &session)
	if len(atts) == 0 || len(atts) != len(session.SessionAttendanceIDs) {
		t.Fatalf("session %d: %d attendances listed, %d ids on the session", sid, len(atts), len(session.SessionAttendanceIDs))
	}
	for i, a := range atts {
		if a.ID != session.SessionAttendanceIDs[i] {
			t.Fatalf("attendance %d not among the session's", a.ID)
		}
	}
	acc, _ := all[factorial.SessionAccessMembership](h, "key", "trainings/session_access_memberships?session_id="+sid.String()+"&status[]=completed&status[]=missing", 100)
	for _, a := range acc {
		var att []factorial.SessionAttendance
		var env List[factorial.SessionAttendance]
		h.ok("key", "GET", "trainings/session_attendances?session_access_membership_ids[]="+a.ID.String(), nil, 200, &env)
		att = env.Data
		if len(att) != 1 || (att[0].Status != factorial.AttendanceCompleted && att[0].Status != factorial.AttendanceMissing) {
			t.Fatalf("status filter on access memberships gave %+v", att)
		}
	}
}

func TestAccessMembershipFilters(t *testing.T) {
	h := newHarness(t)
	st := h.sb.Snapshot()
	sid := st.SessionAccessMemberships[0].SessionID
	var people []factorial.SessionAccessMembership
	for _, a := range st.SessionAccessMemberships {
		if a.SessionID == sid {
			people = append(people, a)
		}
	}
	first := people[0]
	var env List[factorial.SessionAccessMembership]
	h.ok("key", "GET", "trainings/session_access_memberships?session_id="+sid.String()+"&search="+url.QueryEscape(*first.LastName), nil, 200, &env)
	if !slices.ContainsFunc(env.Data, func(a factorial.SessionAccessMembership) bool { return a.ID == first.ID }) || len(env.Data) > len(people) {
		t.Fatalf("search %s: %+v", *first.LastName, env.Data)
	}
	for _, a := range env.Data {
		if !containsFold(*a.FirstName+" "+*a.LastName, *first.LastName) {
			t.Fatalf("search let %s %s through", *a.FirstName, *a.LastName)
		}
	}
	team := st.Employees[*first.EmployeeID-1].TeamIDs[0]
	h.ok("key", "GET", "trainings/session_access_memberships?session_id="+sid.String()+"&team_ids[]="+team.String(), nil, 200, &env)
	want := 0
	for _, a := range people {
		if st.Employees[*a.EmployeeID-1].TeamIDs[0] == team {
			want++
		}
	}
	if env.Meta.Total != want || want == 0 {
		t.Fatalf("team %d: %d, want %d", team, env.Meta.Total, want)
	}
	h.ok("key", "GET", "trainings/session_access_memberships?session_id="+sid.String()+"&ids[]="+first.ID.String(), nil, 200, &env)
	if env.Meta.Total != 1 || env.Data[0].ID != first.ID {
		t.Fatalf("ids: %+v", env.Data)
	}
}

// A larger limit means 100 (factorial-api.md §3), however large; zero and
// negative limits mean the default.
func TestLimitOutOfRangeMeansDefault(t *testing.T) {
	h := newHarness(t)
	for _, l := range []string{"0", "-5", "101", "99999999999", "100000000000000000000"} {
		var env List[rawID]
		h.ok("key", "GET", "employees/employees?limit="+l, nil, 200, &env)
		if env.Meta.Limit != 100 || len(env.Data) != 100 {
			t.Errorf("limit=%s: meta.limit %d, %d records; want 100", l, env.Meta.Limit, len(env.Data))
		}
	}
}

// A page number so large that page × limit overflows is just past the end:
// it used to panic inside the list while holding the read lock, after which
// every write (and then every request) of the sandbox hung.
func TestHugePageIsPastTheEndAndKeepsServing(t *testing.T) {
	h := newHarness(t)
	h.srv.Client().Timeout = 10 * time.Second
	for _, q := range []string{"employees/employees?page=9223372036854775807", "employees/employees?page=9223372036854775807&limit=7",
		"employees/employees?page=9223372036854775807&only_active=true"} {
		st, b, _ := h.do("key", "GET", q, nil)
		var env List[rawID]
		if st != 200 || json.Unmarshal(b, &env) != nil || len(env.Data) != 0 || env.Meta.HasNextPage || env.Meta.Total == 0 {
			t.Fatalf("%s: %d %s", q, st, short(b))
		}
	}
	// The sandbox still takes writes.
	h.ok("key", "POST", "trainings/categories", map[string]any{"name": "After a huge page", "company_id": h.sb.Snapshot().CompanyID}, 201, nil)
}
