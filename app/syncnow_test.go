package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
)

// syncNowShown reports whether Settings shows a Sync now button.
func syncNowShown(h *harness) bool {
	for _, o := range test.LaidOutObjects(h.w.Canvas().Content()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Sync now" && b.Visible() {
			return true
		}
	}
	return false
}

// TestSyncNowOnlyWithAServer: a device with no server set up (no syncer,
// or one not connected) shows no Sync now in Settings, which says instead
// who connects it; a connected device shows it, ready to tap.
func TestSyncNowOnlyWithAServer(t *testing.T) {
	for _, role := range []string{domain.RoleFacilitator, domain.RoleAdministrator} {
		t.Run(role, func(t *testing.T) {
			h := newHarness(t, true, desktopSize)
			h.u.SetMeta(map[string]string{shell.MetaDemo: ""}) // as on a real device: demo data never connects
			h.signIn(role)
			h.u.ShowNav("settings")
			s := h.u.current().(*settingsScreen)
			if syncNowShown(h) {
				t.Error("Settings shows Sync now on a device with no server set up")
			}
			if !strings.Contains(s.status.Text, "connect this device") && !strings.Contains(s.status.Text, "Connect to your organisation's server") {
				t.Errorf("Settings does not say how to set up sync: %q", s.status.Text)
			}

			fs := &fakeSyncer{status: SyncStatus{State: SyncNotConnected}, updates: make(chan struct{})}
			h.u.opts.Syncer = fs
			s.Refresh()
			if syncNowShown(h) {
				t.Error("Settings shows Sync now on a device not connected to its server")
			}

			fs.mu.Lock()
			fs.status = SyncStatus{State: SyncOffline}
			fs.mu.Unlock()
			s.Refresh()
			if !syncNowShown(h) || s.syncNowBtn.Disabled() {
				t.Error("a connected device's Settings has no Sync now to tap")
			}
		})
	}
}
