package access

import (
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestActionToResolve: resolving a conflict, either way, needs what a
// write to the field it is about needs (the server asks it of the
// device's role, the Conflicts screen of the staff's and the device's).
func TestActionToResolve(t *testing.T) {
	cases := []struct {
		name    string
		c       domain.Conflict
		action  Action
		limited bool
	}{
		{"the follow-up interval", domain.Conflict{EntityKind: string(domain.KindSetting), Field: "follow_up_weeks"}, ActionChangeOrgSettings, true},
		{"the service's phone", domain.Conflict{EntityKind: string(domain.KindSetting), Field: "service_phone"}, ActionChangeOrgSettings, true},
		{"which person a record is merged into", domain.Conflict{EntityKind: string(domain.KindPerson), Field: record.FieldMergedInto}, ActionMergePeople, true},
		{"a person's name", domain.Conflict{EntityKind: string(domain.KindPerson), Field: "given_name"}, "", false},
		{"a mark", domain.Conflict{EntityKind: string(domain.KindAttendance), Field: "status"}, "", false},
		{"about nothing", domain.Conflict{}, "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			action, limited := ActionToResolve(tc.c)
			if action != tc.action || limited != tc.limited {
				t.Errorf("ActionToResolve = %q, %v; want %q, %v", action, limited, tc.action, tc.limited)
			}
		})
	}
}
