package paths

import "testing"

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
	} {
		if got != want {
			t.Errorf("%s, want %s", got, want)
		}
	}
}
