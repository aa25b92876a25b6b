package casework

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/domain"
)

// Gender and ethnic group are optional on a self-referral: "Not recorded"
// stores nothing, "Prefer not to say" is stored, and an existing person's
// recorded answer is never overwritten.
func TestSelfReferralGenderAndEthnicity(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		name                      string
		given, family, dob        string
		gender, ethnicity         string
		useAnn                    bool
		wantGender, wantEthnicity string
	}{
		{"not asked", "Carol", "Mensah", "1948-07-12", domain.NotRecorded, domain.NotRecorded, false, "", ""},
		{"prefer not to say", "Carol", "Mensah", "1948-07-12", domain.PreferNotToSay, domain.PreferNotToSay, false, domain.PreferNotToSay, domain.PreferNotToSay},
		{"told us", "Carol", "Mensah", "1948-07-12", "Female", "Black, Black British, Caribbean or African", false, "Female", "Black, Black British, Caribbean or African"},
		{"someone known, nothing recorded yet", "Anne", "Lee", "1950-04-02", "Female", domain.PreferNotToSay, true, "Female", domain.PreferNotToSay},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := openStore(t)
			fixture(t, s)
			sr := NewSelfReferral(s, withRole(linkWorker(), domain.RoleReception))
			show(t, sr.Content())
			mustShow(t, sr.Content(), "Gender (optional)", "Ethnic group (optional)")
			test.Type(sr.given, tc.given)
			test.Type(sr.family, tc.family)
			test.Type(sr.dob, tc.dob)
			sr.reasons.SetSelected([]string{"work"})
			sr.gender.SetSelected(tc.gender)
			sr.ethnicity.SetSelected(tc.ethnicity)
			test.Tap(sr.save)
			if tc.useAnn {
				test.Tap(sr.useDup[personAnn])
				test.Tap(sr.save)
			}
			refs := all[domain.Referral](s, domain.KindReferral, "status", domain.ReferralReceived)
			if len(refs) != 1 {
				t.Fatalf("%d referrals", len(refs))
			}
			p, _ := s.View().Person(refs[0].PersonID)
			if p.Gender != tc.wantGender || p.Ethnicity != tc.wantEthnicity {
				t.Errorf("saved gender %q, ethnicity %q; want %q, %q", p.Gender, p.Ethnicity, tc.wantGender, tc.wantEthnicity)
			}
			if sr.gender.Selected != domain.NotRecorded || sr.ethnicity.Selected != domain.NotRecorded {
				t.Error("the next self-referral starts with the last one's answers")
			}
		})
	}
}
