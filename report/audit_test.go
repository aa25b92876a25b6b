package report

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
)

// An independent check of the figures against Method, over the edge cases
// real data has: each test builds a small data set by hand and works the
// expected figure out from the method's words. Figures are read as N and
// Value (not as shown), as small data sets are all "not shown".

// small is a hand-built data set: two venues, a Tuesday group at the Hall
// (a1, 10 places) and a Thursday one at the Garden (a2).
type small struct{ ds *Dataset }

func newSmall() *small {
	return &small{ds: &Dataset{
		Venues: []domain.Venue{{ID: "hall", Name: "Hall"}, {ID: "garden", Name: "Garden"}},
		Activities: []domain.Activity{
			{ID: "a1", Name: "Craft", VenueID: "hall", Capacity: 10, Schedule: domain.ScheduleWeekly, Weekday: time.Tuesday},
			{ID: "a2", Name: "Growing", VenueID: "garden", Schedule: domain.ScheduleWeekly, Weekday: time.Thursday},
		},
	}}
}

func (s *small) venueOf(act string) string {
	for _, a := range s.ds.Activities {
		if a.ID == act {
			return a.VenueID
		}
	}
	return ""
}

func (s *small) person(id, practice, dob string) *small {
	s.ds.People = append(s.ds.People, domain.Person{ID: id, GivenName: id, Practice: practice, DateOfBirth: dob})
	return s
}

func (s *small) session(act, date string, cancelled bool) *small {
	s.ds.Sessions = append(s.ds.Sessions, domain.Session{ID: domain.SessionID(act, date), ActivityID: act,
		VenueID: s.venueOf(act), Date: date, Cancelled: cancelled})
	return s
}

func (s *small) mark(act, date, person, status string) *small {
	sid := domain.SessionID(act, date)
	s.ds.Attendance = append(s.ds.Attendance, domain.Attendance{ID: domain.AttendanceID(sid, person), SessionID: sid,
		PersonID: person, ActivityID: act, VenueID: s.venueOf(act), Date: date, Status: status})
	return s
}

func (s *small) referral(id, person, practice, received, contacted string) *small {
	r := domain.Referral{ID: id, PersonID: person, Source: domain.SourceGP, Practice: practice, Received: received,
		Status: domain.ReferralReceived}
	if contacted != "" {
		var err error
		if r, err = domain.AdvanceReferral(r, domain.ReferralContacted, contacted, ""); err != nil {
			panic(err)
		}
	}
	s.ds.Referrals = append(s.ds.Referrals, r)
	return s
}

func (s *small) build(t *testing.T, opt Options) *Report {
	t.Helper()
	rep, err := Build(s.ds, opt)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// March 2026 as a practice manager would report it, made on 2 April.
var march = Options{From: "2026-03-01", To: "2026-03-31", Today: "2026-04-02"}

// TestAuditPeriodBoundaries: dates are inclusive, and a day is the date
// stored on the mark (the venue's calendar day, as the register took it),
// never the UTC instant it was saved at: a session at 23:30 on 31 March
// during BST was saved at 22:30 UTC that day, one at 00:30 on 1 April at
// 23:30 UTC on 31 March.
func TestAuditPeriodBoundaries(t *testing.T) {
	bst := time.FixedZone("BST", 3600)
	s := newSmall()
	for _, p := range []string{"first", "last", "before", "after", "late", "early"} {
		s.person(p, "", "")
	}
	s.mark("a1", "2026-03-01", "first", domain.StatusPresent).
		mark("a1", "2026-03-31", "last", domain.StatusPresent).
		mark("a1", "2026-02-28", "before", domain.StatusPresent).
		mark("a1", "2026-04-01", "after", domain.StatusPresent).
		mark("a2", "2026-03-31", "late", domain.StatusPresent).
		mark("a2", "2026-04-01", "early", domain.StatusPresent)
	n := len(s.ds.Attendance)
	s.ds.Attendance[n-2].MarkedAt = time.Date(2026, 3, 31, 23, 30, 0, 0, bst).UTC() // 22:30 UTC, 31 March
	s.ds.Attendance[n-1].MarkedAt = time.Date(2026, 4, 1, 0, 30, 0, 0, bst).UTC()   // 23:30 UTC, 31 March
	a := s.build(t, march).Attendance
	if got := int(a.Attendances.Value); got != 3 {
		t.Errorf("attendances %d, want 3: the first day, the last day and 23:30 on the last day", got)
	}
	if a.SessionsHeld != 3 {
		t.Errorf("sessions held %d, want 3 (a1 on 1 and 31 March, a2 on 31 March)", a.SessionsHeld)
	}
	april := s.build(t, Options{From: "2026-04-01", To: "2026-04-30", Today: "2026-05-01"}).Attendance
	if got := int(april.Attendances.Value); got != 2 {
		t.Errorf("April attendances %d, want 2: 1 April, and 00:30 on 1 April though saved on 31 March UTC", got)
	}
}

// TestAuditClockChanges: the clocks go forward on Sunday 29 March 2026 and
// back on Sunday 25 October 2026. A 23-hour or 25-hour day is still one
// day: waits, weeks and ages are counted in calendar days.
func TestAuditClockChanges(t *testing.T) {
	cases := []struct {
		name                string
		received, contacted string
		wantDays            float64
	}{
		{"over the spring change", "2026-03-28", "2026-03-30", 2},
		{"on the spring change", "2026-03-29", "2026-03-29", 0},
		{"over the autumn change", "2026-10-24", "2026-10-26", 2},
		{"received the day before, contacted on the change", "2026-10-24", "2026-10-25", 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newSmall().person("p", "", "").referral("r", "p", "", tc.received, tc.contacted)
			from := tc.received[:8] + "01"
			rep := s.build(t, Options{From: from, To: domain.AddDays(from, 40), Today: domain.AddDays(from, 41)})
			if w := rep.Referrals.Waiting; w.MedianDays.Value != tc.wantDays || w.P90Days.Value != tc.wantDays {
				t.Errorf("wait: median %v, 90th %v; want %v days", w.MedianDays.Value, w.P90Days.Value, tc.wantDays)
			}
		})
	}

	// Weeks over the spring change start on Mondays 23 and 30 March, and
	// the Sunday session of the change falls in the first.
	s := newSmall()
	s.ds.Activities = append(s.ds.Activities, domain.Activity{ID: "sun", Name: "Sunday walk", VenueID: "garden",
		Schedule: domain.ScheduleWeekly, Weekday: time.Sunday})
	for i := 1; i <= 5; i++ {
		p := fmt.Sprintf("p%d", i)
		s.person(p, "", "").mark("sun", "2026-03-29", p, domain.StatusPresent).mark("sun", "2026-04-05", p, domain.StatusPresent)
	}
	a := s.build(t, Options{From: "2026-03-23", To: "2026-04-05", Today: "2026-04-06"}).Attendance
	if fmt.Sprint(a.Weeks) != "[2026-03-23 2026-03-30]" {
		t.Errorf("weeks %v", a.Weeks)
	}
	for _, tr := range a.Trend {
		if tr.ActivityID == "sun" && fmt.Sprint(tr.Attendances) != "[5 5]" {
			t.Errorf("Sunday walk by week %v (hidden %v), want [5 5]", tr.Attendances, tr.Hidden)
		}
	}
	// Tuesdays 24 and 31 March, Thursdays 26 March and 2 April, Sundays 29
	// March and 5 April.
	if a.SessionsExpected != 6 {
		t.Errorf("sessions expected %d, want 6", a.SessionsExpected)
	}
}

// TestAuditPeopleCountedOnce: a person registered twice and merged is one
// person, one new person, one row in the equity table, however the two
// records were marked; a duplicate merged into a duplicate resolves to the
// survivor too.
func TestAuditPeopleCountedOnce(t *testing.T) {
	s := newSmall().person("ann", "", "1950-01-01")
	s.ds.People = append(s.ds.People,
		domain.Person{ID: "ann2", GivenName: "Ann", MergedInto: "ann"},
		domain.Person{ID: "ann3", GivenName: "Ann", MergedInto: "ann2"})
	s.mark("a1", "2026-02-24", "ann3", domain.StatusPresent). // came before the period, under the third record
									mark("a1", "2026-03-03", "ann", domain.StatusPresent).
									mark("a1", "2026-03-10", "ann2", domain.StatusPresent).
									mark("a1", "2026-03-10", "ann", domain.StatusAbsent). // both records marked at one session
									mark("a2", "2026-03-12", "ann3", domain.StatusPresent)
	s.referral("r1", "ann2", "", "2026-03-02", "2026-03-04")
	rep := s.build(t, march)
	a := rep.Attendance
	check(t, []figure{
		{"people", itoa(a.People.N), "1"},
		{"attendances", itoa(int(a.Attendances.Value)), "3"},
		{"no-shows (she came on 10 March)", itoa(a.Absent.N), "0"},
		{"new people (she first came in February)", itoa(a.NewPeople.N), "0"},
	})
	var ageRows int
	for _, e := range rep.Equity {
		if e.Dimension == "Age band" && e.People.N > 0 {
			ageRows++
			if e.Group != "75-84" || e.Referrals.N != 1 {
				t.Errorf("equity row %+v, want 75-84 with her one referral", e)
			}
		}
	}
	if ageRows != 1 {
		t.Errorf("%d age bands have people, want her one", ageRows)
	}
}

// TestAuditErasedPerson: an erased person's marks keep their status, so
// the sessions and attendances they were part of still count; the person
// counts once, in no group (their details are gone).
func TestAuditErasedPerson(t *testing.T) {
	s := newSmall().person("kept", "", "1980-01-01")
	// What Load gives for an erased person: the card with nothing on it.
	s.ds.People = append(s.ds.People, domain.Person{ID: "gone"})
	s.mark("a1", "2026-03-03", "kept", domain.StatusPresent).
		mark("a1", "2026-03-03", "gone", domain.StatusPresent).
		mark("a1", "2026-03-10", "gone", domain.StatusPresent)
	// A mark whose person is not in the data set at all counts the same.
	s.mark("a1", "2026-03-17", "unknown", domain.StatusPresent)
	rep := s.build(t, march)
	a := rep.Attendance
	check(t, []figure{
		{"people", itoa(a.People.N), "3"},
		{"attendances", itoa(int(a.Attendances.Value)), "4"},
		{"sessions held", itoa(a.SessionsHeld), "3"},
	})
	for _, e := range rep.Equity {
		if e.Dimension == "Age band" && e.Group == notRecorded && e.People.N != 2 {
			t.Errorf("age not recorded: %d people, want the 2 erased or unknown", e.People.N)
		}
	}
}

// TestAuditCancelledAndPutBackOn: marks at a session later cancelled count
// nowhere (not for new people either); a session cancelled and then put
// back on (cancelled written false) counts as any other.
func TestAuditCancelledAndPutBackOn(t *testing.T) {
	s := newSmall().person("p", "", "")
	s.session("a1", "2026-03-03", true).mark("a1", "2026-03-03", "p", domain.StatusPresent)
	s.session("a1", "2026-03-10", false).mark("a1", "2026-03-10", "p", domain.StatusPresent) // put back on
	s.session("a1", "2026-02-24", true).mark("a1", "2026-02-24", "p", domain.StatusPresent)  // before, cancelled
	a := s.build(t, march).Attendance
	check(t, []figure{
		{"sessions held", itoa(a.SessionsHeld), "1"},
		{"sessions cancelled", itoa(a.SessionsCancelled), "1"},
		{"attendances", itoa(int(a.Attendances.Value)), "1"},
		// Her February mark was at a cancelled session: 10 March is her first.
		{"new people", itoa(a.NewPeople.N), "1"},
	})
}

// TestAuditFollowUps: due in the period, as at the day the report is made.
func TestAuditFollowUps(t *testing.T) {
	cases := []struct {
		name, due, done, today string
		want                   string // on time, late, overdue or not yet due
	}{
		{"done on the due day", "2026-03-10", "2026-03-10", "2026-04-02", "on time"},
		{"done early", "2026-03-10", "2026-03-01", "2026-04-02", "on time"},
		{"done the day after", "2026-03-10", "2026-03-11", "2026-04-02", "late"},
		{"done after the period", "2026-03-31", "2026-04-01", "2026-04-02", "late"},
		{"due on the report day", "2026-03-20", "", "2026-03-20", "not yet due"},
		{"due the day before the report", "2026-03-19", "", "2026-03-20", "overdue"},
		{"due on the last day, report by default the day after", "2026-03-31", "", "", "overdue"},
		{"due before the period", "2026-02-28", "", "2026-04-02", ""},
		{"due after the period", "2026-04-01", "", "2026-04-02", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newSmall().person("p", "", "")
			s.ds.FollowUps = []domain.FollowUp{{ID: "f", PersonID: "p", Due: tc.due, Done: tc.done}}
			opt := march
			opt.Today = tc.today
			f := s.build(t, opt).FollowUps
			got := map[string]int{"on time": f.OnTime.N, "late": f.Late.N, "overdue": f.Overdue.N, "not yet due": f.NotYetDue.N}
			wantDue := 0
			if tc.want != "" {
				wantDue = 1
			}
			if f.Due.N != wantDue {
				t.Fatalf("due %d, want %d", f.Due.N, wantDue)
			}
			for state, n := range got {
				if want := map[bool]int{true: 1}[state == tc.want]; n != want {
					t.Errorf("%s = %d, want %d", state, n, want)
				}
			}
		})
	}
}

// TestAuditReferralsAcrossThePeriod: a referral counts as received in the
// period of its received date, as accepted (first contact) in the period of
// its contact date, and its wait goes with the contact.
func TestAuditReferralsAcrossThePeriod(t *testing.T) {
	s := newSmall().person("p", "", "").person("q", "", "").person("r", "", "")
	s.referral("before", "p", "", "2026-02-20", "2026-03-02"). // received before, contacted in: 10 days
									referral("in", "q", "", "2026-03-31", "2026-04-01"). // received on the last day, contacted after
									referral("open", "r", "", "2026-01-31", "")          // never contacted: 59 days at 31 March
	rf := s.build(t, march).Referrals
	check(t, []figure{
		{"received", itoa(rf.Received.N), "1"},
		{"accepted", itoa(rf.Accepted.N), "1"},
		{"contacted", itoa(rf.Waiting.Contacted.N), "1"},
		{"median wait", rf.Waiting.MedianDays.Format(1), Suppressed},
		{"median wait (value)", fmt.Sprint(rf.Waiting.MedianDays.Value), "10"},
		{"still waiting at the end", itoa(rf.Waiting.StillWaiting.N), "2"},
		{"longest wait so far", fmt.Sprint(rf.Waiting.LongestDays.Value), "59"},
	})
}

// TestAuditWaitMedianAndNinetieth: the median of an even number of waits
// is the mean of the middle two; the 90th percentile is the nearest-rank
// value, the ceil(0.9 n)th smallest.
func TestAuditWaitMedianAndNinetieth(t *testing.T) {
	cases := []struct {
		name        string
		waits       []int
		median, p90 float64
	}{
		{"four", []int{10, 1, 3, 2}, 2.5, 10},                 // ceil(3.6) = 4th
		{"five", []int{0, 0, 7, 1, 30}, 1, 30},                // ceil(4.5) = 5th
		{"ten", []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5.5, 9}, // ceil(9) = 9th, not the 10th
		{"eleven", []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 6, 10},
		{"twenty", []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}, 10.5, 18},
		{"ties", []int{4, 4, 4, 4, 4, 4}, 4, 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newSmall()
			for i, w := range tc.waits {
				id := fmt.Sprintf("p%d", i)
				s.person(id, "", "").referral("r"+id, id, "", domain.AddDays("2026-03-31", -w), "2026-03-31")
			}
			rf := s.build(t, march).Referrals
			if got := rf.Waiting.MedianDays.Value; got != tc.median {
				t.Errorf("median %v, want %v", got, tc.median)
			}
			if got := rf.Waiting.P90Days.Value; got != tc.p90 {
				t.Errorf("90th percentile %v, want %v", got, tc.p90)
			}
		})
	}
	// Nearest rank at every size up to 1000: the rank is never off by one
	// through float error (0.9 × n is not exact in binary).
	for n := 1; n <= 1000; n++ {
		sorted := make([]float64, n)
		for i := range sorted {
			sorted[i] = float64(i + 1)
		}
		if got, want := percentile(sorted, 90), float64((9*n+9)/10); got != want {
			t.Fatalf("n=%d: 90th percentile is rank %v, want %v", n, got, want)
		}
	}
}

// TestAuditWellbeingEdges: SWEMWBS raw 7 and 35 are 7.00 and 35.00 on the
// metric table; ONS4 answers on each side of every band edge land in the
// band the method names.
func TestAuditWellbeingEdges(t *testing.T) {
	s := newSmall()
	measure := func(p, instrument, stage, date string, items []int) {
		s.ds.Measures = append(s.ds.Measures, domain.Measure{ID: p + instrument + stage, PersonID: p, Instrument: instrument,
			Stage: stage, Date: date, Items: items})
	}
	// Five people, each at the bottom of the scale at baseline and the top
	// at follow-up.
	for i := 1; i <= 5; i++ {
		p := fmt.Sprintf("p%d", i)
		s.person(p, "", "")
		measure(p, domain.InstrumentSWEMWBS, domain.StageBaseline, "2026-02-01", []int{1, 1, 1, 1, 1, 1, 1})
		measure(p, domain.InstrumentSWEMWBS, domain.StageFollowUp, "2026-03-31", []int{5, 5, 5, 5, 5, 5, 5})
	}
	// ONS4: baseline answers just below each edge, follow-up just above.
	// Life satisfaction etc.: 4|5, 6|7, 8|9. Anxiety: 1|2, 3|4, 5|6.
	below := [][]int{{4, 4, 4, 1}, {6, 6, 6, 3}, {8, 8, 8, 5}, {0, 0, 0, 0}, {4, 6, 8, 1}}
	above := [][]int{{5, 5, 5, 2}, {7, 7, 7, 4}, {9, 9, 9, 6}, {10, 10, 10, 10}, {5, 7, 9, 2}}
	for i := range below {
		p := fmt.Sprintf("p%d", i+1)
		measure(p, domain.InstrumentONS4, domain.StageBaseline, "2026-03-01", below[i])
		measure(p, domain.InstrumentONS4, domain.StageFollowUp, "2026-03-31", above[i])
	}
	o := s.build(t, march).Outcomes
	sw := o.SWEMWBS
	check(t, []figure{
		{"SWEMWBS baseline (raw 7)", sw.Baseline.Format(2), "7.00"},
		{"SWEMWBS follow-up (raw 35)", sw.FollowUp.Format(2), "35.00"},
		{"SWEMWBS change", sw.Change.Format(2), "28.00"},
		{"SWEMWBS improved", sw.Improved.String(), "5"},
		{"SWEMWBS improved share", sw.ImprovedShare.Percent(), "100%"},
	})
	for i, raw := range map[int]float64{7: 7, 8: 9.51, 34: 32.55, 35: 35} {
		if got, err := domain.SWEMWBSMetricFromRaw(i); err != nil || got != raw {
			t.Errorf("raw %d is metric %v (%v), want %v", i, got, err, raw)
		}
	}
	bands := func(s ItemSummary) []int {
		var n []int
		for _, c := range s.Bands {
			n = append(n, c.N)
		}
		return n
	}
	// Bands lowest first. Baseline life satisfaction 4, 6, 8, 0, 4: low 3,
	// medium 1, high 1. Follow-up 5, 7, 9, 10, 5: medium 2, high 1, very
	// high 2. Anxiety baseline 1, 3, 5, 0, 1: very low 3, low 1, medium 1;
	// follow-up 2, 4, 6, 10, 2: low 2, medium 1, high 2.
	want := map[string][2]string{
		"Life satisfaction": {"[3 1 1 0]", "[0 2 1 2]"},
		// Worthwhile baseline 4, 6, 8, 0, 6: low 2, medium 2, high 1;
		// follow-up 5, 7, 9, 10, 7: medium 1, high 2, very high 2.
		"Worthwhile": {"[2 2 1 0]", "[0 1 2 2]"},
		"Anxiety":    {"[3 1 1 0]", "[0 2 1 2]"},
	}
	for _, it := range o.ONS4.Items {
		w, ok := want[it.Label]
		if !ok {
			continue
		}
		if got := fmt.Sprint(bands(it.Baseline)); got != w[0] {
			t.Errorf("%s baseline bands %s, want %s", it.Label, got, w[0])
		}
		if got := fmt.Sprint(bands(it.FollowUp)); got != w[1] {
			t.Errorf("%s follow-up bands %s, want %s", it.Label, got, w[1])
		}
	}
}

// TestAuditAgeBands: age on the last day of the period. A birthday on that
// day counts; someone born on 29 February turns a year older on 1 March in
// other years (as UK law has it) and on 29 February in a leap year.
func TestAuditAgeBands(t *testing.T) {
	cases := []struct {
		dob, to, want string
	}{
		{"2008-03-31", "2026-03-31", "18-24"},       // 18 on the last day
		{"2008-04-01", "2026-03-31", "under 18"},    // 18 the day after
		{"2001-03-31", "2026-03-31", "25-34"},       // 25 on the day
		{"2001-04-01", "2026-03-31", "18-24"},       // still 24
		{"1941-03-31", "2026-03-31", "85 and over"}, // 85 on the day
		{"1941-04-01", "2026-03-31", "75-84"},
		{"2008-02-29", "2026-02-28", "under 18"}, // not 18 until 1 March
		{"2008-02-29", "2026-03-01", "18-24"},
		{"2010-02-29", "2028-02-29", notRecorded}, // not a date: 2010 was not a leap year
		{"2010-02-28", "2028-02-29", "18-24"},
		{"2012-02-29", "2030-02-28", "under 18"},
		{"2027-01-01", "2026-03-31", notRecorded}, // born after the period: a mistake, not an age
	}
	for _, tc := range cases {
		t.Run(tc.dob+" at "+tc.to, func(t *testing.T) {
			if got := ageBand(tc.dob, parseDay(tc.to)); got != tc.want {
				t.Errorf("age band %q, want %q", got, tc.want)
			}
		})
	}
	// Through Build: the band is worked out at the period's last day.
	s := newSmall().person("p", "", "2008-02-29").mark("a1", "2026-02-24", "p", domain.StatusPresent)
	for to, want := range map[string]string{"2026-02-28": "under 18", "2026-03-01": "18-24"} {
		rep := s.build(t, Options{From: "2026-02-01", To: to, Today: "2026-04-01"})
		for _, e := range rep.Equity {
			if e.Dimension == "Age band" && e.People.N == 1 && e.Group != want {
				t.Errorf("period to %s: band %q, want %q", to, e.Group, want)
			}
		}
	}
}

// TestAuditPracticeFilter: a practice covers the people whose record or a
// referral names it. Mo moved from Oak to Elm (his record says Elm; his
// first referral, in January, came from Oak): both practices' reports
// count him, and each counts only its own referrals. A session counts for
// a practice when one of its people was marked there.
func TestAuditPracticeFilter(t *testing.T) {
	s := newSmall().person("mo", "Elm", "").person("olga", "Oak", "").person("eve", "Elm", "")
	s.referral("r-old", "mo", "Oak", "2026-01-10", "2026-01-12").
		referral("r-new", "mo", "Elm", "2026-03-05", "2026-03-06").
		referral("r-olga", "olga", "", "2026-03-09", "") // no practice on the referral: her record's
	s.mark("a1", "2026-03-03", "mo", domain.StatusPresent).
		mark("a1", "2026-03-10", "olga", domain.StatusPresent).
		mark("a1", "2026-03-10", "mo", domain.StatusPresent).
		mark("a2", "2026-03-12", "eve", domain.StatusPresent).
		mark("a2", "2026-03-19", "olga", domain.StatusAbsent)
	cases := []struct {
		practice                                 string
		people, attendances, held, received, acc int
	}{
		{"Oak", 2, 3, 3, 1, 0}, // Mo and Olga; 3 and 10 March, and 19 March (Olga marked absent)
		{"Elm", 2, 3, 3, 1, 1}, // Mo and Eve; Mo's new referral
		{"", 3, 4, 4, 2, 1},    // everyone
		{"Ash", 0, 0, 0, 0, 0}, // nobody
	}
	for _, tc := range cases {
		t.Run("practice "+tc.practice, func(t *testing.T) {
			opt := march
			opt.Practice = tc.practice
			rep := s.build(t, opt)
			a, rf := rep.Attendance, rep.Referrals
			check(t, []figure{
				{"people", itoa(a.People.N), itoa(tc.people)},
				{"attendances", itoa(int(a.Attendances.Value)), itoa(tc.attendances)},
				{"sessions held", itoa(a.SessionsHeld), itoa(tc.held)},
				{"referrals received", itoa(rf.Received.N), itoa(tc.received)},
				{"accepted", itoa(rf.Accepted.N), itoa(tc.acc)},
			})
		})
	}
}

// TestAuditVenueAndActivityFilters: a venue or activity covers its
// sessions, and the case records of people matched to or enrolled on them.
func TestAuditVenueAndActivityFilters(t *testing.T) {
	s := newSmall().person("hal", "", "").person("gus", "", "").person("both", "", "")
	s.ds.Matches = []domain.Match{{ID: "m1", PersonID: "hal", ActivityID: "a1", Date: "2026-03-02"},
		{ID: "m2", PersonID: "both", ActivityID: "a1", Date: "2026-03-02"}}
	s.ds.Enrolments = []domain.Enrolment{{ID: "e1", PersonID: "gus", ActivityID: "a2", Started: "2026-03-01"},
		{ID: "e2", PersonID: "both", ActivityID: "a2", Started: "2026-03-01"}}
	s.referral("rh", "hal", "", "2026-03-02", "2026-03-03").
		referral("rg", "gus", "", "2026-03-02", "2026-03-04").
		referral("rb", "both", "", "2026-03-02", "")
	s.ds.FollowUps = []domain.FollowUp{{ID: "fh", PersonID: "hal", Due: "2026-03-20"}, {ID: "fg", PersonID: "gus", Due: "2026-03-20"}}
	s.mark("a1", "2026-03-03", "hal", domain.StatusPresent).
		mark("a1", "2026-03-03", "both", domain.StatusPresent).
		mark("a2", "2026-03-05", "gus", domain.StatusPresent).
		mark("a2", "2026-03-05", "both", domain.StatusPresent).
		mark("a2", "2026-03-12", "gus", domain.StatusPresent)
	cases := []struct {
		name                  string
		venue, activity       string
		attendances, held     int
		received, followUpDue int
	}{
		{"hall", "hall", "", 2, 1, 2, 1},
		{"garden", "garden", "", 3, 2, 2, 1},
		{"growing", "", "a2", 3, 2, 2, 1},
		{"growing at the hall: nothing", "hall", "a2", 0, 0, 0, 0},
		{"everything", "", "", 5, 3, 3, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opt := march
			opt.VenueID, opt.ActivityID = tc.venue, tc.activity
			rep := s.build(t, opt)
			check(t, []figure{
				{"attendances", itoa(int(rep.Attendance.Attendances.Value)), itoa(tc.attendances)},
				{"sessions held", itoa(rep.Attendance.SessionsHeld), itoa(tc.held)},
				{"referrals received", itoa(rep.Referrals.Received.N), itoa(tc.received)},
				{"follow-ups due", itoa(rep.FollowUps.Due.N), itoa(tc.followUpDue)},
			})
		})
	}
}

// TestAuditLongestWaitSoFar: the longest wait of those not yet contacted is
// "so far": for a period not yet over (this month, looked at on the 10th)
// it is counted to the day the report is made, not to a last day still to
// come. The same holds for waiting lists.
func TestAuditLongestWaitSoFar(t *testing.T) {
	s := newSmall().person("p", "", "").referral("r", "p", "", "2026-03-02", "")
	s.ds.Matches = []domain.Match{{ID: "m", PersonID: "p", ActivityID: "a1", Date: "2026-03-03", Waiting: "2026-03-03"}}
	cases := []struct {
		name               string
		today              string
		referral, waitList float64
	}{
		{"on the 10th", "2026-03-10", 8, 7},
		{"on the last day", "2026-03-31", 29, 28},
		{"after the period", "2026-04-02", 29, 28},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opt := march
			opt.Today = tc.today
			rep := s.build(t, opt)
			if got := rep.Referrals.Waiting.LongestDays.Value; got != tc.referral {
				t.Errorf("referral: longest wait so far %v days, want %v", got, tc.referral)
			}
			if got := rep.WaitingLists.LongestDays.Value; got != tc.waitList {
				t.Errorf("waiting list: longest wait so far %v days, want %v", got, tc.waitList)
			}
		})
	}
}

// TestAuditMatchesByCategoryCountPeopleOnce: matches by kind of activity
// count people, once per kind. Ann was registered twice and merged; she
// was matched to two gardening activities, once under each record: one
// person matched to gardening, as she is one person in every other figure.
func TestAuditMatchesByCategoryCountPeopleOnce(t *testing.T) {
	s := newSmall().person("ann", "", "")
	s.ds.People = append(s.ds.People, domain.Person{ID: "ann2", GivenName: "Ann", MergedInto: "ann"})
	s.ds.Activities[0].Category = domain.CategoryGardening
	s.ds.Activities[1].Category = domain.CategoryGardening
	s.ds.Matches = []domain.Match{
		{ID: "m1", PersonID: "ann", ActivityID: "a1", Date: "2026-03-02"},
		{ID: "m2", PersonID: "ann2", ActivityID: "a2", Date: "2026-03-09"},
		{ID: "m3", PersonID: "ann2", ActivityID: "a1", Date: "2026-03-16"}, // again, under the other record: once
	}
	rf := s.build(t, march).Referrals
	n := map[string]int{}
	for _, g := range rf.MatchedTo {
		n[g.Name] = g.Count.N
	}
	if n["Craft (Hall)"] != 1 || n["Growing (Garden)"] != 1 {
		t.Errorf("matched to %v, want her once at each", n)
	}
	for _, g := range rf.MatchedByCategory {
		if g.Name == domain.CategoryGardening && g.Count.N != 1 {
			t.Errorf("matched to gardening: %d people, want 1", g.Count.N)
		}
	}
}

// TestAuditMergeCycleCountsOnce: two desks merged the same pair both ways
// while one was offline (a into b, b into a) until the server breaks the
// cycle. Meanwhile both records are still one person, the one every device
// keeps (domain.CycleSurvivor), with their details.
func TestAuditMergeCycleCountsOnce(t *testing.T) {
	s := newSmall()
	s.ds.People = []domain.Person{
		{ID: "a", GivenName: "Bea", MergedInto: "b", Practice: "Elm", DateOfBirth: "1950-06-01"},
		{ID: "b", GivenName: "Bea", MergedInto: "a", Practice: "Elm", DateOfBirth: "1950-06-01"},
	}
	s.mark("a1", "2026-03-03", "a", domain.StatusPresent).mark("a1", "2026-03-10", "b", domain.StatusPresent)
	for _, practice := range []string{"", "Elm"} {
		opt := march
		opt.Practice = practice
		rep := s.build(t, opt)
		if n := rep.Attendance.People.N; n != 1 {
			t.Errorf("practice %q: %d people, want 1", practice, n)
		}
		for _, e := range rep.Equity {
			if e.Dimension == "Age band" && e.People.N > 0 && e.Group != "75-84" {
				t.Errorf("practice %q: age band %q, want 75-84 from her record", practice, e.Group)
			}
		}
	}
}

// TestAuditMovedActivityCountsWhereItWasHeld: the craft group met at the
// Hall on 3 and 10 March, then moved to the Garden and met there on 17, 24
// and 31 March, five people each time. Each session, and its marks, count
// at the venue recorded on them; the sessions its schedule expects count
// at the Hall up to the last session held there, and at the Garden from
// the move on. Growing (Garden) expects the four Thursdays.
func TestAuditMovedActivityCountsWhereItWasHeld(t *testing.T) {
	s := newSmall()
	for i := 1; i <= 5; i++ {
		s.person(fmt.Sprintf("p%d", i), "", "")
	}
	for _, d := range []string{"03", "10", "17", "24", "31"} {
		s.session("a1", "2026-03-"+d, false)
		for i := 1; i <= 5; i++ {
			s.mark("a1", "2026-03-"+d, fmt.Sprintf("p%d", i), domain.StatusPresent)
		}
		if d == "10" {
			s.ds.Activities[0].VenueID = "garden" // moved: later records are at the Garden
		}
	}
	cases := []struct {
		venue                       string
		held, attendances, expected int
		craftHeld, craftExpected    int
		craftVenue                  string
	}{
		{"hall", 2, 10, 2, 2, 2, "Hall"},
		{"garden", 3, 15, 7, 3, 3, "Garden"},
		{"", 5, 25, 9, 5, 5, "Garden"},
	}
	for _, tc := range cases {
		t.Run("venue "+tc.venue, func(t *testing.T) {
			opt := march
			opt.VenueID = tc.venue
			a := s.build(t, opt).Attendance
			var craft ActivityAttendance
			for _, r := range a.ByActivity {
				if r.ActivityID == "a1" {
					craft = r
				}
			}
			check(t, []figure{
				{"sessions held", itoa(a.SessionsHeld), itoa(tc.held)},
				{"attendances", itoa(int(a.Attendances.Value)), itoa(tc.attendances)},
				{"sessions expected", itoa(a.SessionsExpected), itoa(tc.expected)},
				{"craft sessions held", itoa(craft.SessionsHeld), itoa(tc.craftHeld)},
				{"craft sessions expected", itoa(craft.SessionsExpected), itoa(tc.craftExpected)},
				{"craft venue", craft.Venue, tc.craftVenue},
			})
		})
	}
}

// TestAuditStillWaitingLeavesOutDeclinedAndClosed: a referral still waiting
// for first contact at the end of the period is one neither contacted,
// declined nor closed by then; the method says so.
func TestAuditStillWaitingLeavesOutDeclinedAndClosed(t *testing.T) {
	cases := []struct {
		name                        string
		contacted, declined, closed string
		waiting                     int
	}{
		{"open", "", "", "", 1},
		{"contacted in the period", "2026-03-10", "", "", 0},
		{"declined in the period", "", "2026-03-10", "", 0},
		{"closed in the period", "", "", "2026-03-10", 0},
		{"declined after the period", "", "2026-04-01", "", 1},
		{"closed after the period", "", "", "2026-04-01", 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newSmall().person("p", "", "")
			s.ds.Referrals = []domain.Referral{{ID: "r", PersonID: "p", Received: "2026-03-02",
				Contacted: tc.contacted, Declined: tc.declined, Closed: tc.closed}}
			if got := s.build(t, march).Referrals.Waiting.StillWaiting.N; got != tc.waiting {
				t.Errorf("still waiting %d, want %d", got, tc.waiting)
			}
		})
	}
	for _, m := range Method() {
		if m[0] == "Waiting time" && !(strings.Contains(m[1], "declined") && strings.Contains(m[1], "closed")) {
			t.Errorf("the method's waiting time does not say declined and closed referrals are not waiting: %q", m[1])
		}
	}
}

// TestAuditPracticeSessionFiguresFitTogether: a session is held for a
// practice when one of its people was marked there. The schedules' sessions
// expected and cancelled, and the places at a session (shared by everyone
// who comes, whatever their practice), are the service's, not the
// practice's: beside the practice's sessions held they read as not
// applicable, not as the whole service's or a share that reads low.
//
// Craft (10 places) met on the five Tuesdays of March, six people with no
// practice at each; five Oak people came on 10 March. Growing expected four
// Thursdays, 19 March cancelled, nobody marked.
func TestAuditPracticeSessionFiguresFitTogether(t *testing.T) {
	s := newSmall()
	for i := 1; i <= 6; i++ {
		p := fmt.Sprintf("x%d", i)
		s.person(p, "", "")
		for _, d := range []string{"03", "10", "17", "24", "31"} {
			s.mark("a1", "2026-03-"+d, p, domain.StatusPresent)
		}
	}
	for i := 1; i <= 5; i++ {
		p := fmt.Sprintf("o%d", i)
		s.person(p, "Oak", "").mark("a1", "2026-03-10", p, domain.StatusPresent)
	}
	s.session("a2", "2026-03-19", true)
	cases := []struct {
		practice                                  string
		held, expected, cancelled, places, filled string
		rows                                      map[string][4]string // held, filled, expected, cancelled
	}{
		// 35 attendances at 5 sessions of 10 places: 70%.
		{"", "5", "9", "1", "10.0", "70%", map[string][4]string{
			"a1": {"5", "70%", "5", "0"}, "a2": {"0", "", "4", "1"}}},
		// Oak's 5 attendances at the one session held for it. Not 50% of
		// its places (the other 6 filled them too), nor the service's 9
		// sessions expected beside 1 held; Growing had none of its people.
		{"Oak", "1", NotApplicable, NotApplicable, NotApplicable, NotApplicable, map[string][4]string{
			"a1": {"1", NotApplicable, NotApplicable, NotApplicable}}},
	}
	for _, tc := range cases {
		t.Run("practice "+tc.practice, func(t *testing.T) {
			opt := march
			opt.Practice = tc.practice
			tables := s.build(t, opt).Tables()
			summary := map[string]string{}
			for _, r := range tables[0].Rows {
				summary[r[1]] = r[2]
			}
			check(t, []figure{
				{"sessions held", summary["Sessions held"], tc.held},
				{"sessions expected", summary["Sessions expected by the schedules (up to the day of the report)"], tc.expected},
				{"sessions cancelled", summary["Sessions cancelled"], tc.cancelled},
				{"places per session", summary["Average places per session (activities with a capacity)"], tc.places},
				{"places taken", summary["Places taken (activities with a capacity)"], tc.filled},
			})
			byAct := tables[1]
			col := map[string]int{}
			for i, c := range byAct.Columns {
				col[c] = i
			}
			got := map[string][4]string{}
			for _, r := range byAct.Rows {
				got[r[col["activity_id"]]] = [4]string{r[col["sessions_held"]], r[col["places_taken"]],
					r[col["sessions_expected"]], r[col["sessions_cancelled"]]}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.rows) {
				t.Errorf("by activity (held, places taken, expected, cancelled) %v, want %v", got, tc.rows)
			}
		})
	}
}

// TestAuditStoppedComingUnderAVenue: stopped coming is per activity (the
// method): a person who came to it, is enrolled on it and missed its last
// three sessions, wherever they were held; coming to another activity does
// not change it. A venue's report lists the activities whose last session
// in the period was there, so the venues' lists add up to the whole
// organisation's, and a venue is never told what a person does elsewhere.
//
// Ann is enrolled on Craft (Hall, Tuesdays) and Growing (Garden,
// Thursdays); Xan comes to every session, so each is held.
func TestAuditStoppedComingUnderAVenue(t *testing.T) {
	tuesdays := []string{"2026-03-03", "2026-03-10", "2026-03-17", "2026-03-24", "2026-03-31"}
	thursdays := []string{"2026-03-05", "2026-03-12", "2026-03-19", "2026-03-26"}
	// meet holds the sessions of act on days, marking Xan, and Ann on the
	// days she came; moveAfter, if set, moves the activity to the Garden
	// after that day's session.
	meet := func(s *small, act string, days []string, annCame int, moveAfter string) {
		for i, d := range days {
			s.mark(act, d, "xan", domain.StatusPresent)
			if i < annCame {
				s.mark(act, d, "ann", domain.StatusPresent)
			}
			if d == moveAfter {
				s.ds.Activities[0].VenueID = "garden"
			}
		}
	}
	cases := []struct {
		name  string
		setUp func(s *small)
		want  map[string]string // venue filter -> the list, as listed
	}{
		{"stopped Craft at the Hall, still comes to Growing at the Garden", func(s *small) {
			meet(s, "a1", tuesdays, 1, "")
			meet(s, "a2", thursdays, 4, "")
		}, map[string]string{
			"hall": "[ann Craft at Hall, missed since 2026-03-17]", "garden": "[]",
			"": "[ann Craft at Hall, missed since 2026-03-17]"}},
		{"stopped Growing at the Garden, still comes to Craft at the Hall", func(s *small) {
			meet(s, "a1", tuesdays, 5, "")
			meet(s, "a2", thursdays, 1, "")
		}, map[string]string{
			"hall": "[]", "garden": "[ann Growing at Garden, missed since 2026-03-12]",
			"": "[ann Growing at Garden, missed since 2026-03-12]"}},
		// Craft moved to the Garden after 10 March: Ann came at the Hall
		// and missed the three at the Garden. The Garden lost her.
		{"Craft moved in the period, she stopped when it did", func(s *small) {
			meet(s, "a1", tuesdays, 2, "2026-03-10")
		}, map[string]string{
			"hall": "[]", "garden": "[ann Craft at Garden, missed since 2026-03-17]",
			"": "[ann Craft at Garden, missed since 2026-03-17]"}},
		// Craft met at the Hall all March and moved to the Garden in April:
		// the March report is the Hall's.
		{"Craft moved after the period", func(s *small) {
			meet(s, "a1", tuesdays, 1, "2026-03-31")
		}, map[string]string{
			"hall": "[ann Craft at Hall, missed since 2026-03-17]", "garden": "[]",
			"": "[ann Craft at Hall, missed since 2026-03-17]"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newSmall().person("ann", "", "").person("xan", "", "")
			s.ds.Enrolments = []domain.Enrolment{{ID: "e1", PersonID: "ann", ActivityID: "a1", Started: "2026-02-01"},
				{ID: "e2", PersonID: "ann", ActivityID: "a2", Started: "2026-02-01"}}
			tc.setUp(s)
			for _, venue := range []string{"hall", "garden", ""} {
				opt := march
				opt.VenueID = venue
				var got []string
				for _, sc := range s.build(t, opt).Attendance.StoppedComing {
					got = append(got, fmt.Sprintf("%s %s at %s, missed since %s", sc.PersonID, sc.Activity, sc.Venue, sc.MissedSince))
				}
				if fmt.Sprint(got) != tc.want[venue] {
					t.Errorf("venue %q: stopped coming %v, want %s", venue, got, tc.want[venue])
				}
			}
		})
	}
	for _, m := range Method() {
		if m[0] == "Stopped coming" && !(strings.Contains(m[1], "wherever held") && strings.Contains(m[1], "at the venue chosen")) {
			t.Errorf("the method's stopped coming does not say it is the activity's wherever held, under a venue filter where it last met: %q", m[1])
		}
	}
}

// TestAuditSessionsExpectedOnTheReportDay: a schedule's date counts as
// expected up to the day the report is made, and that day's only once it
// has happened: its register taken (held) or it was called off. A report
// made on the morning of a session day must not read as a session missed.
//
// March to Tuesday 31 March: Craft (Tuesdays) met on 3, 10, 17 and 24
// March, Growing (Thursdays) on 5, 12, 19 and 26 March.
func TestAuditSessionsExpectedOnTheReportDay(t *testing.T) {
	cases := []struct {
		name, today string
		setUp       func(s *small)
		// whole report: expected, held, cancelled; Craft expected
		expected, held, cancelled, craftExpected int
	}{
		{"morning, before the register", "2026-03-31", func(s *small) {}, 8, 8, 0, 4},
		{"session opened, nobody marked yet", "2026-03-31", func(s *small) {
			s.session("a1", "2026-03-31", false)
		}, 8, 8, 0, 4},
		{"after the register", "2026-03-31", func(s *small) {
			s.mark("a1", "2026-03-31", "p", domain.StatusPresent)
		}, 9, 9, 0, 5},
		{"cancelled today", "2026-03-31", func(s *small) {
			s.session("a1", "2026-03-31", true)
		}, 9, 8, 1, 5},
		{"the next day, nobody marked", "2026-04-01", func(s *small) {}, 9, 8, 0, 5},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newSmall().person("p", "", "")
			for _, d := range []string{"03", "10", "17", "24"} {
				s.mark("a1", "2026-03-"+d, "p", domain.StatusPresent)
			}
			for _, d := range []string{"05", "12", "19", "26"} {
				s.mark("a2", "2026-03-"+d, "p", domain.StatusPresent)
			}
			tc.setUp(s)
			opt := march
			opt.Today = tc.today
			a := s.build(t, opt).Attendance
			craft := 0
			for _, r := range a.ByActivity {
				if r.ActivityID == "a1" {
					craft = r.SessionsExpected
				}
			}
			check(t, []figure{
				{"sessions expected", itoa(a.SessionsExpected), itoa(tc.expected)},
				{"sessions held", itoa(a.SessionsHeld), itoa(tc.held)},
				{"sessions cancelled", itoa(a.SessionsCancelled), itoa(tc.cancelled)},
				{"craft sessions expected", itoa(craft), itoa(tc.craftExpected)},
			})
		})
	}
	for _, m := range Method() {
		if m[0] == "Attendance" && !strings.Contains(m[1], "that day's once held or cancelled") {
			t.Errorf("the method's sessions expected does not say the report day's count once held or cancelled: %q", m[1])
		}
	}
}

// TestAuditStoppedComingCountsPeopleOnce: the summary's "People who
// stopped coming" counts people, once each (People counted once), while
// the staff list has a row per activity they stopped. Five people each
// stopped both Craft and Growing: 5 people, 10 rows.
func TestAuditStoppedComingCountsPeopleOnce(t *testing.T) {
	s := newSmall().person("xan", "", "")
	for i := 1; i <= 5; i++ {
		p := fmt.Sprintf("p%d", i)
		s.person(p, "", "").mark("a1", "2026-03-03", p, domain.StatusPresent).mark("a2", "2026-03-05", p, domain.StatusPresent)
		s.ds.Enrolments = append(s.ds.Enrolments, domain.Enrolment{ID: "e1" + p, PersonID: p, ActivityID: "a1"},
			domain.Enrolment{ID: "e2" + p, PersonID: p, ActivityID: "a2"})
	}
	for _, d := range []string{"2026-03-03", "2026-03-10", "2026-03-17", "2026-03-24"} {
		s.mark("a1", d, "xan", domain.StatusPresent).mark("a2", domain.AddDays(d, 2), "xan", domain.StatusPresent)
	}
	rep := s.build(t, march)
	summary := map[string]string{}
	for _, r := range rep.Tables()[0].Rows {
		summary[r[1]] = r[2]
	}
	check(t, []figure{
		{"rows in the staff list", itoa(len(rep.Attendance.StoppedComing)), "10"},
		{"people who stopped coming", summary["People who stopped coming"], "5"},
	})
}
