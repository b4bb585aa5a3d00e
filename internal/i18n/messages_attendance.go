package i18n

// The attendance sheet's messages added after its first version (the rest
// are in messages_en.go and messages_es.go, where they stay).
func init() {
	add(map[string]text{
		"%d marks not saved yet": counted("%d mark not saved yet", "%d marks not saved yet"),
		"Stay signed in":         msg("Stay signed in"),
		"Sign out anyway":        msg("Sign out anyway"),
		"Sign in again":          msg("Sign in again"),
	}, map[string]text{
		"%d marks not saved yet": counted("%d marca sin guardar todavía", "%d marcas sin guardar todavía"),
		"Stay signed in":         msg("Seguir con la sesión iniciada"),
		"Sign out anyway":        msg("Cerrar sesión igualmente"),
		"Sign in again":          msg("Volver a iniciar sesión"),
	})
}
