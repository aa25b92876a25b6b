package access

import (
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// What an organisation device enrolled for a role keeps. The server sends
// such a device only this (sync/server, rolereads.go), so a stolen or
// misused reception desk or coordinator's laptop that pulls directly holds
// no more than its screens need: the first line, where what a role reads
// (CanSeeKind, CanSeeField) is the second. It is what the role reads, and
// besides what its screens work with without showing it:
//
//   - the organisation's settings, for every role: no one's personal data,
//     and the service's contact details go on every sheet it prints (a
//     reception desk's info sheets);
//   - for a role that runs reports but reads no case (a coordinator), what
//     the reports count (reportInputs): they are worked out on the device,
//     offline, from its records, and show only totals small numbers are
//     suppressed in. Not the notes, contact details, NHS number, contact
//     log, consents, conflicts or audit trail, which no report reads;
//   - the fields that say what became of a record it keeps (deleted,
//     merged_into, erased), and the tombstone of any record erased or
//     deleted, of whatever kind (DeviceKeepsTombstone), so an erasure or
//     deletion reaches every copy.

// reportInputs are the case kinds and fields the reports count (package
// report, Load and Build), by the roles that run reports without reading
// the case. A nil field set is every field but the free-text notes.
var reportInputs = map[string]map[record.Kind]map[string]bool{
	coord: {
		domain.KindPerson: {"date_of_birth": true, "gender": true, "ethnicity": true, "practice": true},
		domain.KindReferral: {"id": true, "person_id": true, "source": true, "practice": true, "reasons": true, "urgent": true,
			"status": true, "received": true, "contacted": true, "assessed": true, "matched": true, "attending": true,
			"closed": true, "declined": true, "decline_reason": true, "snomed": true},
		domain.KindMatch:    nil,
		domain.KindFollowUp: nil,
		domain.KindMeasure:  nil,
		domain.KindPractice: nil,
	},
}

// lifecycleFields say what became of a record: kept wherever it is. An
// erasure's seal goes with it (sync/server: erasureseal.go).
var lifecycleFields = map[string]bool{record.FieldDeleted: true, record.FieldMergedInto: true, record.FieldErased: true, record.FieldErasureSeal: true}

// DeviceKeepsKind reports whether an organisation device enrolled for role
// keeps any record of kind. Unknown roles and kinds keep nothing.
func DeviceKeepsKind(role string, kind record.Kind) bool {
	if !KnownRole(role) || !isKnownKind(kind) {
		return false
	}
	if kind == domain.KindSetting || CanSeeKind(role, kind) {
		return true
	}
	_, counted := reportInputs[role][kind]
	return counted && CanDo(role, ActionRunReports)
}

// DeviceKeeps reports whether an organisation device enrolled for role
// keeps one field of a record of kind.
func DeviceKeeps(role string, kind record.Kind, field string) bool {
	if !DeviceKeepsKind(role, kind) {
		return false
	}
	if lifecycleFields[field] || kind == domain.KindSetting || CanSeeField(role, kind, field) {
		return true
	}
	if !CanDo(role, ActionRunReports) {
		return false
	}
	fields, counted := reportInputs[role][kind]
	if !counted {
		return false
	}
	if fields == nil {
		return field != "notes"
	}
	return fields[field]
}

// DeviceKeepsTombstone reports whether an organisation device enrolled
// for role keeps one field of a record of kind that was erased or deleted:
// the fields that say so (erased and its seal, deleted, a person's merged_into), of
// every kind. The device may hold the record although its role is not
// sent its kind: a link worker signed in at the reception desk records a
// measure there, and a device enrolled before the server filtered by role
// pulled everything. The tombstone says nothing but that a record with
// that random id was erased or deleted.
func DeviceKeepsTombstone(role string, kind record.Kind, field string) bool {
	return KnownRole(role) && isKnownKind(kind) && lifecycleFields[field]
}

// DeviceKeepsWhole reports whether an organisation device enrolled for
// role keeps every field of every record of kind, so the server can send
// the record as it holds it, without reading its fields (the first pull of
// an administrator's or link worker's laptop is mostly attendance marks).
func DeviceKeepsWhole(role string, kind record.Kind) bool {
	if !DeviceKeepsKind(role, kind) {
		return false
	}
	if kind == domain.KindSetting {
		return true
	}
	if _, unread := unreadCaseFields[role][kind]; unread {
		return false
	}
	if kind == domain.KindPerson {
		return CanSeeCaseData(role)
	}
	// A case kind is read whole by a role in caseKinds (less its
	// unreadCaseFields), a register kind by everyone; a kind kept only
	// for the reports is kept in part.
	return CanSeeKind(role, kind)
}

// DeviceKeepsAllOf reports whether an organisation device enrolled for
// role is sent everything it was sent when enrolled for was: the same role, an
// administrator's (which keeps everything), or a device enrolled without
// a role (sent everything, as before roles were kept). Otherwise it may be
// sent less, so a device enrolled again for role forgets what it holds and
// pulls again from the start (sync/client): a link worker's laptop handed
// to the reception desk keeps no measures. Roles are compared whole, not
// field by field: forgetting when the new role keeps more costs one pull,
// which an enrolment makes anyway.
func DeviceKeepsAllOf(role, was string) bool {
	return role == was || role == admin || role == ""
}
