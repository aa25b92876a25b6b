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

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestFollowUpSavedIsInSight: the person scrolls down to Save; after it,
// the confirmation is on screen, not scrolled off the top of a page that
// looks blank.
func TestFollowUpSavedIsInSight(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(1280, 800), fyne.NewSize(800, 1280), fyne.NewSize(1280, 500)} {
		name := fmt.Sprintf("%.0fx%.0f", size.Width, size.Height)
		t.Run(name, func(t *testing.T) {
			f, _, w := openFollowUpDue18March(t, size)
			sc := f.nav.holder.Objects[0].(*container.Scroll)
			test.Tap(f.method.button("phone call")) // Ann agreed to no way: nothing starts chosen
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

// TestFollowUpDateAsTheUKWritesIt: the follow-up's date starts at today as
// the UK writes it, takes a date typed day first, keeps a date it cannot
// read as typed with what is wrong, and is stored year first.
func TestFollowUpDateAsTheUKWritesIt(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(800, 1280), fyne.NewSize(1280, 800)} {
		name := fmt.Sprintf("%.0fx%.0f", size.Width, size.Height)
		t.Run(name, func(t *testing.T) {
			f, s, w := openFollowUpDue18March(t, size)
			if f.date.Text != "18/03/2026" || f.date.PlaceHolder != "For example 21/03/2026" {
				t.Errorf("the date starts as %q with the hint %q, want 18/03/2026 and For example 21/03/2026", f.date.Text, f.date.PlaceHolder)
			}
			test.Tap(f.method.button("phone call")) // Ann agreed to no way: nothing starts chosen
			test.Type(f.outcome, "Going every week")
			f.date.SetText("31/02/2026")
			test.Tap(f.save)
			w.Content().Refresh() // as the live window lays out again on its next frame
			uitest.Shot(t, w, "followup-date-"+name)
			mustShow(t, f.Content(), `"31/02/2026" is not a date we can read. Type it like 21/03/2026 or 2026-03-21. Then tap Save again.`)
			if f.date.Text != "31/02/2026" || f.outcome.Text != "Going every week" {
				t.Errorf("what was typed is lost: %q, %q", f.date.Text, f.outcome.Text)
			}
			f.date.SetText("17/03/2026")
			test.Tap(f.next.button("4"))
			test.Tap(f.save)
			if x := get[domain.FollowUp](t, s, domain.KindFollowUp, "f1"); x.Done != "2026-03-17" {
				t.Errorf("done on %q, want 2026-03-17 as stored", x.Done)
			}
		})
	}
}

// openFollowUpDue18March shows Ann's follow-up due 18 March at size.
func openFollowUpDue18March(t *testing.T, size fyne.Size) (*FollowUpForm, *countingStore, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	saveAll(t, s, domain.Create(domain.KindFollowUp, "f1", domain.FollowUp{PersonID: personAnn, Due: "2026-03-18"}))
	f := NewFollowUp(s, linkWorker(), "f1")
	w := show(t, f.Content())
	w.Resize(size)
	return f, s, w
}
