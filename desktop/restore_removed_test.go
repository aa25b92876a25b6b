package desktop

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/device"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/sync/protocol"
)

// TestRestoredDeskRefusesStaffRemovedAfterItsBackup: Val has a PIN on the
// reception desk when it is backed up; the office then removes her from
// every device. The desk is lost and its backup restored on a new
// computer, whose key file still holds Val's slot from then. Once the
// restored desk has synced, her old PIN opens nothing there, and the
// unlock screen says an administrator removed her: an old backup brings
// back no one the organisation has removed since.
func TestRestoredDeskRefusesStaffRemovedAfterItsBackup(t *testing.T) {
	srvStore, url := startServer(t)
	org := protocol.Scope{Organisation: true}
	office := enrolledSession(t, srvStore, url, org, domain.RoleAdministrator)
	desk := enrolledSession(t, srvStore, url, org, domain.RoleReception)
	staffHere(t, desk, keyslot.Member{ID: "staff-val", Name: "Val Jones", Role: domain.RoleVolunteer}, "482913")
	desk.client.SyncNow()
	waitFor(t, "Val's record at the office", func() bool {
		_, ok := office.st.View().Get(domain.KindStaff, "staff-val")
		office.client.SyncNow()
		return ok
	})
	file := filepath.Join(t.TempDir(), "desk.gatherbackup")
	if _, err := desk.backUp(desk.st, file); err != nil {
		t.Fatal(err)
	}
	desk.stop() // the desk is lost
	desk.st = nil

	if err := office.st.Save("staff-ada", domain.RemoveStaff("staff-val")); err != nil {
		t.Fatal(err)
	}
	office.client.SyncNow()
	waitFor(t, "the removal on the server", func() bool {
		e, err := srvStore.Entity(domain.KindStaff, "staff-val")
		return err == nil && e != nil && e.Deleted()
	})

	a := test.NewTempApp(t)
	w := a.NewWindow("Gather")
	w.Resize(fyne.NewSize(1280, 800))
	r := bareSession(t, a, w, device.PathsIn(filepath.Join(t.TempDir(), "new computer")))
	u, _, err := restoreFile(r.paths, file, "staff-ada", testPIN)
	if err != nil {
		t.Fatal(err)
	}
	r.openRestored(u)
	if r.st == nil {
		t.Fatalf("the restored desk did not open:\n%s", windowText(t, w))
	}
	waitFor(t, "the removal at the restored desk", func() bool {
		rec, _ := staffRecord(r.st, "staff-val")
		r.client.SyncNow()
		return rec.Deleted
	})
	r.gate.LockNow()
	tryPIN(t, r, "staff-val", "482913")
	if r.gate.Current() != nil {
		t.Fatal("Val, removed after the backup, unlocked the restored desk with her PIN from then")
	}
	if msg := r.gate.Screen().Message(); !strings.Contains(msg, "An administrator removed Val Jones's access") {
		t.Errorf("the restored desk does not say why: %q", msg)
	}
}
