package access

import (
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// Action is something a member of staff may be allowed to do.
type Action string

// The actions the UI offers. Each screen's buttons check one of these.
const (
	ActionOpenSession      Action = "open session"     // open or close today's register
	ActionCancelSession    Action = "cancel session"   // call a session off (weather, holiday, illness), or back on
	ActionMarkAttendance   Action = "mark attendance"  // tick, untick, late, left early, note
	ActionAddWalkIn        Action = "add walk-in"      // register someone new at a session
	ActionEditPersonCard   Action = "edit person card" // name, preferred name, access needs, emergency contact
	ActionFindPerson       Action = "find person"      // search everyone, not only today's register
	ActionMergePeople      Action = "merge people"     // resolve someone registered twice
	ActionImportPeople     Action = "import people"    // bring in a list of people from a spreadsheet
	ActionViewCase         Action = "view case"        // open a person's case: contact details, referrals, notes
	ActionTakeReferral     Action = "take referral"    // record a new (self-)referral
	ActionEditReferral     Action = "edit referral"    // status, assessment, decline, close
	ActionMatchActivity    Action = "match activity"   // match a person to an activity
	ActionRecordFollowUp   Action = "record follow-up"
	ActionRecordMeasure    Action = "record measure"    // wellbeing questionnaires
	ActionLogContact       Action = "log contact"       // contact log, consent
	ActionPrintInfoSheet   Action = "print info sheet"  // a person's own, naming them; an activity's sheet naming nobody needs none
	ActionSendReminders    Action = "send reminders"    // call lists and letters for a session or follow-ups due
	ActionLetterToGP       Action = "letter to GP"      // a summary of the case for the person's GP, with their consent
	ActionManageActivities Action = "manage activities" // venues, activities, schedules
	ActionRunReports       Action = "run reports"       // aggregate numbers, CSV and PDF
	ActionReviewConflicts  Action = "review conflicts"
	ActionManageStaff      Action = "manage staff"   // add, remove, reset PINs, clear lockouts
	ActionManageDevices    Action = "manage devices" // enrol devices with the server (Settings' server address and code), revoke them
	// ActionSetDeviceVenues chooses the venues a device serves (Settings):
	// what Today and Activities show everyone who uses it next.
	ActionSetDeviceVenues Action = "set device venues"
	ActionViewAudit       Action = "view audit"
	ActionExportAudit     Action = "export audit"
	ActionErasePerson     Action = "erase person" // right to erasure
	// ActionChangeOrgSettings changes the organisation's settings: the
	// follow-up interval, the service's contact details and how long closed
	// cases are kept.
	ActionChangeOrgSettings Action = "change organisation settings"
	ActionSyncNow           Action = "sync now"
	// ActionUndoRefused puts this device back to the server's value of a
	// change the server refused (Settings): it drops the value typed here.
	ActionUndoRefused Action = "undo refused change"
)

// Actions lists every action, for screens that show a role's permissions.
var Actions = []Action{
	ActionOpenSession, ActionCancelSession, ActionMarkAttendance, ActionAddWalkIn, ActionEditPersonCard, ActionFindPerson,
	ActionMergePeople, ActionImportPeople, ActionViewCase, ActionTakeReferral, ActionEditReferral, ActionMatchActivity,
	ActionRecordFollowUp, ActionRecordMeasure, ActionLogContact, ActionPrintInfoSheet, ActionSendReminders, ActionLetterToGP,
	ActionManageActivities, ActionRunReports, ActionReviewConflicts, ActionManageStaff,
	ActionManageDevices, ActionSetDeviceVenues, ActionViewAudit, ActionExportAudit, ActionErasePerson, ActionChangeOrgSettings,
	ActionSyncNow, ActionUndoRefused,
}

const (
	admin     = domain.RoleAdministrator
	link      = domain.RoleLinkWorker
	coord     = domain.RoleCoordinator
	reception = domain.RoleReception
	facil     = domain.RoleFacilitator
	volunteer = domain.RoleVolunteer
)

func roles(rs ...string) map[string]bool {
	m := make(map[string]bool, len(rs))
	for _, r := range rs {
		m[r] = true
	}
	return m
}

// allowed says which roles may take each action. Volunteers do the register
// and nothing else; facilitators also keep the person card up to date.
// Reception finds people, takes referrals and logs contact, but does not
// read wellbeing measures or the link worker's follow-ups. Coordinators run
// the programme: the activity directory and the reports' numbers, and
// nothing about any one person.
var allowed = map[Action]map[string]bool{
	ActionOpenSession:    roles(admin, link, facil, volunteer),
	ActionCancelSession:  roles(admin, link, facil),
	ActionMarkAttendance: roles(admin, link, facil, volunteer),
	ActionAddWalkIn:      roles(admin, link, facil, volunteer),
	ActionEditPersonCard: roles(admin, link, reception, facil),
	ActionFindPerson:     roles(admin, link, reception),
	ActionMergePeople:    roles(admin, link), // it moves measures and follow-ups reception may not read
	ActionImportPeople:   roles(admin, link),
	ActionViewCase:       roles(admin, link, reception),
	ActionTakeReferral:   roles(admin, link, reception),
	ActionEditReferral:   roles(admin, link),
	ActionMatchActivity:  roles(admin, link),
	ActionRecordFollowUp: roles(admin, link),
	ActionRecordMeasure:  roles(admin, link),
	ActionLogContact:     roles(admin, link, reception),
	// A person's own sheet is the reception desk's and the link worker's
	// (DESIGN.md): it names them, so the file is audited and its owner's
	// only, and its route and welcome come from the match, which
	// facilitators do not read. A facilitator hands a newcomer, or the
	// friend they came with, the activity's sheet (Activities).
	ActionPrintInfoSheet: roles(admin, link, reception),
	// Reminders read contact details and consent and write the contact
	// log: the link worker's work (coordinators see no contact data).
	ActionSendReminders: roles(admin, link),
	// A letter to the GP summarises the case: referral, activities,
	// wellbeing scores; reception does not read those.
	ActionLetterToGP:       roles(admin, link),
	ActionManageActivities: roles(admin, link, coord),
	ActionRunReports:       roles(admin, link, coord),
	ActionReviewConflicts:  roles(admin, link),
	ActionManageStaff:      roles(admin),
	ActionManageDevices:    roles(admin),
	// A shared tablet's venues decide which sessions the next person sees
	// on Today: set up by whoever sets the device up (an administrator) or
	// runs the programme and its venues (a coordinator, as for
	// ActionManageActivities). Not those who take the register on it, nor
	// a link worker passing through: one venue ticked there hides every
	// other venue's sessions from the next person.
	ActionSetDeviceVenues:   roles(admin, coord),
	ActionViewAudit:         roles(admin),
	ActionExportAudit:       roles(admin),
	ActionErasePerson:       roles(admin),
	ActionChangeOrgSettings: roles(admin),
	ActionSyncNow:           roles(admin, link, coord, reception, facil, volunteer),
	// Volunteers do the register only; taking back a change made on the
	// device, perhaps by someone else, is for those who run the place.
	ActionUndoRefused: roles(admin, link, coord, reception, facil),
}

// CanDo reports whether role may take action. Unknown roles and actions are
// refused.
func CanDo(role string, action Action) bool { return allowed[action][role] }

// ManagesStaff reports whether role is one that manages staff
// (ActionManageStaff): the one rule for a device's enrolled role (whether
// the server takes a staff change from it) and a staff record's (whether
// it gives someone the role, or lowers the organisation's last one).
// Unknown roles and "" do not.
func ManagesStaff(role string) bool { return CanDo(role, ActionManageStaff) }

// CanKeepPractices reports whether role keeps the organisation's list of
// GP practices: it manages the programme's lists (ActionManageActivities)
// and may see the practices (organisation data, not every role's).
func CanKeepPractices(role string) bool {
	return CanDo(role, ActionManageActivities) && CanSeeKind(role, domain.KindPractice)
}

// CardLeadsWithPrinting reports whether a person's card offers printing
// their info sheet as its main action for role, rather than opening their
// case. It does for a role that may print a person's sheet but does not
// work the case (ActionEditReferral: assess, decline, close): the
// reception desk, who open the case only to answer a question, and whose
// job at the card is to hand the person the sheet for what they go to.
// A link worker (and an administrator) may print too, but the card is
// their way into the case, so "Open their case" stays the primary button.
// Decided from the permissions, not the role's name, so a role added
// later is placed by what it may do.
func CardLeadsWithPrinting(role string) bool {
	return CanDo(role, ActionPrintInfoSheet) && !CanDo(role, ActionEditReferral)
}

// KnownRole reports whether role is one of domain.Roles.
func KnownRole(role string) bool {
	for _, r := range domain.Roles {
		if r == role {
			return true
		}
	}
	return false
}

// CanSeeCaseData reports whether role may see any case data at all (see
// domain.IsCaseData): whether a person's case screen exists for them.
func CanSeeCaseData(role string) bool { return caseKinds[role] != nil }

// caseKinds are the case kinds each role may read. Roles absent here see no
// case data. Audit is for administrators only; conflicts hold values of any
// field, so only those who review them see them.
var caseKinds = map[string]map[record.Kind]bool{
	admin: {
		domain.KindReferral: true, domain.KindMatch: true, domain.KindFollowUp: true, domain.KindContact: true,
		domain.KindMeasure: true, domain.KindConsent: true, domain.KindConflict: true, domain.KindAudit: true,
		domain.KindSetting: true, domain.KindPractice: true,
	},
	link: {
		domain.KindReferral: true, domain.KindMatch: true, domain.KindFollowUp: true, domain.KindContact: true,
		domain.KindMeasure: true, domain.KindConsent: true, domain.KindConflict: true, domain.KindSetting: true,
		domain.KindPractice: true,
	},
	reception: {
		domain.KindReferral: true, domain.KindMatch: true, domain.KindContact: true, domain.KindConsent: true,
		domain.KindPractice: true,
	},
}

// unreadCaseFields are fields of a case kind that a role reading the
// kind still does not read, because its work does not need them.
// Reception reads referrals to answer "has my referral arrived?" and to
// find a person's open one (status, dates, source, practice, referrer);
// why a GP referred someone ("low mood or anxiety, bereavement") is for
// the link worker, and the desk sees every practice's referrals. Why is
// also in the notes (a reason none of the list fits is "other" and a note)
// and in why a referral was declined. The desk still types the reasons and
// notes on a self-referral it takes: writing them is ActionTakeReferral,
// not reading others'. The server sends a device enrolled as reception
// referrals without them (DeviceKeeps, the first line); this is the
// second, on screen.
var unreadCaseFields = map[string]map[record.Kind]map[string]bool{
	reception: {domain.KindReferral: {"reasons": true, "notes": true, "decline_reason": true}},
}

// personCard is what everyone who may see a person at all sees: what a
// facilitator needs to greet them, keep them safe and call someone if they
// are taken ill. Listed, not derived, so a person field added later is case
// data for venue roles until someone decides otherwise (a test checks every
// field of domain.Person is decided).
var personCard = map[string]bool{
	"given_name": true, "family_name": true, "preferred_name": true, "access_needs": true,
	"emergency_contact_name": true, "emergency_contact_phone": true,
	// Whether they agreed to be photographed: the facilitator taking
	// photos at the session must know, offline (docs/security.md).
	"photo_consent":        true,
	record.FieldMergedInto: true, record.FieldDeleted: true,
}

// CanSeeKind reports whether role may see records of kind at all (some of
// their fields, for person).
func CanSeeKind(role string, kind record.Kind) bool {
	if !KnownRole(role) {
		return false
	}
	if !domain.IsCaseKind(kind) && isKnownKind(kind) {
		return true
	}
	return caseKinds[role][kind]
}

// CanSeeField reports whether role may see one field of a kind. Register
// data (venues, activities, sessions, enrolments, attendance, staff names
// and the person card) is for everyone; case data only for the roles in
// caseKinds; person case fields (contact details, date of birth, NHS number,
// practice...) for the roles that can see case data.
func CanSeeField(role string, kind record.Kind, field string) bool {
	if !KnownRole(role) || !isKnownKind(kind) {
		return false
	}
	if kind == domain.KindPerson {
		if personCard[field] || field == "id" {
			return true
		}
		return CanSeeCaseData(role)
	}
	if domain.IsCaseData(kind, field) {
		return caseKinds[role][kind] && !unreadCaseFields[role][kind][field]
	}
	return true
}

func isKnownKind(kind record.Kind) bool {
	for _, k := range domain.Kinds {
		if k == kind {
			return true
		}
	}
	return false
}

// Visible returns only the fields of values that role may see, for screens
// that show raw field maps (conflicts, history).
func Visible(role string, kind record.Kind, values map[string]string) map[string]string {
	out := make(map[string]string, len(values))
	for f, v := range values {
		if CanSeeField(role, kind, f) {
			out[f] = v
		}
	}
	return out
}

// RedactPerson blanks the fields of p that role may not see, so a screen
// that is handed a whole person cannot show what it should not.
func RedactPerson(role string, p domain.Person) domain.Person {
	var out domain.Person
	domain.Decode(p.ID, domain.Values(Visible(role, domain.KindPerson, domain.Encode(p))), &out)
	return out
}

// RolesThatCan lists the roles that may take action, most trusted first:
// handy for a navigation entry's list of roles that see it.
func RolesThatCan(action Action) []string {
	var out []string
	for _, r := range domain.Roles {
		if CanDo(r, action) {
			out = append(out, r)
		}
	}
	return out
}

// VenueScope is the venues at which someone may see a person's register
// record: every venue (All), or only those listed (none at all when the
// list is empty).
type VenueScope struct {
	All    bool
	Venues []string
}

// Includes reports whether venue is in the scope.
func (s VenueScope) Includes(venue string) bool {
	if s.All {
		return true
	}
	for _, v := range s.Venues {
		if v == venue {
			return true
		}
	}
	return false
}

// None reports whether the scope holds no venue at all.
func (s VenueScope) None() bool { return !s.All && len(s.Venues) == 0 }

// IncludesActivity reports whether the scope holds an activity, and so
// someone's enrolment on it: at the venue where it meets now. An activity
// the office moved is enrolled on at its new venue.
func (s VenueScope) IncludesActivity(a domain.Activity) bool { return s.Includes(a.VenueID) }

// IncludesMark reports whether the scope holds an attendance mark: at the
// venue where it was taken (its own venue_id), which is the register that
// venue's tablet held, whether or not its activity has moved since. Marks
// taken before a move stay with the old venue; those taken after are the
// new venue's.
func (s VenueScope) IncludesMark(m domain.Attendance) bool { return s.Includes(m.VenueID) }

// PersonRegisterScope says at which venues role may see, on a person's card,
// the activities they are enrolled on (IncludesActivity: where the activity
// meets now) and the sessions they came to (IncludesMark: where the
// register was taken), on a
// device serving deviceVenues (none: all of them) for someone who works at
// staffVenues (none: anywhere). What someone goes to says something of their
// circumstances (money advice, a bereavement group), so:
//
//   - link workers, reception and administrators see every venue: they read
//     the matches on the case anyway;
//   - a facilitator sees the venues the device serves (a venue tablet's),
//     or, on a device serving all of them, the venues where they work:
//     the garden group's facilitator has no business knowing that someone
//     goes to the money advice drop-in across town. One who works at every
//     venue (none listed, as domain.StaffKnownAt reads it) sees every one;
//   - a volunteer sees none: names, access needs and the emergency contact
//     only (DESIGN.md), and today's register they are taking;
//   - coordinators and unknown roles see none.
func PersonRegisterScope(role string, deviceVenues, staffVenues []string) VenueScope {
	switch role {
	case admin, link, reception:
		return VenueScope{All: true}
	case facil:
		if len(deviceVenues) > 0 {
			return VenueScope{Venues: deviceVenues}
		}
		if len(staffVenues) > 0 {
			return VenueScope{Venues: staffVenues}
		}
		return VenueScope{All: true}
	}
	return VenueScope{}
}

// TodayVenues are the venues whose sessions Today lists (nil: every
// venue) for someone in role who works at staffVenues (none: anywhere),
// on a device serving deviceVenues (none: all of them). A device serving
// some venues lists theirs, for everyone. On one serving all of them, a
// facilitator or volunteer sees the sessions of the venues where they
// work, as their venue's tablet would show them: the garden group's
// facilitator does not open the money advice drop-in's register, and so
// learn who goes to it (PersonRegisterScope keeps it off their cards
// too). The office roles see every venue's.
func TodayVenues(role string, deviceVenues, staffVenues []string) []string {
	if len(deviceVenues) > 0 {
		return deviceVenues
	}
	switch role {
	case facil, volunteer:
		return staffVenues
	}
	return nil
}

// TodayLeavesOutOtherVenues reports whether Today, for someone in role
// who works at staffVenues on a device serving deviceVenues, lists only the
// venues where they work (TodayVenues) on a device that holds every
// venue's: Today then names the sessions it leaves out, so a facilitator
// covering a colleague's session elsewhere learns why it is not there and
// who can list it (their venues are set by an administrator).
func TodayLeavesOutOtherVenues(role string, deviceVenues, staffVenues []string) bool {
	return len(deviceVenues) == 0 && TodayVenues(role, deviceVenues, staffVenues) != nil
}
