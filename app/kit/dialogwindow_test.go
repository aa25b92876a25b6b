package kit_test

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
)

// onEachDialogWindow runs check with a window behind a dialog, on a
// portrait tablet and a narrow window (its width), at every text size.
func onEachDialogWindow(t *testing.T, check func(t *testing.T, w fyne.Window, width float32, size string)) {
	for _, width := range []float32{800, 600} {
		for _, ts := range uitest.TextSizes {
			t.Run(fmt.Sprint(width, " ", ts.Name), func(t *testing.T) {
				test.NewTempApp(t)
				uitest.UseTextSize(ts.Scale)
				w := test.NewWindow(widget.NewLabel("behind"))
				t.Cleanup(w.Close)
				w.Resize(fyne.NewSize(width, 1280))
				check(t, w, width, ts.Name)
			})
		}
	}
}
