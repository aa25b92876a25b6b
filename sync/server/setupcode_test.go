package server_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
)

// TestStaffWithASetupCodeChangeOnlyFromAnAdministratorDevice: every device
// that knows a staff member seals its key to their setup code with the
// role their record has then (lock.SyncInvites), so while a code waits to
// be used their role and venues are an administrator device's to change,
// as giving the code is. A reception desk laptop (an organisation device
// enrolled without the administrator role) could otherwise make a
// volunteer with a code an administrator on every device that knows them.
// The desk still changes names; sending again what the server holds
// passes. A role with no code waiting, or one expired, is an
// administrator's device's to change by the rule on removing and demoting
// staff (TestAttackDeviceRemovesOrDemotesStaff), whose refusal says no
// word of a setup code.
func TestStaffWithASetupCodeChangeOnlyFromAnAdministratorDevice(t *testing.T) {
	f := newFixture(t)
	admin := newRawAs(t, f.env, "office-admin", org, domain.RoleAdministrator)
	staff := func(r *testenv.Raw, id string, fields ...string) []record.Write {
		var ws []record.Write
		for i := 0; i < len(fields); i += 2 {
			ws = append(ws, record.Write{Kind: domain.KindStaff, ID: id, Field: fields[i], Value: fields[i+1], Stamp: r.Clock.Now(), Staff: "s-admin"})
		}
		return ws
	}
	code := func(expires time.Time) string {
		_, inv, err := keyslot.NewInvite(keyslot.TestParams, expires)
		if err != nil {
			t.Fatal(err)
		}
		return inv.String()
	}
	now := f.env.Clock.Now()
	v1 := domain.Encode(domain.Staff{Venues: []string{f.v1}})["venues"]
	both := domain.Encode(domain.Staff{Venues: []string{f.v1, f.v2}})["venues"]
	given := append(staff(admin, "vic", "name", "Vic", "role", domain.RoleVolunteer, "venues", v1, "invite", code(now.Add(14*24*time.Hour))),
		append(staff(admin, "old", "name", "Olu", "role", domain.RoleVolunteer, "invite", code(now.Add(-time.Hour))),
			staff(admin, "fran", "name", "Fran", "role", domain.RoleFacilitator)...)...)
	if err := admin.Push(given, 100); err != nil {
		t.Fatal(err)
	}

	refused := []struct {
		name   string
		fields []string
	}{
		{"made an administrator", []string{"role", domain.RoleAdministrator}},
		{"made a link worker", []string{"role", domain.RoleLinkWorker}},
		{"role cleared", []string{"role", ""}},
		{"given another venue", []string{"venues", both}},
		{"made to work everywhere", []string{"venues", ""}},
		{"code withdrawn in the same batch", []string{"invite", "", "role", domain.RoleAdministrator}},
	}
	for i, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			// A refused push leaves a raw device's numbering behind: one desk each.
			desk := newRawAs(t, f.env, fmt.Sprint("desk-", i), org, domain.RoleReception)
			before, _ := f.env.Store.Entity(domain.KindStaff, "vic")
			perr := refusal(t, desk.Push(staff(desk, "vic", tc.fields...), 100))
			after, _ := f.env.Store.Entity(domain.KindStaff, "vic")
			if perr == nil || perr.Code != protocol.CodeOutOfScope {
				t.Fatalf("not refused as out of scope: %+v; Vic's record is now %v", perr, after.Values())
			}
			if !strings.Contains(perr.Message, "Vic") || !strings.Contains(perr.Message, "setup code") || !strings.Contains(perr.Message, "administrator") {
				t.Errorf("the refusal does not say whose code and whose device: %s", perr.Message)
			}
			if before.Get("role") != after.Get("role") || before.Get("venues") != after.Get("venues") || before.Get("invite") != after.Get("invite") {
				t.Fatalf("a refused change changed the record: %v -> %v", before.Values(), after.Values())
			}
		})
	}

	desk := newRawAs(t, f.env, "desk", org, domain.RoleReception)
	deskFran := newRawAs(t, f.env, "desk-fran", org, domain.RoleReception)
	deskOld := newRawAs(t, f.env, "desk-old", org, domain.RoleReception)
	e, _ := f.env.Store.Entity(domain.KindStaff, "vic")
	held := []record.Write{{Kind: domain.KindStaff, ID: "vic", Field: "role", Value: e.Get("role"), Stamp: e.Fields["role"].Stamp, Staff: e.Fields["role"].Staff}}
	heldInvite := []record.Write{{Kind: domain.KindStaff, ID: "vic", Field: "invite", Value: e.Get("invite"), Stamp: e.Fields["invite"].Stamp, Staff: e.Fields["invite"].Staff}}
	allowed := []struct {
		name   string
		dev    *testenv.Raw
		ws     []record.Write
		id     string
		field  string
		value  string
		refuse bool
	}{
		{name: "the desk renames Vic", dev: desk, ws: staff(desk, "vic", "name", "Vic Stone"), id: "vic", field: "name", value: "Vic Stone"},
		{name: "the desk sends again the role the server holds", dev: desk, ws: held, id: "vic", field: "role", value: domain.RoleVolunteer},
		{name: "the desk sends again the setup code the server holds", dev: desk, ws: heldInvite, id: "vic", field: "invite", value: e.Get("invite")},
		// Without a code waiting a role is still an administrator's to
		// change, by another rule (attack_staff_test.go): refused here
		// with no word of a setup code.
		{name: "the desk changes a role without a code", dev: deskFran, ws: staff(deskFran, "fran", "role", domain.RoleLinkWorker), id: "fran", field: "role", value: domain.RoleFacilitator, refuse: true},
		{name: "the desk changes a role whose code expired", dev: deskOld, ws: staff(deskOld, "old", "role", domain.RoleFacilitator), id: "old", field: "role", value: domain.RoleVolunteer, refuse: true},
		{name: "the administrator's device changes a role whose code expired", dev: admin, ws: staff(admin, "old", "role", domain.RoleFacilitator), id: "old", field: "role", value: domain.RoleFacilitator},
		{name: "the administrator's device changes Vic's role", dev: admin, ws: staff(admin, "vic", "role", domain.RoleFacilitator), id: "vic", field: "role", value: domain.RoleFacilitator},
		{name: "the administrator's device changes Vic's venues", dev: admin, ws: staff(admin, "vic", "venues", both), id: "vic", field: "venues", value: both},
	}
	for _, tc := range allowed {
		t.Run(tc.name, func(t *testing.T) {
			perr := refusal(t, tc.dev.Push(tc.ws, 100))
			switch {
			case tc.refuse && (perr == nil || strings.Contains(perr.Message, "setup code")):
				t.Fatalf("not refused as an administrator's change with no code waiting: %v", perr)
			case !tc.refuse && perr != nil:
				t.Fatalf("refused: %v", perr)
			}
			if e, _ := f.env.Store.Entity(domain.KindStaff, tc.id); e.Get(tc.field) != tc.value {
				t.Fatalf("not saved: %v", e.Values())
			}
		})
	}
}

// newRawAs enrols a raw device with a role.
func newRawAs(t *testing.T, env *testenv.Env, id string, scope protocol.Scope, role string) *testenv.Raw {
	t.Helper()
	r, err := env.NewRawAs(id, scope, role, nil)
	if err != nil {
		t.Fatalf("enrol %s: %v", id, err)
	}
	return r
}

// TestRoleRaisedBeforeASetupCodeDoesNotRideOnIt: another administrator's
// device raises a volunteer to administrator while no code waits,
// and the administrator's device, which has not pulled that change yet and
// still shows them as a volunteer, gives them a setup code. The code must
// give the role the administrator saw: otherwise every device that knows
// them seals its key to the code as an administrator's.
func TestRoleRaisedBeforeASetupCodeDoesNotRideOnIt(t *testing.T) {
	f := newFixture(t)
	admin := newRawAs(t, f.env, "office-admin", org, domain.RoleAdministrator)
	// Another administrator's device: a reception desk may not change a
	// role at all now (attack_staff_test.go).
	desk := newRawAs(t, f.env, "other-office", org, domain.RoleAdministrator)
	writes := func(r *testenv.Raw, c record.Change) []record.Write {
		var ws []record.Write
		for field, v := range c.Fields {
			ws = append(ws, record.Write{Kind: c.Kind, ID: c.ID, Field: field, Value: v, Stamp: r.Clock.Now(), Staff: "s-admin"})
		}
		return ws
	}
	vic := domain.Staff{ID: "vic", Name: "Vic", Role: domain.RoleVolunteer}
	// The administrators' own record: Vic is not the last one
	// (TestTheLastAdministratorStays).
	sam := domain.Staff{ID: "s-admin", Name: "Sam", Role: domain.RoleAdministrator}
	if err := admin.Push(append(writes(admin, domain.AddStaff(vic)), writes(admin, domain.AddStaff(sam))...), 100); err != nil {
		t.Fatal(err)
	}
	if err := desk.Push(writes(desk, domain.ChangeStaffRole("vic", "Vic", domain.RoleAdministrator)), 100); err != nil {
		t.Fatal(err)
	}
	_, inv, err := keyslot.NewInvite(keyslot.TestParams, f.env.Clock.Now().Add(14*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	// The administrator's device still holds Vic as a volunteer.
	if err := admin.Push(writes(admin, domain.GiveSetupCode(vic, "vic", "Vic", domain.RoleVolunteer, inv.String())), 100); err != nil {
		t.Fatal(err)
	}
	e, _ := f.env.Store.Entity(domain.KindStaff, "vic")
	if !domain.SetupCodeWaiting(e.Get("invite"), f.env.Clock.Now()) || e.Get("role") != domain.RoleVolunteer {
		t.Fatalf("Vic's setup code waits with the role %q, not the %q the administrator gave it with", e.Get("role"), domain.RoleVolunteer)
	}
}
