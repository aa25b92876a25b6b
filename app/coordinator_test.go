package app

import (
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/domain"
)

// TestCoordinatorSeesTheProgrammeNotCases: a coordinator runs reports and
// keeps the activity directory, and sees no one's case and no admin.
func TestCoordinatorSeesTheProgrammeNotCases(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	// Reports works its figures out off the UI goroutine; here it waits,
	// so nothing is still drawing when the test ends.
	h.u.runAsync = func(work, done func()) { work(); done() }
	h.signIn(domain.RoleCoordinator)
	var bar []string
	for id := range h.u.navBtns {
		bar = append(bar, id)
	}
	sort.Strings(bar)
	if want := "activities,reports,settings,today"; strings.Join(bar, ",") != want {
		t.Errorf("the coordinator's bar holds %v, want %s", bar, want)
	}
	if access.CanSeeCaseData(domain.RoleCoordinator) {
		t.Error("a coordinator may see case data")
	}
	for _, nav := range []string{"people", "casework", "referrals", "new-referral", "admin"} {
		h.u.ShowNav(nav)
		if h.u.navID == nav {
			t.Errorf("ShowNav(%s) opened it for a coordinator", nav)
		}
	}
	h.u.ShowNav("reports")
	if h.u.navID != "reports" {
		t.Fatalf("the coordinator cannot open Reports (on %q)", h.u.navID)
	}
	if dir := os.Getenv("GATHER_SCREENS"); dir != "" {
		f, err := os.Create(filepath.Join(dir, "coordinator-reports.png"))
		if err == nil {
			png.Encode(f, h.w.Canvas().Capture())
			f.Close()
		}
	}
}
