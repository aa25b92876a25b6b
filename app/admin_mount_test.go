package app

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/admin"
	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/lock"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/record"
)

// The Admin screen (app/admin) as the window mounts it: who is offered it
// in the bar, and the services the shell gives it.

const adminPIN = "482915"

// newAdminHarness is the demo data with a key file holding the demo
// administrator (and Bev, the facilitator), signed in as the administrator
// on the Admin screen, with slow work run at once.
func newAdminHarness(t *testing.T, size fyne.Size) (*harness, lock.Admin, *admin.Screen) {
	t.Helper()
	h := newHarness(t, true, size)
	h.u.runAsync = func(work, done func()) { work(); done() }
	opts := keyslot.Options{Params: keyslot.TestParams, Lockout: keyslot.Lockout{MaxFailures: 3, Delays: []time.Duration{}}}
	f, adm, err := keyslot.Create(filepath.Join(t.TempDir(), keyslot.FileName),
		keyslot.Member{ID: demo.StaffAdmin, Name: "Alex Morgan"}, adminPIN, opts)
	if err != nil {
		t.Fatal(err)
	}
	keys := lock.Admin{File: f, Current: func() *keyslot.Unlocked { return adm }}
	if err := keys.AddStaff(keyslot.Member{ID: demo.StaffFacilitator, Name: "Bev Okafor", Role: domain.RoleFacilitator}, "739146"); err != nil {
		t.Fatal(err)
	}
	h.u.opts.Keys = keys
	h.signIn(domain.RoleAdministrator)
	h.u.ShowNav("admin")
	a, ok := h.u.current().(*admin.Screen)
	if !ok {
		t.Fatalf("Admin showed %T", h.u.current())
	}
	return h, keys, a
}

// rowButton is the button text in the row of the list under o that shows
// name (the first container showing both, with one such button).
func rowButton(t *testing.T, o fyne.CanvasObject, name, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	var look func(o fyne.CanvasObject)
	look = func(o fyne.CanvasObject) {
		if found != nil || o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *container.Scroll:
			look(x.Content)
		case *fyne.Container:
			if bs := uitest.Buttons(x, text); len(bs) == 1 && slices.Contains(uitest.Texts(x), name) {
				found = bs[0]
				return
			}
			for _, k := range x.Objects {
				look(k)
			}
		case *widget.Button, *widget.Label:
		case fyne.Widget: // a row that opens something when tapped
			for _, k := range test.WidgetRenderer(x).Objects() {
				look(k)
			}
		}
	}
	look(o)
	if found == nil {
		t.Fatalf("no %q beside %q; the screen shows:\n%s", text, name, strings.Join(uitest.Texts(o), "\n"))
	}
	return found
}

// TestAdminNavOnlyForAdministrators: administrators and link workers (who
// review conflicts) are offered Admin in the bar, with the sections their
// role may see; the others are not offered it.
func TestAdminNavOnlyForAdministrators(t *testing.T) {
	want := map[string][]string{
		domain.RoleAdministrator: {admin.SectionStaff, admin.SectionAudit, admin.SectionConflicts, admin.SectionErase},
		domain.RoleLinkWorker:    {admin.SectionConflicts},
	}
	for _, role := range domain.Roles {
		t.Run(role, func(t *testing.T) {
			h := newHarness(t, true, desktopSize)
			h.signIn(role)
			_, shown := h.u.navBtns["admin"]
			if shown != (len(want[role]) > 0) {
				t.Fatalf("Admin in the bar: %v, want %v", shown, len(want[role]) > 0)
			}
			h.u.ShowNav("admin")
			a, ok := h.u.current().(*admin.Screen)
			if ok != (len(want[role]) > 0) {
				t.Fatalf("ShowNav(admin) as %s showed %T", role, h.u.current())
			}
			if !ok {
				return
			}
			for _, name := range []string{admin.SectionStaff, admin.SectionDevices, admin.SectionAudit, admin.SectionConflicts, admin.SectionErase} {
				if got := len(uitest.Buttons(a.Content(), name)); got != 0 != slices.Contains(want[role], name) {
					t.Errorf("%d %q tabs, want it shown: %v", got, name, slices.Contains(want[role], name))
				}
			}
		})
	}
}

// TestAdminExportsToThePrintFolder: the shell gives Admin its print
// folder for the audit trail's CSV, and says where the file went.
func TestAdminExportsToThePrintFolder(t *testing.T) {
	h, _, a := newAdminHarness(t, desktopSize)
	at := audit.Recorder{Device: "tablet-2", Now: func() time.Time { return time.Date(2026, 10, 1, 9, 0, 0, 0, time.Local) }}
	pid := h.st.View().SearchPeople("a", 1)[0].ID
	if err := h.st.Save(demo.StaffAdmin, []record.Change{at.ViewedCase(demo.StaffAdmin, pid)}...); err != nil {
		t.Fatal(err)
	}
	a.ShowSection(admin.SectionAudit)
	test.Tap(uitest.Button(t, a.Content(), "Export CSV"))
	got := uitest.DialogText(h.w)
	if !strings.Contains(got, filepath.Join(h.u.opts.PrintDir, "audit-trail-")) || !strings.Contains(got, ".csv") {
		t.Fatalf("the dialog does not say the file went to the print folder %s:\n%s", h.u.opts.PrintDir, got)
	}
	if e := auditEntries(h, audit.Filter{Action: audit.ActionExported, Staff: demo.StaffAdmin}); len(e) != 1 {
		t.Fatalf("export entries %+v", e)
	}
}

func TestAdminIdleTime(t *testing.T) {
	// The idle time is in Settings, for administrators only.
	for _, role := range domain.Roles {
		t.Run(role, func(t *testing.T) {
			h := newHarness(t, true, desktopSize)
			lock := &fakeLock{idle: 2 * time.Minute}
			h.u.opts.Lock = lock
			h.signIn(role)
			h.u.ShowNav("settings")
			s := h.u.current().(*settingsScreen)
			if s.lockPanel.Visible() != (role == domain.RoleAdministrator) {
				t.Fatalf("%s sees Lock after: %v", role, s.lockPanel.Visible())
			}
			if role != domain.RoleAdministrator {
				return
			}
			if s.idle.Selected != "2 minutes" {
				t.Fatalf("idle shows %q", s.idle.Selected)
			}
			s.idle.SetSelected("5 minutes")
			if lock.idle != 5*time.Minute || h.u.Meta(metaIdle) != "300" {
				t.Fatalf("idle %v, meta %q", lock.idle, h.u.Meta(metaIdle))
			}
			for _, c := range idleChoices {
				if c.d < time.Minute || c.d > 30*time.Minute {
					t.Errorf("%s is offered, outside 1 to 30 minutes", c.label)
				}
			}
			s.content.(*container.Scroll).ScrollToBottom()
			shot(t, h, "settings-lock-after")
		})
	}
}
