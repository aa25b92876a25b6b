// Package admin is the administrator's screen, Admin: staff who may unlock
// this device (PINs, lockouts, roles, PIN setup codes for other devices),
// the organisation's devices on the server (connection codes for new
// tablets, removing a lost one), the GP practices referrals come from
// (app/activities' list, shown as a section), the audit trail with its
// filters and CSV export, the sync conflicts to review, and erasure with
// the retention period. Who sees each section comes from the access policy
// (Roles, and adminAllowed in the screen); link workers see Conflicts and
// GP practices only.
//
// The screen takes a shell.Shell and the Services the shell holds (the key
// file, the sync client's device management, signing out, the export
// folder). Its records come from domain's actions (domain.AddStaff,
// domain.GiveSetupCode, domain.ResolveConflict, ...) and audit.Recorder's
// entries, saved through the shell; erasure goes through the store's
// ErasePerson with its audit entry.
package admin
