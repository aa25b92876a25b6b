package audit

import (
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestSentence: each kind of entry reads as what happened, in words, with
// no raw field names and no "changed" for a new record.
func TestSentence(t *testing.T) {
	for _, c := range []struct {
		name string
		a    domain.Audit
		what string
		want string
	}{
		{"a new person", domain.Audit{Action: ActionAdded, EntityKind: string(domain.KindPerson), Detail: "fields: family_name, given_name, phone"}, "Agnieszka Walker", "added Agnieszka Walker"},
		{"fields in words", domain.Audit{Action: ActionChanged, EntityKind: string(domain.KindPerson), Detail: "fields: date_of_birth, nhs_number"}, "Agnieszka Walker", "changed the date of birth and NHS number of Agnieszka Walker"},
		{"one field", domain.Audit{Action: ActionChanged, EntityKind: string(domain.KindActivity), Detail: "fields: capacity"}, "Garden group", "changed the capacity of activity Garden group"},
		{"a mark", domain.Audit{Action: ActionChanged, EntityKind: string(domain.KindAttendance), Detail: "fields: marked_at, marked_by, status"}, "Chloe Singh at Garden group on Sat 21 Nov 2026", "marked Chloe Singh at Garden group on Sat 21 Nov 2026"},
		{"bookkeeping left out", domain.Audit{Action: ActionChanged, EntityKind: string(domain.KindAttendance), Detail: "fields: marked_at, marked_by, note"}, "Chloe Singh at Garden group on Sat 21 Nov 2026", "changed the note of attendance Chloe Singh at Garden group on Sat 21 Nov 2026"},
		{"a consent withdrawn", domain.Audit{Action: ActionChanged, EntityKind: string(domain.KindConsent), Detail: "fields: withdrawn, withdrawn_by"}, "for Agnieszka Walker", "recorded the withdrawal of consent for Agnieszka Walker"},
		{"an enrolment", domain.Audit{Action: ActionAdded, EntityKind: string(domain.KindEnrolment), Detail: "fields: status"}, "Chloe Singh on Garden group", "enrolled Chloe Singh on Garden group"},
		{"many fields counted", domain.Audit{Action: ActionChanged, EntityKind: string(domain.KindPerson), Detail: "fields: a, b, c, d, e"}, "Sam", "changed 5 details of Sam"},
		{"a deletion", domain.Audit{Action: ActionChanged, EntityKind: string(domain.KindStaff), Detail: "fields: deleted"}, "Sam Patel", "removed Sam Patel"},
		{"a case record", domain.Audit{Action: ActionAdded, EntityKind: string(domain.KindReferral), Detail: "fields: reasons"}, "for Agnieszka Walker", "added referral for Agnieszka Walker"},
		{"a case opened", domain.Audit{Action: ActionViewed, EntityKind: string(domain.KindPerson), Detail: "case"}, "Agnieszka Walker", "viewed the case of Agnieszka Walker"},
		{"a call list for follow-ups", domain.Audit{Action: ActionViewed, Detail: "call list for reminders: 12 people's phone numbers"}, "",
			"viewed the call list for reminders: 12 people's phone numbers"},
		{"a call list for a session", domain.Audit{Action: ActionViewed, EntityKind: string(domain.KindSession), Detail: "call list for reminders: 1 person's phone number"}, "Garden group on Sat 21 Nov 2026",
			"viewed the call list for reminders of session Garden group on Sat 21 Nov 2026: 1 person's phone number"},
		{"contact details for a cancellation", domain.Audit{Action: ActionViewed, EntityKind: string(domain.KindPerson), Detail: "contact details, to tell them Garden group on Sat 21 Nov 2026 is cancelled"}, "Agnieszka Walker",
			"viewed the contact details of Agnieszka Walker, to tell them Garden group on Sat 21 Nov 2026 is cancelled"},
		{"an older call list entry", domain.Audit{Action: ActionViewed, Detail: "reminder call list, 12 people"}, "", "viewed the reminder call list, 12 people"},
		{"a case record opened", domain.Audit{Action: ActionViewed, EntityKind: string(domain.KindReferral)}, "for Agnieszka Walker", "viewed referral for Agnieszka Walker"},
		{"nothing named", domain.Audit{Action: ActionViewed}, "", "viewed something not recorded"},
		{"staff added", domain.Audit{Action: ActionStaffChanged, EntityKind: string(domain.KindStaff), Detail: "added as facilitator"}, "Sam Patel", "added Sam Patel as facilitator"},
		{"role changed", domain.Audit{Action: ActionStaffChanged, EntityKind: string(domain.KindStaff), Detail: "role changed from volunteer to facilitator"}, "Sam Patel", "changed the role of Sam Patel from volunteer to facilitator"},
		{"PIN reset", domain.Audit{Action: ActionPINReset, EntityKind: string(domain.KindStaff)}, "Sam Patel", "set a new PIN for Sam Patel"},
		{"export", domain.Audit{Action: ActionExported, Detail: "audit trail CSV, 30 rows"}, "", "exported audit trail CSV, 30 rows"},
		{"an import", domain.Audit{Action: ActionImported, EntityKind: "import", Detail: "people from a spreadsheet (7 rows): 3 added; fields: access_needs, date_of_birth"}, "4b138bcd",
			"imported people from a spreadsheet (7 rows): 3 added; filled in access needs, date of birth"},
		{"a merge", domain.Audit{Action: ActionMerged, EntityKind: string(domain.KindPerson), Detail: "from d7; took: phone, date_of_birth; moved: 3; enrolled: 1"}, "Peter Thomas",
			"merged a second record (id d7) into Peter Thomas, taking the date of birth and phone from it; 3 case records and 1 enrolment moved to them"},
		{"a merge taking nothing", domain.Audit{Action: ActionMerged, EntityKind: string(domain.KindPerson), Detail: "from d7; took: ; moved: 0; enrolled: 0"}, "Peter Thomas",
			"merged a second record (id d7) into Peter Thomas"},
		{"refused changes undone", domain.Audit{Action: ActionRefusedUndone, EntityKind: string(domain.KindPerson), Detail: "2 refused changes; fields: access_needs, phone"}, "Agnieszka Walker",
			"undid 2 refused changes on this device to the access needs and phone of Agnieszka Walker"},
		{"refused changes undone, records not named", domain.Audit{Action: ActionRefusedUndone, Detail: "3 refused changes"}, "", "undid 3 refused changes on this device"},
		{"own words kept", domain.Audit{Action: "PIN changed", EntityKind: string(domain.KindStaff), Detail: "changed their own PIN"}, "Sam Patel", "changed their own PIN"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Sentence(c.a, c.what); got != c.want {
				t.Errorf("Sentence = %q, want %q", got, c.want)
			}
		})
	}
}

// TestRecorderAddedOrChanged: with Exists, a save that creates a record
// is recorded as added and one that edits it as changed.
func TestRecorderAddedOrChanged(t *testing.T) {
	stored := map[string]bool{"p1": true}
	r := Recorder{Device: "d1", Exists: func(_ record.Kind, id string) bool { return stored[id] }}
	entries := r.Changed("s1",
		record.Change{Kind: domain.KindPerson, ID: "p1", Fields: map[string]string{"phone": "1"}},
		record.Change{Kind: domain.KindPerson, ID: "p2", Fields: map[string]string{"given_name": "Sam"}})
	if len(entries) != 2 {
		t.Fatalf("%d entries, want 2", len(entries))
	}
	for i, want := range []string{ActionChanged, ActionAdded} {
		if got := entries[i].Fields["action"]; got != want {
			t.Errorf("entry %d action %q, want %q", i, got, want)
		}
	}
}
