package app

import (
	"context"
	"fmt"
	"hash"
	"hash/fnv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// Input and the idle lock.
//
// The idle lock must not fire while someone is using Gather: typing in a
// field, ticking, choosing, scrolling. Fyne offers no hook that sees every
// input before it is delivered: a desktop canvas's key handlers
// (SetOnKeyDown, SetOnTypedKey) hear only keys pressed while nothing has
// focus, so typing in a field never reached the lock, and taps and scrolls
// go straight to the widget under the pointer. (Hooking the GLFW window's
// callbacks underneath Fyne would hear everything, but it reaches past
// Fyne's API into its driver, and no test could drive it.)
//
// So Gather watches what input does instead. Once a second it takes a
// fingerprint of everything a person can change on the window: which
// object has focus, the text and cursor of every field, every tick box,
// choice and radio button, every scroll position and list offset, and the
// dialogs that are open. When the fingerprint differs from the last one,
// someone did something, and the idle lock is put off. Navigation and
// saving put it off directly as before (u.touch), and so do key presses
// with no field focused (the Gate's key handler).
//
// What this cannot see is input that changes nothing: a pointer moved
// over the window, a tap on a label. The lock fires at most a second late
// on an input it sees, against an idle time of a minute or more.

// inputCheckEvery is how often the window is looked at for input.
const inputCheckEvery = time.Second

// watchInput looks for input every inputCheckEvery until ctx ends. Watch
// starts it; the look itself runs on the UI goroutine (fyne.Do).
func (u *UI) watchInput(ctx context.Context) {
	if u.opts.Lock == nil {
		return
	}
	t := time.NewTicker(inputCheckEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			u.do(u.noticeInput)
		}
	}
}

// noticeInput puts off the idle lock when what a person can change on the
// window has changed since it last looked.
func (u *UI) noticeInput() {
	fp := inputFingerprint(u.win.Canvas())
	if u.inputSeen && fp != u.lastInput {
		u.Touch()
	}
	u.lastInput, u.inputSeen = fp, true
}

// inputFingerprint sums up the state input changes on a canvas: focus,
// fields, ticks, choices, scroll positions and open dialogs. Only a hash
// is kept, never the text typed.
func inputFingerprint(c fyne.Canvas) uint64 {
	h := fnv.New64a()
	if f := c.Focused(); f != nil {
		fmt.Fprintf(h, "focus %p;", f)
	}
	fingerprint(h, c.Content())
	for _, o := range c.Overlays().List() {
		fmt.Fprintf(h, "overlay %p %v;", o, o.Visible())
		fingerprint(h, o)
	}
	return h.Sum64()
}

func fingerprint(h hash.Hash64, o fyne.CanvasObject) {
	if o == nil || !o.Visible() {
		return
	}
	switch x := o.(type) {
	case *fyne.Container:
		for _, k := range x.Objects {
			fingerprint(h, k)
		}
	case *container.Scroll:
		fmt.Fprintf(h, "scroll %v %v;", x.Offset.X, x.Offset.Y)
		fingerprint(h, x.Content)
	case *widget.PopUp:
		fingerprint(h, x.Content)
	case *widget.Entry:
		fmt.Fprintf(h, "entry %d %d %d %s;", len(x.Text), x.CursorRow, x.CursorColumn, x.Text)
	case *widget.SelectEntry:
		fmt.Fprintf(h, "entry %d %d %d %s;", len(x.Text), x.CursorRow, x.CursorColumn, x.Text)
	case *widget.Check:
		fmt.Fprintf(h, "check %v;", x.Checked)
	case *widget.Select:
		fmt.Fprintf(h, "select %s;", x.Selected)
	case *widget.RadioGroup:
		fmt.Fprintf(h, "radio %s;", x.Selected)
	case *widget.CheckGroup:
		fmt.Fprintf(h, "checks %q;", x.Selected)
	case *widget.Slider:
		fmt.Fprintf(h, "slider %v;", x.Value)
	case *widget.List:
		fmt.Fprintf(h, "list %v;", x.GetScrollOffset())
	case *widget.GridWrap:
		fmt.Fprintf(h, "grid %v;", x.GetScrollOffset())
	case *widget.Form:
		for _, it := range x.Items {
			fingerprint(h, it.Widget)
		}
	case *container.AppTabs:
		fmt.Fprintf(h, "tabs %d;", x.SelectedIndex())
		if t := x.Selected(); t != nil {
			fingerprint(h, t.Content)
		}
	case *container.Split:
		fmt.Fprintf(h, "split %v;", x.Offset)
		fingerprint(h, x.Leading)
		fingerprint(h, x.Trailing)
	}
}
