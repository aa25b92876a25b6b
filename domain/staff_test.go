package domain

import (
	"slices"
	"testing"
	"time"
)

func TestStaffKnownAt(t *testing.T) {
	garden := Staff{ID: "s1", Venues: []string{"garden"}}
	for _, c := range []struct {
		name   string
		st     Staff
		org    bool
		venues []string
		want   bool
	}{
		{"organisation device knows a venue's staff", garden, true, nil, true},
		{"their venue's tablet", garden, false, []string{"hall", "garden"}, true},
		{"another venue's tablet", garden, false, []string{"hall"}, false},
		{"a tablet with no venues", garden, false, nil, false},
		{"staff who work everywhere", Staff{ID: "s2"}, false, []string{"hall"}, true},
		{"deleted", Staff{ID: "s3", Deleted: true}, true, nil, false},
		{"no id", Staff{}, true, nil, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := StaffKnownAt(c.st, c.org, c.venues); got != c.want {
				t.Errorf("StaffKnownAt = %v, want %v", got, c.want)
			}
		})
	}
}

func TestStaffChanges(t *testing.T) {
	st := Staff{ID: "s1", Name: "Jo Bloggs", Role: RoleVolunteer, Venues: []string{"garden"}}
	add := AddStaff(st)
	var back Staff
	Decode(add.ID, Values(add.Fields), &back)
	if add.Kind != KindStaff || add.ID != "s1" || back.Name != "Jo Bloggs" || back.Role != RoleVolunteer || len(back.Venues) != 1 || back.Venues[0] != "garden" {
		t.Fatalf("AddStaff = %+v (decodes to %+v)", add, back)
	}
	role := ChangeStaffRole("s1", "Jo Bloggs", RoleLinkWorker)
	if role.Kind != KindStaff || role.ID != "s1" || len(role.Fields) != 2 || role.Fields["name"] != "Jo Bloggs" || role.Fields["role"] != RoleLinkWorker {
		t.Fatalf("ChangeStaffRole = %+v", role)
	}
	for _, venues := range [][]string{{"hall", "garden"}, nil} {
		ch := ChangeStaffVenues("s1", "Jo Bloggs", venues)
		var got Staff
		Decode(ch.ID, Values(ch.Fields), &got)
		if ch.Kind != KindStaff || ch.ID != "s1" || len(ch.Fields) != 2 || got.Name != "Jo Bloggs" || !slices.Equal(got.Venues, venues) {
			t.Fatalf("ChangeStaffVenues(%q) = %+v (decodes to %+v)", venues, ch, got)
		}
		if _, ok := ch.Fields["venues"]; !ok {
			t.Fatalf("ChangeStaffVenues(%q) writes no venues: none must be written, to mean every venue", venues)
		}
	}
	if ch := RenameStaff(st, "s1", "Jo Bloggs-Smith", RoleVolunteer); ch.Kind != KindStaff || ch.ID != "s1" || len(ch.Fields) != 1 || ch.Fields["name"] != "Jo Bloggs-Smith" {
		t.Fatalf("RenameStaff on record = %+v: the name only", ch)
	}
	if ch := RenameStaff(Staff{}, "s2", "Bev Okafor", RoleFacilitator); len(ch.Fields) != 2 || ch.Fields["name"] != "Bev Okafor" || ch.Fields["role"] != RoleFacilitator {
		t.Fatalf("RenameStaff known to the key file only = %+v: the role goes with it", ch)
	}
	// On record: the invite and the role shown (a role raised elsewhere,
	// not yet received here, does not ride on the code).
	inv := GiveSetupCode(st, "s1", "Jo Bloggs", RoleVolunteer, "inv-text")
	if inv.Kind != KindStaff || inv.ID != "s1" || len(inv.Fields) != 2 || inv.Fields["invite"] != "inv-text" || inv.Fields["role"] != RoleVolunteer {
		t.Fatalf("GiveSetupCode for staff on record = %+v", inv)
	}
	// Known to the key file only: the name and role go with it.
	inv = GiveSetupCode(Staff{}, "s2", "Bev Okafor", RoleFacilitator, "inv-2")
	if inv.ID != "s2" || inv.Fields["invite"] != "inv-2" || inv.Fields["name"] != "Bev Okafor" || inv.Fields["role"] != RoleFacilitator {
		t.Fatalf("GiveSetupCode for staff not on record = %+v", inv)
	}
	// On record with another role: the code gives the role the
	// administrator saw, so it goes with it.
	inv = GiveSetupCode(Staff{Name: "Jo Bloggs", Role: RoleAdministrator}, "s1", "Jo Bloggs", RoleVolunteer, "inv-3")
	if len(inv.Fields) != 2 || inv.Fields["invite"] != "inv-3" || inv.Fields["role"] != RoleVolunteer {
		t.Fatalf("GiveSetupCode for staff on record with another role = %+v", inv)
	}
}

func TestSetupCodeWaiting(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		invite string
		want   bool
	}{
		{"", false},
		{`{"pub":"x","expires":"2026-12-20T12:00:00Z"}`, true},
		{`{"pub":"x","expires":"2026-12-06T11:59:00Z"}`, false},
		{`{"pub":"x"}`, true},   // no expiry: fails closed
		{`not an invite`, true}, // unreadable: fails closed
	} {
		if got := SetupCodeWaiting(tc.invite, now); got != tc.want {
			t.Errorf("SetupCodeWaiting(%q) = %v, want %v", tc.invite, got, tc.want)
		}
	}
}

func TestVenueMayWriteStaff(t *testing.T) {
	for _, tc := range []struct {
		field, value string
		ok           bool
	}{
		{"name", "Jo Bloggs", true},
		{"role", RoleFacilitator, true},
		{"role", RoleVolunteer, true},
		{"role", "", true},
		{"role", RoleAdministrator, false},
		{"role", RoleLinkWorker, false},
		{"role", RoleReception, false},
		{"role", RoleCoordinator, false},
		{"venues", `["garden"]`, false},
		{"venues", "", false},
		{"invite", `{"pub":"x"}`, false},
		{"deleted", "true", true},
	} {
		t.Run(tc.field+"="+tc.value, func(t *testing.T) {
			if why := VenueMayWriteStaff(tc.field, tc.value); (why == "") != tc.ok {
				t.Errorf("VenueMayWriteStaff(%q, %q) = %q, want allowed %v", tc.field, tc.value, why, tc.ok)
			}
		})
	}
}
