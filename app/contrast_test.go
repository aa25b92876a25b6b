package app

import (
	"fmt"
	"image/color"
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/gather-sp/gather/app/register"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
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

// TestDrawnContrast checks the text the screens really draw, not the
// theme's table: every canvas.Text in the register (a "Here" mark among
// them), its mark dialog and Today (with a closed and a cancelled
// session's badges), in light and dark, against the colour painted under
// its middle; the register also on a portrait tablet at the largest text.
// A widget that picks a colour of its own (a badge's white text on the
// success green) fails here even when TestThemeContrast's pairs all pass.
func TestDrawnContrast(t *testing.T) {
	for _, appearance := range []string{AppearanceLight, AppearanceDark} {
		for _, scene := range []string{"today", "register", "register-mark", "register/portrait-largest"} {
			t.Run(appearance+"/"+scene, func(t *testing.T) {
				size, text := fyne.NewSize(1280, 800), TextNormal
				if s, ok := strings.CutSuffix(scene, "/portrait-largest"); ok {
					// A venue tablet held upright, the text at its largest.
					scene, size, text = s, fyne.NewSize(800, 1280), TextLargest
				}
				h := newHarness(t, true, size)
				h.u.SetAppearance(text, appearance)
				goldenMarks(t, h)
				closeAndCancelToday(t, h)
				if err := h.u.ShowScene(scene); err != nil {
					t.Fatal(err)
				}
				th := newTheme(text, appearance)
				checked := 0
				for _, tx := range drawnTexts(h.w.Canvas(), th.Color(theme.ColorNameBackground, th.variant)) {
					checked++
					if r := contrast(tx.fg, tx.bg); r < 4.5 {
						t.Errorf("%q is drawn in %v on %v: %.2f:1, want at least 4.5:1", tx.text, tx.fg, tx.bg, r)
					}
				}
				if checked < 10 {
					t.Fatalf("only %d texts were found to check", checked)
				}
			})
		}
	}
}

// TestDrawnContrastSeesBadges: the scenes TestDrawnContrast walks hold
// what it means to check (a "Here" mark, the Closed and Cancelled
// badges), so a scene that stopped showing them cannot pass it quietly.
func TestDrawnContrastSeesBadges(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	h.u.SetAppearance(TextNormal, AppearanceDark)
	goldenMarks(t, h)
	closeAndCancelToday(t, h)
	for scene, want := range map[string][]string{"today": {"Closed", "Cancelled"}, "register": {"Here"}} {
		if err := h.u.ShowScene(scene); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, tx := range drawnTexts(h.w.Canvas(), color.Black) {
			seen[strings.TrimSpace(tx.text)] = true
		}
		for _, w := range want {
			if !seen[w] {
				t.Errorf("the %s scene draws no %q", scene, w)
			}
		}
	}
}

// closeAndCancelToday closes the second of today's sessions and cancels
// the third, for their badges on Today, leaving the first (the register
// scenes') open. The scenes' facilitator works at two venues with a
// session each today, so a third, at one of them, is added first.
func closeAndCancelToday(t *testing.T, h *harness) {
	t.Helper()
	extra := domain.Activity{ID: "contrast-extra", Name: "Evening choir", VenueID: demo.VenueHall, Schedule: domain.ScheduleOneOff,
		StartDate: domain.DateOf(testNow), StartTime: "18:00", EndTime: "19:00"}
	if err := h.st.Save("contrast", record.Change{Kind: domain.KindActivity, ID: extra.ID, Fields: domain.Encode(extra)}); err != nil {
		t.Fatal(err)
	}
	if err := h.u.ShowScene("today"); err != nil {
		t.Fatal(err)
	}
	today := h.u.current().(*register.Today)
	sessions := today.Sessions()
	if len(sessions) < 3 {
		t.Fatalf("the demo has %d sessions today, want 3 or more", len(sessions))
	}
	closed, cancelled := sessions[1].Session, sessions[2].Session
	closed.Closed, closed.ClosedBy, closed.ClosedAt = true, "contrast", testNow
	cancelled.Cancelled, cancelled.CancelReason, cancelled.CancelledBy, cancelled.CancelledAt = true, "Flooded hall", "contrast", testNow
	if err := h.st.Save("contrast",
		record.Change{Kind: domain.KindSession, ID: closed.ID, Fields: domain.Encode(closed)},
		record.Change{Kind: domain.KindSession, ID: cancelled.ID, Fields: domain.Encode(cancelled)}); err != nil {
		t.Fatal(err)
	}
}

// drawnText is a piece of text as drawn: its colour and the colour under
// its middle.
type drawnText struct {
	text   string
	fg, bg color.Color
}

// drawnTexts walks what c paints, in the order it paints it (the content,
// then each overlay), and gives each visible text with the colour painted
// under its middle: the window's background with every rectangle that
// covers that point laid over it in turn.
func drawnTexts(c fyne.Canvas, background color.Color) []drawnText {
	type rect struct {
		pos, size fyne.Position
		fill      color.Color
	}
	var rects []rect
	var out []drawnText
	var walk func(o fyne.CanvasObject, at fyne.Position)
	walk = func(o fyne.CanvasObject, at fyne.Position) {
		if o == nil || !o.Visible() {
			return
		}
		pos := at.Add(o.Position())
		switch x := o.(type) {
		case *canvas.Rectangle:
			rects = append(rects, rect{pos, fyne.NewPos(x.Size().Width, x.Size().Height), x.FillColor})
			return
		case *canvas.Text:
			if strings.TrimSpace(x.Text) == "" {
				return
			}
			mid := pos.Add(fyne.NewPos(x.Size().Width/2, x.Size().Height/2))
			under := color.NRGBAModel.Convert(background)
			for _, r := range rects {
				if r.fill == nil || mid.X < r.pos.X || mid.Y < r.pos.Y || mid.X > r.pos.X+r.size.X || mid.Y > r.pos.Y+r.size.Y {
					continue
				}
				under = over(r.fill, under)
			}
			out = append(out, drawnText{x.Text, x.Color, under})
			return
		case *fyne.Container:
			for _, child := range x.Objects {
				walk(child, pos)
			}
			return
		case fyne.Widget:
			for _, child := range test.WidgetRenderer(x).Objects() {
				walk(child, pos)
			}
		}
	}
	walk(c.Content(), fyne.Position{})
	for _, ov := range c.Overlays().List() {
		walk(ov, fyne.Position{})
	}
	return out
}

// over lays fg (maybe translucent) over an opaque bg.
func over(fg, bg color.Color) color.Color {
	f := color.NRGBAModel.Convert(fg).(color.NRGBA)
	b := color.NRGBAModel.Convert(bg).(color.NRGBA)
	a := float64(f.A) / 255
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*a + float64(y)*(1-a))) }
	return color.NRGBA{mix(f.R, b.R), mix(f.G, b.G), mix(f.B, b.B), 0xff}
}

// TestChoiceListsShowOnDialogs: a choice list (widget.Select) has no
// border, only its fill, the inputs' colour. A dialog of that same colour
// hid the walk-in form's Gender and Ethnic group and the device code's
// Role; a dialog is the page's colour, so a choice list stands out on it
// as it does on a page.
func TestChoiceListsShowOnDialogs(t *testing.T) {
	for _, appearance := range []string{AppearanceLight, AppearanceDark} {
		t.Run(appearance, func(t *testing.T) {
			th := newTheme(TextNormal, appearance)
			dialog := th.Color(theme.ColorNameOverlayBackground, th.variant)
			if input := th.Color(theme.ColorNameInputBackground, th.variant); dialog == input {
				t.Errorf("dialogs are drawn in the inputs' colour %v: a choice list on one has no edge", input)
			}
			if page := th.Color(theme.ColorNameBackground, th.variant); dialog != page {
				t.Errorf("a dialog is %v, the page %v: a choice list looks different on each", dialog, page)
			}
		})
	}
}
