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

// TestRestoreWithAPINLockedInTheBackup: Bea's PIN was locked after five
// wrong tries on the device when it was backed up, and a backup is a copy
// nobody can clear a lockout on. Restoring with her PIN is refused in
// words that say so and point to another administrator in the backup,
// never "ask an administrator to unlock" (no administrator can, in a
// file); nothing is written, and Ada then restores it.
func TestRestoreWithAPINLockedInTheBackup(t *testing.T) {
	file := adaAndBeaBackup(t, true)
	paths := device.PathsIn(filepath.Join(t.TempDir(), "new"))
	u, _, err := restoreFile(paths, file, "bea", tabletBeaPIN)
	if err == nil {
		u.Forget()
		t.Fatal("a PIN locked in the backup restored it")
	}
	msg := err.Error()
	for _, want := range []string{"Bea Khan", "locked", "another administrator", "nothing was restored"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the refusal %q does not say %q", msg, want)
		}
	}
	if strings.Contains(msg, "ask an administrator to unlock") {
		t.Errorf("the refusal %q asks for what nobody can do to a backup", msg)
	}
	if paths.IsSetUp() {
		t.Error("a refused restore wrote a key file")
	}
	if err := device.CheckEmpty(paths); err != nil {
		t.Errorf("a refused restore left records behind: %v", err)
	}
	u, _, err = restoreFile(paths, file, "ada", tabletAdminPIN)
	if err != nil {
		t.Fatalf("Ada's restore after Bea's was refused: %v", err)
	}
	u.Forget()
}

// TestRestoreScreenSaysABackupIsFromANewerGather: first run's restore,
// given a backup made by a newer Gather, says to install the newest
// Gather and to keep the backup, not to choose another copy of it (it
// may be the only one, and it is not damaged).
func TestRestoreScreenSaysABackupIsFromANewerGather(t *testing.T) {
	file := beaBackup(t, domain.AddStaff(domain.Staff{ID: "cal", Name: "Cal", Role: domain.RoleVolunteer}))
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	newer := filepath.Join(t.TempDir(), "newer.gatherbackup")
	os.WriteFile(newer, append([]byte("GATHER-DEVICE-BACKUP-3\n"), b[len(device.BackupMagic):]...), 0o600)
	a := test.NewTempApp(t)
	w := a.NewWindow("Gather")
	w.Resize(fyne.NewSize(1280, 800))
	paths := device.PathsIn(filepath.Join(t.TempDir(), "new"))
	s := bareSession(t, a, w, paths)
	if err := s.start("", ""); err != nil {
		t.Fatal(err)
	}
	s.showRestore(newer)
	text := windowText(t, w)
	shotWindow(t, w, "restore-newer-backup")
	if !strings.Contains(text, "newer version of Gather") || !strings.Contains(text, "keep it") {
		t.Errorf("the restore screen does not say a newer Gather made the backup:\n%s", text)
	}
	body, ok := find[*widget.Label](t, w.Content(), func(l *widget.Label) bool { return strings.Contains(l.Text, "newer version") })
	back, _ := find[*widget.Button](t, w.Content(), func(b *widget.Button) bool { return b.Text == "Back" })
	switch {
	case !ok || back == nil:
		t.Fatalf("the screen:\n%s", text)
	case !strings.HasPrefix(body.Text, "This backup"):
		t.Errorf("the words do not begin as a sentence: %q", body.Text)
	case body.Size().Height < body.MinSize().Height:
		// Laid out before the label knew its lines: Back ran over them.
		t.Errorf("the words have %v of the %v high their lines need: Back covers them", body.Size().Height, body.MinSize().Height)
	}
	if strings.Contains(text, "another copy") {
		t.Errorf("the restore screen sends them to another copy of a backup that is fine:\n%s", text)
	}
}
