package reports

import (
	"reflect"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestArchivedVenueAndActivityCanBeChosenForHistory: the craft group and
// its library are archived in April. The filters list them after the ones
// in use, marked, and March's report of the library is what it was.
func TestArchivedVenueAndActivityCanBeChosenForHistory(t *testing.T) {
	h := newHarness(t, "")
	h.s.venueSel.SetSelected(libraryName)
	before := h.figures()
	h.s.venueSel.SetSelected(allVenues)
	if err := h.store.Save("staff-alex", domain.Archive(domain.KindActivity, actCraft), domain.Archive(domain.KindVenue, venueLibrary)); err != nil {
		t.Fatal(err)
	}
	h.s.Refresh()
	archivedLibrary, archivedCraft := libraryName+" (archived)", craftName+" (archived)"
	for _, c := range []struct {
		name string
		got  []string
		want []string
	}{
		{"venues", h.s.venueSel.Options, []string{allVenues, gardenName, archivedLibrary}},
		{"activities", h.s.activitySel.Options, []string{allActivites, "Garden group", walkName, archivedCraft}},
	} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s offered %q, want %q", c.name, c.got, c.want)
		}
	}
	// March as a whole is as it was: the craft session still counts.
	if got, want := h.figures(), (figures{"5", "25", "8"}); got != want {
		t.Errorf("March figures %+v, want %+v", got, want)
	}

	h.s.venueSel.SetSelected(archivedLibrary)
	if h.s.problem.Visible() {
		t.Fatalf("choosing the archived venue: %q", h.s.problem.Text)
	}
	if got := h.figures(); got != before {
		t.Errorf("the archived library's March %+v, want %+v as before it was archived", got, before)
	}
	if got := h.s.Report().Scope; got != "Venue: "+libraryName {
		t.Errorf("scope %q, want the venue's name", got)
	}
	if want := []string{allActivites, archivedCraft}; !reflect.DeepEqual(h.s.activitySel.Options, want) {
		t.Errorf("the library's activities %q, want %q", h.s.activitySel.Options, want)
	}

	h.settle()
	uitest.Shot(t, h.w, "reports-archived-venue-chosen")
	h.s.venueSel.SetSelected(allVenues)
	h.settle()
	test.Tap(h.s.venueSel) // the list open, to look at (GATHER_SHOTS)
	uitest.Shot(t, h.w, "reports-archived-venue-filter")
}
