package domain

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/gather-sp/gather/record"
)

// StaffKnownAt reports whether a staff member should be able to unlock a
// device: an organisation device (org) knows everyone; a venue device
// knows staff who work at one of its venues, and staff with no venues
// (who work everywhere). Deleted staff are known nowhere.
func StaffKnownAt(st Staff, org bool, deviceVenues []string) bool {
	if st.Deleted || st.ID == "" {
		return false
	}
	if org || len(st.Venues) == 0 {
		return true
	}
	for _, v := range st.Venues {
		for _, d := range deviceVenues {
			if v == d {
				return true
			}
		}
	}
	return false
}

// AddStaff is the change that puts a new member of staff on record (an
// administrator added them to a device): every field of st.
func AddStaff(st Staff) record.Change {
	return record.Change{Kind: KindStaff, ID: st.ID, Fields: Encode(st)}
}

// VenueRoles are the roles a device enrolled for venues may give staff:
// a tablet adds the people who take its registers, no one more trusted.
var VenueRoles = []string{RoleFacilitator, RoleVolunteer}

// VenueMayWriteStaff says why a device enrolled for venues may not write
// value to a staff record's field, or "" when it may. Where someone works
// and their setup code decide which devices let them in, so they are an
// organisation device's to write, even empty; so is any role but
// VenueRoles. (sync/server's push holds venue devices to this; the app
// offers no more.)
func VenueMayWriteStaff(field, value string) string {
	switch field {
	case "invite", "venues":
		return "venue devices may not give staff PIN setup codes or venues"
	case "role":
		if value == "" {
			return ""
		}
		for _, r := range VenueRoles {
			if value == r {
				return ""
			}
		}
		return fmt.Sprintf("venue devices may give staff the facilitator or volunteer role, not %q", value)
	}
	return ""
}

// ChangeStaffRole is the change that gives staff member id the role; the
// name goes with it, so a device that had no record of them has one.
func ChangeStaffRole(id, name, role string) record.Change {
	return record.Change{Kind: KindStaff, ID: id, Fields: map[string]string{"name": name, "role": role}}
}

// ChangeStaffVenues is the change that says where staff member id works
// (none: every venue, as StaffKnownAt reads it): which venue devices let
// them in, and on a device serving every venue which sessions and marks a
// facilitator or volunteer sees (access.TodayVenues,
// access.PersonRegisterScope). The name goes with it, as with
// ChangeStaffRole, so a device that had no record of them has one.
func ChangeStaffVenues(id, name string, venues []string) record.Change {
	return record.Change{Kind: KindStaff, ID: id, Fields: map[string]string{"name": name, "venues": Encode(Staff{Venues: venues})["venues"]}}
}

// RenameStaff is the change that gives staff member id a new name (typed
// wrong, or changed). When onRecord (their record on this device, zero
// when there is none) has no role, they are known to the key file only:
// the role goes with it, so the record the other devices get says what
// they are.
func RenameStaff(onRecord Staff, id, name, role string) record.Change {
	fields := map[string]string{"name": name}
	if onRecord.Role == "" {
		fields["role"] = role
	}
	return record.Change{Kind: KindStaff, ID: id, Fields: fields}
}

// GiveSetupCode is the change that puts the public half of a setup code
// (invite: keyslot.Invite's text) in staff member id's record, so the
// devices at their venues can let them choose a PIN with the code. The
// code itself goes nowhere. When onRecord (their record on this device,
// zero when there is none) has no name, they are known to the key file
// only: the change writes their name too, the record the other devices
// need. The role always goes with the code: the code gives the role the
// administrator saw beside their name, not one a device without the
// administrator role wrote there beforehand, also when this device has not
// received that write yet (its record still says the role shown). A new
// code replaces the last.
func GiveSetupCode(onRecord Staff, id, name, role, invite string) record.Change {
	fields := map[string]string{"invite": invite, "role": role}
	if onRecord.Name == "" {
		fields["name"] = name
	}
	return record.Change{Kind: KindStaff, ID: id, Fields: fields}
}

// SetupCodeWaiting reports whether a staff record's invite (the public
// half of a setup code, keyslot.Invite's text) can still be used at now:
// until it expires, the devices that know them seal their keys to it with
// their record's role, so their role and venues are an administrator
// device's to change. An invite whose expiry cannot be read counts as
// waiting (the server's rule fails closed).
func SetupCodeWaiting(invite string, now time.Time) bool {
	if invite == "" {
		return false
	}
	var v struct {
		Expires time.Time `json:"expires"`
	}
	if json.Unmarshal([]byte(invite), &v) != nil || v.Expires.IsZero() {
		return true
	}
	return now.Before(v.Expires)
}

// RemoveStaff is the change that takes staff member id off the
// organisation's records: every device refuses their PIN at their next
// unlock and drops their slot there (desktop's sign-in, lock.SignInRole).
// Only a device enrolled for a role that manages staff may send it
// (sync/server's checkStaffWrites).
func RemoveStaff(id string) record.Change {
	return record.Change{Kind: KindStaff, ID: id, Fields: map[string]string{"deleted": "true"}}
}
