package i18n

// The frame's messages that app.js shows, carried by every page (the flash
// region's data-no-answer-* attributes) so they are in its language.
func init() {
	add(map[string]text{
		"Aula did not answer": msg("Aula did not answer"),
		"Aula could not be reached or took too long. If you were saving a change, reload the page to see whether it was made before you try again.": msg("Aula could not be reached or took too long. If you were saving a change, reload the page to see whether it was made before you try again."),
	}, map[string]text{
		"Aula did not answer": msg("Aula no ha respondido"),
		"Aula could not be reached or took too long. If you were saving a change, reload the page to see whether it was made before you try again.": msg("No se ha podido contactar con Aula o ha tardado demasiado. Si estabas guardando un cambio, recarga la página para ver si se hizo antes de volver a intentarlo."),
	})
}
