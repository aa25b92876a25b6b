package kit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// TestToolButtonIconOnly: a tool button shown as its icon alone keeps its
// word as its name, says it in a tip while a pointer rests on it (and only
// then), still does what it does when tapped, and says its word again
// when there is room.
func TestToolButtonIconOnly(t *testing.T) {
	test.NewTempApp(t)
	tapped := 0
	b := NewToolButton("More", theme.MoreHorizontalIcon(), func() { tapped++ })
	w := test.NewTempWindow(t, Sized(b, MinTouch, MinTouch))
	w.Resize(fyne.NewSize(300, 200))
	wordW := b.MinSize().Width
	b.SetIconOnly(true)
	if b.Text != "" || b.Label != "More" || !b.IconOnly() {
		t.Fatalf("icon only: text %q, label %q", b.Text, b.Label)
	}
	if b.MinSize().Width >= wordW {
		t.Errorf("icon only is %.0f wide, with the word %.0f", b.MinSize().Width, wordW)
	}
	if b.Size().Width < MinTouch || b.Size().Height < MinTouch {
		t.Errorf("icon only is %v, under a large target", b.Size())
	}
	b.MouseIn(&desktop.MouseEvent{})
	if b.Tip() != "More" {
		t.Errorf("a pointer on the icon shows the tip %q", b.Tip())
	}
	b.MouseOut()
	if b.Tip() != "" {
		t.Errorf("the tip %q stays after the pointer leaves", b.Tip())
	}
	test.Tap(b)
	if tapped != 1 {
		t.Errorf("tapping the icon ran its action %d times", tapped)
	}
	b.SetIconOnly(false)
	b.MouseIn(&desktop.MouseEvent{})
	if b.Text != "More" || b.Tip() != "" {
		t.Errorf("with room: text %q, tip %q", b.Text, b.Tip())
	}
}
