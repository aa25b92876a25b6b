package casework

import (
	"testing"

	"github.com/gather-sp/gather/domain"
)

// TestSeedDemoReferralsNameTheCardsPractice: a demo referral names the
// practice the person's card does, and the demo's referrals come from
// more than one practice.
func TestSeedDemoReferralsNameTheCardsPractice(t *testing.T) {
	s := openStore(t)
	if err := SeedDemo(s, today); err != nil {
		t.Fatal(err)
	}
	v := s.View()
	practices := map[string]bool{}
	for _, r := range v.All(domain.KindReferral) {
		var ref domain.Referral
		r.Decode(&ref)
		p, _ := v.Person(ref.PersonID)
		if ref.Practice != p.Practice {
			t.Errorf("%s's referral names %q, their card %q", p.DisplayName(), ref.Practice, p.Practice)
		}
		practices[ref.Practice] = true
	}
	if len(practices) < 2 {
		t.Errorf("the referrals name only %v", practices)
	}
}

// TestSeedDemoContactConsentsFollowPreferences: the seeded casework
// records no consent to a way of contact the person does not prefer, and
// the one withdrawal leaves that person with no way to be contacted,
// said in the words every screen uses.
func TestSeedDemoContactConsentsFollowPreferences(t *testing.T) {
	s := openStore(t)
	if err := SeedDemo(s, today); err != nil {
		t.Fatal(err)
	}
	v := s.View()
	withdrawn := 0
	for _, r := range v.All(domain.KindPerson) {
		var p domain.Person
		r.Decode(&p)
		cs := consentsOf(v, p.ID)
		for _, st := range domain.ContactWayStates(p, cs, todayDate) {
			if st.Consent.Stands && !st.Preferred {
				t.Errorf("%s: consent to %s, which they do not prefer", p.ID, st.Way)
			}
			if st.Preferred && st.Consent.Withdrawn.Withdrawn != "" {
				withdrawn++
				if st.Usable() {
					t.Errorf("%s: %s withdrawn but usable", p.ID, st.Way)
				}
			}
		}
	}
	if withdrawn == 0 {
		t.Error("nobody has withdrawn their consent to be contacted")
	}
	// Someone referred agreed to be contacted when the referral was taken
	// (self-referrals) or when the link worker first spoke to them, not
	// before; nobody has asked those not yet contacted.
	for _, row := range v.All(domain.KindReferral) {
		var r domain.Referral
		row.Decode(&r)
		for _, c := range consentsOf(v, r.PersonID) {
			if c.Purpose == "share with GP" || c.Purpose == "photos" {
				continue
			}
			switch {
			case r.Contacted == "" && r.Source != domain.SourceSelf:
				t.Errorf("%s, not yet contacted, has %s given %s", r.PersonID, c.Purpose, c.Given)
			case c.Given < r.Received:
				t.Errorf("%s: %s given %s, before their referral on %s", r.PersonID, c.Purpose, c.Given, r.Received)
			}
		}
	}
}

// TestSeedDemoNoFollowUpOverdueOnceCalled: the demo never shows a
// follow-up as overdue for a referral whose follow-up was already
// recorded on or after that due date: the call made then covered it
// (Ayesha was shown "OVERDUE by 9 days" the day her log says she was
// phoned and the next step was to close the referral).
func TestSeedDemoNoFollowUpOverdueOnceCalled(t *testing.T) {
	s := openStore(t)
	if err := SeedDemo(s, today); err != nil {
		t.Fatal(err)
	}
	day := domain.DateOf(today)
	byReferral := map[string][]domain.FollowUp{}
	for _, r := range s.View().All(domain.KindFollowUp) {
		var f domain.FollowUp
		r.Decode(&f)
		if !f.Deleted {
			byReferral[f.ReferralID] = append(byReferral[f.ReferralID], f)
		}
	}
	overdue := 0
	for rid, fs := range byReferral {
		for _, open := range fs {
			if domain.FollowUpState(open, day) != domain.FollowUpOverdue {
				continue
			}
			overdue++
			for _, done := range fs {
				if done.Done != "" && done.Done >= open.Due {
					t.Errorf("referral %s: a follow-up due %s is shown overdue, but one was recorded done on %s", rid, open.Due, done.Done)
				}
			}
		}
	}
	if overdue == 0 {
		t.Error("the demo has no overdue follow-up left to show")
	}
}
