package app

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/people"
	"github.com/gather-sp/gather/app/register"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/version"
)

var desktopSize = fyne.NewSize(1280, 800)

func TestPersonCard(t *testing.T) {
	// A volunteer sees the card only: no activities, no attendance, no
	// info sheets (access.PersonRegisterScope); a facilitator sees those at
	// the venues the device serves, here the garden's, but no info sheet
	// naming the person (access.ActionPrintInfoSheet): reception does.
	cases := []struct {
		role        string
		seesPhone   bool
		seesHistory bool
		printsSheet bool
	}{
		{domain.RoleVolunteer, false, false, false},
		{domain.RoleFacilitator, false, true, false},
		{domain.RoleReception, true, true, true},
	}
	for _, tc := range cases {
		t.Run(tc.role, func(t *testing.T) {
			h := newHarness(t, true, desktopSize)
			h.signIn(tc.role)
			if row, ok := h.st.View().Get(domain.KindActivity, garden); ok {
				h.u.setDeviceVenues([]string{row.Get("venue_id")})
			}
			r := h.openRegister(garden)
			var pid string
			for _, id := range r.Expected() {
				if p, _ := r.Person(id); p.AccessNeeds != "" {
					pid = id
					break
				}
			}
			test.Tap(h.row(r, pid).Card)
			if _, ok := h.u.current().(*people.Card); !ok {
				t.Fatalf("Card showed %T", h.u.current())
			}
			root := h.w.Canvas().Content()
			shown := strings.Join(uitest.Texts(root), "\n")
			p, _ := r.Person(pid)
			if !laidOutLabel(h, p.FullName()) || !laidOutLabel(h, p.AccessNeeds) {
				t.Fatalf("card does not show %q / %q:\n%s", p.FullName(), p.AccessNeeds, shown)
			}
			if !uitest.Shows(root, p.EmergencyContactName) {
				t.Fatalf("emergency contact %q not shown:\n%s", p.EmergencyContactName, shown)
			}
			summary := ""
			for _, s := range uitest.Texts(root) {
				if strings.HasPrefix(s, "Came to ") {
					summary = s
				}
			}
			if (summary != "") != tc.seesHistory {
				t.Fatalf("%s sees attendance history %q, want %v:\n%s", tc.role, summary, tc.seesHistory, shown)
			}
			if sees := uitest.Shows(root, "Phone: ") || uitest.Shows(root, "Born: "); sees != tc.seesPhone {
				t.Fatalf("%s sees contact details: %v", tc.role, sees)
			}
			// Info sheet from the card, then Back to the register.
			if !tc.printsSheet {
				if n := len(infoSheetButtons(root)); n != 0 {
					t.Fatalf("%s is offered %d info sheets", tc.role, n)
				}
			} else {
				test.Tap(infoSheetButtons(root)[0])
				if savePrinted(t, h) == "" {
					t.Fatal("no info sheet written")
				}
				for h.w.Canvas().Overlays().Top() != nil { // "Ready to print"
					h.w.Canvas().Overlays().Top().Hide()
				}
			}
			test.Tap(h.u.backBtn)
			if h.u.current() != r {
				t.Fatalf("Back showed %T", h.u.current())
			}
		})
	}
}

// TestPersonCardInfoSheetPrintPathAsksAccess: the print path is the
// second line behind the card. Asked for a sheet naming someone by a role
// that may not print one (access.ActionPrintInfoSheet: a facilitator), it
// says so and writes, and records, nothing; the activity's own sheet,
// naming nobody, it prints for them as for anyone.
func TestPersonCardInfoSheetPrintPathAsksAccess(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleFacilitator)
	pid := h.openRegister(garden).Shown()[0].ID
	all := len(auditEntries(h, audit.Filter{Action: audit.ActionExported}))
	h.u.PrintInfoSheet(pid, garden, false)
	said := ""
	if h.w.Canvas().Overlays().Top() != nil {
		said = dialogTexts(h)
	}
	if !strings.Contains(said, "reception or their link worker") || strings.Contains(said, "Ready to print") {
		t.Fatalf("a facilitator asking for someone's info sheet is told %q", said)
	}
	h.w.Canvas().Overlays().Top().Hide()
	if h.u.lastPrint != "" || len(auditEntries(h, audit.Filter{Action: audit.ActionExported})) != all {
		t.Fatalf("someone's info sheet was written (%q) or recorded", h.u.lastPrint)
	}
	h.u.ShowNav("activities")
	h.u.PrintInfoSheet("", garden, false)
	if path := savePrinted(t, h); path == "" {
		t.Fatal("the activity's own sheet was not written for a facilitator")
	}
}

func TestFirstRun(t *testing.T) {
	t.Run("demo", func(t *testing.T) {
		h := newHarness(t, false, desktopSize)
		h.u.Start()
		fr, ok := h.u.current().(*firstRunScreen)
		if !ok {
			t.Fatalf("an empty store opened on %T", h.u.current())
		}
		test.Tap(fr.demoBtn)
		who, ok := h.u.current().(*whoScreen)
		if !ok || len(who.buttons) == 0 {
			t.Fatalf("after demo: %T", h.u.current())
		}
		if h.u.Meta(shell.MetaDemo) != "true" || !h.u.demoChip.Visible() {
			t.Fatal("demo data is not marked as demo")
		}
		test.Tap(who.buttons["demo-staff-bev"])
		if _, ok := h.u.current().(*register.Today); !ok || h.u.staff.Name != "Bev Okafor" {
			t.Fatalf("after choosing Bev: %T %+v", h.u.current(), h.u.staff)
		}
	})
	t.Run("this device only", func(t *testing.T) {
		h := newHarness(t, false, desktopSize)
		h.u.Start()
		fr := h.u.current().(*firstRunScreen)
		test.Tap(fr.localBtn)
		test.Tap(fr.localForm.Objects[3].(*fyne.Container).Objects[1].(*fyne.Container).Objects[0].(fyne.Tappable))
		if !fr.localErr.Visible() {
			t.Fatal("no name was accepted")
		}
		test.Type(fr.nameEntry, "Jo Bloggs")
		fr.onLocal()
		if h.u.staff.Name != "Jo Bloggs" {
			t.Fatalf("signed in as %+v", h.u.staff)
		}
		if h.u.Meta(metaSetup) != "device" {
			t.Fatal("first run not recorded")
		}
		today := h.u.current().(*register.Today)
		if len(today.Sessions()) != 0 {
			t.Fatal("sessions on an empty store")
		}
	})
	t.Run("connect without a sync client says so", func(t *testing.T) {
		h := newHarness(t, false, desktopSize)
		h.u.Start()
		fr := h.u.current().(*firstRunScreen)
		test.Tap(fr.connectBtn)
		test.Tap(fr.connectGo)
		if !strings.Contains(fr.connectErr.Text, "server address") {
			t.Fatalf("error %q", fr.connectErr.Text)
		}
		test.Type(fr.serverEntry, "https://gather.example.org")
		test.Type(fr.codeEntry, "ABCD-1234")
		test.Tap(fr.connectGo)
		if !strings.Contains(fr.connectErr.Text, "cannot connect") {
			t.Fatalf("error %q", fr.connectErr.Text)
		}
	})
}

func TestSettingsAndSyncStatus(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.u.SetMeta(map[string]string{shell.MetaDemo: ""}) // a real device (TestDemoDeviceSaysNothingWaitsToBeSent)
	h.signIn(domain.RoleFacilitator)
	if got := h.u.syncLabel.Text; got != "Not set up to sync — saved on this device" {
		t.Fatalf("sync status %q", got)
	}
	h.signIn(domain.RoleAdministrator) // who may choose the device's venues
	h.u.ShowNav("settings")
	s := h.u.current().(*settingsScreen)
	if !strings.Contains(uitest.LaidOutText(s.content), version.String("Gather")) {
		t.Errorf("Settings does not say which version this is (%s)", version.String("Gather"))
	}
	s.venues.SetSelected([]string{"Vale Gallery"})
	if got := h.u.DeviceVenues(); len(got) != 1 || got[0] != "demo-venue-gallery" {
		t.Fatalf("device venues %v", got)
	}
	s.textSize.SetSelected("Largest")
	if h.u.theme.scale != textScale(TextLargest) || h.u.Meta(metaTextSize) != TextLargest {
		t.Fatal("text size not applied")
	}
	s.appearance.SetSelected("Dark")
	if h.u.Meta(metaTheme) != AppearanceDark {
		t.Fatal("appearance not saved")
	}
	cases := []struct {
		st   SyncStatus
		want string
	}{
		{SyncStatus{State: SyncNotConnected}, "Not set up to sync — saved on this device"},
		{SyncStatus{State: SyncOffline, Pending: 3}, "Offline — saved on this device · 3 changes waiting to send · not synced yet"},
		{SyncStatus{State: SyncOffline, LastSynced: testNow.AddDate(0, 0, -3)}, "Offline — saved on this device · last synced on Wed 18 Nov at 10:20"},
		{SyncStatus{State: SyncSyncing, Progress: 0.4}, "Syncing… 40%"},
		{SyncStatus{State: SyncSynced, LastSynced: testNow.Add(-10e9)}, "Synced just now"},
		{SyncStatus{State: SyncError, Pending: 1, LastSynced: testNow.Add(-50 * time.Minute)},
			"Sync problem — your work is saved here · 1 change waiting to send · last synced today at 09:30"},
	}
	for _, tc := range cases {
		t.Run(tc.want, func(t *testing.T) {
			if got := describeSync(tc.st, true, testNow).Line(); got != tc.want {
				t.Fatalf("%q, want %q", got, tc.want)
			}
		})
	}
}

func TestPrintRegister(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleFacilitator)
	r := h.openRegister(garden)
	r.Print()
	savePrinted(t, h)
	if r.LastPrint() == "" || !strings.HasSuffix(r.LastPrint(), ".pdf") {
		t.Fatalf("no register PDF: %q", r.LastPrint())
	}
}

// infoSheetButtons are the info sheet buttons on a person's card, in the
// size their access needs ask for (the first of each activity's pair),
// top to bottom.
func infoSheetButtons(root fyne.CanvasObject) []*widget.Button {
	var out []*widget.Button
	for _, o := range test.LaidOutObjects(root) {
		if b, ok := o.(*widget.Button); ok && b.Visible() && (b.Text == "Print info sheet" || b.Text == "Print in large print") {
			out = append(out, b)
		}
	}
	var first []*widget.Button
	for i := 0; i < len(out); i += 2 {
		first = append(first, out[i])
	}
	return first
}

// TestAddMeOffersTheRolesTheDeviceMaySync: "Add me" (a device without
// PINs) on a venue tablet offers only the roles the server takes from
// one; an organisation device offers every role.
func TestAddMeOffersTheRolesTheDeviceMaySync(t *testing.T) {
	for _, tc := range []struct {
		name  string
		scope string
		want  []string
	}{
		{"venue tablet", `{"venues":["` + demo.VenueGarden + `"]}`, domain.VenueRoles},
		{"organisation device", `{"organisation":true}`, domain.Roles},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, true, desktopSize)
			h.u.SetMeta(map[string]string{shell.MetaSyncScope: tc.scope})
			h.u.showWhoIsUsing()
			who, ok := h.u.current().(*whoScreen)
			if !ok {
				t.Fatalf("showWhoIsUsing opened %T", h.u.current())
			}
			if !slices.Equal(who.newRole.Options, tc.want) {
				t.Errorf("Add me offers %v, want %v", who.newRole.Options, tc.want)
			}
		})
	}
}
