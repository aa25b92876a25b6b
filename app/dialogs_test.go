package app

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
)

// shotDir, when set (GATHER_SHOTS=/tmp/x), is where dialog tests write
// what they show, to be looked at.
func shot(t *testing.T, h *harness, name string) {
	if dir := testShotsDir(); dir != "" {
		writePNG(t, filepath.Join(dir, name+".png"), h.w.Canvas().Capture())
	}
}

// mustFitDialog fails unless every label of the dialog on top is given
// all the height its text needs, lies inside the dialog, and no button
// sits on any label.
func mustFitDialog(t *testing.T, h *harness) {
	t.Helper()
	top := h.w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog")
	}
	d := fyne.CurrentApp().Driver()
	type box struct {
		text     string
		pos, end fyne.Position
	}
	abs := func(o fyne.CanvasObject) (fyne.Position, fyne.Position) {
		p := d.AbsolutePositionForObject(o)
		return p, p.Add(o.Size())
	}
	var labels, buttons []box
	var dialogBox *widget.PopUp
	for _, o := range test.LaidOutObjects(top) {
		if !o.Visible() {
			continue
		}
		switch x := o.(type) {
		case *widget.PopUp:
			dialogBox = x
		case *widget.Label:
			if x.Text == "" || x.Size().IsZero() { // the dialog's title is drawn apart
				continue
			}
			if x.Size().Height < x.MinSize().Height || x.Size().Width < x.MinSize().Width {
				t.Errorf("%q has %v, needs %v: its text spills out", x.Text, x.Size(), x.MinSize())
			}
			p, e := abs(x)
			labels = append(labels, box{x.Text, p, e})
		case *widget.Button:
			p, e := abs(x)
			buttons = append(buttons, box{x.Text, p, e})
		}
	}
	for _, b := range buttons {
		for _, l := range labels {
			if b.pos.X < l.end.X && l.pos.X < b.end.X && b.pos.Y < l.end.Y && l.pos.Y < b.end.Y {
				t.Errorf("the %q button sits on %q", b.text, l.text)
			}
		}
	}
	if dialogBox != nil {
		win := h.w.Canvas().Size()
		for _, l := range labels {
			if l.pos.X < 0 || l.pos.Y < 0 || l.end.X > win.Width || l.end.Y > win.Height {
				t.Errorf("%q is outside the window", l.text)
			}
		}
	}
}

func TestErrorDialogFitsAndSaysWhatToDo(t *testing.T) {
	for _, size := range []fyne.Size{desktopSize, fyne.NewSize(800, 1280)} {
		t.Run(sizeName(size), func(t *testing.T) {
			h := newHarness(t, true, size)
			h.u.opts.OpenFile = func(string) error {
				return &exec.Error{Name: "xdg-open", Err: exec.ErrNotFound}
			}
			h.signIn(domain.RoleFacilitator)
			r := h.openRegister(garden)
			r.Print()
			savePrinted(t, h)
			var open *widget.Button
			for _, o := range test.LaidOutObjects(h.w.Canvas().Overlays().Top()) {
				if b, ok := o.(*widget.Button); ok && b.Text == "Open PDF" {
					open = b
				}
			}
			if open == nil {
				t.Fatalf("no Open PDF button:\n%s", uitest.DialogText(h.w))
			}
			mustFitDialog(t, h) // "Ready to print"
			shot(t, h, "ready-to-print-"+sizeName(size))
			test.Tap(open)
			got := uitest.DialogText(h.w)
			for _, bad := range []string{"exec:", "xdg-open", "$PATH"} {
				if strings.Contains(strings.ToLower(got), strings.ToLower(bad)) {
					t.Errorf("the dialog shows %q:\n%s", bad, got)
				}
			}
			for _, want := range []string{"The PDF could not be opened", "no program", "Open it from"} {
				if !strings.Contains(got, want) {
					t.Errorf("the dialog does not say %q:\n%s", want, got)
				}
			}
			mustFitDialog(t, h)
			shot(t, h, "error-open-pdf-"+sizeName(size))
		})
	}
}

// TestLastAdministratorRefusalAdvice: Remove (in Edit) is not offered for
// the only administrator; when the other administrator goes while the
// question is open, the key file's refusal says what to do, not "try
// again".
func TestLastAdministratorRefusalAdvice(t *testing.T) {
	h, keys, a := newAdminHarness(t, desktopSize)
	if err := keys.AddStaff(keyslot.Member{ID: "staff-jo", Name: "Jo Bloggs", Role: domain.RoleAdministrator}, "902731"); err != nil {
		t.Fatal(err)
	}
	a.Refresh()
	test.Tap(rowButton(t, a.Content(), "Alex Morgan (you)", "Edit"))
	remove := dialogButton(h, "Remove Alex Morgan…")
	if remove == nil || remove.Disabled() {
		t.Fatal("Edit does not offer Remove with two administrators")
	}
	test.Tap(remove)
	yes := dialogButton(h, "From this device")
	if yes == nil {
		t.Fatal("Remove is not offered with two administrators")
	}
	if err := keys.RemoveStaff("staff-jo"); err != nil {
		t.Fatal(err)
	}
	test.Tap(yes)
	got := uitest.DialogText(h.w)
	if strings.Contains(got, "if it keeps failing") || strings.Contains(got, "Try again;") {
		t.Errorf("the refusal ends with advice for a failure:\n%s", got)
	}
	if !strings.Contains(got, "make someone else an administrator") {
		t.Errorf("the refusal does not say what to do:\n%s", got)
	}
	mustFitDialog(t, h)
	shot(t, h, "error-last-admin")
}

func testShotsDir() string { return os.Getenv("GATHER_SHOTS") }
