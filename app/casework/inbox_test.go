package casework

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/domain"
)

func TestInboxListsByStatusWithWaitingTime(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	urgent := referral(personBob, domain.ReferralReceived, "2026-03-16")
	urgent.Urgent = true
	contacted := referral(personAnn, domain.ReferralContacted, "2026-02-20")
	contacted.Contacted = "2026-02-23"
	saveAll(t, s,
		domain.Create(domain.KindReferral, "r-old", referral(personAnn, domain.ReferralReceived, "2026-02-25")),
		domain.Create(domain.KindReferral, "r-urgent", urgent),
		domain.Create(domain.KindReferral, "r-contacted", contacted),
	)
	in := NewInbox(s, linkWorker())
	show(t, in.Content())

	if len(in.shown) != 2 || in.shown[0].ID != "r-urgent" {
		t.Fatalf("received list = %v, want the urgent one first, then the older one", in.shown)
	}
	mustShow(t, in.Content(), "Received (2)", "Contacted (1)", "URGENT", "Ann Lee", "Bob Hart",
		"waiting 21 days for first contact", "GP · Riverside · referred by Dr Patel", "Reasons: loneliness or isolation")

	test.Tap(in.filters.button(domain.ReferralContacted))
	if len(in.shown) != 1 || in.shown[0].ID != "r-contacted" {
		t.Fatalf("contacted list = %v", in.shown)
	}
	mustNotShow(t, in.Content(), "Bob Hart")
	// The shell calls Refresh on every commit.
	more := referral(personBob, domain.ReferralContacted, "2026-03-01")
	more.Contacted = "2026-03-02"
	saveAll(t, s, domain.Create(domain.KindReferral, "r-more", more))
	in.Refresh()
	if len(in.shown) != 2 || in.Title() != "Referrals" {
		t.Fatalf("after Refresh the contacted list = %v (title %q)", in.shown, in.Title())
	}
	mustShow(t, in.Content(), "Contacted (2)")
	mustShow(t, in.Content(), "first contact after 3 days")
}

func TestReferralMovesAlongThePath(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		name       string
		date       string
		reason     string
		decline    bool
		wantStatus string
		wantCodes  []string
		wantError  string
	}{
		{name: "contacted today", date: todayDate, wantStatus: domain.ReferralContacted,
			wantCodes: []string{domain.SnomedReferralAccepted}},
		// Typed day first, as the UK writes it.
		{name: "contacted, typed day first", date: "18/03/2026", wantStatus: domain.ReferralContacted,
			wantCodes: []string{domain.SnomedReferralAccepted}},
		{name: "date not a date", date: "31/02/2026", wantStatus: domain.ReferralReceived,
			wantError: `"31/02/2026" is not a date we can read. Type it like 21/03/2026 or 2026-03-21`},
		{name: "before it was received", date: "2026-03-01", wantStatus: domain.ReferralReceived,
			wantError: "Date of this step: Sun 1 Mar 2026 is before the referral's last step on Tue 10 Mar 2026. Fix the date, then tap again."},
		// A step is recorded on the day it happened, never ahead: a
		// future date would make waiting times that do not add up.
		{name: "contacted in the future", date: "18/04/2026", wantStatus: domain.ReferralReceived,
			wantError: "The date Sat 18 Apr 2026 is in the future: a step is recorded on or after the day it happened. Fix the date, then tap again."},
		{name: "declined without a reason", decline: true, date: todayDate, wantStatus: domain.ReferralReceived,
			wantError: "Write the reason it was declined"},
		{name: "declined with a reason", decline: true, date: todayDate, reason: "Moved away",
			wantStatus: domain.ReferralDeclined, wantCodes: []string{domain.SnomedDeclined}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := openStore(t)
			fixture(t, s)
			saveAll(t, s, domain.Create(domain.KindReferral, "r1", referral(personAnn, domain.ReferralReceived, "2026-03-10")))
			in := NewInbox(s, linkWorker())
			show(t, in.Content())
			test.Tap(in.open["r1"])
			page, ok := in.nav.top().(*ReferralPage)
			if !ok {
				t.Fatalf("Open showed %T, want the referral page", in.nav.top())
			}
			mustShow(t, in.Content(), "Mark as contacted", "Received")
			page.date.SetText("")
			test.Type(page.date, tc.date)
			test.Type(page.reason, tc.reason)
			if tc.decline {
				test.Tap(page.startDecln)
				test.Tap(page.decline)
			} else {
				test.Tap(page.advance)
			}
			r := get[domain.Referral](t, s, domain.KindReferral, "r1")
			if r.Status != tc.wantStatus {
				t.Errorf("status = %q, want %q", r.Status, tc.wantStatus)
			}
			if r.Status == domain.ReferralContacted && r.Contacted != todayDate {
				t.Errorf("contacted on %q, want %q as stored", r.Contacted, todayDate)
			}
			for _, c := range tc.wantCodes {
				if !r.HasSnomed(c) {
					t.Errorf("SNOMED codes %v lack %s", r.SnomedCodes, c)
				}
				mustShow(t, in.Content(), c+"  "+domain.SnomedTerms[c])
			}
			if tc.wantError != "" {
				mustShow(t, in.Content(), tc.wantError)
				if page.date.Text != tc.date {
					t.Errorf("the date typed was lost: %q", page.date.Text)
				}
			}
			if tc.wantStatus == domain.ReferralDeclined {
				if r.Declined != todayDate || r.DeclineReason != "Moved away" {
					t.Errorf("declined %q because %q", r.Declined, r.DeclineReason)
				}
				mustShow(t, in.Content(), "Moved away")
				if page.actions.Visible() {
					t.Error("a declined referral still offers to move on")
				}
			}
			test.Tap(in.nav.back)
			if in.nav.depth() != 1 {
				t.Error("Back did not return to the inbox")
			}
		})
	}
}

// TestReferralPageSaysHowToReachThem: the referral shows the phone and how
// the person likes to be contacted, links to their card, and keeps Decline
// out of the way until someone chooses to decline.
func TestReferralPageSaysHowToReachThem(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	ann := get[domain.Person](t, s, domain.KindPerson, personAnn)
	after := ann
	after.Phone, after.ContactPreferences = "07700 900123", []string{"phone", "text"}
	saveAll(t, s, domain.Changed(domain.KindPerson, personAnn, ann, after)...)
	// Phone agreed; text only preferred (domain.ContactWaysWords).
	saveAll(t, s, domain.Create(domain.KindConsent, "c-phone", domain.Consent{PersonID: personAnn, Purpose: "contact by phone", Given: "2026-03-01", RecordedBy: "staff-priya"}))
	saveAll(t, s, domain.Create(domain.KindReferral, "r1", referral(personAnn, domain.ReferralReceived, "2026-03-10")))
	var opened string
	ctx := linkWorker()
	ctx.OpenCard = func(id string) { opened = id }
	in := NewInbox(s, ctx)
	show(t, in.Content())
	test.Tap(in.open["r1"])
	page := in.nav.top().(*ReferralPage)

	mustShow(t, in.Content(), "Phone: 07700 900123 · Agreed to contact by: phone · Prefers text, but their consent is not recorded, so it is not used", "Open their card", "Decline this referral…")
	if page.declining.Visible() || shows(in.Content(), "Why it was declined") {
		t.Error("the Decline button and its reason show before anyone chose to decline")
	}
	test.Tap(page.openCard)
	if opened != personAnn {
		t.Errorf("Open their card opened %q, want %q", opened, personAnn)
	}
	test.Tap(page.startDecln)
	if !page.declining.Visible() || page.startDecln.Visible() {
		t.Error("choosing to decline did not show the reason and the Decline button")
	}
}

func TestAssessedReferralOpensMatching(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	r := referral(personAnn, domain.ReferralAssessed, "2026-03-01")
	r.Contacted, r.Assessed = "2026-03-02", "2026-03-09"
	saveAll(t, s, domain.Create(domain.KindReferral, "r1", r))
	in := NewInbox(s, linkWorker())
	show(t, in.Content())
	test.Tap(in.filters.button(domain.ReferralAssessed))
	test.Tap(in.open["r1"])
	page := in.nav.top().(*ReferralPage)
	if page.advance.Text != "Match to activities…" {
		t.Fatalf("advance button says %q", page.advance.Text)
	}
	// A match is dated the day it is made, so no date is asked for it;
	// declining still asks when.
	if shows(in.Content(), "Date of this step") {
		t.Error("the page asks for a date that matching does not use")
	}
	test.Tap(page.startDecln)
	mustShow(t, in.Content(), "Date of this step", "Why it was declined")
	test.Tap(page.advance)
	m, ok := in.nav.top().(*Matching)
	if !ok || m.referralID != "r1" || m.personID != personAnn {
		t.Fatalf("advance opened %T for the wrong referral", in.nav.top())
	}
}

func TestInboxRefreshesWhenTheStoreChanges(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	ctx := linkWorker()
	ctx.NoLiveRefresh = false
	in := NewInbox(s, ctx)
	defer in.Close()
	show(t, in.Content())
	refreshed := make(chan struct{}, 8)
	in.nav.refreshed = func() { refreshed <- struct{}{} }
	// A referral arriving from sync (or another screen) shows without a tap.
	saveAll(t, s, domain.Create(domain.KindReferral, "r-sync", referral(personBob, domain.ReferralReceived, "2026-03-17")))
	select {
	case <-refreshed:
	case <-time.After(5 * time.Second):
		t.Fatal("the inbox did not refresh after the store changed")
	}
	if len(in.shown) != 1 || in.shown[0].ID != "r-sync" {
		t.Errorf("inbox shows %+v after the change", in.shown)
	}
}

// TestWaitingLabelSameDay: a referral seen on the day it came reads as
// today's, not as "waiting 0 days".
func TestWaitingLabelSameDay(t *testing.T) {
	test.NewTempApp(t)
	for _, c := range []struct {
		name string
		r    domain.Referral
		want string
	}{
		{"received today", domain.Referral{Received: todayDate, Status: domain.ReferralReceived}, "today, not contacted yet"},
		{"contacted the same day", domain.Referral{Received: "2026-03-10", Contacted: "2026-03-10", Status: domain.ReferralContacted}, "first contact the same day"},
		{"waiting a day", domain.Referral{Received: "2026-03-17", Status: domain.ReferralReceived}, "waiting 1 day for first contact"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := waitingLabel(c.r, todayDate).Text
			if !strings.Contains(got, c.want) || strings.Contains(got, " 0 days") {
				t.Errorf("%q, want it to say %q", got, c.want)
			}
		})
	}
}

// TestDeclineWithABadDateSaysSoBeforeAsking: a date that cannot be read is
// said when Decline is tapped, not after the person has answered "Decline
// this referral?" with yes.
func TestDeclineWithABadDateSaysSoBeforeAsking(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	saveAll(t, s, domain.Create(domain.KindReferral, "r1", referral(personAnn, domain.ReferralReceived, "2026-03-10")))
	ctx := linkWorker()
	w := test.NewWindow(nil)
	defer w.Close()
	ctx.Window = w
	in := NewInbox(s, ctx)
	w.SetContent(in.Content())
	w.Resize(fyne.NewSize(1280, 800))
	test.Tap(in.open["r1"])
	page := in.nav.top().(*ReferralPage)
	page.date.SetText("")
	test.Type(page.date, "31/02/2026")
	test.Type(page.reason, "Moved away")
	test.Tap(page.startDecln)
	test.Tap(page.decline)
	if top := w.Canvas().Overlays().Top(); top != nil {
		t.Error("Decline asked its question though the date cannot be read")
	}
	mustShow(t, in.Content(), `"31/02/2026" is not a date we can read`)
	if r := get[domain.Referral](t, s, domain.KindReferral, "r1"); r.Status != domain.ReferralReceived {
		t.Errorf("status %q, want still received", r.Status)
	}
}

// TestEmptyInboxSaysWhatItMeans: an empty list says what it means, in
// words, not "No referrals are received.".
func TestEmptyInboxSaysWhatItMeans(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	in := NewInbox(s, linkWorker())
	show(t, in.Content())
	mustShow(t, in.Content(), "Received (0)", "No new referrals waiting for first contact. New referrals appear here as they arrive.")
	test.Tap(in.filters.button(domain.ReferralContacted))
	mustShow(t, in.Content(), "No referrals are at the Contacted step just now.")
	test.Tap(in.filters.button(domain.ReferralDeclined))
	mustShow(t, in.Content(), "No referrals have been declined.")
	mustNotShow(t, in.Content(), "No referrals are received.", "No referrals are declined.")
}

// TestReferralRefusedStepClearsTheLastSaved: after one step is saved, a
// refused next step does not leave "Saved: ..." standing beside the
// error, as if the new step had been saved too.
func TestReferralRefusedStepClearsTheLastSaved(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	saveAll(t, s, domain.Create(domain.KindReferral, "r1", referral(personAnn, domain.ReferralReceived, "2026-03-10")))
	in := NewInbox(s, linkWorker())
	show(t, in.Content())
	test.Tap(in.open["r1"])
	page := in.nav.top().(*ReferralPage)
	test.Tap(page.advance)
	mustShow(t, in.Content(), "Saved: contacted on Wed 18 Mar 2026.", "Mark as assessed")
	page.date.SetText("")
	test.Type(page.date, "01/03/2026")
	test.Tap(page.advance)
	mustShow(t, in.Content(), "Date of this step: Sun 1 Mar 2026 is before the referral's last step on Wed 18 Mar 2026.")
	mustNotShow(t, in.Content(), "Saved: contacted")
	if page.date.Text != "01/03/2026" {
		t.Errorf("the date typed was lost: %q", page.date.Text)
	}
	test.Tap(page.startDecln)
	test.Tap(page.decline)
	mustShow(t, in.Content(), "Write the reason it was declined")
	mustNotShow(t, in.Content(), "Saved: contacted")
}

// TestInboxSaysReferralsOnce: the shell's title bar says "Referrals"
// (Title); the page under it does not say it again as a heading.
func TestInboxSaysReferralsOnce(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	in := NewInbox(s, linkWorker())
	show(t, in.Content())
	if in.Title() != "Referrals" {
		t.Fatalf("title %q", in.Title())
	}
	for _, x := range texts(in.Content()) {
		if x == "Referrals" {
			t.Errorf("the page repeats the title bar's %q as a heading", x)
		}
	}
}

// TestReceptionDoesNotReadWhyPeopleWereReferred: the desk sees every
// practice's referrals in the inbox, the referral and the case (status,
// source, practice, waiting time: "has my referral arrived?"), but not
// the reasons the GP gave; the link worker sees them in all three.
func TestReceptionDoesNotReadWhyPeopleWereReferred(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	r := referral(personAnn, domain.ReferralReceived, "2026-03-10")
	r.Reasons = []string{"low mood or anxiety", "bereavement"}
	saveAll(t, s, domain.Create(domain.KindReferral, "r1", r))
	for _, tc := range []struct {
		role    string
		reasons bool
	}{{domain.RoleLinkWorker, true}, {domain.RoleReception, false}} {
		ctx := withRole(linkWorker(), tc.role)
		in := NewInbox(s, ctx)
		show(t, in.Content())
		test.Tap(in.open["r1"])
		if _, ok := in.nav.top().(*ReferralPage); !ok {
			t.Fatalf("%s: Open showed %T", tc.role, in.nav.top())
		}
		page := in.Content()
		c := NewCase(s, ctx, personAnn)
		show(t, c.Content())
		for where, o := range map[string]fyne.CanvasObject{"referral": page, "case": c.Content()} {
			if where == "case" {
				mustShow(t, o, "Received · GP · Riverside")
			} else {
				mustShow(t, o, "Practice: Riverside")
			}
			if shows(o, "low mood or anxiety, bereavement") != tc.reasons {
				t.Errorf("%s on the %s: reasons shown %v, want %v", tc.role, where, !tc.reasons, tc.reasons)
			}
		}
		in.nav.back.OnTapped()
		mustShow(t, in.Content(), "GP · Riverside")
		if shows(in.Content(), "low mood or anxiety") != tc.reasons {
			t.Errorf("%s in the inbox: reasons shown %v, want %v", tc.role, !tc.reasons, tc.reasons)
		}
	}
}
