package sandbox

import (
	"fmt"
	mrand "math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/aula-hr/aula/factorial"
)

// CompanyID is the id of the one generated company.
const CompanyID factorial.ID = 4021

// AccessIDOffset: an employee's access_id is its id plus this offset, so
// that code mixing the two ids fails visibly.
const AccessIDOffset = 100000

// The locations employees work at (employees' location_id).
const (
	LocationHQ        factorial.ID = 1
	LocationWarehouse factorial.ID = 2
)

const currency = "EUR"

var firstNames = []string{"Ana", "Bruno", "Carla", "David", "Elena", "Fatima", "Gabriel", "Hugo", "Irene", "Javier",
	"Karin", "Lucas", "Marta", "Nadia", "Oscar", "Paula", "Quentin", "Rosa", "Samuel", "Teresa", "Ulrich", "Valeria",
	"Wei", "Ximena", "Yusuf", "Zoe", "Aitor", "Beatriz", "Chloé", "Dmitri", "Emma", "Farid", "Greta", "Hannah", "Iker",
	"Jana", "Kofi", "Laia", "Mateo", "Noor", "Olga", "Pau", "Rania", "Sofía", "Tomás", "Uma", "Víctor", "Wiktoria"}

var lastNames = []string{"García", "Martínez", "López", "Sánchez", "Pérez", "Gómez", "Fernández", "Ruiz", "Díaz",
	"Moreno", "Álvarez", "Romero", "Navarro", "Torres", "Domínguez", "Vidal", "Castro", "Ortega", "Rubio", "Molina",
	"Müller", "Schmidt", "Dubois", "Rossi", "Novak", "Kowalski", "Andersson", "O'Brien", "Nguyen", "Okafor", "Haddad",
	"Silva", "Costa", "Marín", "Serrano", "Iglesias", "Blanco", "Suárez", "Ramos", "Delgado"}

type department struct {
	name   string
	titles []string
}

var departments = []department{
	{"People & HR", []string{"HR Business Partner", "Learning & Development Specialist", "Recruiter", "Payroll Specialist"}},
	{"Operations", []string{"Warehouse Operator", "Logistics Coordinator", "Forklift Driver", "Shift Supervisor"}},
	{"Engineering", []string{"Software Engineer", "QA Engineer", "DevOps Engineer", "Data Engineer"}},
	{"Sales", []string{"Account Executive", "Sales Development Rep", "Key Account Manager"}},
	{"Customer Care", []string{"Support Agent", "Customer Success Manager", "Onboarding Specialist"}},
	{"Finance", []string{"Accountant", "Financial Analyst", "Controller"}},
	{"Marketing", []string{"Content Marketer", "Designer", "Growth Marketer"}},
	{"Legal & Compliance", []string{"Legal Counsel", "Compliance Officer", "Privacy Analyst"}},
}

var categoryNames = []string{"Health & Safety", "Compliance", "Data Protection", "Leadership", "Languages",
	"Technical Skills", "Onboarding", "Sales & Customer", "Wellbeing"}

type trainingTemplate struct {
	name     string
	category int
	provider string // external when set
}

var trainingTemplates = []trainingTemplate{
	{"Fire safety and evacuation", 0, ""}, {"First aid at work", 0, "Red Cross Training"}, {"Forklift operation licence", 0, "SafeLift Academy"},
	{"Manual handling", 0, ""}, {"Working at height", 0, "SafeLift Academy"}, {"Ergonomics for office work", 0, ""},
	{"Anti-bribery and corruption", 1, ""}, {"Code of conduct", 1, ""}, {"Anti-harassment at work", 1, "Respect Works"},
	{"Anti-money laundering basics", 1, ""}, {"Whistleblowing channel", 1, ""}, {"Export control essentials", 1, "TradeLaw Institute"},
	{"GDPR essentials", 2, ""}, {"Information security awareness", 2, ""}, {"Phishing and social engineering", 2, "CyberAware"},
	{"Handling personal data in HR", 2, ""}, {"Data retention and deletion", 2, ""},
	{"First-time managers", 3, "Leaders Lab"}, {"Giving and receiving feedback", 3, ""}, {"Running effective one-on-ones", 3, ""},
	{"Coaching skills for leaders", 3, "Leaders Lab"}, {"Leading remote teams", 3, ""}, {"Difficult conversations", 3, "Leaders Lab"},
	{"Inclusive leadership", 3, ""},
	{"English B2 — business communication", 4, "Lingua Centre"}, {"Spanish for beginners", 4, "Lingua Centre"},
	{"German A2", 4, "Goethe Partner School"}, {"Presentation skills in English", 4, ""}, {"Business writing", 4, ""},
	{"Advanced Excel", 5, ""}, {"SQL for analysts", 5, "DataCamp Business"}, {"Kubernetes fundamentals", 5, "CloudSkills"},
	{"Secure coding practices", 5, ""}, {"Power BI dashboards", 5, "DataCamp Business"}, {"Project management fundamentals", 5, ""},
	{"Agile and Scrum", 5, "Scrum Alliance Partner"}, {"Lean warehouse operations", 5, ""}, {"Accessibility in web products", 5, ""},
	{"Welcome to the company", 6, ""}, {"Our products in one day", 6, ""}, {"Tools and systems onboarding", 6, ""},
	{"Buddy programme kick-off", 6, ""}, {"Company culture and values", 6, ""},
	{"Consultative selling", 7, "SalesCraft"}, {"Negotiation skills", 7, "SalesCraft"}, {"Handling complaints", 7, ""},
	{"CRM best practices", 7, ""}, {"Customer empathy workshop", 7, ""}, {"Pricing and discounts policy", 7, ""},
	{"Stress management", 8, "MindWell"}, {"Mindfulness at work", 8, "MindWell"}, {"Healthy sleep habits", 8, ""},
	{"Financial wellbeing", 8, ""}, {"Time management", 8, ""}, {"Resilience in change", 8, "MindWell"},
	{"Sustainability at work", 1, ""}, {"Cybersecurity for managers", 2, "CyberAware"}, {"Mentoring programme", 3, ""},
	{"French A1", 4, "Lingua Centre"}, {"Public speaking", 8, ""},
}

var rooms = []string{"Room Atlas, 2nd floor", "Room Boreal, 3rd floor", "Training room, warehouse B", "Auditorium", "Room Cala, 1st floor"}

type gen struct {
	r     *mrand.Rand
	now   time.Time
	today factorial.Date
	loc   *time.Location
	st    *State
	next  map[string]int64
}

func (g *gen) id(res string) int64 {
	g.next[res]++
	return g.next[res]
}

func (g *gen) pick(n int) int { return g.r.IntN(n) }

func ptr[T any](v T) *T { return &v }

// Generate builds the deterministic data of a profile from a seed, anchored
// on now: sessions run from three months before now to three months after.
func Generate(seed int64, now time.Time, p Profile) *State {
	loc := now.Location()
	g := &gen{
		r:     mrand.New(mrand.NewPCG(uint64(seed), 0xa11a)),
		now:   now.Truncate(time.Second),
		today: factorial.DateOf(now),
		loc:   loc,
		next:  map[string]int64{},
		st: &State{
			CompanyID: CompanyID,
			Teachers:  map[factorial.ID][]factorial.ID{},
			Personas:  map[string]factorial.ID{},
		},
	}
	nEmployees, nTrainings, membersPer, sessionsPer := 250, len(trainingTemplates), 0, 0
	if p == ProfileLarge {
		nEmployees, nTrainings, membersPer, sessionsPer = 2500, 10000, 10, 2
	}
	g.employees(nEmployees)
	g.categories()
	g.trainings(nTrainings, p == ProfileLarge)
	g.classes()
	g.memberships(membersPer)
	g.sessions(sessionsPer)
	g.personaExtras()
	g.st.NextIDs = g.next
	return g.st
}

func (g *gen) created(daysAgo int) *time.Time {
	t := g.now.AddDate(0, 0, -daysAgo).Truncate(time.Minute)
	return &t
}

func (g *gen) employees(n int) {
	nd := len(departments)
	// Three team leads per department, more in a larger company: a lead
	// has about 20 people, as teams have (the demo keeps its three).
	leadsPer := max(3, n/(nd*20))
	heads := make([]int64, nd)
	leads := make([][]int64, nd)
	seen := map[string]bool{}
	for i := 0; i < n; i++ {
		id := g.id(resEmployee)
		var first, last string
		for {
			first, last = firstNames[g.pick(len(firstNames))], lastNames[g.pick(len(lastNames))]
			if !seen[first+last] || len(seen) > len(firstNames)*len(lastNames)/2 {
				break
			}
		}
		seen[first+last] = true
		var manager *factorial.ID
		dep := 0
		title := ""
		switch {
		case i == 0:
			title = "Chief Executive Officer"
		case i <= nd:
			dep = i - 1
			heads[dep] = id
			manager = ptr(factorial.ID(1))
			title = "Head of " + departments[dep].name
		case i <= nd*(1+leadsPer):
			dep = (i - nd - 1) % nd
			leads[dep] = append(leads[dep], id)
			manager = ptr(factorial.ID(heads[dep]))
			title = "Team Lead, " + departments[dep].name
		default:
			dep = (i - 1) % nd
			l := leads[dep]
			manager = ptr(factorial.ID(l[g.pick(len(l))]))
			t := departments[dep].titles
			title = t[g.pick(len(t))]
		}
		email := fmt.Sprintf("%s.%s%d@aula-demo.example", asciiLower(first), asciiLower(last), id)
		location := LocationHQ
		if departments[dep].name == "Operations" {
			location = LocationWarehouse
		}
		e := factorial.Employee{
			ID: factorial.ID(id), AccessID: factorial.ID(id + AccessIDOffset),
			FirstName: first, LastName: last, FullName: first + " " + last,
			Email: &email, ManagerID: manager, JobTitle: ptr(title),
			TeamIDs: []factorial.ID{factorial.ID(dep + 1)},
			Active:  i%97 != 96, Attendable: true,
			CompanyID: CompanyID, LocationID: location,
			// from the id, not the random source, so the rest of the data stays as it was
			CreatedAt: *g.created(400 + int(id*37%1500)), UpdatedAt: *g.created(int(id * 13 % 30)),
		}
		g.st.Employees = append(g.st.Employees, e)
	}
	// personas: HR head, an L&D specialist, the head of Operations and one of their people
	g.st.Personas[PersonaHRAdmin] = factorial.ID(heads[0])
	g.st.Personas[PersonaManager] = factorial.ID(heads[1])
	for i := range g.st.Employees {
		e := &g.st.Employees[i]
		if e.TeamIDs[0] == 1 && int(e.ID) > nd*4+1 {
			e.JobTitle = ptr("Learning & Development Specialist")
			e.Active = true
			g.st.Personas[PersonaTrainer] = e.ID
			break
		}
	}
	for i := range g.st.Employees {
		e := &g.st.Employees[i]
		if e.TeamIDs[0] == 2 && int(e.ID) > nd*4+1 {
			e.JobTitle = ptr("Logistics Coordinator")
			e.Active = true
			g.st.Personas[PersonaEmployee] = e.ID
			break
		}
	}
}

func asciiLower(s string) string {
	r := strings.NewReplacer("á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ü", "u", "ñ", "n", "Á", "a", "ç", "c", "'", "", " ", "")
	return strings.ToLower(r.Replace(s))
}

func (g *gen) categories() {
	for i, n := range categoryNames {
		id := g.id(resCategory)
		g.st.Categories = append(g.st.Categories, factorial.TrainingCategory{
			ID: factorial.ID(id), Name: n, CompanyID: CompanyID,
			CreatedAt: g.created(700 - i*10), UpdatedAt: g.created(300 - i*10),
		})
	}
}

func (g *gen) trainings(n int, large bool) {
	author := g.st.Personas[PersonaHRAdmin]
	for i := 0; i < n; i++ {
		tpl := trainingTemplates[i%len(trainingTemplates)]
		name := tpl.name
		if i >= len(trainingTemplates) {
			name = fmt.Sprintf("%s (%d)", name, i/len(trainingTemplates)+1)
		}
		id := g.id(resTraining)
		t := factorial.Training{
			ID: factorial.ID(id), CompanyID: CompanyID, AuthorID: author, Name: name,
			Description: "Learn " + strings.ToLower(name[:1]) + name[1:] + " with practical exercises and examples from our own work.",
			Year:        g.today.Year, Catalog: true, CategoryIDs: []factorial.ID{factorial.ID(tpl.category + 1)},
			CompetencyIDs: []factorial.ID{}, Status: ptr(factorial.TrainingActive),
			TrainingAttendanceStatus: factorial.NotAssigned,
		}
		t.Code = ptr(fmt.Sprintf("TR-%04d", id))
		t.CreatedAt, t.UpdatedAt = g.created(400+g.pick(300)), g.created(g.pick(120))
		if tpl.provider != "" {
			t.External = true
			t.ExternalProvider = ptr(tpl.provider)
		}
		// A company has a handful of mandatory trainings, not thousands: in
		// the large profile the copies of a template are optional ones.
		if tpl.category <= 2 && i%3 != 2 && (!large || i < len(trainingTemplates)) {
			t.IsMandatory = true
			t.ValidFor = ptr(1 + i%3)
		}
		cost := int64(0)
		if t.External {
			cost = int64(300+g.pick(40)*50) * 100
		} else if i%4 == 0 {
			cost = int64(50+g.pick(20)*10) * 100
		}
		t.Cost = cost
		if t.External && i%2 == 0 {
			t.Subsidized, t.FundaeSubsidized = true, i%4 == 0
			t.SubsidizedCost = cost * int64(30+g.pick(5)*10) / 100
		}
		t.Objectives = ptr("By the end, participants can apply " + strings.ToLower(name[:1]) + name[1:] + " in their daily work.")
		t.TotalDuration = factorial.Hours(float64(2 + g.pick(14)))
		if i%3 == 1 {
			t.CompetencyIDs = []factorial.ID{factorial.ID(10 + tpl.category)}
		}
		switch {
		case i%len(trainingTemplates) == 17 || i%len(trainingTemplates) == 33 || i%len(trainingTemplates) == 45 ||
			i%len(trainingTemplates) == 52 || i%len(trainingTemplates) == 58:
			t.Status = ptr(factorial.TrainingDraft)
			t.Catalog = false
		case i%len(trainingTemplates) == 41:
			t.Status = ptr(factorial.TrainingDeleted)
			t.Catalog = false
		case i%7 == 6:
			t.Catalog = false
		}
		if large && i%2 == 1 {
			t.Year = g.today.Year - 1
		}
		setTrainingMoney(&t)
		g.st.Trainings = append(g.st.Trainings, t)
	}
	// the trainer teaches four active, scheduled trainings
	trainer := g.st.Personas[PersonaTrainer]
	taught := 0
	for _, t := range g.st.Trainings {
		if *t.Status == factorial.TrainingActive && (t.ID == 1 || t.ID == 8 || t.ID == 13 || t.ID == 19) {
			g.st.Teachers[t.ID] = []factorial.ID{trainer}
			taught++
		}
	}
	// other trainings are taught by someone of People & HR
	for _, t := range g.st.Trainings {
		if _, ok := g.st.Teachers[t.ID]; !ok && int(t.ID) <= 200 {
			g.st.Teachers[t.ID] = []factorial.ID{factorial.ID(1 + len(departments) + 1 + (int(t.ID)%3)*len(departments))}
		}
	}
}

// setTrainingMoney derives the decimal money fields from the cents.
func setTrainingMoney(t *factorial.Training) {
	t.CostDecimal = ptr(factorial.MoneyFromCents(t.Cost, currency))
	t.SubsidizedCostDecimal = ptr(factorial.MoneyFromCents(t.SubsidizedCost, currency))
	total := t.Cost - t.SubsidizedCost
	t.TotalCost = ptr(total)
	t.TotalCostDecimal = ptr(factorial.MoneyFromCents(total, currency))
}

func decimal(cents int64) string { return factorial.MoneyFromCents(cents, "").Amount }

func (g *gen) classes() {
	for _, t := range g.st.Trainings {
		if *t.Status != factorial.TrainingActive {
			continue
		}
		n := 1
		if t.ID%3 == 0 && len(g.st.Trainings) < 1000 {
			n = 2
		}
		for k := 0; k < n; k++ {
			id := g.id(resClass)
			start := g.today.AddDays(-95 + k*92)
			end := start.AddDays(90)
			cost := t.Cost * int64(4+g.pick(6))
			indirect := int64(g.pick(10)) * 5000
			salary := int64(5+g.pick(20)) * 10000
			sub := int64(0)
			if t.Subsidized {
				sub = cost * 40 / 100
			}
			c := factorial.TrainingClass{
				ID: factorial.ClassID(strconv.FormatInt(id, 10)), TrainingID: t.ID,
				Name:        fmt.Sprintf("Group %c — %s", 'A'+k, start.In(time.UTC).Format("Jan 2006")),
				Description: ptr("Edition starting " + start.String()),
				StartDate:   ptr(start), EndDate: ptr(end),
				Cost: decimal(cost), IndirectCost: decimal(indirect), SalaryCost: decimal(salary), SubsidizedCost: decimal(sub),
				Currency: ptr(currency), PaymentStatus: ptr(factorial.PaymentPending),
				CreatedAt: g.created(125 - k*92),
			}
			if k == 0 {
				c.PaymentStatus = ptr(factorial.PaymentPaid)
			}
			setClassTotals(&c)
			g.st.Classes = append(g.st.Classes, c)
		}
	}
}

func cents(dec string) int64 { return factorial.Money{Amount: dec}.Cents() }

// setClassTotals computes gross = cost + indirect + salary, net = gross − subsidized.
func setClassTotals(c *factorial.TrainingClass) {
	gross := cents(c.Cost) + cents(c.IndirectCost) + cents(c.SalaryCost)
	c.GrossCost = ptr(decimal(gross))
	c.NetCost = ptr(decimal(gross - cents(c.SubsidizedCost)))
	if c.Currency == nil {
		c.Currency = ptr(currency)
	}
}

func (g *gen) memberships(per int) {
	emps := g.st.Employees
	for ti := range g.st.Trainings {
		t := &g.st.Trainings[ti]
		if *t.Status == factorial.TrainingDraft {
			continue
		}
		n := per
		if per > 0 && t.IsMandatory {
			n = len(emps) * 2 / 5 // the large profile: many people enrolled
		}
		if n == 0 {
			n = 10 + g.pick(30)
			if t.IsMandatory {
				n = 60 + g.pick(80)
			}
		}
		chosen := map[int]bool{}
		for len(chosen) < n {
			chosen[g.pick(len(emps))] = true
		}
		for ei := range emps {
			if !chosen[ei] {
				continue
			}
			g.addMembership(t, emps[ei], -1)
		}
	}
}

// addMembership enrols e in t. kind -1 picks at random; 0 overdue, 1
// expiring soon, 2 expired, 3 not started with a future due date, 4 completed.
func (g *gen) addMembership(t *factorial.Training, e factorial.Employee, kind int) {
	m := factorial.TrainingMembership{
		ID: factorial.ID(g.id(resMembership)), AccessID: e.AccessID, EmployeeID: e.ID, TrainingID: t.ID,
		Status: factorial.NotStarted,
	}
	if kind < 0 {
		kind = g.pick(10)
		switch {
		case kind < 2:
			kind = 0
		case kind < 3:
			kind = 1
		case kind < 4:
			kind = 2
		case kind < 6:
			kind = 3
		default:
			kind = 4
		}
		if t.ValidFor == nil && (kind == 1 || kind == 2) {
			kind = 4
		}
	}
	validDays := 365
	if t.ValidFor != nil {
		validDays = 365 * *t.ValidFor
	}
	switch kind {
	case 0: // overdue
		m.TrainingDueDate = ptr(g.today.AddDays(-1 - g.pick(60)))
		if g.pick(2) == 0 {
			m.Status = factorial.Missing
		}
	case 1: // completion expiring within 30 days
		done := g.today.AddDays(-validDays + 1 + g.pick(29))
		m.TrainingCompletedAt, m.Status = ptr(done), factorial.Completed
		m.TrainingDueDate = ptr(done.AddDays(-g.pick(10)))
	case 2: // expired completion
		done := g.today.AddDays(-validDays - 1 - g.pick(200))
		m.TrainingCompletedAt, m.Status = ptr(done), factorial.Completed
		m.TrainingDueDate = ptr(done.AddDays(g.pick(10)))
	case 3: // to do, due later
		m.TrainingDueDate = ptr(g.today.AddDays(3 + g.pick(80)))
		if g.pick(3) == 0 {
			m.Status = factorial.Started
		} else if g.pick(4) == 0 {
			m.Status = factorial.PartiallyCompleted
		}
		if g.pick(5) == 0 {
			m.TrainingDueDate = nil
		}
	default: // completed recently
		done := g.today.AddDays(-1 - g.pick(min(validDays-31, 300)))
		m.TrainingCompletedAt, m.Status = ptr(done), factorial.Completed
		if g.pick(2) == 0 {
			m.TrainingDueDate = ptr(done.AddDays(g.pick(20)))
		}
	}
	g.st.TrainingMemberships = append(g.st.TrainingMemberships, m)
}

type sessionPlan struct {
	day      int // days from today
	hour     int
	minute   int
	minutes  int
	selfpace bool
	parent   *factorial.ID
}

func (g *gen) sessions(per int) {
	members := map[factorial.ID][]factorial.ID{} // training -> employees
	for _, m := range g.st.TrainingMemberships {
		members[m.TrainingID] = append(members[m.TrainingID], m.EmployeeID)
	}
	classesOf := map[factorial.ID][]factorial.TrainingClass{}
	for _, c := range g.st.Classes {
		classesOf[c.TrainingID] = append(classesOf[c.TrainingID], c)
	}
	trainer := g.st.Personas[PersonaTrainer]
	employee := g.st.Personas[PersonaEmployee]
	seriesDone := false
	for ti := range g.st.Trainings {
		t := &g.st.Trainings[ti]
		if *t.Status != factorial.TrainingActive {
			continue
		}
		n := per
		if n == 0 {
			n = 4 + g.pick(6)
		}
		var plans []sessionPlan
		for k := 0; k < n; k++ {
			p := sessionPlan{day: -90 + g.pick(181), hour: 9 + g.pick(8), minute: []int{0, 30}[g.pick(2)], minutes: []int{60, 90, 120, 180}[g.pick(4)]}
			if p.hour*60+p.minute+p.minutes > 19*60 {
				p.hour = 9
			}
			if g.pick(10) == 0 {
				p.selfpace = true
			}
			plans = append(plans, p)
		}
		teachers := g.st.Teachers[t.ID]
		if len(teachers) > 0 && teachers[0] == trainer {
			// three sessions today for the trainer's trainings, and more in the coming days
			hours := map[factorial.ID]int{1: 9, 8: 11, 13: 15, 19: 17}
			plans = append(plans, sessionPlan{day: 0, hour: hours[t.ID], minutes: 90},
				sessionPlan{day: 1 + int(t.ID)%3, hour: 10, minutes: 120}, sessionPlan{day: 7, hour: 12, minutes: 60})
		}
		if !seriesDone && len(g.st.Trainings) < 1000 && t.ID == 25 {
			// a weekly recurring series, from six weeks ago to six weeks ahead
			seriesDone = true
			var parent *factorial.ID
			for w := -6; w <= 6; w++ {
				id := g.addSession(t, sessionPlan{day: w * 7, hour: 16, minutes: 60, parent: parent}, classesOf[t.ID], members[t.ID], nil)
				if parent == nil {
					parent = ptr(id)
				}
			}
		}
		for _, p := range plans {
			var must []factorial.ID
			if p.day >= 0 && p.day <= 7 && len(teachers) > 0 && teachers[0] == trainer {
				must = []factorial.ID{employee}
			}
			g.addSession(t, p, classesOf[t.ID], members[t.ID], must)
		}
	}
}

func (g *gen) addSession(t *factorial.Training, p sessionPlan, classes []factorial.TrainingClass, members []factorial.ID, must []factorial.ID) factorial.ID {
	id := factorial.ID(g.id(resSession))
	day := g.today.AddDays(p.day)
	x := factorial.Session{
		ID: id, Name: t.Name, TrainingID: t.ID, Subsidized: t.Subsidized, ParentID: p.parent,
		Duration: ptr(factorial.DurationFromMinutes(p.minutes)),
	}
	if p.parent != nil {
		x.Name = t.Name + " (weekly)"
	}
	x.Description = ptr("Session of " + t.Name)
	mod := []factorial.SessionModality{factorial.ModalityInPerson, factorial.ModalityInPerson, factorial.ModalityOnline, factorial.ModalityMixed}[g.pick(4)]
	var ends time.Time
	if p.selfpace {
		x.Schedule = ptr(factorial.ScheduleSelfPaced)
		x.DueDate = ptr(day)
		mod = factorial.ModalityOnline
		ends = day.AddDays(1).In(g.loc)
	} else {
		x.Schedule = ptr(factorial.ScheduleScheduled)
		start := time.Date(day.Year, day.Month, day.Day, p.hour, p.minute, 0, 0, g.loc)
		end := start.Add(time.Duration(p.minutes) * time.Minute)
		x.StartsAt, x.EndsAt = &start, &end
		ends = end
	}
	x.Modality = &mod
	if mod != factorial.ModalityInPerson {
		x.Link = ptr(fmt.Sprintf("https://meet.aula-demo.example/s/%d", id))
	}
	if mod != factorial.ModalityOnline {
		x.Location = ptr(rooms[g.pick(len(rooms))])
	}
	for _, c := range classes {
		if !day.Before(*c.StartDate) && !day.After(*c.EndDate) {
			x.TrainingClassID = ptr(c.ID)
			break
		}
	}
	if x.TrainingClassID == nil && len(classes) > 0 {
		x.TrainingClassID = ptr(classes[0].ID)
	}
	g.st.Sessions = append(g.st.Sessions, x)

	// invitees: members of the training
	want := 4 + g.pick(9)
	if p.day == 0 {
		want = 8 + g.pick(5)
	}
	if per := len(g.st.Trainings); per >= 1000 {
		want = 5
	}
	invited := map[factorial.ID]bool{}
	var list []factorial.ID
	for _, e := range must {
		if !invited[e] {
			invited[e] = true
			list = append(list, e)
		}
	}
	for tries := 0; len(list) < want && tries < want*3 && len(members) > 0; tries++ {
		e := members[g.pick(len(members))]
		if !invited[e] {
			invited[e] = true
			list = append(list, e)
		}
	}
	for _, e := range list {
		a := factorial.SessionAccessMembership{
			ID: factorial.ID(g.id(resAccess)), AccessID: e + AccessIDOffset, EmployeeID: ptr(e), SessionID: id,
		}
		if int(e) <= len(g.st.Employees) {
			emp := g.st.Employees[e-1]
			a.FirstName, a.LastName, a.JobTitle = ptr(emp.FirstName), ptr(emp.LastName), emp.JobTitle
		}
		g.st.SessionAccessMemberships = append(g.st.SessionAccessMemberships, a)
		att := factorial.SessionAttendance{
			ID: factorial.ID(g.id(resAttendance)), Status: factorial.AttendancePending,
			SessionAccessMembershipID: a.ID, AccessID: a.AccessID, EmployeeID: ptr(e),
		}
		switch {
		case ends.Before(g.now) || (x.StartsAt == nil && p.day < 0):
			if g.pick(100) < 85 {
				att.Status = factorial.AttendanceCompleted
				att.CompletedDuration = ptr(factorial.Hours(x.Duration.DecimalHours()))
			} else {
				att.Status = factorial.AttendanceMissing
			}
		case x.StartsAt != nil && !x.StartsAt.After(g.now):
			att.Status = factorial.AttendanceInProgress
		case x.StartsAt == nil && g.pick(3) == 0:
			att.Status = factorial.AttendanceInProgress
		}
		g.st.SessionAttendances = append(g.st.SessionAttendances, att)
	}
	return id
}

// personaExtras makes sure the employee persona has several trainings,
// including an overdue mandatory one, an expiring one and an expired one.
func (g *gen) personaExtras() {
	emp := g.st.Personas[PersonaEmployee]
	e := g.st.Employees[emp-1]
	has := map[factorial.ID]bool{}
	for _, m := range g.st.TrainingMemberships {
		if m.EmployeeID == emp {
			has[m.TrainingID] = true
		}
	}
	// the trainer's trainings (so the employee is a member of what they attend)
	kinds := []int{0, 1, 2}
	for ti := range g.st.Trainings {
		t := &g.st.Trainings[ti]
		if *t.Status != factorial.TrainingActive || has[t.ID] {
			continue
		}
		if ts := g.st.Teachers[t.ID]; len(ts) > 0 && ts[0] == g.st.Personas[PersonaTrainer] {
			g.addMembership(t, e, 3)
			has[t.ID] = true
			continue
		}
		if len(kinds) > 0 && t.IsMandatory && t.ValidFor != nil {
			g.addMembership(t, e, kinds[0])
			kinds = kinds[1:]
			has[t.ID] = true
		}
	}
	// memberships were appended out of id order: restore it
	ms := g.st.TrainingMemberships
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].ID < ms[j-1].ID; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}
