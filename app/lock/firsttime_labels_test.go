package lock

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
)

// TestFirstTimeFieldsAreLabelled: on the first-time page the PIN setup
// code and the two PINs each have a label just above them, so once they
// are typed in (placeholders gone, PINs as dots) it still says which is
// which; the page and its messages call the code a PIN setup code.
func TestFirstTimeFieldsAreLabelled(t *testing.T) {
	wd := newWorld(t, keyslot.Lockout{})
	by, err := wd.keys.Unlock("ada", "739155")
	if err != nil {
		t.Fatal(err)
	}
	_, inv, err := keyslot.NewInvite(keyslot.TestParams, start.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if err := wd.keys.AddInvite(by, keyslot.Member{ID: "nia", Name: "Nia Okoro", Role: domain.RoleFacilitator}, inv); err != nil {
		t.Fatal(err)
	}
	for _, size := range []fyne.Size{fyne.NewSize(1280, 800), fyne.NewSize(800, 1280)} {
		s := newUnlock(wd.keys, syncRun, wd.clock, func(*keyslot.Unlocked) {}, nil)
		w := test.NewWindow(s.Content())
		w.Resize(size)
		test.Tap(s.tiles["nia"])
		f := s.first
		test.Type(f.code, "ABCD-EFGH-JKMN")
		test.Type(f.pin, "620418")
		test.Type(f.again, "620418")
		// A window on screen lays out again what the advice's change of
		// lines moved; the test driver does not until asked.
		w.Content().Refresh()

		for _, c := range []struct {
			entry *widget.Entry
			label string
		}{{f.code, "PIN setup code"}, {f.pin, "Your new PIN"}, {f.again, "Your new PIN again"}} {
			if got := labelAbove(s.Content(), c.entry); got != c.label {
				t.Errorf("%v: the field holding %q is labelled %q, want %q", size, c.entry.Text, got, c.label)
			}
		}
		mustShow(t, s.Content(), "Type the PIN setup code your administrator gave you")
		if shows(s.Content(), "connection code") {
			t.Errorf("%v: the first-time page speaks of a connection code", size)
		}
		w.Close()
	}
}

// labelAbove is the text of the label nearest above e and overlapping it
// across, with no other entry between them; "" when there is none.
func labelAbove(root fyne.CanvasObject, e *widget.Entry) string {
	d := fyne.CurrentApp().Driver()
	ep := d.AbsolutePositionForObject(e)
	best, bestY := "", float32(-1)
	overlaps := func(o fyne.CanvasObject) bool {
		p := d.AbsolutePositionForObject(o)
		return p.X < ep.X+e.Size().Width && ep.X < p.X+o.Size().Width
	}
	for _, o := range test.LaidOutObjects(root) {
		if !o.Visible() || !overlaps(o) {
			continue
		}
		bottom := d.AbsolutePositionForObject(o).Y + o.Size().Height
		if bottom > ep.Y+0.5 || bottom <= bestY {
			continue
		}
		switch x := o.(type) {
		case *widget.Label:
			if x.Text != "" {
				best, bestY = x.Text, bottom
			}
		case *widget.Entry:
			best, bestY = "", bottom
		}
	}
	return best
}
