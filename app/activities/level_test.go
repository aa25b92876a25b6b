package activities

import (
	"strings"
	"testing"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestActivitiesListGivesLevelItsOwnHeading: an activity's level is not a
// price, so the Activities list heads it "Level", apart from "Cost",
// rather than "Free · Level: introductory" under "Cost".
func TestActivitiesListGivesLevelItsOwnHeading(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleReception)
	s := h.activitiesScreen()
	shown := strings.Join(uitest.Texts(s.Content()), "\n")
	if !strings.Contains(shown, "Cost\nFree\n") || !strings.Contains(shown, "Level\nIntroductory") {
		t.Errorf("the list does not give cost and level each its own heading:\n%s", shown)
	}
	if strings.Contains(shown, "Level: ") {
		t.Errorf("the level is still said under the cost:\n%s", shown)
	}
}
