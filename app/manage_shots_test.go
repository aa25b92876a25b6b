package app

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/activities"
	"github.com/gather-sp/gather/app/internal/uitest"
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
	today := h.u.current().(*todayScreen)
	for _, si := range h.st.View().SessionsOfDay(today.date, h.u.DeviceVenues()) {
		if si.Activity.ID == a.ID {
			t.Fatal("a Monday activity shows on a Saturday")
		}
	}
	test.Tap(today.nextBtn)
	test.Tap(today.nextBtn)
	found := slices.IndexFunc(today.sessions, func(si storage.SessionInfo) bool { return si.Activity.ID == a.ID })
	if found < 0 || !strings.HasPrefix(today.dateLabel.Text, "Monday 23 November 2026") {
		t.Fatalf("not on Today on %q: %d sessions", today.dateLabel.Text, len(today.sessions))
	}
	test.Tap(today.openBtns[found])
	if r, ok := h.u.current().(*registerScreen); !ok || r.sessionID != domain.SessionID(a.ID, "2026-11-23") {
		t.Fatalf("its register did not open: %T", h.u.current())
	}
}

// TestManageScreenshots renders the forms when GATHER_MANAGE_SHOTS names a
// folder, to look at them.
func TestManageScreenshots(t *testing.T) {
	dir := os.Getenv("GATHER_MANAGE_SHOTS")
	if dir == "" {
		t.Skip("set GATHER_MANAGE_SHOTS to a folder to write the pictures")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	shot := func(h *harness, name string) {
		t.Helper()
		img := h.w.Canvas().Capture()
		fh, err := os.Create(filepath.Join(dir, name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		defer fh.Close()
		if err := png.Encode(fh, img); err != nil {
			t.Fatal(err)
		}
	}
	tap := func(h *harness, text string) {
		t.Helper()
		test.Tap(uitest.Button(t, h.u.current().Content(), text))
	}
	activitiesScreen := func(h *harness) *activities.Screen {
		h.u.ShowNav("activities")
		return h.u.current().(*activities.Screen)
	}
	var was domain.Activity
	for _, size := range []fyne.Size{desktopSize, fyne.NewSize(800, 1280)} {
		suffix := fmt.Sprintf("-%dx%d", int(size.Width), int(size.Height))
		h := newHarness(t, true, size)
		h.signIn(domain.RoleLinkWorker)
		if r, ok := h.st.View().Get(domain.KindActivity, garden); ok {
			r.Decode(&was)
		}
		activitiesScreen(h)
		shot(h, "activities"+suffix)
		activitiesScreen(h).Edit(garden)
		f := h.u.current().Content()
		shot(h, "activity-form"+suffix)
		f.(*container.Scroll).ScrollToBottom()
		shot(h, "activity-form-bottom"+suffix)
		uitest.Entry(t, f, was.Name).SetText("")
		uitest.Entry(t, f, was.StartTime).SetText("25:00")
		tap(h, "Save")
		shot(h, "activity-form-problem"+suffix)
		tap(h, "Archive this activity")
		shot(h, "activity-archive"+suffix)
		h.w.Canvas().Overlays().Remove(h.w.Canvas().Overlays().Top())
		tap(h, "Cancel")
		test.Tap(h.u.leaving.leave) // what was typed is thrown away
		test.Tap(uitest.Button(t, activitiesScreen(h).Content(), "Add activity"))
		shot(h, "activity-new"+suffix)
		tap(h, "Cancel")
		test.Tap(uitest.Button(t, activitiesScreen(h).Content(), "Venues"))
		shot(h, "venues"+suffix)
		i := slices.IndexFunc(h.st.View().Venues(), func(x domain.Venue) bool { return x.ID == demo.VenueGarden })
		test.Tap(uitest.Buttons(h.u.current().Content(), "Edit")[i])
		shot(h, "venue-form"+suffix)

		// At the largest text size.
		h.u.SetAppearance(TextLargest, AppearanceDark)
		test.Tap(h.u.backBtn)
		test.Tap(h.u.backBtn)
		activitiesScreen(h).Edit(garden)
		shot(h, "activity-form-largest"+suffix)
		h.u.current().Content().(*container.Scroll).ScrollToBottom()
		shot(h, "activity-form-largest-bottom"+suffix)
	}
}
