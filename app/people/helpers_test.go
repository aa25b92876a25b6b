package people

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/gather-sp/gather/app/shell/shelltest"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

var (
	desktopSize  = fyne.NewSize(1280, 800)
	portraitSize = fyne.NewSize(800, 1280)
)

// newShell is a shell with an empty store, used by nobody yet.
func newShell(t testing.TB, size fyne.Size) *shelltest.Shell {
	t.Helper()
	return shelltest.New(t, domain.Staff{}, size)
}

// newDemoShell is a shell with the demo data, used by the first staff
// member of role.
func newDemoShell(t testing.TB, role string, size fyne.Size) *shelltest.Shell {
	t.Helper()
	sh := newShell(t, size)
	if _, err := demo.Generate(sh.St, demo.Options{Seed: 1, Today: shelltest.Now}); err != nil {
		t.Fatal(err)
	}
	if err := sh.St.SetMeta(map[string][]byte{"ui.setup": []byte("demo"), "demo": []byte("true")}); err != nil {
		t.Fatal(err)
	}
	signIn(t, sh, role)
	return sh
}

// signIn makes the first staff member of role (by name) the one using
// the shell, as the window's sign-in does; the stack starts afresh.
func signIn(t testing.TB, sh *shelltest.Shell, role string) {
	t.Helper()
	var best domain.Staff
	for _, r := range sh.View().All(domain.KindStaff) {
		var s domain.Staff
		r.Decode(&s)
		if s.Role == role && (best.ID == "" || s.Name < best.Name) {
			best = s
		}
	}
	if best.ID == "" {
		t.Fatalf("no %s on this device", role)
	}
	sh.Who = best
	sh.Stack = nil
}

func auditEntries(sh *shelltest.Shell, f audit.Filter) []domain.Audit { return audit.List(sh.View(), f) }

func exported(sh *shelltest.Shell, kind record.Kind, id string) []domain.Audit {
	return auditEntries(sh, audit.Filter{Action: audit.ActionExported, EntityKind: kind, EntityID: id})
}
