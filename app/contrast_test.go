package app

import (
	"fmt"
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// TestThemeContrast: every colour Gather draws text or a control's edge in
// meets WCAG AA against what it is drawn on, in both themes: 4.5:1 for
// text (labels, warnings such as access needs, errors such as OVERDUE,
// links, placeholders, text on coloured buttons), 3:1 for control borders
// (an unticked checkbox, a radio, an entry's edge).
func TestThemeContrast(t *testing.T) {
	pairs := []struct {
		fg, bg fyne.ThemeColorName
		min    float64
	}{
		{theme.ColorNameForeground, theme.ColorNameBackground, 4.5},
		{theme.ColorNameForeground, theme.ColorNameInputBackground, 4.5},
		{theme.ColorNameForeground, theme.ColorNameButton, 4.5},
		{theme.ColorNameForeground, colorNameHeader, 4.5},
		{theme.ColorNamePlaceHolder, theme.ColorNameBackground, 4.5},
		{theme.ColorNamePlaceHolder, theme.ColorNameInputBackground, 4.5},
		{theme.ColorNamePlaceHolder, theme.ColorNameButton, 4.5}, // "New here" on a staff tile
		{theme.ColorNameWarning, theme.ColorNameBackground, 4.5},
		{theme.ColorNameWarning, theme.ColorNameInputBackground, 4.5},
		{theme.ColorNameError, theme.ColorNameBackground, 4.5},
		{theme.ColorNameError, theme.ColorNameInputBackground, 4.5},
		{theme.ColorNameSuccess, theme.ColorNameBackground, 4.5},
		{theme.ColorNamePrimary, theme.ColorNameBackground, 4.5},
		{theme.ColorNameForegroundOnPrimary, theme.ColorNamePrimary, 4.5},
		{theme.ColorNameForegroundOnSuccess, theme.ColorNameSuccess, 4.5},
		{theme.ColorNameForegroundOnWarning, theme.ColorNameWarning, 4.5},
		{theme.ColorNameForegroundOnError, theme.ColorNameError, 4.5},
		{theme.ColorNameInputBorder, theme.ColorNameBackground, 3},
		{theme.ColorNameInputBorder, theme.ColorNameInputBackground, 3},
	}
	for _, appearance := range []string{AppearanceLight, AppearanceDark} {
		th := newTheme(TextNormal, appearance)
		for _, p := range pairs {
			t.Run(fmt.Sprintf("%s/%s on %s", appearance, p.fg, p.bg), func(t *testing.T) {
				fg, bg := th.Color(p.fg, th.variant), th.Color(p.bg, th.variant)
				if r := contrast(fg, bg); r < p.min {
					t.Errorf("%v on %v is %.2f:1, want at least %.1f:1", fg, bg, r, p.min)
				}
			})
		}
	}
}

// TestContrastFormula checks the formula on pairs with known ratios.
func TestContrastFormula(t *testing.T) {
	black, white := color.NRGBA{0, 0, 0, 0xff}, color.NRGBA{0xff, 0xff, 0xff, 0xff}
	grey := color.NRGBA{0x76, 0x76, 0x76, 0xff} // the lightest grey that passes on white
	for _, c := range []struct {
		a, b color.Color
		want float64
	}{{black, white, 21}, {white, white, 1}, {grey, white, 4.54}} {
		if got := contrast(c.a, c.b); math.Abs(got-c.want) > 0.01 {
			t.Errorf("contrast(%v, %v) = %.2f, want %.2f", c.a, c.b, got, c.want)
		}
	}
}

// contrast is WCAG 2's contrast ratio; a translucent colour is laid over
// the one it is drawn on first.
func contrast(fg, bg color.Color) float64 {
	b := color.NRGBAModel.Convert(bg).(color.NRGBA)
	f := color.NRGBAModel.Convert(fg).(color.NRGBA)
	if f.A < 0xff {
		a := float64(f.A) / 255
		mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*a + float64(y)*(1-a))) }
		f = color.NRGBA{mix(f.R, b.R), mix(f.G, b.G), mix(f.B, b.B), 0xff}
	}
	l1, l2 := luminance(f), luminance(b)
	if l1 < l2 {
		l1, l2 = l2, l1
	}
	return (l1 + 0.05) / (l2 + 0.05)
}

func luminance(c color.NRGBA) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}
