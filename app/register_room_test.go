package app

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/gather-sp/gather/app/internal/uitest"
)

// TestRegisterFitsEightRows: at 1280×800 with the default text, inside the
// whole window (header, navigation bar, footer), a facilitator sees at
// least eight people on the register without scrolling. (The rows' large
// targets are register.TestRowsAreLargeTargets.)
func TestRegisterFitsEightRows(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.u.SetAppearance(TextNormal, AppearanceLight)
	h.signIn("facilitator")
	r := h.openRegister(garden)
	h.w.Resize(desktopSize)
	if n := len(r.Shown()); n < 8 {
		t.Fatalf("the demo register has %d rows; the test needs 8", n)
	}
	if fit, pitch := r.RowsInSight(); fit < 8 {
		t.Errorf("%d rows fit on the register (a row takes %v px), want at least 8", fit, pitch)
	}
}

// TestRegisterShowsNamesAtLargeText: with large text on a tablet, and the
// fullest footer (a sync problem with changes waiting, a long name, Lock
// now), the register keeps the screen for names: the footer stays one
// line, and the hint under the list goes once someone is marked (the demo
// register has marks). Names wholly in sight without scrolling, before
// and after: landscape 1280×800 Largest 5→7, Large 6→8; portrait 800×1280
// Largest 7→8 (here the long name puts Lock under the status), Large 12→15.
func TestRegisterShowsNamesAtLargeText(t *testing.T) {
	for _, tc := range []struct {
		size    fyne.Size
		text    string
		atLeast int
	}{
		{fyne.NewSize(1280, 800), TextLargest, 7},
		{fyne.NewSize(1280, 800), TextLarge, 8},
		{fyne.NewSize(800, 1280), TextLargest, 8},
		{fyne.NewSize(800, 1280), TextLarge, 14},
	} {
		t.Run(fmt.Sprintf("%.0fx%.0f/%s", tc.size.Width, tc.size.Height, tc.text), func(t *testing.T) {
			h := footerHarness(t, tc.size, tc.text)
			r := h.openRegister(garden)
			h.w.Resize(tc.size)
			h.w.Canvas().Content().Refresh()
			var names []string
			for name, row := range r.RowsLaidOut() {
				if uitest.OutOfSight(h.w, row) == "" {
					names = append(names, name)
				}
			}
			t.Logf("%d names in sight", len(names))
			if len(names) < tc.atLeast {
				t.Errorf("%d names are wholly in sight (%v), want at least %d", len(names), names, tc.atLeast)
			}
			uitest.Shot(t, h.w, fmt.Sprintf("register-names-%.0fx%.0f-%s", tc.size.Width, tc.size.Height, tc.text))
		})
	}
}
