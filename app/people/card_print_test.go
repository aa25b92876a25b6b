package people

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
)

// TestCardOffersTheirInfoSheetOnlyToThoseWhoMayPrintIt: a person's own
// info sheet names them and carries their route from the match, so the
// card offers it to the roles access.ActionPrintInfoSheet lets print it
// (reception, link workers, administrators) and to no one else: a
// facilitator still sees what they go to here, with when and where, and
// prints the activity's own sheet from Activities; a volunteer sees no
// activities at all.
func TestCardOffersTheirInfoSheetOnlyToThoseWhoMayPrintIt(t *testing.T) {
	for _, role := range domain.Roles {
		t.Run(role, func(t *testing.T) {
			h := newHarness(t, true, portraitSize)
			h.signIn(role)
			v := h.st.View()
			if role == domain.RoleFacilitator {
				// A tablet serving every venue: the activities are listed.
				var ids []string
				for _, r := range v.All(domain.KindVenue) {
					ids = append(ids, `"`+r.ID+`"`)
				}
				h.sh.SetMeta(map[string]string{shell.MetaVenues: "[" + strings.Join(ids, ",") + "]"})
			}
			id, acts := personAtTwoVenues(t, v)
			ps := NewCard(h.sh, id)
			h.sh.Push(ps)
			ps.Refresh()
			may := access.CanDo(role, access.ActionPrintInfoSheet)
			if got := len(ps.printBtns) > 0 || len(ps.altPrintBtns) > 0; got != may {
				t.Fatalf("%s is offered %d info sheets (and %d in the other size); may print: %v",
					role, len(ps.printBtns), len(ps.altPrintBtns), may)
			}
			if shown := texts(ps.content); strings.Contains(shown, "Print info sheet") || strings.Contains(shown, "Print in large print") {
				if !may {
					t.Errorf("%s's card shows a print button:\n%s", role, shown)
				}
			}
			if role == domain.RoleFacilitator {
				shown := texts(ps.acts)
				for _, names := range acts {
					for _, a := range names {
						if !strings.Contains(shown, a) {
							t.Errorf("the facilitator's card lacks %q:\n%s", a, shown)
						}
					}
				}
			}
			if may {
				before := len(h.sh.Sheets)
				test.Tap(ps.printBtns[0])
				if len(h.sh.Sheets) != before+1 || !strings.HasPrefix(h.sh.Sheets[before], id+" ") {
					t.Errorf("tapping the info sheet asked for %v", h.sh.Sheets[before:])
				}
			}
		})
	}
}
