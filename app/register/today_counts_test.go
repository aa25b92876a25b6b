package register

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/domain"
)

// TestTodayCountsBreakBetweenPhrases: a session card's counts, "4 here: 3
// of 18 expected + 1 walk-in · 14 to mark", are one line where they fit,
// and otherwise break between their phrases, as the register's headline
// does: never "+ 1" above "walk-in" nor "14 to" above "mark". Every line
// fits the card, so nothing wraps it further. On a small tablet at every
// text size, and on a tablet and a laptop at the largest.
func TestTodayCountsBreakBetweenPhrases(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(600, 960), fyne.NewSize(800, 1280), desktopSize} {
		for _, ts := range uitest.TextSizes {
			if size.Width > 600 && ts.Scale != uitest.Largest {
				continue
			}
			t.Run(sizeName(size)+"-"+ts.Name, func(t *testing.T) {
				h := newHarness(t, true, size)
				uitest.UseTextSize(ts.Scale)
				h.signIn(domain.RoleFacilitator)
				walkInFromSearch(t, h, h.openRegister(garden), nil)
				today := h.today()
				h.w.Canvas().Content().Refresh()
				uitest.Shot(t, h.w, "today-counts-"+sizeName(size)+"-"+ts.Name)
				byText := map[string]*widget.Label{}
				for _, o := range test.LaidOutObjects(h.w.Canvas().Content()) {
					if l, ok := o.(*widget.Label); ok && l.Visible() {
						byText[strings.ReplaceAll(l.Text, "\n", " ")] = l
					}
				}
				walkIns := 0
				for _, si := range today.sessions {
					sum := si.Summary
					phrases := append(sum.HeadlinePhrases(), kit.NonEmpty(sum.Progress())...)
					l := byText[sum.Headline()+" · "+sum.Progress()]
					if l == nil {
						l = byText[strings.Join(phrases, " ")]
					}
					if l == nil {
						t.Fatalf("%s's card does not say %q", si.Activity.Name, phrases)
					}
					walkIns += sum.WalkInsHere
					lines := strings.Split(l.Text, "\n")
					for _, p := range phrases {
						whole := false
						for _, line := range lines {
							whole = whole || strings.Contains(line, p)
						}
						if !whole {
							t.Errorf("%s: %q is split across the lines %q", si.Activity.Name, p, lines)
						}
					}
					for _, line := range lines {
						need := fyne.MeasureText(line, theme.TextSize(), l.TextStyle).Width + 2*theme.Size(theme.SizeNameInnerPadding)
						if need > l.Size().Width+0.5 {
							t.Errorf("%s: %q needs %.0f, the card gives it %.0f: it wraps mid-phrase", si.Activity.Name, line, need, l.Size().Width)
						}
					}
					if need := heightAt(l, l.Size().Width); l.Size().Height+0.5 < need {
						t.Errorf("%s: the counts are %.0f high, their lines need %.0f", si.Activity.Name, l.Size().Height, need)
					}
				}
				if walkIns == 0 {
					t.Error("no card counts the walk-in")
				}
			})
		}
	}
}
