package factorial

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Realistic payloads, in the shapes the sandbox sends and the alternative
// shapes other public sources document.
const (
	trainingJSON = `{"id":7,"company_id":1,"author_id":3,"name":"Fire safety","code":"FS-1","description":"Yearly drill",
		"created_at":"2026-01-05T09:30:00+01:00","updated_at":"2026-02-01T10:00:00Z","external_provider":null,"external":false,
		"total_cost":125000,"fundae_subsidized":false,"subsidized":true,"cost":125000,"subsidized_cost":25000,
		"total_cost_decimal":{"amount":"1250.00","currency":"EUR"},"cost_decimal":{"amount":"1250.00","currency":"EUR"},
		"subsidized_cost_decimal":{"amount":250,"currency":"EUR"},"category_ids":[2,5],"status":"active","year":2026,
		"catalog":true,"competency_ids":[],"total_training_cost":{"amount":"3000.50","currency":"EUR"},
		"total_training_indirect_cost":{"amount":"0.00","currency":"EUR"},"total_training_salary_cost":null,
		"total_training_subsidized_cost":{"amount":"10.00","currency":"EUR"},"total_participants":12,
		"training_attendance_status":"partiallycompleted","valid_for":2,"objectives":null,
		"number_of_expired_participants":1,"thumbnail":null,"is_mandatory":true,"total_duration":7.5,"unknown_field":{"x":1}}`
	// OpenAPI shapes: money as decimal strings, ids as strings.
	trainingStringsJSON = `{"id":"8","company_id":"1","author_id":"3","name":"First aid","description":"",
		"external":true,"fundae_subsidized":false,"subsidized":false,"cost":0,"subsidized_cost":0,
		"cost_decimal":"99.90","subsidized_cost_decimal":"0","total_training_cost":"12.5",
		"total_training_indirect_cost":"0","total_training_salary_cost":"0","total_training_subsidized_cost":"0",
		"category_ids":["2"],"status":"draft","year":2025,"catalog":false,"competency_ids":["4"],
		"total_participants":0,"training_attendance_status":"notassigned","is_mandatory":false,"total_duration":"1.25"}`
	categoryJSON = `{"id":2,"name":"Safety","company_id":1,"created_at":"2026-01-01T00:00:00Z","updated_at":null}`
	classJSON    = `{"id":"c-11","training_id":7,"name":"Spring group","description":null,"start_date":"2026-03-01",
		"end_date":"2026-03-31","cost":"100.00","indirect_cost":"10.00","salary_cost":"5.50","subsidized_cost":"20.00",
		"gross_cost":"115.50","net_cost":"95.50","currency":"EUR","payment_status":"paid",
		"completed_attendances_count":3,"total_attendances_count":9}`
	sessionJSON = `{"id":31,"name":"Drill","training_id":7,"description":"Bring shoes","training_class_id":"c-11",
		"starts_at":"2026-03-02T09:00:00+01:00","ends_at":"2026-03-02T10:30:00+01:00","due_date":null,
		"duration":{"hours":1,"minutes":30},"modality":"inperson","schedule":"scheduled","link":null,
		"location":"Room 4","session_attendance_ids":[41,42],"session_feedback_id":null,"subsidized":false,
		"status":"planned","parent_id":null}`
	// Self-paced, duration as decimal hours, class id as a number.
	sessionAltJSON = `{"id":32,"name":"E-learning","training_id":"7","training_class_id":12,"due_date":"2026-04-30",
		"duration":"2.25","modality":"online","schedule":"selfpaced","subsidized":true}`
	accessJSON     = `{"id":51,"access_id":101,"employee_id":201,"session_id":31,"first_name":"Ana","last_name":"Ruiz","job_title":"Nurse"}`
	attendanceJSON = `{"id":41,"status":"completed","session_access_membership_id":51,"access_id":101,"employee_id":201,"completed_duration":"1.5"}`
	membershipJSON = `{"id":61,"access_id":101,"employee_id":201,"training_id":7,"status":"completed",
		"training_due_date":"2026-06-30","training_completed_at":"2026-03-02"}`
	employeeJSON   = `{"id":201,"access_id":101,"first_name":"Ana","last_name":"Ruiz","full_name":"Ana Ruiz","email":"ana@example.com","manager_id":202,"active":true}`
	credentialJSON = `{"id":9,"company_id":1,"employee_id":201,"email":"ana@example.com","first_name":"Ana","last_name":"Ruiz","full_name":"Ana Ruiz","role":"admin"}`
)

func listOf(items ...string) string {
	return `{"data":` + arrayOf(items...) + `,"meta":{"limit":100,"total":` + itoa(len(items)) +
		`,"has_next_page":false,"has_previous_page":false,"start_cursor":"MQ==","end_cursor":"MTAw"}}`
}

func arrayOf(items ...string) string { return "[" + strings.Join(items, ",") + "]" }

func itoa(n int) string { return ID(n).String() }

var (
	march2 = Date{2026, time.March, 2}
	t0     = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
)

// TestEveryOperation pins method, path, query and JSON body of every
// operation, and that its reply decodes.
func TestEveryOperation(t *testing.T) {
	type op struct {
		name   string
		call   func(ctx context.Context, c *Client) (any, error)
		method string
		path   string // relative to the resources root
		query  string // exact raw query
		body   string // JSON, "" for none
		status int
		reply  string
		check  func(t *testing.T, got any)
	}
	ops := []op{
		{name: "trainings list with every filter", method: "GET", path: "trainings/trainings",
			query: "ids[]=1&ids[]=2&search=fire+%26+safety&status=active&catalog=true&is_mandatory=false&only_assigned=true&return_expired_memberships=true&with_current_training_classes=true&page=2&limit=20",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Trainings.List(ctx, &TrainingListOptions{ListOptions: ListOptions{Page: 2, Limit: 20}, IDs: []ID{1, 2}, Search: "fire & safety",
					Status: TrainingActive, Catalog: Bool(true), IsMandatory: Bool(false), OnlyAssigned: Bool(true), ReturnExpiredMemberships: true, WithCurrentTrainingClasses: true})
			}, reply: listOf(trainingJSON, trainingStringsJSON),
			check: func(t *testing.T, got any) {
				p := got.(*Page[Training])
				if len(p.Data) != 2 || p.Meta.Total != 2 || p.Meta.EndCursor != "MTAw" {
					t.Fatalf("page = %+v", p)
				}
				checkTraining(t, p.Data[0])
				b := p.Data[1]
				if b.ID != 8 || b.CostDecimal.Amount != "99.90" || b.CostDecimal.Currency != "" || b.TotalTrainingCost.Cents() != 1250 ||
					b.TotalDuration != 1.25 || len(b.CategoryIDs) != 1 || b.CategoryIDs[0] != 2 || *b.Status != TrainingDraft || b.TotalCostDecimal != nil {
					t.Errorf("string-shaped training = %+v", b)
				}
			}},
		{name: "trainings list without options", method: "GET", path: "trainings/trainings", query: "",
			call:  func(ctx context.Context, c *Client) (any, error) { return c.Trainings.List(ctx, nil) },
			reply: listOf()},
		{name: "trainings list with cursor", method: "GET", path: "trainings/trainings", query: "limit=5&after_id=MTAw",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Trainings.List(ctx, &TrainingListOptions{ListOptions: ListOptions{Limit: 5, AfterID: "MTAw"}})
			}, reply: listOf()},
		{name: "training get", method: "GET", path: "trainings/trainings/7",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Trainings.Get(ctx, 7) }, reply: trainingJSON,
			check: func(t *testing.T, got any) { checkTraining(t, *got.(*Training)) }},
		{name: "training create", method: "POST", path: "trainings/trainings", status: 201,
			body: `{"name":"Fire safety","description":"Yearly drill","external":false,"year":2026,"code":"FS-1","external_provider":null,"objectives":null,"category_ids":[2,5],"cost":125000,"valid_for":2,"total_duration":7.5,"is_mandatory":true}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Trainings.Create(ctx, &TrainingRequest{Name: "Fire safety", Description: "Yearly drill", Year: 2026, Code: String("FS-1"),
					CategoryIDs: []ID{2, 5}, Cost: Int64(125000), ValidFor: Int(2), TotalDuration: Float64(7.5), IsMandatory: Bool(true)})
			}, reply: trainingJSON, check: func(t *testing.T, got any) { checkTraining(t, *got.(*Training)) }},
		{name: "training update repeats id, clears categories and sends the nullable fields it clears as null", method: "PUT", path: "trainings/trainings/7",
			body: `{"id":7,"name":"Fire","description":"","external":true,"year":2027,"code":null,"external_provider":null,"objectives":"Be safe","category_ids":[],"valid_for":null}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Trainings.Update(ctx, 7, &TrainingRequest{Name: "Fire", External: true, Year: 2027, CategoryIDs: []ID{}, Objectives: String("Be safe")})
			}, reply: trainingJSON},
		{name: "training delete", method: "DELETE", path: "trainings/trainings/7",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Trainings.Delete(ctx, 7) }, reply: trainingJSON,
			check: func(t *testing.T, got any) { checkTraining(t, *got.(*Training)) }},
		{name: "trainings bulk delete", method: "POST", path: "trainings/trainings/bulk_delete", body: `{"ids":[7,8]}`,
			call:  func(ctx context.Context, c *Client) (any, error) { return c.Trainings.BulkDelete(ctx, []ID{7, 8}) },
			reply: arrayOf(trainingJSON, trainingStringsJSON),
			check: func(t *testing.T, got any) {
				if ts := got.([]Training); len(ts) != 2 || ts[1].ID != 8 {
					t.Errorf("got %+v", ts)
				}
			}},
		{name: "trainings bulk update catalog", method: "POST", path: "trainings/trainings/bulk_update_catalog", body: `{"ids":[7],"catalog":false}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Trainings.BulkUpdateCatalog(ctx, []ID{7}, false)
			},
			reply: arrayOf(trainingJSON)},
		{name: "training update status", method: "POST", path: "trainings/trainings/update_status", body: `{"id":7,"status":"active","notify":true}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Trainings.UpdateStatus(ctx, 7, TrainingActive, true)
			},
			reply: trainingJSON, check: func(t *testing.T, got any) { checkTraining(t, *got.(*Training)) }},

		{name: "categories list", method: "GET", path: "trainings/categories", query: "ids[]=2&limit=10",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Categories.List(ctx, &CategoryListOptions{ListOptions: ListOptions{Limit: 10}, IDs: []ID{2}})
			}, reply: listOf(categoryJSON),
			check: func(t *testing.T, got any) {
				p := got.(*Page[TrainingCategory])
				if c := p.Data[0]; c.ID != 2 || c.Name != "Safety" || c.CreatedAt == nil || c.UpdatedAt != nil {
					t.Errorf("category = %+v", c)
				}
			}},
		{name: "category get", method: "GET", path: "trainings/categories/2",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Categories.Get(ctx, 2) }, reply: categoryJSON},
		{name: "category create", method: "POST", path: "trainings/categories", body: `{"name":"Safety","company_id":1}`, status: 201,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Categories.Create(ctx, "Safety", 1) }, reply: categoryJSON},
		{name: "category delete", method: "DELETE", path: "trainings/categories/2",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Categories.Delete(ctx, 2) }, reply: categoryJSON},

		{name: "classes list", method: "GET", path: "trainings/training_classes",
			query: "ids[]=c-11&ids[]=c+12&training_id=7&search=spring&start_date[]=2026-03-02&end_date[]=2026-03-31",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Classes.List(ctx, &ClassListOptions{IDs: []ClassID{"c-11", "c 12"}, TrainingID: 7, Search: "spring",
					StartDates: []Date{march2}, EndDates: []Date{{2026, time.March, 31}}})
			}, reply: listOf(classJSON),
			check: func(t *testing.T, got any) {
				k := got.(*Page[TrainingClass]).Data[0]
				if k.ID != "c-11" || k.StartDate.String() != "2026-03-01" || k.Cost != "100.00" || *k.GrossCost != "115.50" ||
					*k.PaymentStatus != PaymentPaid || k.TotalAttendancesCount != 9 || k.Description != nil {
					t.Errorf("class = %+v", k)
				}
			}},
		{name: "class get escapes the string id", method: "GET", path: "trainings/training_classes/c%2F11",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Classes.Get(ctx, "c/11") }, reply: classJSON},
		{name: "class create", method: "POST", path: "trainings/training_classes", status: 201,
			body: `{"training_id":7,"company_id":1,"name":"Spring group","start_date":"2026-03-02","end_date":"2026-03-31","cost":"100.00","subsidized_cost":"20.00","indirect_cost":"10.00","salary_cost":"5.50","payment_status":"pending"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Classes.Create(ctx, &TrainingClassRequest{TrainingID: 7, CompanyID: 1, Name: String("Spring group"), StartDate: march2,
					EndDate: Date{2026, time.March, 31}, Cost: "100.00", SubsidizedCost: "20.00", IndirectCost: "10.00", SalaryCost: "5.50", PaymentStatus: PaymentPending})
			}, reply: classJSON},
		{name: "class update", method: "PUT", path: "trainings/training_classes/c-11",
			body: `{"cost":"1","subsidized_cost":"0","indirect_cost":"0","salary_cost":"0","payment_status":"paid"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Classes.Update(ctx, "c-11", &TrainingClassRequest{Cost: "1", SubsidizedCost: "0", IndirectCost: "0", SalaryCost: "0", PaymentStatus: PaymentPaid})
			}, reply: classJSON},
		{name: "class delete", method: "DELETE", path: "trainings/training_classes/c-11",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Classes.Delete(ctx, "c-11") }, reply: classJSON},

		{name: "sessions list", method: "GET", path: "trainings/sessions",
			query: "ids[]=31&training_ids[]=7&training_ids[]=8&training_class_ids[]=c-11&search=drill&start_after=2026-03-02T09%3A00%3A00Z&start_before=2026-03-03T09%3A00%3A00Z&employee_id=201&access_id=101&modality=inperson&active=true&next=false&page=1",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Sessions.List(ctx, &SessionListOptions{ListOptions: ListOptions{Page: 1}, IDs: []ID{31}, TrainingIDs: []ID{7, 8},
					TrainingClassIDs: []ClassID{"c-11"}, Search: "drill", StartAfter: Time(t0), StartBefore: Time(t0.Add(24 * time.Hour)),
					EmployeeID: 201, AccessID: 101, Modality: ModalityInPerson, Active: Bool(true), Next: Bool(false)})
			}, reply: listOf(sessionJSON, sessionAltJSON),
			check: func(t *testing.T, got any) {
				p := got.(*Page[Session])
				a, b := p.Data[0], p.Data[1]
				if a.Duration == nil || *a.Duration != (Duration{1, 30}) || *a.TrainingClassID != "c-11" || a.StartsAt.Hour() != 9 ||
					*a.Modality != ModalityInPerson || len(a.SessionAttendanceIDs) != 2 || a.DueDate != nil || a.SessionFeedbackID != nil {
					t.Errorf("session = %+v", a)
				}
				if *b.Duration != (Duration{2, 15}) || *b.TrainingClassID != "12" || b.TrainingID != 7 || b.DueDate.String() != "2026-04-30" ||
					*b.Schedule != ScheduleSelfPaced || b.StartsAt != nil || !b.Subsidized {
					t.Errorf("alt session = %+v", b)
				}
			}},
		{name: "session get", method: "GET", path: "trainings/sessions/31",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Sessions.Get(ctx, 31) }, reply: sessionJSON},
		{name: "session create", method: "POST", path: "trainings/sessions", status: 201,
			body: `{"name":"Drill","training_id":7,"description":null,"training_class_id":"c-11","starts_at":"2026-03-02T09:00:00Z","ends_at":"2026-03-02T10:30:00Z","due_date":null,"duration":{"hours":1,"minutes":30},"modality":"inperson","schedule":"scheduled","link":null,"location":"Room 4","send_calendar_invites":true}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Sessions.Create(ctx, &SessionRequest{Name: "Drill", TrainingID: 7, TrainingClassID: Ptr[ClassID]("c-11"), StartsAt: Time(t0),
					EndsAt: Time(t0.Add(90 * time.Minute)), Duration: &Duration{1, 30}, Modality: Ptr(ModalityInPerson), Schedule: Ptr(ScheduleScheduled),
					Location: String("Room 4"), SendCalendarInvites: Bool(true)})
			}, reply: sessionJSON},
		{name: "session update replaces the nullable fields, nil as null", method: "PUT", path: "trainings/sessions/31", body: `{"description":null,"training_class_id":null,"starts_at":null,"ends_at":null,"due_date":"2026-03-02","duration":null,"modality":null,"schedule":null,"link":"https://meet.example/x","location":null,"recurrent":false}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Sessions.Update(ctx, 31, &SessionRequest{DueDate: &march2, Link: String("https://meet.example/x"), Recurrent: Bool(false)})
			}, reply: sessionJSON},
		{name: "session delete", method: "DELETE", path: "trainings/sessions/31",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Sessions.Delete(ctx, 31) }, reply: sessionJSON},

		{name: "session access list", method: "GET", path: "trainings/session_access_memberships",
			query: "session_id=31&ids[]=51&search=ana&team_ids[]=4&status[]=pending&status[]=completed",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SessionAccess.List(ctx, &SessionAccessListOptions{SessionID: 31, IDs: []ID{51}, Search: "ana", TeamIDs: []ID{4}, Statuses: []string{"pending", "completed"}})
			}, reply: listOf(accessJSON),
			check: func(t *testing.T, got any) {
				m := got.(*Page[SessionAccessMembership]).Data[0]
				if m.ID != 51 || *m.EmployeeID != 201 || m.SessionID != 31 || *m.JobTitle != "Nurse" {
					t.Errorf("membership = %+v", m)
				}
			}},
		{name: "session access get", method: "GET", path: "trainings/session_access_memberships/51",
			call: func(ctx context.Context, c *Client) (any, error) { return c.SessionAccess.Get(ctx, 51) }, reply: accessJSON},
		{name: "session access bulk create", method: "POST", path: "trainings/session_access_memberships/bulk_create",
			body: `{"session_id":31,"notify":true,"employee_ids":[201,202]}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SessionAccess.BulkCreate(ctx, SessionAccessBulkCreate{SessionID: 31, Notify: true, EmployeeIDs: []ID{201, 202}})
			}, reply: arrayOf(accessJSON)},
		{name: "session access bulk destroy", method: "POST", path: "trainings/session_access_memberships/bulk_destroy", body: `{"ids":[51],"notify":false}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.SessionAccess.BulkDestroy(ctx, []ID{51}, false)
			},
			reply: arrayOf(accessJSON)},

		{name: "attendances list", method: "GET", path: "trainings/session_attendances",
			query: "session_id=31&ids[]=41&session_access_membership_ids[]=51&access_ids[]=101",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Attendances.List(ctx, &AttendanceListOptions{SessionID: 31, IDs: []ID{41}, SessionAccessMembershipIDs: []ID{51}, AccessIDs: []ID{101}})
			}, reply: listOf(attendanceJSON, `{"id":42,"status":"pending","session_access_membership_id":52,"access_id":102,"employee_id":null,"completed_duration":null}`),
			check: func(t *testing.T, got any) {
				p := got.(*Page[SessionAttendance])
				a, b := p.Data[0], p.Data[1]
				if a.Status != AttendanceCompleted || a.CompletedDuration == nil || *a.CompletedDuration != 1.5 || *a.EmployeeID != 201 {
					t.Errorf("attendance = %+v", a)
				}
				if b.CompletedDuration != nil || b.EmployeeID != nil || b.Status != AttendancePending {
					t.Errorf("pending attendance = %+v", b)
				}
			}},
		{name: "attendance get", method: "GET", path: "trainings/session_attendances/41",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Attendances.Get(ctx, 41) }, reply: attendanceJSON},
		{name: "attendances bulk update", method: "POST", path: "trainings/session_attendances/bulk_update",
			body: `{"ids":[41,42],"status":"completed"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Attendances.BulkUpdate(ctx, AttendanceUpdate{IDs: []ID{41, 42}, Status: Ptr(AttendanceCompleted)})
			}, reply: arrayOf(attendanceJSON)},
		{name: "attendances bulk update duration", method: "POST", path: "trainings/session_attendances/bulk_update",
			body: `{"ids":[41],"completed_duration":0.75}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Attendances.BulkUpdate(ctx, AttendanceUpdate{IDs: []ID{41}, CompletedDuration: Float64(0.75)})
			}, reply: arrayOf(attendanceJSON)},

		{name: "memberships list", method: "GET", path: "trainings/training_memberships",
			query: "training_id=7&ids[]=61&employee_id=201&status=completed&class_id=c-11&team_id=4&search=ana&due_date=overdue",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Memberships.List(ctx, &MembershipListOptions{TrainingID: 7, IDs: []ID{61}, EmployeeID: 201, Status: Completed,
					ClassID: "c-11", TeamID: 4, Search: "ana", DueDate: DueOverdue})
			}, reply: listOf(membershipJSON),
			check: func(t *testing.T, got any) {
				m := got.(*Page[TrainingMembership]).Data[0]
				if m.Status != Completed || m.TrainingDueDate.String() != "2026-06-30" || *m.TrainingCompletedAt != march2 {
					t.Errorf("membership = %+v", m)
				}
			}},
		{name: "membership get", method: "GET", path: "trainings/training_memberships/61",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Memberships.Get(ctx, 61) }, reply: membershipJSON},
		{name: "membership update", method: "PUT", path: "trainings/training_memberships/61", body: `{"id":61,"training_completed_at":"2026-03-02"}`,
			call:  func(ctx context.Context, c *Client) (any, error) { return c.Memberships.Update(ctx, 61, &march2) },
			reply: membershipJSON},
		{name: "membership update clears completion", method: "PUT", path: "trainings/training_memberships/61", body: `{"id":61,"training_completed_at":null}`,
			call:  func(ctx context.Context, c *Client) (any, error) { return c.Memberships.Update(ctx, 61, nil) },
			reply: membershipJSON},
		{name: "memberships bulk create", method: "POST", path: "trainings/training_memberships/bulk_create", body: `{"employee_ids":[201],"training_id":7}`,
			call:  func(ctx context.Context, c *Client) (any, error) { return c.Memberships.BulkCreate(ctx, 7, []ID{201}) },
			reply: arrayOf(membershipJSON)},
		{name: "memberships bulk destroy all but", method: "POST", path: "trainings/training_memberships/bulk_destroy", body: `{"ids":[61],"training_id":7,"all":true}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Memberships.BulkDestroy(ctx, MembershipBulkDestroy{IDs: []ID{61}, TrainingID: 7, All: true})
			}, reply: arrayOf(membershipJSON)},
		{name: "memberships bulk destroy ids", method: "POST", path: "trainings/training_memberships/bulk_destroy", body: `{"ids":[61]}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Memberships.BulkDestroy(ctx, MembershipBulkDestroy{IDs: []ID{61}})
			}, reply: arrayOf(membershipJSON)},

		{name: "employees list", method: "GET", path: "employees/employees",
			query: "ids[]=201&access_ids[]=101&team_ids[]=4&full_text_name=ana+ruiz&only_active=true&only_managers=false",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Employees.List(ctx, &EmployeeListOptions{IDs: []ID{201}, AccessIDs: []ID{101}, TeamIDs: []ID{4}, FullTextName: "ana ruiz", OnlyActive: Bool(true), OnlyManagers: Bool(false)})
			}, reply: listOf(employeeJSON),
			check: func(t *testing.T, got any) {
				e := got.(*Page[Employee]).Data[0]
				if e.FullName != "Ana Ruiz" || *e.ManagerID != 202 || !e.Active || *e.Email != "ana@example.com" {
					t.Errorf("employee = %+v", e)
				}
			}},
		{name: "employee get", method: "GET", path: "employees/employees/201",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Employees.Get(ctx, 201) }, reply: employeeJSON},
		{name: "credentials me", method: "GET", path: "api_public/credentials",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Credentials.Me(ctx) }, reply: listOf(credentialJSON),
			check: func(t *testing.T, got any) {
				m := got.(*Credential)
				if m.ID != "9" || *m.EmployeeID != 201 || *m.Role != "admin" {
					t.Errorf("credential = %+v", m)
				}
			}},
		{name: "credentials me with the documented string id", method: "GET", path: "api_public/credentials",
			call:  func(ctx context.Context, c *Client) (any, error) { return c.Credentials.Me(ctx) },
			reply: listOf(strings.Replace(credentialJSON, `"id":9`, `"id":"access_9"`, 1)),
			check: func(t *testing.T, got any) {
				if m := got.(*Credential); m.ID != "access_9" || *m.EmployeeID != 201 {
					t.Errorf("credential = %+v", m)
				}
			}},
	}
	for _, o := range ops {
		t.Run(o.name, func(t *testing.T) {
			srv, rec := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				status := o.status
				if status == 0 {
					status = http.StatusOK
				}
				writeJSON(w, status, o.reply)
			})
			c, _ := newTestClient(t, srv)
			got, err := o.call(context.Background(), c)
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			reqs := rec.all()
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Method != o.method {
				t.Errorf("method = %s, want %s", r.Method, o.method)
			}
			if want := apiPrefix + o.path; r.Path != want {
				t.Errorf("path = %s, want %s", r.Path, want)
			}
			if r.RawQuery != o.query {
				t.Errorf("query = %s\nwant    %s", r.RawQuery, o.query)
			}
			if o.body == "" {
				if len(r.Body) != 0 {
					t.Errorf("body = %s, want none", r.Body)
				}
			} else {
				if !jsonEqual(t, r.Body, o.body) {
					t.Errorf("body = %s\nwant   %s", r.Body, o.body)
				}
				if ct := r.Header.Get("Content-Type"); ct != "application/json" {
					t.Errorf("Content-Type = %q", ct)
				}
			}
			if r.Header.Get("Accept") != "application/json" || r.Header.Get("x-api-key") != "test-key-123456" {
				t.Errorf("headers = %v", r.Header)
			}
			if o.check != nil {
				o.check(t, got)
			}
		})
	}
}

func checkTraining(t *testing.T, tr Training) {
	t.Helper()
	if tr.ID != 7 || tr.CompanyID != 1 || tr.AuthorID != 3 || tr.Name != "Fire safety" || *tr.Code != "FS-1" || tr.ExternalProvider != nil ||
		*tr.TotalCost != 125000 || tr.Cost != 125000 || tr.SubsidizedCost != 25000 || !tr.Subsidized || tr.FundaeSubsidized {
		t.Errorf("training scalars = %+v", tr)
	}
	if tr.CostDecimal == nil || *tr.CostDecimal != (Money{"1250.00", "EUR"}) || tr.SubsidizedCostDecimal.Amount != "250" ||
		tr.TotalTrainingCost.Cents() != 300050 || tr.TotalTrainingSalaryCost != nil {
		t.Errorf("training money = %+v %+v %+v", tr.CostDecimal, tr.SubsidizedCostDecimal, tr.TotalTrainingCost)
	}
	if *tr.Status != TrainingActive || tr.TrainingAttendanceStatus != PartiallyCompleted || *tr.ValidFor != 2 || tr.Objectives != nil ||
		*tr.NumberOfExpiredParticipants != 1 || !tr.IsMandatory || tr.TotalDuration != 7.5 || tr.TotalParticipants != 12 || tr.Year != 2026 ||
		len(tr.CategoryIDs) != 2 || tr.CompetencyIDs == nil || len(tr.CompetencyIDs) != 0 || !tr.Catalog {
		t.Errorf("training = %+v", tr)
	}
	if want := time.Date(2026, 1, 5, 8, 30, 0, 0, time.UTC); !tr.CreatedAt.Equal(want) {
		t.Errorf("created_at = %v, want %v", tr.CreatedAt, want)
	}
}
