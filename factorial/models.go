package factorial

import "time"

// TrainingStatus is the lifecycle state of a training.
type TrainingStatus string

// Training statuses.
const (
	TrainingDraft   TrainingStatus = "draft"
	TrainingActive  TrainingStatus = "active"
	TrainingDeleted TrainingStatus = "deleted"
)

// TrainingStatuses lists every training status, in lifecycle order.
var TrainingStatuses = []TrainingStatus{TrainingDraft, TrainingActive, TrainingDeleted}

// String returns the wire value.
func (s TrainingStatus) String() string { return string(s) }

// Label returns the status as a person reads it.
func (s TrainingStatus) Label() string {
	return label(string(s), map[string]string{"draft": "Draft", "active": "Active", "deleted": "Deleted"})
}

// Valid reports whether s is a documented status.
func (s TrainingStatus) Valid() bool { return oneOf(s, TrainingStatuses) }

// AttendanceStatus is a TrainingMembership.status and a
// Training.training_attendance_status.
type AttendanceStatus string

// Training attendance statuses.
const (
	NotAssigned        AttendanceStatus = "notassigned"
	NotStarted         AttendanceStatus = "notstarted"
	Missing            AttendanceStatus = "missing"
	Started            AttendanceStatus = "started"
	PartiallyCompleted AttendanceStatus = "partiallycompleted"
	Completed          AttendanceStatus = "completed"
)

// AttendanceStatuses lists every training attendance status.
var AttendanceStatuses = []AttendanceStatus{NotAssigned, NotStarted, Missing, Started, PartiallyCompleted, Completed}

// String returns the wire value.
func (s AttendanceStatus) String() string { return string(s) }

// Label returns the status as a person reads it.
func (s AttendanceStatus) Label() string {
	return label(string(s), map[string]string{
		"notassigned": "Not assigned", "notstarted": "Not started", "missing": "Missed",
		"started": "Started", "partiallycompleted": "Partially completed", "completed": "Completed",
	})
}

// Valid reports whether s is a documented status.
func (s AttendanceStatus) Valid() bool { return oneOf(s, AttendanceStatuses) }

// SessionAttendanceStatus is the state of one person's attendance of one session.
type SessionAttendanceStatus string

// Session attendance statuses. The API has no "late" or "excused".
const (
	AttendancePending    SessionAttendanceStatus = "pending"
	AttendanceInProgress SessionAttendanceStatus = "inprogress"
	AttendanceCompleted  SessionAttendanceStatus = "completed"
	AttendanceMissing    SessionAttendanceStatus = "missing"
)

// SessionAttendanceStatuses lists every session attendance status.
var SessionAttendanceStatuses = []SessionAttendanceStatus{AttendancePending, AttendanceInProgress, AttendanceCompleted, AttendanceMissing}

// String returns the wire value.
func (s SessionAttendanceStatus) String() string { return string(s) }

// Label returns the status as a person reads it.
func (s SessionAttendanceStatus) Label() string {
	return label(string(s), map[string]string{"pending": "Not marked", "inprogress": "In progress", "completed": "Attended", "missing": "Absent"})
}

// Valid reports whether s is a documented status.
func (s SessionAttendanceStatus) Valid() bool { return oneOf(s, SessionAttendanceStatuses) }

// SessionModality is how a session is held.
type SessionModality string

// Session modalities.
const (
	ModalityOnline   SessionModality = "online"
	ModalityInPerson SessionModality = "inperson"
	ModalityMixed    SessionModality = "mixed"
)

// SessionModalities lists every modality.
var SessionModalities = []SessionModality{ModalityInPerson, ModalityOnline, ModalityMixed}

// String returns the wire value.
func (m SessionModality) String() string { return string(m) }

// Label returns the modality as a person reads it.
func (m SessionModality) Label() string {
	return label(string(m), map[string]string{"online": "Online", "inperson": "In person", "mixed": "Hybrid"})
}

// Valid reports whether m is a documented modality.
func (m SessionModality) Valid() bool { return oneOf(m, SessionModalities) }

// SessionSchedule says whether a session has fixed times or is self-paced.
type SessionSchedule string

// Session schedules.
const (
	ScheduleScheduled SessionSchedule = "scheduled"
	ScheduleSelfPaced SessionSchedule = "selfpaced"
)

// SessionSchedules lists every schedule.
var SessionSchedules = []SessionSchedule{ScheduleScheduled, ScheduleSelfPaced}

// String returns the wire value.
func (s SessionSchedule) String() string { return string(s) }

// Label returns the schedule as a person reads it.
func (s SessionSchedule) Label() string {
	return label(string(s), map[string]string{"scheduled": "Scheduled", "selfpaced": "Self-paced"})
}

// Valid reports whether s is a documented schedule.
func (s SessionSchedule) Valid() bool { return oneOf(s, SessionSchedules) }

// PaymentStatus says whether a training class has been paid for.
type PaymentStatus string

// Payment statuses.
const (
	PaymentPaid    PaymentStatus = "paid"
	PaymentPending PaymentStatus = "pending"
)

// PaymentStatuses lists every payment status.
var PaymentStatuses = []PaymentStatus{PaymentPending, PaymentPaid}

// String returns the wire value.
func (p PaymentStatus) String() string { return string(p) }

// Label returns the payment status as a person reads it.
func (p PaymentStatus) Label() string {
	return label(string(p), map[string]string{"paid": "Paid", "pending": "Pending"})
}

// Valid reports whether p is a documented payment status.
func (p PaymentStatus) Valid() bool { return oneOf(p, PaymentStatuses) }

func label(v string, labels map[string]string) string {
	if l, ok := labels[v]; ok {
		return l
	}
	return v
}

func oneOf[T comparable](v T, all []T) bool {
	for _, a := range all {
		if a == v {
			return true
		}
	}
	return false
}

// Training is a course in the company's training catalogue
// (trainings/trainings). Optional fields are pointers: nil when Factorial
// sends null, including fields the signed-in user may not see.
type Training struct {
	ID                          ID               `json:"id"`
	CompanyID                   ID               `json:"company_id"`
	AuthorID                    ID               `json:"author_id"`
	Name                        string           `json:"name"`
	Code                        *string          `json:"code"`
	Description                 string           `json:"description"`
	CreatedAt                   *time.Time       `json:"created_at"`
	UpdatedAt                   *time.Time       `json:"updated_at"`
	ExternalProvider            *string          `json:"external_provider"`
	External                    bool             `json:"external"`
	TotalCost                   *int64           `json:"total_cost"`
	FundaeSubsidized            bool             `json:"fundae_subsidized"`
	Subsidized                  bool             `json:"subsidized"`
	Cost                        int64            `json:"cost"`
	SubsidizedCost              int64            `json:"subsidized_cost"`
	TotalCostDecimal            *Money           `json:"total_cost_decimal"`
	CostDecimal                 *Money           `json:"cost_decimal"`
	SubsidizedCostDecimal       *Money           `json:"subsidized_cost_decimal"`
	CategoryIDs                 []ID             `json:"category_ids"`
	Status                      *TrainingStatus  `json:"status"`
	Year                        int              `json:"year"`
	Catalog                     bool             `json:"catalog"`
	CompetencyIDs               []ID             `json:"competency_ids"`
	TotalTrainingCost           *Money           `json:"total_training_cost"`
	TotalTrainingIndirectCost   *Money           `json:"total_training_indirect_cost"`
	TotalTrainingSalaryCost     *Money           `json:"total_training_salary_cost"`
	TotalTrainingSubsidizedCost *Money           `json:"total_training_subsidized_cost"`
	TotalParticipants           int              `json:"total_participants"`
	TrainingAttendanceStatus    AttendanceStatus `json:"training_attendance_status"`
	ValidFor                    *int             `json:"valid_for"`
	Objectives                  *string          `json:"objectives"`
	NumberOfExpiredParticipants *int             `json:"number_of_expired_participants"`
	Thumbnail                   *string          `json:"thumbnail"`
	IsMandatory                 bool             `json:"is_mandatory"`
	TotalDuration               Hours            `json:"total_duration"`
}

// TrainingCategory groups trainings (trainings/categories). Categories cannot
// be renamed through the API.
type TrainingCategory struct {
	ID        ID         `json:"id"`
	Name      string     `json:"name"`
	CompanyID ID         `json:"company_id"`
	CreatedAt *time.Time `json:"created_at"`
	UpdatedAt *time.Time `json:"updated_at"`
}

// TrainingClass is a group of a training (trainings/training_classes): an
// edition with its own dates, costs and participants. Its id is a string.
// Costs are decimal strings in Currency; gross = cost + indirect + salary,
// net = gross − subsidized.
type TrainingClass struct {
	ID                        ClassID        `json:"id"`
	TrainingID                ID             `json:"training_id"`
	Name                      string         `json:"name"`
	Description               *string        `json:"description"`
	StartDate                 *Date          `json:"start_date"`
	EndDate                   *Date          `json:"end_date"`
	Cost                      string         `json:"cost"`
	IndirectCost              string         `json:"indirect_cost"`
	SalaryCost                string         `json:"salary_cost"`
	SubsidizedCost            string         `json:"subsidized_cost"`
	GrossCost                 *string        `json:"gross_cost,omitempty"`
	NetCost                   *string        `json:"net_cost,omitempty"`
	Currency                  *string        `json:"currency,omitempty"`
	PaymentStatus             *PaymentStatus `json:"payment_status,omitempty"`
	CompletedAttendancesCount int            `json:"completed_attendances_count"`
	TotalAttendancesCount     int            `json:"total_attendances_count"`
	CreatedAt                 *time.Time     `json:"created_at"`
}

// Session is one meeting of a training (trainings/sessions), scheduled with
// start and end on the same day, or self-paced with a due date.
type Session struct {
	ID                   ID               `json:"id"`
	Name                 string           `json:"name"`
	TrainingID           ID               `json:"training_id"`
	Description          *string          `json:"description"`
	TrainingClassID      *ClassID         `json:"training_class_id"`
	StartsAt             *time.Time       `json:"starts_at"`
	EndsAt               *time.Time       `json:"ends_at"`
	DueDate              *Date            `json:"due_date"`
	Duration             *Duration        `json:"duration"`
	Modality             *SessionModality `json:"modality"`
	Schedule             *SessionSchedule `json:"schedule"`
	Link                 *string          `json:"link"`
	Location             *string          `json:"location"`
	SessionAttendanceIDs []ID             `json:"session_attendance_ids"`
	SessionFeedbackID    *ID              `json:"session_feedback_id"`
	Subsidized           bool             `json:"subsidized"`
	Status               *string          `json:"status"`
	ParentID             *ID              `json:"parent_id"`
}

// SessionAccessMembership invites one person to one session
// (trainings/session_access_memberships). Creating one creates the person's
// pending SessionAttendance.
type SessionAccessMembership struct {
	ID         ID      `json:"id"`
	AccessID   ID      `json:"access_id"`
	EmployeeID *ID     `json:"employee_id"`
	SessionID  ID      `json:"session_id"`
	FirstName  *string `json:"first_name"`
	LastName   *string `json:"last_name"`
	JobTitle   *string `json:"job_title"`
}

// SessionAttendance records whether one invited person attended one session
// (trainings/session_attendances). It has no session_id: filter by session.
type SessionAttendance struct {
	ID                        ID                      `json:"id"`
	Status                    SessionAttendanceStatus `json:"status"`
	SessionAccessMembershipID ID                      `json:"session_access_membership_id"`
	AccessID                  ID                      `json:"access_id"`
	EmployeeID                *ID                     `json:"employee_id"`
	CompletedDuration         *Hours                  `json:"completed_duration"`
}

// TrainingMembership enrols one employee in a training
// (trainings/training_memberships), with its due and completion dates.
type TrainingMembership struct {
	ID                  ID               `json:"id"`
	AccessID            ID               `json:"access_id"`
	EmployeeID          ID               `json:"employee_id"`
	TrainingID          ID               `json:"training_id"`
	Status              AttendanceStatus `json:"status"`
	TrainingDueDate     *Date            `json:"training_due_date"`
	TrainingCompletedAt *Date            `json:"training_completed_at"`
}

// Employee is a person of the company (employees/employees): the fields
// Factorial's schema requires, and the optional ones Aula uses.
type Employee struct {
	ID            ID        `json:"id"`
	AccessID      ID        `json:"access_id"`
	FirstName     string    `json:"first_name"`
	LastName      string    `json:"last_name"`
	FullName      string    `json:"full_name"`
	Email         *string   `json:"email"`
	CompanyID     ID        `json:"company_id"`
	LocationID    ID        `json:"location_id"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	IsTerminating bool      `json:"is_terminating"`
	ManagerID     *ID       `json:"manager_id"`
	JobTitle      *string   `json:"job_title,omitempty"`
	TeamIDs       []ID      `json:"team_ids,omitempty"`
	Active        bool      `json:"active"`
	Attendable    bool      `json:"attendable"`
}

// Credential answers "who am I" (api_public/credentials). For an API key only
// CompanyID and ID are set; for a user token the person's fields too.
type Credential struct {
	ID         CredentialID `json:"id"`
	CompanyID  ID           `json:"company_id"`
	EmployeeID *ID          `json:"employee_id"`
	Email      *string      `json:"email"`
	FirstName  *string      `json:"first_name"`
	LastName   *string      `json:"last_name"`
	FullName   *string      `json:"full_name"`
	Role       *string      `json:"role"`
}

// CostsVisible reports whether Factorial showed t's costs to the reader: to
// people who may not see them it sends null, which decodes to 0 and nil.
// The costs tab and the CSV export both go by it.
func (t Training) CostsVisible() bool {
	return t.CostDecimal != nil || t.TotalCostDecimal != nil || t.Cost != 0 || t.SubsidizedCost != 0
}
