package desktop

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/device"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

const tabletBeaPIN = "482915"

// beaBackup is a backup of a device with two administrators, Ada and
// Bea, whose records hold June and, last, change (an administrator
// elsewhere removing or demoting one of them, synced before the backup).
func beaBackup(t *testing.T, change record.Change) string {
	return adaAndBeaBackup(t, false, change)
}

// adaAndBeaBackup is a backup of a device with two administrators, Ada
// and Bea, whose records hold their staff records, June and then
// changes; lockBea: five wrong PINs locked Bea's slot before the backup.
func adaAndBeaBackup(t *testing.T, lockBea bool, changes ...record.Change) string {
	t.Helper()
	old := device.PathsIn(filepath.Join(t.TempDir(), "old"))
	os.MkdirAll(old.Dir, 0o700)
	ada := keyslot.Member{ID: "ada", Name: "Ada Admin", Role: domain.RoleAdministrator}
	bea := keyslot.Member{ID: "bea", Name: "Bea Khan", Role: domain.RoleAdministrator}
	opts := keyslot.Options{Params: keyslot.TestParams, Lockout: keyslot.Lockout{Delays: []time.Duration{0}}}
	kf, admin, err := keyslot.Create(old.Keys, ada, tabletAdminPIN, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := kf.AddStaff(admin, bea, tabletBeaPIN); err != nil {
		t.Fatal(err)
	}
	if lockBea {
		for range 5 {
			if _, err := kf.Unlock("bea", "000001"); err == nil {
				t.Fatal("a wrong PIN opened the key file")
			}
		}
		if _, err := kf.Unlock("bea", tabletBeaPIN); err != keyslot.ErrLockedOut {
			t.Fatalf("Bea's slot after five wrong PINs: %v, want it locked", err)
		}
	}
	st, err := device.OpenStore(old, admin.Key(), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []record.Change{
		domain.AddStaff(domain.Staff{ID: ada.ID, Name: ada.Name, Role: ada.Role}),
		domain.AddStaff(domain.Staff{ID: bea.ID, Name: bea.Name, Role: bea.Role}),
		{Kind: domain.KindPerson, ID: "p-june", Fields: map[string]string{"given_name": "June"}},
	} {
		if err := st.Save("ada", c); err != nil {
			t.Fatal(err)
		}
	}
	if len(changes) > 0 {
		if err := st.Save("staff-elsewhere", changes...); err != nil {
			t.Fatal(err)
		}
	}
	st.SetMeta(map[string][]byte{"ui.setup": []byte("local")})
	st.Close()
	file := filepath.Join(t.TempDir(), "old.gatherbackup")
	if err := Backup(old, "ada", []string{"--out", file}, strings.NewReader(tabletAdminPIN+"\n"), &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestRestoreReadsTheStaffRecord: restoring a device takes the role from
// the backup's key file and the staff record in its records, as the
// unlock screen does. Bea, an administrator on the key file whom an
// administrator elsewhere removed or made a link worker, is refused, with
// words that say why, and the folder is left as it was (records set aside
// there, and a wipe's mark, too), so Ada can restore into it.
func TestRestoreReadsTheStaffRecord(t *testing.T) {
	for _, c := range []struct {
		name   string
		change record.Change
		says   string
	}{
		{"removed", domain.RemoveStaff("bea"), "An administrator removed Bea Khan's access"},
		{"demoted", domain.ChangeStaffRole("bea", "Bea Khan", domain.RoleLinkWorker), "Bea Khan is a link worker"},
	} {
		t.Run(c.name, func(t *testing.T) {
			file := beaBackup(t, c.change)
			paths := device.PathsIn(filepath.Join(t.TempDir(), "new"))
			aside := filepath.Join(paths.Dir, "store-unreadable-20261102-101500")
			os.MkdirAll(aside, 0o700)
			os.WriteFile(filepath.Join(aside, "MANIFEST"), []byte("old"), 0o600)
			os.WriteFile(paths.Wiped, []byte("2026-11-02T10:15:00Z\n"), 0o600)

			u, _, err := restoreFile(paths, file, "bea", tabletBeaPIN)
			if err == nil {
				u.Forget()
				t.Fatalf("Bea, %s elsewhere, restored the device", c.name)
			}
			if !strings.Contains(err.Error(), c.says) || !strings.Contains(err.Error(), "Nothing was restored") {
				t.Errorf("the refusal: %v; want it to say %q and that nothing was restored", err, c.says)
			}
			if paths.IsSetUp() {
				t.Error("a refused restore wrote a key file")
			}
			if err := device.CheckEmpty(paths); err != nil {
				t.Errorf("a refused restore left records behind: %v", err)
			}
			if b, err := os.ReadFile(filepath.Join(aside, "MANIFEST")); err != nil || string(b) != "old" {
				t.Errorf("the records set aside: %q %v", b, err)
			}
			if _, err := os.Stat(paths.Wiped); err != nil {
				t.Errorf("the wipe's mark: %v", err)
			}

			u, _, err = restoreFile(paths, file, "ada", tabletAdminPIN)
			if err != nil {
				t.Fatalf("Ada's restore after Bea's was refused: %v", err)
			}
			u.Forget()
		})
	}
}

// TestRestoreScreenRefusesADemotedAdministrator: on first run's restore
// screen, Bea (an administrator in the backup's key file, a link worker
// by her record in it) is refused in words that say so, and nothing is
// restored; Ada's PIN then restores the device and opens it signed in as
// an administrator.
func TestRestoreScreenRefusesADemotedAdministrator(t *testing.T) {
	file := beaBackup(t, domain.ChangeStaffRole("bea", "Bea Khan", domain.RoleLinkWorker))
	a := test.NewTempApp(t)
	w := a.NewWindow("Gather")
	w.Resize(fyne.NewSize(1280, 800))
	paths := device.PathsIn(filepath.Join(t.TempDir(), "new"))
	s := bareSession(t, a, w, paths)
	if err := s.start("", ""); err != nil {
		t.Fatal(err)
	}
	s.showRestore(file)
	who, _ := find[*widget.Select](t, w.Content(), func(*widget.Select) bool { return true })
	pin, _ := find[*widget.Entry](t, w.Content(), func(e *widget.Entry) bool { return e.Password })
	restore, _ := find[*widget.Button](t, w.Content(), func(b *widget.Button) bool { return b.Text == "Restore" })
	if who == nil || pin == nil || restore == nil {
		t.Fatalf("the restore screen:\n%s", windowText(t, w))
	}
	who.SetSelected("Bea Khan")
	test.Type(pin, tabletBeaPIN)
	test.Tap(restore)
	waitFor(t, "Bea's restore refused", func() bool {
		return strings.Contains(windowText(t, w), "Bea Khan is a link worker") || s.st != nil
	})
	if s.st != nil || paths.IsSetUp() {
		t.Fatal("Bea, a link worker by her record, restored the device")
	}
	shotWindow(t, w, "restore-refused-demoted")
	// The screen was laid out before the words came: they get their lines.
	if l, ok := find[*widget.Label](t, w.Content(), func(l *widget.Label) bool { return strings.HasPrefix(l.Text, "Bea Khan is") }); !ok {
		t.Error("no label says why")
	} else if l.Size().Height < l.MinSize().Height {
		t.Errorf("the refusal has %v of the %v high its lines need: it runs under the buttons", l.Size().Height, l.MinSize().Height)
	}

	who.SetSelected("Ada Admin")
	test.Type(pin, tabletAdminPIN)
	test.Tap(restore)
	waitFor(t, "the restored device open", func() bool { return s.st != nil && s.gate != nil && s.gate.Current() != nil })
	if got := s.ui.Staff(); got.ID != "ada" || got.Role != domain.RoleAdministrator {
		t.Errorf("the restored window signed in %s as %s", got.ID, got.Role)
	}
}
