package i18n

import "testing"

// The server's counted messages take the right form in both languages, and
// every other English message is its key.
func TestServerMessages(t *testing.T) {
	for _, tc := range []struct {
		l    Locale
		key  string
		args []any
		want string
	}{
		{Spanish, "%d trainings were deleted.", []any{1}, "Se ha eliminado 1 formación."},
		{Spanish, "%d trainings were deleted.", []any{3}, "Se han eliminado 3 formaciones."},
		{English, "%d trainings were deleted.", []any{1}, "1 training was deleted."},
		{English, "%d trainings were deleted.", []any{1234}, "1,234 trainings were deleted."},
		{Spanish, "Remove %d people from “%s”?", []any{1, "Incendios"}, "¿Quitar a 1 persona de «Incendios»?"},
		{English, "Remove %d people from “%s”?", []any{2, "Fire"}, "Remove 2 people from “Fire”?"},
		{Spanish, "%d people", []any{0}, "0 personas"},
		{English, "%d groups", []any{1}, "1 group"},
		{Spanish, "Category “%s” created.", []any{"Prevención"}, "Categoría «Prevención» creada."},
		{English, "Category “%s” created.", []any{"Safety"}, "Category “Safety” created."},
		{Spanish, "Nothing was changed. Factorial said: %s", []any{"100% done"}, "No se ha cambiado nada. Factorial ha respondido: 100% done"},
		{Spanish, "cost (%s)", []any{"EUR"}, "coste (EUR)"},
	} {
		if got := tc.l.T(tc.key, tc.args...); got != tc.want {
			t.Errorf("%s %q %v: %q, want %q", tc.l, tc.key, tc.args, got, tc.want)
		}
	}
	for k, m := range serverSpanish {
		if m.one == "" && English.T(k) != k && verbs(k) == nil {
			t.Errorf("English %q is not its key: %q", k, English.T(k))
		}
	}
}
