package admin

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
)

// conflictOnSetting sets the follow-up interval to 5 weeks here, then
// applies another office's concurrent 6 weeks, stamped later so that it
// wins, with the server's record of the conflict.
func conflictOnSetting(t *testing.T, h *harness) {
	t.Helper()
	if err := h.st.Save("admin2", record.Change{Kind: domain.KindSetting, ID: domain.OrgSettingsID, Fields: map[string]string{"follow_up_weeks": "5"}}); err != nil {
		t.Fatal(err)
	}
	e, err := h.st.Entity(domain.KindSetting, domain.OrgSettingsID)
	if err != nil {
		t.Fatal(err)
	}
	local := e.Fields["follow_up_weeks"]
	w := record.Write{Kind: domain.KindSetting, ID: domain.OrgSettingsID, Field: "follow_up_weeks", Value: "6",
		Stamp: hlc.Timestamp{Wall: local.Stamp.Wall + 60_000, Device: "office-2"}, Staff: "admin"}
	c := domain.ConflictEntity(&record.Conflict{Kind: w.Kind, ID: w.ID, Field: w.Field,
		Winner: record.FieldState{Value: w.Value, Stamp: w.Stamp, Staff: w.Staff}, Loser: local}, "server")
	if res, err := h.st.ApplyRemote(append([]record.Write{w}, c.Writes()...), nil); err != nil || res.Conflicts != 1 {
		t.Fatalf("applying the remote write: %+v %v", res, err)
	}
}

// TestConflictOverASettingIsOfferedOnlyToWhoMayChangeIt: resolving a
// conflict decides the value of the field it is about, so Conflicts
// offers "Keep this one" only where that change may be made
// (access.ActionToResolve): by whoever is signed in (a link worker
// reviews conflicts, but the organisation's settings are an
// administrator's) and on a device enrolled for a role the server takes
// it from (shell.DeviceRefusal), which refuses the resolution with the
// value kept. Where not, the card says why and who can. A conflict over a
// mark is the link worker's to resolve anywhere.
func TestConflictOverASettingIsOfferedOnlyToWhoMayChangeIt(t *testing.T) {
	cases := []struct {
		name     string
		staff    string
		enrolled *string // the role the device was enrolled for; nil: not enrolled with a server
		onMark   bool
		says     []string // nil: offered
	}{
		{"an administrator, not enrolled", domain.RoleAdministrator, nil, false, nil},
		{"an administrator on an administrator's device", domain.RoleAdministrator, ptr(domain.RoleAdministrator), false, nil},
		{"a link worker", domain.RoleLinkWorker, nil, false,
			[]string{"is a decision on the organisation's settings", "only an administrator may make", "ask an administrator"}},
		{"a link worker on an administrator's device", domain.RoleLinkWorker, ptr(domain.RoleAdministrator), false,
			[]string{"only an administrator may make"}},
		{"an administrator on a link worker's laptop", domain.RoleAdministrator, ptr(domain.RoleLinkWorker), false,
			[]string{"enrolled with the server for a link worker", "will not take a decision on the organisation's settings", "Do it on a device enrolled for an administrator."}},
		{"an administrator on a device enrolled without a role", domain.RoleAdministrator, ptr(""), false,
			[]string{"without a role"}},
		{"a link worker on a mark, on their laptop", domain.RoleLinkWorker, ptr(domain.RoleLinkWorker), true, nil},
		// Any conflict's decision needs a device enrolled for a role that
		// reviews conflicts, which the server asks too.
		{"a link worker on a mark, at the reception desk", domain.RoleLinkWorker, ptr(domain.RoleReception), true,
			[]string{"enrolled with the server for reception staff", "will not take a decision on a conflict", "a device enrolled for an administrator or a link worker."}},
		{"a link worker on a mark, on a device enrolled without a role", domain.RoleLinkWorker, ptr(""), true,
			[]string{"without a role", "will not take a decision on a conflict"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h, _, _ := newAdminHarness(t, desktopSize)
			if tc.onMark {
				conflictOnMark(t, h, domain.StatusAbsent)
			} else {
				conflictOnSetting(t, h)
			}
			if tc.enrolled != nil {
				if err := h.st.SetMeta(map[string][]byte{shell.MetaSyncScope: []byte(`{"organisation":true}`), shell.MetaSyncRole: []byte(*tc.enrolled)}); err != nil {
					t.Fatal(err)
				}
			}
			h.signIn(tc.staff)
			a := h.showAdmin()
			a.onSection(adminConflicts)
			s := a.conflicts
			if len(s.cards) != 1 {
				t.Fatalf("%d conflict cards, want 1", len(s.cards))
			}
			var card *conflictCard
			for _, c := range s.cards {
				card = c
			}
			shown := uitest.LaidOutText(s.box)
			if tc.says == nil {
				if card.keepWinner == nil || card.keepLoser == nil || card.refusal != "" {
					t.Fatalf("not offered (%q):\n%s", card.refusal, shown)
				}
				test.Tap(card.keepLoser)
				if c, _ := h.st.View().Get(domain.KindConflict, card.conflict.ID); c.Get("resolved") != domain.ResolvedLoser {
					t.Errorf("keeping the set-aside value left the conflict %q", c.Get("resolved"))
				}
				return
			}
			if card.keepWinner != nil || card.keepLoser != nil || strings.Contains(shown, "Keep this one") {
				t.Errorf("offers to keep a value:\n%s", shown)
			}
			for _, want := range tc.says {
				if !strings.Contains(shown, want) {
					t.Errorf("the card does not say %q:\n%s", want, shown)
				}
			}
			// Nor does resolving it save anything, should it be asked.
			s.onKeep(card.conflict, true)
			if c, _ := h.st.View().Get(domain.KindConflict, card.conflict.ID); c.Get("resolved") != "" {
				t.Errorf("the conflict was resolved (%q) from here", c.Get("resolved"))
			}
			if e, _ := h.st.View().Get(domain.KindSetting, domain.OrgSettingsID); !tc.onMark && e.Get("follow_up_weeks") != "6" {
				t.Errorf("the follow-up interval is %q, want the 6 weeks that won", e.Get("follow_up_weeks"))
			}
		})
	}
}

func ptr(s string) *string { return &s }

// TestConflictOverASettingIsNamedWhole: a conflict over the organisation's
// settings is headed "Organisation setting", with the setting under it,
// not its record's id cut short ("Organisation setting: organisa…", which
// reads as a heading cut off).
func TestConflictOverASettingIsNamedWhole(t *testing.T) {
	h, _, _ := newAdminHarness(t, fyne.NewSize(800, 1280))
	conflictOnSetting(t, h)
	h.signIn(domain.RoleAdministrator)
	a := h.showAdmin()
	a.onSection(adminConflicts)
	shown := uitest.LaidOutText(a.conflicts.box)
	if strings.Contains(shown, "organisa…") {
		t.Errorf("the card names the setting's record by a cut-short id:\n%s", shown)
	}
	if !strings.Contains(shown, "Organisation setting\n") || !strings.Contains(shown, "Follow-up interval") {
		t.Errorf("the card does not say which setting:\n%s", shown)
	}
}

// TestLimitedConflictWordsReadAsPlainEnglish: what a conflict card says
// when keeping either value needs more than reviewing conflicts reads as
// plain English for each such action, alone and inside DeviceRefusal's
// sentence. (A merge's said "a decision on which record a person's is
// merged into".)
func TestLimitedConflictWordsReadAsPlainEnglish(t *testing.T) {
	for action := range resolvedChanges {
		t.Run(string(action), func(t *testing.T) {
			mayNot, change := limitedWords(action)
			for _, s := range []string{mayNot, "The server will not take " + change + " from it."} {
				if bad := uitest.Misworded(s); len(bad) > 0 {
					t.Errorf("%q: %q", s, bad)
				}
			}
		})
	}
}

// TestConflictCardSaysFieldsAndDevicesAsPeopleKnowThem: a conflict card
// names the field as Settings does ("Follow-up interval", not "Follow up
// weeks", its values "6 weeks", not "6") and each side's device as people know it: "this device", the
// name it has on the server's devices list ("Office PC"), or, when the
// list does not know it, "another device", never a random id cut short
// ("device office-2", "device kreghhfz…").
func TestConflictCardSaysFieldsAndDevicesAsPeopleKnowThem(t *testing.T) {
	for _, tc := range []struct {
		name   string
		da     *fakeDeviceAdmin
		winner string // how the winner's device (office-2) is named
	}{
		{"no devices list", nil, "on another device"},
		{"on the devices list", func() *fakeDeviceAdmin {
			da := demoDevices()
			da.devices = append(da.devices, shell.DeviceInfo{ID: "office-2", Name: "Office laptop", Scope: shell.DeviceScope{Organisation: true}, Role: domain.RoleAdministrator})
			return da
		}(), "on Office laptop"},
		{"not on the devices list", demoDevices(), "on another device"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, _, _ := newAdminHarness(t, desktopSize)
			if tc.da != nil {
				h.da = tc.da
			}
			conflictOnSetting(t, h)
			a := h.showAdmin()
			a.onSection(adminConflicts)
			uitest.Shot(t, h.w, "conflict-card-"+strings.ReplaceAll(tc.name, " ", "-"))
			shown := uitest.LaidOutText(a.conflicts.box)
			for _, want := range []string{"Follow-up interval", "6 weeks", "on this device", tc.winner} {
				if !strings.Contains(shown, want) {
					t.Errorf("the card does not say %q:\n%s", want, shown)
				}
			}
			for _, unwanted := range []string{"Follow up weeks", "device office", "device " + h.st.Device()[:4]} {
				if strings.Contains(shown, unwanted) {
					t.Errorf("the card says %q:\n%s", unwanted, shown)
				}
			}
		})
	}
}
