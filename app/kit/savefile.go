package kit

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	fstorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Asking where to save a file: a printout, a backup, a report's export.
//
// Not with Fyne's save dialog: it opens the chosen file for writing
// (storage.Writer, which truncates it) before its callback runs, so saving
// over last week's register or last month's report empties it at once,
// and it is lost if the new file then fails. This asks for a folder (Fyne's
// folder dialog, which writes nothing) and a file name, asks before a file
// of that name is replaced, and gives the caller the path, having touched
// nothing there. The caller writes the new file beside it and renames it
// into place once complete (paper.WriteFile), so a file it replaces stays
// as it was if saving fails.

// Save is what AskSave asks about, and what it does with the answer.
type Save struct {
	Title   string // the dialog's title: "Save the printout"
	Confirm string // its button: "Save", "Back up"
	What    string // what is saved, for the question before a file is replaced: "printout"
	Folder  string // where it opens: the folder used last time, or Gather's own
	Name    string // the file name suggested
	Ext     string // the ending every file name gets: ".pdf"

	// Chosen is given the file's path once the person has chosen it (and
	// said yes to replacing a file of that name). Nothing is written there.
	Chosen func(path string)

	// Closed, when set, is called once the dialog is gone, chosen or not,
	// before Chosen.
	Closed func()
}

// SaveDialog is the dialog asking where to save a file.
type SaveDialog struct {
	s       Save
	win     fyne.Window
	d       *dialog.CustomDialog
	folder  string
	where   *FolderLabel
	name    *widget.Entry
	problem *widget.Label
	open    bool
}

// AskSave shows the dialog asking where to save a file over win: the
// folder (with "Choose folder…") and the file name, then, when a file of
// that name is there, whether to replace it.
func AskSave(win fyne.Window, s Save) *SaveDialog {
	sd := &SaveDialog{s: s, win: win, folder: s.Folder}
	sd.where = NewFolderLabel(s.Folder)
	sd.name = widget.NewEntry()
	sd.name.SetText(s.Name)
	sd.name.OnSubmitted = func(string) { sd.confirm() }
	sd.problem = Wrapped("")
	sd.problem.Importance = widget.DangerImportance
	sd.problem.Hide()
	choose := widget.NewButtonWithIcon("Choose folder…", theme.FolderOpenIcon(), sd.chooseFolder)
	// The folder has the dialog's width, and its button goes under it:
	// beside it, a long path had a third of a portrait tablet's line.
	form := container.NewVBox(
		widget.NewLabelWithStyle("Folder", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		sd.where,
		container.NewHBox(choose),
		widget.NewLabelWithStyle("File name", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		sd.name,
		sd.problem)
	sd.d = dialog.NewCustomWithoutButtons(DialogTitle(win, s.Title), FitWidth(form, func() float32 { return DialogWidth(win.Canvas(), 640) }), win)
	cancel := widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), sd.Dismiss)
	ok := widget.NewButtonWithIcon(s.Confirm, theme.ConfirmIcon(), sd.confirm)
	ok.Importance = widget.HighImportance
	sd.d.SetButtons([]fyne.CanvasObject{cancel, ok})
	sd.show()
	return sd
}

func (sd *SaveDialog) show() {
	sd.open = true
	sd.d.Resize(DialogSize(sd.win, 720, 0))
	sd.d.Show()
	sd.win.Canvas().Focus(sd.name)
}

// Folder is the folder the file goes in, as chosen so far.
func (sd *SaveDialog) Folder() string { return sd.folder }

// SetFolder puts the file in dir, as choosing it in "Choose folder…" does.
func (sd *SaveDialog) SetFolder(dir string) {
	sd.folder = dir
	sd.where.SetPath(dir)
	sd.say("")
}

// Dismiss closes the dialog without saving anything.
func (sd *SaveDialog) Dismiss() {
	sd.d.Hide()
	sd.closed()
}

func (sd *SaveDialog) closed() {
	if sd.open {
		sd.open = false
		if sd.s.Closed != nil {
			sd.s.Closed()
		}
	}
}

// chooseFolder opens Fyne's folder dialog where the file would go now (or
// the nearest folder above it that is there).
func (sd *SaveDialog) chooseFolder() {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil {
			sd.say("That folder cannot be used: " + strings.TrimRight(err.Error(), ". ") + ". Choose another.")
			return
		}
		if l != nil {
			sd.SetFolder(l.Path())
		}
	}, sd.win)
	d.SetConfirmText("Choose")
	for dir := sd.folder; dir != ""; {
		if l, err := fstorage.ListerForURI(fstorage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
			break
		}
		up := filepath.Dir(dir)
		if up == dir {
			break
		}
		dir = up
	}
	d.Resize(DialogSize(sd.win, 900, 640))
	d.Show()
}

// say shows a problem with the folder or name in the dialog ("" hides it).
func (sd *SaveDialog) say(problem string) {
	sd.problem.SetText(problem)
	if problem == "" {
		sd.problem.Hide()
	} else {
		sd.problem.Show()
	}
	sd.d.Refresh()
}

// confirm checks the path chosen: a new file is given to Chosen; a file
// already there is replaced only if the person says so; a folder of that
// name, or a folder that cannot be looked in, is said in the dialog,
// which stays open.
func (sd *SaveDialog) confirm() {
	name := SaveFileName(sd.name.Text, sd.s.Ext, sd.s.Name)
	path := filepath.Join(sd.folder, name)
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		sd.choose(path)
	case errors.Is(err, fs.ErrPermission):
		sd.say("Gather may not look in that folder. Choose another folder.")
	case err != nil:
		sd.say("That folder cannot be used (" + err.Error() + "). Choose another folder.")
	case st.IsDir():
		sd.say(name + " is a folder there. Choose another file name.")
	default:
		sd.d.Hide()
		msg := name + " is already in that folder. It is replaced only once the new " + sd.s.What +
			" is complete: if saving it fails, the file there stays as it is."
		c := dialog.NewCustomConfirm(DialogTitle(sd.win, "Replace the "+sd.s.What+" there?"), "Replace", "Choose another name",
			DialogText(sd.win, Wrapped(msg)), func(ok bool) {
				if ok {
					sd.choose(path)
				} else {
					sd.show()
				}
			}, sd.win)
		c.Show()
	}
}

func (sd *SaveDialog) choose(path string) {
	sd.d.Hide()
	sd.closed()
	sd.s.Chosen(path)
}

// SaveFileName is the file name typed, without any folder in it and with
// the ending ext; suggested when nothing (or only a folder) was typed.
func SaveFileName(typed, ext, suggested string) string {
	name := filepath.Base(strings.TrimSpace(typed))
	if name == "." || name == ".." || name == string(filepath.Separator) {
		name = filepath.Base(suggested)
	}
	if !strings.HasSuffix(strings.ToLower(name), strings.ToLower(ext)) {
		name += ext
	}
	return name
}

// FolderLabel shows a folder's path whole, on as many lines as its width
// needs, broken after a separator ("/home/volunteer/" above "Documents/
// Printouts"): cut short with "…", the end of the path, the folder the
// file goes in, was lost at the larger text sizes.
type FolderLabel struct {
	widget.Label
	path string
}

// NewFolderLabel is a FolderLabel showing path, in the muted style of a
// detail.
func NewFolderLabel(path string) *FolderLabel {
	l := &FolderLabel{path: path}
	l.Text, l.Wrapping, l.Importance = path, fyne.TextWrapWord, widget.LowImportance
	l.ExtendBaseWidget(l)
	return l
}

// SetPath shows path instead.
func (l *FolderLabel) SetPath(path string) {
	l.path = path
	l.Text = l.lines(l.Size().Width)
	l.Refresh()
}

// Resize breaks the path for the new width before the label lays it out.
func (l *FolderLabel) Resize(size fyne.Size) {
	if text := l.lines(size.Width); text != l.Text {
		l.Text = text
		l.Label.Resize(size)
		l.Refresh()
		return
	}
	l.Label.Resize(size)
}

// lines is the path broken into lines that fit width: after a separator,
// and (by the label's wrapping) inside a folder's name only where that
// name alone is wider than the line.
func (l *FolderLabel) lines(width float32) string {
	if width <= 0 {
		return l.path
	}
	var parts []string
	for rest := l.path; rest != ""; {
		i := strings.IndexRune(rest, filepath.Separator) + 1
		if i == 0 {
			i = len(rest)
		}
		parts, rest = append(parts, rest[:i]), rest[i:]
	}
	size := theme.TextSize()
	room := width - 2*theme.Size(theme.SizeNameInnerPadding)
	return strings.Join(Lines(parts, "", func(s string) bool {
		return fyne.MeasureText(s, size, l.TextStyle).Width <= room
	}), "\n")
}
