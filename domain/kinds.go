package domain

import (
	"reflect"

	"github.com/gather-sp/gather/record"
)

// The kinds of entity Gather keeps.
const (
	KindVenue      record.Kind = "venue"
	KindActivity   record.Kind = "activity"
	KindSession    record.Kind = "session"
	KindPerson     record.Kind = "person"
	KindEnrolment  record.Kind = "enrolment"
	KindAttendance record.Kind = "attendance"
	KindReferral   record.Kind = "referral"
	KindMatch      record.Kind = "match"
	KindFollowUp   record.Kind = "followup"
	KindContact    record.Kind = "contact"
	KindMeasure    record.Kind = "measure"
	KindConsent    record.Kind = "consent"
	KindStaff      record.Kind = "staff"
	KindConflict   record.Kind = "conflict"
	KindAudit      record.Kind = "audit"
	KindSetting    record.Kind = "setting"  // organisation-wide choices (OrgSettings)
	KindPractice   record.Kind = "practice" // the list of GP practices (Practice)
)

// Kinds lists every kind, register kinds first.
var Kinds = []record.Kind{
	KindVenue, KindActivity, KindSession, KindPerson, KindEnrolment, KindAttendance, KindStaff,
	KindReferral, KindMatch, KindFollowUp, KindContact, KindMeasure, KindConsent, KindConflict, KindAudit, KindSetting,
	KindPractice,
}

// caseKinds hold case data: they reach only organisation devices.
var caseKinds = map[record.Kind]bool{
	KindReferral: true, KindMatch: true, KindFollowUp: true, KindContact: true,
	KindMeasure: true, KindConsent: true, KindConflict: true, KindAudit: true,
	KindPractice: true, // referral and person records name them; no venue needs the list
}

// settingVenueFields are the organisation's settings a venue device holds:
// the service's contact, which an activity's info sheet printed there gives
// as the number to call when the venue has none. The rest (the follow-up
// interval, the retention period, and any setting this version does not
// know) is the organisation's.
var settingVenueFields = map[string]bool{
	"id": true, "service_name": true, "service_phone": true, "service_email": true, "service_address": true,
}

// personCaseFields are the person fields that are case data, kept apart from
// the card (name, access needs, emergency contact) that venue tablets see.
var personCaseFields = map[string]bool{
	"date_of_birth": true, "phone": true, "email": true, "address": true, "postcode": true,
	"contact_preferences": true, "nhs_number": true, "practice": true, "gender": true, "ethnicity": true,
}

// IsCaseKind reports whether every field of kind is case data.
func IsCaseKind(k record.Kind) bool { return caseKinds[k] }

// HasCaseFields reports whether some fields of a kind that is not all case
// data are case data, so a venue device receives its records in part
// (people's cards, the service's contact from the settings).
func HasCaseFields(k record.Kind) bool { return k == KindPerson || k == KindSetting }

// IsCaseData reports whether a field of a kind is case data, which only
// organisation devices may hold. Unknown kinds are case data: access checks
// fail closed.
func IsCaseData(k record.Kind, field string) bool {
	if caseKinds[k] {
		return true
	}
	switch k {
	case KindPerson:
		return personCaseFields[field]
	case KindSetting:
		return !settingVenueFields[field]
	}
	for _, known := range Kinds {
		if known == k {
			return false
		}
	}
	return true
}

// PersonCardFields are the person fields a venue device keeps up to date:
// the card its screens edit (Edit details, a walk-in's registration). The
// rest of a person record is the organisation's: case data, and the
// fields that remove, merge or mirror a case (deleted, merged_into,
// photo_consent).
var PersonCardFields = []string{"given_name", "family_name", "preferred_name", "access_needs",
	"emergency_contact_name", "emergency_contact_phone"}

// MaxCardBytes is the most text a person's card holds: the values of its
// fields (PersonCardFields) together, in UTF-8 bytes, whichever device
// writes them. The card has its own share of the server's limit on one
// record, so whether a card fits never depends on the case fields a venue
// tablet may not see (docs/sync-protocol.md, Limits).
const MaxCardBytes = 32 << 10

// CardBytes is how much of MaxCardBytes a card uses; value gives each card
// field's text.
func CardBytes(value func(field string) string) int {
	n := 0
	for _, f := range PersonCardFields {
		n += len(value(f))
	}
	return n
}

// IsPersonCardField reports whether a person field is on the card
// (PersonCardFields).
func IsPersonCardField(field string) bool {
	for _, f := range PersonCardFields {
		if f == field {
			return true
		}
	}
	return false
}

// walkInFields are the case fields a walk-in form asks a newcomer for:
// how to reach them, and what the equity report counts. A venue device may
// pass them on for a person it registers itself (the server checks that
// from its own records), and keeps none once the server has them.
var walkInFields = map[string]bool{"phone": true, "date_of_birth": true, "gender": true, "ethnicity": true}

// IsWalkInField reports whether a person field is one of the case fields a
// walk-in form asks for.
func IsWalkInField(field string) bool { return walkInFields[field] }

// appRecords are the record structs of the kinds a venue device writes
// besides people (whose fields PersonCardFields and the case fields say).
var appRecords = map[record.Kind]reflect.Type{
	KindVenue: reflect.TypeOf(Venue{}), KindActivity: reflect.TypeOf(Activity{}), KindSession: reflect.TypeOf(Session{}),
	KindEnrolment: reflect.TypeOf(Enrolment{}), KindAttendance: reflect.TypeOf(Attendance{}), KindStaff: reflect.TypeOf(Staff{}),
}

// IsAppField reports whether field is one the app's records of kind have
// (their struct's fields but the id, and an activity's FieldMovedFrom),
// for venues, activities, sessions, enrolments, marks and staff; listed is
// false for every other kind. A field once written stays in a record
// (only an erasure drops fields), so a made-up one would take a place of
// the record's limited number for good (sync/server refuses them from
// venue devices).
func IsAppField(kind record.Kind, field string) (is, listed bool) {
	t, ok := appRecords[kind]
	if !ok {
		return false, false
	}
	if kind == KindActivity && field == FieldMovedFrom {
		return true, true
	}
	for _, f := range fieldsOf(t) {
		if f.name == field && f.name != "id" {
			return true, true
		}
	}
	return false, true
}
