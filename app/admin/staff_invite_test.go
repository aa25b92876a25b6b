package admin

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
)

// TestAdminSetupCode: an administrator adds a facilitator who works at one
// venue, then taps Setup code beside her: the code is shown once, her
// staff record carries only its public half (and her venues), the action
// is audited, and on another device that seals its key to the record's
// invite, the code shown (and only it) sets her PIN.
func TestAdminSetupCode(t *testing.T) {
	inviteParams = keyslot.TestParams
	t.Cleanup(func() { inviteParams = keyslot.DefaultParams })
	h, keys, a := newAdminHarness(t, desktopSize)
	s := a.staff
	// Not offered where the server would refuse it: this device does not
	// sync as an administrator's organisation device.
	s.refresh()
	for id := range s.rows {
		if edit(t, s, id).code != nil {
			t.Fatalf("Setup code offered for %s on a device that may not give one", id)
		}
	}
	s.closeEdit()
	h.da = demoDevices() // enrolled as the office's administrator device
	garden := h.st.View().Venues()[0]
	s.name.SetText("Nia Okoro")
	s.role.SetSelected(roleLabel(domain.RoleFacilitator))
	s.venues.SetSelected([]string{garden.Name})
	s.pin.SetText("582046")
	s.again.SetText("582046")
	test.Tap(s.addBtn)
	var nia keyslot.Member
	for _, m := range keys.Members() {
		if m.Name == "Nia Okoro" {
			nia = m
		}
	}
	if nia.ID == "" {
		t.Fatalf("Nia was not added: %s", s.formMsg.Text)
	}
	e := edit(t, s, nia.ID)
	if e.code == nil {
		t.Fatal("no Setup code in Nia's Edit")
	}
	test.Tap(e.code)
	code := s.lastCode
	if code == "" || !strings.Contains(uitest.DialogText(h.w), code) || !strings.Contains(uitest.DialogText(h.w), "as a facilitator") {
		t.Fatalf("the code is not shown:\n%s", uitest.DialogText(h.w))
	}
	var st domain.Staff
	r, _ := h.st.View().Get(domain.KindStaff, nia.ID)
	r.Decode(&st)
	if len(st.Venues) != 1 || st.Venues[0] != garden.ID {
		t.Errorf("Nia's venues %v, want %s", st.Venues, garden.ID)
	}
	if strings.Contains(st.Invite, keyslot.NormaliseCode(code)) {
		t.Fatal("the staff record holds the code")
	}
	inv, ok := keyslot.ParseInvite(st.Invite)
	if !ok {
		t.Fatalf("the staff record's invite does not parse: %q", st.Invite)
	}
	es := auditEntries(h, audit.Filter{EntityID: nia.ID})
	found := false
	for _, e := range es {
		found = found || strings.Contains(e.Detail, "setup code")
	}
	if !found {
		t.Errorf("the setup code is not in the audit trail: %+v", es)
	}

	// Another device, on the same day.
	other, by, err := keyslot.Create(filepath.Join(t.TempDir(), keyslot.FileName),
		keyslot.Member{ID: demo.StaffAdmin, Name: "Alex Morgan"}, "739155", keyslot.Options{Params: keyslot.TestParams, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	uitest.Shot(t, h.w, "admin-setup-code-gives-role")
	if inv.Expires.Before(testNow.Add(13 * 24 * time.Hour)) {
		t.Errorf("the code expires %v, want two weeks", inv.Expires)
	}
	if err := other.AddInvite(by, nia, inv); err != nil {
		t.Fatal(err)
	}
	if _, err := other.AcceptInvite(nia.ID, "ABCD-EFGH-JKMN", "620418"); err == nil {
		t.Fatal("another code set her PIN")
	}
	if u, err := other.AcceptInvite(nia.ID, code, "620418"); err != nil || u.Role != domain.RoleFacilitator {
		t.Fatalf("the code shown does not set her PIN: %v", err)
	}
}

// TestChangeRoleWaitsForTheAdministratorDevice: while Bev has a setup code
// that can still be used, a device that does not sync as an
// administrator's organisation device does not offer to change her role
// (the server would refuse it: the devices that know her give her the role
// on her record with the code) and says where to do it; the
// administrator's device offers it, and so does this one once the code
// has expired.
func TestChangeRoleWaitsForTheAdministratorDevice(t *testing.T) {
	inviteParams = keyslot.TestParams
	t.Cleanup(func() { inviteParams = keyslot.DefaultParams })
	h, _, a := newAdminHarness(t, desktopSize)
	s := a.staff
	give := func(expires time.Time) {
		t.Helper()
		_, inv, err := keyslot.NewInvite(keyslot.TestParams, expires)
		if err != nil {
			t.Fatal(err)
		}
		if err := h.st.Save(demo.StaffAdmin, domain.GiveSetupCode(domain.Staff{Name: "Bev Okafor", Role: domain.RoleFacilitator},
			demo.StaffFacilitator, "Bev Okafor", domain.RoleFacilitator, inv.String())); err != nil {
			t.Fatal(err)
		}
		s.refresh()
	}
	bev := func() (*staffRow, *staffDialog) {
		t.Helper()
		return s.rows[demo.StaffFacilitator], edit(t, s, demo.StaffFacilitator)
	}
	s.refresh()
	if _, e := bev(); e.role.Disabled() {
		t.Fatal("Role is not offered for Bev, who has no setup code")
	}

	give(testNow.Add(setupCodeDays * 24 * time.Hour))
	row, e := bev()
	if !e.role.Disabled() {
		t.Fatal("Role is offered for Bev while her setup code waits, on a device the server refuses it from")
	}
	for _, text := range []string{row.status.Text, e.roleWhy.Text} {
		if !strings.Contains(text, "setup code") || !strings.Contains(text, "administrator's office device") {
			t.Errorf("Bev's row or Edit does not say why or where: %q", text)
		}
	}
	uitest.Shot(t, h.w, "admin-staff-role-waits-for-code")

	h.da = demoDevices() // the office's administrator device
	s.refresh()
	if row, e := bev(); e.role.Disabled() || strings.Contains(row.status.Text, "setup code") {
		t.Fatalf("the administrator's device does not offer Role for Bev: %q", row.status.Text)
	}

	h.da = nil
	give(testNow.Add(-time.Hour))
	if row, e := bev(); e.role.Disabled() {
		t.Fatalf("Role is not offered for Bev once her code has expired: %q", row.status.Text)
	}
}

// TestChangeRoleOnlyOnOrganisationDevices: the server takes a change of
// role only from a device that syncs for the whole organisation, so a
// venue tablet does not offer Role for anyone and says where to
// do it instead; the office's organisation device offers it, and does
// not show the note.
func TestChangeRoleOnlyOnOrganisationDevices(t *testing.T) {
	for _, size := range []fyne.Size{desktopSize, fyne.NewSize(800, 1280)} {
		for _, venue := range []bool{false, true} {
			name := "organisation-" + sizeName(size)
			if venue {
				name = "venue-" + sizeName(size)
			}
			t.Run(name, func(t *testing.T) {
				h, _, a := newAdminHarness(t, size)
				if venue {
					h.sh.SetVenueDevice(demo.VenueGarden)
					da := demoDevices()
					da.enrolment = shell.Enrolment{DeviceID: "garden-tab", Scope: shell.DeviceScope{Venues: []string{demo.VenueGarden}},
						Role: domain.RoleAdministrator}
					h.da = da
				} else {
					h.da = demoDevices()
				}
				s := a.staff
				s.refresh()
				if len(s.rows) < 2 {
					t.Fatalf("%d staff on the list, want Alex and Bev", len(s.rows))
				}
				for id, row := range s.rows {
					if !row.onDevice || id == demo.StaffAdmin {
						continue // no PIN here, or the only administrator
					}
					if e := edit(t, s, id); e.role.Disabled() != venue {
						t.Errorf("%s: Role disabled %v, on a venue tablet %v (%q)", row.member.Name, e.role.Disabled(), venue, e.roleWhy.Text)
					}
				}
				s.closeEdit()
				if venue {
					uitest.MustShow(t, h.w.Canvas().Content(), "ask an administrator to do it on the office computer")
				} else {
					uitest.MustNotShow(t, h.w.Canvas().Content(), "ask an administrator to do it on the office computer")
				}
				h.w.Content().Refresh()
				uitest.Shot(t, h.w, "admin-staff-change-role-"+name)
			})
		}
	}
}

// TestAddStaffOffersWhatTheDeviceMaySync: "Add a member of staff" offers
// what the server takes from this device. An organisation device offers
// every role and "Works at"; a venue tablet offers facilitator and
// volunteer only, no venue ticks, and says whom it adds. Either way the
// person added is saved as writes the server takes from it
// (domain.VenueMayWriteStaff on a tablet).
func TestAddStaffOffersWhatTheDeviceMaySync(t *testing.T) {
	for _, size := range []fyne.Size{desktopSize, fyne.NewSize(800, 1280)} {
		for _, venue := range []bool{false, true} {
			name := "organisation-" + sizeName(size)
			if venue {
				name = "venue-" + sizeName(size)
			}
			t.Run(name, func(t *testing.T) {
				h, _, a := newAdminHarness(t, size)
				if venue {
					h.sh.SetVenueDevice(demo.VenueGarden)
				}
				s := a.staff
				s.refresh()
				wantRoles := roleLabels(domain.Roles)
				if venue {
					wantRoles = []string{"Facilitator", "Volunteer"}
				}
				if strings.Join(s.role.Options, ",") != strings.Join(wantRoles, ",") {
					t.Errorf("roles offered %v, want %v", s.role.Options, wantRoles)
				}
				if s.venuesBx.Visible() == venue {
					t.Errorf("Works at shown %v on a venue tablet %v", s.venuesBx.Visible(), venue)
				}
				const note = "A venue tablet adds facilitators and volunteers only"
				if venue {
					uitest.MustShow(t, h.w.Canvas().Content(), note)
				} else {
					uitest.MustNotShow(t, h.w.Canvas().Content(), note)
				}
				s.root.(*container.Scroll).ScrollToBottom() // the form, below the list
				h.w.Content().Refresh()
				uitest.Shot(t, h.w, "admin-staff-add-"+name)

				s.name.SetText("Nia Okoro")
				s.role.SetSelected("Facilitator")
				// Ticked before the tablet hid them (or by a stale form): a
				// tablet still says nothing of where Nia works.
				s.venues.SetSelected([]string{h.st.View().Venues()[0].Name})
				s.pin.SetText("582039")
				s.again.SetText("582039")
				test.Tap(s.addBtn)
				var nia domain.Staff
				for _, r := range h.st.View().All(domain.KindStaff) {
					if r.Get("name") == "Nia Okoro" {
						r.Decode(&nia)
					}
				}
				if nia.ID == "" || nia.Role != domain.RoleFacilitator {
					t.Fatalf("Nia was not added as a facilitator: %+v (%s)", nia, s.formMsg.Text)
				}
				if got := len(nia.Venues); got != map[bool]int{false: 1, true: 0}[venue] {
					t.Errorf("Nia works at %v", nia.Venues)
				}
				queued, err := h.st.PendingWrites(0, 100000)
				if err != nil {
					t.Fatal(err)
				}
				fields := 0
				for _, p := range queued {
					if p.Write.Kind != domain.KindStaff || p.Write.ID != nia.ID {
						continue
					}
					fields++
					if why := domain.VenueMayWriteStaff(p.Write.Field, p.Write.Value); venue && why != "" {
						t.Errorf("the tablet queued %s=%q, which the server refuses from it: %s", p.Write.Field, p.Write.Value, why)
					}
				}
				if fields == 0 {
					t.Error("nothing about Nia waits to be synced")
				}
			})
		}
	}
}

// TestLastAdministratorAdviceFitsTheDevice: the only administrator cannot
// be removed or given another role, and what to do first is what this
// device offers: Role on an organisation device; on a venue
// tablet, which shows no Role and adds no administrators, giving
// another administrator known to Gather a PIN here.
func TestLastAdministratorAdviceFitsTheDevice(t *testing.T) {
	for _, tc := range []struct {
		name       string
		venue      bool
		want, not  string
		wantStatus string
	}{
		{"organisation", false, "Edit, beside their name, then Role", "Give a PIN", "add another to remove this one or change their role"},
		{"venue", true, "then Give a PIN", "then Role", "give another administrator a PIN here"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, _, a := newAdminHarness(t, desktopSize)
			if tc.venue {
				h.sh.SetVenueDevice(demo.VenueGarden)
			}
			s := a.staff
			s.refresh()
			var step shell.StepError
			if !errors.As(s.keyError(keyslot.ErrLastAdministrator), &step) {
				t.Fatal("no step to take")
			}
			for _, text := range []string{step.Next, s.keyProblem(keyslot.ErrLastAdministrator)} {
				if !strings.Contains(text, tc.want) || strings.Contains(text, tc.not) {
					t.Errorf("advice %q: want %q, not %q", text, tc.want, tc.not)
				}
			}
			row := s.rows[demo.StaffAdmin]
			if !strings.Contains(row.status.Text, tc.wantStatus) {
				t.Errorf("the only administrator's row says %q, want %q", row.status.Text, tc.wantStatus)
			}
		})
	}
}

// TestAddStaffOnADeviceThatMayNotManageStaff: an organisation device
// enrolled for a role that does not manage staff (a reception desk) offers
// every role but administrator when adding someone, and says why: the
// server takes a new administrator only from a device enrolled for a role
// that manages staff.
func TestAddStaffOnADeviceThatMayNotManageStaff(t *testing.T) {
	for _, tc := range []struct {
		name  string
		role  string
		admin bool
	}{
		{"reception desk", domain.RoleReception, false},
		{"link worker's laptop", domain.RoleLinkWorker, false},
		{"administrator's laptop", domain.RoleAdministrator, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, _, a := newAdminHarness(t, desktopSize)
			if err := h.st.SetMeta(map[string][]byte{shell.MetaSyncScope: []byte(`{"organisation":true}`), shell.MetaSyncRole: []byte(tc.role)}); err != nil {
				t.Fatal(err)
			}
			s := a.staff
			s.role.SetSelected(roleLabel(domain.RoleAdministrator))
			s.refresh()
			if got := slices.Contains(s.role.Options, roleLabel(domain.RoleAdministrator)); got != tc.admin {
				t.Errorf("administrator offered %v, want %v (offered %v)", got, tc.admin, s.role.Options)
			}
			if !tc.admin && s.role.Selected == roleLabel(domain.RoleAdministrator) {
				t.Error("the administrator role chosen before stays chosen")
			}
			s.root.(*container.Scroll).ScrollToBottom() // the form, below the list
			h.w.Content().Refresh()
			uitest.Shot(t, h.w, "admin-staff-add-"+strings.ReplaceAll(tc.name, " ", "-"))
			const why = "the server will not take a new administrator from it"
			if tc.admin {
				uitest.MustNotShow(t, h.w.Canvas().Content(), why)
			} else {
				uitest.MustShow(t, h.w.Canvas().Content(), why)
			}
		})
	}
}
