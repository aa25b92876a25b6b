package people

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestMergeSaysWhereTheRecordsDisagree: two records with different first
// names and dates of birth say so at the top of the screen, above the two
// records and the merge button, and again in the dialog that merges; two
// that agree say nothing. The words are domain.MergeDisagreements'.
func TestMergeSaysWhereTheRecordsDisagree(t *testing.T) {
	for _, c := range []struct {
		name   string
		differ map[string]string // the second record's fields
		want   []string
	}{
		{"first name and date of birth", map[string]string{"given_name": "Zebedee", "date_of_birth": "1931-01-01"},
			[]string{"Different dates of birth:", "Different first names:", "Zebedee"}},
		{"first name alone", map[string]string{"given_name": "Zebedee"}, []string{"Different first names:", "Zebedee"}},
		{"none", nil, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, true, fyne.NewSize(1280, 800))
			h.signIn(domain.RoleLinkWorker)
			firstID, dupID := twiceRegistered(t, h)
			first, _ := h.st.View().Person(firstID)
			fields := map[string]string{"date_of_birth": first.DateOfBirth}
			for k, v := range c.differ {
				fields[k] = v
			}
			if err := h.st.Save("tablet", record.Change{Kind: domain.KindPerson, ID: dupID, Fields: fields}); err != nil {
				t.Fatal(err)
			}
			ms := openMerge(t, h, firstID)
			ms.Choose(dupID)
			if c.want == nil {
				if ms.warning.Visible() {
					t.Errorf("records that agree show %q", ms.warning.Text)
				}
				return
			}
			if !ms.warning.Visible() {
				t.Fatal("the disagreement is not shown")
			}
			for _, w := range c.want {
				if !strings.Contains(ms.warning.Text, w) {
					t.Errorf("the screen says %q, want %q in it", ms.warning.Text, w)
				}
			}
			// At the top: before the two records and the button that merges.
			at := slices.Index(ms.body.Objects, fyne.CanvasObject(ms.warning))
			if at < 0 || at > 1 {
				t.Errorf("the disagreement is item %d of the screen, want it under the heading", at)
			}
			test.Tap(ms.mergeBtn)
			if got := topDialogText(h); !strings.Contains(got, c.want[0]) {
				t.Errorf("the merge dialog says %q, want %q in it", got, c.want[0])
			}
		})
	}
}
