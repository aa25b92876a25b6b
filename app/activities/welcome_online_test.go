package activities

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestActivityFormAsksWhoWelcomesThemOnline: the contact asked for is whom
// to ask for on arrival for an activity met in person, and who will
// welcome them for an online one, as the info sheet says it ("When you
// join, Bev will welcome you"); nobody arrives at an online session. The
// label and its example change with In person / Online, what was typed
// stays, and the Activities list says it the same way.
func TestActivityFormAsksWhoWelcomesThemOnline(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleLinkWorker)
	f := h.openActivityForm(garden)
	if f.contactLabel.Text != "Who to ask for on arrival" || !strings.Contains(f.contact.PlaceHolder, "green fleece") {
		t.Fatalf("in person: %q, %q", f.contactLabel.Text, f.contact.PlaceHolder)
	}
	typed := f.contact.Text
	f.mode.Choose(modeOnline)
	if f.contactLabel.Text != "Who will welcome them online" {
		t.Fatalf("online, the contact is asked for as %q", f.contactLabel.Text)
	}
	if strings.Contains(f.contact.PlaceHolder, "fleece") || f.contact.Text != typed {
		t.Fatalf("online: placeholder %q, text %q (was %q)", f.contact.PlaceHolder, f.contact.Text, typed)
	}
	shown := strings.Join(uitest.Texts(f.Content()), "\n")
	if strings.Contains(shown, "on arrival") {
		t.Errorf("an online activity's form still speaks of arriving:\n%s", shown)
	}
	f.join.SetText("https://meet.example.org/garden")
	test.Tap(f.saveBtn)
	if a := activityNamed(t, h.st, "Garden group"); !a.Online {
		t.Fatalf("not saved online (problem %q)", f.problem.Text)
	}
	list := strings.Join(uitest.Texts(h.current().Content()), "\n")
	if !strings.Contains(list, "Who will welcome them\n"+typed) {
		t.Errorf("the Activities list does not say who will welcome them:\n%s", list)
	}
	f = h.openActivityForm(garden)
	if f.contactLabel.Text != "Who will welcome them online" {
		t.Errorf("an online activity reopened asks %q", f.contactLabel.Text)
	}
	f.mode.Choose(modeInPerson)
	if f.contactLabel.Text != "Who to ask for on arrival" {
		t.Errorf("back in person, the form asks %q", f.contactLabel.Text)
	}
}
