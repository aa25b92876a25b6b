package people

import (
	"os"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestFindAPersonFitsTheWidth: Find a person, as a link worker or an
// administrator sees it (Merge two records… and Import from a
// spreadsheet… beside the search), has nothing past the window's right
// edge at any text size on a portrait tablet or a laptop, and the search
// keeps room for a name (a third of the window at least): the two buttons go under it when they do not
// fit beside it. (At the largest text on a portrait tablet the search was
// squeezed to "Type" and the buttons ran 20 past the edge.)
func TestFindAPersonFitsTheWidth(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(800, 1280), fyne.NewSize(1280, 800)} {
		for _, ts := range uitest.TextSizes {
			for _, role := range []string{domain.RoleLinkWorker, domain.RoleAdministrator} {
				name := ts.Name + "-" + map[bool]string{true: "portrait", false: "laptop"}[size.Height > size.Width] + "-" + role
				t.Run(name, func(t *testing.T) {
					h := newHarness(t, true, size)
					uitest.UseTextSize(ts.Scale)
					h.signIn(role)
					f := NewFinder(h.sh, os.TempDir)
					h.sh.Push(f)
					h.w.Content().Refresh()
					uitest.Shot(t, h.w, "find-"+name)
					if f.mergeBtn == nil || f.importBtn == nil {
						t.Fatalf("a %s has no Merge or Import on Find a person", role)
					}
					if got := uitest.PastRightEdge(h.w.Content(), 0, size.Width); len(got) > 0 {
						t.Errorf("past the right edge of the %.0f wide window: %q", size.Width, got)
					}
					if w := f.search.Size().Width; w < size.Width/3 {
						t.Errorf("the search is %.0f wide in a %.0f wide window", w, size.Width)
					}
				})
			}
		}
	}
}
