package app

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestBackupFromSettings: only an administrator sees "Back up this
// device…"; the backup is written to the file chosen, off the UI
// goroutine, and Settings says where and when; a failed backup says so in
// words and leaves the file there as it was. The panel says how to restore.
func TestBackupFromSettings(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	h.u.runAsync = func(work, done func()) { work(); done() }
	var wrote []string
	fail := error(nil)
	h.u.opts.Backup = func(path string) (string, error) {
		if fail != nil {
			return "", fail
		}
		wrote = append(wrote, path)
		return "It opens with the PIN of Ada.", os.WriteFile(path, []byte("backup"), 0o600)
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
	if !b.msg.Visible() || b.msg.Importance != widget.SuccessImportance || !strings.Contains(b.msg.Text, path) ||
		!strings.Contains(b.msg.Text, "It opens with the PIN of Ada.") {
		t.Errorf("after the backup: %q (%v)", b.msg.Text, b.msg.Importance)
	}
	if !strings.Contains(b.last.Text, "Last backed up on 21 November 2026") || !strings.Contains(b.last.Text, path) {
		t.Errorf("last backup: %q", b.last.Text)
	}
	if got := b.backupFolder(); got != filepath.Dir(path) {
		t.Errorf("the next backup's dialog opens in %s, want %s", got, filepath.Dir(path))
	}

	fail = errors.New("the disk is full")
	b.backUpTo(path)
	if b.msg.Importance != widget.DangerImportance || !strings.Contains(b.msg.Text, "The backup was not made: The disk is full.") {
		t.Errorf("after a failed backup: %q", b.msg.Text)
	}
	if got, err := os.ReadFile(path); err != nil || string(got) != "backup" {
		t.Errorf("a failed backup changed the last one: %q (%v)", got, err)
	}
	if !b.btn.Visible() || b.btn.Disabled() {
		t.Error("the button stays disabled after a backup")
	}
}

// TestFailedBackupOverLastBackupKeepsIt: the administrator keeps one
// backup on the memory stick and saves the new one over it, saying yes to
// replacing it. The new backup fails (the disk is full): Settings says so,
// and last week's backup is still there, whole. Nothing writes the file
// before the backup is complete (Fyne's save dialog empties it as soon as
// the overwrite is confirmed, so it is not used).
func TestFailedBackupOverLastBackupKeepsIt(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	h.u.runAsync = func(work, done func()) { work(); done() }
	var asked []string
	h.u.opts.Backup = func(path string) (string, error) {
		asked = append(asked, path)
		return "", errors.New("the disk is full")
	}
	h.signIn(domain.RoleAdministrator)
	h.u.ShowNav("settings")
	b := h.u.current().(*settingsScreen).backup

	stick := t.TempDir()
	last := filepath.Join(stick, "gather-backup"+backupExt)
	good := []byte("GATHER-DEVICE-BACKUP-1\nlast week's good backup")
	if err := os.WriteFile(last, good, 0o600); err != nil {
		t.Fatal(err)
	}
	h.u.SetMeta(map[string]string{metaBackupDir: stick})
	b.onBackup()
	if b.dialog == nil {
		t.Fatal("no dialog asking where")
	}
	over := h.u.win.Canvas().Overlays().Top()
	if !strings.Contains(uitest.LaidOutText(over), stick) {
		t.Errorf("the dialog does not open at the last backup's folder %s:\n%s", stick, uitest.LaidOutText(over))
	}
	name := findIn[*widget.Entry](t, over, func(e *widget.Entry) bool { return strings.HasSuffix(e.Text, backupExt) })
	if name == nil {
		t.Fatal("no file name entry in the dialog")
	}
	name.SetText("gather-backup")
	shot(t, h, "backup-where")
	save := findIn[*widget.Button](t, over, func(x *widget.Button) bool { return x.Text == "Back up" })
	if save == nil {
		t.Fatal("no Back up button")
	}
	test.Tap(save)
	shot(t, h, "backup-replace")
	replace := findIn[*widget.Button](t, h.u.win.Canvas().Overlays().Top(), func(x *widget.Button) bool { return x.Text == "Replace" })
	if replace == nil {
		t.Fatal("not asked before replacing the backup there")
	}
	if got, _ := os.ReadFile(last); string(got) != string(good) {
		t.Fatalf("the file was written before the replace was confirmed: %q", got)
	}
	test.Tap(replace)
	if sc, ok := h.u.current().(*settingsScreen).content.(*container.Scroll); ok {
		sc.ScrollToOffset(fyne.NewPos(0, b.panel.Position().Y))
	}
	shot(t, h, "backup-failed")
	if len(asked) != 1 || asked[0] != last {
		t.Fatalf("Backup asked for %v, want %s", asked, last)
	}
	if !strings.Contains(b.msg.Text, "The backup was not made") {
		t.Fatalf("message: %q", b.msg.Text)
	}
	if got, err := os.ReadFile(last); err != nil || string(got) != string(good) {
		t.Fatalf("the failed backup destroyed the last good backup on the stick: now %q (%v)", got, err)
	}
}

// findIn is the first object under o, shown or not, that is a T and ok.
func findIn[T fyne.CanvasObject](t *testing.T, o fyne.CanvasObject, ok func(T) bool) T {
	var zero T
	if x, is := o.(T); is && ok(x) {
		return x
	}
	if w, isW := o.(fyne.Widget); isW {
		for _, c := range test.TempWidgetRenderer(t, w).Objects() {
			if f := findIn[T](t, c, ok); any(f) != any(zero) {
				return f
			}
		}
	}
	if c, isC := o.(*fyne.Container); isC {
		for _, ch := range c.Objects {
			if f := findIn[T](t, ch, ok); any(f) != any(zero) {
				return f
			}
		}
	}
	return zero
}
