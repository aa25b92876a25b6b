package access

import (
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// ActionOfWrite says which action a write to field of a record of kind
// amounts to, for the writes only some roles may make and a write's kind
// and field tell apart: ok is false for every other write, which the
// role does not limit here (the scope and the other checks still do).
// The sync server refuses such a write from a device enrolled for a role
// that may not take the action (sync/server's checkRole), and the app's
// screens ask it before offering a change that writes one (a conflict's
// resolution: ActionToResolve).
//
//   - erased, on any kind: erasing a person writes the tombstone on them
//     and on each of their records (storage.ErasureChanges), and it is
//     for good (it wins every merge and takes the case with it);
//   - merged_into on a person: merging hides the duplicate from every list
//     and moves their case to the survivor;
//   - any field of the organisation's settings (retention, follow-up
//     interval, the service's contact details).
//
// Staff records are not here: a device's first administrator and "Add me"
// write them from devices of any role. What only a role that manages
// staff may do to them depends on what the record holds already: removing
// someone, or changing their role or venues (StaffWriteManages; the
// server's changesWhoMayUseGather), making a new one an administrator but
// the organisation's first (the server's makesNewAdministrator), and
// giving a setup code, or a role or
// venues while one waits (the server's checkSetupCodes). Nor is a conflict record's resolution: what
// it needs depends on the record it is about (ActionToResolve).
func ActionOfWrite(kind record.Kind, field string) (Action, bool) {
	switch {
	case field == record.FieldErased:
		return ActionErasePerson, true
	case kind == domain.KindPerson && field == record.FieldMergedInto:
		return ActionMergePeople, true
	case kind == domain.KindSetting:
		return ActionChangeOrgSettings, true
	}
	return "", false
}

// ActionToResolve is the action resolving conflict c needs besides
// ActionReviewConflicts, either way: ok is false when it needs none.
// Keeping the value set aside writes it to the field c is about, and
// keeping the one that won decides that field's value just as much, so
// both need what a write to that field needs (ActionOfWrite): a link
// worker reviews conflicts, but not one over the organisation's settings,
// which only an administrator may change. The server asks it of a
// device's role for every write to a conflict record but its erasure
// (sync/server's checkRole), so the resolution is refused with the value
// it writes back, and the app does not offer it (app/admin's Conflicts).
func ActionToResolve(c domain.Conflict) (Action, bool) {
	return ActionOfWrite(record.Kind(c.EntityKind), c.Field)
}

// DecidesConflict reports whether a write to field of a conflict record is
// a reviewer's decision on it (domain.ResolveConflict writes resolved and
// resolved_by), which needs ActionReviewConflicts besides what
// ActionToResolve says: deciding takes the conflict off every reviewer's
// list, and the value set aside with it. The server asks it of a device's
// role (sync/server's checkRole). A conflict's other fields are the
// server's, made from the two writes; a device sends them back only as it
// received them (to a server restored from a backup, from every device
// that holds them), and the server takes them from a device whose role
// does not review conflicts only as it holds them already, and only if the
// role receives them (sync/server's returnedAsHeld).
func DecidesConflict(field string) bool { return field == "resolved" || field == "resolved_by" }

// StaffWriteManages reports whether a change to field of a staff record
// is ActionManageStaff's when it changes a value the record holds:
// deleted or erased (every device then refuses their PIN: RemovesStaff),
// role (every device signs them in with no higher a role), venues (which
// devices let them in, and what a facilitator or volunteer sees). Their
// name is anyone's to write.
func StaffWriteManages(field string) bool {
	return field == record.FieldDeleted || field == record.FieldErased || field == "role" || field == "venues"
}

// RemovesStaff reports whether writing value to field of a staff record
// removes them: deleted, or the right to erasure's tombstone (erased),
// which removes them for good, set to "true". Both are held to the same
// rules: a role that manages staff, and never the organisation's last
// administrator (sync/server's changesWhoMayUseGather and
// checkLastAdministrator).
func RemovesStaff(field, value string) bool {
	return (field == record.FieldDeleted || field == record.FieldErased) && value == "true"
}
