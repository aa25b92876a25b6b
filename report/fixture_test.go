package report

import (
	"fmt"
	"time"

	"github.com/gather-sp/gather/domain"
)

// The fixed data set. The period is the four weeks Monday 2 March to Sunday
// 29 March 2026; Today is 1 April. Every figure the tests expect is worked
// out by hand in the comments here and in report_test.go.
const (
	fixFrom  = "2026-03-02"
	fixTo    = "2026-03-29"
	fixToday = "2026-04-01"
)

// swemwbsItems returns seven answers (1–5) adding up to raw.
func swemwbsItems(raw int) []int {
	items := []int{1, 1, 1, 1, 1, 1, 1}
	for left, i := raw-7, 0; left > 0; i++ {
		step := min(left, 4)
		items[i] += step
		left -= step
	}
	return items
}

func fixture() *Dataset {
	ds := &Dataset{}
	ds.Venues = []domain.Venue{{ID: "v1", Name: "Lakeside Garden"}, {ID: "v2", Name: "Town Library"}}
	// Schedules: the garden group meets on Mondays (2, 9, 16, 23 March in
	// the period), the craft group on Thursdays (5, 12, 19, 26 March),
	// money advice once, on Tuesday 10 March.
	ds.Activities = []domain.Activity{
		{ID: "garden", Name: "Garden group", VenueID: "v1", Category: domain.CategoryGardening, Capacity: 10,
			Schedule: domain.ScheduleWeekly, Weekday: time.Monday, StartDate: "2026-02-01"},
		{ID: "craft", Name: "Crafternoon", VenueID: "v2", Category: domain.CategoryCraft, Capacity: 8,
			Schedule: domain.ScheduleWeekly, Weekday: time.Thursday},
		{ID: "money", Name: "Money advice", VenueID: "v2", Category: domain.CategoryMoneyAdvice,
			Schedule: domain.ScheduleOneOff, StartDate: "2026-03-10"},
	}

	person := func(id, given, family, gender, dob, practice string) domain.Person {
		return domain.Person{ID: id, GivenName: given, FamilyName: family, Gender: gender, DateOfBirth: dob,
			Practice: practice, Ethnicity: "White British"}
	}
	ds.People = []domain.Person{
		person("g1", "Ann", "Lee", "Female", "1951-03-29", "Elm Surgery"),    // 75 on the last day: 75-84
		person("g2", "Zoë", "Okafor", "Female", "1951-03-30", "Elm Surgery"), // 74 until 30 March: 65-74
		person("g3", "Priya", "Patel", "Female", "1980-05-01", "Elm Surgery"),
		person("g4", "Tom", "Evans", "Male", "1990-01-01", "Elm Surgery"),
		person("g5", "Ruth", "Morgan", "Female", "1985-06-15", "Oak Practice"),
		person("g6", "Dev", "Shah", "Male", "1970-01-01", "Elm Surgery"),
		person("g7", "Grace", "Hughes", "Female", "1948-02-02", "Elm Surgery"),
		person("g8", "Li", "Chen", "Male", "1960-01-01", "Elm Surgery"),
		person("c1", "Aisha", "Khan", "Female", "2008-03-29", "Elm Surgery"), // 18 on the last day
		person("c2", "Olu", "Adeyemi", "Male", "2008-03-30", ""),             // 17: under 18
		person("c3", "Siobhán", "Ní Bhriain", "", "", "Elm Surgery"),
		person("m1", "Kwame", "Mensah", "Male", "1960-01-01", "Elm Surgery"),
		person("m2", "Margaret", "O'Brien", "Female", "1945-01-01", ""),
	}
	ds.People[10].Ethnicity = "" // c3: not recorded
	// Priya was registered twice offline and merged: her second record's
	// mark must count as hers.
	ds.People = append(ds.People, domain.Person{ID: "g3dup", GivenName: "Priya", FamilyName: "Patel", MergedInto: "g3"})
	for i := 1; i <= 10; i++ {
		gender := "Female"
		if i > 5 {
			gender = "Male"
		}
		ds.People = append(ds.People, person(fmt.Sprintf("b%02d", i), "Bulk", fmt.Sprint(i), gender, "1970-06-01", "Elm Surgery"))
	}

	enrol := func(act, p, started, ended string) {
		ds.Enrolments = append(ds.Enrolments, domain.Enrolment{ID: domain.EnrolmentID(act, p), ActivityID: act, PersonID: p,
			Started: started, Ended: ended})
	}
	for _, p := range []string{"g1", "g2", "g3", "g4", "g5", "g6", "g7"} {
		enrol("garden", p, "2026-01-01", "")
	}
	enrol("garden", "g8", "2026-01-01", "2026-03-01") // ended: not expected any more
	for _, p := range []string{"c1", "c2", "c3", "g1"} {
		enrol("craft", p, "2026-01-01", "")
	}
	enrol("money", "m1", "2026-03-01", "")
	enrol("money", "m2", "2026-03-01", "")

	venueOf := map[string]string{"garden": "v1", "craft": "v2", "money": "v2"}
	session := func(act, date string, cancelled bool) {
		ds.Sessions = append(ds.Sessions, domain.Session{ID: domain.SessionID(act, date), ActivityID: act,
			VenueID: venueOf[act], Date: date, Cancelled: cancelled})
	}
	for _, d := range []string{"2026-02-23", "2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23", "2026-03-30"} {
		session("garden", d, false)
	}
	session("craft", "2026-03-05", false)
	// craft on 12 March has no session record: only marks (a tablet that
	// has not synced the session yet). It still counts as held.
	session("craft", "2026-03-19", true)
	session("craft", "2026-03-26", false)
	session("money", "2026-03-10", false)

	mark := func(act, date, p, status string) {
		sid := domain.SessionID(act, date)
		ds.Attendance = append(ds.Attendance, domain.Attendance{ID: domain.AttendanceID(sid, p), SessionID: sid,
			PersonID: p, ActivityID: act, VenueID: venueOf[act], Date: date, Status: status})
	}
	const P, L, E, A, X = domain.StatusPresent, domain.StatusLate, domain.StatusLeftEarly, domain.StatusApologies, domain.StatusAbsent
	// Garden, Mondays. In the period: 5 + 5 + 4 + 5 = 19 attendances by
	// g1-g5; apologies 2 (g6); absent 6 (g7 four times, g6, g5).
	mark("garden", "2026-02-23", "g1", P)
	mark("garden", "2026-02-23", "g2", P)
	mark("garden", "2026-02-23", "g7", P)
	mark("garden", "2026-02-23", "g8", P)
	for _, m := range [][3]string{
		{"2026-03-02", "g1", P}, {"2026-03-02", "g2", P}, {"2026-03-02", "g3", P}, {"2026-03-02", "g4", P}, {"2026-03-02", "g5", P},
		{"2026-03-02", "g6", A}, {"2026-03-02", "g7", X},
		{"2026-03-09", "g1", P}, {"2026-03-09", "g2", P}, {"2026-03-09", "g3", P}, {"2026-03-09", "g4", P}, {"2026-03-09", "g5", L},
		{"2026-03-09", "g6", X}, {"2026-03-09", "g7", X},
		{"2026-03-16", "g1", P}, {"2026-03-16", "g2", P}, {"2026-03-16", "g3dup", P}, {"2026-03-16", "g4", E}, {"2026-03-16", "g5", X},
		{"2026-03-16", "g6", ""}, {"2026-03-16", "g7", X}, // g6's mark was undone
		{"2026-03-23", "g1", P}, {"2026-03-23", "g2", P}, {"2026-03-23", "g3", P}, {"2026-03-23", "g4", P}, {"2026-03-23", "g5", P},
		{"2026-03-23", "g6", A}, {"2026-03-23", "g7", X},
	} {
		mark("garden", m[0], m[1], m[2])
	}
	for _, p := range []string{"g1", "g2", "g3", "g4", "g5", "g6"} {
		mark("garden", "2026-03-30", p, P) // the day after the period
	}
	// Crafternoon, Thursdays: 3 + 3 + 3 = 9 attendances by c1, c2, c3, g1.
	mark("craft", "2026-03-05", "c1", P)
	mark("craft", "2026-03-05", "c2", P)
	mark("craft", "2026-03-05", "g1", P)
	for _, p := range []string{"c1", "c2", "c3"} {
		// Marks that carry only their session id: activity and date come from it.
		sid := domain.SessionID("craft", "2026-03-12")
		ds.Attendance = append(ds.Attendance, domain.Attendance{ID: domain.AttendanceID(sid, p), SessionID: sid, PersonID: p, Status: P})
	}
	mark("craft", "2026-03-19", "c1", P) // cancelled session: not counted
	mark("craft", "2026-03-26", "c1", P)
	mark("craft", "2026-03-26", "c3", L)
	mark("craft", "2026-03-26", "g1", P)
	// Money advice: one session, two people.
	mark("money", "2026-03-10", "m1", P)
	mark("money", "2026-03-10", "m2", P)

	// Friends and carers who came along. Counted in the period: garden g1
	// with a friend four times and g4 with a carer twice (6), craft g1
	// with a carer once, money m1 with a friend once; not counted: g7's absent mark, the cancelled
	// craft session and the day after the period.
	came := func(act, date, p, who string) {
		for i := range ds.Attendance {
			if m := &ds.Attendance[i]; m.ActivityID == act && m.Date == date && m.PersonID == p {
				m.Companion = who
				return
			}
		}
		panic("no mark of " + p + " at " + act + " on " + date)
	}
	for _, d := range []string{"2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23"} {
		came("garden", d, "g1", "friend")
	}
	came("garden", "2026-03-02", "g4", "carer")
	came("garden", "2026-03-09", "g4", "carer")
	came("craft", "2026-03-26", "g1", "carer")
	came("money", "2026-03-10", "m1", "friend")
	came("garden", "2026-03-02", "g7", "friend") // absent
	came("craft", "2026-03-19", "c1", "friend")  // cancelled
	came("garden", "2026-03-30", "g1", "friend") // after the period

	ref := func(id, p, source, practice, received, contacted, declined, reason string, reasons ...string) domain.Referral {
		r := domain.Referral{ID: id, PersonID: p, Source: source, Practice: practice, Reasons: reasons,
			Received: received, Status: domain.ReferralReceived}
		if contacted != "" {
			r, _ = domain.AdvanceReferral(r, domain.ReferralContacted, contacted, "")
		}
		if declined != "" {
			var err error
			if r, err = domain.AdvanceReferral(r, domain.ReferralDeclined, declined, reason); err != nil {
				panic(err)
			}
		}
		return r
	}
	const GP, Self, Pro = domain.SourceGP, domain.SourceSelf, domain.SourceProfessional
	lonely, mood, money, housing, grief := "loneliness or isolation", "low mood or anxiety", "money or debt", "housing", "bereavement"
	ds.Referrals = []domain.Referral{
		ref("r1", "g3", GP, "Elm Surgery", "2026-02-20", "2026-03-03", "", "", lonely),       // received before; waited 11 days
		ref("r2", "g4", GP, "Elm Surgery", "2026-03-02", "2026-03-04", "", "", mood, lonely), // 2 days
		ref("r3", "g5", Self, "Oak Practice", "2026-03-10", "2026-03-10", "", "", money),     // 0 days
		ref("r4", "c1", GP, "Elm Surgery", "2026-03-15", "2026-03-20", "", "", lonely),       // 5 days
		ref("r5", "c2", Pro, "Oak Practice", "2026-03-29", "2026-03-31", "", "", grief),      // contacted after the period: still waiting at its end
		ref("r6", "c3", GP, "Elm Surgery", "2026-03-01", "", "2026-03-02", "wants to wait", housing),
		ref("r7", "m1", GP, "Elm Surgery", "2026-03-02", "2026-03-12", "", "", money),                         // 10 days
		ref("r8", "m2", Self, "", "2026-03-20", "", "", ""),                                                   // no practice, no reason; waiting 9 days at the end
		ref("r9", "g1", GP, "Elm Surgery", "2026-03-30", "", "", "", lonely),                                  // after the period
		ref("r10", "g2", GP, "Elm Surgery", "2026-03-05", "2026-03-06", "2026-03-25", "feels better", lonely), // 1 day, then declined
	}
	deleted := ref("r11", "g6", GP, "Elm Surgery", "2026-03-10", "2026-03-11", "", "", lonely)
	deleted.Deleted = true
	ds.Referrals = append(ds.Referrals, deleted)
	// Ten GP referrals received 16 March, contacted after 0 to 9 days.
	for i := 1; i <= 10; i++ {
		ds.Referrals = append(ds.Referrals, ref(fmt.Sprintf("rb%02d", i), fmt.Sprintf("b%02d", i), GP, "Elm Surgery",
			"2026-03-16", fmt.Sprintf("2026-03-%02d", 15+i), "", "", lonely))
	}

	match := func(p, act, date string) {
		ds.Matches = append(ds.Matches, domain.Match{ID: p + act + date, PersonID: p, ActivityID: act, Date: date})
	}
	match("g1", "garden", "2026-02-01") // before the period
	match("g3", "garden", "2026-03-05")
	match("g3", "garden", "2026-03-20") // again: counted once
	match("g4", "garden", "2026-03-04")
	match("g5", "garden", "2026-03-10")
	match("c1", "craft", "2026-03-21")
	match("m1", "money", "2026-03-12")
	for i := 1; i <= 6; i++ {
		match(fmt.Sprintf("b%02d", i), "garden", "2026-03-18")
	}

	follow := func(id, p, due, done string) {
		ds.FollowUps = append(ds.FollowUps, domain.FollowUp{ID: id, PersonID: p, Due: due, Done: done})
	}
	follow("f1", "g3", "2026-03-02", "2026-03-02") // on time, on the first day
	follow("f2", "g4", "2026-03-10", "2026-03-12") // late
	follow("f3", "g5", "2026-03-15", "")           // overdue
	follow("f4", "c1", "2026-03-29", "")           // overdue on 1 April; not yet due on 20 March
	follow("f5", "m1", "2026-03-20", "2026-03-18") // on time
	follow("f6", "b01", "2026-03-01", "")          // before the period
	follow("f7", "b02", "2026-03-30", "")          // after the period
	for i := 3; i <= 7; i++ {
		follow(fmt.Sprintf("fb%d", i), fmt.Sprintf("b%02d", i), "2026-03-25", "2026-03-25") // on time
	}
	ds.FollowUps = append(ds.FollowUps, domain.FollowUp{ID: "fdel", PersonID: "g1", Due: "2026-03-10", Deleted: true})

	measure := func(p, instrument, stage, date string, items []int) {
		ds.Measures = append(ds.Measures, domain.Measure{ID: p + instrument + stage + date, PersonID: p,
			Instrument: instrument, Stage: stage, Date: date, Items: items})
	}
	sw := func(p, stage, date string, raw int) {
		measure(p, domain.InstrumentSWEMWBS, stage, date, swemwbsItems(raw))
	}
	const B, F = domain.StageBaseline, domain.StageFollowUp
	// SWEMWBS pairs (metric scores): b01 15.32 -> 18.59, b02 18.59 -> 19.25,
	// b03 16.88 -> 19.98, b04 22.35 -> 21.54, b05 17.43 -> 19.25,
	// b06 14.08 -> 17.98 (latest follow-up), b10 7.00 -> 15.32 (earliest
	// baseline). Improved by 3 or more: b01, b03, b06, b10.
	for _, x := range []struct {
		p          string
		base, foll int
	}{{"b01", 14, 20}, {"b02", 20, 21}, {"b03", 17, 22}, {"b04", 25, 24}, {"b05", 18, 21}} {
		sw(x.p, B, "2026-02-01", x.base)
		sw(x.p, F, "2026-03-20", x.foll)
	}
	sw("b06", B, "2026-02-01", 12)
	sw("b06", F, "2026-03-05", 15)
	sw("b06", F, "2026-03-25", 19)
	sw("b07", B, "2026-02-01", 20) // baseline only
	sw("b08", F, "2026-03-10", 30) // follow-up only
	sw("b09", B, "2026-02-01", 10)
	sw("b09", F, "2026-04-02", 30) // follow-up after the period
	sw("b10", B, "2026-03-01", 14)
	sw("b10", B, "2026-02-10", 7)
	sw("b10", F, "2026-03-22", 14)
	measure("g1", domain.InstrumentSWEMWBS, B, "2026-02-01", []int{1, 2, 3}) // invalid: ignored
	measure("g1", domain.InstrumentSWEMWBS, F, "2026-03-10", swemwbsItems(35))

	// ONS4 pairs for b01-b05.
	onsBase := [][]int{{3, 4, 2, 8}, {5, 6, 5, 6}, {4, 5, 3, 7}, {7, 7, 6, 3}, {2, 3, 4, 9}}
	onsFoll := [][]int{{6, 7, 6, 4}, {6, 6, 7, 5}, {5, 6, 5, 5}, {8, 8, 7, 2}, {4, 5, 5, 6}}
	for i := range onsBase {
		p := fmt.Sprintf("b%02d", i+1)
		measure(p, domain.InstrumentONS4, B, "2026-02-01", onsBase[i])
		measure(p, domain.InstrumentONS4, F, "2026-03-20", onsFoll[i])
	}
	return ds
}
