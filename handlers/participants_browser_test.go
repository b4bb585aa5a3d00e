package handlers_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/aula-hr/aula/factorial"
	"github.com/aula-hr/aula/factorial/sandbox"
	"github.com/aula-hr/aula/internal/apptest"
	"github.com/aula-hr/aula/internal/browsertest"
)

// openAsHR opens path in a new tab of the size, signed in as HR, once
// the element sel is shown.
func openAsHR(t *testing.T, s *apptest.Server, width, height int, path, sel string) *browsertest.Tab {
	t.Helper()
	tab := browsertest.Start(t, width, height)
	signInBrowser(t, tab, s, sandbox.PersonaHRAdmin)
	tab.Do(chromedp.Navigate(s.URL + path))
	tab.WaitUntilSettled(path, q(sel)+` !== null`)
	return tab
}

// rowIDs are the enrolment ids of the participant rows shown.
func rowIDs(tab *browsertest.Tab) []string {
	return browsertest.Eval[[]string](tab, `[...document.querySelectorAll('[data-testid="participant-row"]')].map(r => r.dataset.id)`)
}

// setSelect chooses value in the select sel as a person would (a change event).
func setSelect(tab *browsertest.Tab, sel, value string) {
	browsertest.Eval[bool](tab, `(() => { const s = `+q(sel)+`; s.value = `+jsString(value)+`; return s.dispatchEvent(new Event('change', {bubbles: true})) })()`)
}

// setValue sets a field's value without events (a date picker's choice).
func setValue(tab *browsertest.Tab, sel, value string) {
	browsertest.Eval[bool](tab, `(() => { `+q(sel)+`.value = `+jsString(value)+`; return true })()`)
}

// The status control chooses nothing by itself: sent as it is, it changes
// nothing and says so. Deleted asks first with the confirmation Delete…
// uses; cancelled, the training is untouched; confirmed, it is deleted.
func TestStatusControlChoosesNothingAndAsksBeforeDeleted(t *testing.T) {
	s := apptest.Start(t)
	tr := activeCatalogueTraining(t, s.Sandbox.Snapshot())
	for i, size := range bothSizes {
		t.Run(size.name, func(t *testing.T) {
			tab := openAsHR(t, s, size.width, size.height, "/trainings/"+tr.ID.String(), `#status-new`)
			if got := browsertest.Eval[string](tab, q(`#status-new`)+`.value`); got != "" {
				t.Fatalf("the status control comes with %q chosen, want nothing", got)
			}
			tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="change-status"]`)))
			tab.WaitUntilSettled("the refusal", q(`[data-testid="flash-error"]`)+` !== null`)
			if st := s.Sandbox.Snapshot().Training(tr.ID).Status; *st != factorial.TrainingActive {
				t.Fatalf("sent with nothing chosen, the status became %s", *st)
			}
			setSelect(tab, `#status-new`, "deleted")
			tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="change-status"]`)))
			tab.WaitUntilSettled("the confirmation", q(`[data-testid="confirm"]`)+` !== null`)
			if st := s.Sandbox.Snapshot().Training(tr.ID).Status; *st != factorial.TrainingActive {
				t.Fatalf("choosing Deleted deleted at once (status %s)", *st)
			}
			if !strings.Contains(tab.Text(`[data-testid="confirm-items"]`), tr.Name) {
				t.Errorf("the confirmation does not name the training: %q", tab.Text(`[data-testid="confirm"]`))
			}
			tab.Accessible("the confirmation of Deleted")
			if i == 0 {
				tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="confirm-cancel"]`)))
				tab.WaitUntilSettled("back on the training", q(`[data-testid="training-title"]`)+` !== null`)
				return
			}
			tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="confirm-button"]`)))
			tab.WaitUntilSettled("the catalogue", q(`[data-testid="flash-success"]`)+` !== null`)
			if st := s.Sandbox.Snapshot().Training(tr.ID).Status; *st != factorial.TrainingDeleted {
				t.Errorf("confirmed, the status is %s, want deleted", *st)
			}
		})
	}
}

// A completion older than the training's validity reads as expired, with
// the day it expired, not as Completed.
func TestLapsedCompletionReadsExpired(t *testing.T) {
	s := apptest.Start(t)
	tr, m := lapsedCompletion(t, s.Sandbox.Snapshot())
	for _, size := range bothSizes {
		t.Run(size.name, func(t *testing.T) {
			tab := openAsHR(t, s, size.width, size.height, "/trainings/"+tr.ID.String()+"/participants?state=expired", `[data-testid="panel-participants"]`)
			row := `[data-testid="participant-row"][data-id="` + m.ID.String() + `"]`
			if tab.Count(row) != 1 {
				t.Fatalf("the expired participant is not listed among the expired (%d rows)", tab.Count(`[data-testid="participant-row"]`))
			}
			got := tab.Text(row + ` [data-testid="participant-status"]`)
			if !strings.HasPrefix(got, "Expired on ") || strings.Contains(got, "Completed") {
				t.Errorf("a lapsed completion reads %q, want Expired on its day", got)
			}
		})
	}
}

// At 300 participants the tab shows a page of them; a name typed or a
// status chosen narrows the list at once, and the address keeps the filter
// (a reload shows the same).
func TestParticipantsFindByNameAndStatusAt300(t *testing.T) {
	s := apptest.Start(t, withStaff(80))
	tr := crowdedTraining(t, s, 300)
	var someone string
	for _, m := range membersOf(s.Sandbox.Snapshot(), tr.ID) {
		for _, e := range s.Sandbox.Snapshot().Employees {
			if e.ID == m.EmployeeID && someone == "" {
				someone = e.FullName
			}
		}
	}
	for _, size := range bothSizes {
		t.Run(size.name, func(t *testing.T) {
			tab := openAsHR(t, s, size.width, size.height, "/trainings/"+tr.ID.String()+"/participants", `[data-testid="participants-table"]`)
			if n := tab.Count(`[data-testid="participant-row"]`); n == 0 || n > 50 {
				t.Errorf("%d rows of 300 on the first page, want a page of at most 50", n)
			}
			if h := browsertest.Eval[int](tab, `document.documentElement.scrollHeight`); h > 6000 {
				t.Errorf("the tab is %d px tall at 300 participants", h)
			}
			if tab.Count(`[data-testid="pager"]`) != 1 {
				t.Error("no pager for 300 participants")
			}
			tab.InsertText(`#pt-q`, someone)
			tab.WaitUntilSettled("the name found", `location.search.includes('q=')`)
			names := browsertest.Eval[[]string](tab, `[...document.querySelectorAll('[data-testid="participant-name"]')].map(n => n.textContent.trim())`)
			if len(names) == 0 || len(names) > 3 {
				t.Fatalf("searching %q shows %q", someone, names)
			}
			for _, n := range names {
				if !strings.Contains(strings.ToLower(n), strings.ToLower(someone)) {
					t.Errorf("searching %q shows %q", someone, n)
				}
			}
			setValue(tab, `#pt-q`, "")
			setSelect(tab, `#pt-state`, "expired")
			tab.WaitUntilSettled("the expired ones", `location.search === '?state=expired'`)
			if n := tab.Count(`[data-testid="participant-row"]`); n != 30 {
				t.Errorf("%d expired shown, want 30", n)
			}
			tab.Do(chromedp.Reload())
			tab.WaitUntilSettled("the page reloaded", q(`[data-testid="participants-table"]`)+` !== null`)
			if n := tab.Count(`[data-testid="participant-row"]`); n != 30 || browsertest.Eval[string](tab, q(`#pt-state`)+`.value`) != "expired" {
				t.Errorf("after a reload %d rows, filter %q: the address lost the filter", n, browsertest.Eval[string](tab, q(`#pt-state`)+`.value`))
			}
			tab.Accessible("participants filtered")
			tab.NoCSPViolations()
		})
	}
}

// HR ticks several participants and sets one completion date for all.
func TestOneCompletionDateForTheTicked(t *testing.T) {
	s := apptest.Start(t)
	tr := busyTraining(t, s.Sandbox.Snapshot())
	for i, size := range bothSizes {
		t.Run(size.name, func(t *testing.T) {
			tab := openAsHR(t, s, size.width, size.height, "/trainings/"+tr.ID.String()+"/participants", `[data-testid="participants-table"]`)
			ids := rowIDs(tab)
			if len(ids) < 3 {
				t.Fatalf("%d participants", len(ids))
			}
			for _, id := range ids[:3] {
				tab.Do(chromedp.Click(chromedp.CSS(`#m-` + id)))
			}
			date := []string{"2026-10-05", "2026-10-06"}[i]
			setValue(tab, `#bulk-done`, date)
			tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="bulk-completion"]`)))
			tab.WaitUntilSettled("the dates saved", q(`[data-testid="flash-success"]`)+` !== null`)
			if got := tab.Text(`[data-testid="flash-success"]`); !strings.Contains(got, "3 people now have the completion date") {
				t.Errorf("the flash says %q", got)
			}
			for _, id := range ids[:3] {
				mid, _ := factorial.ParseID(id)
				if m := findMember(s, mid); m.TrainingCompletedAt == nil || m.TrainingCompletedAt.String() != date {
					t.Errorf("participant %s has completion %v, want %s", id, m.TrainingCompletedAt, date)
				}
			}
		})
	}
}

// Enrolling into a group enrols the person in the training and invites
// them to every session of the group; the form says due dates are set in
// Factorial.
func TestEnrolIntoAGroupInvitesToItsSessions(t *testing.T) {
	s := apptest.Start(t)
	st := s.Sandbox.Snapshot()
	class, sessions := groupWithSessions(t, st)
	for _, size := range bothSizes {
		t.Run(size.name, func(t *testing.T) {
			e := outsiderOf(t, s.Sandbox.Snapshot(), class.TrainingID)
			tab := openAsHR(t, s, size.width, size.height, "/trainings/"+class.TrainingID.String()+"/participants", `[data-testid="enrol-picker"]`)
			tab.Do(chromedp.Evaluate[chromedp.Void](q(`[data-testid="enrol-picker"]`) + `.open = true`))
			tab.InsertText(`#picker-q`, e.FullName)
			tab.WaitUntilSettled("the person found", q(`#enrol-`+e.ID.String())+` !== null`)
			if !strings.Contains(tab.Text(`[data-testid="enrol-form"]`), "Due dates are set in Factorial") {
				t.Error("the enrolment form does not say where due dates are set")
			}
			tab.Do(chromedp.Click(chromedp.CSS(`#enrol-` + e.ID.String())))
			setSelect(tab, `#enrol-group`, string(class.ID))
			tab.Do(chromedp.Click(chromedp.CSS(`[data-testid="enrol-selected"]`)))
			tab.WaitUntilSettled("enrolled", q(`[data-testid="flash-success"]`)+` !== null`)
			if got := tab.Text(`[data-testid="flash-success"]`); !strings.Contains(got, "invited to the") {
				t.Errorf("the flash says %q", got)
			}
			after := s.Sandbox.Snapshot()
			enrolled := false
			for _, m := range membersOf(after, class.TrainingID) {
				enrolled = enrolled || m.EmployeeID == e.ID
			}
			if !enrolled {
				t.Fatal("not enrolled in the training")
			}
			for _, ss := range sessions {
				if !invitedTo(after, ss.ID, e.ID) {
					t.Errorf("not invited to session %d of the group", ss.ID)
				}
			}
		})
	}
}

// The message of a saved completion date appears beside its row (and in a
// status region), however far down the row is; an empty date on a row that
// never had one is not "cleared".
func TestCompletionSavedBesideItsRow(t *testing.T) {
	s := apptest.Start(t)
	tr := crowdedTraining(t, s, 60)
	for _, size := range bothSizes {
		t.Run(size.name, func(t *testing.T) {
			tab := openAsHR(t, s, size.width, size.height, "/trainings/"+tr.ID.String()+"/participants?state=not-started", `[data-testid="participants-table"]`)
			ids := rowIDs(tab)
			if len(ids) < 20 {
				t.Fatalf("%d rows", len(ids))
			}
			last := ids[len(ids)-1]
			row := `#member-` + last
			tab.Do(chromedp.Click(chromedp.CSS(row + ` [data-testid="save-completion"]`)))
			tab.WaitUntilSettled("the empty date refused", q(row+` [data-testid="error-completed_at"]`)+` !== null`)
			if got := tab.Text(row); strings.Contains(got, "cleared") {
				t.Errorf("a row without a date says %q", got)
			}
			setValue(tab, `#done-`+last, "2026-11-20")
			tab.Do(chromedp.Click(chromedp.CSS(row + ` [data-testid="save-completion"]`)))
			tab.WaitUntilSettled("the date saved", q(row+` [data-testid="row-notice"]`)+` !== null`)
			if got := tab.Text(row + ` [data-testid="row-notice"]`); !strings.Contains(got, "20 Nov 2026") {
				t.Errorf("the row says %q", got)
			}
			gap := browsertest.Eval[float64](tab, `Math.abs(`+q(row+` [data-testid="row-notice"]`)+`.getBoundingClientRect().top - `+q(row)+`.getBoundingClientRect().top)`)
			if gap > 120 {
				t.Errorf("the saved message is %.0f px from its row", gap)
			}
			if got := tab.Text(`[data-testid="participants-status"]`); !strings.Contains(got, "20 Nov 2026") {
				t.Errorf("the status region says %q", got)
			}
		})
	}
}

// The sessions tab names the training once (in the heading), and a meeting
// is a "Join online" link, never a raw address.
func TestSessionsTabNamesTrainingOnceAndLinksMeetings(t *testing.T) {
	s := apptest.Start(t)
	st := s.Sandbox.Snapshot()
	var tr factorial.Training
	for _, c := range visibleTrainings(st) {
		for _, ss := range st.Sessions {
			if ss.TrainingID == c.ID && ss.Link != nil && tr.ID == 0 {
				tr = c
			}
		}
	}
	for _, size := range bothSizes {
		t.Run(size.name, func(t *testing.T) {
			tab := openAsHR(t, s, size.width, size.height, "/trainings/"+tr.ID.String()+"/sessions", `[data-testid="sessions-table"]`)
			if got := tab.Text(`[data-testid="sessions-table"] tbody`); strings.Contains(got, tr.Name) || strings.Contains(got, "https://") {
				t.Errorf("the sessions repeat the training name or print addresses: %q", excerpt(got))
			}
			links := browsertest.Eval[[]string](tab, `[...document.querySelectorAll('[data-testid="session-link"]')].map(a => a.firstChild.textContent + ' ' + a.getAttribute('href'))`)
			if len(links) == 0 {
				t.Fatal("no meeting links")
			}
			for _, l := range links {
				if !strings.HasPrefix(l, "Join online https://") {
					t.Errorf("meeting link %q", l)
				}
			}
		})
	}
}
