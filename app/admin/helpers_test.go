package admin

import (
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/gather-sp/gather/app/lock"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/app/shell/shelltest"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/storage"
)

// testNow is shelltest's Saturday morning; the demo's sessions fall on it.
var testNow = shelltest.Now

var desktopSize = fyne.NewSize(1280, 800)

// garden is the demo's garden group.
const garden = demo.IDPrefix + "act-garden"

// harness is the Admin screen on shelltest's shell, with the services the
// app's shell gives it: a key file (when keys is set), a sync client that
// manages devices (when da is set), an export folder.
type harness struct {
	t         testing.TB
	sh        *shelltest.Shell
	st        *storage.Store
	w         fyne.Window
	keys      shell.StaffKeys
	da        shell.DeviceAdmin
	server    string
	exportDir string
	signedOut int
	a         *Screen
}

// newHarness opens a store with the demo data in a test window of size;
// nobody is signed in yet.
func newHarness(t testing.TB, size fyne.Size) *harness {
	t.Helper()
	sh := shelltest.New(t, domain.Staff{}, size)
	// Fyne's test theme has no bold monospace font (the codes are shown
	// in it); its default theme has every font, as Gather's has.
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
	if _, err := demo.Generate(sh.St, demo.Options{Seed: 1, Today: testNow}); err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, sh: sh, st: sh.St, w: sh.Win, exportDir: t.TempDir()}
}

// services are what the app's shell gives the screen (app/mount.go).
func (h *harness) services() Services {
	return Services{
		Keys:        h.keys,
		DeviceAdmin: func() shell.DeviceAdmin { return h.da },
		Server:      func() string { return h.server },
		SignOut:     func() { h.signedOut++ },
		ExportDir:   func() string { return h.exportDir },
		OpenFile:    func(string) error { return nil },
	}
}

// signIn signs in as the first demo staff member of role by name, as the
// app's scenes do.
func (h *harness) signIn(role string) {
	h.t.Helper()
	var best domain.Staff
	for _, r := range h.st.View().All(domain.KindStaff) {
		var s domain.Staff
		r.Decode(&s)
		if s.Role == role && (best.ID == "" || s.Name < best.Name) {
			best = s
		}
	}
	if best.ID == "" {
		h.t.Fatalf("no %s on this device", role)
	}
	h.sh.Who = best
}

// showAdmin builds the Admin screen for whoever is signed in and shows it,
// as the shell does from the navigation bar.
func (h *harness) showAdmin() *Screen {
	h.a = New(h.sh, h.services())
	h.sh.Show(h.a)
	return h.a
}

const (
	adminPIN = "482915"
	bevPIN   = "739146"
)

// newAdminHarness is the demo data with a key file holding the demo
// administrator (and Bev, the facilitator), signed in as the administrator
// on the Admin screen, with slow work run at once.
func newAdminHarness(t *testing.T, size fyne.Size) (*harness, lock.Admin, *Screen) {
	t.Helper()
	h := newHarness(t, size)
	opts := keyslot.Options{Params: keyslot.TestParams, Lockout: keyslot.Lockout{MaxFailures: 3, Delays: []time.Duration{}}}
	f, admin, err := keyslot.Create(filepath.Join(t.TempDir(), keyslot.FileName),
		keyslot.Member{ID: demo.StaffAdmin, Name: "Alex Morgan"}, adminPIN, opts)
	if err != nil {
		t.Fatal(err)
	}
	keys := lock.Admin{File: f, Current: func() *keyslot.Unlocked { return admin }}
	if err := keys.AddStaff(keyslot.Member{ID: demo.StaffFacilitator, Name: "Bev Okafor", Role: domain.RoleFacilitator}, bevPIN); err != nil {
		t.Fatal(err)
	}
	h.keys = keys
	h.signIn(domain.RoleAdministrator)
	return h, keys, h.showAdmin()
}

func auditEntries(h *harness, f audit.Filter) []domain.Audit { return audit.List(h.st.View(), f) }

func sizeName(s fyne.Size) string {
	if s.Width > s.Height {
		return "1280x800"
	}
	return "800x1280"
}

// edit taps Edit beside staff member id and returns the dialog it opened.
func edit(t testing.TB, s *staffSection, id string) *staffDialog {
	t.Helper()
	row := s.rows[id]
	if row == nil {
		t.Fatalf("%s is not on the staff list", id)
	}
	s.closeEdit()
	test.Tap(row.editBtn)
	if s.editDlg == nil {
		t.Fatalf("Edit beside %s opened nothing", row.member.Name)
	}
	return s.editDlg
}
