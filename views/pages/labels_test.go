package pages

import (
	"testing"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/internal/catalogue"
	"github.com/aula-hr/aula/internal/i18n"
	"github.com/aula-hr/aula/internal/training"
)

// The labels these pages (and the handlers filling their props) translate
// by value (i18n.T(ctx, s.Label())), which the templ scan cannot see, are
// all in the catalogue in both languages.
func TestLabelsTranslatedByValueAreInTheCatalogue(t *testing.T) {
	var keys []string
	for _, s := range factorial.TrainingStatuses {
		keys = append(keys, s.Label())
	}
	for _, s := range factorial.PaymentStatuses {
		keys = append(keys, s.Label())
	}
	for _, m := range []factorial.SessionModality{factorial.ModalityOnline, factorial.ModalityInPerson, factorial.ModalityMixed} {
		keys = append(keys, m.Label())
	}
	for _, s := range training.States {
		keys = append(keys, s.Label())
	}
	for _, s := range catalogue.Sorts {
		keys = append(keys, s.Label)
	}
	for _, tab := range trainingTabs {
		keys = append(keys, tab.Label)
	}
	for _, k := range keys {
		if !i18n.Has(k) {
			t.Errorf("%q is not in every language's catalogue", k)
		}
	}
}
