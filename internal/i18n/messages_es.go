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

	// Home pages and the overdue list.
	"Home":                             msg("Inicio"),
	"Overdue trainings":                msg("Formaciones vencidas"),
	"Hello, %s":                        msg("Hola, %s"),
	"Catalogue":                        msg("Catálogo"),
	"Active trainings":                 msg("Formaciones activas"),
	"Draft trainings":                  msg("Formaciones en borrador"),
	"Categories":                       msg("Categorías"),
	"Today's sessions":                 msg("Sesiones de hoy"),
	"No sessions today.":               msg("Hoy no hay sesiones."),
	"Overdue trainings of your people": msg("Formaciones vencidas de tu equipo"),
	"Nobody in your team is overdue.":  msg("Nadie de tu equipo tiene formaciones vencidas."),
	"%d of %d shown, mandatory trainings first.": msg("Se muestran %d de %d, primero las obligatorias."),
	"See all overdue trainings (%d)":             msg("Ver todas las formaciones vencidas (%d)"),
	"Your trainings":                             msg("Tus formaciones"),
	"You are not enrolled in any training.":      msg("No estás inscrito en ninguna formación."),
	"Upcoming sessions":                          msg("Próximas sesiones"),
	"No upcoming sessions.":                      msg("No hay próximas sesiones."),
	"Mandatory":                                  msg("Obligatoria"),
	"Overdue, due %s":                            msg("Vencida, fecha límite %s"),
	"Due %s":                                     msg("Fecha límite %s"),
	"Everyone in the company with an overdue training, mandatory trainings first, then the oldest due date.": msg("Todas las personas de la empresa con una formación vencida, primero las obligatorias y después por fecha límite más antigua."),
	"Your people's overdue trainings and your own, mandatory trainings first, then the oldest due date.":     msg("Las formaciones vencidas de tu equipo y las tuyas, primero las obligatorias y después por fecha límite más antigua."),
	"Nobody is overdue.":        msg("Nadie tiene formaciones vencidas."),
	"Pages of the overdue list": msg("Páginas de la lista de vencidas"),
	"You":                       msg("Tú"),
	"%d overdue trainings":      counted("%d formación vencida", "%d formaciones vencidas"),

	// Categories.
	"Keep the name to %d characters or fewer; this one has %d.": msg("Usa %d caracteres como máximo; este nombre tiene %d."),
	"Up to %d characters.": msg("Hasta %d caracteres."),
}
