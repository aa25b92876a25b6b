package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/gather-sp/gather/app/kit"
)

// Text sizes people can choose.
const (
	TextNormal  = "normal"
	TextLarge   = "large"
	TextLargest = "largest"
)

// Appearance choices.
const (
	AppearanceLight  = "light"
	AppearanceDark   = "dark"
	AppearanceSystem = "system"
)

// gatherTheme is the default Fyne theme with calmer colours, larger text
// for tablets held at arm's length, a text-size scale and a forced variant.
type gatherTheme struct {
	scale   float32
	variant fyne.ThemeVariant
	system  bool // follow the system's light or dark
}

func newTheme(textSize, appearance string) *gatherTheme {
	t := &gatherTheme{scale: textScale(textSize), variant: theme.VariantLight}
	switch appearance {
	case AppearanceDark:
		t.variant = theme.VariantDark
	case AppearanceSystem:
		t.system = true
	}
	return t
}

func textScale(size string) float32 { return kit.TextScale(size) }

var (
	lightBg      = color.NRGBA{0xf7, 0xf5, 0xef, 0xff}
	lightFg      = color.NRGBA{0x1f, 0x2a, 0x24, 0xff}
	lightPrimary = color.NRGBA{0x2e, 0x7d, 0x5b, 0xff}
	lightInput   = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	lightButton  = color.NRGBA{0xe6, 0xe9, 0xe2, 0xff}
	lightHeader  = color.NRGBA{0xe4, 0xee, 0xe6, 0xff}
	darkBg       = color.NRGBA{0x16, 0x1b, 0x18, 0xff}
	darkFg       = color.NRGBA{0xe8, 0xed, 0xe9, 0xff}
	darkPrimary  = color.NRGBA{0x5f, 0xbf, 0x8f, 0xff} // light enough for links, so buttons carry dark text
	darkInput    = color.NRGBA{0x22, 0x29, 0x25, 0xff}
	darkButton   = color.NRGBA{0x2b, 0x33, 0x2e, 0xff}
	darkHeader   = color.NRGBA{0x1e, 0x2a, 0x23, 0xff}
	successLight = color.NRGBA{0x2e, 0x7d, 0x32, 0xff}
	successDark  = color.NRGBA{0x4c, 0xaf, 0x50, 0xff}
	warningLight = color.NRGBA{0x8f, 0x55, 0x00, 0xff}
	warningDark  = color.NRGBA{0xff, 0xb3, 0x4d, 0xff}
	errorLight   = color.NRGBA{0xb3, 0x26, 0x1e, 0xff}
	errorDark    = color.NRGBA{0xff, 0x8a, 0x80, 0xff}
	// Control edges (an unticked checkbox, a radio, an entry) need 3:1.
	borderLight = color.NRGBA{0x7a, 0x82, 0x7e, 0xff}
	borderDark  = color.NRGBA{0x80, 0x8a, 0x85, 0xff}
	onDark      = color.NRGBA{0x0d, 0x1a, 0x13, 0xff} // text on a light colour in the dark theme
)

// colorNameHeader is the background of the app's header bar.
const colorNameHeader fyne.ThemeColorName = "gatherHeader"

func (t *gatherTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if !t.system {
		v = t.variant
	}
	dark := v == theme.VariantDark
	pick := func(l, d color.Color) color.Color {
		if dark {
			return d
		}
		return l
	}
	switch n {
	case theme.ColorNameBackground:
		return pick(lightBg, darkBg)
	case theme.ColorNameForeground:
		return pick(lightFg, darkFg)
	case theme.ColorNamePrimary, theme.ColorNameFocus:
		if n == theme.ColorNameFocus {
			return pick(color.NRGBA{0x2e, 0x7d, 0x5b, 0x55}, color.NRGBA{0x5f, 0xbf, 0x8f, 0x55})
		}
		return pick(lightPrimary, darkPrimary)
	case theme.ColorNameInputBackground, theme.ColorNameMenuBackground:
		return pick(lightInput, darkInput)
	case theme.ColorNameOverlayBackground:
		// A dialog is the page's colour, not the inputs': a choice list
		// (a Select has no border, only its fill) in the walk-in form or
		// a device's code form was invisible on a dialog of its own fill.
		return pick(lightBg, darkBg)
	case theme.ColorNameButton:
		return pick(lightButton, darkButton)
	case theme.ColorNameSuccess:
		return pick(successLight, successDark)
	case theme.ColorNameWarning:
		return pick(warningLight, warningDark)
	case theme.ColorNameSelection:
		return pick(color.NRGBA{0x2e, 0x7d, 0x5b, 0x30}, color.NRGBA{0x5f, 0xbf, 0x8f, 0x40})
	case theme.ColorNameHover:
		return pick(color.NRGBA{0x2e, 0x7d, 0x5b, 0x18}, color.NRGBA{0xff, 0xff, 0xff, 0x14})
	case theme.ColorNameDisabled, theme.ColorNamePlaceHolder:
		return pick(color.NRGBA{0x5f, 0x69, 0x64, 0xff}, color.NRGBA{0xa3, 0xad, 0xa8, 0xff})
	case theme.ColorNameError:
		return pick(errorLight, errorDark)
	case theme.ColorNameInputBorder:
		return pick(borderLight, borderDark)
	case theme.ColorNameForegroundOnPrimary, theme.ColorNameForegroundOnSuccess,
		theme.ColorNameForegroundOnWarning, theme.ColorNameForegroundOnError:
		return pick(color.NRGBA{0xff, 0xff, 0xff, 0xff}, onDark)
	case colorNameHeader:
		return pick(lightHeader, darkHeader)
	case theme.ColorNameSeparator:
		return pick(color.NRGBA{0xd6, 0xd9, 0xd2, 0xff}, color.NRGBA{0x33, 0x3d, 0x37, 0xff})
	}
	return theme.DefaultTheme().Color(n, v)
}

func (t *gatherTheme) Font(s fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(s) }

func (t *gatherTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

func (t *gatherTheme) Size(n fyne.ThemeSizeName) float32 {
	if size, ok := kit.ThemeSize(n, t.scale); ok {
		return size
	}
	return theme.DefaultTheme().Size(n)
}

// ApplyAppearance sets Gather's theme on a with a text size and light or
// dark, without a UI: for screens shown on their own (screenshots).
func ApplyAppearance(a fyne.App, textSize, appearance string) {
	a.Settings().SetTheme(newTheme(textSize, appearance))
}
