package i18n

// english is the English copy. Keys are the English source text, so most
// entries repeat their key; they are listed so that copy can change without
// touching the templates, and so that the catalogue tests see every key in
// every language.
var english = map[string]text{
	// Formats and form input.
	"YYYY-MM-DD":                            msg("YYYY-MM-DD"),
	"Enter the date as %s, for example %s.": msg("Enter the date as %s, for example %s."),
	"Enter a number, for example %s.":       msg("Enter a number, for example %s."),
	"Enter an amount, for example %s.":      msg("Enter an amount, for example %s."),

	// Language choice.
	"Language":        msg("Language"),
	"Language saved.": msg("Language saved."),

	// Common words.
	"Save":            msg("Save"),
	"Cancel":          msg("Cancel"),
	"Delete":          msg("Delete"),
	"Edit":            msg("Edit"),
	"Search":          msg("Search"),
	"Clear filters":   msg("Clear filters"),
	"Back":            msg("Back"),
	"Close":           msg("Close"),
	"Today":           msg("Today"),
	"Sign in":         msg("Sign in"),
	"Sign out":        msg("Sign out"),
	"Skip to content": msg("Skip to content"),
	"Trainings":       msg("Trainings"),
	"Sessions":        msg("Sessions"),
	"Attendance":      msg("Attendance"),

	// Counts.
	"%d participants": counted("%d participant", "%d participants"),
	"%d sessions":     counted("%d session", "%d sessions"),
	"%d trainings":    counted("%d training", "%d trainings"),
}
