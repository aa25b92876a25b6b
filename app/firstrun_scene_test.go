package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage/storagetest"
)

// TestFirstRunSceneIsANewDevice: the first-run scene, drawn from a store
// with the demo in it (as the screenshots are), shows the header and
// footer a new device shows on first run: no DEMO DATA before anyone
// chose the demo; with a lock, the administrator who set it up signed in
// with Lock now (StartSignedIn, as the desktop app starts), and without
// one, nobody and no Lock.
func TestFirstRunSceneIsANewDevice(t *testing.T) {
	for _, withLock := range []bool{true, false} {
		name := "no lock"
		if withLock {
			name = "lock"
		}
		t.Run(name, func(t *testing.T) {
			// The real thing: a new, empty device.
			a := test.NewTempApp(t)
			w := a.NewWindow("Gather")
			w.Resize(desktopSize)
			opts := Options{Store: storagetest.Open(t), Now: func() time.Time { return testNow }, PrintDir: t.TempDir(), Demo: func() error { return nil }}
			if withLock {
				opts.Lock = &fakeLock{idle: 5 * time.Minute}
			}
			real := New(a, w, opts)
			if withLock {
				real.StartSignedIn(domain.Staff{ID: "staff-new", Name: "Alex Morgan", Role: domain.RoleAdministrator})
			} else {
				real.Start()
			}
			if _, ok := real.current().(*firstRunScreen); !ok {
				t.Fatalf("a new device shows %T, not first run", real.current())
			}

			// The scene, on the demo.
			h := newHarness(t, true, desktopSize)
			if withLock {
				h.u.opts.Lock = &fakeLock{idle: 5 * time.Minute}
				h.u.lockBtn.Show()
			} else {
				h.u.lockBtn.Hide()
			}
			h.signIn(domain.RoleFacilitator) // a scene before it left someone signed in
			if err := h.u.ShowScene("first-run"); err != nil {
				t.Fatal(err)
			}
			uitest.Shot(t, h.w, "first-run-scene-"+name)
			for _, c := range []struct {
				what        string
				scene, real fyne.CanvasObject
			}{
				{"DEMO DATA", h.u.demoChip, real.demoChip},
				{"the staff button", h.u.staffBtn, real.staffBtn},
				{"Lock now", h.u.lockBtn, real.lockBtn},
			} {
				if c.scene.Visible() != c.real.Visible() {
					t.Errorf("the scene shows %s %v, a new device %v", c.what, c.scene.Visible(), c.real.Visible())
				}
			}
			if withLock && h.u.staff.Role != domain.RoleAdministrator {
				t.Errorf("the scene has %q (%s) signed in, not the administrator who set the lock up", h.u.staff.Name, h.u.staff.Role)
			}
		})
	}
}
