package people

import (
	"io"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestImportPeopleFitsTheWidth: with the sample spreadsheet loaded, its
// rows with problems and the people already here to decide on, nothing
// on Import people runs past the window's right edge at any text size on
// a portrait tablet or a laptop: the three choices for someone already
// here (Skip, Same person: enrol them, Add as someone new) fold onto more
// rows when they do not fit on one. (At Large text on a portrait tablet
// they took the screen to 940 of 800, cutting off the file's summary, the
// problems and the choices themselves.)
func TestImportPeopleFitsTheWidth(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(800, 1280), fyne.NewSize(1280, 800)} {
		for _, ts := range uitest.TextSizes {
			t.Run(ts.Name+"-"+map[bool]string{true: "portrait", false: "laptop"}[size.Height > size.Width], func(t *testing.T) {
				h := newHarness(t, true, size)
				uitest.UseTextSize(ts.Scale)
				s := openImport(t, h, domain.RoleLinkWorker)
				s.Load("garden-group-list.csv", io.NopCloser(strings.NewReader(SampleCSV(h.st.View()))))
				if len(s.dupDecos) == 0 {
					t.Fatal("no one already here to decide on")
				}
				h.w.Content().Refresh()
				uitest.Shot(t, h.w, "import-fit-"+ts.Name+"-"+map[bool]string{true: "portrait", false: "laptop"}[size.Height > size.Width])
				var past []string
				for _, g := range uitest.PastRightEdge(h.w.Content(), 0, size.Width) {
					if !strings.HasPrefix(g, "*widget.entryContent ") {
						past = append(past, g)
					}
				}
				if len(past) > 0 {
					t.Errorf("past the right edge of the %.0f wide window: %q", size.Width, past)
				}
			})
		}
	}
}
