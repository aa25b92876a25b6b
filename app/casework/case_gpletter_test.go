package casework

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/domain"
)

// TestLetterToGPSaysBeforehandWhyNot: while the case has no consent to
// share with the GP (never given, or withdrawn), Letter to the GP cannot
// be tapped and the case says why and what to do, where the button is;
// with consent it can, and says nothing of it.
func TestLetterToGPSaysBeforehandWhyNot(t *testing.T) {
	gp := func(given, withdrawn string) domain.Consent {
		return domain.Consent{PersonID: personAnn, Purpose: domain.ConsentShareWithGP, Given: given, Withdrawn: withdrawn, RecordedBy: "staff-priya"}
	}
	cases := []struct {
		name     string
		consents []domain.Consent
		offered  bool
		say      []string
	}{
		{"never asked", nil, false, []string{
			"A letter to the GP cannot be made: Ann Lee has not given consent to share information with their GP.",
			"record their consent to share information with their GP in the Consent part of their case"}},
		{"withdrawn", []domain.Consent{gp("2026-01-05", "2026-03-01")}, false, []string{
			"A letter to the GP cannot be made: Ann Lee withdrew consent to share information with their GP on Sunday 1 March 2026.",
			"must not be sent"}},
		{"given", []domain.Consent{gp("2026-01-05", "")}, true, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			test.NewTempApp(t)
			s := openStore(t)
			fixture(t, s)
			for i, c := range tc.consents {
				saveAll(t, s, domain.Create(domain.KindConsent, "gp"+string(rune('0'+i)), c))
			}
			asked := 0
			ctx := linkWorker()
			ctx.LetterToGP = func(string) { asked++ }
			c := NewCase(s, ctx, personAnn)
			show(t, c.Content())
			if c.gpLetterButton == nil {
				t.Fatal("no Letter to the GP on the case")
			}
			test.Tap(c.gpLetterButton)
			if got := asked == 1; got != tc.offered {
				t.Errorf("tapping Letter to the GP made it: %v, want %v", got, tc.offered)
			}
			if tc.offered {
				mustNotShow(t, c.Content(), "cannot be made")
			}
			mustShow(t, c.Content(), tc.say...)
		})
	}
}
