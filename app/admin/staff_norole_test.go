package admin

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestKnownWithoutARoleSaysSo: a reception desk's first user reaches the
// office's Admin › Staff with a name and no role (the desk took back the
// administrator role its setup wrote: sync/client's
// SaveFirstAdministrator). Their row and their Edit say they have no
// role on record, not a role nobody gave them.
func TestKnownWithoutARoleSaysSo(t *testing.T) {
	h, _, _ := newAdminHarness(t, fyne.NewSize(1280, 800))
	if err := h.st.Save("staff-rex", record.Change{Kind: domain.KindStaff, ID: "staff-rex", Fields: map[string]string{"name": "Rex Desk"}}); err != nil {
		t.Fatal(err)
	}
	s := h.showAdmin().staff
	row := s.rows["staff-rex"]
	if row == nil {
		t.Fatal("Rex is not listed under Known to Gather")
	}
	if got := row.status.Text; got != noRoleOnRecord {
		t.Errorf("Rex's row says %q, want %q", got, noRoleOnRecord)
	}
	uitest.Shot(t, h.w, "admin-staff-no-role")
	e := edit(t, s, "staff-rex")
	if got := e.role.Selected; got != "" {
		t.Errorf("Rex's Edit shows the role %q chosen", got)
	}
	if !strings.Contains(e.roleWhy.Text, "no role on record") {
		t.Errorf("Rex's Edit does not say he has no role on record: %q", e.roleWhy.Text)
	}
	uitest.Shot(t, h.w, "admin-staff-no-role-edit")
}
