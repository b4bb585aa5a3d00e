package i18n

// The messages Aula's Go code writes rather than its templates: flash
// messages, error pages and problem boxes, form errors, confirmations built
// by handlers, page titles and CSV headers. Spanish as it is written in
// Spain, speaking to the person as tú.
//
// Most English messages are their key: serverEnglish lists only the plural
// ones, and init adds the key itself for every other message of
// serverSpanish, so a message cannot be in one language only.

var serverEnglishPlurals = map[string]text{
	"%d groups":                  counted("%d group", "%d groups"),
	"%d people":                  counted("%d person", "%d people"),
	"%d people are enrolled now": counted("%d person is enrolled now", "%d people are enrolled now"),
	"%d people are not":          counted("%d person is not", "%d people are not"),
	"%d people were removed from the training.":                              counted("%d person was removed from the training.", "%d people were removed from the training."),
	"%d trainings are now hidden from the catalogue.":                        counted("%d training is now hidden from the catalogue.", "%d trainings are now hidden from the catalogue."),
	"%d trainings are now shown in the catalogue.":                           counted("%d training is now shown in the catalogue.", "%d trainings are now shown in the catalogue."),
	"%d trainings lose this category (the trainings stay): %s.":              counted("%d training loses this category (the training stays): %s.", "%d trainings lose this category (the trainings stay): %s."),
	"%d trainings were deleted.":                                             counted("%d training was deleted.", "%d trainings were deleted."),
	"Delete %d trainings":                                                    counted("Delete %d training", "Delete %d trainings"),
	"Delete %d trainings?":                                                   counted("Delete %d training?", "Delete %d trainings?"),
	"Remove %d people from “%s”?":                                            counted("Remove %d person from “%s”?", "Remove %d people from “%s”?"),
	"Remove %d people":                                                       counted("Remove %d person", "Remove %d people"),
	"and %d more":                                                            counted("and %d more", "and %d more"),
	"With them go their groups, sessions and attendance, and %d enrolments.": counted("With them go their groups, sessions and attendance, and %d enrolment.", "With them go their groups, sessions and attendance, and %d enrolments."),
}

var serverSpanish = map[string]text{
	// Counts inside other messages.
	"%d groups":                  counted("%d grupo", "%d grupos"),
	"%d people":                  counted("%d persona", "%d personas"),
	"%d people are enrolled now": counted("%d persona está inscrita ahora", "%d personas están inscritas ahora"),
	"%d people are not":          counted("%d no lo está", "%d no lo están"),
	"and %d more":                counted("y %d más", "y %d más"),

	// Error pages and problem boxes (handlers/errors.go, outcome.go).
	"Aula is not available": msg("Aula no está disponible"),
	"Aula cannot reach its session store right now. Nothing was changed. Try again in a moment.": msg("Aula no puede conectar ahora con su almacén de sesiones. No se ha cambiado nada. Vuelve a intentarlo en un momento."),
	"Not found in Factorial": msg("No está en Factorial"),
	"Factorial has no such record, or it was deleted. Nothing was changed.": msg("Factorial no tiene ese registro, o se ha eliminado. No se ha cambiado nada."),
	"Not permitted in Factorial": msg("Factorial no lo permite"),
	"Your Factorial account is not allowed to do this. Nothing was changed. Ask an HR admin if you need access.": msg("Tu cuenta de Factorial no tiene permiso para hacer esto. No se ha cambiado nada. Pide acceso a una persona administradora de RR. HH. si lo necesitas."),
	"Factorial refused the change":                   msg("Factorial ha rechazado el cambio"),
	"Nothing was changed. Factorial said: %s":        msg("No se ha cambiado nada. Factorial ha respondido: %s"),
	"Nothing was changed. Factorial gave no reason.": msg("No se ha cambiado nada. Factorial no ha dado ningún motivo."),
	"Factorial did not answer":                       msg("Factorial no ha respondido"),
	"Factorial is receiving too many requests right now. Nothing was changed. Wait a moment and try again.": msg("Factorial está recibiendo demasiadas peticiones ahora mismo. No se ha cambiado nada. Espera un momento y vuelve a intentarlo."),
	"Factorial took too long to answer. Nothing was changed. Try again in a moment.":                        msg("Factorial ha tardado demasiado en responder. No se ha cambiado nada. Vuelve a intentarlo en un momento."),
	"Factorial had a problem answering. Nothing was changed. Try again in a moment.":                        msg("Factorial ha tenido un problema al responder. No se ha cambiado nada. Vuelve a intentarlo en un momento."),
	"This form has expired": msg("Este formulario ha caducado"),
	"For your safety Aula refused this request. Nothing was changed. Reload the page and try again.": msg("Por tu seguridad, Aula ha rechazado esta petición. No se ha cambiado nada. Vuelve a cargar la página e inténtalo de nuevo."),
	"Page not found":                    msg("Página no encontrada"),
	"There is no page at this address.": msg("No hay ninguna página en esta dirección."),
	"Too much data":                     msg("Demasiados datos"),
	"The form sent more data than Aula accepts. Nothing was changed.": msg("El formulario ha enviado más datos de los que Aula acepta. No se ha cambiado nada."),
	"Too many attempts": msg("Demasiados intentos"),
	"Too many sign-in attempts from your address. Wait a minute and try again.": msg("Demasiados intentos de inicio de sesión desde tu dirección. Espera un minuto y vuelve a intentarlo."),
	"Aula is busy": msg("Aula está ocupada"),
	"Aula could not finish in time. Nothing was changed. Try again.":              msg("Aula no ha podido terminar a tiempo. No se ha cambiado nada. Vuelve a intentarlo."),
	"Aula could not handle this request":                                          msg("Aula no ha podido atender esta petición"),
	"The request was not understood. Nothing was changed.":                        msg("No se ha entendido la petición. No se ha cambiado nada."),
	"Aula could not reach Factorial. Nothing was changed. Try again in a moment.": msg("Aula no ha podido conectar con Factorial. No se ha cambiado nada. Vuelve a intentarlo en un momento."),
	"Something went wrong": msg("Algo ha fallado"),
	"Aula hit an unexpected problem. Nothing was changed. Try again; if it keeps happening, tell your administrator the reference below.": msg("Aula ha tenido un problema inesperado. No se ha cambiado nada. Vuelve a intentarlo; si sigue pasando, da a tu administrador la referencia que aparece abajo."),
	"Factorial did not confirm the change": msg("Factorial no ha confirmado el cambio"),
	"Factorial did not answer, so Aula cannot tell whether the change was made: it may not have been saved. Doing it again is safe: it cannot be made twice.": msg("Factorial no ha respondido, así que Aula no sabe si se ha hecho el cambio: puede que no se haya guardado. Volver a hacerlo es seguro: no se puede hacer dos veces."),
	"Aula cannot tell whether it was saved": msg("Aula no sabe si se ha guardado"),
	"Factorial did not answer, and Aula could not look, so it cannot tell whether it was saved. Check before trying again, so nothing is made twice.": msg("Factorial no ha respondido y Aula no ha podido comprobarlo, así que no sabe si se ha guardado. Compruébalo antes de volver a intentarlo, para no crear nada dos veces."),
	"Not saved": msg("No se ha guardado"),
	"Nothing was saved. Factorial did not answer, and Aula looked: the category is not there. Your input is kept below: try again.":   msg("No se ha guardado nada. Factorial no ha respondido y Aula lo ha comprobado: la categoría no está. Lo que escribiste sigue abajo: vuelve a intentarlo."),
	"Nothing was saved. Factorial did not answer, and Aula looked: the group is not there. Your input is kept below: try again.":      msg("No se ha guardado nada. Factorial no ha respondido y Aula lo ha comprobado: el grupo no está. Lo que escribiste sigue abajo: vuelve a intentarlo."),
	"Nothing was saved. Factorial did not answer, and Aula looked: the training is not there. Your input is kept below: try again.":   msg("No se ha guardado nada. Factorial no ha respondido y Aula lo ha comprobado: la formación no está. Lo que escribiste sigue abajo: vuelve a intentarlo."),
	"Nothing was saved. Factorial did not answer, and Aula looked: the enrolment is not there. Your input is kept below: try again.":  msg("No se ha guardado nada. Factorial no ha respondido y Aula lo ha comprobado: la inscripción no está. Lo que escribiste sigue abajo: vuelve a intentarlo."),
	"Nothing was saved. Factorial did not answer, and Aula looked: the invitation is not there. Your input is kept below: try again.": msg("No se ha guardado nada. Factorial no ha respondido y Aula lo ha comprobado: la invitación no está. Lo que escribiste sigue abajo: vuelve a intentarlo."),

	// Sign-in.
	"Signing in works only at %s, the address Aula was started with (AULA_PUBLIC_URL), and this browser cannot open it. Open Aula there, or start Aula with AULA_PUBLIC_URL set to the address you opened.":                                               msg("Solo se puede iniciar sesión en %s, la dirección con la que se arrancó Aula (AULA_PUBLIC_URL), y este navegador no puede abrirla. Abre Aula allí, o arranca Aula con AULA_PUBLIC_URL igual a la dirección que has abierto."),
	"Signing in could not finish: your browser came back to a different address than the one you started from, or it blocks cookies for this site, or the sign-in was started in another browser or more than 10 minutes ago. Open %s and sign in again.": msg("No se ha podido terminar de iniciar sesión: tu navegador ha vuelto a una dirección distinta de la de partida, o bloquea las cookies de este sitio, o el inicio de sesión empezó en otro navegador o hace más de 10 minutos. Abre %s e inicia sesión de nuevo."),
	"Signing in took too long or was started before Aula restarted. Please try again.":                                                                             msg("El inicio de sesión ha tardado demasiado o empezó antes de que Aula se reiniciara. Vuelve a intentarlo."),
	"Factorial did not let you sign in. You can try again.":                                                                                                        msg("Factorial no te ha dejado iniciar sesión. Puedes volver a intentarlo."),
	"This sign-in link is not valid any more. Please try again.":                                                                                                   msg("Este enlace de inicio de sesión ya no es válido. Vuelve a intentarlo."),
	"Factorial did not send a sign-in code. Please try again.":                                                                                                     msg("Factorial no ha enviado ningún código de inicio de sesión. Vuelve a intentarlo."),
	"Factorial did not accept the sign-in. Please try again.":                                                                                                      msg("Factorial no ha aceptado el inicio de sesión. Vuelve a intentarlo."),
	"Factorial did not answer, so you are not signed in. Try again in a moment.":                                                                                   msg("Factorial no ha respondido, así que no has iniciado sesión. Vuelve a intentarlo en un momento."),
	"Factorial did not let Aula see who you are, so you are not signed in. Ask your Factorial administrator whether Aula's application may read your credentials.": msg("Factorial no ha dejado que Aula vea quién eres, así que no has iniciado sesión. Pregunta a quien administra Factorial si la aplicación de Aula puede leer tus credenciales."),
	"Aula's address":                                                                      msg("la dirección de Aula"),
	"Paste an access token or API key.":                                                   msg("Pega un token de acceso o una clave de API."),
	"This does not look like a Factorial token or API key.":                               msg("Esto no parece un token ni una clave de API de Factorial."),
	"Factorial did not accept this token or API key. Check it and paste it again.":        msg("Factorial no ha aceptado este token o clave de API. Revísalo y vuelve a pegarlo."),
	"Factorial did not answer, so the token could not be checked. Try again in a moment.": msg("Factorial no ha respondido, así que no se ha podido comprobar el token. Vuelve a intentarlo en un momento."),
	"You are signed out.":                                                                 msg("Has cerrado la sesión."),

	// Categories.
	"Give the category a name.":                                 msg("Ponle un nombre a la categoría."),
	"A category with this name already exists.":                 msg("Ya existe una categoría con este nombre."),
	"See the categories":                                        msg("Ver las categorías"),
	"Category “%s” created.":                                    msg("Categoría «%s» creada."),
	"Category “%s” deleted.":                                    msg("Categoría «%s» eliminada."),
	"Delete the category “%s”?":                                 msg("¿Eliminar la categoría «%s»?"),
	"You are about to delete the category:":                     msg("Vas a eliminar la categoría:"),
	"Delete “%s”":                                               msg("Eliminar «%s»"),
	"No training uses it.":                                      msg("Ninguna formación la usa."),
	"%d trainings lose this category (the trainings stay): %s.": counted("%d formación pierde esta categoría (la formación se queda): %s.", "%d formaciones pierden esta categoría (las formaciones se quedan): %s."),
	"The category is deleted: it is no longer in Factorial.":    msg("La categoría está eliminada: ya no está en Factorial."),

	// Trainings.
	"Delete %s":                      msg("Eliminar %s"),
	"this training":                  msg("esta formación"),
	"Look for “%s” in the catalogue": msg("Buscar «%s» en el catálogo"),
	"Training “%s” created.":         msg("Formación «%s» creada."),
	"Training “%s” created as a draft: activate it when it is ready.": msg("Formación «%s» creada como borrador: actívala cuando esté lista."),
	"Changes to “%s” saved.":                                          msg("Cambios de «%s» guardados."),
	"The status was not changed":                                      msg("No se ha cambiado el estado"),
	"Nothing was changed. Factorial did not answer, and Aula looked: the status has not changed. Try again.":  msg("No se ha cambiado nada. Factorial no ha respondido y Aula lo ha comprobado: el estado no ha cambiado. Vuelve a intentarlo."),
	"Nothing was changed. Factorial did not answer, and Aula looked: the status is still Draft. Try again.":   msg("No se ha cambiado nada. Factorial no ha respondido y Aula lo ha comprobado: el estado sigue siendo Borrador. Vuelve a intentarlo."),
	"Nothing was changed. Factorial did not answer, and Aula looked: the status is still Active. Try again.":  msg("No se ha cambiado nada. Factorial no ha respondido y Aula lo ha comprobado: el estado sigue siendo Activa. Vuelve a intentarlo."),
	"Nothing was changed. Factorial did not answer, and Aula looked: the status is still Deleted. Try again.": msg("No se ha cambiado nada. Factorial no ha respondido y Aula lo ha comprobado: el estado sigue siendo Eliminada. Vuelve a intentarlo."),
	"Nothing was changed. Factorial did not answer, and Aula looked: the status is still %s. Try again.":      msg("No se ha cambiado nada. Factorial no ha respondido y Aula lo ha comprobado: el estado sigue siendo %s. Vuelve a intentarlo."),
	"“%s” is now Draft.":   msg("«%s» es ahora un borrador."),
	"“%s” is now Active.":  msg("«%s» está ahora activa."),
	"“%s” is now Deleted.": msg("«%s» está ahora eliminada."),
	"Factorial's answer was lost, so Aula cannot tell whether the participants were notified.": msg("Se ha perdido la respuesta de Factorial, así que Aula no sabe si se ha avisado a los participantes."),
	"Its participants were notified.":                                    msg("Se ha avisado a sus participantes."),
	"Nobody was notified.":                                               msg("No se ha avisado a nadie."),
	"Delete this training?":                                              msg("¿Eliminar esta formación?"),
	"You are about to delete, for good:":                                 msg("Vas a eliminar para siempre:"),
	"With it go %s, %s with their attendance, and the enrolments of %s.": msg("Con ella se van %s, %s con su asistencia y las inscripciones de %s."),
	"To keep the history, set the status to Deleted instead: Factorial keeps it, hidden from lists.": msg("Para conservar el historial, cambia el estado a Eliminada: Factorial la conserva, oculta en las listas."),
	"The training is deleted: it is no longer in Factorial.":                                         msg("La formación está eliminada: ya no está en Factorial."),
	"“%s” was deleted.": msg("«%s» se ha eliminado."),
	"Select at least one training first. Nothing was changed.":               msg("Selecciona primero al menos una formación. No se ha cambiado nada."),
	"%d trainings are now shown in the catalogue.":                           counted("%d formación se muestra ahora en el catálogo.", "%d formaciones se muestran ahora en el catálogo."),
	"%d trainings are now hidden from the catalogue.":                        counted("%d formación está ahora oculta en el catálogo.", "%d formaciones están ahora ocultas en el catálogo."),
	"%d trainings were deleted.":                                             counted("Se ha eliminado %d formación.", "Se han eliminado %d formaciones."),
	"The selected trainings were not changed":                                msg("No se han cambiado las formaciones seleccionadas"),
	"The selected trainings no longer exist. Nothing was changed.":           msg("Las formaciones seleccionadas ya no existen. No se ha cambiado nada."),
	"Delete %d trainings?":                                                   counted("¿Eliminar %d formación?", "¿Eliminar %d formaciones?"),
	"Delete %d trainings":                                                    counted("Eliminar %d formación", "Eliminar %d formaciones"),
	"With them go their groups, sessions and attendance, and %d enrolments.": counted("Con ellas se van sus grupos, sesiones y asistencia, y %d inscripción.", "Con ellas se van sus grupos, sesiones y asistencia, y %d inscripciones."),

	// The training form.
	"Give the training a name.":                                                                msg("Ponle un nombre a la formación."),
	"Keep the name under %d characters.":                                                       msg("El nombre debe tener menos de %d caracteres."),
	"The name contains characters that are not text.":                                          msg("El nombre contiene caracteres que no son texto."),
	"Keep the description under %d characters.":                                                msg("La descripción debe tener menos de %d caracteres."),
	"Keep the objectives under %d characters.":                                                 msg("Los objetivos deben tener menos de %d caracteres."),
	"Enter the year as four digits, between %s and %s.":                                        msg("Escribe el año con cuatro cifras, entre %s y %s."),
	"Keep the code under %d characters.":                                                       msg("El código debe tener menos de %d caracteres."),
	"Keep the provider under %d characters.":                                                   msg("El proveedor debe tener menos de %d caracteres."),
	"Only an external training has a provider: tick “External” or clear the provider.":         msg("Solo una formación externa tiene proveedor: marca «Externa» o borra el proveedor."),
	"One of the chosen categories no longer exists; choose again.":                             msg("Una de las categorías elegidas ya no existe; vuelve a elegir."),
	"The subsidised part cannot be more than the cost.":                                        msg("La parte bonificada no puede ser mayor que el coste."),
	"Enter a whole number of years between 1 and %d, or leave it empty if it does not expire.": msg("Escribe un número entero de años entre 1 y %d, o déjalo vacío si no caduca."),
	"Enter the hours as a number, for example %s or %s.":                                       msg("Escribe las horas como un número, por ejemplo %s o %s."),

	// Groups.
	"Group of %s":                                msg("Grupo de %s"),
	"See the groups of “%s”":                     msg("Ver los grupos de «%s»"),
	"Group “%s” created.":                        msg("Grupo «%s» creado."),
	"Group “%s” saved.":                          msg("Grupo «%s» guardado."),
	"Delete this group?":                         msg("¿Eliminar este grupo?"),
	"You are about to delete the group of “%s”:": msg("Vas a eliminar el grupo de «%s»:"),
	"Its costs and payment status go with it. Its sessions stay in the training, without a group; the enrolments of the training's participants stay.": msg("Con él se van sus costes y su estado de pago. Sus sesiones se quedan en la formación, sin grupo; las inscripciones de los participantes de la formación se quedan."),
	"Delete the group":                                             msg("Eliminar el grupo"),
	"The group was deleted.":                                       msg("Se ha eliminado el grupo."),
	"Enter the first day of the group.":                            msg("Escribe el primer día del grupo."),
	"Enter the last day of the group.":                             msg("Escribe el último día del grupo."),
	"The last day cannot be before the first day.":                 msg("El último día no puede ser anterior al primero."),
	"The subsidised part cannot be more than the gross cost (%s).": msg("La parte bonificada no puede ser mayor que el coste bruto (%s)."),
	"Choose whether the group is paid or pending.":                 msg("Elige si el grupo está pagado o pendiente."),

	// Participants and completion dates.
	"%d people were ticked: Aula enrols at most %d at once. Nobody was enrolled; enrol them in smaller groups.": msg("Se han marcado %d personas: Aula inscribe como mucho %d a la vez. No se ha inscrito a nadie; inscríbelas en grupos más pequeños."),
	"Tick at least one person to enrol. Nobody was enrolled.":                                                   msg("Marca al menos una persona para inscribirla. No se ha inscrito a nadie."),
	"Some people were not enrolled": msg("Algunas personas no se han inscrito"),
	"Factorial did not answer, and Aula looked: %s, %s. Those are ticked below: enrol them.":    msg("Factorial no ha respondido y Aula lo ha comprobado: %s y %s. Están marcadas abajo: inscríbelas."),
	"Tick the people to remove first. Nobody was removed.":                                      msg("Marca primero las personas que quieres quitar. No se ha quitado a nadie."),
	"%d people were removed from the training.":                                                 counted("Se ha quitado a %d persona de la formación.", "Se ha quitado a %d personas de la formación."),
	"Nobody would be removed by this. Nothing was changed.":                                     msg("Así no se quitaría a nadie. No se ha cambiado nada."),
	"Remove %d people from “%s”?":                                                               counted("¿Quitar a %d persona de «%s»?", "¿Quitar a %d personas de «%s»?"),
	"These people lose their enrolment in the training, with its due date and completion date:": msg("Estas personas pierden su inscripción en la formación, con su fecha límite y su fecha de finalización:"),
	"Remove %d people": counted("Quitar a %d persona", "Quitar a %d personas"),
	"Everyone else stays: %s. Anyone enrolled meanwhile by someone else is removed too.": msg("Los demás se quedan: %s. También se quita a quien otra persona haya inscrito mientras tanto."),
	"Nobody stays enrolled.":            msg("No se queda nadie inscrito."),
	"The completion date was not saved": msg("No se ha guardado la fecha de finalización"),
	"Nothing was saved. Factorial did not answer, and Aula looked: the completion date is not set. Your input is kept below: save it again.": msg("No se ha guardado nada. Factorial no ha respondido y Aula lo ha comprobado: la fecha de finalización no está puesta. Lo que escribiste sigue abajo: vuelve a guardarlo."),
	"Not saved: see the message above.": msg("No se ha guardado: mira el mensaje de arriba."),

	// CSV exports: header cells and words.
	"id":                   msg("id"),
	"name":                 msg("nombre"),
	"code":                 msg("código"),
	"status":               msg("estado"),
	"year":                 msg("año"),
	"categories":           msg("categorías"),
	"mandatory":            msg("obligatoria"),
	"in catalogue":         msg("en el catálogo"),
	"external":             msg("externa"),
	"provider":             msg("proveedor"),
	"participants":         msg("participantes"),
	"valid for (years)":    msg("validez (años)"),
	"duration (hours)":     msg("duración (horas)"),
	"cost (%s)":            msg("coste (%s)"),
	"subsidised cost (%s)": msg("coste bonificado (%s)"),
	"training":             msg("formación"),
	"employee id":          msg("id de empleado"),
	"email":                msg("correo electrónico"),
	"due date":             msg("fecha límite"),
	"completed on":         msg("finalizada el"),
	"valid until":          msg("válida hasta"),
	"yes":                  msg("sí"),
	"no":                   msg("no"),
	// What a record is called when it has no name of its own
	// (internal/training: names.go, order.go) and the role by the person's
	// name in the header (middleware.Role.Label).
	"A former employee":   msg("Una persona que ya no está en la empresa"),
	"A deleted training":  msg("Una formación eliminada"),
	"Group from %s":       msg("Grupo del %s"),
	"Group without dates": msg("Grupo sin fechas"),
	"HR admin":            msg("RR. HH."),
	"Trainer":             msg("Formador/a"),
	"Manager":             msg("Responsable"),
	"Employee":            msg("Empleado/a"),
}

func init() {
	en := make(map[string]text, len(serverSpanish))
	for k, m := range serverSpanish {
		if m.one == "" {
			en[k] = msg(k)
		}
	}
	for k, m := range serverEnglishPlurals {
		en[k] = m
	}
	add(en, serverSpanish)
}
