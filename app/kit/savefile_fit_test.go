package kit_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/kit"
)

// TestSaveDialogShowsTheWholeFolder: the folder a printout, report or
// backup is saved to was one line cut short with "…" at the larger text
// sizes, the end of it (the folder it goes in) lost. At every text size,
// on a portrait tablet and a narrow window, the whole path is on show:
// on as many lines as it needs, each inside the dialog, broken after a
// folder's separator ("/home/volunteer/" above "Documents/").
func TestSaveDialogShowsTheWholeFolder(t *testing.T) {
	sep := string(filepath.Separator)
	folder := filepath.Join(sep+"home", "volunteer", "Documents", "Riverside Surgery Garden group", "Printouts for November 2026")
	onEachDialogWindow(t, func(t *testing.T, w fyne.Window, width float32, size string) {
		kit.AskSave(w, kit.Save{Title: "Save the printout", Confirm: "Save", What: "printout",
			Folder: folder, Name: "register.pdf", Ext: ".pdf", Chosen: func(string) {}})
		top := w.Canvas().Overlays().Top()
		uitest.Shot(t, w, fmt.Sprintf("save-folder-%.0f-%s", width, size))
		if cut := uitest.CutShort(top); len(cut) > 0 {
			t.Errorf("cut short: %q", cut)
		}
		var where *widget.Label
		var shown fyne.CanvasObject // where, as the dialog holds it
		for _, o := range test.LaidOutObjects(top) {
			l, ok := o.(*widget.Label)
			if f, isFolder := o.(*kit.FolderLabel); isFolder {
				l, ok = &f.Label, true
			}
			if ok && l.Visible() && strings.ReplaceAll(l.Text, "\n", "") == folder {
				where, shown = l, o
			}
		}
		if where == nil {
			t.Fatalf("no label shows the folder %s whole; the dialog shows:\n%s", folder, uitest.LaidOutText(top))
		}
		lines := strings.Split(where.Text, "\n")
		for i, line := range lines {
			need := fyne.MeasureText(line, theme.TextSize(), where.TextStyle).Width + 2*theme.Size(theme.SizeNameInnerPadding)
			if need > where.Size().Width+0.5 {
				t.Errorf("%q needs %.0f, the folder has %.0f", line, need, where.Size().Width)
			}
			if i < len(lines)-1 && !strings.HasSuffix(line, sep) {
				t.Errorf("a line breaks inside a folder's name: %q", lines)
			}
		}
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(shown)
		if pos.X < 0 || pos.X+where.Size().Width > width+0.5 {
			t.Errorf("the folder runs from x=%.0f to %.0f, outside the window's %.0f", pos.X, pos.X+where.Size().Width, width)
		}
	})
}
