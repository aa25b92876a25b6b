package casework

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestSelfReferralStartsAgainAtTheTop: after Save (at the form's foot),
// the emptied form is back at its top, where the saved notice is, so the
// next person at the desk starts at Given name, not at the end of an empty
// form with the notice out of sight; Start again does the same.
func TestSelfReferralStartsAgainAtTheTop(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	sr := NewSelfReferral(s, withRole(linkWorker(), domain.RoleReception))
	w := show(t, sr.Content())
	w.Resize(fyne.NewSize(800, 600)) // the form is longer than the window
	for _, tap := range []struct {
		name   string
		button func() fyne.Tappable
	}{
		{"Save referral", func() fyne.Tappable { return sr.save }},
		{"Start again", func() fyne.Tappable { return sr.clear }},
	} {
		t.Run(tap.name, func(t *testing.T) {
			test.Type(sr.given, "Carol")
			test.Type(sr.family, "Mensah")
			test.Type(sr.dob, "12/07/1948")
			sr.reasons.SetSelected([]string{"work"})
			sr.page.ScrollToBottom()
			if sr.page.Offset.Y == 0 {
				t.Fatal("the form fits the window: this test tests nothing")
			}
			test.Tap(tap.button())
			if sr.page.Offset.Y != 0 {
				t.Errorf("after %s the form is scrolled %.0f down, want its top", tap.name, sr.page.Offset.Y)
			}
			if sr.given.Text != "" {
				t.Fatalf("after %s the form still holds %q", tap.name, sr.given.Text)
			}
			if tap.name == "Save referral" {
				mustShow(t, sr.Content(), "Saved: referral for Carol Mensah.")
				uitest.Shot(t, w, "self-referral-saved")
				if y := sr.notice.Position().Y; y > sr.page.Size().Height {
					t.Errorf("the saved notice is at %.0f, below the window's %.0f", y, sr.page.Size().Height)
				}
			}
		})
	}
}
