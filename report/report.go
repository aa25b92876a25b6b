package report

// Report is everything a report shows for one period and scope. Build makes
// it; Tables and Charts lay it out for a screen, CSV or PDF.
type Report struct {
	Options    Options // as given, with Today filled in
	Scope      string  // in words: "Whole organisation", "Venue: Lakeside Garden"
	Attendance Attendance
	Referrals  Referrals
	// WaitingLists are the full activities' waiting lists.
	WaitingLists WaitingLists
	FollowUps    FollowUps
	Outcomes     Outcomes
	Equity       []EquityRow
}

// Attendance is what happened at sessions in the period.
type Attendance struct {
	SessionsHeld int // sessions that met: not cancelled, with a mark or a past session record
	// SessionsHeldHidden is set under a practice filter when fewer than 5
	// of its people came: a session is held for it when one of them was
	// marked there, so the count would tell how often those few were.
	SessionsHeldHidden bool
	// SessionsExpected are the sessions the activities' schedules (see
	// domain.MeetsOn) put in the period, up to the day the report is made
	// (that day's once held or called off); SessionsCancelled those of the
	// period that were called off.
	SessionsExpected, SessionsCancelled int
	// ForPractice is set under a practice filter. Then sessions expected
	// and cancelled, places per session and places taken are
	// NotApplicable (and 0 or None): the schedules and the places at a
	// session are the service's, shared by every practice, and beside the
	// sessions held for the practice they read as sessions missed and
	// places left empty.
	ForPractice        bool
	Attendances        Stat  // marks of present, late or left early; N is the people behind them
	People             Count // different people who came at least once
	NewPeople          Count // people whose first ever attendance (in this scope) was in the period
	PerSession         Stat  // attendances divided by sessions held
	CapacityPerSession Stat  // places per session, over sessions of activities with a capacity
	FillRate           Stat  // attendances at activities with a capacity, divided by their places
	Apologies          Count // marks of apologies
	Absent             Count // marks of absent
	// Companions are the friends and carers who came along with someone: a
	// mark of present, late or left early noting one counts one. They are
	// not in Attendances, which counts the people the service supports.
	Companions    Count
	Friends       Count // of Companions, friends
	Carers        Count // of Companions, carers
	ByActivity    []ActivityAttendance
	Weeks         []string // the Monday of each week in the period, for Trend
	Trend         []ActivityTrend
	StoppedComing []StoppedComing // named: staff only; a row per activity (StoppedComingPeople counts people)
}

// ActivityAttendance is one activity's row.
type ActivityAttendance struct {
	ActivityID, Activity, Venue string
	SessionsHeld                int
	SessionsHeldHidden          bool // as Attendance.SessionsHeldHidden, for this activity's people
	SessionsExpected            int  // as its schedule says, up to the day the report is made
	SessionsCancelled           int
	ForPractice                 bool // as Attendance.ForPractice
	Capacity                    int  // places per session, 0 when not set
	Attendances                 Stat
	People                      Count
	PerSession                  Stat
	FillRate                    Stat
	Apologies, Absent           Count
	Companions                  Count // friends and carers who came along
}

// ActivityTrend is the weekly attendances of one activity, a value per
// entry of Attendance.Weeks. Hidden when the activity's people are: fewer
// than five came in the whole period, or it is hidden so that such an
// activity cannot be worked out; then Attendances is nil.
type ActivityTrend struct {
	ActivityID, Activity string
	Attendances          []int
	Hidden               bool
}

// StoppedComing is a person who came to an activity and then missed the
// last three sessions they were expected at (enrolled, up to the end of the
// period): someone to follow up.
type StoppedComing struct {
	PersonID, Name       string
	ActivityID, Activity string
	Venue                string // where its last session in the period was held
	LastAttended         string // date of the last session they came to
	MissedSince          string // date of the first of the three missed sessions
}

// Referrals is who was referred, where from, and what happened.
type Referrals struct {
	Received          Count // referrals received in the period
	BySource          []Group
	ByPractice        []Group
	ByReason          []Group // a referral can give several reasons
	Accepted          Count   // SNOMED CT 871731000000106 recorded in the period (first contact)
	Declined          Count   // SNOMED CT 871711000000103 recorded in the period
	DeclineReasons    []Group
	Waiting           Waiting
	MatchedTo         []Group // people matched in the period, by activity
	MatchedByCategory []Group
	Onward            Count // people matched in the period to advice and employment services
	OnwardTo          []Group
}

// Waiting is the time from referral to first contact, in days.
type Waiting struct {
	Contacted    Count // referrals first contacted in the period
	MedianDays   Stat
	P90Days      Stat  // 9 in 10 were contacted within this many days
	StillWaiting Count // received by the end of the period, not contacted or declined by then
	LongestDays  Stat  // the longest of those waits so far: at the end of the period, or the day the report is made if sooner
}

// FollowUps is the check-ins due in the period and how they went.
type FollowUps struct {
	Due       Count // follow-ups due in the period
	OnTime    Count // done on or before the due date
	Late      Count // done after the due date
	Overdue   Count // not done, and the due date is before Options.Today
	NotYetDue Count // not done, due on or after Options.Today
}

// Outcomes is wellbeing before and after, for people measured at both.
type Outcomes struct {
	ONS4    ONS4Outcome
	SWEMWBS SWEMWBSOutcome
}

// ONS4Outcome is each ONS4 item on its own, never summed.
type ONS4Outcome struct {
	Pairs   Count
	Warning string // plain words when there are fewer than 30 pairs
	Items   []ONS4Item
}

// ONS4Item is one question at baseline and follow-up.
type ONS4Item struct {
	Label, Question    string
	Bands              []string // band names, lowest score first
	Baseline, FollowUp ItemSummary
}

// ItemSummary is the mean and the ONS band counts of one item.
type ItemSummary struct {
	Mean  Stat
	Bands []Count // in the order of ONS4Item.Bands
}

// SWEMWBSOutcome is the SWEMWBS metric score before and after.
type SWEMWBSOutcome struct {
	Pairs         Count
	Warning       string
	Baseline      Stat // mean metric score at baseline
	FollowUp      Stat // mean metric score at follow-up
	Change        Stat // mean change
	Improved      Count
	ImprovedShare Stat // share whose score rose by at least the meaningful change
}

// EquityRow is attendance and referrals for one group of people.
type EquityRow struct {
	Dimension   string // "Age band", "Gender", "Ethnicity"
	Group       string
	People      Count // people who attended in the period
	Attendances Stat
	Referrals   Count // referrals received in the period
	// PeopleShare and ReferralsShare are People and Referrals as shares
	// of their dimension's whole (every group's together): what a
	// practice asks to see that the service reaches everyone. Hidden with
	// their count, and with the whole when it is hidden (a share and its
	// count would give the whole away); none when the whole is nought.
	PeopleShare, ReferralsShare Stat
}
