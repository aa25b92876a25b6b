package app

import (
	"testing"
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
