package lock

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/keyslot"
)

// windowSizes are the windows Gather is used in: a portrait tablet, a
// laptop, an office screen.
var windowSizes = []fyne.Size{{Width: 800, Height: 1280}, {Width: 1280, Height: 800}, {Width: 1920, Height: 1080}}

// longError is an error long enough to take several lines on any screen.
const longError = "The key file could not be written: the disk is full or was removed while Gather was saving, " +
	"so nothing was changed; free some space or put the drive back, then try again"

// placed is an object and where it is in the window.
type placed struct {
	obj fyne.CanvasObject
	pos fyne.Position
}

// layOut puts content into a window already of the given size, as the
// gate and the screenshots tool do, lays it out once, and lists every
// visible object under it with its place in the window. (The desktop
// driver lays a parent out again when a child's minimum size changes, a
// frame later; a screen should not need that to show its text whole.)
func layOut(t *testing.T, content fyne.CanvasObject, size fyne.Size) []placed {
	t.Helper()
	w := test.NewWindow(container.NewStack())
	t.Cleanup(w.Close)
	w.Resize(size)
	w.SetContent(content)
	var out []placed
	var walk func(o fyne.CanvasObject, at fyne.Position)
	walk = func(o fyne.CanvasObject, at fyne.Position) {
		if o == nil || !o.Visible() {
			return
		}
		pos := at.Add(o.Position())
		out = append(out, placed{o, pos})
		switch x := o.(type) {
		case *container.Scroll:
			walk(x.Content, pos.Subtract(x.Offset))
		case *fyne.Container:
			for _, k := range x.Objects {
				walk(k, pos)
			}
		}
	}
	walk(content, fyne.NewPos(0, 0))
	return out
}

// overflowing lists the wrapped labels that are given less height than
// their lines need at the width they were given: their last lines run
// into whatever is laid out below them.
func overflowing(objs []placed) []string {
	var out []string
	for _, p := range objs {
		l, ok := p.obj.(*widget.Label)
		if !ok || l.Wrapping == fyne.TextWrapOff || l.Text == "" {
			continue
		}
		if need := l.MinSize().Height; l.Size().Height+0.5 < need {
			out = append(out, fmt.Sprintf("%q: %.0f high, its lines need %.0f", short(l.Text), l.Size().Height, need))
		}
	}
	return out
}

func short(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// lockScreens are every lock screen as the screenshots tool shows them,
// and again with a long error where a screen shows one.
func lockScreens(t *testing.T) []Screen {
	t.Helper()
	screens, err := Screens(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	kf, err := DemoKeys(dir, func() time.Time { return start })
	if err != nil {
		t.Fatal(err)
	}
	setup := NewSetup(SetupOptions{Path: filepath.Join(dir, "unused-"+keyslot.FileName), Run: syncRun, OnRestore: func() {}})
	setup.msg.SetText(longError)
	restore := NewRestore(RestoreOptions{File: "/media/usb/gather-backup-2026-11-20.gatherbackup", Members: kf.Members(), Run: syncRun,
		Restore: func(string, string) error { return errors.New(longError) }})
	restore.pin.SetText("111222")
	restore.onRestore()
	pad := newUnlock(kf, syncRun, nil, nil, nil)
	pad.ShowPIN(demoLinkWorker)
	pad.msg.SetText(longError)
	change := NewChangePIN(kf, ChangePINOptions{StaffID: demoLinkWorker, Run: syncRun})
	change.msg.SetText(longError)
	return append(screens,
		Screen{"setup-long-error", setup.Content()},
		Screen{"restore-backup-long-error", restore.Content()},
		Screen{"unlock-pin-long-error", pad.Content()},
		Screen{"change-pin-long-error", change.Content()})
}

// TestLockScreensGiveTextItsLines: on every lock screen, at every window
// size, each wrapped text is as tall as its lines, so none runs under the
// panel or button below it (the setup intro under "Moving Gather from
// another computer?", a wrong-PIN message into Restore).
func TestLockScreensGiveTextItsLines(t *testing.T) {
	test.NewTempApp(t)
	for _, size := range windowSizes {
		// Made afresh for each size: laid out once already, a label
		// knows its width, and the first layout is the one that matters.
		for _, sc := range lockScreens(t) {
			if bad := overflowing(layOut(t, sc.Content, size)); len(bad) > 0 {
				t.Errorf("%s at %vx%v: text runs into what is below it:\n  %s", sc.Name, size.Width, size.Height, strings.Join(bad, "\n  "))
			}
		}
	}
}

// TestSetupIntroAbovePanel: the setup screen's intro ends above the
// "Moving Gather from another computer?" panel that follows it.
func TestSetupIntroAbovePanel(t *testing.T) {
	test.NewTempApp(t)
	for _, size := range windowSizes {
		s := NewSetup(SetupOptions{Path: filepath.Join(t.TempDir(), keyslot.FileName), Run: syncRun, OnRestore: func() {}})
		var intro, panelTop *placed
		objs := layOut(t, s.Content(), size)
		for i, p := range objs {
			if l, ok := p.obj.(*widget.Label); ok && strings.HasPrefix(l.Text, "You will be this device's first administrator") {
				intro = &objs[i]
			}
			if l, ok := p.obj.(*widget.Label); ok && l.Text == "Moving Gather from another computer?" && panelTop == nil {
				panelTop = &objs[i]
			}
		}
		if intro == nil || panelTop == nil {
			t.Fatal("the intro or the restore panel is missing")
		}
		// Where the intro's last line ends, and where the panel round the
		// restore offer begins (its padding above its first label).
		textBottom := intro.pos.Y + intro.obj.(*widget.Label).MinSize().Height
		if top := panelTop.pos.Y - theme.Padding(); textBottom > top+0.5 {
			t.Errorf("at %vx%v the intro's text ends at %.0f, under the restore panel from %.0f", size.Width, size.Height, textBottom, top)
		}
	}
}

// TestStaffTilesSitCentred: "Who is using Gather?" sets the staff tiles in
// the middle of the window, in even rows that use the width, at every
// window size; none overlaps another or runs off the side.
func TestStaffTilesSitCentred(t *testing.T) {
	test.NewTempApp(t)
	kf, err := DemoKeys(t.TempDir(), func() time.Time { return start })
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range windowSizes {
		s := newUnlock(kf, syncRun, nil, nil, nil)
		objs := layOut(t, s.Content(), size)
		var box *placed
		at := map[fyne.CanvasObject]fyne.Position{}
		for i, p := range objs {
			if p.obj == fyne.CanvasObject(s.tilesBox) {
				box = &objs[i]
			}
			at[p.obj] = p.pos
		}
		if box == nil || len(s.tiles) < 6 {
			t.Fatalf("at %vx%v: %d tiles, box found: %v", size.Width, size.Height, len(s.tiles), box != nil)
		}
		left, right := box.pos.X+box.obj.Size().Width, box.pos.X
		var rects []fyne.Position // top-left of each tile
		for id, b := range s.tiles {
			p, ok := at[b]
			if !ok {
				t.Fatalf("at %vx%v the tile for %s is not laid out", size.Width, size.Height, id)
			}
			if b.Size().Width < 260 || b.Size().Height < 112 {
				t.Errorf("at %vx%v the tile for %s is %v, smaller than a tile", size.Width, size.Height, id, b.Size())
			}
			left, right = fyne.Min(left, p.X), fyne.Max(right, p.X+b.Size().Width)
			for _, q := range rects {
				if p.X < q.X+b.Size().Width-0.5 && q.X < p.X+b.Size().Width-0.5 && p.Y < q.Y+b.Size().Height-0.5 && q.Y < p.Y+b.Size().Height-0.5 {
					t.Errorf("at %vx%v tiles overlap at %v and %v", size.Width, size.Height, p, q)
				}
			}
			rects = append(rects, p)
		}
		gapLeft, gapRight := left-box.pos.X, box.pos.X+box.obj.Size().Width-right
		if gapLeft < -0.5 || gapRight < -0.5 {
			t.Errorf("at %vx%v the tiles run off the side (%.0f left, %.0f right)", size.Width, size.Height, gapLeft, gapRight)
		}
		if d := gapLeft - gapRight; d > 1 || d < -1 {
			t.Errorf("at %vx%v the tiles sit off centre: %.0f to their left, %.0f to their right", size.Width, size.Height, gapLeft, gapRight)
		}
	}
}

// TestSetupRestoreOfferFitsBesideItsButton: on the setup screen, at every
// window size and text size, "Moving Gather from another computer?" has
// the width its words need and stays clear of Restore from a backup:
// beside it or above it. (On a portrait tablet it ran on into the
// button's left edge.)
func TestSetupRestoreOfferFitsBesideItsButton(t *testing.T) {
	for _, size := range windowSizes {
		for _, ts := range uitest.TextSizes {
			t.Run(fmt.Sprintf("%vx%v-%s", size.Width, size.Height, ts.Name), func(t *testing.T) {
				test.NewTempApp(t)
				uitest.UseTextSize(ts.Scale)
				s := NewSetup(SetupOptions{Path: filepath.Join(t.TempDir(), keyslot.FileName), Run: syncRun, OnRestore: func() {}})
				var question, button *placed
				objs := layOut(t, s.Content(), size)
				for i, p := range objs {
					if l, ok := p.obj.(*widget.Label); ok && l.Text == "Moving Gather from another computer?" {
						question = &objs[i]
					}
					if b, ok := p.obj.(*widget.Button); ok && strings.HasPrefix(b.Text, "Restore from a backup") {
						button = &objs[i]
					}
				}
				if question == nil || button == nil {
					t.Fatal("the restore offer or its button is missing")
				}
				q, b := question.obj, button.obj
				if need := q.MinSize().Width; q.Size().Width+0.5 < need {
					t.Errorf("the question is %.0f wide, its words need %.0f: they run past it", q.Size().Width, need)
				}
				overlapX := question.pos.X < button.pos.X+b.Size().Width && button.pos.X < question.pos.X+q.Size().Width
				overlapY := question.pos.Y < button.pos.Y+b.Size().Height && button.pos.Y < question.pos.Y+q.Size().Height
				if overlapX && overlapY {
					t.Errorf("the question (%v, %v) overlaps the Restore button (%v, %v)", question.pos, q.Size(), button.pos, b.Size())
				}
			})
		}
	}
}
