package register

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestCountsBreakBetweenTheirParts: the register's counts, "3 here of 18
// expected · 14 to mark", are one line on a laptop; on a portrait tablet
// at the largest text, where they do not fit beside Print and Close
// session, each part has a line of its own and each part fits its line,
// rather than wrapping to "14 to" and "mark".
func TestCountsBreakBetweenTheirParts(t *testing.T) {
	for _, tc := range []struct {
		size    fyne.Size
		largest bool
		lines   int
	}{
		{desktopSize, false, 1},
		{fyne.NewSize(800, 1280), true, 2},
	} {
		t.Run(sizeName(tc.size), func(t *testing.T) {
			h := newHarness(t, true, tc.size)
			h.signIn(domain.RoleFacilitator)
			r := h.openRegister(garden)
			if tc.largest {
				uitest.UseTextSize(uitest.Largest)
				h.w.Canvas().Content().Refresh()
			}
			h.w.Canvas().Content().Refresh()
			h.w.Resize(tc.size)
			lines := strings.Split(r.countsLabel.Text, "\n")
			if len(lines) != tc.lines || !strings.Contains(r.countsLabel.Text, "to mark") {
				t.Fatalf("the counts are %q, want %d line(s)", r.countsLabel.Text, tc.lines)
			}
			size := theme.Size(r.countsLabel.SizeName)
			for _, line := range lines {
				need := fyne.MeasureText(line, size, r.countsLabel.TextStyle).Width + 2*theme.Size(theme.SizeNameInnerPadding)
				if got := r.countsLabel.Size().Width; need > got {
					t.Errorf("%q needs %.0f, the counts have %.0f: it wraps", line, need, got)
				}
			}
		})
	}
}

// TestHeadlineKeepsItsPhrasesWhole: with a walk-in on the register, the
// headline "4 here: 3 of 18 expected + 1 walk-in · 14 to mark" is one line
// where it fits; where it does not (a portrait tablet at the larger text
// sizes) it breaks between its phrases ("4 here: 3 of 18 expected", "+ 1
// walk-in", "14 to mark"), never inside one, as "+ 1" above "walk-in".
// Every line fits the headline's width, so nothing wraps it further.
func TestHeadlineKeepsItsPhrasesWhole(t *testing.T) {
	onEachRegisterSize(t, func(t *testing.T, h *harness, size fyne.Size, r *Register) {
		walkInFromSearch(t, h, r, nil)
		h.w.Canvas().Content().Refresh()
		h.w.Resize(size)
		uitest.Shot(t, h.w, "register-walk-in-headline-"+t.Name()[strings.LastIndex(t.Name(), "/")+1:])
		l := r.countsLabel
		lines := strings.Split(l.Text, "\n")
		for _, phrase := range []string{"expected", "+ 1 walk-in", "to mark"} {
			whole := false
			for _, line := range lines {
				whole = whole || strings.Contains(line, phrase)
			}
			if !whole {
				t.Errorf("%q is split across the headline's lines: %q", phrase, lines)
			}
		}
		text := theme.Size(l.SizeName)
		for _, line := range lines {
			need := fyne.MeasureText(line, text, l.TextStyle).Width + 2*theme.Size(theme.SizeNameInnerPadding)
			if got := l.Size().Width; need > got+0.5 {
				t.Errorf("%q needs %.0f, the headline has %.0f: it wraps mid-phrase", line, need, got)
			}
		}
	})
}

// TestDateLineKeepsItsPartsWhole: the line under the counts, "Saturday 21
// November 2026 · 10:00–12:00 · Riverside Surgery Garden", breaks between
// its parts where it does not fit, never inside the venue's name
// ("Riverside Surgery" above "Garden" on a portrait tablet at Largest).
func TestDateLineKeepsItsPartsWhole(t *testing.T) {
	onEachRegisterSize(t, func(t *testing.T, h *harness, size fyne.Size, r *Register) {
		l := r.whenLabel
		lines := strings.Split(l.Text, "\n")
		for _, part := range r.when {
			whole := false
			for _, line := range lines {
				whole = whole || strings.Contains(line, part)
			}
			if !whole {
				t.Errorf("%q is split across the date line's lines: %q", part, lines)
			}
		}
		text := theme.TextSize()
		if l.SizeName != "" {
			text = theme.Size(l.SizeName)
		}
		for _, line := range lines {
			need := fyne.MeasureText(line, text, l.TextStyle).Width + 2*theme.Size(theme.SizeNameInnerPadding)
			if got := l.Size().Width; need > got+0.5 {
				t.Errorf("%q needs %.0f, the date line has %.0f: it wraps inside a part", line, need, got)
			}
		}
	})
}
