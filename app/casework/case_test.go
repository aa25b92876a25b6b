package casework

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// caseFixture gives Ann a whole case: a referral, a finished taster, a
// follow-up, contacts, measures before and after, consents, attendance.
func caseFixture(t *testing.T, s Store) {
	t.Helper()
	fixture(t, s)
	r := referral(personAnn, domain.ReferralAttending, "2026-01-05")
	r.Contacted, r.Assessed, r.Matched, r.Attending = "2026-01-07", "2026-01-14", "2026-01-21", "2026-01-28"
	r.SnomedCodes = []string{domain.SnomedReferralAccepted}
	sid := domain.SessionID(actCraft, "2026-03-11")
	saveAll(t, s,
		domain.Create(domain.KindReferral, "r1", r),
		domain.Create(domain.KindConsent, "c1", domain.Consent{PersonID: personAnn, Purpose: "share with GP", Given: "2026-01-07", RecordedBy: "staff-priya"}),
		domain.Create(domain.KindConsent, "c2", domain.Consent{PersonID: personAnn, Purpose: "photos", Given: "2026-01-07", Withdrawn: "2026-02-01", RecordedBy: "staff-priya"}),
		domain.Create(domain.KindMatch, "m1", domain.Match{PersonID: personAnn, ActivityID: actCraft, ReferralID: "r1", Date: "2026-01-21",
			TravelRoute: "Bus 7 to Market Cross", MeetBy: "Hannah", WithFriend: true, VenueNote: "Nervous about groups"}),
		domain.Create(domain.KindEnrolment, domain.EnrolmentID(actCraft, personAnn), domain.Enrolment{ActivityID: actCraft, PersonID: personAnn,
			VenueID: venueHall, Started: "2026-01-21"}),
		domain.Create(domain.KindSession, sid, domain.Session{ActivityID: actCraft, VenueID: venueHall, Date: "2026-03-11"}),
		domain.Create(domain.KindAttendance, domain.AttendanceID(sid, personAnn), domain.Attendance{SessionID: sid, PersonID: personAnn,
			ActivityID: actCraft, VenueID: venueHall, Date: "2026-03-11", Status: domain.StatusPresent}),
		domain.Create(domain.KindFollowUp, "f1", domain.FollowUp{PersonID: personAnn, ReferralID: "r1", Due: "2026-02-18", Done: "2026-02-18",
			Outcome: "Loves it", By: "staff-priya"}),
		domain.Create(domain.KindFollowUp, "f2", domain.FollowUp{PersonID: personAnn, ReferralID: "r1", Due: "2026-03-16"}),
		domain.Create(domain.KindContact, "k1", domain.Contact{PersonID: personAnn, Method: "phone call", Date: "2026-02-18", Outcome: "Loves it",
			NextStep: "Try drawing", By: "staff-priya"}),
		domain.Create(domain.KindMeasure, "ons-b", domain.Measure{PersonID: personAnn, Instrument: domain.InstrumentONS4, Stage: domain.StageBaseline,
			Date: "2026-01-21", Items: []int{4, 5, 3, 7}}),
		domain.Create(domain.KindMeasure, "ons-f", domain.Measure{PersonID: personAnn, Instrument: domain.InstrumentONS4, Stage: domain.StageFollowUp,
			Date: "2026-02-18", Items: []int{7, 5, 6, 3}}),
		domain.Create(domain.KindMeasure, "sw-b", domain.Measure{PersonID: personAnn, Instrument: domain.InstrumentSWEMWBS, Stage: domain.StageBaseline,
			Date: "2026-01-21", Items: []int{2, 3, 2, 3, 3, 2, 3}, SelfCompleted: true, Helped: true}),
		domain.Create(domain.KindMeasure, "sw-f", domain.Measure{PersonID: personAnn, Instrument: domain.InstrumentSWEMWBS, Stage: domain.StageFollowUp,
			Date: "2026-02-18", Items: []int{4, 4, 3, 3, 4, 4, 4}}),
	)
}

func TestCaseShowsEverythingConsentFirst(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	caseFixture(t, s)
	c := NewCase(s, linkWorker(), personAnn)
	show(t, c.Content())

	want := []string{"Consent", "Referrals", "Matches", "Attendance across venues", "Follow-ups", "Contact log", "Wellbeing"}
	if len(c.sections) != len(want) {
		t.Fatalf("sections %v, want %v", c.sections, want)
	}
	for i := range want {
		if c.sections[i] != want[i] {
			t.Errorf("section %d is %q, want %q", i, c.sections[i], want[i])
		}
	}
	mustShow(t, c.Content(),
		"Ann Lee", "born 02/04/1950",
		"Share with GP: given Wed 7 Jan 2026, recorded by Priya Shah",
		"Photos: WITHDRAWN Sun 1 Feb 2026",
		// The preference without its consent: not used (one line,
		// domain.ContactWaysWords, the words of the contact log too).
		"Prefers phone, but their consent is not recorded, so it is not used",
		"Attending · GP · Riverside",
		"Crafternoon · Church Hall", "Route: Bus 7 to Market Cross · Met by: Hannah · Coming with a friend",
		// What the facilitator was told, as the link worker wrote it.
		"For the facilitator: Nervous about groups",
		"Crafternoon at Church Hall: came to 1 of 1 session",
		"OVERDUE by 2 days (was due Mon 16 Mar 2026)", "Done Wed 18 Feb 2026",
		"Next step: Try drawing",
		"Life satisfaction", "4 (low)", "7 (high)", "+3 better", "Anxiety", "-4 better", "Worthwhile", "no change",
		"17.43", "23.21", "+5.78: a meaningful improvement", "Baseline Wed 21 Jan 2026 (self, helped)",
		domain.SWEMWBSLicence,
	)
}

func TestCaseConsentGiveAndWithdraw(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	caseFixture(t, s)
	c := NewCase(s, linkWorker(), personAnn)
	show(t, c.Content())

	test.Tap(c.withdrawConsent["share with GP"])
	test.Tap(c.giveConsent["photos"])

	cs := consentsOf(s.View(), personAnn)
	status := func(purpose string) domain.ConsentState { return domain.ConsentStatus(cs, purpose, todayDate) }
	if x := status("share with GP"); x.Stands || x.Withdrawn.Withdrawn != todayDate || x.Withdrawn.WithdrawnBy != "staff-priya" || x.Given.Given != "2026-01-07" {
		t.Errorf("GP consent = %+v", x)
	}
	if x := status("photos"); !x.Stands || x.Given.Given != todayDate {
		t.Errorf("photos consent given again = %+v", x)
	}
	mustShow(t, c.Content(),
		"Share with GP: WITHDRAWN Wed 18 Mar 2026, recorded by Priya Shah (last given Wed 7 Jan 2026, recorded by Priya Shah). If they agree again, record it from tomorrow.",
		"Photos: given Wed 18 Mar 2026")
	if b := c.giveConsent["share with GP"]; b == nil || !b.Disabled() {
		t.Errorf("Record consent is offered on the day consent to share with GP was withdrawn; it would not count")
	}
}

// TestCaseConsentReadsEveryRecordOfAPurpose: Ann has two records for each
// of two purposes (her duplicate's, merged in). Phone consent given 5 Jan
// was withdrawn 10 March; her duplicate's, given 1 Feb, is older than the
// withdrawal: the case says WITHDRAWN, not "given 1 Feb". Photos stand on
// both; Withdraw withdraws both, so neither says yes again.
func TestCaseConsentReadsEveryRecordOfAPurpose(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	consent := func(id, purpose, given, withdrawn, by string) record.Change {
		return domain.Create(domain.KindConsent, id, domain.Consent{PersonID: personAnn, Purpose: purpose, Given: given, Withdrawn: withdrawn,
			RecordedBy: by, WithdrawnBy: map[bool]string{true: by}[withdrawn != ""]})
	}
	saveAll(t, s,
		consent("a", "contact by phone", "2026-01-05", "2026-03-10", "staff-priya"),
		consent("b", "contact by phone", "2026-02-01", "", "staff-priya"),
		consent("x", domain.ConsentPhotos, "2026-01-05", "", "staff-priya"),
		consent("y", domain.ConsentPhotos, "2026-02-01", "", "staff-priya"),
	)
	c := NewCase(s, linkWorker(), personAnn)
	w := show(t, c.Content())
	uitest.Shot(t, w, "case-consent-two-records")
	mustShow(t, c.Content(), "Withdrew consent to contact by phone on Tue 10 Mar 2026: do not contact them by phone")

	test.Tap(c.withdrawConsent[domain.ConsentPhotos])
	for _, id := range []string{"x", "y"} {
		if x := get[domain.Consent](t, s, domain.KindConsent, id); x.Withdrawn != todayDate || x.WithdrawnBy != "staff-priya" {
			t.Errorf("photo consent %s after Withdraw: %+v", id, x)
		}
	}
	mustShow(t, c.Content(), "Photos: WITHDRAWN Wed 18 Mar 2026")
	uitest.Shot(t, w, "case-consent-withdrawn-today")
}

func TestCaseFinishingATasterSuggestsNextSteps(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	caseFixture(t, s)
	c := NewCase(s, linkWorker(), personAnn)
	show(t, c.Content())
	if len(c.suggest) != 0 {
		t.Fatal("next steps suggested before the taster was finished")
	}
	// The button says what it does: "Finished" alone reads as the match's
	// state, not as the step that ends it.
	if b := c.finish["m1"]; b == nil || b.Text != "Mark as finished" {
		t.Fatalf("the button that ends the match is %v, want one saying Mark as finished", b)
	}
	// It asks first: ending the match takes them off the register.
	c.ctx.Window = test.NewWindow(nil)
	test.Tap(c.finish["m1"])
	if m := get[domain.Match](t, s, domain.KindMatch, "m1"); m.Ended != "" {
		t.Fatal("Mark as finished ended the match before asking")
	}
	c.ctx.Window = nil // answers yes
	test.Tap(c.finish["m1"])
	if m := get[domain.Match](t, s, domain.KindMatch, "m1"); m.Ended != todayDate {
		t.Errorf("match ended %q", m.Ended)
	}
	if e := get[domain.Enrolment](t, s, domain.KindEnrolment, domain.EnrolmentID(actCraft, personAnn)); e.Ended != todayDate {
		t.Errorf("enrolment ended %q", e.Ended)
	}
	mustShow(t, c.Content(), "Finished Wed 18 Mar 2026", "Next step after Crafternoon: Drawing online", "Next step after Crafternoon: Garden group")
	test.Tap(c.suggest[actDrawing])
	m, ok := c.nav.top().(*Matching)
	if !ok || !m.chosen[actDrawing] || !m.checks[actDrawing].On {
		t.Fatalf("Match on a next step opened %T without it chosen", c.nav.top())
	}
}

func TestCaseByRole(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		role       string
		sections   []string
		hidden     []string
		canConsent bool
	}{
		{domain.RoleLinkWorker, []string{"Consent", "Referrals", "Matches", "Attendance across venues", "Follow-ups", "Contact log", "Wellbeing"}, nil, true},
		{domain.RoleReception, []string{"Consent", "Referrals", "Matches", "Attendance across venues", "Contact log"}, []string{"17.43", "OVERDUE"}, true},
		{domain.RoleFacilitator, nil, []string{"Ann Lee", "born"}, false},
		{domain.RoleVolunteer, nil, []string{"Ann Lee", "born"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.role, func(t *testing.T) {
			s := openStore(t)
			caseFixture(t, s)
			c := NewCase(s, withRole(linkWorker(), tc.role), personAnn)
			show(t, c.Content())
			if len(c.sections) != len(tc.sections) {
				t.Errorf("sections %v, want %v", c.sections, tc.sections)
			}
			mustNotShow(t, c.Content(), tc.hidden...)
			if tc.sections == nil {
				mustShow(t, c.Content(), "Case records are for link workers and reception")
			}
			if got := len(c.giveConsent) > 0 && c.giveConsent[domain.ConsentPhotos] != nil && c.contactWaysButton != nil && shows(c.Content(), "Record consent"); got != tc.canConsent {
				t.Errorf("can record consent = %v, want %v", got, tc.canConsent)
			}
			if got := len(Screens(s, withRole(linkWorker(), tc.role))) > 0; got != CanUse(tc.role) {
				t.Errorf("Screens offered = %v, CanUse = %v", got, CanUse(tc.role))
			}
		})
	}
}

func TestCaseOpeningAndChangesAreAudited(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	caseFixture(t, s)
	entries := func(action string, kind string) []domain.Audit {
		var out []domain.Audit
		for _, r := range s.View().All(domain.KindAudit) {
			var a domain.Audit
			r.Decode(&a)
			if a.Action == action && a.EntityKind == kind {
				out = append(out, a)
			}
		}
		return out
	}
	c := NewCase(s, linkWorker(), personAnn)
	show(t, c.Content())
	if v := entries("viewed", "person"); len(v) != 1 || v[0].EntityID != personAnn || v[0].Staff != "staff-priya" {
		t.Errorf("viewed entries %+v, want one for Ann's case", v)
	}
	c.Refresh()
	if v := entries("viewed", "person"); len(v) != 1 {
		t.Errorf("a refresh wrote another viewed entry: %d", len(v))
	}
	test.Tap(c.giveConsent[domain.ConsentPhotos])
	ch := entries("added", "consent") // a new consent record
	if len(ch) != 1 || !strings.Contains(ch[0].Detail, "given, person_id, purpose, recorded_by") {
		t.Errorf("changed entries %+v", ch)
	}
	for _, a := range ch {
		if a.Detail == "" || a.Device == "" {
			t.Errorf("entry without detail or device: %+v", a)
		}
	}
}

func TestCasePromptsForABaselineOnceMatched(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	c := NewCase(s, linkWorker(), personBob)
	show(t, c.Content())
	if c.baselineButton != nil {
		t.Fatal("baseline prompt before any match")
	}
	saveAll(t, s, domain.Create(domain.KindMatch, "m1", domain.Match{PersonID: personBob, ActivityID: actGarden, Date: todayDate}))
	c.Refresh()
	if c.baselineButton == nil {
		t.Fatal("no baseline prompt for a matched person without a baseline")
	}
	mustShow(t, c.Content(), "Baseline wellbeing not taken yet", "No wellbeing measures yet.")
	// The empty line does not contradict the prompt above it.
	mustNotShow(t, c.Content(), "Take a baseline when they are matched")
	test.Tap(c.baselineButton)
	w := c.nav.top().(*Wellbeing)
	if w.stage.selected != domain.StageBaseline {
		t.Errorf("the prompt opened the form at %q", w.stage.selected)
	}
	for i, a := range []int{5, 6, 7, 3} {
		w.answer(domain.InstrumentONS4, i, a)
	}
	test.Tap(w.save)
	test.Tap(c.nav.back)
	if c.baselineButton != nil {
		t.Error("the prompt stayed after the baseline was taken")
	}
	mustShow(t, c.Content(), "5 (medium)")
}

// TestCasePhotoConsentReachesEveryMergedCard: Ann's duplicate record was
// merged into hers. The register says "Photos OK" only when every card of
// hers does (storage's View.Person), so recording photo consent on her
// case sets it on both cards, and withdrawing it clears both.
func TestCasePhotoConsentReachesEveryMergedCard(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	saveAll(t, s, record.Change{Kind: domain.KindPerson, ID: "ann-dup", Fields: domain.Encode(
		domain.Person{GivenName: "Ann", FamilyName: "Lee", MergedInto: personAnn})})
	c := NewCase(s, linkWorker(), personAnn)
	show(t, c.Content())
	cards := func() (shown bool, stored []bool) {
		v := s.View()
		p, _ := v.Person(personAnn)
		for _, card := range v.PersonCards(personAnn) {
			stored = append(stored, card.PhotoConsent)
		}
		return p.PhotoConsent, stored
	}

	test.Tap(c.giveConsent[domain.ConsentPhotos])
	if shown, stored := cards(); !shown || !slices.Equal(stored, []bool{true, true}) {
		t.Errorf("after recording photo consent the register shows %v; cards %v, want both true", shown, stored)
	}
	test.Tap(c.withdrawConsent[domain.ConsentPhotos])
	if shown, stored := cards(); shown || !slices.Equal(stored, []bool{false, false}) {
		t.Errorf("after withdrawing photo consent the register shows %v; cards %v, want both false", shown, stored)
	}
}

// TestCaseNextStepSaysWhenTheGroupIsFull: a next step whose places are
// all taken says so in matching's words (domain.PlacesWords) and its
// button says "Waiting list", as matching's does for the same activity;
// one with room says its places and offers Match.
func TestCaseNextStepSaysWhenTheGroupIsFull(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	caseFixture(t, s)
	// The garden group's two places are both taken.
	for _, p := range []string{personBob, "p-cat"} {
		saveAll(t, s, domain.Create(domain.KindEnrolment, domain.EnrolmentID(actGarden, p),
			domain.Enrolment{ActivityID: actGarden, PersonID: p, VenueID: venueGarden, Started: "2026-01-07"}))
	}
	m := get[domain.Match](t, s, domain.KindMatch, "m1")
	ended := m
	ended.Ended = "2026-03-11"
	saveAll(t, s, domain.Changed(domain.KindMatch, "m1", m, ended)...)

	c := NewCase(s, linkWorker(), personAnn)
	show(t, c.Content())
	mustShow(t, c.Content(), "Full: all 2 places taken. Matching puts them on the waiting list.", "0 of 12 places taken")
	if b := c.suggest[actGarden]; b == nil || b.Text != "Waiting list" {
		t.Errorf("the full garden group's next step button is %v, want Waiting list", b)
	}
	if b := c.suggest[actDrawing]; b == nil || b.Text != "Match" {
		t.Errorf("drawing's next step button is %v, want Match", b)
	}
	mt := NewMatching(s, linkWorker(), personAnn, "")
	if b := mt.checks[actGarden]; b == nil || b.Text != c.suggest[actGarden].Text {
		t.Errorf("matching's garden button is %v, the case's %q", b, c.suggest[actGarden].Text)
	}
}
