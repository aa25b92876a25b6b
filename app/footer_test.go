package app

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
)

// footerHarness is a signed-in UI with a lock (so "Lock now" is on show), a
// long staff name and a sync problem with changes waiting: the longest
// footer a person sees.
func footerHarness(t *testing.T, size fyne.Size, textSize string) *harness {
	t.Helper()
	h := newHarness(t, true, size)
	h.u.opts.Lock = &fakeLock{idle: 5 * time.Minute}
	h.u.lockBtn.Show()
	h.u.opts.Syncer = &fakeSyncer{status: SyncStatus{State: SyncError, Pending: 12, Err: errors.New("connection refused"),
		LastSynced: testNow.Add(-26 * time.Hour), Server: "https://gather.example.org"}, updates: make(chan struct{})}
	h.signIn(domain.RoleFacilitator)
	h.u.staff.Name = "Bev Okafor-Whitfield"
	h.u.SetAppearance(textSize, AppearanceLight)
	h.w.Resize(size)
	h.u.Refresh()
	return h
}

// TestFooterDoesNotOverlap: at every text size, on a portrait and a
// landscape tablet, the footer's sync status, the staff button and "Lock
// now" each have their own space, inside the window; the status's words
// fit the space they have; and Lock is a whole, full-size target.
func TestFooterDoesNotOverlap(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(800, 1280), fyne.NewSize(1280, 800), fyne.NewSize(600, 960)} {
		for _, ts := range []string{TextNormal, TextLarge, TextLargest} {
			t.Run(fmt.Sprintf("%.0fx%.0f/%s", size.Width, size.Height, ts), func(t *testing.T) {
				h := footerHarness(t, size, ts)
				d := fyne.CurrentApp().Driver()
				width := h.w.Canvas().Size().Width
				type box struct {
					name     string
					pos      fyne.Position
					size     fyne.Size
					min      fyne.Size
					isButton bool
				}
				var boxes []box
				for _, o := range h.u.footRow.Objects {
					if !o.Visible() {
						continue
					}
					name := "sync status"
					if b, ok := o.(*widget.Button); ok {
						name = b.Text
					}
					boxes = append(boxes, box{name, d.AbsolutePositionForObject(o), o.Size(), o.MinSize(), name != "sync status"})
				}
				if len(boxes) != 3 {
					t.Fatalf("the footer shows %d things, want the status, the staff button and Lock", len(boxes))
				}
				for i, a := range boxes {
					if a.pos.X < -0.5 || a.pos.X+a.size.Width > width+0.5 {
						t.Errorf("%q runs from %.0f to %.0f, outside the window's %.0f", a.name, a.pos.X, a.pos.X+a.size.Width, width)
					}
					if a.isButton && (a.size.Width+0.5 < a.min.Width || a.size.Height+0.5 < a.min.Height) {
						t.Errorf("%q is %v, smaller than its %v", a.name, a.size, a.min)
					}
					for _, b := range boxes[i+1:] {
						if a.pos.X < b.pos.X+b.size.Width-0.5 && b.pos.X < a.pos.X+a.size.Width-0.5 &&
							a.pos.Y < b.pos.Y+b.size.Height-0.5 && b.pos.Y < a.pos.Y+a.size.Height-0.5 {
							t.Errorf("%q (%v %v) and %q (%v %v) overlap", a.name, a.pos, a.size, b.name, b.pos, b.size)
						}
					}
				}
				// The status's words fit its label, every line of them.
				l := h.u.syncLabel
				need := float32(0)
				for _, line := range strings.Split(l.Text, "\n") {
					need = fyne.Max(need, fyne.MeasureText(line, theme.TextSize(), l.TextStyle).Width)
				}
				need += 2 * theme.Size(theme.SizeNameInnerPadding)
				if lp := d.AbsolutePositionForObject(l); lp.X+need > width+0.5 || l.Size().Width+0.5 < need || l.Size().Height+0.5 < l.MinSize().Height {
					t.Errorf("the status %q needs %.0f×%.0f and has %v at x %.0f", l.Text, need, l.MinSize().Height, l.Size(), lp.X)
				}
				// The footer keeps to one line, the status said more briefly
				// as room runs short (all of it is a tap away, in
				// Settings), and to two (the status over the buttons) only
				// when even "Sync problem" does not fit beside them.
				const (
					full     = "Sync problem — your work is saved here · 12 changes waiting to send · last synced yesterday at 08:20"
					waiting  = "Sync problem — your work is saved here · 12 changes waiting to send"
					headline = "Sync problem — your work is saved here"
					short    = "Sync problem"
				)
				want := map[string]struct {
					text   string
					oneRow bool
				}{
					"800x1280/normal": {headline, true}, "800x1280/large": {short, true}, "800x1280/largest": {headline, false},
					"1280x800/normal": {full, true}, "1280x800/large": {waiting, true}, "1280x800/largest": {headline, true},
					"600x960/normal": {short, true}, "600x960/large": {headline, false}, "600x960/largest": {headline, false},
				}[fmt.Sprintf("%.0fx%.0f/%s", size.Width, size.Height, ts)]
				oneRow := d.AbsolutePositionForObject(l).Y+l.Size().Height > d.AbsolutePositionForObject(h.u.lockBtn).Y+0.5
				if l.Text != want.text || oneRow != want.oneRow {
					t.Errorf("the footer says %q on one row with the buttons %v, want %q, %v", l.Text, oneRow, want.text, want.oneRow)
				}
				// Lock is a target a finger can hit, and the footer stays within the window.
				if lk := h.u.lockBtn; lk.Size().Height+0.5 < lk.MinSize().Height {
					t.Errorf("Lock now is %v", lk.Size())
				}
				if bottom := d.AbsolutePositionForObject(h.u.footer).Y + h.u.footer.Size().Height; bottom > h.w.Canvas().Size().Height+0.5 {
					t.Errorf("the footer ends at %.0f, below the window's %.0f", bottom, h.w.Canvas().Size().Height)
				}
				name := fmt.Sprintf("footer-%.0fx%.0f-%s", size.Width, size.Height, ts)
				uitest.Shot(t, h.w, name)
				h.u.ShowNav("settings")
				uitest.Shot(t, h.w, name+"-settings")
			})
		}
	}
}

// TestSyncWordsSayWhatIsSetUp: with no server set up the footer and
// Settings both say so (not "offline", which would blame the signal); a
// device with a server it cannot reach says "Offline"; both say what waits
// and when the device last synced, in the same words.
func TestSyncWordsSayWhatIsSetUp(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	h.u.SetMeta(map[string]string{shell.MetaDemo: ""}) // a real device (TestDemoDeviceSaysNothingWaitsToBeSent)
	h.signIn(domain.RoleAdministrator)
	// Tapping the words opens Settings, where they are said at length.
	test.TapCanvas(h.w.Canvas(), fyne.CurrentApp().Driver().AbsolutePositionForObject(h.u.syncLabel).AddXY(10, 10))
	s, ok := h.u.current().(*settingsScreen)
	if !ok {
		t.Fatal("tapping the sync status did not open Settings")
	}
	if got := h.u.syncLabel.Text; got != "Not set up to sync — saved on this device" {
		t.Errorf("no server: the footer says %q", got)
	}
	if !strings.HasPrefix(s.status.Text, "Not set up to sync — saved on this device.") {
		t.Errorf("no server: Settings says %q", s.status.Text)
	}

	fs := &fakeSyncer{status: SyncStatus{State: SyncOffline, Pending: 12, LastSynced: testNow.Add(-2 * time.Hour),
		Server: "https://gather.example.org"}, updates: make(chan struct{})}
	h.u.opts.Syncer = fs
	h.u.Refresh()
	want := "Offline — saved on this device · 12 changes waiting to send · last synced today at 08:20"
	if got := h.u.syncLabel.Text; got != want {
		t.Errorf("offline: the footer says %q, want %q", got, want)
	}
	for _, line := range []string{"Offline — saved on this device.", "12 changes waiting to send.", "Last synced today at 08:20."} {
		if !strings.Contains(s.status.Text, line) {
			t.Errorf("offline: Settings says %q, without %q", s.status.Text, line)
		}
	}

	fs.mu.Lock()
	fs.status = SyncStatus{State: SyncNotConnected, Server: "https://gather.example.org"}
	fs.mu.Unlock()
	h.u.Refresh()
	if got := h.u.syncLabel.Text; got != "Not set up to sync — saved on this device" {
		t.Errorf("not enrolled: the footer says %q", got)
	}
	if !strings.HasPrefix(s.status.Text, "Not set up to sync") {
		t.Errorf("not enrolled: Settings says %q", s.status.Text)
	}
}

// TestDeviceSettingsAreForThoseWhoSetDevicesUp: volunteers and
// facilitators see which server and venues the device has and who may
// change them, but no server form or venue boxes to change; an
// administrator has both.
func TestDeviceSettingsAreForThoseWhoSetDevicesUp(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	h.u.SetMeta(map[string]string{shell.MetaDemo: ""}) // as on a real device: demo data never connects
	h.u.opts.Syncer = &fakeSyncer{status: SyncStatus{State: SyncNotConnected}, updates: make(chan struct{})}
	h.u.setDeviceVenues([]string{"demo-venue-gallery"})
	for _, role := range []string{domain.RoleVolunteer, domain.RoleFacilitator} {
		h.signIn(role)
		h.u.ShowNav("settings")
		s := h.u.current().(*settingsScreen)
		root := h.w.Canvas().Content()
		if s.connectForm.Visible() || s.connectBtn.Visible() || uitest.Shows(root, "Server address") {
			t.Errorf("%s: Settings offers the server form", role)
		}
		if s.venues.Visible() && !s.venues.Disabled() {
			t.Errorf("%s: Settings offers the venue boxes", role)
		}
		uitest.MustShow(t, root, "This device shows Vale Gallery. An administrator or a coordinator can change this.",
			"An administrator can connect this device to your organisation's server, to share registers with colleagues.")
		// Nothing they could reach changes the venues.
		s.venues.Selected = nil
		s.onVenues()
		if got := h.u.DeviceVenues(); len(got) != 1 {
			t.Errorf("%s: the device's venues became %v", role, got)
		}
	}
	h.signIn(domain.RoleAdministrator)
	h.u.ShowNav("settings")
	s := h.u.current().(*settingsScreen)
	if !s.connectForm.Visible() || !s.connectBtn.Visible() {
		t.Error("administrator: no server form")
	}
	if !s.venues.Visible() || s.venues.Disabled() {
		t.Error("administrator: no venue boxes")
	}
	test.Tap(s.connectBtn) // with nothing typed: asks for the address and code
	if !strings.Contains(s.connectMsg.Text, "server address") {
		t.Errorf("administrator: Connect says %q", s.connectMsg.Text)
	}
}

// TestSettingsFitAPortraitTabletAtLargestText: at the largest text the
// light-or-dark and text-size choices, and the words about the device's
// venues, stay inside an 800 px wide window instead of running off it.
func TestSettingsFitAPortraitTabletAtLargestText(t *testing.T) {
	h := footerHarness(t, fyne.NewSize(800, 1280), TextLargest)
	h.u.ShowNav("settings")
	s := h.u.current().(*settingsScreen)
	d := fyne.CurrentApp().Driver()
	width := h.w.Canvas().Size().Width
	for _, o := range []fyne.CanvasObject{s.textSize, s.appearance, s.venuesSet} {
		if right := d.AbsolutePositionForObject(o).X + o.Size().Width; right > width+0.5 {
			t.Errorf("%T ends at %.0f, past the window's %.0f", o, right, width)
		}
	}
}

// TestDemoDeviceSaysNothingWaitsToBeSent: a device holding demo data
// never connects, so the footer and Settings call it demo data kept
// here, not "1083 changes waiting to send" (every made-up record the
// demo wrote, counted as work at risk).
func TestDemoDeviceSaysNothingWaitsToBeSent(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	h.u.SetMeta(map[string]string{shell.MetaDemo: "true"})
	h.u.opts.Syncer = &fakeSyncer{status: SyncStatus{State: SyncNotConnected, Pending: 1083,
		Err: errors.New("This device is not connected to a server. In Settings, enter the server address and the connection code from your administrator.")},
		updates: make(chan struct{})}
	h.signIn(domain.RoleAdministrator)
	h.u.ShowNav("settings")
	if got, want := h.u.syncLabel.Text, "Demo data — kept on this device, never sent"; got != want {
		t.Errorf("the footer says %q, want %q", got, want)
	}
	root := h.w.Canvas().Content()
	uitest.MustShow(t, root, "Demo data — kept on this device, never sent.", demoNeverConnects)
	for _, never := range []string{"waiting to send", "enter the server address"} {
		if uitest.Shows(root, never) {
			t.Errorf("a demo device says %q", never)
		}
	}
}
