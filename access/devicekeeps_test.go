package access

import (
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// recordFields are the fields of every kind's record struct, and one no
// struct has (a newer app's), plus the lifecycle fields.
func recordFields(t *testing.T) map[record.Kind][]string {
	t.Helper()
	structs := map[record.Kind]any{
		domain.KindVenue: domain.Venue{}, domain.KindActivity: domain.Activity{}, domain.KindSession: domain.Session{},
		domain.KindPerson: domain.Person{}, domain.KindEnrolment: domain.Enrolment{}, domain.KindAttendance: domain.Attendance{},
		domain.KindStaff: domain.Staff{}, domain.KindReferral: domain.Referral{}, domain.KindMatch: domain.Match{},
		domain.KindFollowUp: domain.FollowUp{}, domain.KindContact: domain.Contact{}, domain.KindMeasure: domain.Measure{},
		domain.KindConsent: domain.Consent{}, domain.KindConflict: domain.Conflict{}, domain.KindAudit: domain.Audit{},
		domain.KindSetting: domain.OrgSettings{}, domain.KindPractice: domain.Practice{},
	}
	out := map[record.Kind][]string{}
	for _, k := range domain.Kinds {
		s, ok := structs[k]
		if !ok {
			t.Fatalf("kind %s has no record struct here: add it", k)
		}
		for f := range domain.Encode(s) {
			out[k] = append(out[k], f)
		}
		out[k] = append(out[k], "a_field_from_a_newer_app", record.FieldDeleted, record.FieldMergedInto, record.FieldErased)
	}
	return out
}

// TestDeviceKeepsWhatTheRoleReads: a device keeps every field its role
// reads, so the server's first line never hides what the second shows.
func TestDeviceKeepsWhatTheRoleReads(t *testing.T) {
	for _, role := range domain.Roles {
		for kind, fields := range recordFields(t) {
			for _, f := range fields {
				if CanSeeField(role, kind, f) && !DeviceKeeps(role, kind, f) {
					t.Errorf("%s reads %s.%s, but its device does not keep it", role, kind, f)
				}
			}
			if CanSeeKind(role, kind) && !DeviceKeepsKind(role, kind) {
				t.Errorf("%s reads %s, but its device does not keep it", role, kind)
			}
		}
	}
}

// TestDeviceKeepsWholeOnlyWhenEveryFieldIsKept: the server sends a record
// as it holds it (DeviceKeepsWhole) only when no field of it, known or
// not, would be dropped.
func TestDeviceKeepsWholeOnlyWhenEveryFieldIsKept(t *testing.T) {
	for _, role := range append([]string{"", "superuser"}, domain.Roles...) {
		for kind, fields := range recordFields(t) {
			if !DeviceKeepsWhole(role, kind) {
				continue
			}
			for _, f := range fields {
				if !DeviceKeeps(role, kind, f) {
					t.Errorf("%s keeps %s whole, but not its %s", role, kind, f)
				}
			}
		}
	}
}

func TestDeviceKeeps(t *testing.T) {
	admin, link, coord, reception, facil := domain.RoleAdministrator, domain.RoleLinkWorker, domain.RoleCoordinator, domain.RoleReception, domain.RoleFacilitator
	cases := []struct {
		role  string
		kind  record.Kind
		field string
		keeps bool
	}{
		{admin, domain.KindAudit, "staff", true},
		{link, domain.KindAudit, "staff", false},
		{reception, domain.KindAudit, "staff", false},
		{coord, domain.KindAudit, "staff", false},
		{link, domain.KindConflict, "winner_value", true},
		{reception, domain.KindConflict, "winner_value", false},
		{coord, domain.KindConflict, "winner_value", false},
		{reception, domain.KindReferral, "status", true},
		{reception, domain.KindReferral, "reasons", false},
		{reception, domain.KindReferral, "notes", false},
		{reception, domain.KindReferral, "decline_reason", false},
		{reception, domain.KindReferral, record.FieldErased, true},
		{reception, domain.KindMeasure, "items", false},
		{reception, domain.KindFollowUp, "due", false},
		{reception, domain.KindPerson, "phone", true},
		{reception, domain.KindSetting, "service_phone", true}, // on the sheets it prints
		// Coordinators read no case, but their reports count it.
		{coord, domain.KindReferral, "reasons", true},
		{coord, domain.KindReferral, "notes", false},
		{coord, domain.KindReferral, "referrer", false},
		{coord, domain.KindMeasure, "items", true},
		{coord, domain.KindFollowUp, "due", true},
		{coord, domain.KindContact, "outcome", false},
		{coord, domain.KindConsent, "given", false},
		{coord, domain.KindPerson, "gender", true},
		{coord, domain.KindPerson, "given_name", true},
		{coord, domain.KindPerson, "phone", false},
		{coord, domain.KindPerson, "nhs_number", false},
		{coord, domain.KindPerson, "a_field_from_a_newer_app", false},
		{coord, domain.KindPerson, record.FieldErased, true},
		{coord, domain.KindAttendance, "status", true},
		{facil, domain.KindReferral, "status", false},
		{facil, domain.KindPerson, "phone", false},
		{facil, domain.KindPerson, "access_needs", true},
		{"", domain.KindAttendance, "status", false},
		{"superuser", domain.KindAttendance, "status", false},
		{admin, "newkind", "x", false},
	}
	for _, tc := range cases {
		t.Run(tc.role+"/"+string(tc.kind)+"."+tc.field, func(t *testing.T) {
			if got := DeviceKeeps(tc.role, tc.kind, tc.field); got != tc.keeps {
				t.Errorf("DeviceKeeps = %v, want %v", got, tc.keeps)
			}
		})
	}
}

// TestDeviceKeepsAllOf: a device enrolled again keeps what it holds only
// when its new role is sent at least all its last one was, kind by kind;
// otherwise it forgets and pulls again (sync/client).
func TestDeviceKeepsAllOf(t *testing.T) {
	for _, role := range domain.Roles {
		for _, was := range append([]string{""}, domain.Roles...) {
			if !DeviceKeepsAllOf(role, was) {
				continue
			}
			for _, k := range domain.Kinds {
				if was != "" && DeviceKeepsKind(was, k) && !DeviceKeepsKind(role, k) ||
					was != "" && DeviceKeepsWhole(was, k) && !DeviceKeepsWhole(role, k) {
					t.Errorf("a device enrolled as %s, enrolled again as %s, keeps its %s records it is no longer sent", was, role, k)
				}
				if was == "" && !DeviceKeepsWhole(role, k) {
					t.Errorf("a device enrolled without a role, enrolled again as %s, keeps %s it is not sent", role, k)
				}
			}
		}
	}
	if DeviceKeepsAllOf(domain.RoleReception, domain.RoleLinkWorker) || DeviceKeepsAllOf(domain.RoleCoordinator, "") {
		t.Error("a laptop enrolled again for a lesser role keeps what it held")
	}
}
