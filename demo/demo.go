package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// Saver is the part of the store demo needs.
type Saver interface {
	Save(staff string, changes ...record.Change) error
}

// Options shape the data.
type Options struct {
	Seed  uint64    // same seed and Today, same data
	Today time.Time // the day the demo's "today" sessions fall on; zero means now
	Weeks int       // weeks of history; 0 means 8
}

// Result says what was written.
type Result struct {
	Venues     []string // venue ids
	Staff      []domain.Staff
	People     int
	Activities int
	Sessions   int
	Marks      int
}

// IDPrefix begins every demo record's id.
const IDPrefix = "demo-"

// MetaKey is the meta name the app sets when a store holds demo data.
const MetaKey = "demo"

// Staff ids, for callers that want to act as someone.
const (
	StaffFacilitator = IDPrefix + "staff-bev"
	StaffAdmin       = IDPrefix + "staff-alex"
)

// The facilitators work at the venues of the activities they run, as an
// administrator sets under "Works at": signed in, each sees those venues'
// sessions on Today and their people's cards, as their venue's tablet
// would show them (access.TodayVenues, access.PersonRegisterScope).
var staff = []domain.Staff{
	{ID: StaffFacilitator, Name: "Bev Okafor", Role: domain.RoleFacilitator, Venues: []string{VenueGarden, VenueHall}},
	{ID: IDPrefix + "staff-hannah", Name: "Hannah Wright", Role: domain.RoleFacilitator, Venues: []string{VenueHall, VenueGallery}},
	{ID: IDPrefix + "staff-priya", Name: "Priya Shah", Role: domain.RoleLinkWorker},
	{ID: IDPrefix + "staff-tom", Name: "Tom Reilly", Role: domain.RoleReception},
	{ID: IDPrefix + "staff-maya", Name: "Maya Brooks", Role: domain.RoleCoordinator},
	{ID: IDPrefix + "staff-sam", Name: "Sam Green", Role: domain.RoleVolunteer},
	{ID: StaffAdmin, Name: "Alex Morgan", Role: domain.RoleAdministrator},
}

// Venue ids.
const (
	VenueGarden  = IDPrefix + "venue-garden"
	VenueHall    = IDPrefix + "venue-hall"
	VenueGallery = IDPrefix + "venue-gallery"
)

var venues = []domain.Venue{
	{ID: VenueGarden, Name: "Riverside Surgery Garden", Address: "Riverside Medical Centre, 12 Mill Lane, Kirkby Vale",
		Postcode: "KV1 4RG", Phone: "01632 960101",
		Directions: "Bus 22 or 36 to the Mill Lane stop. Walk through the surgery car park: the garden gate is to the left of the main entrance, under the green sign. Two blue-badge spaces by the gate.",
		AccessInfo: "Level paths and raised beds. Accessible toilet inside the surgery (ask at reception). Benches in the shade and a covered shelter if it rains."},
	{ID: VenueHall, Name: "St Anne's Church Hall", Address: "Church Street, Kirkby Vale", Postcode: "KV2 7HN", Phone: "01632 960245",
		Directions: "Bus 7 to Market Cross, then two minutes' walk up Church Street. Use the side door on Church Street, not the church itself. Free parking behind the hall after 9:30.",
		AccessInfo: "Step-free entrance by the side door. Hearing loop in the main hall. Accessible toilet. Tea, coffee and biscuits."},
	{ID: VenueGallery, Name: "Vale Gallery", Address: "The Old Corn Exchange, Market Square, Kirkby Vale", Postcode: "KV1 1AX", Phone: "01632 960377",
		Directions: "Five minutes' walk from the bus station along Bridge Street. Main doors on Market Square; ask at the front desk for the learning studio on the first floor.",
		AccessInfo: "Lift to every floor, wheelchairs to borrow at the front desk, quiet room on the ground floor, large-print labels."},
}

// Practices are the demo's GP practices: the people's cards and the
// referrals name them (app/casework's SeedDemo takes its names from here),
// and the self-referral form offers them.
var Practices = []domain.Practice{
	{ID: IDPrefix + "practice-riverside", Name: "Riverside Medical Centre", OtherNames: []string{"Riverside Surgery"}},
	{ID: IDPrefix + "practice-market-cross", Name: "Market Cross Surgery"},
	{ID: IDPrefix + "practice-vale", Name: "Vale Health Centre"},
}

// Service is the demo service's own contact details, which its letters
// and info sheets print: fictional, the number from the 01632 960xxx range
// Ofcom keeps for drama. They are written to the organisation's settings
// record, whose id is fixed (domain.OrgSettingsID), not a demo one.
var Service = domain.ServiceContact{
	Name:    "Northside Social Prescribing",
	Phone:   "01632 960000",
	Email:   "hello@northside-sp.example.org",
	Address: "Northside Health Centre\nStation Road\nKirkby Vale\nKV1 2NS",
}

// activitySpec is an activity with its weekday given relative to today, so
// that today always has sessions to take a register for.
type activitySpec struct {
	domain.Activity
	dayOffset int  // weekday = today's weekday + dayOffset
	oneOffIn  int  // for one-offs: days from today
	size      int  // people enrolled
	history   bool // has past sessions
}

func activities() []activitySpec {
	return []activitySpec{
		{Activity: domain.Activity{ID: IDPrefix + "act-garden", Name: "Garden group", VenueID: VenueGarden, Category: domain.CategoryGardening,
			Level: domain.LevelIntroductory, StartTime: "10:00", EndTime: "12:00", Capacity: 16, Cost: "Free", Facilitator: "Bev Okafor",
			Description: "Growing vegetables, herbs and flowers together in the surgery garden. No experience needed; work at your own pace, and there is always tea.",
			WhatToBring: "Old clothes and sturdy shoes. Gloves, tools and tea are provided.", ContactName: "Bev (green fleece)",
			MeetingPoint: "At the green garden gate, left of the surgery's main entrance; we start in the polytunnel"},
			dayOffset: 0, size: 18, history: true},
		{Activity: domain.Activity{ID: IDPrefix + "act-craft", Name: "Crafternoon", VenueID: VenueHall, Category: domain.CategoryCraft,
			Level: domain.LevelTaster, StartTime: "13:30", EndTime: "15:30", Capacity: 20, Cost: "£1 towards materials (free if that is hard)", Facilitator: "Hannah Wright",
			Description: "Knitting, card-making, sewing and whatever people bring along. A relaxed afternoon with cake.",
			WhatToBring: "Any project you are working on; materials are provided.", ContactName: "Hannah at the welcome table",
			MeetingPoint: "In the main hall, through the side door on Church Street"},
			dayOffset: 0, size: 16, history: true},
		{Activity: domain.Activity{ID: IDPrefix + "act-drawing", Name: "Drawing at the gallery", VenueID: VenueGallery, Category: domain.CategoryArt,
			Level: domain.LevelIntroductory, StartTime: "14:00", EndTime: "16:00", Capacity: 12, Cost: "Free", Facilitator: "Hannah Wright",
			Description: "Slow looking and drawing from the gallery's collection, with an artist. Everyone can draw; nobody has to show their work.",
			WhatToBring: "Nothing: pencils, paper and stools are provided.", ContactName: "Ask at the front desk for the drawing group",
			MeetingPoint: "By the front desk on Market Square; the group walks up to the learning studio together at 2"},
			dayOffset: 0, size: 12, history: true},
		{Activity: domain.Activity{ID: IDPrefix + "act-singing", Name: "Singing for wellbeing", VenueID: VenueHall, Category: domain.CategorySinging,
			Level: domain.LevelTaster, StartTime: "11:00", EndTime: "12:30", Capacity: 30, Cost: "Free", Facilitator: "Bev Okafor",
			Description: "Gentle warm-ups and well-known songs. No need to read music or sing well, just to come along.",
			WhatToBring: "A bottle of water.", ContactName: "Bev or Sam at the door",
			MeetingPoint: "In the main hall, through the side door on Church Street"},
			dayOffset: 1, size: 20, history: true},
		{Activity: domain.Activity{ID: IDPrefix + "act-money", Name: "Money advice drop-in", VenueID: VenueHall, Category: domain.CategoryMoneyAdvice,
			Level: domain.LevelTaster, StartTime: "09:30", EndTime: "12:00", Capacity: 8, Cost: "Free", Facilitator: "Citizens Advice volunteer",
			Description: "One-to-one help with benefits, bills and debt from a trained adviser. Private room.",
			WhatToBring: "Any letters or bills you want help with, and your bank card if you want to check a benefit.", ContactName: "Tom at the welcome desk",
			MeetingPoint: "At the welcome desk inside the side door; you wait in the small room next to it"},
			dayOffset: 2, size: 8, history: true},
		{Activity: domain.Activity{ID: IDPrefix + "act-mindful", Name: "Mindful walk in the garden", VenueID: VenueGarden, Category: domain.CategoryMindfulness,
			Level: domain.LevelTaster, StartTime: "14:00", EndTime: "15:00", Capacity: 12, Cost: "Free", Facilitator: "Priya Shah",
			Description: "A slow walk and a short guided breathing exercise, ending with tea in the shelter.",
			WhatToBring: "A warm coat; the walk goes ahead in light rain.", ContactName: "Priya",
			MeetingPoint: "In the covered shelter at the far end of the garden"},
			dayOffset: 4, size: 10, history: true},
		{Activity: domain.Activity{ID: IDPrefix + "act-museum", Name: "Museum visit: Kirkby Vale at work", VenueID: VenueGallery, Category: domain.CategoryMuseum,
			Level: domain.LevelTaster, Schedule: domain.ScheduleOneOff, StartTime: "11:00", EndTime: "13:00", Capacity: 15, Cost: "Free, lunch included",
			Facilitator: "Hannah Wright", Description: "A guided visit to the new local history exhibition, with a sandwich lunch afterwards.",
			WhatToBring: "Comfortable shoes.", ContactName: "Hannah at the front desk",
			MeetingPoint: "At the front desk on Market Square, by the lift"},
			oneOffIn: 7, size: 12},
		// Online and new: nobody enrolled and no past sessions yet. Last,
		// so the people and registers drawn for the others stay the same.
		{Activity: domain.Activity{ID: IDPrefix + "act-yoga-online", Name: "Chair yoga online", VenueID: VenueHall, Category: domain.CategoryMindfulness,
			Level: domain.LevelTaster, StartTime: "10:30", EndTime: "11:15", Capacity: 20, Cost: "Free", Facilitator: "Priya Shah", Online: true,
			Description: "Gentle stretches sitting in a chair, led by video. Camera on or off, as you like.",
			WhatToBring: "A steady chair without arms, and a glass of water.", ContactName: "Priya",
			JoinLink: "https://meet.example.org/northside-chair-yoga or dial 0330 088 5830, code 414 221"},
			dayOffset: 3},
	}
}

var givenNames = []string{"Margaret", "Joan", "Patricia", "Susan", "Linda", "Ayesha", "Fatima", "Grace", "Olivia", "Chloe",
	"Zoë", "Siobhan", "Agnieszka", "Mei", "Priti", "Esther", "Dorothy", "Irene", "Aoife", "Rosa",
	"John", "David", "Michael", "Peter", "Tariq", "Mohammed", "Kwame", "Tomasz", "Gareth", "Liam",
	"Stephen", "Raj", "Desmond", "Frank", "Brian", "Callum", "Dylan", "Ahmed", "Ian", "Keith"}

var familyNames = []string{"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "Khan", "Begum",
	"Patel", "Ahmed", "O'Brien", "Murphy", "Kowalski", "Nowak", "Mensah", "Okoye", "Chen", "Wong",
	"Hughes", "Roberts", "Walker", "Wright", "Robinson", "Thompson", "White", "Green", "Hall", "Clarke",
	"Lewis", "Jackson", "Ali", "Hussain", "Campbell", "Davies", "Kelly", "Singh", "Morris", "Price"}

var preferred = map[string]string{"Margaret": "Peggy", "Patricia": "Pat", "Susan": "Sue", "Dorothy": "Dot", "Michael": "Mick",
	"Stephen": "Steve", "Agnieszka": "Aga", "Desmond": "Des", "Mohammed": "Mo", "David": "Dave"}

var accessNeeds = []string{
	"Uses a wheelchair; needs the step-free door",
	"Hard of hearing: please face them when speaking",
	"Partially sighted: large print, please",
	"Needs a chair near the door",
	"Type 1 diabetic: may need a snack",
	"Comes with a carer",
	"Anxious in groups; likes a quiet corner to start",
	"Uses a walking frame",
	"English is a second language: speak slowly, no jargon",
	"Gets tired easily: offer breaks",
}

var contactNames = []string{"Daughter, Karen", "Son, Paul", "Husband, Roy", "Wife, Anita", "Sister, Maureen", "Neighbour, Jean",
	"Brother, Amir", "Partner, Chris", "Niece, Leah", "Friend, Bernie"}

var streets = []string{"Mill Lane", "Church Street", "Bridge Street", "Station Road", "Market Square", "Orchard Close",
	"Victoria Terrace", "Canal Side", "Hill View", "Elm Grove", "Weavers Row"}

// practiceOf is which of Practices the i'th demo person (from 0) is
// registered with: most at Riverside, whose garden the demo centres on,
// the rest at Market Cross and Vale. Their referrals name the same one.
func practiceOf(i int) int {
	return []int{0, 0, 1, 0, 2}[i%5]
}

// emailOf is a made-up address at example.org, a domain kept for examples.
func emailOf(given, family string) string {
	local := func(s string) string {
		var b strings.Builder
		for _, c := range strings.ToLower(s) {
			switch {
			case c >= 'a' && c <= 'z':
				b.WriteRune(c)
			case c == 'ë':
				b.WriteRune('e')
			}
		}
		return b.String()
	}
	return local(given) + "." + local(family) + "@example.org"
}

// People returns n deterministic, made-up people for seed, with ids
// demo-p0001 and up. Names repeat only once n passes 1,600.
func People(seed uint64, n int) []domain.Person {
	r := rand.New(rand.NewPCG(seed, 0x9a7e))
	out := make([]domain.Person, 0, n)
	perm := r.Perm(len(givenNames) * len(familyNames))
	for i := 0; i < n; i++ {
		k := perm[i%len(perm)]
		g, f := givenNames[k%len(givenNames)], familyNames[k/len(givenNames)]
		p := domain.Person{
			ID:          fmt.Sprintf("%sp%04d", IDPrefix, i+1),
			GivenName:   g,
			FamilyName:  f,
			Phone:       fmt.Sprintf("07700 900%03d", (i*37+int(seed))%1000),
			DateOfBirth: fmt.Sprintf("%04d-%02d-%02d", 1938+r.IntN(62), 1+r.IntN(12), 1+r.IntN(28)),
			Postcode:    fmt.Sprintf("KV%d %d%c%c", 1+r.IntN(4), 1+r.IntN(9), 'A'+rune(r.IntN(26)), 'A'+rune(r.IntN(26))),
			Address:     fmt.Sprintf("%d %s, Kirkby Vale", 1+(i*17)%89, streets[i%len(streets)]),
			Practice:    Practices[practiceOf(i)].Name,
		}
		if pn, ok := preferred[g]; ok && r.IntN(3) > 0 {
			p.PreferredName = pn
		}
		if r.IntN(4) == 0 {
			p.AccessNeeds = accessNeeds[r.IntN(len(accessNeeds))]
		}
		c := contactNames[r.IntN(len(contactNames))]
		p.EmergencyContactName = c
		p.EmergencyContactPhone = fmt.Sprintf("07700 900%03d", r.IntN(1000))
		p.ContactPreferences = [][]string{{"phone"}, {"text", "phone"}, {"letter"}, {"email", "phone"}}[r.IntN(4)]
		if slices.Contains(p.ContactPreferences, "email") {
			p.Email = emailOf(g, f)
		}
		p.PhotoConsent = PhotosAgreed(i) // as FirstPhotoConsent records it
		out = append(out, p)
	}
	return out
}

// The demo link worker, who recorded the people's consents, and the
// receptionist, who takes self-referrals.
const (
	StaffLinkWorker = IDPrefix + "staff-priya"
	StaffReception  = IDPrefix + "staff-tom"
)

// ContactConsentID is the id of the demo consent record for person
// personID's agreement to be contacted by way (one of domain.ContactWays).
func ContactConsentID(personID, way string) string { return personID + "-consent-" + way }

// Unconsented reports whether the i'th demo person (from 0) has contact
// preferences but no consent recorded for them: one in eight, so the
// reminders' "No way to remind them" shows what it looks like.
func Unconsented(i int) bool { return i%8 == 6 }

// PhotosAgreed reports whether the i'th demo person (from 0) agreed to be
// photographed: one in three of those with consents recorded, so a register
// shows the "Photos OK" that tells a facilitator whom they may photograph.
func PhotosAgreed(i int) bool { return i%3 == 1 && !Unconsented(i) }

// FirstPhotoConsent is the i'th demo person's consent to be photographed,
// recorded with their first consents (FirstContactConsents), when they
// gave it (PhotosAgreed); their card says so (People).
func FirstPhotoConsent(p domain.Person, i int, first string) (domain.Consent, bool) {
	if !PhotosAgreed(i) {
		return domain.Consent{}, false
	}
	return domain.Consent{ID: p.ID + "-consent-" + domain.ConsentPhotos, PersonID: p.ID, Purpose: domain.ConsentPhotos,
		Given: domain.AddDays(first, -(7 + (i*11)%60)), RecordedBy: StaffLinkWorker}, true
}

// ContactConsents are person p's consent records for the ways they prefer
// to be contacted, one for each, given on given and recorded by staff
// member by, as domain.AgreeContactWays records the ticks, so the
// person's card and the reminders agree. Their ids are ContactConsentID,
// so writing them again, with other dates, replaces them.
func ContactConsents(p domain.Person, given, by string) []domain.Consent {
	var out []domain.Consent
	for _, way := range domain.ContactWays {
		if slices.Contains(p.ContactPreferences, way) {
			out = append(out, domain.Consent{ID: ContactConsentID(p.ID, way), PersonID: p.ID,
				Purpose: domain.PreferenceConsentPurpose(way), Given: given, RecordedBy: by})
		}
	}
	return out
}

// FirstContactConsents are the i'th demo person's (from 0) consents to be
// contacted as Generate writes them: recorded by the link worker when they
// were first referred, some weeks before first (the first day of the
// demo's history). None for those Unconsented.
func FirstContactConsents(p domain.Person, i int, first string) []domain.Consent {
	if Unconsented(i) {
		return nil
	}
	return ContactConsents(p, domain.AddDays(first, -(7+(i*11)%60)), StaffLinkWorker)
}

// HistoryStart is the first day of the demo's history for today and weeks
// of history (0 means 8): the weekly activities start then.
func HistoryStart(today time.Time, weeks int) string {
	if weeks == 0 {
		weeks = 8
	}
	return domain.AddDays(domain.DateOf(today), -7*weeks-14)
}

// Generate writes the demo data through s.
func Generate(s Saver, opts Options) (Result, error) {
	today := opts.Today
	if today.IsZero() {
		today = time.Now()
	}
	weeks := opts.Weeks
	if weeks == 0 {
		weeks = 8
	}
	todayDate := domain.DateOf(today)
	start := HistoryStart(today, weeks)
	r := rand.New(rand.NewPCG(opts.Seed, 0x5e55))
	res := Result{Staff: staff}
	admin := StaffAdmin

	var batch []record.Change
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := s.Save(admin, batch...)
		batch = batch[:0]
		return err
	}
	put := func(kind record.Kind, id string, v any) {
		batch = append(batch, record.Change{Kind: kind, ID: id, Fields: domain.Encode(v)})
	}

	for _, v := range venues {
		put(domain.KindVenue, v.ID, v)
		res.Venues = append(res.Venues, v.ID)
	}
	for _, st := range staff {
		put(domain.KindStaff, st.ID, st)
	}
	for _, p := range Practices {
		put(domain.KindPractice, p.ID, p)
	}
	contact, err := domain.SetServiceContact(Service)
	if err != nil {
		return res, fmt.Errorf("demo: the service's contact details: %w", err)
	}
	batch = append(batch, contact)
	specs := activities()
	for i := range specs {
		a := &specs[i].Activity
		if a.Schedule == domain.ScheduleOneOff {
			a.StartDate = domain.AddDays(todayDate, specs[i].oneOffIn)
		} else {
			a.Schedule = domain.ScheduleWeekly
			a.Weekday = (today.Weekday() + time.Weekday(specs[i].dayOffset)) % 7
			a.StartDate = start
			if !specs[i].history {
				a.StartDate = todayDate // new: no sessions before today
			}
		}
		put(domain.KindActivity, a.ID, *a)
	}
	res.Activities = len(specs)
	if err := flush(); err != nil {
		return res, err
	}

	people := People(opts.Seed, 60)
	for i, p := range people {
		put(domain.KindPerson, p.ID, p)
		if (i+1)%20 == 0 {
			if err := flush(); err != nil {
				return res, err
			}
		}
	}
	res.People = len(people)
	if err := flush(); err != nil {
		return res, err
	}
	for i, p := range people {
		for _, c := range FirstContactConsents(p, i, start) {
			put(domain.KindConsent, c.ID, c)
		}
		if c, ok := FirstPhotoConsent(p, i, start); ok {
			put(domain.KindConsent, c.ID, c)
		}
	}
	if err := flush(); err != nil {
		return res, err
	}

	// Enrolments: each activity draws its members from the people, so most
	// people go to one or two things and a few to three.
	enrolled := map[string][]domain.Enrolment{}
	for _, sp := range specs {
		if sp.size == 0 {
			continue // new: draws nothing, so the rest draw as before
		}
		idx := r.Perm(len(people))[:sp.size]
		sort.Ints(idx)
		for _, k := range idx {
			p := people[k]
			e := domain.Enrolment{ID: domain.EnrolmentID(sp.ID, p.ID), ActivityID: sp.ID, PersonID: p.ID, VenueID: sp.VenueID,
				Started: domain.AddDays(start, 7*r.IntN(weeks/2+1))}
			if sp.Schedule == domain.ScheduleOneOff {
				e.Started = domain.AddDays(todayDate, -r.IntN(14))
			} else if r.IntN(12) == 0 {
				e.Ended = domain.AddDays(todayDate, -7*(1+r.IntN(3)))
			}
			enrolled[sp.ID] = append(enrolled[sp.ID], e)
			put(domain.KindEnrolment, e.ID, e)
		}
		if err := flush(); err != nil {
			return res, err
		}
	}

	// History: every past session of every weekly activity, closed, with
	// marks; then today's sessions, open, with the first few people of the
	// garden group already in.
	for _, sp := range specs {
		if sp.Schedule == domain.ScheduleOneOff || !sp.history {
			continue
		}
		for w := weeks; w >= 0; w-- {
			date := domain.AddDays(todayDate, sp.dayOffset-7*w)
			if date > todayDate {
				continue // still to come
			}
			sid := domain.SessionID(sp.ID, date)
			sess := domain.Session{ID: sid, ActivityID: sp.ID, VenueID: sp.VenueID, Date: date}
			facilitator := StaffFacilitator
			if date < todayDate {
				sess.Closed = true
				sess.ClosedBy = facilitator
				sess.ClosedAt = atTime(date, sp.EndTime, today.Location())
			}
			put(domain.KindSession, sid, sess)
			res.Sessions++
			for j, e := range enrolled[sp.ID] {
				if !domain.EnrolledOn(domain.Enrolment{Started: e.Started, Ended: e.Ended}, date) {
					continue
				}
				status := pickStatus(r)
				if date == todayDate {
					if sp.ID != IDPrefix+"act-garden" || j >= 5 {
						continue
					}
					status = []string{domain.StatusPresent, domain.StatusPresent, domain.StatusLate, domain.StatusApologies, domain.StatusPresent}[j]
				}
				m := domain.Attendance{ID: domain.AttendanceID(sid, e.PersonID), SessionID: sid, PersonID: e.PersonID,
					ActivityID: sp.ID, VenueID: sp.VenueID, Date: date, Status: status, MarkedBy: facilitator,
					MarkedAt: atTime(date, sp.StartTime, today.Location()).Add(time.Duration(r.IntN(20)) * time.Minute)}
				if domain.Attended(status) && r.IntN(10) == 0 {
					m.Companion = []string{"friend", "carer"}[r.IntN(2)]
				}
				if status == domain.StatusApologies && r.IntN(3) == 0 {
					m.Note = []string{"Hospital appointment", "Grandchildren visiting", "Feeling under the weather"}[r.IntN(3)]
				}
				put(domain.KindAttendance, m.ID, m)
				res.Marks++
			}
			if err := flush(); err != nil {
				return res, err
			}
		}
	}
	return res, nil
}

func pickStatus(r *rand.Rand) string {
	switch n := r.IntN(100); {
	case n < 68:
		return domain.StatusPresent
	case n < 76:
		return domain.StatusLate
	case n < 80:
		return domain.StatusLeftEarly
	case n < 91:
		return domain.StatusApologies
	default:
		return domain.StatusAbsent
	}
}

func atTime(date, hhmm string, loc *time.Location) time.Time {
	t, err := time.ParseInLocation(domain.DateLayout+" 15:04", date+" "+hhmm, loc)
	if err != nil {
		d, _ := domain.ParseDate(date)
		return d
	}
	return t
}

// PIN is every demo staff member's PIN on a device `gather demo` sets up.
// It is printed, so it protects nothing: demo devices hold made-up people.
const PIN = "739155"

// Staff returns the demo staff members, administrator first, so a device
// can be set up with a PIN for each before the demo data is written.
func Staff() []domain.Staff {
	out := []domain.Staff{}
	for _, s := range staff {
		if s.ID == StaffAdmin {
			out = append([]domain.Staff{s}, out...)
		} else {
			out = append(out, s)
		}
	}
	return out
}
