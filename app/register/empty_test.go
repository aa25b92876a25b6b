package register

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// mustReadInFull fails unless l is on show with all its text: not cut
// short with "…", and given the height its lines need.
func mustReadInFull(t *testing.T, h *harness, l *widget.Label, want string) {
	t.Helper()
	if l.Text != want {
		t.Fatalf("the message is %q, want %q", l.Text, want)
	}
	for _, o := range test.LaidOutObjects(h.w.Canvas().Content()) {
		if o != l {
			continue
		}
		if !l.Visible() {
			t.Fatalf("%q is hidden", want)
		}
		if l.Truncation != fyne.TextTruncateOff && l.Size().Width < fyne.MeasureText(l.Text, 14, l.TextStyle).Width {
			t.Fatalf("%q is cut short: %v wide", want, l.Size().Width)
		}
		if l.Size().Height < l.MinSize().Height || l.Size().Width < l.MinSize().Width {
			t.Fatalf("%q has %v, needs %v", want, l.Size(), l.MinSize())
		}
		return
	}
	t.Fatalf("%q is not on the screen", want)
}

func TestEmptyRegisterSaysSoInFull(t *testing.T) {
	for _, size := range []fyne.Size{desktopSize, fyne.NewSize(800, 1280)} {
		t.Run(sizeName(size), func(t *testing.T) {
			h := newHarness(t, true, size)
			h.signIn(domain.RoleFacilitator)
			// A new weekly activity on today's weekday: nobody enrolled.
			a := domain.Activity{ID: "act-new-empty", Name: "Walk and talk", VenueID: h.openRegister(garden).info.Activity.VenueID,
				Schedule: "weekly", Weekday: testNow.Weekday(), StartDate: "2026-11-01", StartTime: "13:00", EndTime: "14:00"}
			if err := h.sh.Save(record.Change{Kind: domain.KindActivity, ID: a.ID, Fields: domain.Encode(a)}); err != nil {
				t.Fatal(err)
			}
			r := h.openRegister(a.ID)
			mustReadInFull(t, h, r.emptyLabel, "Nobody is enrolled yet. Tap \"Add walk-in\" when people arrive.")

			r = h.openRegister(garden)
			r.search.SetText("Zzyzx")
			mustReadInFull(t, h, r.emptyLabel, "Nobody called \"Zzyzx\". Tap \"Add walk-in\" to add them.")
		})
	}
}
