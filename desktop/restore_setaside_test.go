package desktop

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/device"
	"github.com/gather-sp/gather/domain"
)

// TestRestoreAfterSettingAsideUnreadableRecords: the device's key file is
// gone, so the window offers "Put them aside and set up afresh", then the
// set-up screen with "Restore from a backup…". The administrator chooses a
// backup and gives the right PIN: the restore works, beside the folder of
// records set aside, which the window gives no way to leave.
func TestRestoreAfterSettingAsideUnreadableRecords(t *testing.T) {
	file := juneBackup(t)

	a := test.NewTempApp(t)
	w := a.NewWindow("Gather")
	w.Resize(fyne.NewSize(1280, 800))
	paths := device.PathsIn(filepath.Join(t.TempDir(), "device"))
	os.MkdirAll(paths.Store, 0o700)
	os.WriteFile(filepath.Join(paths.Store, "MANIFEST"), []byte("old"), 0o600)
	s := bareSession(t, a, w, paths)
	if err := s.start("", ""); err != nil {
		t.Fatal(err)
	}
	aside, _ := find[*widget.Button](t, w.Content(), func(b *widget.Button) bool { return strings.HasPrefix(b.Text, "Put them aside") })
	if aside == nil {
		t.Fatalf("no put-aside offer:\n%s", windowText(t, w))
	}
	test.Tap(aside)
	if offer, _ := find[*widget.Button](t, w.Content(), func(b *widget.Button) bool { return b.Text == "Restore from a backup…" }); offer == nil {
		t.Fatalf("set-up does not offer a restore:\n%s", windowText(t, w))
	}
	s.showRestore(file)
	pin, _ := find[*widget.Entry](t, w.Content(), func(e *widget.Entry) bool { return e.Password })
	restore, _ := find[*widget.Button](t, w.Content(), func(b *widget.Button) bool { return b.Text == "Restore" })
	if pin == nil || restore == nil {
		t.Fatalf("the restore screen:\n%s", windowText(t, w))
	}
	test.Type(pin, tabletAdminPIN)
	test.Tap(restore)
	waitFor(t, "the restore", func() bool {
		if text := windowText(t, w); strings.Contains(text, "choose a new folder") {
			t.Fatalf("the restore the set-up screen offers is refused, and the window has no way to choose another folder:\n%s", text)
		}
		return s.st != nil
	})
	if e, err := s.st.Entity(domain.KindPerson, "p-june"); err != nil || e.Get("given_name") != "June" {
		t.Errorf("the restored records lack June: %v", err)
	}
	if aside, _ := filepath.Glob(filepath.Join(paths.Dir, "store-unreadable-*", "MANIFEST")); len(aside) != 1 {
		t.Errorf("the records set aside are not kept: %v", aside)
	}
}
