package pages_test

import (
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/aula-hr/aula/internal/i18n/templscan"
)

// viewsRoot is views/, every template of Aula under it.
const viewsRoot = ".."

// Every template under views/ sends the text a person reads through the
// catalogue: no literal text, shown attribute or visible prop, with brand
// names (templscan's allow-list) the only words left as they are. Nothing
// is skipped (attendance.templ, converted on its own branch, had no finding
// when this test was written); a new template is scanned by being there.
func TestTemplatesHaveNoUntranslatedText(t *testing.T) {
	found, err := templscan.Dir(viewsRoot)
	if err != nil {
		t.Fatal(err)
	}
	templates := 0
	_ = filepath.WalkDir(viewsRoot, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(path) == ".templ" {
			templates++
		}
		return nil
	})
	if templates < 10 {
		t.Fatalf("scanned %d templates under %s: not the views root", templates, viewsRoot)
	}
	for _, f := range found {
		if f.Kind == templscan.KindUnknownKey {
			continue // TestTemplateKeysAreInBothLanguages
		}
		t.Errorf("%s", f)
	}
}

// Every constant key the templates (and the Go beside them) pass to T is in
// the English and the Spanish catalogue: a typo or a forgotten entry would
// print the English key to a Spanish reader.
func TestTemplateKeysAreInBothLanguages(t *testing.T) {
	found, err := templscan.Dir(viewsRoot)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		if f.Kind == templscan.KindUnknownKey {
			t.Errorf("%s", f)
		}
	}
	// The scan does report a key missing from the catalogue.
	probe, err := templscan.Source("probe.templ", "package pages\n\ntempl Probe() {\n<p>{ i18n.T(ctx, \"A key no catalogue has\") }</p>\n}\n")
	if err != nil || len(probe) != 1 || probe[0].Kind != templscan.KindUnknownKey {
		t.Fatalf("the scan missed an unknown key: %v %v", probe, err)
	}
}
