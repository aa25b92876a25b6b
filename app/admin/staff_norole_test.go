package admin

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
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

// TestRenamingSomeoneWithoutARoleGivesNoRole: the office renames a
// reception desk's first user, on record with a name and no role. The
// record keeps no role: a volunteer's, written with the name, would sign
// them in as a volunteer on the desk (access.SignInRole), where their key
// file makes them the administrator who manages its PINs.
func TestRenamingSomeoneWithoutARoleGivesNoRole(t *testing.T) {
	h, _, _ := newAdminHarness(t, fyne.NewSize(1280, 800))
	if err := h.st.Save("staff-rex", record.Change{Kind: domain.KindStaff, ID: "staff-rex", Fields: map[string]string{"name": "Rex Desk"}}); err != nil {
		t.Fatal(err)
	}
	s := h.showAdmin().staff
	e := edit(t, s, "staff-rex")
	e.name.SetText("Rex Deskworth")
	test.Tap(e.save)
	if s.editDlg != nil {
		t.Fatalf("the dialog stayed open: %q", e.msg.Text)
	}
	r, _ := h.st.View().Get(domain.KindStaff, "staff-rex")
	if r.Get("name") != "Rex Deskworth" || r.Get("role") != "" {
		t.Errorf("Rex's record: name %q, role %q; want the new name and no role", r.Get("name"), r.Get("role"))
	}
}

// TestNoSetupCodeGivesARoleNobodyChose: a PIN setup code carries a role
// (domain.GiveSetupCode). For someone on record without one, Edit offers
// no code, and says why, rather than one giving the volunteer's role the
// list stands in for them, which would sign a desk's first user in as a
// volunteer on the desk whose PINs they manage.
func TestNoSetupCodeGivesARoleNobodyChose(t *testing.T) {
	inviteParams = keyslot.TestParams
	t.Cleanup(func() { inviteParams = keyslot.DefaultParams })
	h, _, _ := newAdminHarness(t, fyne.NewSize(1280, 800))
	h.da = demoDevices() // enrolled as the office's administrator device
	if err := h.st.Save("staff-rex", record.Change{Kind: domain.KindStaff, ID: "staff-rex", Fields: map[string]string{"name": "Rex Desk"}}); err != nil {
		t.Fatal(err)
	}
	s := h.showAdmin().staff
	if !s.svc.canGiveSetupCodes() {
		t.Fatal("this device gives no setup codes: the test needs one that does")
	}
	e := edit(t, s, "staff-rex")
	if e.code != nil {
		test.Tap(e.code)
	} else if uitest.Shot(t, h.w, "admin-staff-norole-edit"); !strings.Contains(uitest.DialogText(h.w), noRoleCode) {
		t.Errorf("Rex's Edit does not say why he has no setup code:\n%s", uitest.DialogText(h.w))
	}
	if r, _ := h.st.View().Get(domain.KindStaff, "staff-rex"); r.Get("role") != "" || r.Get("invite") != "" {
		t.Errorf("Rex's record after his Edit's setup code: role %q, invite %q", r.Get("role"), r.Get("invite"))
	}
}
