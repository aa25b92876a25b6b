package admin

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
)

// TestVenueTabletSaysWhereTheOfficeWorkIs: on a venue tablet, Erasure
// offers neither erasing a person nor the retention period (the server
// takes both from organisation devices only) and says where to do them;
// the Audit trail says it lists only what was done on this tablet (the
// server sends the trail to organisation devices only); Conflicts says
// they are reviewed at the office rather than "nothing to review" (the
// server sends them to organisation devices only). An organisation device
// offers all three and says none of it.
func TestVenueTabletSaysWhereTheOfficeWorkIs(t *testing.T) {
	const (
		eraseNote    = "Erasing a person and choosing how long to keep closed cases are done on the office computer"
		auditNote    = "This tablet lists only what was done on it"
		conflictNote = "are reviewed on the office computer"
	)
	for _, size := range []fyne.Size{desktopSize, fyne.NewSize(800, 1280)} {
		for _, venue := range []bool{false, true} {
			for _, section := range []string{SectionErase, SectionAudit, SectionConflicts} {
				name := section + "-organisation-" + sizeName(size)
				if venue {
					name = section + "-venue-" + sizeName(size)
				}
				t.Run(name, func(t *testing.T) {
					h, _, a := newAdminHarness(t, size)
					if venue {
						h.sh.SetVenueDevice(demo.VenueGarden)
					}
					a.ShowSection(section)
					content := h.w.Canvas().Content()
					note := map[string]string{SectionErase: eraseNote, SectionAudit: auditNote, SectionConflicts: conflictNote}[section]
					if venue {
						uitest.MustShow(t, content, note)
					} else {
						uitest.MustNotShow(t, content, note)
					}
					if section == SectionErase {
						for _, heading := range []string{"Erase a person", "Keeping closed cases"} {
							if venue {
								uitest.MustNotShow(t, content, heading)
							} else {
								uitest.MustShow(t, content, heading)
							}
						}
					}
					if section == SectionConflicts {
						if venue {
							uitest.MustNotShow(t, content, "Nothing to review")
						} else {
							uitest.MustShow(t, content, "Nothing to review")
						}
					}
					h.w.Content().Refresh()
					uitest.Shot(t, h.w, "admin-"+name)
				})
			}
		}
	}
}

// TestEraseSaysWhenTheDeviceCannot: an administrator signed in on a device
// enrolled for another role (the reception desk) is told in Erasure that
// the server takes no erasure, nor a retention period, from it, and where
// to do them, instead of erasing someone here only to have the erasure
// refused and listed at the next sync. A device enrolled as an
// administrator's offers both.
func TestEraseSaysWhenTheDeviceCannot(t *testing.T) {
	cases := []struct {
		role string
		says string // "" when it offers erasure
	}{
		{domain.RoleReception, "enrolled with the server for reception staff, so the server will not take an erasure from it"},
		{domain.RoleLinkWorker, "Do it on a device enrolled for an administrator."},
		{"", "connected to the server without a role"},
		{domain.RoleAdministrator, ""},
	}
	for _, tc := range cases {
		t.Run("enrolled as "+tc.role, func(t *testing.T) {
			h, _, a := newAdminHarness(t, desktopSize)
			if err := h.st.SetMeta(map[string][]byte{shell.MetaSyncScope: []byte(`{"organisation":true}`), shell.MetaSyncRole: []byte(tc.role)}); err != nil {
				t.Fatal(err)
			}
			a.ShowSection(SectionErase)
			content := h.w.Canvas().Content()
			for _, heading := range []string{"Erase a person", "Keeping closed cases"} {
				if tc.says != "" {
					uitest.MustNotShow(t, content, heading)
				} else {
					uitest.MustShow(t, content, heading)
				}
			}
			if tc.says != "" {
				uitest.MustShow(t, content, tc.says)
			} else {
				uitest.MustNotShow(t, content, "the server will not take")
			}
		})
	}
}
