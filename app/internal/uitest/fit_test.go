package uitest

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TestOutOfSight: a button under a tall block in a scroll is out of sight
// until scrolled to, and one not in the window at all is said to be so.
func TestOutOfSight(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewWindow(nil)
	defer w.Close()
	block := canvas.NewRectangle(color.Black)
	block.SetMinSize(fyne.NewSize(100, 400))
	b := widget.NewButton("Print", nil)
	scroll := container.NewVScroll(container.NewVBox(block, b))
	w.SetContent(scroll)
	w.Resize(fyne.NewSize(200, 200))
	if why := OutOfSight(w, b); why == "" {
		t.Error("a button 400 down a 200 high window is in sight")
	}
	scroll.ScrollToBottom()
	if why := OutOfSight(w, b); why != "" {
		t.Errorf("scrolled to, the button is out of sight: %s", why)
	}
	if why := OutOfSight(w, widget.NewButton("Elsewhere", nil)); why == "" {
		t.Error("a button in no window is in sight")
	}
}

// TestUseTextSize: each of Settings' text sizes lays text out larger than
// the one before, at Gather's sizes (not Fyne's), and Largest is the last.
func TestUseTextSize(t *testing.T) {
	test.NewTempApp(t)
	last := float32(0)
	for _, ts := range TextSizes {
		UseTextSize(ts.Scale)
		got := fyne.CurrentApp().Settings().Theme().Size(theme.SizeNameText)
		if want := 16 * ts.Scale; got != want || got <= last {
			t.Errorf("%s: text %.1f, want %.1f, larger than %.1f", ts.Name, got, want, last)
		}
		last = got
	}
	if Largest != TextSizes[len(TextSizes)-1].Scale {
		t.Errorf("Largest is %.2f, the largest text size %.2f", Largest, TextSizes[len(TextSizes)-1].Scale)
	}
}
