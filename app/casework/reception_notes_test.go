package casework

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/domain"
)

// A referral whose reason none of the list fits: "other", and the why in
// its notes, as the self-referral form tells the desk to do. Reception
// must not read why through the notes either.
func TestReceptionDoesNotReadWhyThroughTheNotesOrTheDecline(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	r := referral(personAnn, domain.ReferralReceived, "2026-03-10")
	r.Reasons = []string{"other"}
	r.Notes = "Recently bereaved; GP worried about self-harm."
	saveAll(t, s, domain.Create(domain.KindReferral, "r1", r))
	ctx := withRole(linkWorker(), domain.RoleReception)
	in := NewInbox(s, ctx)
	show(t, in.Content())
	test.Tap(in.open["r1"])
	if shows(in.Content(), "self-harm") {
		t.Error("reception reads why Ann was referred, in the referral's notes")
	}
}

// A declined referral says why it was declined, which says why they were
// referred ("bereavement support is with Cruse"): not to reception, on the
// referral page or the case.
func TestReceptionDoesNotReadWhyAReferralWasDeclined(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	r := referral(personAnn, domain.ReferralDeclined, "2026-03-10")
	r.Declined = "2026-03-12"
	r.DeclineReason = "Bereavement support is with Cruse instead"
	saveAll(t, s, domain.Create(domain.KindReferral, "r1", r))
	for _, tc := range []struct {
		role string
		sees bool
	}{{domain.RoleReception, false}, {domain.RoleLinkWorker, true}} {
		t.Run(tc.role, func(t *testing.T) {
			ctx := withRole(linkWorker(), tc.role)
			in := NewInbox(s, ctx)
			show(t, in.Content())
			in.onStatus(domain.ReferralDeclined)
			test.Tap(in.open["r1"])
			if got := shows(in.Content(), "Cruse"); got != tc.sees {
				t.Errorf("the referral page shows why it was declined: %v, want %v", got, tc.sees)
			}
			c := NewCase(s, ctx, personAnn)
			show(t, c.Content())
			if got := shows(c.Content(), "Cruse"); got != tc.sees {
				t.Errorf("the case shows why it was declined: %v, want %v", got, tc.sees)
			}
		})
	}
}
