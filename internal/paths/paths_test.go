package paths

import (
	"testing"

	"github.com/aula-hr/aula/factorial"
)

func TestPathsFillTheirRoutes(t *testing.T) {
	for got, want := range map[string]string{
		Training(7):                      "/trainings/7",
		TrainingTab(7, TabOverview):      "/trainings/7",
		TrainingTab(7, ""):               "/trainings/7",
		TrainingTab(7, TabCosts):         "/trainings/7/costs",
		GroupEdit(7, "g-1"):              "/trainings/7/groups/g-1/edit",
		Completion(7, 12):                "/trainings/7/participants/12/completion",
		CategoryDelete(3):                "/trainings/categories/3/delete",
		Participants(7):                  TrainingTab(7, TabParticipants),
		Groups(7):                        TrainingTab(7, TabGroups),
		fill(TabRoute(TabSessions), "9"): "/trainings/9/sessions",
		Session(7, 31):                   "/trainings/7/sessions#session-31",
		ParticipantsFiltered(7, "Ana Ruiz", ParticipantStateOverdue):     "/trainings/7/participants?q=Ana+Ruiz&state=overdue",
		ParticipantsFiltered(7, "", ""):                                  "/trainings/7/participants",
		TrainingsWithStatus(factorial.TrainingDraft):                     "/trainings?status=draft",
		TeamOverduePage(1):                                               "/team/overdue",
		TeamOverduePage(3):                                               "/team/overdue?page=3",
		TeamView(TeamFilter{}):                                           "/team",
		TeamView(TeamFilter{Manager: 4, Window: 90, Page: 1}):            "/team?manager=4&window=90",
		TeamView(TeamFilter{Employee: 5, Page: 2, Columns: 3}):           "/team?columns=3&employee=5&page=2",
		TeamExport(TeamFilter{Window: 30}, "overdue"):                    "/team/export.csv?list=overdue&window=30",
		TeamRenewalsFor(TeamFilter{Manager: 4, Employee: 5, Page: 2}, 7): "/team/renewals?manager=4&training=7",
		TeamTraining(7, TeamFilter{Manager: 4, Training: 9, Window: 60}): "/team/trainings/7?manager=4&window=60",
	} {
		if got != want {
			t.Errorf("%s, want %s", got, want)
		}
	}
}
