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
		ParticipantsFiltered(7, "Ana Ruiz", ParticipantStateOverdue): "/trainings/7/participants?q=Ana+Ruiz&state=overdue",
		ParticipantsFiltered(7, "", ""):                              "/trainings/7/participants",
		TrainingsWithStatus(factorial.TrainingDraft):                 "/trainings?status=draft",
		TeamOverduePage(1):                                           "/team/overdue",
		TeamOverduePage(3):                                           "/team/overdue?page=3",
	} {
		if got != want {
			t.Errorf("%s, want %s", got, want)
		}
	}
}
