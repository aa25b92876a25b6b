package activities

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/domain"
)

// TestActivitiesFitTheWidth: at every text size, on a portrait tablet and
// a laptop, as a facilitator (two print buttons) and a link worker (Edit
// too) see it, no activity's buttons or details run past the window's
// right edge: the print buttons go under a long name when they do not fit
// beside it. (At Large text on a portrait tablet "Print in large print"
// was half off the screen, and with it "Where" and "How to get there".)
func TestActivitiesFitTheWidth(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(800, 1280), desktopSize} {
		for _, ts := range uitest.TextSizes {
			for _, role := range []string{domain.RoleFacilitator, domain.RoleLinkWorker} {
				t.Run(fmtSize(size)+"-"+ts.Name+"-"+role, func(t *testing.T) {
					h := newHarness(t, true, size)
					h.signIn(role)
					uitest.UseTextSize(ts.Scale)
					s := h.activitiesScreen()
					s.Refresh()
					h.Win.Content().Refresh()
					uitest.Shot(t, h.Win, "activities-"+fmtSize(size)+"-"+ts.Name+"-"+role)
					if got := uitest.PastRightEdge(h.Win.Content(), 0, size.Width); len(got) > 0 {
						t.Errorf("past the right edge of the %.0f wide window: %q", size.Width, got)
					}
				})
			}
		}
	}
}

func fmtSize(s fyne.Size) string {
	return fmt.Sprintf("%.0fx%.0f", s.Width, s.Height)
}

// TestActivityFormFitsTheWidth: the activity form, new and editing the
// garden group, at every text size on a portrait tablet and a laptop, has
// nothing past the window's right edge: its four ways of meeting (Every
// week … Once) fold onto two rows when they do not fit on one. (At Large
// text on a portrait tablet they took the form to 902 of 800: "Once",
// "Add a venue" and "Until" were cut off.)
func TestActivityFormFitsTheWidth(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(800, 1280), desktopSize} {
		for _, ts := range uitest.TextSizes {
			for _, id := range []string{"", garden} {
				t.Run(fmtSize(size)+"-"+ts.Name+"-"+map[bool]string{true: "new", false: "edit"}[id == ""], func(t *testing.T) {
					h := newHarness(t, true, size)
					h.signIn(domain.RoleLinkWorker)
					uitest.UseTextSize(ts.Scale)
					f := h.openActivityForm(id)
					f.Refresh()
					h.Win.Content().Refresh()
					uitest.Shot(t, h.Win, "activity-form-"+fmtSize(size)+"-"+ts.Name+"-"+id)
					if got := outsideEntries(uitest.PastRightEdge(h.Win.Content(), 0, size.Width)); len(got) > 0 {
						t.Errorf("past the right edge of the %.0f wide window: %q", size.Width, got)
					}
					if got := uitest.PlaceholdersCutShort(h.Win.Content()); len(got) > 0 {
						t.Errorf("placeholders cut off in their boxes: %s", got)
					}
				})
			}
		}
	}
}

// outsideEntries leaves out of PastRightEdge's list what an entry draws
// inside it (its text or placeholder, which the entry clips and scrolls),
// keeping the entry itself and everything else.
func outsideEntries(got []string) []string {
	var out []string
	for _, g := range got {
		if !strings.HasPrefix(g, "*widget.entryContent ") && !strings.HasPrefix(g, `*widget.RichText "" `) && !strings.HasPrefix(g, `*canvas.Text "" `) {
			out = append(out, g)
		}
	}
	return out
}

// TestActivitiesOfferLargePrintToEveryone: every role that sees the
// Activities screen can print each activity's sheet in large print, those
// who manage activities too (beside Edit, their card had only "Print info
// sheet"), and it asks for the large-print sheet.
func TestActivitiesOfferLargePrintToEveryone(t *testing.T) {
	for _, role := range []string{domain.RoleAdministrator, domain.RoleLinkWorker, domain.RoleReception, domain.RoleFacilitator, domain.RoleVolunteer} {
		t.Run(role, func(t *testing.T) {
			h := newHarness(t, true, desktopSize)
			h.signIn(role)
			s := h.activitiesScreen()
			if len(s.printBtns) == 0 {
				t.Fatal("no activities listed")
			}
			large := uitest.Buttons(h.Win.Canvas().Content(), kit.PrintInLargePrint)
			if len(large) != len(s.printBtns) {
				t.Fatalf("%d %q buttons for %d activities", len(large), kit.PrintInLargePrint, len(s.printBtns))
			}
			test.Tap(large[0])
			if len(h.Sheets) != 1 || !strings.HasSuffix(h.Sheets[0], " true") {
				t.Errorf("sheets asked for: %q, want one in large print", h.Sheets)
			}
		})
	}
}
