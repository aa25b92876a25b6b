// Package access decides what each staff role may see and do, and locks a
// shared device when it is left alone.
//
// The policy is pure: functions of a role, a record kind, a field or an
// action, with no I/O and no Fyne, so the UI asks it before showing a field
// or offering a button, and tests can cover every combination. It fails
// closed: an unknown role, kind, field of a person, or action is refused.
//
// What a person goes to is theirs too: PersonRegisterScope says at which
// venues a role sees someone's activities and attendance on their card
// (none for a volunteer, the device's venues for a facilitator, all for the
// case roles). An enrolment is at its activity's venue as it is now, a mark
// at the venue where it was taken (VenueScope.IncludesActivity and
// IncludesMark), so after the office moves an activity its old marks stay
// with the old venue. The reports under a venue filter place an enrolment
// differently on purpose: where its activity met on the day counted (a
// report is about what happened where), while the card shows where someone
// would go now.
//
// It is the second line. The first is the sync scope: the server never sends
// case data to venue devices at all, so a volunteer's tablet does not hold
// it. This package covers organisation devices, where a receptionist and a
// link worker share a laptop but not a view of the case.
//
// Locker is the idle auto-lock: Touch on every input, LockNow for the button,
// and a callback when it locks. Time comes from a Clock so tests move it by
// hand.
package access
