package people

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestCardNoAccessNeedsIsQuiet: "None recorded." under Access needs reads
// quieter than a real need (muted, not bold), so the need a facilitator
// must act on stands out; a real need is bold in the warning colour.
func TestCardNoAccessNeedsIsQuiet(t *testing.T) {
	for _, tc := range []struct {
		needs string
		want  widget.Importance
		bold  bool
	}{{"", widget.LowImportance, false}, {"Uses a wheelchair", widget.WarningImportance, true}} {
		t.Run(fmt.Sprintf("needs %q", tc.needs), func(t *testing.T) {
			h := newHarness(t, true, desktopSize)
			h.signIn(domain.RoleFacilitator)
			id, _ := personAtTwoVenues(t, h.st.View())
			if err := h.st.Save("tester", record.Change{Kind: domain.KindPerson, ID: id, Fields: map[string]string{"access_needs": tc.needs}}); err != nil {
				t.Fatal(err)
			}
			ps := NewCard(h.sh, id)
			h.sh.Push(ps)
			ps.Refresh()
			if ps.access.Importance != tc.want || ps.access.TextStyle.Bold != tc.bold {
				t.Errorf("%q: importance %v, bold %v; want %v, bold %v", ps.access.Text, ps.access.Importance, ps.access.TextStyle.Bold, tc.want, tc.bold)
			}
		})
	}
}
