package lock

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/keyslot"
)

// TestSetupAdvicePromisesNoOtherAdministrator: setting up a device makes
// its only administrator, so once their PIN is typed twice the advice does
// not tell them "an administrator can set a new one": nobody can, as the
// line under the button says (keep two administrators). The advice is
// kit.AdviseOnPIN's, the one wording for every PIN form.
func TestSetupAdvicePromisesNoOtherAdministrator(t *testing.T) {
	test.NewTempApp(t)
	s := NewSetup(SetupOptions{Path: filepath.Join(t.TempDir(), keyslot.FileName), Keys: keyslot.Options{Params: keyslot.TestParams}, Run: syncRun})
	test.Type(s.name, "Ada Lovelace")
	test.Type(s.pin, "482913")
	test.Type(s.again, "482913")
	if s.create.Disabled() {
		t.Fatalf("a good PIN typed twice leaves Set up disabled: %q", s.advice.Text)
	}
	if strings.Contains(s.advice.Text, "administrator") {
		t.Errorf("the first administrator is told %q", s.advice.Text)
	}
	if !strings.Contains(s.advice.Text, "nobody can look it up") {
		t.Errorf("the advice no longer says to remember it: %q", s.advice.Text)
	}
}
