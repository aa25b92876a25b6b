package casework

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
)

// TestSelfReferralFitsTheWidth: at every text size, on a portrait tablet
// and a laptop, nothing on the self-referral form runs past the window's
// right edge: fields go one under another where two side by side do not
// fit (the Ethnic group drop-down's longest choice at large text).
func TestSelfReferralFitsTheWidth(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(800, 1280), fyne.NewSize(1280, 800)} {
		for _, ts := range uitest.TextSizes {
			t.Run(fmtSize(size)+"-"+ts.Name, func(t *testing.T) {
				test.NewTempApp(t)
				uitest.UseTextSize(ts.Scale)
				s := openStore(t)
				fixture(t, s)
				w := test.NewWindow(nil)
				defer w.Close()
				ctx := linkWorker()
				ctx.Window = w
				sr := NewSelfReferral(s, ctx)
				w.SetContent(sr.Content())
				settle(w, size)
				uitest.Shot(t, w, "selfreferral-"+fmtSize(size)+"-"+ts.Name)
				if got := uitest.PastRightEdge(w.Content(), 0, size.Width); len(got) > 0 {
					t.Errorf("past the right edge of the %.0f wide window: %q", size.Width, got)
				}
			})
		}
	}
}

func fmtSize(s fyne.Size) string { return fmt.Sprintf("%.0fx%.0f", s.Width, s.Height) }
