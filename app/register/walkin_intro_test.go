package register

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestWalkInQuestionSaysSomeoneForOne: when one person already recorded
// may be the walk-in, "Already known?" speaks of someone, not of "these
// people", which sent a facilitator looking for others; several are still
// "these people".
func TestWalkInQuestionSaysSomeoneForOne(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleFacilitator)
	r := h.openRegister(garden)
	known := r.people[r.expected[0]]
	test.Tap(r.walkInBtn)
	test.Type(r.walkIn.given, known.GivenName)
	test.Type(r.walkIn.family, known.FamilyName)
	test.Tap(r.walkIn.addBtn)
	if !r.walkIn.dupBox.Visible() || len(r.walkIn.dups) != 1 {
		t.Fatalf("want the question for one person, got %d", len(r.walkIn.dups))
	}
	text := strings.Join(uitest.Texts(r.walkIn.dupBox), "\n")
	if strings.Contains(text, "These people") || !strings.Contains(text, "Someone already recorded") {
		t.Errorf("the question for one person does not speak of someone:\n%s", text)
	}
	if got := dupIntroText(2); !strings.HasPrefix(got, "These people") {
		t.Errorf("for two: %q", got)
	}
}
