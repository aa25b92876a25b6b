package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// ToolButton is a quiet button with an icon and a word ("More", "Card")
// that shows the icon alone where its row is narrow (SetIconOnly), so the
// row's text keeps the room. It keeps the word as its name (Label), and
// shows it as a tip while a pointer rests on the icon.
type ToolButton struct {
	widget.Button
	Label string
	tip   *widget.PopUp
}

// NewToolButton is a low-importance button saying label beside icon.
func NewToolButton(label string, icon fyne.Resource, tapped func()) *ToolButton {
	b := &ToolButton{Label: label}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.Importance = widget.LowImportance
	b.ExtendBaseWidget(b)
	return b
}

// IconOnly reports whether the button shows its icon without its word.
func (b *ToolButton) IconOnly() bool { return b.Text == "" }

// SetIconOnly shows the icon alone (on) or the icon and the word.
func (b *ToolButton) SetIconOnly(on bool) {
	text := b.Label
	if on {
		text = ""
	}
	if b.Text != text {
		b.Text = text
		b.hideTip()
		b.Refresh()
	}
}

// MouseIn shows the word under an icon shown alone.
func (b *ToolButton) MouseIn(e *desktop.MouseEvent) {
	b.Button.MouseIn(e)
	if !b.IconOnly() || b.Label == "" {
		return
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(b)
	if c == nil {
		return
	}
	if b.tip == nil {
		b.tip = widget.NewPopUp(widget.NewLabel(b.Label), c)
	}
	// Under the button, kept inside the window.
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(b).Add(fyne.NewPos(0, b.Size().Height))
	at.X = max(0, min(at.X, c.Size().Width-b.tip.MinSize().Width))
	b.tip.ShowAtPosition(at)
}

// MouseOut hides the tip.
func (b *ToolButton) MouseOut() {
	b.Button.MouseOut()
	b.hideTip()
}

// Tapped hides the tip and does what the button does.
func (b *ToolButton) Tapped(e *fyne.PointEvent) {
	b.hideTip()
	b.Button.Tapped(e)
}

func (b *ToolButton) hideTip() {
	if b.tip != nil {
		b.tip.Hide()
	}
}

// Tip is the word a pointer resting on the icon shows, "" when none is
// on show.
func (b *ToolButton) Tip() string {
	if b.tip == nil || !b.tip.Visible() {
		return ""
	}
	return b.tip.Content.(*widget.Label).Text
}
