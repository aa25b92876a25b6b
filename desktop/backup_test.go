package desktop

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/device"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/sync/client"
)

const (
	tabletAdminPIN = "739155"
	tabletFayPIN   = "482913"
)

// tablet is a device in a data folder with its key file, as the app
// makes one, enrolled with a real server.
type tablet struct {
	t      *testing.T
	paths  device.Paths
	st     *storage.Store
	client *client.Client
}

// open unlocks the tablet as staff and opens its store and a sync client.
func (d *tablet) open(staff, pin string) {
	d.t.Helper()
	kf, err := keyslot.Open(d.paths.Keys, keyslot.Options{})
	if err != nil {
		d.t.Fatal(err)
	}
	u, err := kf.Unlock(staff, pin)
	if err != nil {
		d.t.Fatalf("unlock as %s: %v", staff, err)
	}
	if d.st, err = device.OpenStore(d.paths, u.Key(), storage.Options{}); err != nil {
		d.t.Fatal(err)
	}
	d.client = client.New(d.st, client.Options{DeviceName: "garden tablet"})
}

func (d *tablet) close() {
	d.t.Helper()
	if err := d.st.Close(); err != nil {
		d.t.Fatal(err)
	}
	d.st = nil
}

// mark ticks n people present at the garden group on date, as Fay.
func (d *tablet) mark(date string, n int) []string {
	d.t.Helper()
	session := domain.SessionID("a-garden", date)
	var ids []string
	for i := range n {
		person := fmt.Sprintf("p%d", i)
		id := domain.AttendanceID(session, person)
		err := d.st.Save("fay",
			record.Change{Kind: domain.KindSession, ID: session, Fields: map[string]string{"activity_id": "a-garden", "venue_id": "v-garden", "date": date}},
			record.Change{Kind: domain.KindAttendance, ID: id, Fields: map[string]string{"session_id": session, "person_id": person,
				"activity_id": "a-garden", "venue_id": "v-garden", "date": date, "status": domain.StatusPresent}})
		if err != nil {
			d.t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

func (d *tablet) sync() {
	d.t.Helper()
	if err := d.client.SyncOnce(d.t.Context()); err != nil {
		d.t.Fatalf("sync: %v (%+v)", err, d.client.Status())
	}
}

// TestRestoredBackupLosesNothingMadeAfter: a venue tablet enrolled with a
// real server marks and syncs, is backed up with `gather backup`, marks and
// syncs more, and is then restored with `gather restore` into a fresh
// folder on a new machine. Opened there with a facilitator's PIN, it makes
// 5 marks and syncs: the server holds all 5, nothing waits, and the marks
// the original sent after the backup come back to it.
func TestRestoredBackupLosesNothingMadeAfter(t *testing.T) {
	orig, srv, url := newGardenTablet(t)
	orig.close()

	file := filepath.Join(t.TempDir(), "garden-tablet.gatherbackup")
	var out bytes.Buffer
	if err := Backup(orig.paths, "ada", []string{"--out", file},
		strings.NewReader(tabletAdminPIN+"\n"), &out); err != nil {
		t.Fatal(err)
	}
	t.Logf("gather backup: %s", out.String())

	// The original goes on after the backup, and syncs.
	orig.open("fay", tabletFayPIN)
	between := orig.mark("2026-11-09", 6)
	orig.sync()
	orig.close()

	// The tablet is lost; its backup goes onto a new machine.
	fresh := &tablet{t: t, paths: device.PathsIn(filepath.Join(t.TempDir(), "new machine", "gather"))}
	out.Reset()
	if err := Restore(fresh.paths, "ada", []string{file},
		strings.NewReader(tabletAdminPIN+"\n"), &out); err != nil {
		t.Fatal(err)
	}
	t.Logf("gather restore: %s", out.String())
	if !strings.Contains(out.String(), url) {
		t.Errorf("gather restore does not say which server the device syncs with: %q", out.String())
	}
	fresh.open("fay", tabletFayPIN)
	defer fresh.close()
	// The restored queue is behind what the server holds from this device:
	// unless the server sees the restore, the new marks would be numbered
	// as writes it already has, and dropped.
	for _, d := range srv.Devices() {
		if d.ID == fresh.st.Device() && fresh.st.QueueSeq()+10 >= d.LastSeq {
			t.Fatalf("the restored queue reaches %d, the server's copy %d: the test proves nothing", fresh.st.QueueSeq(), d.LastSeq)
		}
	}
	// The restore is in the restored device's audit trail, and reaches the
	// server with the device's next sync.
	var restoreEntries []string
	for _, r := range fresh.st.View().By(domain.KindAudit, "staff", "ada") {
		if r.Get("action") == audit.ActionRestored {
			restoreEntries = append(restoreEntries, r.ID)
		}
	}
	if len(restoreEntries) != 1 {
		t.Errorf("%d restore entries in the audit trail, want 1", len(restoreEntries))
	}
	after := fresh.mark("2026-11-16", 5)
	fresh.sync()
	if n := fresh.st.PendingCount(); n != 0 {
		t.Fatalf("%d changes still waiting on the restored tablet after its sync", n)
	}
	if st := fresh.client.Status(); st.State != client.StateSynced {
		t.Fatalf("the restored tablet's sync: %q %s", st.State, st.Err)
	}
	for _, id := range after {
		e, err := srv.Entity(domain.KindAttendance, id)
		if err != nil {
			t.Fatal(err)
		}
		if e.Get("status") != domain.StatusPresent {
			t.Errorf("the server does not hold the restored tablet's mark %s", id)
		}
	}
	for _, id := range between {
		e, err := fresh.st.Entity(domain.KindAttendance, id)
		if err != nil {
			t.Fatal(err)
		}
		if e.Get("status") != domain.StatusPresent {
			t.Errorf("the mark %s the original synced after the backup did not come back to the restored tablet", id)
		}
	}
	for _, id := range restoreEntries {
		if e, err := srv.Entity(domain.KindAudit, id); err != nil || e.Get("action") != audit.ActionRestored {
			t.Errorf("the server lacks the restore's audit entry %s: %v %v", id, e, err)
		}
	}
}

// TestBackupCommandRefusals: `gather backup` is for administrators, with
// the right PIN, writes a file only its owner can read and records it;
// `gather restore` refuses a wrong PIN (writing nothing), a volunteer, a
// folder that is not empty and a damaged file, each in words.
func TestBackupCommandRefusals(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "device")
	paths := device.PathsIn(dir)
	os.MkdirAll(dir, 0o700)
	kf, admin, err := keyslot.Create(paths.Keys, keyslot.Member{ID: demo.StaffAdmin, Name: "Ada Admin"}, demo.PIN,
		keyslot.Options{Params: keyslot.TestParams})
	if err != nil {
		t.Fatal(err)
	}
	volunteer := "val"
	if err := kf.AddStaff(admin, keyslot.Member{ID: volunteer, Name: "Val Volunteer", Role: domain.RoleVolunteer}, demo.PIN); err != nil {
		t.Fatal(err)
	}
	st, err := device.OpenStore(paths, admin.Key(), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := writeDemo(st, time.Now()); err != nil {
		t.Fatal(err)
	}
	st.Close()
	file := filepath.Join(t.TempDir(), "backups", "office.gatherbackup")
	backup := func(as, pin string, extra ...string) error {
		return Backup(paths, as, extra, strings.NewReader(pin+"\n"), &bytes.Buffer{})
	}
	for _, tc := range []struct {
		name, as, pin string
		extra         []string
		want          string
	}{
		{"no --out", demo.StaffAdmin, demo.PIN, nil, "say where to write the backup"},
		{"inside the data folder", demo.StaffAdmin, demo.PIN, []string{"--out", filepath.Join(dir, "b")}, "outside Gather's own folder"},
		{"wrong PIN", demo.StaffAdmin, "000001", []string{"--out", file}, "wrong PIN"},
		{"a volunteer", volunteer, demo.PIN, []string{"--out", file}, "backing up a device is for administrator"},
	} {
		if err := backup(tc.as, tc.pin, tc.extra...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
		if _, err := os.Stat(file); err == nil {
			t.Fatalf("%s: a backup was written", tc.name)
		}
	}
	if err := backup(demo.StaffAdmin, demo.PIN, "--out", file); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(file); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("the backup file: %v, %v; want mode 0600", info, err)
	}

	restore := func(into, as, pin, file string) error {
		return Restore(device.PathsIn(into), as, []string{file}, strings.NewReader(pin+"\n"), &bytes.Buffer{})
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	cut := filepath.Join(t.TempDir(), "cut.gatherbackup")
	b, _ := os.ReadFile(file)
	os.WriteFile(cut, b[:len(b)-100], 0o600)
	for _, tc := range []struct{ name, into, as, pin, file, want string }{
		{"wrong PIN", fresh, demo.StaffAdmin, "000001", file, "wrong PIN"},
		{"a volunteer", fresh, volunteer, demo.PIN, file, "restoring a device is for administrator"},
		{"someone not on it", fresh, "nobody", demo.PIN, file, "nobody is not on the device this backup was made of: restore it with the PIN of Ada Admin"},
		{"a folder in use", dir, demo.StaffAdmin, demo.PIN, file, "only into an empty data folder"},
		{"cut short", fresh, demo.StaffAdmin, demo.PIN, cut, "damaged or cut short"},
		{"not a backup", fresh, demo.StaffAdmin, demo.PIN, filepath.Join(dir, keyslot.FileName), "not a Gather device backup"},
	} {
		err := restore(tc.into, tc.as, tc.pin, tc.file)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("restore, %s: %v, want %q", tc.name, err, tc.want)
		}
		if entries, _ := os.ReadDir(fresh); len(entries) > 0 {
			t.Fatalf("restore, %s: wrote %s", tc.name, entries[0].Name())
		}
	}
	if err := restore(fresh, demo.StaffAdmin, demo.PIN, file); err != nil {
		t.Fatal(err)
	}

	// The backup is in the original's audit trail.
	if st, err = device.OpenStore(paths, admin.Key(), storage.Options{}); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	backedUp := 0
	for _, r := range st.View().By(domain.KindAudit, "staff", demo.StaffAdmin) {
		if r.Get("action") == audit.ActionExported && strings.Contains(r.Get("detail"), "backup of this device") {
			backedUp++
		}
	}
	if backedUp != 1 {
		t.Errorf("%d backups in the audit trail, want 1", backedUp)
	}
}

// juneBackup makes a device that Ada (administrator) set up on its own,
// holding June, backs it up with gather backup and returns the file,
// old.gatherbackup.
func juneBackup(t *testing.T) string {
	t.Helper()
	old := device.PathsIn(filepath.Join(t.TempDir(), "old"))
	os.MkdirAll(old.Dir, 0o700)
	_, admin, err := keyslot.Create(old.Keys, keyslot.Member{ID: "ada", Name: "Ada Admin"}, tabletAdminPIN, keyslot.Options{Params: keyslot.TestParams})
	if err != nil {
		t.Fatal(err)
	}
	st, err := device.OpenStore(old, admin.Key(), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Save("ada", record.Change{Kind: domain.KindPerson, ID: "p-june", Fields: map[string]string{"given_name": "June"}}); err != nil {
		t.Fatal(err)
	}
	st.SetMeta(map[string][]byte{"ui.setup": []byte("local")})
	st.Close()
	file := filepath.Join(t.TempDir(), "old.gatherbackup")
	if err := Backup(old, "ada", []string{"--out", file}, strings.NewReader(tabletAdminPIN+"\n"), &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestRestoreFromTheFirstRunScreen: on a new computer, first run offers
// "Restore from a backup…"; the restore screen asks an administrator from
// the backup for their PIN, writes nothing on a wrong one, and on the right
// one restores the device and opens it, unlocked, with its records.
func TestRestoreFromTheFirstRunScreen(t *testing.T) {
	file := juneBackup(t) // the old computer, backed up with gather backup

	a := test.NewTempApp(t)
	w := a.NewWindow("Gather")
	w.Resize(fyne.NewSize(1280, 800))
	paths := device.PathsIn(filepath.Join(t.TempDir(), "new"))
	s := bareSession(t, a, w, paths)
	if err := s.start("", ""); err != nil {
		t.Fatal(err)
	}
	if offer, _ := find[*widget.Button](t, w.Content(), func(b *widget.Button) bool { return b.Text == "Restore from a backup…" }); offer == nil {
		t.Fatalf("first run does not offer a restore:\n%s", windowText(t, w))
	}
	s.showRestore(file) // what the open dialog does with the file chosen
	pin, _ := find[*widget.Entry](t, w.Content(), func(e *widget.Entry) bool { return e.Password })
	restore, _ := find[*widget.Button](t, w.Content(), func(b *widget.Button) bool { return b.Text == "Restore" })
	if pin == nil || restore == nil || !strings.Contains(windowText(t, w), "old.gatherbackup") {
		t.Fatalf("the restore screen:\n%s", windowText(t, w))
	}
	test.Type(pin, "000000")
	test.Tap(restore)
	waitFor(t, "the wrong PIN refused", func() bool { return strings.Contains(windowText(t, w), "Wrong PIN for Ada Admin") })
	if paths.IsSetUp() {
		t.Fatal("a wrong PIN wrote a key file")
	}
	test.Type(pin, tabletAdminPIN)
	test.Tap(restore)
	waitFor(t, "the restored device open", func() bool { return s.st != nil && s.gate != nil && s.gate.Current() != nil })
	if p, ok := s.st.View().Person("p-june"); !ok || p.GivenName != "June" {
		t.Errorf("the restored device does not hold June: %+v", p)
	}
	if text := windowText(t, w); !strings.Contains(text, "Ada Admin") || !strings.Contains(text, "Lock now") {
		t.Errorf("after the restore the window is not the app for Ada:\n%s", text)
	}
}

// TestSettingsBackupIsTheAdministrators: Settings' backup, in the real
// shell, writes a backup as the administrator using the window (readable
// by them only, audited) that restores into a new folder; for a volunteer
// signed in on the same window it is refused.
func TestSettingsBackupIsTheAdministrators(t *testing.T) {
	s, u := newTestSession(t)
	if err := s.st.Save(u.ID, record.Change{Kind: domain.KindPerson, ID: "p-june", Fields: map[string]string{"given_name": "June"}}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "settings.gatherbackup")
	if _, err := s.backUp(s.st, file); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(file); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("the backup: %v %v", info, err)
	}
	if _, err := s.backUp(s.st, filepath.Join(s.paths.Dir, "inside.gatherbackup")); err == nil {
		t.Error("a backup inside the data folder was written")
	}
	fresh := device.PathsIn(filepath.Join(t.TempDir(), "fresh"))
	if _, _, err := restoreFile(fresh, file, u.ID, testPIN); err != nil {
		t.Fatal(err)
	}

	if err := s.kf.AddStaff(u, keyslot.Member{ID: "val", Name: "Val", Role: domain.RoleVolunteer}, "482913"); err != nil {
		t.Fatal(err)
	}
	vol, err := s.kf.Unlock("val", "482913")
	if err != nil {
		t.Fatal(err)
	}
	s.gate.Begin(vol)
	if _, err := s.backUp(s.st, filepath.Join(t.TempDir(), "val.gatherbackup")); err == nil || !strings.Contains(err.Error(), "for administrator") {
		t.Errorf("a volunteer's backup: %v", err)
	}
}

// TestBackupNotKeptAfterItWasNoted: a backup written and noted in the audit
// trail that cannot then take its place (a folder of that name is in the
// way) says so, and does not pass for one that was never made.
func TestBackupNotKeptAfterItWasNoted(t *testing.T) {
	s, _ := newTestSession(t)
	inTheWay := filepath.Join(t.TempDir(), "settings.gatherbackup")
	if err := os.Mkdir(inTheWay, 0o700); err != nil {
		t.Fatal(err)
	}
	_, err := s.backUp(s.st, inTheWay)
	if err == nil || !strings.Contains(err.Error(), "the backup was not kept, though the audit trail notes it") {
		t.Errorf("backing up over a folder: %v", err)
	}
}

// TestOpensWithNamesWhoseBackupItIs: the words after a backup name whose
// PINs open it, and whose do not yet, so nobody finds out at the restore.
func TestOpensWithNamesWhoseBackupItIs(t *testing.T) {
	ada := keyslot.Member{ID: "a", Name: "Ada"}
	bo := keyslot.Member{ID: "b", Name: "Bo"}
	cy := keyslot.Member{ID: "c", Name: "Cy"}
	for _, tc := range []struct {
		name       string
		to, notYet []keyslot.Member
		want       string
	}{
		{"one", []keyslot.Member{ada}, nil,
			"It opens only with the PIN of an administrator on this device today: Ada."},
		{"three", []keyslot.Member{ada, bo, cy}, nil,
			"It opens only with the PIN of an administrator on this device today: Ada, Bo or Cy."},
		{"one not yet", []keyslot.Member{ada}, []keyslot.Member{bo, cy},
			"It opens only with the PIN of an administrator on this device today: Ada. " +
				"Bo and Cy cannot open it yet: back up again once they have unlocked this device."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := opensWith(tc.to, tc.notYet); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}
