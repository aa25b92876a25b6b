package register

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestWalkInFormInView: the walk-in form is sized to the window, so on a
// venue's tablet the whole form is in view with what is wrong under it,
// not scrolled out of sight below a fixed height with the screen half
// empty; on a laptop it stays inside the window.
func TestWalkInFormInView(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(800, 1280), desktopSize} {
		t.Run(sizeName(size), func(t *testing.T) {
			h := newHarness(t, true, size)
			a, _ := h.sh.View().Get(domain.KindActivity, garden)
			h.sh.SetVenueDevice(a.Get("venue_id"))
			h.signIn(domain.RoleFacilitator)
			r := h.openRegister(garden)
			test.Tap(r.walkInBtn)
			test.Type(r.walkIn.given, "Winifred")
			test.Type(r.walkIn.family, "Ashworth-Kaye")
			test.Type(r.walkIn.dob, "31/02/1956")
			test.Tap(r.walkIn.addBtn)
			if !r.walkIn.errLabel.Visible() {
				t.Fatal("no message for a date of birth that does not exist")
			}
			top := h.w.Canvas().Overlays().Top()
			top.Refresh() // as the live window lays out again on its next frame
			uitest.Shot(t, h.w, "walkin-in-view-"+sizeName(size))
			if cut := uitest.CutShort(top); len(cut) > 0 {
				t.Errorf("cut short on the walk-in form: %q", cut)
			}
			if got := top.Size(); got.Width > size.Width || got.Height > size.Height {
				t.Errorf("the dialog is %v, larger than the %v window", got, size)
			}
			var scroll *container.Scroll
			for _, o := range test.LaidOutObjects(top) {
				if s, ok := o.(*container.Scroll); ok && s == r.walkIn.scroll {
					scroll = s
				}
			}
			if scroll == nil {
				t.Fatal("the walk-in form is not in a scroll")
			}
			need, have := scroll.Content.MinSize().Height, scroll.Size().Height
			if size.Height > size.Width && need > have {
				t.Errorf("on a tablet the form needs %.0f high and is shown %.0f: the message is scrolled out of sight", need, have)
			}
		})
	}
}
