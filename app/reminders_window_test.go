package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// seedReminders puts a garden group meeting on Saturdays (testNow is one)
// with four people on it, each reached a different way, and a follow-up
// overdue for a fifth.
func seedReminders(t *testing.T, h *harness) {
	t.Helper()
	var cs []record.Change
	add := func(kind record.Kind, id string, v any) {
		cs = append(cs, record.Change{Kind: kind, ID: id, Fields: domain.Encode(v)})
	}
	add(domain.KindStaff, "s-link", domain.Staff{Name: "Sam Patel", Role: domain.RoleLinkWorker})
	add(domain.KindStaff, "s-coord", domain.Staff{Name: "Cora Lee", Role: domain.RoleCoordinator})
	add(domain.KindVenue, "v1", domain.Venue{Name: "Riverside Garden", Address: "12 Mill Lane", Phone: "01632 960101"})
	add(domain.KindActivity, "garden", domain.Activity{Name: "Garden group", VenueID: "v1", Schedule: domain.ScheduleWeekly,
		Weekday: time.Saturday, StartDate: "2026-01-03", StartTime: "10:00", EndTime: "12:00"})
	people := []domain.Person{
		{ID: "ada", GivenName: "Ada", FamilyName: "Lovelace", ContactPreferences: []string{"phone"}, Phone: "07700 900001"},
		{ID: "bert", GivenName: "Bert", FamilyName: "Ng", ContactPreferences: []string{"letter"}, Address: "2 High St",
			Postcode: "KV2 1AA", AccessNeeds: "Large print, please"},
		{ID: "cath", GivenName: "Cath", FamilyName: "Oduya", ContactPreferences: []string{"letter"}, Address: "3 Low Rd"},
		{ID: "dan", GivenName: "Dan", FamilyName: "Price", ContactPreferences: []string{"phone"}, Phone: "07700 900004"},
		{ID: "eve", GivenName: "Eve", FamilyName: "Quinn", ContactPreferences: []string{"phone"}, Phone: "07700 900005"},
	}
	for _, p := range people {
		add(domain.KindPerson, p.ID, p)
		if p.ID != "eve" {
			add(domain.KindEnrolment, domain.EnrolmentID("garden", p.ID),
				domain.Enrolment{ActivityID: "garden", PersonID: p.ID, VenueID: "v1", Started: "2026-10-01"})
		}
	}
	for _, c := range []domain.Consent{{PersonID: "ada", Purpose: "contact by phone"}, {PersonID: "bert", Purpose: "contact by post"},
		{PersonID: "cath", Purpose: "contact by post"}, {PersonID: "eve", Purpose: "contact by phone"},
		{PersonID: "dan", Purpose: "photos"}} {
		c.Given = "2026-10-01"
		add(domain.KindConsent, domain.NewID(), c)
	}
	add(domain.KindFollowUp, "f-eve", domain.FollowUp{PersonID: "eve", Due: "2026-11-10"})
	add(domain.KindFollowUp, "f-ada", domain.FollowUp{PersonID: "ada", Due: "2027-01-10"})
	if err := h.st.Save("seed", cs...); err != nil {
		t.Fatal(err)
	}
}

func contactsFor(h *harness, personID string) []domain.Contact {
	var out []domain.Contact
	for _, r := range h.st.View().By(domain.KindContact, "person_id", personID) {
		var c domain.Contact
		r.Decode(&c)
		out = append(out, c)
	}
	return out
}

// TestRemindersCancelledPrintLogsNothing: in the real shell, cancelling
// the letters' save dialog puts nothing in anyone's contact log.
func TestRemindersCancelledPrintLogsNothing(t *testing.T) {
	h := newHarness(t, false, desktopSize)
	seedReminders(t, h)
	h.signIn(domain.RoleLinkWorker)
	h.u.ShowNav("reminders")
	root := h.w.Canvas().Content()
	var choice *widget.Select
	for _, o := range test.LaidOutObjects(root) {
		if s, ok := o.(*widget.Select); ok {
			choice = s
		}
	}
	if choice == nil {
		t.Fatal("no choice of what to remind about")
	}
	choice.SetSelected("Next session: Garden group, Saturday 28 November")
	test.Tap(uitest.Button(t, root, "Print 2 letters"))
	saveDialog(t, h)
	h.u.printDialog.Dismiss()
	if cs := contactsFor(h, "bert"); len(cs) != 0 {
		t.Errorf("a cancelled print logged %+v", cs)
	}
}
