package audit

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// Actions an entry can record.
const (
	ActionViewed         = "viewed"          // opened a person's case or another case record
	ActionChanged        = "changed"         // wrote fields of a record
	ActionExported       = "exported"        // a report, CSV, PDF or the audit trail itself left the app
	ActionErased         = "erased"          // a person erased under the right to erasure
	ActionUnlocked       = "unlocked"        // a staff member unlocked the device
	ActionFailedUnlock   = "failed unlock"   // wrong PINs, counted by the key file
	ActionLockedOut      = "locked out"      // too many wrong PINs
	ActionStaffChanged   = "staff changed"   // staff added, removed, role changed
	ActionPINReset       = "PIN reset"       // an administrator set a new PIN
	ActionLockoutCleared = "lockout cleared" // an administrator let someone try again
	ActionRestored       = "restored"        // the device was put back from a backup
	ActionImported       = "imported"        // people brought in from a spreadsheet, as one action
	ActionMerged         = "merged"          // a person's second record merged into theirs, as one action
)

// Actions on the organisation's devices, taken from Admin › Devices.
const (
	ActionDeviceCode    = "device code made" // an enrolment code made for a new device
	ActionDeviceRemoved = "device removed"   // a device revoked on the server
)

// ActionRefusedUndone: changes the server refused, undone on this device
// (Settings › Changes the server refused); the server is not changed.
const ActionRefusedUndone = "refused changes undone"

// maxDetail bounds free text passed in by callers; details are short notes,
// not documents.
const maxDetail = 500

// Recorder makes entries for one device.
type Recorder struct {
	// Device is the store's device id (storage.Store.Device()).
	Device string
	// Now replaces the wall clock, for tests.
	Now func() time.Time
	// Exists, when set, says whether a record is already stored, so a save
	// that creates one is recorded as "added" rather than "changed".
	Exists func(kind record.Kind, id string) bool
}

func (r Recorder) now() time.Time {
	if r.Now != nil {
		return r.Now().UTC()
	}
	return time.Now().UTC()
}

// entry builds one audit record as a change with every field set, under a
// fresh id so it can never overwrite another entry.
func (r Recorder) entry(staff, action string, kind record.Kind, id, detail string) record.Change {
	a := domain.Audit{
		ID:         domain.NewID(),
		Staff:      staff,
		Action:     action,
		EntityKind: string(kind),
		EntityID:   id,
		Detail:     clip(detail),
		At:         r.now(),
		Device:     r.Device,
	}
	return record.Change{Kind: domain.KindAudit, ID: a.ID, Fields: domain.Encode(a)}
}

func clip(s string) string {
	if len(s) <= maxDetail {
		return s
	}
	s = s[:maxDetail]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s + "…"
}

// ViewedCase records that staff opened a person's case. Write it once per
// opening, not on every redraw, or the trail drowns in repeats.
func (r Recorder) ViewedCase(staff, personID string) record.Change {
	return r.entry(staff, ActionViewed, domain.KindPerson, personID, "case")
}

// Viewed records that staff opened one case record (a referral, a measure).
func (r Recorder) Viewed(staff string, kind record.Kind, id string) record.Change {
	return r.entry(staff, ActionViewed, kind, id, "")
}

// Changed returns one entry per change, naming the fields written (never
// their values): "added" for a new record when Exists can tell, else
// "changed". Changes to audit entries themselves are skipped.
func (r Recorder) Changed(staff string, changes ...record.Change) []record.Change {
	var out []record.Change
	for _, c := range changes {
		if c.Kind == domain.KindAudit || len(c.Fields) == 0 {
			continue
		}
		action := ActionChanged
		if r.Exists != nil && !r.Exists(c.Kind, c.ID) {
			action = ActionAdded
		}
		out = append(out, r.entry(staff, action, c.Kind, c.ID, FieldList(c.Fields)))
	}
	return out
}

// FieldList is the detail of a "changed" entry: the sorted field names.
func FieldList(fields map[string]string) string {
	names := make([]string, 0, len(fields))
	for f := range fields {
		names = append(names, f)
	}
	sort.Strings(names)
	return "fields: " + strings.Join(names, ", ")
}

// Saver is a store: what Save commits, it commits as one action.
type Saver interface {
	Save(staff string, changes ...record.Change) error
}

// Save is how every screen saves: changes and their audit entries, as
// staff, in one commit, so nothing is saved without its entry.
func (r Recorder) Save(s Saver, staff string, changes ...record.Change) error {
	return s.Save(staff, r.WithAudit(staff, changes...)...)
}

// WithAudit returns changes followed by their "changed" entries: pass the
// result to one storage Save so the change and its entry commit together.
func (r Recorder) WithAudit(staff string, changes ...record.Change) []record.Change {
	out := append([]record.Change(nil), changes...)
	return append(out, r.Changed(staff, changes...)...)
}

// Exported records that data left the app. what says which export ("audit
// trail CSV", "attendance report PDF"); it must not hold personal data.
func (r Recorder) Exported(staff, what string, rows int) record.Change {
	return r.entry(staff, ActionExported, "", "", fmt.Sprintf("%s, %d rows", what, rows))
}

// Printed records a printout that names people, as an export about the
// record it came from (a session, a person), so the trail answers "who
// printed this person's details?".
func (r Recorder) Printed(staff, what string, rows int, kind record.Kind, id string) record.Change {
	return r.entry(staff, ActionExported, kind, id, fmt.Sprintf("%s, %d rows", what, rows))
}

// Merged records a merge of a person's second record (duplicateID) into
// theirs (survivorID), as one entry for the whole action: the fields taken
// from the second record, how many case records moved to them and how many
// enrolments they were given. It names no one: the ids say who, and an
// erasure of the person leaves nothing about them here.
func (r Recorder) Merged(staff, survivorID, duplicateID string, taken []string, moved, enrolled int) record.Change {
	detail := fmt.Sprintf("from %s; took: %s; moved: %d; enrolled: %d", duplicateID, strings.Join(taken, ", "), moved, enrolled)
	return r.entry(staff, ActionMerged, domain.KindPerson, survivorID, detail)
}

// RefusedUndone records that staff undid on this device n changes the
// server refused to one record, naming the fields (never their values: the
// device no longer holds them, and the trail must not). A record of "" and
// no fields is an undo the caller cannot name the records of.
func (r Recorder) RefusedUndone(staff string, kind record.Kind, id string, n int, fields []string) record.Change {
	detail := fmt.Sprintf("%d refused changes", n)
	if n == 1 {
		detail = "1 refused change"
	}
	if len(fields) > 0 {
		set := map[string]string{}
		for _, f := range fields {
			set[f] = ""
		}
		detail += "; " + FieldList(set)
	}
	return r.entry(staff, ActionRefusedUndone, kind, id, detail)
}

// Erased records that a person was erased. Only the id is kept, so the
// entry itself does not undo the erasure.
func (r Recorder) Erased(staff, personID string) record.Change {
	return r.entry(staff, ActionErased, domain.KindPerson, personID, "")
}

// ErasedExpired records that a person was erased because their case
// closed more than months ago (the retention period). Only the id is
// kept, as with Erased.
func (r Recorder) ErasedExpired(staff, personID string, months int) record.Change {
	detail := fmt.Sprintf("case closed over %d months ago (retention period)", months)
	return r.entry(staff, ActionErased, domain.KindPerson, personID, detail)
}

// Unlocked records a successful unlock and, when the key file counted wrong
// PINs before it (keyslot.Unlocked.PriorFailures and LastFailure), a
// "failed unlock" entry for those too, dated at the last of them: they may
// have happened before the store could be opened to write them.
func (r Recorder) Unlocked(staff string, priorFailures int, lastFailure time.Time) []record.Change {
	var out []record.Change
	if priorFailures > 0 {
		failed := r.FailedUnlock(staff, priorFailures)
		if !lastFailure.IsZero() {
			failed.Fields["at"] = domain.Encode(domain.Audit{At: lastFailure})["at"]
		}
		out = append(out, failed)
	}
	return append(out, r.entry(staff, ActionUnlocked, domain.KindStaff, staff, ""))
}

// FailedUnlock records wrong PINs tried for staff while the store was open
// (switching staff on a locked device).
func (r Recorder) FailedUnlock(staff string, wrongPINs int) record.Change {
	detail := fmt.Sprintf("%d wrong PINs", wrongPINs)
	if wrongPINs == 1 {
		detail = "1 wrong PIN"
	}
	return r.entry(staff, ActionFailedUnlock, domain.KindStaff, staff, detail)
}

// LockedOut records that staff's PIN slot locked after too many wrong PINs.
func (r Recorder) LockedOut(staff string) record.Change {
	return r.entry(staff, ActionLockedOut, domain.KindStaff, staff, "")
}

// StaffAction records an administrator's change to a staff member's access:
// action is ActionStaffChanged, ActionPINReset or ActionLockoutCleared, and
// detail says what ("added as volunteer", "removed").
func (r Recorder) StaffAction(admin, action, staffID, detail string) record.Change {
	return r.entry(admin, action, domain.KindStaff, staffID, detail)
}

// Entry builds an entry for an action this package has no helper for (a
// device revoked, closed cases removed under the retention period). detail
// must not hold personal data.
func (r Recorder) Entry(staff, action string, kind record.Kind, id, detail string) record.Change {
	return r.entry(staff, action, kind, id, detail)
}
