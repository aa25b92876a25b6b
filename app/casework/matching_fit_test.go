package casework

import (
	"sort"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestMatchAndEnrolInSightOnceTicked: with the demo's eight activities,
// ticking Match on the first one brings Match and enrol, and what is
// chosen, into sight at once, on a laptop, a large screen and a portrait
// tablet (it sat below every activity, out of sight); Getting there
// scrolls to the route, which goes on the info sheet.
func TestMatchAndEnrolInSightOnceTicked(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(1280, 800), fyne.NewSize(1920, 1080), fyne.NewSize(800, 1280)} {
		t.Run(fmtSize(size), func(t *testing.T) {
			test.NewTempApp(t)
			w, m := demoMatching(t, size)
			if why := uitest.OutOfSight(w, m.save); why == "" {
				t.Error("Match and enrol is offered before anything is ticked")
			}
			var first *toggle
			for _, id := range m.shown {
				if c, ok := m.checks[id]; ok {
					first = c
					break
				}
			}
			if first == nil {
				t.Fatal("no activity to tick")
			}
			if why := uitest.OutOfSight(w, first.Button); why != "" {
				t.Fatalf("the first Match tick cannot be seen: %s", why)
			}
			test.Tap(first)
			settle(w, size)
			uitest.Shot(t, w, "matching-ticked-"+fmtSize(size))
			if why := uitest.OutOfSight(w, m.save); why != "" {
				t.Errorf("Match and enrol cannot be seen after ticking: %s", why)
			}
			if why := uitest.OutOfSight(w, m.chosenWords); why != "" || m.chosenWords.Text == "" {
				t.Errorf("what is chosen (%q) cannot be seen: %s", m.chosenWords.Text, why)
			}
			mustShow(t, w.Content(), "1 chosen: ", "Not written yet for ")
			test.Tap(m.toSupport)
			if why := uitest.OutOfSight(w, m.route); why != "" {
				t.Errorf("Getting there did not bring the route into sight: %s", why)
			}
			test.Type(m.meetBy, "Sam")
			mustShow(t, w.Content(), "Met by Sam.")
			test.Tap(first)
			if m.bar.Visible() {
				t.Error("the bar stays after unticking everything")
			}
		})
	}
}

// TestMatchingFiltersKeepTheirDropDownsInLine: at every text size on a
// laptop and a portrait tablet, the filters, shown, keep their drop-downs
// in line: no label wraps onto a second line and pushes its drop-down
// below the others' ("In person or online" did at Large and Largest).
// (That an activity shows without scrolling is
// TestMatchingShowsAnActivityWithoutScrolling, in the app's frame.)
func TestMatchingFiltersKeepTheirDropDownsInLine(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(1280, 800), fyne.NewSize(800, 1280)} {
		for _, ts := range uitest.TextSizes {
			t.Run(fmtSize(size)+"-"+ts.Name, func(t *testing.T) {
				test.NewTempApp(t)
				uitest.UseTextSize(ts.Scale)
				w, m := demoMatching(t, size)
				uitest.Shot(t, w, "matching-filters-"+fmtSize(size)+"-"+ts.Name)
				if !m.filters.Visible() {
					test.Tap(m.filterToggle)
					settle(w, size)
				}
				if !m.filters.Visible() {
					t.Fatal("Show filters did not show them")
				}
				d := fyne.CurrentApp().Driver()
				sels := []*widget.Select{m.category, m.day, m.venueSel, m.mode, m.level, m.cost}
				names := []string{"category", "day", "venue", "mode", "level", "cost"}
				for i, a := range sels {
					for j := i + 1; j < len(sels); j++ {
						b := sels[j]
						ya, yb := d.AbsolutePositionForObject(a).Y, d.AbsolutePositionForObject(b).Y
						if dy := ya - yb; dy != 0 && dy > -a.Size().Height && dy < a.Size().Height {
							t.Errorf("drop-downs out of line: %s at %.0f, %s at %.0f", names[i], ya, names[j], yb)
						}
					}
				}
			})
		}
	}
}

// demoMatching is Matching, as a link worker opens it in a window of size,
// for the first assessed referral of the demo (by id).
func demoMatching(t *testing.T, size fyne.Size) (fyne.Window, *Matching) {
	t.Helper()
	s := openStore(t)
	if err := SeedDemo(s, today); err != nil {
		t.Fatal(err)
	}
	rs := s.View().Referrals(domain.ReferralAssessed)
	if len(rs) == 0 {
		t.Fatal("no assessed referral in the demo")
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].ID < rs[j].ID })
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	ctx := linkWorker()
	ctx.Window = w
	m := NewMatching(s, ctx, rs[0].PersonID, "")
	w.SetContent(m.Content())
	settle(w, size)
	return w, m
}
