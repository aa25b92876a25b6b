package admin

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
)

const hannah = demo.IDPrefix + "staff-hannah"

// venuesOnRecord is where staff member id works, as their record says.
func venuesOnRecord(t *testing.T, h *harness, id string) []string {
	t.Helper()
	var st domain.Staff
	r, ok := h.st.View().Get(domain.KindStaff, id)
	if !ok {
		t.Fatalf("%s has no staff record", id)
	}
	r.Decode(&st)
	slices.Sort(st.Venues)
	return st.Venues
}

// TestAdminChangesWhereStaffWork: each member of staff's row says where
// they work, and Edit changes it: saved in their staff record
// (which the devices read at sign-in and Today asks) with an audit entry,
// shown on the row at once; unticking every venue is every venue. It
// works the same for someone with a PIN here (Bev) and someone known to
// Gather without one (Hannah), on a portrait tablet and a laptop.
func TestAdminChangesWhereStaffWork(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(800, 1280), desktopSize} {
		for _, who := range []struct{ id, name, keep, drop string }{
			{demo.StaffFacilitator, "Bev Okafor", demo.VenueHall, demo.VenueGarden},
			{hannah, "Hannah Wright", demo.VenueGallery, demo.VenueHall},
		} {
			t.Run(sizeName(size)+"-"+who.name, func(t *testing.T) {
				h, _, a := newAdminHarness(t, size)
				s := a.staff
				row := s.rows[who.id]
				if row == nil {
					t.Fatalf("%s is not on the list", who.name)
				}
				keepName, dropName := h.st.View().VenueName(who.keep), h.st.View().VenueName(who.drop)
				if !strings.Contains(row.worksAt.Text, keepName) || !strings.Contains(row.worksAt.Text, dropName) {
					t.Fatalf("%s's row does not say where they work: %q", who.name, row.worksAt.Text)
				}

				v := edit(t, s, who.id)
				if !v.venues.Visible() || v.venues.Disabled() {
					t.Fatalf("%s's Edit does not offer where they work", who.name)
				}
				if !slices.Contains(v.venues.Selected, keepName) || !slices.Contains(v.venues.Selected, dropName) || len(v.venues.Selected) != 2 {
					t.Fatalf("the dialog ticks %q, want %s and %s", v.venues.Selected, keepName, dropName)
				}
				uitest.Shot(t, h.w, "admin-staff-venues-dialog-"+sizeName(size))
				v.venues.SetSelected([]string{keepName})
				test.Tap(v.save)
				if s.editDlg != nil {
					t.Fatal("the dialog stayed open")
				}
				if got := venuesOnRecord(t, h, who.id); !slices.Equal(got, []string{who.keep}) {
					t.Fatalf("%s's record works at %q, want only %s", who.name, got, who.keep)
				}
				e := auditEntries(h, audit.Filter{Action: audit.ActionStaffChanged, EntityID: who.id})
				if len(e) != 1 || !strings.Contains(e[0].Detail, "venues changed") || !strings.HasSuffix(e[0].Detail, "to "+keepName) {
					t.Fatalf("audit entries %+v", e)
				}
				row = s.rows[who.id]
				if row.worksAt.Text != "Works at "+keepName {
					t.Fatalf("the row says %q after the change", row.worksAt.Text)
				}
				uitest.MustShow(t, h.w.Canvas().Content(), who.name+" now works at "+keepName+".")

				// Unticked everywhere: every venue, as the add form's "none ticked".
				v = edit(t, s, who.id)
				v.venues.SetSelected(nil)
				test.Tap(v.save)
				if got := venuesOnRecord(t, h, who.id); len(got) != 0 {
					t.Fatalf("%s's record works at %q, want every venue (none)", who.name, got)
				}
				if got := s.rows[who.id].worksAt.Text; got != "Works at every venue" {
					t.Fatalf("the row says %q", got)
				}

				// Saving what was there writes nothing.
				test.Tap(edit(t, s, who.id).save)
				if n := len(auditEntries(h, audit.Filter{Action: audit.ActionStaffChanged, EntityID: who.id})); n != 2 {
					t.Fatalf("%d audit entries after saving no change, want 2", n)
				}
			})
		}
	}
}

// TestWhereStaffWorkAtAnArchivedVenue: someone still down for a venue that
// has been archived has it named as archived on their row, and the dialog
// keeps it ticked (dropping it unasked would leave Bev at the hall only,
// or, were it her only venue, at every venue) until it is unticked.
func TestWhereStaffWorkAtAnArchivedVenue(t *testing.T) {
	h, _, a := newAdminHarness(t, desktopSize)
	s := a.staff
	garden := h.st.View().VenueName(demo.VenueGarden)
	if err := h.st.Save(demo.StaffAdmin, domain.Archive(domain.KindVenue, demo.VenueGarden)); err != nil {
		t.Fatal(err)
	}
	s.refresh()
	row := s.rows[demo.StaffFacilitator]
	if !strings.Contains(row.worksAt.Text, garden+" (archived)") {
		t.Fatalf("Bev's row does not say the garden is archived: %q", row.worksAt.Text)
	}
	v := edit(t, s, demo.StaffFacilitator)
	if !slices.Contains(v.venues.Options, garden+" (archived)") || !slices.Contains(v.venues.Selected, garden+" (archived)") {
		t.Fatalf("the dialog offers %q, ticks %q: the archived garden is not kept", v.venues.Options, v.venues.Selected)
	}
	test.Tap(v.save)
	if got := venuesOnRecord(t, h, demo.StaffFacilitator); !slices.Equal(got, []string{demo.VenueGarden, demo.VenueHall}) {
		t.Fatalf("saving unchanged dropped the archived venue: %q", got)
	}
	v = edit(t, s, demo.StaffFacilitator)
	v.venues.SetSelected([]string{h.st.View().VenueName(demo.VenueHall)})
	test.Tap(v.save)
	if got := venuesOnRecord(t, h, demo.StaffFacilitator); !slices.Equal(got, []string{demo.VenueHall}) {
		t.Fatalf("unticking the archived venue left %q", got)
	}
}

// TestWhereStaffWorkOnlyWhereTheServerTakesIt: a venue tablet shows where
// everyone works but does not offer to change it (the server refuses it
// from a venue device, domain.VenueMayWriteStaff); while Bev's setup code
// waits, a device not syncing as an administrator's does not either (the
// server's checkSetupCodes), as with her role.
func TestWhereStaffWorkOnlyWhereTheServerTakesIt(t *testing.T) {
	t.Run("venue tablet", func(t *testing.T) {
		h, _, a := newAdminHarness(t, fyne.NewSize(800, 1280))
		h.sh.SetVenueDevice(demo.VenueGarden)
		da := demoDevices()
		da.enrolment = shell.Enrolment{DeviceID: "garden-tab", Scope: shell.DeviceScope{Venues: []string{demo.VenueGarden}}, Role: domain.RoleAdministrator}
		h.da = da
		s := a.staff
		s.refresh()
		for id, row := range s.rows {
			if edit(t, s, id).venues.Visible() {
				t.Errorf("%s: Works at offered on a venue tablet", id)
			}
			if !strings.HasPrefix(row.worksAt.Text, "Works at ") {
				t.Errorf("%s: the row does not say where they work: %q", id, row.worksAt.Text)
			}
		}
		uitest.MustShow(t, h.w.Canvas().Content(), "role or where they work")
	})
	t.Run("setup code waiting", func(t *testing.T) {
		inviteParams = keyslot.TestParams
		t.Cleanup(func() { inviteParams = keyslot.DefaultParams })
		h, _, a := newAdminHarness(t, desktopSize)
		_, inv, err := keyslot.NewInvite(keyslot.TestParams, testNow.Add(24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if err := h.st.Save(demo.StaffAdmin, domain.GiveSetupCode(domain.Staff{Name: "Bev Okafor", Role: domain.RoleFacilitator},
			demo.StaffFacilitator, "Bev Okafor", domain.RoleFacilitator, inv.String())); err != nil {
			t.Fatal(err)
		}
		s := a.staff
		s.refresh()
		if e := edit(t, s, demo.StaffFacilitator); !e.venues.Disabled() || !strings.Contains(e.venuesWhy.Text, "setup code") {
			t.Fatalf("Works at is offered for Bev while her setup code waits, on a device the server refuses it from (%q)", e.venuesWhy.Text)
		}
		h.da = demoDevices() // the office's administrator device
		s.refresh()
		if edit(t, s, demo.StaffFacilitator).venues.Disabled() {
			t.Fatal("the administrator's device does not offer Where they work for Bev")
		}
	})
}

// TestStaffEditDialogFits: at every text size, on a portrait tablet
// and a laptop, the dialog runs past no edge, cuts nothing short, and its
// Save button is in sight without scrolling.
func TestStaffEditDialogFits(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(800, 1280), desktopSize} {
		for _, ts := range uitest.TextSizes {
			t.Run(sizeName(size)+"-"+ts.Name, func(t *testing.T) {
				h, _, a := newAdminHarness(t, size)
				uitest.UseTextSize(ts.Scale)
				a.staff.refresh()
				h.w.Content().Refresh()
				v := edit(t, a.staff, demo.StaffFacilitator)
				uitest.Shot(t, h.w, "admin-staff-edit-dialog-"+sizeName(size)+"-"+ts.Name)
				root := h.w.Canvas().Overlays().Top()
				if got := uitest.PastRightEdge(root, 0, size.Width); len(got) > 0 {
					t.Errorf("past the right edge of the %.0f wide window: %q", size.Width, got)
				}
				if cut := uitest.CutShort(root); len(cut) > 0 {
					t.Errorf("cut short: %q", cut)
				}
				if why := uitest.OutOfSight(h.w, v.save); why != "" {
					t.Errorf("Save: %s", why)
				}
			})
		}
	}
}

// TestAdminRenamesStaff: Rename gives Bev (with a PIN here) a new name in
// the key file, which the lock lists, and on her record, with an audit
// entry; Hannah (known to Gather without a PIN here) on her record. An
// empty name, or another's on this device, is refused in words and
// changes nothing. A venue tablet does not offer it.
func TestAdminRenamesStaff(t *testing.T) {
	h, keys, a := newAdminHarness(t, fyne.NewSize(800, 1280))
	s := a.staff
	for _, c := range []struct{ typed, problem string }{
		{"   ", "Type their name"},
		{"alex morgan", "Alex Morgan already has a PIN on this device"},
	} {
		e := edit(t, s, demo.StaffFacilitator)
		e.name.SetText(c.typed)
		test.Tap(e.save)
		if s.editDlg == nil || !strings.Contains(e.msg.Text, c.problem) || !e.msg.Visible() {
			t.Fatalf("renamed to %q: the dialog says %q, want %q", c.typed, e.msg.Text, c.problem)
		}
		s.closeEdit()
	}
	if st, _ := keys.Status(demo.StaffFacilitator); st.Name != "Bev Okafor" {
		t.Fatalf("a refused name reached the key file: %q", st.Name)
	}

	e := edit(t, s, demo.StaffFacilitator)
	uitest.Shot(t, h.w, "admin-staff-rename-dialog")
	e.name.SetText("  Beverley   Okafor ")
	test.Tap(e.save)
	if s.editDlg != nil {
		t.Fatal("the dialog stayed open")
	}
	if st, _ := keys.Status(demo.StaffFacilitator); st.Name != "Beverley Okafor" {
		t.Fatalf("Bev's name in the key file: %q", st.Name)
	}
	if r, _ := h.st.View().Get(domain.KindStaff, demo.StaffFacilitator); r.Get("name") != "Beverley Okafor" || r.Get("role") != domain.RoleFacilitator {
		t.Fatalf("Bev's record: name %q role %q", r.Get("name"), r.Get("role"))
	}
	es := auditEntries(h, audit.Filter{Action: audit.ActionStaffChanged, EntityID: demo.StaffFacilitator})
	if len(es) != 1 || es[0].Detail != "name changed from Bev Okafor to Beverley Okafor" {
		t.Fatalf("audit entries %+v", es)
	}
	uitest.MustShow(t, h.w.Canvas().Content(), "Beverley Okafor")

	e = edit(t, s, hannah)
	e.name.SetText("Hannah Wright-Jones")
	test.Tap(e.save)
	if r, _ := h.st.View().Get(domain.KindStaff, hannah); r.Get("name") != "Hannah Wright-Jones" {
		t.Fatalf("Hannah's record name: %q", r.Get("name"))
	}

	h.sh.SetVenueDevice(demo.VenueGarden)
	s.refresh()
	for id := range s.rows {
		if edit(t, s, id).name.Visible() {
			t.Errorf("%s: a new name offered on a venue tablet", id)
		}
	}
}
