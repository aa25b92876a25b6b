package main

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app"
	"github.com/gather-sp/gather/app/lock"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage"
)

// TestTextSizeShotsShowTheWholeFooter: the text-size pictures show what a
// person sees at that size, so the footer has Lock now and a sync problem
// with changes waiting: the things large text must make room for.
func TestTextSizeShotsShowTheWholeFooter(t *testing.T) {
	st, err := storage.Open(t.TempDir(), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 11, 21, 10, 20, 0, 0, time.Local)
	if _, err := demo.Generate(st, demo.Options{Seed: 1, Today: now}); err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	w, err := textSizeShot(a, st, now, t.TempDir(), app.TextLargest, fyne.NewSize(800, 1280))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var lock bool
	var status string
	for _, o := range test.LaidOutObjects(w.Canvas().Content()) {
		switch x := o.(type) {
		case *widget.Button:
			lock = lock || x.Text == "Lock now" && x.Visible()
		case *widget.Label:
			if strings.HasPrefix(x.Text, "Sync problem") {
				status = x.Text
			}
		}
	}
	if !lock {
		t.Error("the text-size shot has no Lock now")
	}
	// The footer says as much of it as fits on its line (the changes
	// waiting are in Settings, a tap away), at least that there is a
	// problem.
	if status == "" {
		t.Error("the text-size shot's footer does not say there is a sync problem")
	}
}

// TestReviewScenes: the scenes a review of the desk and the case needs are
// on the list, and each shows what it is for on the screenshots' own data:
// reception's card with its print buttons, matching with a group over its
// places, a waiting list and an online group, the follow-up form and the
// SWEMWBS questions in the app's frame, a card with an Absent mark.
func TestReviewScenes(t *testing.T) {
	want := map[string][]string{
		"person-reception":  {"Print info sheet", "Tom Reilly"},
		"case-reception":    {"Tom Reilly", "Consent"},
		"person-absent":     {"Absent", "Attendance"},
		"matching":          {"Over capacity: 13 enrolled for 12 places, 2 people on the waiting list", "Waiting list", "Chair yoga online", "Match to activities"},
		"follow-up":         {"Save follow-up", "Record follow-up"},
		"wellbeing-swemwbs": {"SWEMWBS", "I've been feeling optimistic about the future"},
	}
	if len(app.ReviewScenes) != len(want) {
		t.Errorf("app.ReviewScenes is %v, want the %d of %v", app.ReviewScenes, len(want), want)
	}
	st, err := storage.Open(t.TempDir(), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := seedScenes(st, sceneNow); err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	w := a.NewWindow("Gather")
	defer w.Close()
	w.Resize(fyne.NewSize(800, 1280))
	ui := app.New(a, w, app.Options{Store: st, Now: func() time.Time { return sceneNow }, PrintDir: t.TempDir(), Inline: true, Lock: sceneLock{}})
	for name, texts := range want {
		t.Run(name, func(t *testing.T) {
			if !slices.Contains(app.Scenes, name) || !slices.Contains(app.ReviewScenes, name) {
				t.Fatalf("%s is not among the scenes", name)
			}
			if err := ui.ShowScene(name); err != nil {
				t.Fatal(err)
			}
			w.Resize(fyne.NewSize(800, 1280))
			var seen []string
			for _, o := range test.LaidOutObjects(w.Canvas().Content()) {
				switch x := o.(type) {
				case *widget.Label:
					seen = append(seen, x.Text)
				case *widget.Button:
					seen = append(seen, x.Text)
				case *widget.RichText:
					seen = append(seen, x.String())
				case *canvas.Text:
					seen = append(seen, x.Text)
				}
			}
			all := strings.Join(seen, "\n")
			for _, s := range texts {
				if !strings.Contains(all, s) {
					t.Errorf("the scene does not show %q", s)
				}
			}
		})
	}
}

// TestKeysAreTheDemoStaff: the key file behind Admin › Staff and the lock
// screens (lock.DemoKeys) holds the same people as the demo the pictures
// show (demo.Staff, which the desktop app puts on a demo device's key
// file), so no picture signs in someone the key file lacks or lists staff
// the demo has never heard of;
// the administrator unlocks with the demo PIN, and one volunteer is locked
// out, for "Clear lockout".
func TestKeysAreTheDemoStaff(t *testing.T) {
	now := time.Date(2026, 11, 21, 10, 20, 0, 0, time.Local)
	kf, err := lock.DemoKeys(t.TempDir(), func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, s := range demo.Staff() {
		want[s.ID] = s.Name + " · " + s.Role
	}
	got := map[string]string{}
	for _, m := range kf.Members() {
		got[m.ID] = m.Name + " · " + m.Role
	}
	if !maps.Equal(got, want) {
		t.Errorf("the key file holds %v, the demo's staff are %v", got, want)
	}
	u, err := kf.Unlock(demo.StaffAdmin, demo.PIN)
	if err != nil {
		t.Fatalf("the demo administrator cannot unlock: %v", err)
	}
	u.Forget()
	lockedOut := 0
	for _, m := range kf.Members() {
		if st, err := kf.Status(m.ID); err != nil {
			t.Fatal(err)
		} else if st.Locked {
			lockedOut++
			if m.Role != domain.RoleVolunteer {
				t.Errorf("%s (%s) is locked out", m.Name, m.Role)
			}
		}
	}
	if lockedOut != 1 {
		t.Errorf("%d staff are locked out, want the one volunteer", lockedOut)
	}
}
