package app

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestBackupFromSettings: only an administrator sees "Back up this
// device…"; the backup is written to the file chosen, off the UI
// goroutine, and Settings says where and when; a failed backup says so in
// words and leaves no empty file behind. The panel says how to restore.
func TestBackupFromSettings(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	h.u.runAsync = func(work, done func()) { work(); done() }
	var wrote []string
	fail := error(nil)
	h.u.opts.Backup = func(path string) error {
		if fail != nil {
			return fail
		}
		wrote = append(wrote, path)
		return os.WriteFile(path, []byte("backup"), 0o600)
	}
	for _, role := range []string{domain.RoleFacilitator, domain.RoleLinkWorker, domain.RoleReception, domain.RoleVolunteer} {
		h.signIn(role)
		h.u.ShowNav("settings")
		if h.u.current().(*settingsScreen).backup.panel.Visible() {
			t.Errorf("a %s sees the Backup panel", role)
		}
	}
	h.signIn(domain.RoleAdministrator)
	h.u.ShowNav("settings")
	s := h.u.current().(*settingsScreen)
	b := s.backup
	if !b.panel.Visible() {
		t.Fatal("an administrator does not see the Backup panel")
	}
	text := uitest.LaidOutText(s.content)
	for _, want := range []string{"Back up this device…", "gather restore BACKUP-FILE", "Not backed up from this screen yet."} {
		if !strings.Contains(text, want) {
			t.Errorf("Settings does not say %q", want)
		}
	}

	path := filepath.Join(t.TempDir(), "office"+backupExt)
	b.backUpTo(path)
	if len(wrote) != 1 || wrote[0] != path {
		t.Fatalf("Backup called with %v, want %s", wrote, path)
	}
	if !b.msg.Visible() || b.msg.Importance != widget.SuccessImportance || !strings.Contains(b.msg.Text, path) {
		t.Errorf("after the backup: %q (%v)", b.msg.Text, b.msg.Importance)
	}
	if !strings.Contains(b.last.Text, "Last backed up on 21 November 2026") || !strings.Contains(b.last.Text, path) {
		t.Errorf("last backup: %q", b.last.Text)
	}
	if got := b.backupFolder(); got != filepath.Dir(path) {
		t.Errorf("the next backup's dialog opens in %s, want %s", got, filepath.Dir(path))
	}

	fail = errors.New("the disk is full")
	empty := filepath.Join(t.TempDir(), "empty"+backupExt)
	os.WriteFile(empty, nil, 0o600) // as the save dialog leaves it
	b.backUpTo(empty)
	if b.msg.Importance != widget.DangerImportance || !strings.Contains(b.msg.Text, "The backup was not made: The disk is full.") {
		t.Errorf("after a failed backup: %q", b.msg.Text)
	}
	if _, err := os.Stat(empty); !os.IsNotExist(err) {
		t.Error("the save dialog's empty file was left behind")
	}
	if !b.btn.Visible() || b.btn.Disabled() {
		t.Error("the button stays disabled after a backup")
	}
}
