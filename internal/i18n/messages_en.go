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

	// Home pages and the overdue list.
	"Home":                             msg("Home"),
	"Overdue trainings":                msg("Overdue trainings"),
	"Hello, %s":                        msg("Hello, %s"),
	"Catalogue":                        msg("Catalogue"),
	"Active trainings":                 msg("Active trainings"),
	"Draft trainings":                  msg("Draft trainings"),
	"Categories":                       msg("Categories"),
	"Today's sessions":                 msg("Today's sessions"),
	"No sessions today.":               msg("No sessions today."),
	"Overdue trainings of your people": msg("Overdue trainings of your people"),
	"Nobody in your team is overdue.":  msg("Nobody in your team is overdue."),
	"%d of %d shown, mandatory trainings first.": msg("%d of %d shown, mandatory trainings first."),
	"See all overdue trainings (%d)":             msg("See all overdue trainings (%d)"),
	"Your trainings":                             msg("Your trainings"),
	"You are not enrolled in any training.":      msg("You are not enrolled in any training."),
	"Upcoming sessions":                          msg("Upcoming sessions"),
	"No upcoming sessions.":                      msg("No upcoming sessions."),
	"Mandatory":                                  msg("Mandatory"),
	"Overdue, due %s":                            msg("Overdue, due %s"),
	"Due %s":                                     msg("Due %s"),
	"Everyone in the company with an overdue training, mandatory trainings first, then the oldest due date.": msg("Everyone in the company with an overdue training, mandatory trainings first, then the oldest due date."),
	"Your people's overdue trainings and your own, mandatory trainings first, then the oldest due date.":     msg("Your people's overdue trainings and your own, mandatory trainings first, then the oldest due date."),
	"Nobody is overdue.":        msg("Nobody is overdue."),
	"Pages of the overdue list": msg("Pages of the overdue list"),
	"You":                       msg("You"),
	"%d overdue trainings":      counted("%d overdue training", "%d overdue trainings"),

	// Categories.
	"Keep the name to %d characters or fewer; this one has %d.": msg("Keep the name to %d characters or fewer; this one has %d."),
	"Up to %d characters.": msg("Up to %d characters."),
}
