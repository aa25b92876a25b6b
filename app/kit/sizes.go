package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// TextScales are Settings' text sizes, by name, and how much each scales
// the text: one table for the app's theme and for the tests that lay a
// screen out at every size.
var TextScales = []NamedScale{{"normal", 1}, {"large", 1.2}, {"largest", 1.45}}

// NamedScale is a text size as Settings names it, and how much it scales
// the text.
type NamedScale struct {
	Name  string
	Scale float32
}

// TextScale is the scale of the text size named size (TextScales), 1 for
// any other.
func TextScale(size string) float32 {
	for _, s := range TextScales {
		if s.Name == size {
			return s.Scale
		}
	}
	return 1
}

// ThemeSize is the size Gather's theme gives n with text at scale, and
// whether it sets one (else the default theme's stands): text a little
// larger than Fyne's for tablets held at arm's length, roomier padding.
func ThemeSize(n fyne.ThemeSizeName, scale float32) (float32, bool) {
	switch n {
	case theme.SizeNameText:
		return 16 * scale, true
	case theme.SizeNameHeadingText:
		return 26 * scale, true
	case theme.SizeNameSubHeadingText:
		return 20 * scale, true
	case theme.SizeNameCaptionText:
		return 13 * scale, true
	case theme.SizeNameInlineIcon:
		return 22 * scale, true
	case theme.SizeNameInnerPadding:
		return 10, true
	case theme.SizeNamePadding:
		return 5, true
	case theme.SizeNameInputRadius, theme.SizeNameSelectionRadius:
		return 6, true
	}
	return 0, false
}
