package casework

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/domain"
)

// TestFollowUpSavedIsInSight: the person scrolls down to Save; after it,
// the confirmation is on screen, not scrolled off the top of a page that
// looks blank.
func TestFollowUpSavedIsInSight(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(1280, 800), fyne.NewSize(800, 1280), fyne.NewSize(1280, 500)} {
		name := fmt.Sprintf("%.0fx%.0f", size.Width, size.Height)
		t.Run(name, func(t *testing.T) {
			test.NewTempApp(t)
			s := openStore(t)
			fixture(t, s)
			saveAll(t, s, domain.Create(domain.KindFollowUp, "f1", domain.FollowUp{PersonID: personAnn, Due: "2026-03-18"}))
			f := NewFollowUp(s, linkWorker(), "f1")
			w := show(t, f.Content())
			w.Resize(size)
			sc := f.nav.holder.Objects[0].(*container.Scroll)
			test.Type(f.outcome, "Going every week, sleeping better")
			test.Tap(f.next.button("6"))
			sc.ScrollToBottom()
			test.Tap(f.save)

			if !f.notice.Visible() {
				t.Fatal("no confirmation")
			}
			sc = f.nav.holder.Objects[0].(*container.Scroll)
			pos, ok := offsetWithin(sc.Content, f.notice)
			if !ok {
				t.Fatal("the confirmation is not on the page")
			}
			top, bottom := sc.Offset.Y, sc.Offset.Y+sc.Size().Height
			if pos.Y < top || pos.Y+f.notice.Size().Height > bottom {
				t.Errorf("the confirmation is at %.0f–%.0f, the view shows %.0f–%.0f: scrolled out of sight",
					pos.Y, pos.Y+f.notice.Size().Height, top, bottom)
			}
			if f.notice.Size().Height < f.notice.MinSize().Height {
				t.Errorf("the confirmation has %v, needs %v", f.notice.Size(), f.notice.MinSize())
			}
			if dir := os.Getenv("GATHER_SHOTS"); dir != "" {
				fh, err := os.Create(filepath.Join(dir, "followup-saved-"+name+".png"))
				if err == nil {
					png.Encode(fh, w.Canvas().Capture())
					fh.Close()
				}
			}
		})
	}
}
