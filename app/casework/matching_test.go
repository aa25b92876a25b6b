package casework

import (
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/domain"
)

func TestMatchingFilters(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	m := NewMatching(s, linkWorker(), personAnn, "")
	show(t, m.Content())
	cases := []struct {
		name string
		set  func()
		want []string
	}{
		{"everything", func() {}, []string{actCraft, actDrawing, actGarden}},
		{"category", func() { m.category.SetSelected(domain.CategoryCraft) }, []string{actCraft}},
		{"day", func() { m.day.SetSelected("Friday") }, []string{actDrawing}},
		{"venue", func() { m.venueSel.SetSelected("Church Hall") }, []string{actCraft, actDrawing}},
		{"online", func() { m.mode.SetSelected("Online") }, []string{actDrawing}},
		{"in person", func() { m.mode.SetSelected("In person") }, []string{actCraft, actGarden}},
		{"level", func() { m.level.SetSelected(domain.LevelTaster) }, []string{actCraft}},
		{"free", func() { m.cost.SetSelected("Free only") }, []string{actDrawing, actGarden}},
		{"access", func() { test.Type(m.accessText, "hearing loop") }, []string{actCraft, actDrawing}},
		{"nothing fits", func() { m.category.SetSelected(domain.CategoryMuseum) }, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, sel := range []interface{ SetSelectedIndex(int) }{m.category, m.day, m.venueSel, m.mode, m.level, m.cost} {
				sel.SetSelectedIndex(0)
			}
			m.accessText.SetText("")
			tc.set()
			got := append([]string(nil), m.shown...)
			sort.Strings(got)
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("shown %v, want %v", got, tc.want)
			}
			if tc.want == nil {
				mustShow(t, m.Content(), "No activities fit these filters")
			}
		})
	}
}

func TestMatchingEnrolsSchedulesAndMovesTheReferral(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	r := referral(personAnn, domain.ReferralAssessed, "2026-03-01")
	r.Contacted, r.Assessed = "2026-03-02", "2026-03-09"
	saveAll(t, s, domain.Create(domain.KindReferral, "r1", r),
		domain.Create(domain.KindEnrolment, domain.EnrolmentID(actGarden, personBob),
			domain.Enrolment{ActivityID: actGarden, PersonID: personBob, VenueID: venueGarden, Started: "2026-02-01"}))
	m := NewMatching(s, linkWorker(), personAnn, "")
	show(t, m.Content())
	if m.referralID != "r1" {
		t.Fatalf("matching is for referral %q, want the open one", m.referralID)
	}
	mustShow(t, m.Content(), "Match Ann Lee", "1 of 2 places taken", "Already enrolled: Bob Hart", "Access: Level paths, raised beds")

	// Match and enrol is offered once something is ticked.
	if m.bar.Visible() {
		t.Error("Match and enrol is offered with nothing ticked")
	}

	test.Tap(m.checks[actGarden])
	test.Tap(m.checks[actCraft])
	test.Type(m.route, "Bus 22 to Mill Lane")
	test.Type(m.meetBy, "Bev at the gate")
	test.Tap(m.withFriend)
	before := s.saves.Load()
	test.Tap(m.save)
	if got := s.saves.Load() - before; got != 1 {
		t.Errorf("%d saves for one match, want 1", got)
	}

	matches := all[domain.Match](s, domain.KindMatch, "person_id", personAnn)
	if len(matches) != 2 {
		t.Fatalf("%d matches saved, want 2", len(matches))
	}
	for _, x := range matches {
		if x.ReferralID != "r1" || x.Date != todayDate || x.TravelRoute != "Bus 22 to Mill Lane" || x.MeetBy != "Bev at the gate" || !x.WithFriend {
			t.Errorf("match saved as %+v", x)
		}
	}
	for act, ven := range map[string]string{actGarden: venueGarden, actCraft: venueHall} {
		e := get[domain.Enrolment](t, s, domain.KindEnrolment, domain.EnrolmentID(act, personAnn))
		if e.VenueID != ven || e.Started != todayDate || !e.Active() {
			t.Errorf("enrolment on %s saved as %+v", act, e)
		}
	}
	got := get[domain.Referral](t, s, domain.KindReferral, "r1")
	if got.Status != domain.ReferralMatched || got.Matched != todayDate {
		t.Errorf("referral is %s on %q, want matched today", got.Status, got.Matched)
	}
	fus := all[domain.FollowUp](s, domain.KindFollowUp, "person_id", personAnn)
	if len(fus) != 1 || fus[0].Due != "2026-04-15" || fus[0].ReferralID != "r1" {
		t.Errorf("follow-ups = %+v, want one due in four weeks (2026-04-15)", fus)
	}
	mustShow(t, m.Content(), "Saved: matched and enrolled on Crafternoon, Garden group", "Follow-up due Wed 15 Apr 2026",
		"They have no baseline wellbeing measure yet", "Full: all 2 places taken", "Already enrolled")
	if m.route.Text != "" {
		t.Error("the travel notes were not cleared after saving")
	}

	// The baseline prompt opens the wellbeing form at baseline.
	test.Tap(m.baseline)
	w, ok := m.nav.top().(*Wellbeing)
	if !ok || w.stage.selected != domain.StageBaseline {
		t.Fatalf("baseline prompt opened %T", m.nav.top())
	}

	// A second match does not schedule a second follow-up while one waits.
	test.Tap(m.nav.back)
	test.Tap(m.checks[actDrawing])
	test.Tap(m.save)
	if n := len(all[domain.FollowUp](s, domain.KindFollowUp, "person_id", personAnn)); n != 1 {
		t.Errorf("%d follow-ups after a second match, want still 1", n)
	}
}

func TestMatchingFollowUpWeeks(t *testing.T) {
	test.NewTempApp(t)
	for _, tc := range []struct {
		org, tap int
		want     string
	}{{0, 0, "2026-04-15"}, {5, 0, "2026-04-22"}, {4, 6, "2026-04-29"}} {
		t.Run(tc.want, func(t *testing.T) {
			s := openStore(t)
			fixture(t, s)
			ctx := linkWorker()
			ctx.FollowUpWeeks = tc.org
			m := NewMatching(s, ctx, personBob, "")
			show(t, m.Content())
			if tc.tap != 0 {
				test.Tap(m.weeks.button(string(rune('0' + tc.tap))))
			}
			test.Tap(m.checks[actDrawing])
			test.Tap(m.save)
			fus := all[domain.FollowUp](s, domain.KindFollowUp, "person_id", personBob)
			if len(fus) != 1 || fus[0].Due != tc.want {
				t.Errorf("follow-ups %+v, want one due %s", fus, tc.want)
			}
		})
	}
}

// TestMatchingNamesTheOthersEnrolled: an activity lists who else is
// enrolled (a familiar face), not the person being matched, who is
// already said to be enrolled beside it.
func TestMatchingNamesTheOthersEnrolled(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	caseFixture(t, s)
	m := NewMatching(s, linkWorker(), personAnn, "")
	show(t, m.Content())
	mustShow(t, m.Content(), "Already enrolled")
	for _, line := range texts(m.Content()) {
		if strings.Contains(line, "enrolled: ") && strings.Contains(line, "Ann Lee") {
			t.Errorf("matching Ann lists her among those enrolled: %q", line)
		}
	}
}

// TestMatchFromTheCaseMovesTheReferral: matching straight from the case
// (its Match to activities button) moves the referral along its path as a
// match made from the referral does, with the steps it had not taken dated
// today; a referral already past matched is not moved back. A follow-up
// already waiting does not stop the referral moving.
func TestMatchFromTheCaseMovesTheReferral(t *testing.T) {
	tests := []struct {
		name        string
		status      string
		openFollow  bool
		wantStatus  string
		wantMatched string
	}{
		{name: "received", status: domain.ReferralReceived, wantStatus: domain.ReferralMatched, wantMatched: todayDate},
		{name: "contacted", status: domain.ReferralContacted, wantStatus: domain.ReferralMatched, wantMatched: todayDate},
		{name: "assessed with a follow-up waiting", status: domain.ReferralAssessed, openFollow: true,
			wantStatus: domain.ReferralMatched, wantMatched: todayDate},
		{name: "attending stays attending", status: domain.ReferralAttending, wantStatus: domain.ReferralAttending, wantMatched: "2026-03-09"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			test.NewTempApp(t)
			s := openStore(t)
			fixture(t, s)
			r := referral(personBob, tc.status, "2026-03-01")
			switch tc.status {
			case domain.ReferralAttending:
				r.Contacted, r.Assessed, r.Matched, r.Attending = "2026-03-02", "2026-03-05", "2026-03-09", "2026-03-11"
				r.SnomedCodes = []string{domain.SnomedReferralAccepted}
			case domain.ReferralAssessed:
				r.Contacted, r.Assessed = "2026-03-02", "2026-03-05"
				r.SnomedCodes = []string{domain.SnomedReferralAccepted}
			case domain.ReferralContacted:
				r.Contacted = "2026-03-02"
				r.SnomedCodes = []string{domain.SnomedReferralAccepted}
			}
			saveAll(t, s, domain.Create(domain.KindReferral, "r-bob", r))
			if tc.openFollow {
				saveAll(t, s, domain.Create(domain.KindFollowUp, "f-bob", domain.FollowUp{PersonID: personBob, Due: "2026-04-01"}))
			}
			c := NewCase(s, linkWorker(), personBob)
			show(t, c.Content())
			test.Tap(c.matchButton)
			m, ok := c.nav.top().(*Matching)
			if !ok {
				t.Fatalf("Match to activities opened %T", c.nav.top())
			}
			before := s.saves.Load()
			test.Tap(m.checks[actDrawing])
			test.Tap(m.save)
			if got := s.saves.Load() - before; got != 1 {
				t.Errorf("%d saves for one match, want 1", got)
			}
			got := get[domain.Referral](t, s, domain.KindReferral, "r-bob")
			if got.Status != tc.wantStatus || got.Matched != tc.wantMatched {
				t.Errorf("referral is %s, matched %q; want %s, matched %q", got.Status, got.Matched, tc.wantStatus, tc.wantMatched)
			}
			if got.Contacted == "" || got.Assessed == "" || !got.HasSnomed(domain.SnomedReferralAccepted) {
				t.Errorf("referral skipped steps: %+v", got)
			}
			if tc.status == domain.ReferralContacted && got.Contacted != "2026-03-02" {
				t.Errorf("the contact date moved to %s", got.Contacted)
			}
			if n := len(all[domain.FollowUp](s, domain.KindFollowUp, "person_id", personBob)); n != 1 {
				t.Errorf("%d follow-ups, want 1", n)
			}
		})
	}
}

// TestMatchSavedWhenTheReferralCannotMove: a referral whose step is dated
// after today cannot move to matched, but the match, the person's place
// on the register, is saved anyway, and the worker is told why the
// referral stayed.
func TestMatchSavedWhenTheReferralCannotMove(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	r := referral(personBob, domain.ReferralContacted, "2026-03-01")
	r.Contacted = "2026-03-25" // typed ahead, or a device's clock ahead
	r.SnomedCodes = []string{domain.SnomedReferralAccepted}
	saveAll(t, s, domain.Create(domain.KindReferral, "r-bob", r))
	c := NewCase(s, linkWorker(), personBob)
	show(t, c.Content())
	test.Tap(c.matchButton)
	m, ok := c.nav.top().(*Matching)
	if !ok {
		t.Fatalf("Match to activities opened %T", c.nav.top())
	}
	test.Tap(m.checks[actDrawing])
	test.Tap(m.save)
	if m.problem.Visible() && m.problem.Text != "" {
		t.Fatalf("the match was refused: %q", m.problem.Text)
	}
	enrolled := false
	for _, e := range all[domain.Enrolment](s, domain.KindEnrolment, "person_id", personBob) {
		enrolled = enrolled || e.ActivityID == actDrawing
	}
	if !enrolled {
		t.Fatal("the match was not saved")
	}
	if got := get[domain.Referral](t, s, domain.KindReferral, "r-bob"); got.Status != domain.ReferralContacted {
		t.Errorf("referral moved to %s", got.Status)
	}
	if !strings.Contains(m.notice.Text, "The referral was not moved to matched") {
		t.Errorf("the notice does not say why the referral stayed: %q", m.notice.Text)
	}
}

// TestMatchingOnlineActivityGivesNoBuildingAccess: an online activity is
// joined from home, so matching does not give its organising venue's
// building access as if it were where the person goes; an activity in
// person at the same venue still does.
func TestMatchingOnlineActivityGivesNoBuildingAccess(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	saveAll(t, s, domain.Create(domain.KindActivity, "a-yoga", domain.Activity{Name: "Chair yoga", VenueID: venueHall, Category: domain.CategoryArt,
		Level: domain.LevelIntermediate, Schedule: domain.ScheduleWeekly, Weekday: time.Monday, StartDate: "2026-01-05",
		StartTime: "10:00", EndTime: "11:00", Capacity: 12, Cost: "Free", Online: true}))
	c := NewCase(s, linkWorker(), personBob)
	show(t, c.Content())
	test.Tap(c.matchButton)
	m, ok := c.nav.top().(*Matching)
	if !ok {
		t.Fatalf("Match to activities opened %T", c.nav.top())
	}
	all := strings.Join(texts(m.Content()), "\n")
	if !strings.Contains(all, "Drawing online") || !strings.Contains(all, "Crafternoon") {
		t.Fatalf("both activities at the hall should be listed:\n%s", all)
	}
	if n := strings.Count(all, "Access: Step-free side door, hearing loop"); n != 1 {
		t.Errorf("the hall's access is given %d times, want once (Crafternoon, not the online one):\n%s", n, all)
	}
	// Its heading sends nobody to the hall either: "online", not the
	// building that organises it, said once: "Drawing online" already
	// says it, "Chair yoga" does not.
	if !slices.Contains(texts(m.Content()), "Drawing online") || strings.Contains(all, "Drawing online · ") {
		t.Errorf("the online activity is not headed \"Drawing online\" alone:\n%s", all)
	}
	if !strings.Contains(all, "Chair yoga · online") || strings.Contains(all, "Chair yoga · Church Hall") {
		t.Errorf("the online activity without online in its name is not headed online:\n%s", all)
	}
	if !strings.Contains(all, "Crafternoon · Church Hall") {
		t.Errorf("the activity at the hall is not headed with it:\n%s", all)
	}
}

// TestMatchingSaysWhyReferredAndTheirAccessNeeds: matching shows the
// referral's reasons and the person's access needs under its heading, so
// the link worker matches without going back to the case; the access
// filter starts empty (their needs are free words, not a venue's), so
// every activity is still shown.
func TestMatchingSaysWhyReferredAndTheirAccessNeeds(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	p, _ := s.View().Person(personAnn)
	after := p
	after.AccessNeeds = "Uses a wheelchair; needs the step-free door"
	r := referral(personAnn, domain.ReferralAssessed, "2026-03-01")
	r.Reasons = []string{"low mood or anxiety", "bereavement"}
	saveAll(t, s, append(domain.Changed(domain.KindPerson, personAnn, p, after), domain.Create(domain.KindReferral, "r1", r))...)

	m := NewMatching(s, linkWorker(), personAnn, "")
	show(t, m.Content())
	mustShow(t, m.Content(), "Match Ann Lee", "Referred for: low mood or anxiety, bereavement",
		"Access needs: Uses a wheelchair; needs the step-free door")
	if m.accessText.Text != "" || len(m.shown) != 3 {
		t.Errorf("access filter %q shows %v, want empty and all three", m.accessText.Text, m.shown)
	}
}

// TestGettingThereWordsSayWhatIsMissing: the bar below the list names the
// person and says which of the route and who meets them is not written
// yet, and where it goes; an online activity is never asked for a route
// (domain.NeedsRoute), only perhaps someone to welcome them. (It said "No
// route or someone to meet them yet: they go on the info sheet", with
// "they" the person or the words, and asked for a route to an online
// activity.)
func TestGettingThereWordsSayWhatIsMissing(t *testing.T) {
	for _, tc := range []struct {
		name          string
		needRoute     bool
		route, meetBy string
		withFriend    bool
		weeks         string
		want          string
		mustNot       []string
	}{
		{name: "in person, nothing written", needRoute: true, weeks: "6",
			want: "Not written yet for Frank's info sheet (Getting there): how Frank gets there and who will meet Frank. Follow-up in 6 weeks."},
		{name: "in person, route only", needRoute: true, route: "Bus  22",
			want: "Route: Bus 22. Not written yet for Frank's info sheet (Getting there): who will meet Frank."},
		{name: "in person, all written", needRoute: true, route: "Bus 22", meetBy: "Sam at the door", withFriend: true,
			want: "Route: Bus 22 · Met by Sam at the door · coming with a friend."},
		{name: "online, nothing written", weeks: "4",
			want:    "Not written yet for Frank's info sheet (Getting there): who will welcome Frank online. Follow-up in 4 weeks.",
			mustNot: []string{"route", "gets there"}},
		{name: "online, welcome written", meetBy: "Ann, the host",
			want:    "Met by Ann, the host.",
			mustNot: []string{"route", "Not written"}},
		{name: "online, a route typed anyway", route: "Bus 22", meetBy: "Ann",
			want:    "Met by Ann.",
			mustNot: []string{"Route"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := gettingThereWords("Frank", tc.needRoute, tc.route, tc.meetBy, tc.withFriend, tc.weeks)
			if got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
			for _, w := range tc.mustNot {
				if strings.Contains(strings.ToLower(got), strings.ToLower(w)) {
					t.Errorf("%q says %q", got, w)
				}
			}
			if strings.Contains(got, " they ") {
				t.Errorf("%q says they, not who", got)
			}
		})
	}
}
