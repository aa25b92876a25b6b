package register

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/domain"
)

// TestWalkInFormFitsTheHeight: in a 1280x800 laptop window the walk-in
// form is whole without scrolling at normal and Large text (at a fixed
// 760 wide, Large put every label above its field and the form
// scrolled). At Largest, where it cannot all fit, it scrolls: "Add and
// mark here" stays in sight below the scroll, and the last field comes
// into sight when scrolled to the bottom.
func TestWalkInFormFitsTheHeight(t *testing.T) {
	for _, ts := range uitest.TextSizes {
		t.Run(ts.Name, func(t *testing.T) {
			h := newHarness(t, true, desktopSize)
			uitest.UseTextSize(ts.Scale)
			h.signIn(domain.RoleFacilitator)
			r := h.openRegister(garden)
			test.Tap(r.walkInBtn)
			w := r.walkIn
			h.w.Canvas().Overlays().Top().Refresh()
			uitest.Shot(t, h.w, "walkin-height-"+ts.Name)
			content, shown := w.scroll.Content.MinSize().Height, w.scroll.Size().Height
			if mustFit := ts.Scale < kit.TextScale("largest"); mustFit && content > shown+0.5 {
				t.Errorf("the form is %.0f high in a scroll %.0f high: it scrolls", content, shown)
			}
			if why := uitest.OutOfSight(h.w, w.addBtn); why != "" {
				t.Errorf("%q cannot be seen: %s", w.addBtn.Text, why)
			}
			w.scroll.ScrollToBottom()
			if why := uitest.OutOfSight(h.w, w.ecPhone); why != "" {
				t.Errorf("the emergency contact's phone cannot be reached: %s", why)
			}
		})
	}
}
