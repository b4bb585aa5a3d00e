// Package training holds the company's training rules that every screen
// shares (catalogue, session calendar, attendance sheet, completion review):
// a membership's state on a day, display names that survive deleted
// records, the order and clock of sessions, the label of a group, and the
// reading of records by id. It knows nothing of HTTP or HTML; facts of the
// API itself live next to the models in package factorial.
package training
