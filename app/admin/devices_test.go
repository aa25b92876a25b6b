package admin

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
)

// fakeDeviceAdmin is a sync client that manages devices, answering at
// once.
type fakeDeviceAdmin struct {
	dmu       sync.Mutex
	enrolment shell.Enrolment
	enrolled  bool
	devices   []shell.DeviceInfo
	err       error // every call fails with it when set
	codes     []string
	revoked   []string
}

func (f *fakeDeviceAdmin) Enrolment() (shell.Enrolment, bool) { return f.enrolment, f.enrolled }

func (f *fakeDeviceAdmin) Devices(context.Context) ([]shell.DeviceInfo, error) {
	f.dmu.Lock()
	defer f.dmu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	return append([]shell.DeviceInfo(nil), f.devices...), nil
}

func (f *fakeDeviceAdmin) CreateCode(_ context.Context, scope shell.DeviceScope, role string, validFor time.Duration) (shell.EnrolmentCode, error) {
	f.dmu.Lock()
	defer f.dmu.Unlock()
	if f.err != nil {
		return shell.EnrolmentCode{}, f.err
	}
	f.codes = append(f.codes, fmt.Sprintf("%v %v %s %s", scope.Organisation, scope.Venues, role, validFor))
	return shell.EnrolmentCode{Code: "K7QM-3XPA-9TRD", Expires: testNow.Add(validFor)}, nil
}

func (f *fakeDeviceAdmin) RevokeDevice(_ context.Context, id string) error {
	f.dmu.Lock()
	defer f.dmu.Unlock()
	if f.err != nil {
		return f.err
	}
	f.revoked = append(f.revoked, id)
	for i := range f.devices {
		if f.devices[i].ID == id {
			f.devices[i].Revoked = true
		}
	}
	return nil
}

// demoDevices is an office with a laptop and two venue tablets, one lost
// and already removed.
func demoDevices() *fakeDeviceAdmin {
	return &fakeDeviceAdmin{
		enrolment: shell.Enrolment{DeviceID: "office-pc", Scope: shell.DeviceScope{Organisation: true}, Role: domain.RoleAdministrator},
		enrolled:  true,
		devices: []shell.DeviceInfo{
			{ID: "office-pc", Name: "Office PC", Scope: shell.DeviceScope{Organisation: true}, Role: domain.RoleAdministrator,
				LastSeen: testNow.Add(-time.Minute * 5), LastSynced: testNow.Add(-time.Minute * 5)},
			{ID: "garden-tab", Name: "Garden tablet", Scope: shell.DeviceScope{Venues: []string{demo.VenueGarden}}, Role: domain.RoleFacilitator,
				LastSeen: testNow.Add(-26 * time.Hour), LastSynced: testNow.Add(-26 * time.Hour)},
			{ID: "hall-tab", Name: "Hall tablet", Scope: shell.DeviceScope{Venues: []string{demo.VenueHall}}, Role: domain.RoleVolunteer},
			{ID: "old-tab", Name: "Old tablet", Scope: shell.DeviceScope{Venues: []string{demo.VenueGarden}}, Role: domain.RoleVolunteer, Revoked: true},
		},
	}
}

// devicesHarness signs in as role with a device admin and opens Admin.
func devicesHarness(t *testing.T, role string, da *fakeDeviceAdmin) (*harness, *Screen) {
	t.Helper()
	h := newHarness(t, desktopSize)
	h.da = da
	h.server = "https://gather.example.org"
	h.signIn(role)
	return h, h.showAdmin()
}

func TestAdminDevicesListsTheOrganisationsDevices(t *testing.T) {
	da := demoDevices()
	h, a := devicesHarness(t, domain.RoleAdministrator, da)
	if _, ok := a.tabs[adminDevices]; !ok {
		t.Fatal("an administrator on an organisation device has no Devices section")
	}
	a.onSection(adminDevices)
	s := a.devices
	if len(s.rows) != 4 || s.state.Visible() {
		t.Fatalf("%d rows, state %q", len(s.rows), s.state.Text)
	}
	for id, want := range map[string]string{
		"office-pc":  "Organisation · Administrator · last seen today at 10:15 · last synced today at 10:15",
		"garden-tab": "Riverside Surgery Garden · Facilitator · last seen yesterday at 08:20 · last synced yesterday at 08:20",
		"hall-tab":   "· Volunteer · last seen never · last synced never",
		"old-tab":    "Removed",
	} {
		if got := s.rows[id].details.Text; !strings.Contains(got, want) {
			t.Errorf("%s: %q does not say %q", id, got, want)
		}
	}
	if s.rows["office-pc"].removeBtn != nil || s.rows["old-tab"].removeBtn != nil {
		t.Error("this device, or a removed one, offers Remove")
	}
	if !strings.Contains(s.heading.Text, "3 in use") {
		t.Errorf("heading %q", s.heading.Text)
	}
	_ = h
}

func TestAdminDevicesMakesACode(t *testing.T) {
	da := demoDevices()
	h, a := devicesHarness(t, domain.RoleAdministrator, da)
	a.onSection(adminDevices)
	s := a.devices
	test.Tap(s.makeBtn)
	f := s.form
	if f == nil {
		t.Fatal("no form")
	}
	test.Tap(f.makeBtn)
	if len(da.codes) != 0 || !strings.Contains(f.msg.Text, "Tick the venues") {
		t.Fatalf("a code with no venue: %v %q", da.codes, f.msg.Text)
	}
	f.venues.SetSelected([]string{"Riverside Surgery Garden"})
	f.role.SetSelected(roleLabel(domain.RoleVolunteer))
	test.Tap(f.makeBtn)
	if want := fmt.Sprintf("false [%s] volunteer 24h0m0s", demo.VenueGarden); len(da.codes) != 1 || da.codes[0] != want {
		t.Fatalf("codes %v, want %q", da.codes, want)
	}
	c := s.shown
	if c == nil || c.text.Text != "K7QM-3XPA-9TRD" || c.qr == nil {
		t.Fatalf("code shown: %+v", c)
	}
	if want := "until tomorrow at 10:20 (in 24 hours)"; !strings.Contains(c.expires.Text, want) {
		t.Errorf("expiry %q does not say %q", c.expires.Text, want)
	}
	es := auditEntries(h, audit.Filter{Action: audit.ActionDeviceCode})
	if len(es) != 1 || es[0].Staff != h.sh.Who.ID || strings.Contains(es[0].Detail, "K7QM") || !strings.Contains(es[0].Detail, "Riverside Surgery Garden") {
		t.Fatalf("audit %+v", es)
	}

	t.Run("offline", func(t *testing.T) {
		da.err = fmt.Errorf("%w: dial tcp: refused", shell.ErrServerUnreachable)
		test.Tap(s.makeBtn)
		s.form.where.SetSelected(codeForOrg)
		test.Tap(s.form.makeBtn)
		if !strings.Contains(s.form.msg.Text, "Connect to the server to manage devices") {
			t.Fatalf("offline code: %q", s.form.msg.Text)
		}
		s.refresh()
		if s.state.Text != devicesOffline || !s.state.Visible() {
			t.Fatalf("offline list: %q", s.state.Text)
		}
	})
}

func TestAdminDevicesRemovesATablet(t *testing.T) {
	da := demoDevices()
	h, a := devicesHarness(t, domain.RoleAdministrator, da)
	a.onSection(adminDevices)
	s := a.devices
	test.Tap(s.rows["garden-tab"].removeBtn)
	if s.confirm == nil || len(da.revoked) != 0 {
		t.Fatalf("Remove did not ask first: %v", da.revoked)
	}
	test.Tap(s.confirm.yes)
	if len(da.revoked) != 1 || da.revoked[0] != "garden-tab" {
		t.Fatalf("revoked %v", da.revoked)
	}
	if !strings.Contains(s.msg.Text, "wiped at its next sync") || s.msg.Importance != widget.SuccessImportance {
		t.Errorf("message %q", s.msg.Text)
	}
	if !s.rows["garden-tab"].info.Revoked || s.rows["garden-tab"].removeBtn != nil {
		t.Error("the list does not show the tablet removed")
	}
	es := auditEntries(h, audit.Filter{Action: audit.ActionDeviceRemoved, EntityID: "garden-tab"})
	if len(es) != 1 || es[0].Staff != h.sh.Who.ID || !strings.Contains(es[0].Detail, "Garden tablet") {
		t.Fatalf("audit %+v", es)
	}
}

func TestAdminDevicesIsForAdministratorsOnOrganisationDevices(t *testing.T) {
	t.Run("a link worker sees no Devices and cannot act", func(t *testing.T) {
		da := demoDevices()
		_, a := devicesHarness(t, domain.RoleLinkWorker, da)
		if _, ok := a.tabs[adminDevices]; ok {
			t.Fatal("a link worker sees Devices")
		}
		a.devices.revoke(da.devices[1], "Garden tablet")
		a.devices.onMakeCode()
		if len(da.revoked) != 0 || len(da.codes) != 0 || a.devices.form != nil {
			t.Fatalf("a link worker acted: %v %v", da.revoked, da.codes)
		}
	})
	t.Run("a venue tablet shows no Devices, even to an administrator", func(t *testing.T) {
		da := demoDevices()
		da.enrolment.Scope = shell.DeviceScope{Venues: []string{demo.VenueGarden}}
		_, a := devicesHarness(t, domain.RoleAdministrator, da)
		if _, ok := a.tabs[adminDevices]; ok {
			t.Fatal("a venue tablet shows Devices")
		}
	})
	t.Run("a device enrolled for another role says how to fix it", func(t *testing.T) {
		da := demoDevices()
		da.enrolment.Role = domain.RoleLinkWorker
		_, a := devicesHarness(t, domain.RoleAdministrator, da)
		a.onSection(adminDevices)
		if st := a.devices.state.Text; !strings.Contains(st, "create-code --organisation --role administrator") || a.devices.makeBtn.Disabled() == false {
			t.Fatalf("state %q", st)
		}
	})
	t.Run("not connected", func(t *testing.T) {
		da := demoDevices()
		da.enrolled = false
		_, a := devicesHarness(t, domain.RoleAdministrator, da)
		a.onSection(adminDevices)
		if a.devices.state.Text != devicesNotEnrolled {
			t.Fatalf("state %q", a.devices.state.Text)
		}
	})
}
