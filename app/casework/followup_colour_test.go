package casework

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/domain"
)

// TestFollowUpColourIsTheSameEverywhere: a follow-up overdue is red and one
// due this week amber, on Casework home, on the case and on the follow-up
// form alike.
func TestFollowUpColourIsTheSameEverywhere(t *testing.T) {
	tests := []struct {
		name, due, words string
		want             widget.Importance
	}{
		{"overdue", "2026-03-11", "OVERDUE by 7 days (was due Wed 11 Mar 2026)", widget.DangerImportance},
		{"due today", todayDate, "Due today", widget.WarningImportance},
		{"due in two days", "2026-03-20", "Due Fri 20 Mar 2026", widget.WarningImportance},
	}
	screens := []struct {
		name string
		open func(s Store) fyne.CanvasObject
	}{
		{"home", func(s Store) fyne.CanvasObject { return NewHome(s, linkWorker()).Content() }},
		{"case", func(s Store) fyne.CanvasObject { return NewCase(s, linkWorker(), personAnn).Content() }},
		{"form", func(s Store) fyne.CanvasObject { return NewFollowUp(s, linkWorker(), "f1").Content() }},
	}
	for _, tc := range tests {
		for _, sc := range screens {
			t.Run(tc.name+"/"+sc.name, func(t *testing.T) {
				test.NewTempApp(t)
				s := openStore(t)
				fixture(t, s)
				saveAll(t, s, domain.Create(domain.KindFollowUp, "f1", domain.FollowUp{PersonID: personAnn, Due: tc.due}))
				c := sc.open(s)
				show(t, c)
				var found bool
				for _, o := range test.LaidOutObjects(c) {
					if l, ok := o.(*widget.Label); ok && l.Visible() && l.Text == tc.words {
						found = true
						if l.Importance != tc.want || !l.TextStyle.Bold {
							t.Errorf("%q has importance %v (bold %v), want %v in bold", l.Text, l.Importance, l.TextStyle.Bold, tc.want)
						}
					}
				}
				if !found {
					t.Fatalf("no line says %q; the screen shows %q", tc.words, texts(c))
				}
			})
		}
	}
}
