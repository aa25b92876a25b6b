package kit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestSaveFileName(t *testing.T) {
	for _, tc := range []struct{ typed, want string }{
		{"register", "register.pdf"},
		{"register.pdf", "register.pdf"},
		{"Register.PDF", "Register.PDF"},
		{"  spaced.pdf  ", "spaced.pdf"},
		{"../../etc/register", "register.pdf"},
		{"/tmp/elsewhere/register.pdf", "register.pdf"},
		{"", "suggested.pdf"},
		{"   ", "suggested.pdf"},
		{"..", "suggested.pdf"},
		{"/", "suggested.pdf"},
		{"folder/", "folder.pdf"},
	} {
		if got := SaveFileName(tc.typed, ".pdf", "suggested.pdf"); got != tc.want {
			t.Errorf("SaveFileName(%q) = %q, want %q", tc.typed, got, tc.want)
		}
	}
}

// saveForm is the save dialog's name entry and a button of it, by text,
// on top of w.
func saveForm(t *testing.T, w fyne.Window, button string) (*widget.Entry, *widget.Button, string) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog")
	}
	var entry *widget.Entry
	var btn *widget.Button
	var text []string
	for _, o := range test.LaidOutObjects(top) {
		switch x := o.(type) {
		case *widget.Entry:
			entry = x
		case *widget.Button:
			if x.Text == button && x.Visible() {
				btn = x
			}
		case *widget.Label:
			if x.Visible() {
				text = append(text, x.Text)
			}
		case *FolderLabel:
			text = append(text, strings.ReplaceAll(x.Text, "\n", ""))
		}
	}
	if btn == nil {
		t.Fatalf("no %q button on the dialog on top:\n%s", button, strings.Join(text, "\n"))
	}
	return entry, btn, strings.Join(text, "\n")
}

// TestAskSave: a new name is given back at once, with the ending added
// and no folder but the one chosen; a name already there is replaced only
// once the person says so, and nothing is written meanwhile; saying no
// goes back to the form; a folder of that name is said in the form, which
// stays open.
func TestAskSave(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1280, 800))
	t.Cleanup(w.Close)
	dir := t.TempDir()
	var chosen []string
	closed := 0
	ask := func() *SaveDialog {
		return AskSave(w, Save{Title: "Save the printout", Confirm: "Save", What: "printout",
			Folder: dir, Name: "register.pdf", Ext: ".pdf",
			Closed: func() { closed++ },
			Chosen: func(path string) {
				if closed != len(chosen)+1 {
					t.Error("Chosen before the dialog closed")
				}
				chosen = append(chosen, path)
			}})
	}

	sd := ask()
	if sd.Folder() != dir {
		t.Errorf("opens in %s, want %s", sd.Folder(), dir)
	}
	entry, save, text := saveForm(t, w, "Save")
	for _, want := range []string{"Save the printout", "Folder", dir, "File name"} {
		if !strings.Contains(text, want) {
			t.Errorf("the form does not say %q:\n%s", want, text)
		}
	}
	if entry == nil || entry.Text != "register.pdf" {
		t.Fatalf("name entry %v", entry)
	}
	entry.SetText("../new register")
	test.Tap(save)
	if want := filepath.Join(dir, "new register.pdf"); len(chosen) != 1 || chosen[0] != want {
		t.Fatalf("chosen %q, want %s", chosen, want)
	}
	if _, err := os.Stat(chosen[0]); err == nil {
		t.Error("the dialog wrote the file")
	}

	// A file there already.
	old := filepath.Join(dir, "register.pdf")
	if err := os.WriteFile(old, []byte("last week's"), 0o600); err != nil {
		t.Fatal(err)
	}
	ask()
	_, save, _ = saveForm(t, w, "Save")
	test.Tap(save)
	_, back, text := saveForm(t, w, "Choose another name")
	for _, want := range []string{"Replace the printout there?", "register.pdf is already in that folder", "if saving it fails, the file there stays as it is"} {
		if !strings.Contains(text, want) {
			t.Errorf("the question does not say %q:\n%s", want, text)
		}
	}
	if got, _ := os.ReadFile(old); string(got) != "last week's" || len(chosen) != 1 {
		t.Fatalf("before the answer: file %q, chosen %q", got, chosen)
	}
	test.Tap(back)
	_, save, _ = saveForm(t, w, "Save")
	if len(chosen) != 1 || closed != 1 {
		t.Fatalf("saying no gave %q (closed %d)", chosen, closed)
	}
	test.Tap(save)
	_, replace, _ := saveForm(t, w, "Replace")
	test.Tap(replace)
	if len(chosen) != 2 || chosen[1] != old || closed != 2 {
		t.Fatalf("after Replace: chosen %q, closed %d", chosen, closed)
	}
	if got, _ := os.ReadFile(old); string(got) != "last week's" {
		t.Errorf("the dialog wrote the file: %q", got)
	}

	// A folder of that name.
	if err := os.Mkdir(filepath.Join(dir, "box.pdf"), 0o700); err != nil {
		t.Fatal(err)
	}
	sd = ask()
	entry, save, _ = saveForm(t, w, "Save")
	entry.SetText("box")
	test.Tap(save)
	_, _, text = saveForm(t, w, "Save")
	if !strings.Contains(text, "box.pdf is a folder there. Choose another file name.") || len(chosen) != 2 {
		t.Errorf("a folder's name: chosen %q, the form says:\n%s", chosen, text)
	}
	other := t.TempDir()
	sd.SetFolder(other)
	test.Tap(save)
	if want := filepath.Join(other, "box.pdf"); len(chosen) != 3 || chosen[2] != want {
		t.Errorf("chosen %q, want %s last", chosen, want)
	}

	// Cancel chooses nothing.
	ask()
	_, cancel, _ := saveForm(t, w, "Cancel")
	test.Tap(cancel)
	if len(chosen) != 3 || closed != 4 {
		t.Errorf("Cancel: chosen %q, closed %d", chosen, closed)
	}
}
