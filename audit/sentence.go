package audit

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// ActionAdded is a "changed" entry for a record that did not exist before
// the save: the Recorder writes it when told (Recorder.Exists).
const ActionAdded = "added"

// kindWords are record kinds as a person says them.
var kindWords = map[record.Kind]string{
	domain.KindVenue: "venue", domain.KindActivity: "activity", domain.KindSession: "session",
	domain.KindPerson: "person", domain.KindEnrolment: "enrolment", domain.KindAttendance: "attendance",
	domain.KindReferral: "referral", domain.KindMatch: "match", domain.KindFollowUp: "follow-up",
	domain.KindContact: "contact", domain.KindMeasure: "wellbeing measure", domain.KindConsent: "consent",
	domain.KindStaff: "staff member", domain.KindConflict: "conflict", domain.KindAudit: "audit entry",
	domain.KindSetting: "organisation setting", domain.KindPractice: "GP practice",
}

// KindWords is a record kind as a person says it ("wellbeing measure").
func KindWords(k record.Kind) string {
	if w, ok := kindWords[k]; ok {
		return w
	}
	return strings.ReplaceAll(string(k), "_", " ")
}

// fieldWords are the field names whose plain form ("date of birth") is not
// just the name with spaces; the rest read well as they are.
var fieldWords = map[string]string{
	"date_of_birth": "date of birth", "nhs_number": "NHS number", "dob": "date of birth",
	"given_name": "first name", "family_name": "last name", "given": "first name",
	"practice": "GP practice", "access_needs": "access needs", "access_info": "access information",
	"emergency_contact_name": "emergency contact", "emergency_contact_phone": "emergency contact's phone",
	"contact_preferences": "contact preferences", "with_friend": "who came along", "companion": "who came along",
	"marked_at": "time marked", "marked_by": "who marked", "meet_by": "who meets them",
	"travel_route": "route", "follow_up_weeks": "follow-up interval", "retention_months": "retention period",
	"self_completed": "self-completion", "snomed": "SNOMED code", "expected_at_close": "people expected",
	"invite": "setup code", "photo_consent": "photo consent on the register",
}

// bookkeeping fields say who and when; they are not what a person changed.
var bookkeeping = map[string]bool{"marked_at": true, "marked_by": true, "recorded_by": true, "withdrawn_by": true,
	"closed_at": true, "closed_by": true, "resolved_by": true, "by": true, "at": true, "device": true}

// FieldWords is a field name as a person says it: "nhs_number" is
// "NHS number", "activity_id" is "activity".
func FieldWords(f string) string {
	if w, ok := fieldWords[f]; ok {
		return w
	}
	return strings.ReplaceAll(strings.TrimSuffix(f, "_id"), "_", " ")
}

// Sentence says what an entry records, in words an administrator reads:
// "added person Agnieszka Walker", "changed the phone and email of person
// Agnieszka Walker", "added Sam Patel as facilitator". what names the
// record ("Agnieszka Walker", "Garden group on Sat 21 Nov 2026"); the
// caller knows the records, this package knows the words.
func Sentence(a domain.Audit, what string) string {
	kind := record.Kind(a.EntityKind)
	thing := strings.TrimSpace(KindWords(kind) + " " + what)
	if kind == domain.KindStaff || kind == domain.KindPerson && what != "" {
		thing = what // a name says what it is
	}
	if strings.HasPrefix(what, "for ") {
		thing = KindWords(kind) + " " + what // "referral for Agnieszka Walker"
	}
	if a.Action == ActionAdded || a.Action == ActionChanged {
		fields := detailFields(a.Detail)
		switch {
		case kind == domain.KindAttendance && fields["status"] && !fields["deleted"]:
			return "marked " + what // "marked Peter Thomas at Garden group on ..."
		case kind == domain.KindEnrolment && a.Action == ActionAdded:
			return "enrolled " + what // "enrolled Peter Thomas on Garden group"
		case kind == domain.KindConsent && a.Action == ActionChanged && fields["withdrawn"]:
			return "recorded the withdrawal of " + thing // "... of consent for Peter Thomas"
		}
	}
	switch a.Action {
	case ActionAdded:
		return "added " + thing
	case ActionChanged:
		fields := detailFields(a.Detail)
		if fields["deleted"] {
			return "removed " + thing
		}
		return "changed " + fieldPhrase(fields) + " of " + thing
	case ActionViewed:
		return viewedSentence(thing, a.Detail)
	case ActionStaffChanged, ActionPINReset, ActionLockoutCleared:
		return staffSentence(a.Action, thing, a.Detail)
	case ActionErased:
		if a.Detail != "" {
			return "erased " + thing + " (" + a.Detail + ")"
		}
		return "erased " + thing
	case ActionExported:
		return "exported " + a.Detail
	case ActionUnlocked:
		return "unlocked this device"
	case ActionFailedUnlock:
		return "was refused: " + a.Detail
	case ActionLockedOut:
		return "was locked out after too many wrong PINs"
	case ActionImported:
		// "people from a spreadsheet (7 rows): 3 added…; fields: a, b"
		head, list, ok := strings.Cut(a.Detail, "; fields: ")
		if !ok {
			return "imported " + a.Detail
		}
		var words []string
		for _, f := range strings.Split(list, ", ") {
			words = append(words, FieldWords(f))
		}
		return "imported " + head + "; filled in " + strings.Join(words, ", ")
	case ActionMerged:
		return mergedSentence(thing, a.Detail)
	case ActionRefusedUndone:
		// "1 refused change; fields: phone" (Recorder.RefusedUndone)
		head, list, ok := strings.Cut(a.Detail, "; ")
		line := "undid " + head + " on this device"
		if ok && thing != "" {
			line += " to " + fieldPhrase(detailFields(list)) + " of " + thing
		}
		return line
	case ActionDeviceCode:
		return "made a code to connect a new device " + a.Detail
	}
	// The rest were recorded with a detail that reads on its own ("removed
	// Hall tablet (...)", "changed their own PIN").
	if a.Detail != "" {
		return a.Detail
	}
	return a.Action
}

// staffSentence puts the staff member's name into the detail an
// administrator's action was recorded with: "added as facilitator" becomes
// "added Sam Patel as facilitator".
func staffSentence(action, who, detail string) string {
	switch action {
	case ActionPINReset:
		return "set a new PIN for " + who
	case ActionLockoutCleared:
		return "let " + who + " try their PIN again"
	}
	for _, verb := range []string{"added", "removed", "given", "set up"} {
		if rest, ok := strings.CutPrefix(detail, verb+" "); ok {
			return verb + " " + who + " " + rest
		}
	}
	if rest, ok := strings.CutPrefix(detail, "role changed "); ok {
		return "changed the role of " + who + " " + rest
	}
	if detail == "" {
		return "changed the access of " + who
	}
	return who + ": " + detail
}

// detailFields reads the field names FieldList wrote.
func detailFields(detail string) map[string]bool {
	out := map[string]bool{}
	list, ok := strings.CutPrefix(detail, "fields: ")
	if !ok {
		return out
	}
	for _, f := range strings.Split(list, ", ") {
		out[f] = true
	}
	return out
}

// fieldPhrase is "the phone and email", "the name, role and notes", or
// "7 details" when the list would be too long to read.
func fieldPhrase(fields map[string]bool) string {
	var words []string
	for f := range fields {
		if !bookkeeping[f] {
			words = append(words, FieldWords(f))
		}
	}
	sort.Slice(words, func(i, j int) bool { return strings.ToLower(words[i]) < strings.ToLower(words[j]) })
	switch {
	case len(words) == 0:
		return "the details"
	case len(words) == 1:
		return "the " + words[0]
	case len(words) <= 4:
		return "the " + strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
	}
	return fmt.Sprintf("%d details", len(words))
}

// mergedSentence reads a merge's detail (Recorder.Merged): "merged a second
// record (id d) into Peter Thomas, taking the phone and date of birth from
// it; 3 case records and 1 enrolment moved to them".
func mergedSentence(thing, detail string) string {
	parts := map[string]string{}
	from := ""
	for _, p := range strings.Split(detail, "; ") {
		if rest, ok := strings.CutPrefix(p, "from "); ok {
			from = rest
			continue
		}
		if k, v, ok := strings.Cut(p, ": "); ok {
			parts[k] = v
		}
	}
	s := "merged a second record"
	if from != "" {
		s += " (id " + from + ")"
	}
	s += " into " + thing
	if took := parts["took"]; took != "" {
		fields := map[string]bool{}
		for _, f := range strings.Split(took, ", ") {
			fields[f] = true
		}
		s += ", taking " + fieldPhrase(fields) + " from it"
	}
	var moved []string
	if n := parts["moved"]; n != "" && n != "0" {
		moved = append(moved, n+map[bool]string{true: " case record", false: " case records"}[n == "1"])
	}
	if n := parts["enrolled"]; n != "" && n != "0" {
		moved = append(moved, n+map[bool]string{true: " enrolment", false: " enrolments"}[n == "1"])
	}
	if len(moved) > 0 {
		s += "; " + strings.Join(moved, " and ") + " moved to them"
	}
	return s
}

// viewedSentence says what was seen and why. The detail of a viewed entry
// names what was on the screen, then after ": " or ", " how much or why:
// "call list for reminders: 12 people's phone numbers", "contact details,
// to tell them Garden group on Sat 21 Nov 2026 is cancelled". The record,
// when one is named, is whose they were: "viewed the contact details of
// Agnieszka Walker, to tell them ...". "case" is a person's whole case.
func viewedSentence(thing, detail string) string {
	switch {
	case detail == "case":
		return "viewed the case of " + thing
	case detail == "" && thing == "":
		return "viewed something not recorded"
	case detail == "":
		return "viewed " + thing
	}
	head, rest := detail, ""
	if i := strings.IndexAny(detail, ":,"); i > 0 {
		head, rest = detail[:i], detail[i:]
	}
	if !strings.HasPrefix(head, "the ") {
		head = "the " + head
	}
	if thing != "" {
		head += " of " + thing
	}
	return "viewed " + head + rest
}
