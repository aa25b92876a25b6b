package register

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestWalkInDuplicateShowsOnlyWhatTheRoleSees: a walk-in is typed in whose
// name, phone and date of birth are someone's already on the device but
// not on this register. A volunteer or facilitator (who sees only names,
// access needs and emergency contact) is asked "Already known?" about the
// name alone: never shown that person's date of birth, nor told whether a
// phone number or date of birth they typed matches theirs. A link worker,
// who sees case data, is still told what matched.
func TestWalkInDuplicateShowsOnlyWhatTheRoleSees(t *testing.T) {
	for _, tc := range []struct {
		role     string
		seesCase bool
	}{
		{domain.RoleVolunteer, false},
		{domain.RoleFacilitator, false},
		{domain.RoleLinkWorker, true},
	} {
		t.Run(tc.role, func(t *testing.T) {
			h := newHarness(t, true, desktopSize)
			h.signIn(tc.role)
			r := h.openRegister(garden)
			known := someoneElseWithCaseFields(t, h, r)
			test.Tap(r.walkInBtn)
			w := r.walkIn
			test.Type(w.given, known.GivenName)
			test.Type(w.family, known.FamilyName)
			test.Type(w.phone, known.Phone) // a guess to be checked
			test.Type(w.dob, known.DateOfBirth)
			test.Tap(w.addBtn)
			if !w.dupBox.Visible() {
				t.Fatal("no duplicate question for the same name")
			}
			uitest.Shot(t, h.w, "walkin-duplicate-"+tc.role)
			// The question only: the form under it holds what was typed.
			text := strings.Join(uitest.Texts(w.dupBox), "\n")
			if !strings.Contains(text, known.DisplayName()) {
				t.Errorf("the question does not offer %s:\n%s", known.DisplayName(), text)
			}
			told := map[string]bool{
				"date of birth " + known.DateOfBirth: strings.Contains(text, "born "+domain.BirthDay(known.DateOfBirth)),
				"same phone":                         strings.Contains(text, "same phone"),
				"same date of birth":                 strings.Contains(text, "same date of birth"),
			}
			for what, shown := range told {
				if shown != tc.seesCase {
					t.Errorf("%s shown to a %s: %v, want %v:\n%s", what, tc.role, shown, tc.seesCase, text)
				}
			}
			if strings.Contains(text, known.DateOfBirth) {
				t.Errorf("the date of birth is shown as stored, %s, not as the UK writes it:\n%s", known.DateOfBirth, text)
			}
			// "This is them" still marks the person the name matched.
			test.Tap(w.dupUse[0])
			if got := h.mark(r.sessionID, known.ID).Status; got != domain.StatusPresent {
				t.Errorf("This is them marked %q", got)
			}
		})
	}
}

// someoneElseWithCaseFields is a person on the device, not on register r,
// with a phone number and a date of birth.
func someoneElseWithCaseFields(t *testing.T, h *harness, r *Register) domain.Person {
	t.Helper()
	for _, row := range h.st.View().All(domain.KindPerson) {
		var p domain.Person
		row.Decode(&p)
		if _, on := r.people[p.ID]; !on && p.DateOfBirth != "" && p.Phone != "" && !p.Deleted && p.MergedInto == "" {
			return p
		}
	}
	t.Fatal("no one with a date of birth and phone in the demo")
	return domain.Person{}
}
