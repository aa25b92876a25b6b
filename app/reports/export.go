package reports

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/internal/atomicfile"
	"github.com/gather-sp/gather/report"
)

// exportDir is the folder an export is first offered: where this screen
// saved its last one, else the shell's (the folder of the last export on
// this device), else Documents/Gather reports.
func (s *Reports) exportDir() string {
	if s.lastDir != "" {
		return s.lastDir
	}
	if s.ctx.ExportDir != "" {
		return s.ctx.ExportDir
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "."
	}
	if fi, err := os.Stat(filepath.Join(home, "Documents")); err == nil && fi.IsDir() {
		return filepath.Join(home, "Documents", "Gather reports")
	}
	return filepath.Join(home, "Gather reports")
}

var unsafeName = regexp.MustCompile(`[^a-z0-9]+`)

// FileName is the suggested name of an export: the period, and the filter
// when there is one. ext is "zip" or "pdf".
func FileName(rep *report.Report, ext string) string {
	name := "gather-report-" + rep.Options.From + "-to-" + rep.Options.To
	if rep.Options.VenueID != "" || rep.Options.ActivityID != "" || rep.Options.Practice != "" {
		if _, scope, ok := strings.Cut(rep.Scope, ": "); ok {
			name += "-" + strings.Trim(unsafeName.ReplaceAllString(strings.ToLower(scope), "-"), "-")
		}
	}
	return name + "." + ext
}

func (s *Reports) onSaveCSV() { s.save("csv") }
func (s *Reports) onSavePDF() { s.save("pdf") }

// save asks where to write the export (kit.AskSave, opening in the
// default folder, asking before a file of that name is replaced), then
// writes it off the UI goroutine, owner-only (the CSV names people):
// into a file beside the one chosen, renamed over it once complete
// (atomicfile), so a failed export leaves a file there as it was.
func (s *Reports) save(format string) {
	rep := s.rep
	if rep == nil || s.busy {
		return
	}
	s.notice.Hide()
	ext := format
	if format == "csv" {
		ext = "zip"
	}
	name, dir := FileName(rep, ext), s.exportDir()
	toPath := func(path string) {
		if path != "" {
			s.write(rep, format, path)
		}
	}
	switch {
	case s.ctx.SaveAs != nil:
		s.ctx.SaveAs(name, dir, toPath)
	case s.ctx.Window == nil:
		toPath(filepath.Join(dir, name))
	default:
		kit.AskSave(s.ctx.Window, kit.Save{
			Title:   map[string]string{"csv": "Save the report as CSV files", "pdf": "Save the report as a PDF"}[format],
			Confirm: "Save", What: "report", Folder: dir, Name: name, Ext: "." + ext,
			Chosen: toPath,
		})
	}
}

func (s *Reports) write(rep *report.Report, format, where string) {
	var err error
	rows := 0
	withNames := false
	s.status.SetText("Saving…")
	s.run(func() {
		tables := rep.Tables()
		for _, t := range tables {
			if format == "pdf" && t.StaffOnly {
				continue
			}
			rows += len(t.Rows)
			withNames = withNames || t.StaffOnly && len(t.Rows) > 0
		}
		if err = os.MkdirAll(filepath.Dir(where), 0o755); err != nil {
			return
		}
		err = atomicfile.Write(where, 0o600, func(w io.Writer) error {
			if format == "pdf" {
				return report.WritePDF(w, rep)
			}
			return report.WriteCSVZip(w, tables)
		})
	}, func() {
		s.status.SetText(rep.Scope + " · " + longDate(rep.Options.From) + " to " + longDate(rep.Options.To))
		defer func() {
			if s.updated != nil {
				s.updated()
			}
		}()
		if err != nil {
			s.failed(format, err)
			return
		}
		kind := "PDF"
		if format == "csv" {
			kind = "CSV files (one zip)"
		}
		s.lastDir = filepath.Dir(where)
		s.notice.SetText("Saved the " + kind + ": " + where)
		s.notice.Show()
		if s.ctx.OnExport != nil {
			what := "report " + map[string]string{"csv": "CSV (zip)", "pdf": "PDF"}[format] + ", " +
				rep.Options.From + " to " + rep.Options.To + ", " + rep.Scope
			if withNames && format == "csv" {
				what += ", with the names of people who stopped coming"
			}
			s.ctx.OnExport(Export{StaffID: s.ctx.StaffID, Format: format, What: what, Path: where, Rows: rows})
		}
	})
}

// failed says in plain words that an export was not written, on the
// screen and, with a window, in a dialog.
func (s *Reports) failed(format string, err error) {
	kind := map[string]string{"csv": "The CSV files were", "pdf": "The PDF was"}[format]
	msg := kind + " not saved. " + plainError(err)
	s.say(msg)
	if s.ctx.Window != nil {
		l := widget.NewLabel(msg)
		l.Wrapping = fyne.TextWrapWord
		w := s.ctx.Window
		dialog.NewCustom("Not saved", "OK", kit.FitWidth(l, func() float32 { return kit.DialogWidth(w.Canvas(), 460) }), w).Show()
	}
}

func plainError(err error) string {
	var pe *fs.PathError
	where := ""
	if errors.As(err, &pe) {
		where = " (" + filepath.Dir(pe.Path) + ")"
	}
	switch {
	case errors.Is(err, fs.ErrPermission):
		return "Gather may not write in that folder" + where + ". Choose another folder, such as Documents."
	case errors.Is(err, fs.ErrNotExist):
		return "That folder does not exist" + where + ". Choose another folder."
	case strings.Contains(err.Error(), "no space"):
		return "The disk is full. Free some space or choose another place, such as a USB stick."
	}
	return sentence(err.Error()) + " Try again, or choose another folder."
}
