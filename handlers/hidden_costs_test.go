package handlers_test

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
)

// Factorial hides training costs from people who are not admins: their
// catalogue export leaves the cost columns empty instead of claiming the
// trainings cost 0.00 (the training page says the costs are not shown).
func TestExportLeavesHiddenCostsEmpty(t *testing.T) {
	s := apptest.Start(t)
	var costly factorial.Training
	for _, x := range visibleTrainings(s.Sandbox.Snapshot()) {
		if x.Cost != 0 && x.Catalog {
			costly = x
			break
		}
	}
	if costly.ID == 0 {
		t.Fatal("no costed training in the catalogue of the sandbox")
	}
	for _, c := range []struct {
		persona string
		hidden  bool
	}{{sandbox.PersonaHRAdmin, false}, {sandbox.PersonaEmployee, true}} {
		res := s.SignIn(t, c.persona).Get("/trainings/export.csv")
		mustStatus(t, res, http.StatusOK)
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(apptest.Body(res), "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := slices.IndexFunc(rows[0], func(h string) bool { return strings.HasPrefix(h, "cost (") })
		for _, r := range rows[1:] {
			if r[0] != costly.ID.String() {
				continue
			}
			if c.hidden && (r[col] != "" || r[col+1] != "") {
				t.Errorf("%s: costs hidden by Factorial exported as %q and %q", c.persona, r[col], r[col+1])
			}
			if !c.hidden && r[col] == "" {
				t.Errorf("%s: the cost of %q is missing", c.persona, costly.Name)
			}
		}
	}
}

// Factorial sends a group's costs as null to people who are not admins: the
// groups tab must not say those groups cost €0.00 (HR still sees the sums).
func TestGroupsTabDoesNotShowHiddenCostsAsZero(t *testing.T) {
	s := apptest.Start(t)
	tr := activeCatalogueTraining(t, s.Sandbox.Snapshot())
	for _, persona := range []string{sandbox.PersonaHRAdmin, sandbox.PersonaTrainer, sandbox.PersonaManager, sandbox.PersonaEmployee} {
		res := s.SignIn(t, persona).Get("/trainings/" + tr.ID.String() + "/groups")
		mustStatus(t, res, http.StatusOK)
		doc := apptest.Parse(t, res)
		rows := apptest.TestID(doc, "group-row")
		if rows.Length() == 0 {
			t.Fatalf("%s: no groups listed", persona)
		}
		zero := 0
		rows.Find(`[data-testid="group-gross"]`).Each(func(_ int, c *goquery.Selection) {
			if strings.TrimSpace(c.Text()) == "€0.00" {
				zero++
			}
		})
		if persona == sandbox.PersonaHRAdmin && zero == rows.Length() {
			t.Errorf("%s: every group costs €0.00", persona)
		}
		if persona != sandbox.PersonaHRAdmin && zero > 0 {
			t.Errorf("%s: %d groups whose costs Factorial hides are shown as €0.00", persona, zero)
		}
	}
}
