package people

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/shell/shelltest"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/storage/storagetest"
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

func auditEntries(sh *shelltest.Shell, f audit.Filter) []domain.Audit {
	return audit.List(sh.View(), f)
}

func exported(sh *shelltest.Shell, kind record.Kind, id string) []domain.Audit {
	return auditEntries(sh, audit.Filter{Action: audit.ActionExported, EntityKind: kind, EntityID: id})
}

// harness is a shell for the tests that came from the window's harness.
type harness struct {
	t  testing.TB
	sh *shelltest.Shell
	st *storage.Store
	w  fyne.Window
}

// newHarness is a shell in a test window of size, with the demo data when
// withDemo; nobody is using it until signIn.
func newHarness(t testing.TB, withDemo bool, size fyne.Size) *harness {
	t.Helper()
	sh := newShell(t, size)
	if withDemo {
		if _, err := demo.Generate(sh.St, demo.Options{Seed: 1, Today: shelltest.Now}); err != nil {
			t.Fatal(err)
		}
		if err := sh.St.SetMeta(map[string][]byte{"ui.setup": []byte("demo"), "demo": []byte("true")}); err != nil {
			t.Fatal(err)
		}
	}
	return &harness{t: t, sh: sh, st: sh.St, w: sh.Win}
}

// signIn makes the first staff member of role the one using the shell.
func (h *harness) signIn(role string) {
	h.t.Helper()
	signIn(h.t, h.sh, role)
}

// recordSaves sends the shell's saves through a recording store.
func recordSaves(h *harness) *storagetest.Recording { return h.sh.RecordSaves() }

// garden is the demo's garden group; it meets on shelltest.Now.
const garden = demo.IDPrefix + "act-garden"

// register is today's session of an activity as its register reads it:
// the people expected, in the register's order (by name).
type register struct {
	info     storage.SessionInfo
	expected []string
}

func openRegister(t testing.TB, h *harness, activityID string) register {
	t.Helper()
	v := h.sh.View()
	var a domain.Activity
	row, ok := v.Get(domain.KindActivity, activityID)
	if !ok {
		t.Fatalf("no activity %s", activityID)
	}
	row.Decode(&a)
	r := register{info: v.SessionInfo(domain.SessionID(activityID, h.sh.Today()), a)}
	ids := append([]string(nil), r.info.Expected...)
	for _, m := range v.Attendance(r.info.Session.ID) {
		if m.Status != "" && !slices.Contains(ids, m.PersonID) {
			ids = append(ids, m.PersonID)
		}
	}
	name := func(id string) string {
		p, _ := v.Person(id)
		return domain.Fold(p.GivenName + " " + p.FamilyName)
	}
	sort.Slice(ids, func(i, j int) bool {
		if a, b := name(ids[i]), name(ids[j]); a != b {
			return a < b
		}
		return ids[i] < ids[j]
	})
	if len(ids) == 0 {
		t.Fatalf("nobody on the register of %s today", activityID)
	}
	r.expected = ids
	return r
}

// mark marks a person here on the register, as its Here button does.
func (r register) mark(t testing.TB, h *harness, personID string) {
	t.Helper()
	a := domain.MarkPerson(r.info.Session, personID, domain.Attendance{}, domain.Attendance{Status: domain.StatusPresent},
		h.sh.Who.ID, h.sh.Now(), nil)
	if err := h.sh.Save(a.Changes...); err != nil {
		t.Fatal(err)
	}
}

// texts gathers the text of every label and canvas text under o.
func texts(o fyne.CanvasObject) string {
	var out []string
	for _, x := range test.LaidOutObjects(o) {
		switch v := x.(type) {
		case *widget.Label:
			out = append(out, v.Text)
		case *canvas.Text:
			out = append(out, v.Text)
		}
	}
	return strings.Join(out, "\n")
}

// dialogText is the text of the dialog on top, or "".
func dialogText(h *harness) string {
	top := h.w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	return texts(top)
}
