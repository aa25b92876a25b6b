package people

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestMergeFitsAPortraitTablet: at 800 wide the merge screen fits the
// window: two addresses to choose between sit one above the other rather
// than side by side, which made the screen wider than the window and ran
// the second record's card past its right edge.
func TestMergeFitsAPortraitTablet(t *testing.T) {
	for _, ts := range uitest.TextSizes {
		t.Run(ts.Name, func(t *testing.T) { mergeFits(t, ts.Name, ts.Scale) })
	}
}

func mergeFits(t *testing.T, name string, scale float32) {
	h := newHarness(t, true, portraitSize)
	uitest.UseTextSize(scale)
	h.signIn(domain.RoleLinkWorker)
	firstID, dupID := twiceRegistered(t, h)
	if err := h.st.Save("tablet",
		record.Change{Kind: domain.KindPerson, ID: firstID, Fields: map[string]string{"address": "Flat 4, Canal Side Court, 40 Canal Side, Kirkby", "email": "margaret.evans@example.org"}},
		record.Change{Kind: domain.KindPerson, ID: dupID, Fields: map[string]string{"address": "80 Bridge St"}}); err != nil {
		t.Fatal(err)
	}
	ms := openMerge(t, h, firstID)
	for i, c := range ms.candidates {
		if c.ID == dupID {
			test.Tap(ms.pickBtns[i])
		}
	}
	if ms.choices["address"] == nil {
		t.Fatal("the addresses differ but are not offered")
	}
	h.w.Resize(portraitSize)
	h.w.Canvas().Content().Refresh()
	uitest.Shot(t, h.w, "merge-800-"+name)
	if got := uitest.PastRightEdge(h.w.Canvas().Content(), 0, portraitSize.Width); len(got) > 0 {
		t.Errorf("past the right edge of the %.0f wide window: %q", portraitSize.Width, got)
	}
	if w, win := ms.body.MinSize().Width, h.w.Canvas().Size().Width; w > win-2*16 {
		t.Errorf("the merge screen is %.0f wide in a window %.0f wide", w, win)
	}
	d := fyne.CurrentApp().Driver()
	for f, r := range ms.choices {
		if right := d.AbsolutePositionForObject(r).X + r.Size().Width; right > h.w.Canvas().Size().Width {
			t.Errorf("the choice of %s ends at %.0f, past the window's edge", f, right)
		}
	}
}
