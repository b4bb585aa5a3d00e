package handlers_test

import (
	"net/url"
	"strconv"
	"testing"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
)

// TestTrainingFormKeepsCategoriesWhenTheyCannotBeLoaded: if Factorial fails
// to list the categories when a training form is sent, the form comes back
// with the chosen categories still in it, so sending it again does not strip
// the training of its categories.
func TestTrainingFormKeepsCategoriesWhenTheyCannotBeLoaded(t *testing.T) {
	s := apptest.Start(t, apptest.WithLogLevel(8))
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	var tr factorial.Training
	for _, x := range s.Sandbox.Snapshot().Trainings {
		if len(x.CategoryIDs) > 0 {
			tr = x
			break
		}
	}
	if tr.ID == 0 {
		t.Fatal("no training with categories in the sandbox")
	}
	edit := "/trainings/" + tr.ID.String() + "/edit"
	form := formValues(apptest.Parse(t, hr.Get(edit)), "f-name")
	if len(form["category_ids"]) != len(tr.CategoryIDs) {
		t.Fatalf("edit form has categories %v, training %v", form["category_ids"], tr.CategoryIDs)
	}
	form.Set("name", "Renamed while categories fail")
	s.Sandbox.SetFaults(sandbox.Fault{Method: "GET", Path: "trainings/categories", Status: 500})
	res := hr.Post(edit, form)
	s.Sandbox.SetFaults()
	doc := apptest.Parse(t, res)
	if apptest.TestID(doc, "problem").Length() == 0 {
		t.Fatalf("status %d: no problem shown", res.StatusCode)
	}
	again := formValues(doc, "f-name")
	if again.Get("name") != "Renamed while categories fail" {
		t.Fatalf("name not kept: %q", again.Get("name"))
	}
	location(t, hr.Post(edit, again))
	saved := s.Sandbox.Snapshot().Training(tr.ID)
	if saved.Name != "Renamed while categories fail" {
		t.Fatalf("not saved: name %q", saved.Name)
	}
	if len(saved.CategoryIDs) != len(tr.CategoryIDs) {
		t.Errorf("sending the form again changed the categories from %v to %v", tr.CategoryIDs, saved.CategoryIDs)
	}
}

// Emptying the duration of a training clears it in Factorial, as emptying
// any other optional field does (the empty field was left out of the
// update, so Factorial kept the old duration while Aula said "saved").
func TestEditClearsTheDuration(t *testing.T) {
	s := apptest.Start(t)
	hr := s.SignIn(t, sandbox.PersonaHRAdmin)
	var tr factorial.Training
	for _, x := range visibleTrainings(s.Sandbox.Snapshot()) {
		if x.TotalDuration != 0 {
			tr = x
			break
		}
	}
	if tr.ID == 0 {
		t.Fatal("no training with a duration in the sandbox")
	}
	location(t, hr.Post("/trainings/"+tr.ID.String()+"/edit", url.Values{
		"name": {tr.Name}, "year": {strconv.Itoa(tr.Year)}, "description": {tr.Description}, "duration": {""},
	}))
	if got := s.Sandbox.Snapshot().Training(tr.ID).TotalDuration; got != 0 {
		t.Errorf("after emptying the duration, Factorial has %v hours", got)
	}
}
