package people

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/fixtures"
	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/shell/shelltest"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// seedReminders is fixtures.Reminders in the shell's store.
func seedReminders(t *testing.T, sh *shelltest.Shell) {
	t.Helper()
	if err := fixtures.Reminders(sh.St); err != nil {
		t.Fatal(err)
	}
}

func contactsFor(sh *shelltest.Shell, personID string) []domain.Contact {
	return contactsOf(sh.View(), personID)
}

// mustBeOwnerOnly checks a printout is readable by its owner only.
func mustBeOwnerOnly(t *testing.T, path string) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("%s has mode %v, want 0600 (its owner only)", filepath.Base(path), st.Mode().Perm())
	}
}

// printed is the printout the screen asked for last.
func printed(t *testing.T, sh *shelltest.Shell, before int) string {
	t.Helper()
	if len(sh.Printed) != before+1 {
		t.Fatalf("%d printouts written, want one more than %d", len(sh.Printed), before)
	}
	return sh.Printed[before]
}

// TestRemindersCallListAndLetters drives the Reminders screen: a link
// worker picks the next garden session; Ada (phone, with
// consent) is on the call list, Bert and Cath (letters, with consent) get
// letters, Bert's in large print, and Dan (phone, no consent) is listed
// with the reason. Ticking Ada's call and printing the letters (asked
// where, owner-only, audited) put each reminder in the contact log, and
// no one else's.
func TestRemindersCallListAndLetters(t *testing.T) {
	sh := newShell(t, desktopSize)
	seedReminders(t, sh)
	if slices.Contains(RemindersRoles(), domain.RoleCoordinator) {
		t.Fatal("a coordinator, who sees no contact details, is offered Reminders")
	}
	signIn(t, sh, domain.RoleLinkWorker)
	s := NewReminders(sh)
	sh.Show(s)
	const session = "Next session: Garden group, Saturday 28 November"
	s.choice.SetSelected(session)
	root := sh.Win.Canvas().Content()
	uitest.MustShow(t, root, "Ada Lovelace", "07700 900001", "Bert Ng (large print)", "Cath Oduya",
		"Dan Price: They prefer phone calls, but their consent to contact by phone is not recorded: ask them, and record it on their case.")
	uitest.MustNotShow(t, root, "Eve Quinn")
	if len(s.callBtns) != 1 {
		t.Fatalf("call list: %d people, want Ada only", len(s.callBtns))
	}
	viewed := auditEntries(sh, audit.Filter{Action: audit.ActionViewed, EntityKind: domain.KindSession,
		EntityID: domain.SessionID("garden", "2026-11-28")})
	if len(viewed) != 1 || !strings.Contains(viewed[0].Detail, "call list") {
		t.Errorf("showing the call list is not in the audit trail: %+v", viewed)
	} else if got, want := audit.Sentence(viewed[0], "Garden group on Sat 28 Nov 2026"),
		"viewed the call list for reminders of session Garden group on Sat 28 Nov 2026: 1 person's phone number"; got != want {
		t.Errorf("the audit trail says %q, want %q", got, want)
	}

	// Ada is called.
	test.Tap(s.callBtns["ada"])
	cs := contactsFor(sh, "ada")
	if len(cs) != 1 || cs[0].Method != "phone call" || cs[0].Date != "2026-11-21" || cs[0].By != sh.Who.ID ||
		cs[0].Outcome != "Reminder call: Garden group, Saturday 28 November" {
		t.Fatalf("Ada's contact log after the tick: %+v", cs)
	}
	s.Refresh()
	if b := s.callBtns["ada"]; b.Text != "Called today" || !b.Disabled() {
		t.Error("after a refresh Ada's call is not shown done")
	}

	// The letters.
	test.Tap(s.printBtn)
	path := printed(t, sh, 0)
	mustBeOwnerOnly(t, path)
	pdf, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(pdf, []byte("/Type /Page\n")); n != 2 {
		t.Errorf("the PDF has %d pages, want a letter each for Bert and Cath", n)
	}
	for id, want := range map[string]int{"bert": 1, "cath": 1, "dan": 0, "eve": 0} {
		var letters int
		for _, c := range contactsFor(sh, id) {
			if c.Method == "letter" && strings.HasPrefix(c.Outcome, "Reminder letter printed: Garden group") {
				letters++
			}
		}
		if letters != want {
			t.Errorf("%s: %d reminder letters in the contact log, want %d", id, letters, want)
		}
	}
	es := exported(sh, domain.KindSession, domain.SessionID("garden", "2026-11-28"))
	if len(es) != 1 || !strings.Contains(es[0].Detail, "reminder letters PDF") || !strings.HasSuffix(es[0].Detail, ", 2 rows") {
		t.Errorf("the print's audit entry: %+v", es)
	}
	uitest.MustShow(t, root, "Bert Ng (large print): printed today")
}

// TestRemindersForFollowUps: the follow-ups due list takes who has a
// follow-up overdue or due this week, not later ones, each with when it
// falls. (A cancelled letter
// print records nothing: the window's TestRemindersCancelledPrintLogsNothing.)
func TestRemindersForFollowUps(t *testing.T) {
	sh := newShell(t, desktopSize)
	seedReminders(t, sh)
	signIn(t, sh, domain.RoleLinkWorker)
	s := NewReminders(sh)
	sh.Show(s)
	s.choice.SetSelected("Follow-ups due or overdue")
	root := sh.Win.Canvas().Content()
	uitest.MustShow(t, root, "Eve Quinn", "07700 900005", "Nobody to write to.", "Everyone can be reminded.")
	uitest.MustNotShow(t, root, "Ada Lovelace")
	// Whoever calls sees whose follow-up has slipped, in the words of
	// Casework home: Eve's was due on 10 November.
	uitest.MustShow(t, root, "OVERDUE by 11 days (was due Tue 10 Nov 2026)")
	uitest.Shot(t, sh.Win, "reminders-follow-ups-when")
	if !s.printBtn.Disabled() {
		t.Error("Print letters is offered with no letters to print")
	}
	test.Tap(s.callBtns["eve"])
	if cs := contactsFor(sh, "eve"); len(cs) != 1 || cs[0].Outcome != domain.ReminderNote(domain.ReminderCall, domain.FollowUpReminderAbout) {
		t.Errorf("Eve's contact log: %+v", cs)
	}
}

// TestRemindersFollowUpCallListMostOverdueFirst: whoever rings round
// calls first the person whose follow-up has waited longest, then the
// others by how overdue, then those due soonest; not by name. Zoe Young
// (due 1 November) is first though her name sorts last; Abe Adams
// (due in three days) is last though his sorts first.
func TestRemindersFollowUpCallListMostOverdueFirst(t *testing.T) {
	sh := newShell(t, desktopSize)
	seedReminders(t, sh)
	var cs []record.Change
	for _, p := range []struct{ id, given, family, phone, due string }{
		{"abe", "Abe", "Adams", "07700 900101", domain.AddDays(sh.Today(), 3)},
		{"kit", "Kit", "Ma", "07700 900102", sh.Today()},
		{"zoe", "Zoe", "Young", "07700 900103", "2026-11-01"},
	} {
		cs = append(cs,
			record.Change{Kind: domain.KindPerson, ID: p.id, Fields: domain.Encode(domain.Person{GivenName: p.given, FamilyName: p.family,
				ContactPreferences: []string{"phone"}, Phone: p.phone})},
			record.Change{Kind: domain.KindConsent, ID: "c-" + p.id, Fields: domain.Encode(domain.Consent{PersonID: p.id,
				Purpose: "contact by phone", Given: "2026-10-01"})},
			record.Change{Kind: domain.KindFollowUp, ID: "f-" + p.id, Fields: domain.Encode(domain.FollowUp{PersonID: p.id, Due: p.due})})
	}
	if err := sh.St.Save("seed", cs...); err != nil {
		t.Fatal(err)
	}
	signIn(t, sh, domain.RoleLinkWorker)
	s := NewReminders(sh)
	sh.Show(s)
	s.choice.SetSelected("Follow-ups due or overdue")
	var got []string
	for _, row := range s.calls.Objects {
		for _, o := range test.LaidOutObjects(row) {
			if l, ok := o.(*widget.Label); ok && l.TextStyle.Bold && !strings.Contains(l.Text, "due") {
				got = append(got, l.Text)
				break
			}
		}
	}
	want := []string{"Zoe Young", "Eve Quinn", "Kit Ma", "Abe Adams"}
	if !slices.Equal(got, want) {
		t.Errorf("call list in order %q, want most overdue first then due soonest: %q", got, want)
	}
	sh.Win.Content().Refresh()
	uitest.Shot(t, sh.Win, "reminders-follow-ups-order")
	sh.Win.Resize(portraitSize)
	sh.Win.Content().Refresh()
	uitest.Shot(t, sh.Win, "reminders-follow-ups-order-portrait")
}
