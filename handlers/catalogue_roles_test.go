package handlers_test

import (
	"net/http"
	"testing"

	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/paths"
)

// Everyone reads the catalogue, as in Factorial: it is in every role's
// navigation, and a training page opens read-only for all but HR, without
// the tabs that would be empty for them (costs Factorial does not show
// them) and refusing those tabs' addresses typed in.
func TestEveryRoleReadsTheCatalogue(t *testing.T) {
	srv := apptest.Start(t)
	tr := activeCatalogueTraining(t, srv.Sandbox.Snapshot())
	for _, tc := range []struct {
		persona string
		hr      bool
	}{{sandbox.PersonaHRAdmin, true}, {sandbox.PersonaTrainer, false}, {sandbox.PersonaManager, false}, {sandbox.PersonaEmployee, false}} {
		t.Run(tc.persona, func(t *testing.T) {
			c := srv.SignIn(t, tc.persona)
			res := c.Get(paths.Trainings)
			mustStatus(t, res, http.StatusOK)
			doc := apptest.Parse(t, res)
			if apptest.TestID(doc, "nav-trainings").AttrOr("aria-current", "") != "page" {
				t.Error("the catalogue is not in the navigation, marked as the current page")
			}
			if apptest.TestID(doc, "training-row").Length() == 0 {
				t.Error("the catalogue lists no training")
			}
			for _, write := range []string{"new-training", "bulk-actions", "select-training"} {
				if got := apptest.TestID(doc, write).Length() > 0; got != tc.hr {
					t.Errorf("%s shown: %v", write, got)
				}
			}
			if got := apptest.TestID(doc, "categories-link").Length() > 0; got != tc.hr {
				t.Errorf("the link to the categories' administration shown: %v", got)
			}
			res = c.Get(paths.Training(tr.ID))
			mustStatus(t, res, http.StatusOK)
			doc = apptest.Parse(t, res)
			for _, tab := range []paths.Tab{paths.TabOverview, paths.TabGroups, paths.TabSessions, paths.TabParticipants} {
				if apptest.TestID(doc, "tab-"+string(tab)).Length() != 1 {
					t.Errorf("no %s tab", tab)
				}
				mustStatus(t, c.Get(paths.TrainingTab(tr.ID, tab)), http.StatusOK)
			}
			if got := apptest.TestID(doc, "tab-costs").Length() == 1; got != tc.hr {
				t.Errorf("costs tab shown: %v", got)
			}
			if got := apptest.TestID(doc, "edit-training").Length() == 1; got != tc.hr {
				t.Errorf("edit shown: %v", got)
			}
			want := http.StatusOK
			if !tc.hr {
				want = http.StatusForbidden
			}
			mustStatus(t, c.Get(paths.TrainingTab(tr.ID, paths.TabCosts)), want)
			mustStatus(t, c.Get(paths.TrainingEdit(tr.ID)), map[bool]int{true: http.StatusOK, false: http.StatusForbidden}[tc.hr])
		})
	}
}
