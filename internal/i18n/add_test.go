package i18n

import "testing"

// An area's own messages file adds to the catalogue; a key that is already
// there is refused, so one English text keeps one meaning.
func TestAddRefusesAKeyTwice(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("adding a key that is already in the catalogue did not panic")
		}
	}()
	add(map[string]text{"Save": msg("Save")}, map[string]text{"Save": msg("Guardar")})
}
