package i18n

// spanish is the Spanish translation, by English key. Aula speaks to the
// person as tú, as Factorial does in Spanish.
var spanish = map[string]text{
	// Formats and form input.
	"YYYY-MM-DD":                            msg("dd/mm/aaaa"),
	"Enter the date as %s, for example %s.": msg("Escribe la fecha como %s, por ejemplo %s."),
	"Enter a number, for example %s.":       msg("Escribe un número, por ejemplo %s."),
	"Enter an amount, for example %s.":      msg("Escribe un importe, por ejemplo %s."),

	// Language choice.
	"Language":        msg("Idioma"),
	"Language saved.": msg("Idioma guardado."),

	// Common words.
	"Save":            msg("Guardar"),
	"Cancel":          msg("Cancelar"),
	"Delete":          msg("Eliminar"),
	"Edit":            msg("Editar"),
	"Search":          msg("Buscar"),
	"Clear filters":   msg("Borrar filtros"),
	"Back":            msg("Volver"),
	"Close":           msg("Cerrar"),
	"Today":           msg("Hoy"),
	"Sign in":         msg("Iniciar sesión"),
	"Sign out":        msg("Cerrar sesión"),
	"Skip to content": msg("Saltar al contenido"),
	"Trainings":       msg("Formaciones"),
	"Sessions":        msg("Sesiones"),
	"Attendance":      msg("Asistencia"),

	// Counts.
	"%d participants": counted("%d participante", "%d participantes"),
	"%d sessions":     counted("%d sesión", "%d sesiones"),
	"%d trainings":    counted("%d formación", "%d formaciones"),
}
