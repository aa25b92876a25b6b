package domain

import (
	"strings"
	"time"
)

// Venue is a place where activities happen.
type Venue struct {
	ID         string `field:"id"`
	Name       string `field:"name"`
	Address    string `field:"address"`
	Postcode   string `field:"postcode"`
	Directions string `field:"directions"`  // how to get there: bus, parking, which door
	AccessInfo string `field:"access_info"` // step-free, toilets, hearing loop
	Phone      string `field:"phone"`
	Deleted    bool   `field:"deleted"`
}

// Activity categories.
const (
	CategoryGardening   = "gardening"
	CategoryCraft       = "craft"
	CategorySinging     = "singing"
	CategoryArt         = "art"
	CategoryMuseum      = "museum"
	CategoryMindfulness = "mindfulness"
	CategoryMoneyAdvice = "money advice"
	CategoryEmployment  = "employment"
	CategoryExercise    = "exercise"
	CategorySocial      = "social"
)

// Categories lists the activity categories in display order.
var Categories = []string{CategoryGardening, CategoryCraft, CategorySinging, CategoryArt, CategoryMuseum,
	CategoryMindfulness, CategoryMoneyAdvice, CategoryEmployment, CategoryExercise, CategorySocial}

// Activity levels, from first try to advanced.
const (
	LevelTaster       = "taster"
	LevelIntroductory = "introductory"
	LevelIntermediate = "intermediate"
	LevelAdvanced     = "advanced"
)

// Levels lists the levels in order.
var Levels = []string{LevelTaster, LevelIntroductory, LevelIntermediate, LevelAdvanced}

// Schedules (see MeetsOn).
const (
	ScheduleWeekly      = "weekly"      // every week on Weekday
	ScheduleFortnightly = "fortnightly" // every two weeks on Weekday, counted from StartDate
	ScheduleMonthly     = "monthly"     // the WeekOfMonth'th Weekday of each month
	ScheduleOneOff      = "one-off"     // once, on StartDate
)

// LastWeekOfMonth is the WeekOfMonth of a monthly activity that meets on
// the last of its weekday in each month.
const LastWeekOfMonth = -1

// FieldMovedFrom is the field of an activity that lists, sorted and
// comma-separated, the venues it moved away from. Only the server writes
// it (when an activity's venue_id changes), so those venues' tablets, which
// still hold the activity at their venue, receive it with its new venue.
const FieldMovedFrom = "moved_from"

// Activity is something a person can be matched to: a garden group, a
// crafternoon, money advice.
type Activity struct {
	ID        string       `field:"id"`
	Name      string       `field:"name"`
	VenueID   string       `field:"venue_id"`
	Category  string       `field:"category"`
	Level     string       `field:"level"`
	NextSteps []string     `field:"next_steps"` // activity ids that follow this one
	Schedule  string       `field:"schedule"`   // ScheduleWeekly (also when empty), ...Fortnightly, ...Monthly, ...OneOff
	Weekday   time.Weekday `field:"weekday"`    // for weekly, fortnightly and monthly activities
	StartDate string       `field:"start_date"` // YYYY-MM-DD; the date of a one-off; a fortnightly one's first week
	EndDate   string       `field:"end_date"`   // YYYY-MM-DD, empty when open-ended
	// WeekOfMonth is which of its weekday in the month a monthly activity
	// meets on: 1 to 5 (the first to the fifth), or LastWeekOfMonth.
	WeekOfMonth int `field:"week_of_month"`
	// SkipDates are dates it does not meet although its schedule says so
	// (bank holidays, the Christmas break), YYYY-MM-DD, sorted.
	SkipDates   []string `field:"skip_dates"`
	StartTime   string   `field:"start_time"` // HH:MM
	EndTime     string   `field:"end_time"`
	Capacity    int      `field:"capacity"`
	Online      bool     `field:"online"`
	Cost        string   `field:"cost"` // "Free", "£2 for materials"
	Facilitator string   `field:"facilitator"`
	Description string   `field:"description"`
	WhatToBring string   `field:"what_to_bring"`
	ContactName string   `field:"contact_name"` // who to ask for on arrival; online, who will welcome them
	// MeetingPoint is, for an activity met in person, where to meet or
	// wait on arrival ("At the green gate on Elm Road; we start in the
	// polytunnel"): the venue's directions get someone to the building,
	// this to the right door.
	MeetingPoint string `field:"meeting_point"`
	// JoinLink is, for an online activity, how to join: a joining link, a
	// dial-in number, or both (CheckJoinLink says what it may hold).
	JoinLink string `field:"join_link"`
	Deleted  bool   `field:"deleted"`
}

// Session is one meeting of an activity on a date; its id is SessionID.
type Session struct {
	ID         string    `field:"id"`
	ActivityID string    `field:"activity_id"`
	VenueID    string    `field:"venue_id"`
	Date       string    `field:"date"` // YYYY-MM-DD
	Closed     bool      `field:"closed"`
	ClosedBy   string    `field:"closed_by"`
	ClosedAt   time.Time `field:"closed_at"`
	// ExpectedAtClose is who the register expected when it was closed
	// (nil for a session closed before this was kept): a closed register
	// keeps to them, so someone matched afterwards is not "to mark" on it.
	ExpectedAtClose []string `field:"expected_at_close"`
	Cancelled       bool     `field:"cancelled"`
	// CancelReason says why it was cancelled ("Bad weather: the beds are
	// waterlogged"); CancelledBy and CancelledAt who and when (see
	// CancelSession).
	CancelReason string    `field:"cancel_reason"`
	CancelledBy  string    `field:"cancelled_by"`
	CancelledAt  time.Time `field:"cancelled_at"`
	Note         string    `field:"note"`
}

// Person is someone supported by the service. The card fields travel to the
// venues where they take part; the case fields stay on organisation devices
// (see IsCaseData).
type Person struct {
	ID                    string `field:"id"`
	GivenName             string `field:"given_name"`
	FamilyName            string `field:"family_name"`
	PreferredName         string `field:"preferred_name"`
	AccessNeeds           string `field:"access_needs"`
	EmergencyContactName  string `field:"emergency_contact_name"`
	EmergencyContactPhone string `field:"emergency_contact_phone"`
	MergedInto            string `field:"merged_into"`
	Deleted               bool   `field:"deleted"`
	// PhotoConsent mirrors their photo consent onto the card (see
	// PhotoConsentCard): venue tablets hold no consent records.
	PhotoConsent bool `field:"photo_consent"`

	// Case fields.
	DateOfBirth        string   `field:"date_of_birth"` // YYYY-MM-DD
	Phone              string   `field:"phone"`
	Email              string   `field:"email"`
	Address            string   `field:"address"`
	Postcode           string   `field:"postcode"`
	ContactPreferences []string `field:"contact_preferences"` // phone, text, email, letter
	NHSNumber          string   `field:"nhs_number"`
	Practice           string   `field:"practice"`
	Gender             string   `field:"gender"`
	Ethnicity          string   `field:"ethnicity"`
}

// FullName is given and family name.
func (p Person) FullName() string {
	switch {
	case p.GivenName == "":
		return p.FamilyName
	case p.FamilyName == "":
		return p.GivenName
	}
	return p.GivenName + " " + p.FamilyName
}

// DisplayName is how every screen and print names a person: the full
// name, with the name they go by in brackets when it differs, so the card,
// the register and the referrals all read "Margaret (Peggy) Hughes".
func (p Person) DisplayName() string {
	if p.PreferredName == "" || p.PreferredName == p.GivenName {
		return p.FullName()
	}
	return strings.TrimSpace(strings.TrimSpace(p.GivenName+" ("+p.PreferredName+")") + " " + p.FamilyName)
}

// Enrolment puts a person on an activity's register; its id is EnrolmentID.
type Enrolment struct {
	ID         string `field:"id"`
	ActivityID string `field:"activity_id"`
	PersonID   string `field:"person_id"`
	VenueID    string `field:"venue_id"`
	Started    string `field:"started"` // YYYY-MM-DD
	Ended      string `field:"ended"`   // YYYY-MM-DD when they stopped
	Deleted    bool   `field:"deleted"`
	// The welcome: what the link worker wrote at matching for the venue,
	// so the facilitator can greet them at their first session (see
	// WelcomeFromMatch). Register data: it reaches the venue's tablet, as
	// the rest of the match does not.
	WelcomeMeetBy     string `field:"welcome_meet_by"`
	WelcomeWithFriend bool   `field:"welcome_with_friend"`
	WelcomeNote       string `field:"welcome_note"`
}

// Active reports whether the enrolment is current.
func (e Enrolment) Active() bool { return !e.Deleted && e.Ended == "" }

// Attendance states.
const (
	StatusPresent   = "present"
	StatusLate      = "late"
	StatusLeftEarly = "left early"
	StatusApologies = "apologies"
	StatusAbsent    = "absent"
)

// AttendanceStatuses lists the states in the order a register offers them.
var AttendanceStatuses = []string{StatusPresent, StatusLate, StatusLeftEarly, StatusApologies, StatusAbsent}

// Attended reports whether a status means the person was there.
func Attended(status string) bool {
	return status == StatusPresent || status == StatusLate || status == StatusLeftEarly
}

// Attendance is one person's mark in one session; its id is AttendanceID.
type Attendance struct {
	ID         string    `field:"id"`
	SessionID  string    `field:"session_id"`
	PersonID   string    `field:"person_id"`
	ActivityID string    `field:"activity_id"`
	VenueID    string    `field:"venue_id"`
	Date       string    `field:"date"`
	Status     string    `field:"status"`    // empty once a mark is undone
	Companion  string    `field:"companion"` // "friend", "carer" or ""
	Note       string    `field:"note"`
	MarkedBy   string    `field:"marked_by"`
	MarkedAt   time.Time `field:"marked_at"`
}

// Referral sources.
const (
	SourceGP           = "GP"
	SourceSelf         = "self-referral"
	SourceProfessional = "other professional"
)

// ReferralSources are the referral sources in the order a form offers them.
var ReferralSources = []string{SourceSelf, SourceGP, SourceProfessional}

// SourceWords is a referral source as every screen and paper writes it:
// "Self-referral", "GP", "Other professional"; a source from elsewhere
// (an import) with its first letter capital; "" for none.
func SourceWords(source string) string {
	return CapitalFirst(strings.TrimSpace(source))
}

// Referral reasons.
var ReferralReasons = []string{"loneliness or isolation", "low mood or anxiety", "money or debt", "housing",
	"work", "long-term condition", "caring", "bereavement", "other"}

// Referral is a request for a person to be supported.
type Referral struct {
	ID            string   `field:"id"`
	PersonID      string   `field:"person_id"`
	Source        string   `field:"source"`
	Practice      string   `field:"practice"`
	Referrer      string   `field:"referrer"`
	Reasons       []string `field:"reasons"`
	Notes         string   `field:"notes"`
	Urgent        bool     `field:"urgent"`
	Status        string   `field:"status"`
	Received      string   `field:"received"` // YYYY-MM-DD
	Contacted     string   `field:"contacted"`
	Assessed      string   `field:"assessed"`
	Matched       string   `field:"matched"`
	Attending     string   `field:"attending"`
	Closed        string   `field:"closed"`
	Declined      string   `field:"declined"`
	DeclineReason string   `field:"decline_reason"`
	SnomedCodes   []string `field:"snomed"`
	Deleted       bool     `field:"deleted"`
}

// Match links a person to an activity, with the support they need to get there.
type Match struct {
	ID          string `field:"id"`
	PersonID    string `field:"person_id"`
	ActivityID  string `field:"activity_id"`
	ReferralID  string `field:"referral_id"`
	Date        string `field:"date"`
	TravelRoute string `field:"travel_route"`
	MeetBy      string `field:"meet_by"` // someone to meet them
	WithFriend  bool   `field:"with_friend"`
	VenueNote   string `field:"venue_note"` // for the facilitator, to welcome them: goes on the enrolment
	// Waiting is the date they were put on the activity's waiting list,
	// matched while it was full; PlaceGiven the date they were given a
	// place (enrolled) from it. See WaitingList.
	Waiting    string    `field:"waiting"`
	WaitingAt  time.Time `field:"waiting_at"` // when, to the moment: first come first on the same day
	PlaceGiven string    `field:"place_given"`
	Ended      string    `field:"ended"`
	Deleted    bool      `field:"deleted"`
}

// FollowUp is a check-in due with a person.
type FollowUp struct {
	ID         string `field:"id"`
	PersonID   string `field:"person_id"`
	ReferralID string `field:"referral_id"`
	Due        string `field:"due"`  // YYYY-MM-DD
	Done       string `field:"done"` // YYYY-MM-DD when recorded
	Outcome    string `field:"outcome"`
	By         string `field:"by"`
	Deleted    bool   `field:"deleted"`
}

// Contact methods.
var ContactMethods = []string{"phone call", "text", "email", "letter", "in person", "printed information given"}

// Contact is an entry in a person's contact log.
type Contact struct {
	ID       string `field:"id"`
	PersonID string `field:"person_id"`
	Method   string `field:"method"`
	Date     string `field:"date"`
	Outcome  string `field:"outcome"`
	NextStep string `field:"next_step"`
	By       string `field:"by"`
	Deleted  bool   `field:"deleted"`
}

// Wellbeing instruments.
const (
	InstrumentONS4    = "ons4"
	InstrumentSWEMWBS = "swemwbs"
)

// InstrumentName is how every screen names a wellbeing instrument: in
// plain words first, with the name the forms and reports know it by
// after, "Four wellbeing questions (ONS4)". An instrument Gather does not
// know is named as recorded.
func InstrumentName(instrument string) string {
	switch instrument {
	case InstrumentONS4:
		return "Four wellbeing questions (ONS4)"
	case InstrumentSWEMWBS:
		return "Short wellbeing questions (SWEMWBS)"
	}
	return instrument
}

// Measure is one completed wellbeing questionnaire. Items are stored
// separately, in question order, and never summed for ONS4.
type Measure struct {
	ID            string `field:"id"`
	PersonID      string `field:"person_id"`
	Instrument    string `field:"instrument"`
	Stage         string `field:"stage"` // baseline or follow-up
	Date          string `field:"date"`
	Items         []int  `field:"items"`
	SelfCompleted bool   `field:"self_completed"`
	Helped        bool   `field:"helped"`
	By            string `field:"by"`
	Deleted       bool   `field:"deleted"`
}

// Consent purposes.
var ConsentPurposes = []string{"share with GP", "contact by phone", "contact by text", "contact by email", "contact by post", "photos"}

// Consent is a dated consent for one purpose; Withdrawn is set when taken back.
type Consent struct {
	ID         string `field:"id"`
	PersonID   string `field:"person_id"`
	Purpose    string `field:"purpose"`
	Given      string `field:"given"` // YYYY-MM-DD
	Withdrawn  string `field:"withdrawn"`
	RecordedBy string `field:"recorded_by"` // who recorded it given
	// WithdrawnBy is who recorded the withdrawal (empty on records
	// withdrawn before it was kept).
	WithdrawnBy string `field:"withdrawn_by"`
	Deleted     bool   `field:"deleted"`
}

// Staff roles.
const (
	RoleAdministrator = "administrator"
	RoleLinkWorker    = "link worker"
	RoleCoordinator   = "coordinator" // runs the programme: reports and the activity directory, no cases
	RoleReception     = "reception"
	RoleFacilitator   = "facilitator"
	RoleVolunteer     = "volunteer"
)

// Roles lists the roles, most trusted first.
var Roles = []string{RoleAdministrator, RoleLinkWorker, RoleCoordinator, RoleReception, RoleFacilitator, RoleVolunteer}

// Staff is someone who uses Gather.
type Staff struct {
	ID      string `field:"id"`
	Name    string `field:"name"`
	Role    string `field:"role"`
	Deleted bool   `field:"deleted"`
	// Venues are where they work; none means everywhere (StaffKnownAt).
	Venues []string `field:"venues"`
	// Invite is the public half of their setup code (keyslot.Invite's
	// String), while they have one: devices that know them seal their
	// key to it, so the code sets their PIN there at their first unlock.
	// It holds no secret: the code itself never leaves the screen it was
	// shown on.
	Invite string `field:"invite"`
}

// Conflict is a value that lost a merge to a concurrent write, kept for a
// person to review.
type Conflict struct {
	ID          string `field:"id"`
	EntityKind  string `field:"entity_kind"`
	EntityID    string `field:"entity_id"`
	Field       string `field:"field"`
	WinnerValue string `field:"winner_value"`
	WinnerStaff string `field:"winner_staff"`
	WinnerAt    string `field:"winner_at"`
	LoserValue  string `field:"loser_value"`
	LoserStaff  string `field:"loser_staff"`
	LoserAt     string `field:"loser_at"`
	Resolved    string `field:"resolved"` // "winner" or "loser" once reviewed
	ResolvedBy  string `field:"resolved_by"`
}

// Audit is one entry in the append-only audit trail: who looked at or changed
// what, when and on which device. Entries are written once and never edited.
type Audit struct {
	ID         string    `field:"id"`
	Staff      string    `field:"staff"`
	Action     string    `field:"action"` // "viewed", "changed", "exported", "erased", ...
	EntityKind string    `field:"entity_kind"`
	EntityID   string    `field:"entity_id"`
	Detail     string    `field:"detail"`
	At         time.Time `field:"at"`
	Device     string    `field:"device"`
}

// OrgSettingsID is the id of an organisation's one settings record.
const OrgSettingsID = "organisation"

// OrgSettings are choices made once for the whole organisation. They are a
// record like any other, so they sync to every organisation device; venue
// tablets receive only the service's contact (IsCaseData), for the info
// sheets they print.
type OrgSettings struct {
	ID string `field:"id"`
	// FollowUpWeeks is how long after matching a follow-up falls due, 4 to
	// 6; 0 means DefaultFollowUpWeeks.
	FollowUpWeeks int `field:"follow_up_weeks"`
	// RetentionMonths is how long a closed case is kept before it is listed
	// for erasure; 0 keeps cases until someone erases them.
	RetentionMonths int `field:"retention_months"`
	// The service's own contact details, which letters and info sheets
	// give so that a reader can reply (ServiceContact, SetServiceContact).
	ServiceName    string `field:"service_name"`
	ServicePhone   string `field:"service_phone"`
	ServiceEmail   string `field:"service_email"`
	ServiceAddress string `field:"service_address"` // lines as typed, one a line
}
