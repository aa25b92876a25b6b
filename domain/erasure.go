package domain

import "github.com/gather-sp/gather/record"

// The right to erasure, as devices (storage.ErasureChanges) and the server
// (sync/server) both apply it: they must agree on what goes with a person.

// ErasedWithPerson lists the kinds whose records belong to one person (by
// their person_id; an enrolment's id names the person too) and are erased
// with them. The person's attendance marks are not erased but stripped of
// ErasedMarkFields, so counts stay right without saying who came.
var ErasedWithPerson = []record.Kind{KindReferral, KindMatch, KindFollowUp, KindContact,
	KindMeasure, KindConsent, KindEnrolment}

// ErasedMarkFields are the fields of an erased person's attendance marks
// that the erasure blanks.
var ErasedMarkFields = []string{"note", "companion"}

// IsErasedWithPerson reports whether records of kind are erased with their
// person (ErasedWithPerson).
func IsErasedWithPerson(k record.Kind) bool {
	for _, p := range ErasedWithPerson {
		if p == k {
			return true
		}
	}
	return false
}

// PersonInID returns the person a derived id names: the person of an
// attendance mark or an enrolment, or "" for any other kind.
func PersonInID(kind record.Kind, id string) string {
	var person string
	switch kind {
	case KindAttendance:
		_, person, _ = ParseAttendanceID(id)
	case KindEnrolment:
		_, person, _ = ParseEnrolmentID(id)
	}
	return person
}
