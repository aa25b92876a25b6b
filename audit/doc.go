// Package audit builds and reads Gather's audit trail: who looked at a
// person's case, who changed what and when, who exported or erased data,
// and who unlocked the device (or failed to).
//
// Entries are ordinary records of kind domain.KindAudit, so they are saved,
// synced and merged like everything else, but each entry has a fresh random
// id and all its fields are written once: nothing ever edits an entry, so
// the trail only grows. The UI saves an entry in the same storage Save as
// the change it describes, so there is never a change without its entry:
//
//	err := rec.Save(store, staffID, change)
//
// Entries name fields, never values: the trail says that someone changed a
// person's phone number, not what it was or became, so it holds no case data
// of its own beyond record ids (which are random and mean nothing once the
// person is erased). Audit is a case kind, so it never reaches venue devices
// from the server; venue devices push their own entries up.
//
// List reads entries from a storage view, newest first, with filters; WriteCSV
// exports them for an administrator.
package audit
