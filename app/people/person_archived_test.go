package people

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestPersonCardAfterAnActivityIsArchived: the card no longer offers an
// archived activity (nothing to print, no session to come to) and its
// history still names it, marked archived.
func TestPersonCardAfterAnActivityIsArchived(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	h.signIn(domain.RoleLinkWorker)
	v := h.st.View()
	var personID string
	for _, e := range v.Enrolments(garden) {
		for _, m := range v.PersonAttendance(e.PersonID) {
			if m.ActivityID == garden && domain.Attended(m.Status) {
				personID = e.PersonID
			}
		}
	}
	if personID == "" {
		t.Fatal("nobody in the demo came to the garden group")
	}
	name, _ := v.Get(domain.KindActivity, garden)
	gardenName := name.Get("name")
	if err := h.sh.Save(domain.Archive(domain.KindActivity, garden)); err != nil {
		t.Fatal(err)
	}
	ps := NewCard(h.sh, personID)
	ps.Refresh()
	acts, hist := uitest.LaidOutText(ps.acts), uitest.LaidOutText(ps.history)
	if strings.Contains(acts, gardenName) {
		t.Errorf("the card still offers the archived %s:\n%s", gardenName, acts)
	}
	if !strings.Contains(hist, gardenName+" (archived)") {
		t.Errorf("the history does not name the archived activity:\n%s", hist)
	}
	for _, line := range strings.Split(hist, "\n") {
		if strings.HasSuffix(strings.TrimSpace(line), "  ") {
			t.Errorf("a history line without an activity name: %q", line)
		}
	}
}
