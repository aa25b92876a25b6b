package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
)

// TestConnectionCodeDialogNamesTheWelcomeButton: the dialog with a new
// device's connection code tells the administrator to tap the welcome
// screen's button by the words that button shows, so the two cannot
// drift apart; and it, the welcome screen's form and its hint all call
// the code a connection code, never a setup code (staff's PIN setup code
// is another thing, shaped alike).
func TestConnectionCodeDialogNamesTheWelcomeButton(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	h.u.runAsync = func(work, done func()) { work(); done() } // the devices list loads before the test reads it
	if err := h.u.ShowScene("first-run"); err != nil {
		t.Fatal(err)
	}
	welcome, ok := h.u.current().(*firstRunScreen)
	if !ok {
		t.Fatalf("the first-run scene shows %T", h.u.current())
	}
	button := welcome.connectBtn.Text
	if uitest.Button(t, welcome.Content(), button) != welcome.connectBtn {
		t.Fatalf("the welcome screen does not show its connect button %q", button)
	}
	root := h.w.Canvas().Content()
	uitest.MustShow(t, root, "one-time connection code from your administrator")
	test.Tap(welcome.connectBtn)
	if text := uitest.LaidOutText(root); !strings.Contains(text, "Connection code") || strings.Contains(strings.ToLower(text), "setup code") {
		t.Errorf("the welcome screen's connect form does not ask for a connection code alone:\n%s", text)
	}

	if err := h.u.ShowScene("admin-devices-code"); err != nil {
		t.Fatal(err)
	}
	dialog := uitest.DialogText(h.w)
	if want := "tap \"" + button + "\""; !strings.Contains(dialog, want) {
		t.Errorf("the connection code's dialog does not say %s:\n%s", want, dialog)
	}
	if !strings.Contains(dialog, "Connection code") || strings.Contains(strings.ToLower(dialog), "setup code") {
		t.Errorf("the dialog does not call it a connection code alone:\n%s", dialog)
	}
}
