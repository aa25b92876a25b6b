package admin

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
)

// TestStaffEditSavesEverythingTogether: one Save in Bev's Edit gives her a
// new name, role and venues at once: the key file (which the lock lists)
// has the name and role, her record all three, the audit trail an entry
// for each, and the section says all three.
func TestStaffEditSavesEverythingTogether(t *testing.T) {
	h, keys, a := newAdminHarness(t, fyne.NewSize(800, 1280))
	s := a.staff
	hall := h.st.View().VenueName(demo.VenueHall)
	e := edit(t, s, demo.StaffFacilitator)
	e.name.SetText("Beverley Okafor")
	e.role.SetSelected(roleLabel(domain.RoleLinkWorker))
	e.venues.SetSelected([]string{hall})
	test.Tap(e.save)
	if s.editDlg != nil {
		t.Fatalf("Edit stayed open: %q", e.msg.Text)
	}
	if st, _ := keys.Status(demo.StaffFacilitator); st.Name != "Beverley Okafor" || st.Role != domain.RoleLinkWorker {
		t.Errorf("the key file has %q as %q", st.Name, st.Role)
	}
	r, _ := h.st.View().Get(domain.KindStaff, demo.StaffFacilitator)
	if r.Get("name") != "Beverley Okafor" || r.Get("role") != domain.RoleLinkWorker {
		t.Errorf("her record: %q as %q", r.Get("name"), r.Get("role"))
	}
	if got := venuesOnRecord(t, h, demo.StaffFacilitator); !slices.Equal(got, []string{demo.VenueHall}) {
		t.Errorf("her record works at %q, want only the hall", got)
	}
	var details []string
	for _, en := range auditEntries(h, audit.Filter{Action: audit.ActionStaffChanged, EntityID: demo.StaffFacilitator}) {
		details = append(details, en.Detail)
	}
	slices.Sort(details)
	want := []string{"name changed from Bev Okafor to Beverley Okafor", "role changed from facilitator to link worker",
		"venues changed from Riverside Surgery Garden, St Anne's Church Hall to " + hall}
	if !slices.Equal(details, want) {
		t.Errorf("audit entries %q, want %q", details, want)
	}
	for _, said := range []string{"is now Beverley Okafor", "is now a link worker", "now works at " + hall} {
		if !strings.Contains(s.msg.Text, said) {
			t.Errorf("the section says %q, not %q", s.msg.Text, said)
		}
	}
	if row := s.rows[demo.StaffFacilitator]; row == nil || !strings.HasPrefix(row.status.Text, "Link worker") || row.worksAt.Text != "Works at "+hall {
		t.Errorf("the row was not brought up to date")
	}
}

// TestStaffRowOpensEdit: tapping a row, not only its Edit, opens Edit for
// that person; each row has Edit and no other button unless they are
// locked out.
func TestStaffRowOpensEdit(t *testing.T) {
	_, _, a := newAdminHarness(t, desktopSize)
	s := a.staff
	var tapped *tapRow
	for _, o := range s.members.Objects {
		if r, ok := o.(*tapRow); ok {
			tapped = r
			break
		}
	}
	if tapped == nil {
		t.Fatal("no staff row to tap")
	}
	test.Tap(tapped)
	if s.editDlg == nil || s.editDlg.row.member.ID != demo.StaffAdmin {
		t.Fatal("tapping Alex's row did not open his Edit")
	}
	for id, row := range s.rows {
		if row.clearBtn != nil && row.clearBtn.Visible() {
			t.Errorf("%s: Clear lockout shown for someone not locked out", id)
		}
	}
}

// TestRemoveFromEveryDeviceWithoutAPINHere: someone on the staff record
// with no PIN on this device (Hannah) can be removed from every device
// from their Edit, after the same question, where the server takes it;
// elsewhere Remove is not offered and Edit says why.
func TestRemoveFromEveryDeviceWithoutAPINHere(t *testing.T) {
	for _, tc := range []struct {
		name    string
		set     func(h *harness)
		offered bool
		why     string
	}{
		{"not connected", func(*harness) {}, true, ""},
		{"administrator's office device", func(h *harness) { h.da = demoDevices() }, true, ""},
		{"reception desk", func(h *harness) {
			if err := h.st.SetMeta(map[string][]byte{shell.MetaSyncScope: []byte(`{"organisation":true}`), shell.MetaSyncRole: []byte(domain.RoleReception)}); err != nil {
				t.Fatal(err)
			}
		}, false, "To remove them from every device"},
		{"venue tablet", func(h *harness) { h.sh.SetVenueDevice(demo.VenueGarden) }, false, "A venue tablet cannot remove someone from every device"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, keys, a := newAdminHarness(t, desktopSize)
			tc.set(h)
			s := a.staff
			s.refresh()
			if row := s.rows[hannah]; row == nil || row.onDevice {
				t.Fatal("Hannah is not listed as known to Gather without a PIN here")
			}
			e := edit(t, s, hannah)
			if e.remove.Disabled() == tc.offered {
				t.Fatalf("Remove disabled %v, want offered %v", e.remove.Disabled(), tc.offered)
			}
			if !tc.offered {
				if !e.removeWhy.Visible() || !strings.Contains(e.removeWhy.Text, tc.why) {
					t.Errorf("Edit says %q (shown %v), want %q", e.removeWhy.Text, e.removeWhy.Visible(), tc.why)
				}
				test.Tap(e.remove)
				if s.confirmDlg != nil {
					t.Error("a disabled Remove asked")
				}
				return
			}
			test.Tap(e.remove)
			c := s.confirmDlg
			if c == nil || c.everywhere == nil || c.yes != nil {
				t.Fatal("Remove does not ask, with Remove from every device as its one button")
			}
			if text := uitest.DialogText(h.w); !strings.Contains(text, "Remove Hannah Wright from every device?") {
				t.Errorf("the question reads:\n%s", text)
			}
			uitest.Shot(t, h.w, "admin-staff-remove-without-pin-"+strings.ReplaceAll(tc.name, " ", "-"))
			members := len(keys.Members())
			test.Tap(c.everywhere)
			if en, err := h.st.Entity(domain.KindStaff, hannah); err != nil || !en.Deleted() {
				t.Fatal("Hannah's staff record was not deleted")
			}
			es := auditEntries(h, audit.Filter{Action: audit.ActionStaffChanged, EntityID: hannah})
			if len(es) != 1 || es[0].Detail != "removed from every device" {
				t.Errorf("audit entries %+v", es)
			}
			if len(keys.Members()) != members {
				t.Error("the key file changed")
			}
			if s.rows[hannah] != nil {
				t.Error("Hannah is still listed")
			}
		})
	}
}
