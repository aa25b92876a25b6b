package desktop

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/casework"
	"github.com/gather-sp/gather/app/lock"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
)

const linkWorkerPIN = "518264"

// tapText taps the visible button labelled text: in the dialog on top, if
// there is one, else in the window.
func tapText(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	is := func(b *widget.Button) bool { return b.Text == text && !b.Disabled() }
	if ov := w.Canvas().Overlays().Top(); ov != nil {
		if b, ok := find(t, ov, is); ok {
			test.Tap(b)
			return
		}
	}
	b, ok := find(t, w.Content(), is)
	if !ok {
		t.Fatalf("no %q button on screen:\n%s", text, windowText(t, w))
	}
	test.Tap(b)
}

// typePIN types a PIN into the unlock screen's PIN entry.
func typePIN(t *testing.T, w fyne.Window, pin string) {
	t.Helper()
	e, ok := find(t, w.Content(), func(e *widget.Entry) bool { return e.Password })
	if !ok {
		t.Fatalf("no PIN entry on screen:\n%s", windowText(t, w))
	}
	test.Type(e, pin)
}

// unlockAs unlocks the locked device on its unlock screen with a PIN.
func unlockAs(t *testing.T, s *session, staffID, pin string) {
	t.Helper()
	s.gate.Screen().ShowPIN(staffID)
	typePIN(t, s.win, pin)
	tapText(t, s.win, "Unlock")
	waitFor(t, "the unlock", func() bool { return s.gate.Current() != nil })
}

// TestSelfCompletionNeedsAStaffPIN drives the app as RunWindow builds it: a link
// worker opens someone's case, hands the device over for SWEMWBS, and then
// "Staff: unlock" must lead to the real unlock screen. Tapping Unlock with
// no PIN, or with a wrong one, shows nothing of the case; the link worker's
// PIN gives the form back to them, answers kept, in staff mode.
func TestSelfCompletionNeedsAStaffPIN(t *testing.T) {
	s, _ := newTestSession(t)
	if err := writeDemo(s.st, time.Now()); err != nil {
		t.Fatal(err)
	}
	keys := lock.Admin{File: s.kf, Current: s.gate.Current}
	lw := keyslot.Member{ID: casework.DemoLinkWorker, Name: "Priya Shah", Role: domain.RoleLinkWorker}
	if err := keys.AddStaff(lw, linkWorkerPIN); err != nil {
		t.Fatal(err)
	}
	v := s.st.View()
	refs := v.All(domain.KindReferral)
	if len(refs) == 0 {
		t.Fatal("the demo data has no referrals")
	}
	person, ok := v.Person(refs[0].Get("person_id"))
	if !ok {
		t.Fatal("the first referral's person is not on the device")
	}
	name := person.FullName()

	// The link worker unlocks and opens the case from the person's card.
	s.gate.LockNow()
	unlockAs(t, s, lw.ID, linkWorkerPIN)
	tapText(t, s.win, "Find a person")
	search, ok := find(t, s.win.Content(), func(e *widget.Entry) bool { return !e.Password })
	if !ok {
		t.Fatalf("no search box:\n%s", windowText(t, s.win))
	}
	test.Type(search, name)
	search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	tapText(t, s.win, "Open their case")
	tapText(t, s.win, "Wellbeing questions")
	tapText(t, s.win, domain.InstrumentName(domain.InstrumentSWEMWBS))
	mustSee(t, s.win, "Wellbeing questions for "+name)
	tapText(t, s.win, "Hand to the person to fill in")
	// The person answers the first statement, then tries to leave.
	tapText(t, s.win, domain.SWEMWBSAnswers[3])
	tapText(t, s.win, "Staff: unlock")
	if s.gate.Current() != nil {
		t.Error("Staff: unlock did not lock the device")
	}

	caseHidden := func(when string) {
		t.Helper()
		if s.win.Content() != s.gate.Screen().Content() {
			t.Errorf("%s: the window shows something other than the unlock screen:\n%s", when, windowText(t, s.win))
		}
		if got := windowText(t, s.win); strings.Contains(got, name) || strings.Contains(got, "Wellbeing questions") {
			t.Errorf("%s: the case shows:\n%s", when, got)
		}
		for _, ov := range s.win.Canvas().Overlays().List() {
			if ov.Visible() {
				t.Errorf("%s: a dialog is open over the unlock screen", when)
			}
		}
	}
	caseHidden("after Staff: unlock")
	mustSee(t, s.win, "Staff: type your PIN")

	// Unlock with no PIN.
	tapText(t, s.win, "Unlock")
	caseHidden("Unlock without a PIN")

	// A wrong PIN.
	typePIN(t, s.win, "000000")
	tapText(t, s.win, "Unlock")
	waitFor(t, "the wrong PIN's answer", func() bool { return s.gate.Screen().Message() != "" })
	if s.gate.Current() != nil {
		t.Fatal("a wrong PIN unlocked the device")
	}
	caseHidden("a wrong PIN")

	// The link worker's PIN gives them back the form, unlocked.
	typePIN(t, s.win, linkWorkerPIN)
	tapText(t, s.win, "Unlock")
	waitFor(t, "the unlock", func() bool { return s.gate.Current() != nil })
	mustSee(t, s.win, "Wellbeing questions for "+name, "Save answers", "Hand to the person to fill in")
	if _, ok := find(t, s.win.Content(), func(l *widget.Label) bool { return strings.Contains(l.Text, "Please answer every question") }); ok {
		t.Error("the form is still in the person's hands after the staff PIN")
	}
	if _, ok := find(t, s.win.Content(), func(b *widget.Button) bool { return b.Text == "Staff: unlock" }); ok {
		t.Error("Staff: unlock still shows after the staff PIN")
	}
	if _, ok := find(t, s.win.Content(), func(b *widget.Button) bool { return b.Text == "Find a person" }); !ok {
		t.Error("the navigation bar did not come back after the staff PIN")
	}
}

// mustSee fails for each text no visible label or button in the window shows.
func mustSee(t *testing.T, w fyne.Window, want ...string) {
	t.Helper()
	for _, s := range want {
		if _, ok := find(t, w.Content(), func(l *widget.Label) bool { return strings.Contains(l.Text, s) }); ok {
			continue
		}
		if _, ok := find(t, w.Content(), func(b *widget.Button) bool { return strings.Contains(b.Text, s) }); ok {
			continue
		}
		t.Errorf("the window does not show %q:\n%s", s, windowText(t, w))
	}
}
