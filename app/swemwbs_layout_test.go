package app

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/domain"
)

// TestSWEMWBSAnswersSideBySideOnAPortraitTablet: in the app's own theme,
// at normal text, each SWEMWBS statement's five answers sit side by side
// in the scale's order on a portrait tablet (800 px; the longer answers on
// two lines inside their buttons) as on a landscape one (1280 px), each a
// finger high and inside the window, even at the largest text; only
// where five cannot fit even on two lines (the largest text on a phone-
// sized window) are they one per line, in order.
func TestSWEMWBSAnswersSideBySideOnAPortraitTablet(t *testing.T) {
	cases := []struct {
		size     fyne.Size
		text     string
		sideBy   bool
		twoLines bool
	}{
		{fyne.NewSize(800, 1280), TextNormal, true, true},
		{fyne.NewSize(1280, 800), TextNormal, true, false},
		{fyne.NewSize(800, 1280), TextLargest, true, true},
		{fyne.NewSize(600, 960), TextLargest, false, false},
	}
	for _, tc := range cases {
		h := newHarness(t, true, tc.size)
		h.signIn(domain.RoleLinkWorker)
		h.u.SetAppearance(tc.text, AppearanceLight)
		h.w.Resize(tc.size)
		root := h.w.Canvas().Content()
		h.u.OpenPerson(h.st.View().SearchPeople("a", 1)[0].ID)
		test.Tap(uitest.Button(t, root, "Open their case"))
		test.Tap(uitest.Button(t, root, "Wellbeing questions"))
		test.Tap(uitest.Button(t, root, domain.InstrumentName(domain.InstrumentSWEMWBS)))
		h.w.Resize(tc.size)

		d := fyne.CurrentApp().Driver()
		answers := map[string]int{}
		for i, a := range domain.SWEMWBSAnswers {
			answers[a] = i
		}
		// The answer buttons, statement by statement, in the order laid out.
		var rows [][]*widget.Button
		for _, o := range test.LaidOutObjects(root) {
			b, ok := o.(*widget.Button)
			if !ok || !b.Visible() {
				continue
			}
			i, ok := answers[uitest.ButtonWords(b)]
			if !ok {
				continue
			}
			if i == 0 {
				rows = append(rows, nil)
			}
			rows[len(rows)-1] = append(rows[len(rows)-1], b)
		}
		if len(rows) != domain.SWEMWBSItems {
			t.Fatalf("%v %s: %d statements' answers found, want %d", tc.size, tc.text, len(rows), domain.SWEMWBSItems)
		}
		where := fmt.Sprintf("%.0fx%.0f, %s text", tc.size.Width, tc.size.Height, tc.text)
		wrapped := false
		for q, row := range rows {
			if len(row) != 5 {
				t.Fatalf("%s, statement %d: %d answers", where, q+1, len(row))
			}
			inRow, inColumn := true, true
			var prev fyne.Position
			for i, b := range row {
				pos, size := d.AbsolutePositionForObject(b), b.Size()
				if uitest.ButtonWords(b) != domain.SWEMWBSAnswers[i] {
					t.Errorf("%s, statement %d: answer %d is %q", where, q+1, i+1, b.Text)
				}
				if size.Height < kit.MinTouch {
					t.Errorf("%s, statement %d: %q is %.0f high", where, q+1, b.Text, size.Height)
				}
				if pos.X+size.Width > tc.size.Width+0.5 {
					t.Errorf("%s, statement %d: %q runs off the window", where, q+1, b.Text)
				}
				wrapped = wrapped || strings.Contains(b.Text, "\n")
				if i > 0 {
					inRow = inRow && pos.Y == prev.Y && pos.X > prev.X
					inColumn = inColumn && pos.X == prev.X && pos.Y > prev.Y
				}
				prev = pos
			}
			if tc.sideBy && !inRow {
				t.Errorf("%s, statement %d: the five answers are not side by side", where, q+1)
			}
			if !tc.sideBy && !inColumn {
				t.Errorf("%s, statement %d: the answers are not one per line, in order", where, q+1)
			}
		}
		if wrapped != tc.twoLines {
			t.Errorf("%s: answers on two lines %v, want %v", where, wrapped, tc.twoLines)
		}
		h.w.Close()
	}
}
