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

// TestDecidesConflict: of a conflict record's fields, only the decision a
// reviewer writes (domain.ResolveConflict) needs ActionReviewConflicts;
// the rest are the server's, which any device sends back as it holds them.
func TestDecidesConflict(t *testing.T) {
	decision := map[string]bool{}
	for _, ch := range domain.ResolveConflict(domain.Conflict{ID: "c", EntityKind: string(domain.KindPerson), EntityID: "ann", Field: "phone"}, true, "lw") {
		if ch.Kind == domain.KindConflict {
			for f := range ch.Fields {
				decision[f] = true
			}
		}
	}
	for f := range domain.Encode(domain.Conflict{ID: "c", EntityKind: "k", EntityID: "e", Field: "f", WinnerValue: "w", WinnerStaff: "s",
		WinnerAt: "t", LoserValue: "l", LoserStaff: "s", LoserAt: "t", Resolved: "r", ResolvedBy: "b"}) {
		if got := DecidesConflict(f); got != decision[f] {
			t.Errorf("DecidesConflict(%q) = %v; domain.ResolveConflict writes it: %v", f, got, decision[f])
		}
	}
	if len(decision) == 0 {
		t.Fatal("domain.ResolveConflict writes no field of the conflict")
	}
}
