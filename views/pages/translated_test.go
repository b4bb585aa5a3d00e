package pages_test

import (
	"os"
	"testing"

	"github.com/aula-hr/aula/internal/i18n/templscan"
)

// The home pages and the overdue list are born bilingual: no text a person
// reads is left out of the catalogue.
func TestHomeAndOverdueListAreTranslated(t *testing.T) {
	for _, f := range []string{"home.templ", "overdue.templ", "team.templ", "team_renewals.templ", "team_training.templ"} {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		found, err := templscan.Source(f, string(src))
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range found {
			t.Errorf("%s", x)
		}
	}
}
