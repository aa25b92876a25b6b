package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// TestScenesAfterAdminDevicesAreAsAlone: the devices scenes stand in a
// server for the device list; a scene drawn after them in the same
// window (a full screenshots run) must not keep it, so its footer reads
// as when that scene is drawn alone (the demo data's "kept on this
// device, never sent"), not "Synced today" from a server this device has
// not got.
func TestScenesAfterAdminDevicesAreAsAlone(t *testing.T) {
	size := fyne.NewSize(1280, 800)
	for _, devices := range []string{"admin-devices", "admin-devices-code"} {
		for _, scene := range []string{"person-absent", "settings", "register"} {
			t.Run(devices+" then "+scene, func(t *testing.T) {
				alone := newHarness(t, true, size)
				alone.u.runAsync = func(work, done func()) { work(); done() }
				if err := alone.u.ShowScene(scene); err != nil {
					t.Fatal(err)
				}
				want := alone.u.syncLabel.Text

				h := newHarness(t, true, size)
				// As the screenshots draw: the device list loads inline.
				h.u.runAsync = func(work, done func()) { work(); done() }
				if err := h.u.ShowScene(devices); err != nil {
					t.Fatal(err)
				}
				if h.u.opts.Syncer == nil {
					t.Fatal("the devices scene stands in no server: this test tests nothing")
				}
				if err := h.u.ShowScene(scene); err != nil {
					t.Fatal(err)
				}
				if got := h.u.syncLabel.Text; got != want {
					t.Errorf("the footer after %s says %q; drawn alone, %q", devices, got, want)
				}
				if !strings.HasPrefix(want, "Demo data — kept on this device") {
					t.Errorf("drawn alone the footer says %q, want the demo data's words", want)
				}
				if h.u.opts.Syncer != nil {
					t.Errorf("the stand-in server is still the UI's syncer after %s", scene)
				}
			})
		}
	}
}
