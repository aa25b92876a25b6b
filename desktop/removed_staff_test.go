package desktop

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/lock"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/device"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/sync/protocol"
)

// tryPIN types pin on staffID's PIN pad and waits for the PIN check:
// someone unlocked, or the pad says why not.
func tryPIN(t *testing.T, s *session, staffID, pin string) {
	t.Helper()
	s.gate.Screen().ShowPIN(staffID)
	typePIN(t, s.win, pin)
	tapText(t, s.win, "Unlock")
	waitFor(t, "the PIN check", func() bool { return s.gate.Current() != nil || s.gate.Screen().Message() != "" })
}

// staffHere gives the device's administrator's key file a member of
// staff with a PIN, and their staff record, as Admin › Staff does.
func staffHere(t *testing.T, s *session, m keyslot.Member, pin string) {
	t.Helper()
	keys := lock.Admin{File: s.kf, Current: s.gate.Current}
	if err := keys.AddStaff(m, pin); err != nil {
		t.Fatal(err)
	}
	if err := s.st.Save("staff-ada", domain.AddStaff(domain.Staff{ID: m.ID, Name: m.Name, Role: m.Role})); err != nil {
		t.Fatal(err)
	}
}

// arrives saves a change to a staff record as if synced from another
// device, where an administrator made it.
func arrives(t *testing.T, s *session, c record.Change) {
	t.Helper()
	if err := s.st.Save("staff-elsewhere", c); err != nil {
		t.Fatal(err)
	}
}

// TestRemovedStaffCannotUnlock: Val has a PIN on this device; an
// administrator elsewhere removes her (her staff record deleted, synced
// here). Her right PIN signs nobody in, says an administrator removed her
// access, and takes her slot off this device.
func TestRemovedStaffCannotUnlock(t *testing.T) {
	s, _ := newTestSession(t)
	staffHere(t, s, keyslot.Member{ID: "staff-val", Name: "Val Jones", Role: domain.RoleVolunteer}, "482913")
	s.gate.LockNow() // else the administrator's unlocked key file drops her slot at once
	arrives(t, s, domain.RemoveStaff("staff-val"))

	tryPIN(t, s, "staff-val", "482913")
	if cur := s.gate.Current(); cur != nil {
		t.Fatalf("a removed member of staff unlocked the device as %s (%s)", cur.ID, cur.Role)
	}
	if msg := s.gate.Screen().Message(); !strings.Contains(msg, "An administrator removed Val Jones's access") {
		t.Errorf("the refusal does not say an administrator removed her access: %q", msg)
	}
	if !strings.Contains(windowText(t, s.win), "An administrator removed Val Jones's access") {
		t.Errorf("the window does not show the refusal:\n%s", windowText(t, s.win))
	}
	shotWindow(t, s.win, "removed-staff-refused")
	// The pad was laid out before the words came: they get their lines.
	if l, ok := find[*widget.Label](t, s.win.Content(), func(l *widget.Label) bool { return strings.HasPrefix(l.Text, "An administrator removed") }); !ok {
		t.Error("no label says why")
	} else if l.Size().Height < l.MinSize().Height {
		t.Errorf("the refusal has %v of the %v high its lines need: it runs under the keys", l.Size().Height, l.MinSize().Height)
	}
	for _, m := range s.kf.Members() {
		if m.ID == "staff-val" {
			t.Error("the removed member of staff still has a slot on this device")
		}
	}
}

// TestRemovedStaffCannotOpenTheRecords: the same at the first unlock,
// with the records still closed: nothing opens, no sync starts.
func TestRemovedStaffCannotOpenTheRecords(t *testing.T) {
	s, _ := newTestSession(t)
	staffHere(t, s, keyslot.Member{ID: "staff-val", Name: "Val Jones", Role: domain.RoleVolunteer}, "482913")
	s.gate.LockNow()
	arrives(t, s, domain.RemoveStaff("staff-val"))
	// Close as the window closing does, then start again as `gather` does.
	s.stop()
	s.st, s.ui = nil, nil
	if err := s.start("", ""); err != nil {
		t.Fatal(err)
	}
	tryPIN(t, s, "staff-val", "482913")
	if s.gate.Current() != nil || s.st != nil || s.client != nil && s.ui != nil {
		t.Fatalf("a removed member of staff opened the records (signed in: %v, store open: %v)", s.gate.Current() != nil, s.st != nil)
	}
	if msg := s.gate.Screen().Message(); !strings.Contains(msg, "An administrator removed Val Jones's access") {
		t.Errorf("the refusal does not say an administrator removed her access: %q", msg)
	}
}

// TestRoleFromTheRecordOnlyLowers: a role lowered in the staff record
// (an administrator elsewhere) is the role at the next sign-in here; a
// role raised in the record alone (which any device could write) raises
// no one. Once the administrator unlocks here, the key file follows:
// the lowered role, and no slot for a removed member of staff.
func TestRoleFromTheRecordOnlyLowers(t *testing.T) {
	for _, c := range []struct {
		name, from, record, want string
	}{
		{"lowered", domain.RoleLinkWorker, domain.RoleVolunteer, domain.RoleVolunteer},
		{"raised", domain.RoleVolunteer, domain.RoleAdministrator, domain.RoleVolunteer},
		{"same", domain.RoleFacilitator, domain.RoleFacilitator, domain.RoleFacilitator},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, _ := newTestSession(t)
			staffHere(t, s, keyslot.Member{ID: "staff-fay", Name: "Fay Ng", Role: c.from}, "482913")
			s.gate.LockNow()
			arrives(t, s, domain.ChangeStaffRole("staff-fay", "Fay Ng", c.record))
			tryPIN(t, s, "staff-fay", "482913")
			if s.gate.Current() == nil {
				t.Fatalf("Fay was not let in: %q", s.gate.Screen().Message())
			}
			if got := s.ui.Staff().Role; got != c.want {
				t.Errorf("signed in as %s with the key file saying %s and the record %s; want %s", got, c.from, c.record, c.want)
			}
		})
	}
}

// TestAdministratorUnlockBringsRemovalsOntoTheKeyFile: the slots of staff
// removed or lowered elsewhere change when an administrator unlocks.
func TestAdministratorUnlockBringsRemovalsOntoTheKeyFile(t *testing.T) {
	s, _ := newTestSession(t)
	staffHere(t, s, keyslot.Member{ID: "staff-val", Name: "Val Jones", Role: domain.RoleVolunteer}, "482913")
	staffHere(t, s, keyslot.Member{ID: "staff-fay", Name: "Fay Ng", Role: domain.RoleLinkWorker}, "482914")
	arrives(t, s, domain.RemoveStaff("staff-val"))
	arrives(t, s, domain.ChangeStaffRole("staff-fay", "Fay Ng", domain.RoleFacilitator))
	s.gate.LockNow()
	tryPIN(t, s, "staff-ada", testPIN)
	waitFor(t, "the key file to follow the records", func() bool {
		roles := map[string]string{}
		for _, m := range s.kf.Members() {
			roles[m.ID] = m.Role
		}
		_, val := roles["staff-val"]
		return !val && roles["staff-fay"] == domain.RoleFacilitator
	})
}

// TestLastAdministratorIsNotRemovedThisWay: the key file's only
// administrator, their record deleted or lowered, still signs in as one
// (keyslot.ErrLastAdministrator).
func TestLastAdministratorIsNotRemovedThisWay(t *testing.T) {
	for _, c := range []record.Change{domain.RemoveStaff("staff-ada"), domain.ChangeStaffRole("staff-ada", "Ada Lovelace", domain.RoleVolunteer)} {
		t.Run(strings.Join(mapsKeys(c.Fields), ","), func(t *testing.T) {
			s, _ := newTestSession(t)
			arrives(t, s, c)
			s.gate.LockNow()
			tryPIN(t, s, "staff-ada", testPIN)
			if s.gate.Current() == nil || s.ui.Staff().Role != domain.RoleAdministrator {
				t.Fatalf("the last administrator was refused or lowered: %q", s.gate.Screen().Message())
			}
		})
	}
}

func mapsKeys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestCommandsReadTheStaffRecord: `gather report` (as the other commands,
// through openAs) refuses a PIN whose staff record is deleted, and checks
// the role the record lowers to, as the unlock screen does.
func TestCommandsReadTheStaffRecord(t *testing.T) {
	for _, c := range []struct {
		name   string
		change record.Change
		says   string
	}{
		{"removed", domain.RemoveStaff(demo.StaffLinkWorker), "An administrator removed"},
		{"demoted", domain.ChangeStaffRole(demo.StaffLinkWorker, "Priya", domain.RoleVolunteer), "is a volunteer"},
	} {
		t.Run(c.name, func(t *testing.T) {
			paths := device.PathsIn(filepath.Join(t.TempDir(), "device"))
			if err := Demo(paths, &bytes.Buffer{}); err != nil {
				t.Fatal(err)
			}
			kf, err := keyslot.Open(paths.Keys, keyslot.Options{})
			if err != nil {
				t.Fatal(err)
			}
			admin, err := kf.Unlock(demo.StaffAdmin, demo.PIN)
			if err != nil {
				t.Fatal(err)
			}
			st, err := device.OpenStore(paths, admin.Key(), storage.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := st.Save("staff-elsewhere", c.change); err != nil {
				t.Fatal(err)
			}
			st.Close()
			today := domain.DateOf(time.Now())
			out := filepath.Join(t.TempDir(), "report.zip")
			args := []string{"--from", domain.AddDays(today, -60), "--to", today, "--format", "csv", "--out", out}
			err = Report(paths, demo.StaffLinkWorker, args, strings.NewReader(demo.PIN+"\n"), &bytes.Buffer{})
			if err == nil || !strings.Contains(err.Error(), c.says) {
				t.Fatalf("gather report as a link worker %s elsewhere: %v, want it to say %q", c.name, err, c.says)
			}
			if _, serr := os.Stat(out); !os.IsNotExist(serr) {
				t.Error("the report was written anyway")
			}
		})
	}
}

// TestRemovedOnTheOfficeRefusedOnTheDesk: Val has a PIN on the reception
// desk laptop. An administrator on the office computer (enrolled as an
// administrator's) removes her from every device; the server takes it,
// and at the desk's next sync her PIN there opens nothing.
func TestRemovedOnTheOfficeRefusedOnTheDesk(t *testing.T) {
	srvStore, url := startServer(t)
	org := protocol.Scope{Organisation: true}
	office := enrolledSession(t, srvStore, url, org, domain.RoleAdministrator)
	desk := enrolledSession(t, srvStore, url, org, domain.RoleReception)
	staffHere(t, desk, keyslot.Member{ID: "staff-val", Name: "Val Jones", Role: domain.RoleVolunteer}, "482913")
	desk.gate.LockNow()
	desk.client.SyncNow()
	waitFor(t, "Val's record at the office", func() bool {
		_, ok := office.st.View().Get(domain.KindStaff, "staff-val")
		office.client.SyncNow()
		return ok
	})

	// Admin › Staff › Remove › From every device, as TestAdminRemoveFromEveryDevice drives it.
	if err := office.st.Save("staff-ada", domain.RemoveStaff("staff-val")); err != nil {
		t.Fatal(err)
	}
	office.client.SyncNow()
	waitFor(t, "the removal on the server", func() bool {
		e, err := srvStore.Entity(domain.KindStaff, "staff-val")
		return err == nil && e != nil && e.Deleted()
	})
	waitFor(t, "the removal at the desk", func() bool {
		rec, _ := staffRecord(desk.st, "staff-val")
		desk.client.SyncNow()
		return rec.Deleted
	})
	tryPIN(t, desk, "staff-val", "482913")
	if desk.gate.Current() != nil {
		t.Fatal("Val, removed at the office, unlocked the desk")
	}
	if msg := desk.gate.Screen().Message(); !strings.Contains(msg, "An administrator removed Val Jones's access") {
		t.Errorf("the desk does not say why: %q", msg)
	}
}

// TestDemotedAdministratorManagesNothingHere: Bea is an administrator on
// this device's key file; an administrator elsewhere makes her a link
// worker. Signed in here as one, she cannot back up the device nor give,
// reset or take away PINs on it: everything after sign-in reads the role
// she signed in with, not the key file's.
func TestDemotedAdministratorManagesNothingHere(t *testing.T) {
	s, _ := newTestSession(t)
	staffHere(t, s, keyslot.Member{ID: "staff-bea", Name: "Bea Khan", Role: domain.RoleAdministrator}, "482913")
	staffHere(t, s, keyslot.Member{ID: "staff-val", Name: "Val Jones", Role: domain.RoleVolunteer}, "482914")
	s.gate.LockNow()
	arrives(t, s, domain.ChangeStaffRole("staff-bea", "Bea Khan", domain.RoleLinkWorker))
	tryPIN(t, s, "staff-bea", "482913")
	if s.gate.Current() == nil || s.ui.Staff().Role != domain.RoleLinkWorker {
		t.Fatalf("Bea was not signed in as a link worker: %q", s.gate.Screen().Message())
	}

	file := filepath.Join(t.TempDir(), "bea.gatherbackup")
	if _, err := s.backUp(s.st, file); err == nil || !strings.Contains(err.Error(), "for administrator") {
		t.Errorf("Settings › Back up as a demoted administrator: %v", err)
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Error("the backup was written")
	}
	keys := lock.Admin{File: s.kf, Current: s.gate.Current}
	for _, c := range []struct {
		name string
		do   func() error
	}{
		{"add a PIN", func() error {
			return keys.AddStaff(keyslot.Member{ID: "staff-new", Name: "New", Role: domain.RoleAdministrator}, "604931")
		}},
		{"reset a PIN", func() error { return keys.ResetPIN("staff-ada", "604931") }},
		{"change a role", func() error {
			return keys.UpdateStaff(keyslot.Member{ID: "staff-val", Name: "Val Jones", Role: domain.RoleAdministrator})
		}},
		{"remove from this device", func() error { return keys.RemoveStaff("staff-val") }},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := c.do(); !errors.Is(err, keyslot.ErrNotAdministrator) {
				t.Errorf("as a demoted administrator: %v", err)
			}
		})
	}
	roles := map[string]string{}
	for _, m := range s.kf.Members() {
		roles[m.ID] = m.Role
	}
	if len(roles) != 3 || roles["staff-val"] != domain.RoleVolunteer {
		t.Errorf("the key file changed: %v", roles)
	}
	if _, err := s.kf.Unlock("staff-ada", testPIN); err != nil {
		t.Errorf("Ada's PIN: %v", err)
	}
}
