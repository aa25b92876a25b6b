package server

import (
	"testing"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestActionOfWrite: access.ActionOfWrite, the one place a write is mapped
// to the app's action the server asks the device's role about (checkRole),
// and the words a refusal says it in.
func TestActionOfWrite(t *testing.T) {
	cases := []struct {
		name    string
		kind    record.Kind
		field   string
		value   string
		action  access.Action
		limited bool
	}{
		{"a person's erasure", domain.KindPerson, record.FieldErased, "true", access.ActionErasePerson, true},
		{"a referral erased with its person", domain.KindReferral, record.FieldErased, "true", access.ActionErasePerson, true},
		{"a conflict erased with its record", domain.KindConflict, record.FieldErased, "true", access.ActionErasePerson, true},
		{"erased written with another value", domain.KindPerson, record.FieldErased, "false", access.ActionErasePerson, true},
		{"a merge", domain.KindPerson, record.FieldMergedInto, "bob", access.ActionMergePeople, true},
		{"the retention period", domain.KindSetting, "retention_months", "0", access.ActionChangeOrgSettings, true},
		{"the follow-up interval", domain.KindSetting, "follow_up_weeks", "6", access.ActionChangeOrgSettings, true},
		{"the service's phone", domain.KindSetting, "service_phone", "0161", access.ActionChangeOrgSettings, true},
		{"a person's card", domain.KindPerson, "given_name", "Ann", "", false},
		{"a person's contact details", domain.KindPerson, "phone", "0161", "", false},
		{"a referral", domain.KindReferral, "status", "open", "", false},
		{"a mark", domain.KindAttendance, "status", "present", "", false},
		{"a staff role (checkSetupCodes)", domain.KindStaff, "role", domain.RoleAdministrator, "", false},
		{"an audit entry", domain.KindAudit, "action", "viewed", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			action, limited := access.ActionOfWrite(tc.kind, tc.field)
			if action != tc.action || limited != tc.limited {
				t.Errorf("actionOfWrite = %q, %v; want %q, %v", action, limited, tc.action, tc.limited)
			}
			if limited && actionWords[action] == "" {
				t.Errorf("a refusal of %q would not say it in words (actionWords)", action)
			}
		})
	}
}
