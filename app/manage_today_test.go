package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/activities"
	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/register"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage"
)

// The activities screens (app/activities) in the whole window: what needs
// the other screens or the window's theme.

// TestManagedActivityOnToday: a weekly activity added on Activities is not
// on Today on the wrong day, and is on its day, where its register opens.
func TestManagedActivityOnToday(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleLinkWorker)
	h.u.ShowNav("activities")
	test.Tap(uitest.Button(t, h.u.current().Content(), "Add activity"))
	f := h.u.current().Content()
	uitest.Entry(t, f, "For example: Garden group").SetText("Walking football")
	venue := uitest.Select(t, f, "Choose a venue")
	venue.SetSelected(h.st.View().VenueName(demo.VenueHall))
	uitest.Select(t, f, "Choose a day").SetSelected("Monday")
	uitest.Entry(t, f, "HH:MM").SetText("18:00")
	test.Tap(uitest.Button(t, f, "Save"))
	if _, ok := h.u.current().(*activities.Screen); !ok {
		t.Fatalf("after Save: on %T; the form shows %q", h.u.current(), uitest.Texts(f))
	}
	var a domain.Activity
	for _, x := range h.st.View().Activities() {
		if x.Name == "Walking football" {
			a = x
		}
	}
	if a.ID == "" || a.VenueID != demo.VenueHall {
		t.Fatalf("saved %+v", a)
	}

	// Today: not on Saturday, there on Monday.
	h.u.ShowNav("today")
	today := h.u.current().(*register.Today)
	for _, si := range h.st.View().SessionsOfDay(today.Date(), h.u.DeviceVenues()) {
		if si.Activity.ID == a.ID {
			t.Fatal("a Monday activity shows on a Saturday")
		}
	}
	today.StepDay(1)
	today.StepDay(1)
	found := slices.IndexFunc(today.Sessions(), func(si storage.SessionInfo) bool { return si.Activity.ID == a.ID })
	if found < 0 || !strings.HasPrefix(today.DateText(), "Monday 23 November 2026") {
		t.Fatalf("not on Today on %q: %d sessions", today.DateText(), len(today.Sessions()))
	}
	today.Open(found)
	if r, ok := h.u.current().(*register.Register); !ok || r.SessionID() != domain.SessionID(a.ID, "2026-11-23") {
		t.Fatalf("its register did not open: %T", h.u.current())
	}
}
