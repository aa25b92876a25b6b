package admin

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// TestAdminSectionsByRole: administrators see every section (Devices
// only with a sync client that manages devices); link workers review
// conflicts and keep the GP practices (the access policy lets them), and
// open on Conflicts; the others are not offered Admin (Roles).
func TestAdminSectionsByRole(t *testing.T) {
	want := map[string][]string{
		domain.RoleAdministrator: {adminStaff, adminAudit, adminConflicts, adminErase, adminPractices},
		domain.RoleLinkWorker:    {adminConflicts, adminPractices},
	}
	for _, role := range domain.Roles {
		t.Run(role, func(t *testing.T) {
			if offered := slices.Contains(Roles(), role); offered != (len(want[role]) > 0) {
				t.Fatalf("Admin offered to %s: %v, want %v", role, offered, len(want[role]) > 0)
			}
			if len(want[role]) == 0 {
				return
			}
			h := newHarness(t, desktopSize)
			h.signIn(role)
			a := h.showAdmin()
			if got := a.visibleSections(); strings.Join(got, ",") != strings.Join(want[role], ",") || len(a.tabs) != len(want[role]) {
				t.Errorf("sections %v (%d tabs), want %v", got, len(a.tabs), want[role])
			}
			if a.section != want[role][0] {
				t.Errorf("opens on %q, want %q", a.section, want[role][0])
			}
		})
	}
}

func TestAdminStaffWithoutKeys(t *testing.T) {
	h := newHarness(t, desktopSize)
	h.signIn(domain.RoleAdministrator)
	s := h.showAdmin().staff
	if !s.notSetUp.Visible() || !strings.Contains(s.notSetUp.Text, "not set up on this device") || s.keysBox.Visible() {
		t.Fatalf("without keys the staff section says %q (keys shown: %v)", s.notSetUp.Text, s.keysBox.Visible())
	}
}

func TestAdminAddStaffRefusesBadInput(t *testing.T) {
	cases := []struct {
		name, given, pin, again, want string
	}{
		{"no name", "", bevPIN, bevPIN, "Type their name"},
		{"too short", "Jo Bloggs", "4829", "4829", "too short"},
		{"a run", "Jo Bloggs", "123456", "123456", "too easy to guess"},
		{"a repeat", "Jo Bloggs", "777777", "777777", "too easy to guess"},
		{"typed differently", "Jo Bloggs", "739146", "739147", "not the same"},
		{"name already here", "bev okafor", "902731", "902731", "already has a PIN"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h, keys, a := newAdminHarness(t, desktopSize)
			s := a.staff
			before := len(keys.Members())
			s.name.SetText(tc.given)
			s.pin.SetText(tc.pin)
			s.again.SetText(tc.again)
			test.Tap(s.addBtn)
			if !s.formMsg.Visible() || !strings.Contains(s.formMsg.Text, tc.want) {
				t.Fatalf("message %q (shown %v), want it to say %q", s.formMsg.Text, s.formMsg.Visible(), tc.want)
			}
			if len(keys.Members()) != before {
				t.Fatal("a member was added anyway")
			}
			if n := len(auditEntries(h, audit.Filter{Action: audit.ActionStaffChanged})); n != 0 {
				t.Fatalf("%d staff entries in the audit trail", n)
			}
		})
	}
}

func TestAdminAddStaff(t *testing.T) {
	h, keys, a := newAdminHarness(t, desktopSize)
	s := a.staff
	test.Type(s.name, "Jo  Bloggs ")
	s.role.SetSelected(roleLabel(domain.RoleVolunteer))
	test.Type(s.pin, "902731")
	if !strings.Contains(s.advice.Text, "again") {
		t.Fatalf("advice after one good PIN: %q", s.advice.Text)
	}
	test.Type(s.again, "902731")
	test.Tap(s.addBtn)

	var jo keyslot.Member
	for _, m := range keys.Members() {
		if m.Name == "Jo Bloggs" {
			jo = m
		}
	}
	if jo.ID == "" || jo.Role != domain.RoleVolunteer {
		t.Fatalf("members after adding: %+v", keys.Members())
	}
	if _, err := keys.File.Unlock(jo.ID, "902731"); err != nil {
		t.Fatalf("the new PIN does not unlock: %v", err)
	}
	row, ok := h.st.View().Get(domain.KindStaff, jo.ID)
	if !ok || row.Get("name") != "Jo Bloggs" || row.Get("role") != domain.RoleVolunteer {
		t.Fatalf("staff record: %v %v", ok, row)
	}
	entries := auditEntries(h, audit.Filter{Action: audit.ActionStaffChanged, EntityID: jo.ID})
	if len(entries) != 1 || entries[0].Staff != demo.StaffAdmin || entries[0].Detail != "added as volunteer" ||
		entries[0].Device != h.st.Device() {
		t.Fatalf("audit entries: %+v", entries)
	}
	// The trail reads as what happened, and a new record is "added".
	if got := audit.Sentence(entries[0], "Jo Bloggs"); got != "added Jo Bloggs as volunteer" {
		t.Errorf("the trail says %q", got)
	}
	if n := len(auditEntries(h, audit.Filter{Action: audit.ActionAdded, EntityID: jo.ID})); n != 1 {
		t.Errorf("%d added entries for the new staff record, want 1", n)
	}
	if n := len(auditEntries(h, audit.Filter{Action: audit.ActionChanged, EntityID: jo.ID})); n != 0 {
		t.Errorf("the new staff record is recorded as changed %d times", n)
	}
	if !strings.Contains(s.msg.Text, "Jo Bloggs was added as a volunteer") {
		t.Fatalf("message %q", s.msg.Text)
	}
	if s.name.Text != "" || s.pin.Text != "" || s.again.Text != "" {
		t.Fatal("the form kept what was typed")
	}
	if s.rows[jo.ID] == nil {
		t.Fatal("Jo is not on the list")
	}
}

func TestAdminClearLockoutAndResetPIN(t *testing.T) {
	h, keys, a := newAdminHarness(t, desktopSize)
	s := a.staff
	// One wrong PIN is said, but is no lockout to clear.
	if _, err := keys.File.Unlock(demo.StaffFacilitator, "000000"); err == nil {
		t.Fatal("a wrong PIN unlocked")
	}
	a.Refresh()
	uitest.Shot(t, h.w, "admin-staff-one-wrong-pin")
	if row := s.rows[demo.StaffFacilitator]; !strings.Contains(row.status.Text, "1 wrong PIN") || row.clearBtn.Visible() {
		t.Fatalf("after one wrong PIN Bev's row reads %q, Clear lockout shown %v", row.status.Text, row.clearBtn.Visible())
	}
	for i := 1; i < 3; i++ {
		if _, err := keys.File.Unlock(demo.StaffFacilitator, "000000"); err == nil {
			t.Fatal("a wrong PIN unlocked")
		}
	}
	a.Refresh()
	row := s.rows[demo.StaffFacilitator]
	uitest.Shot(t, h.w, "admin-staff-locked-out")
	if !strings.Contains(row.status.Text, "Locked out") || !row.clearBtn.Visible() {
		t.Fatalf("Bev's row reads %q, clear shown %v", row.status.Text, row.clearBtn.Visible())
	}
	if s.rows[demo.StaffAdmin].clearBtn.Visible() {
		t.Fatal("Clear lockout offered for someone not locked out")
	}
	test.Tap(row.clearBtn)
	if st, _ := keys.Status(demo.StaffFacilitator); st.Locked || st.Failures != 0 {
		t.Fatalf("after clearing: %+v", st)
	}
	if n := len(auditEntries(h, audit.Filter{Action: audit.ActionLockoutCleared, EntityID: demo.StaffFacilitator})); n != 1 {
		t.Fatalf("%d lockout-cleared entries", n)
	}
	if _, err := keys.File.Unlock(demo.StaffFacilitator, bevPIN); err != nil {
		t.Fatalf("Bev's own PIN after clearing: %v", err)
	}

	// A forgotten PIN: the administrator sets a new one, from Edit.
	test.Tap(edit(t, s, demo.StaffFacilitator).pin)
	p := s.pinDlg
	if p == nil {
		t.Fatal("New PIN did not ask for one")
	}
	test.Type(p.pin, "111111")
	test.Type(p.again, "111111")
	test.Tap(p.save)
	if !strings.Contains(p.advice.Text, "too easy") {
		t.Fatalf("weak new PIN: %q", p.advice.Text)
	}
	p.pin.SetText("583920")
	p.again.SetText("583920")
	test.Tap(p.save)
	if s.pinDlg != nil {
		t.Fatal("the dialog stayed open")
	}
	if _, err := keys.File.Unlock(demo.StaffFacilitator, "583920"); err != nil {
		t.Fatalf("the new PIN does not unlock: %v", err)
	}
	if _, err := keys.File.Unlock(demo.StaffFacilitator, bevPIN); err == nil {
		t.Fatal("the old PIN still unlocks")
	}
	if n := len(auditEntries(h, audit.Filter{Action: audit.ActionPINReset, EntityID: demo.StaffFacilitator})); n != 1 {
		t.Fatalf("%d PIN reset entries", n)
	}
}

func TestAdminChangeRoleAndRemove(t *testing.T) {
	h, keys, a := newAdminHarness(t, desktopSize)
	s := a.staff

	e := edit(t, s, demo.StaffFacilitator)
	e.role.SetSelected(roleLabel(domain.RoleLinkWorker))
	test.Tap(e.save)
	if s.editDlg != nil {
		t.Fatal("Edit stayed open after saving")
	}
	if st, _ := keys.Status(demo.StaffFacilitator); st.Role != domain.RoleLinkWorker {
		t.Fatalf("Bev's role in the key file: %q", st.Role)
	}
	if row, _ := h.st.View().Get(domain.KindStaff, demo.StaffFacilitator); row.Get("role") != domain.RoleLinkWorker {
		t.Fatalf("Bev's staff record role: %q", row.Get("role"))
	}
	es := auditEntries(h, audit.Filter{Action: audit.ActionStaffChanged, EntityID: demo.StaffFacilitator})
	if len(es) != 1 || es[0].Detail != "role changed from facilitator to link worker" {
		t.Fatalf("entries %+v", es)
	}

	test.Tap(edit(t, s, demo.StaffFacilitator).remove)
	if s.confirmDlg == nil {
		t.Fatal("Remove did not ask first")
	}
	test.Tap(s.confirmDlg.yes)
	if _, err := keys.Status(demo.StaffFacilitator); err == nil {
		t.Fatal("Bev is still on the device")
	}
	if _, ok := h.st.View().Get(domain.KindStaff, demo.StaffFacilitator); !ok {
		t.Fatal("removing from the device deleted Bev's staff record")
	}
	if n := len(auditEntries(h, audit.Filter{Action: audit.ActionStaffChanged, EntityID: demo.StaffFacilitator})); n != 2 {
		t.Fatalf("%d entries after removing", n)
	}
	// Bev is still known to Gather, so she can be given a PIN here again.
	if r := s.rows[demo.StaffFacilitator]; r == nil || r.onDevice {
		t.Fatal("Bev is not listed as known to Gather after removal")
	}
	give := edit(t, s, demo.StaffFacilitator).pin
	if give.Text != "Give a PIN" {
		t.Fatalf("Edit offers %q for Bev, not Give a PIN", give.Text)
	}
	test.Tap(give)
	s.pinDlg.pin.SetText("602851")
	s.pinDlg.again.SetText("602851")
	test.Tap(s.pinDlg.save)
	if _, err := keys.File.Unlock(demo.StaffFacilitator, "602851"); err != nil {
		t.Fatalf("the PIN given does not unlock: %v", err)
	}
}

// TestAdminCannotRemoveLastAdministrator: in the only administrator's
// Edit, Role and Remove are not offered (rather than refused afterwards),
// each with the reason beside it, and tapping them changes nothing.
func TestAdminCannotRemoveLastAdministrator(t *testing.T) {
	h, keys, a := newAdminHarness(t, desktopSize)
	s := a.staff
	if !strings.Contains(s.rows[demo.StaffAdmin].status.Text, "the only administrator") {
		t.Errorf("the row does not say why: %q", s.rows[demo.StaffAdmin].status.Text)
	}
	e := edit(t, s, demo.StaffAdmin)
	if !e.remove.Disabled() || !e.role.Disabled() {
		t.Fatalf("Remove (disabled %v) and Role (disabled %v) are offered for the only administrator", e.remove.Disabled(), e.role.Disabled())
	}
	for what, l := range map[string]*widget.Label{"Role": e.roleWhy, "Remove": e.removeWhy} {
		if !l.Visible() || !strings.Contains(l.Text, "the only administrator") {
			t.Errorf("%s does not say why (shown %v): %q", what, l.Visible(), l.Text)
		}
	}
	uitest.Shot(t, h.w, "admin-staff-edit-only-administrator")
	test.Tap(e.remove)
	e.role.SetSelected(roleLabel(domain.RoleVolunteer)) // as a stale dialog might
	test.Tap(e.save)
	if s.confirmDlg != nil {
		t.Error("a disabled Remove asked to remove")
	}
	if st, err := keys.Status(demo.StaffAdmin); err != nil || st.Role != domain.RoleAdministrator {
		t.Fatalf("the administrator: %+v %v", st, err)
	}
	if h.signedOut != 0 || h.sh.Who.ID != demo.StaffAdmin {
		t.Fatal("signed out")
	}
	// Another member's Edit offers both.
	e = edit(t, s, demo.StaffFacilitator)
	if e.remove.Disabled() || e.role.Disabled() || e.removeWhy.Visible() || e.roleWhy.Visible() {
		t.Errorf("Bev's Edit: Remove disabled %v, Role disabled %v, reasons %q %q", e.remove.Disabled(), e.role.Disabled(), e.removeWhy.Text, e.roleWhy.Text)
	}
}

// seedAudit saves entries by several staff on several days, well before
// the demo's today.
func seedAudit(t *testing.T, h *harness) {
	t.Helper()
	at := func(day int) audit.Recorder {
		return audit.Recorder{Device: "tablet-2", Now: func() time.Time { return time.Date(2026, 10, day, 9, 0, 0, 0, time.Local) }}
	}
	pid := h.st.View().SearchPeople("a", 1)[0].ID
	changes := []record.Change{
		at(1).ViewedCase(demo.StaffAdmin, pid),
		at(2).ViewedCase("demo-staff-priya", pid),
		at(3).Exported("demo-staff-priya", "attendance report PDF", 12),
		at(4).Changed("demo-staff-tom", record.Change{Kind: domain.KindPerson, ID: pid, Fields: map[string]string{"phone": "x"}})[0],
		at(5).FailedUnlock(demo.StaffFacilitator, 2),
	}
	if err := h.st.Save(demo.StaffAdmin, changes...); err != nil {
		t.Fatal(err)
	}
}

func TestAdminAuditFilters(t *testing.T) {
	h, _, a := newAdminHarness(t, desktopSize)
	seedAudit(t, h)
	a.onSection(adminAudit)
	s := a.audit
	if len(s.shown) < 5 || !strings.Contains(s.count.Text, "entries") {
		t.Fatalf("%d shown, count %q", len(s.shown), s.count.Text)
	}
	for i := 1; i < len(s.shown); i++ {
		if s.shown[i].At.After(s.shown[i-1].At) {
			t.Fatal("not newest first")
		}
	}
	only := func(sel func(), from, to string, want ...string) {
		t.Helper()
		s.staffSel.SetSelected(everyone)
		s.actionSel.SetSelected(everyAction)
		s.from.SetText(from)
		s.to.SetText(to)
		sel()
		var got []string
		for _, e := range s.shown {
			got = append(got, e.Staff+" "+e.Action)
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Fatalf("shown %v, want %v", got, want)
		}
	}
	only(func() { s.staffSel.SetSelected("Priya Shah") }, "", "",
		"demo-staff-priya exported", "demo-staff-priya viewed")
	only(func() { s.actionSel.SetSelected(adminFieldName(audit.ActionViewed)) }, "", "",
		"demo-staff-priya viewed", demo.StaffAdmin+" viewed")
	only(func() {}, "2026-10-02", "2026-10-04",
		"demo-staff-tom changed", "demo-staff-priya exported", "demo-staff-priya viewed")
	only(func() { s.actionSel.SetSelected(adminFieldName(audit.ActionFailedUnlock)) }, "2026-10-05", "2026-10-05",
		demo.StaffFacilitator+" failed unlock")
	// As the UK writes them, the same days.
	only(func() {}, "02/10/2026", "4/10/2026",
		"demo-staff-tom changed", "demo-staff-priya exported", "demo-staff-priya viewed")

	// The list row says what happened in words, naming the person.
	s.from.SetText("")
	s.to.SetText("")
	s.actionSel.SetSelected(adminFieldName(audit.ActionChanged))
	if d := s.detail(s.shown[0]); d != "Changed the phone of Agnieszka (Aga) Roberts" {
		t.Fatalf("detail %q", d)
	}

	s.from.SetText("1 Oct")
	if !s.dateMsg.Visible() || !strings.Contains(s.dateMsg.Text, "day/month/year") {
		t.Fatalf("a bad date says %q", s.dateMsg.Text)
	}
}

func TestAdminAuditShowsAtMost500(t *testing.T) {
	h, _, a := newAdminHarness(t, desktopSize)
	rec := audit.Recorder{Device: h.st.Device()}
	var changes []record.Change
	for i := 0; i < auditShown+20; i++ {
		changes = append(changes, rec.Viewed(demo.StaffAdmin, domain.KindReferral, "r"))
	}
	if err := h.st.Save(demo.StaffAdmin, changes...); err != nil {
		t.Fatal(err)
	}
	a.onSection(adminAudit)
	if len(a.audit.shown) != auditShown || !strings.Contains(a.audit.count.Text, "Showing the newest 500 of") {
		t.Fatalf("%d shown, %q", len(a.audit.shown), a.audit.count.Text)
	}
}

func TestAdminAuditExportCSV(t *testing.T) {
	h, _, a := newAdminHarness(t, desktopSize)
	seedAudit(t, h)
	a.onSection(adminAudit)
	s := a.audit
	s.staffSel.SetSelected("Priya Shah")
	test.Tap(s.exportBtn)
	if s.lastExport == "" || filepath.Dir(s.lastExport) != h.exportDir || !strings.HasSuffix(s.lastExport, ".csv") {
		t.Fatalf("exported to %q (export folder %q)", s.lastExport, h.exportDir)
	}
	f, err := os.Open(s.lastExport)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || strings.Join(rows[0], ",") != strings.Join(audit.CSVHeader, ",") {
		t.Fatalf("CSV rows %v", rows)
	}
	for _, r := range rows[1:] {
		if r[1] != "demo-staff-priya" || r[2] != "Priya Shah" {
			t.Fatalf("row %v", r)
		}
	}
	e := auditEntries(h, audit.Filter{Action: audit.ActionExported, Staff: demo.StaffAdmin})
	if len(e) != 1 || e[0].Detail != "audit trail CSV, 2 rows" {
		t.Fatalf("export entries %+v", e)
	}
	if got := uitest.DialogText(h.w); !strings.Contains(got, s.lastExport) {
		t.Fatalf("the dialog does not say where the file went: %q", got)
	}
}

// conflictOnMark ticks a person present on today's garden register as the
// facilitator (the register's action, saved with its audit entries), then
// applies a concurrent remote write of status from another tablet, stamped
// later so that it wins the merge.
func conflictOnMark(t *testing.T, h *harness, remote string) (markID string) {
	t.Helper()
	v := h.st.View()
	var si storage.SessionInfo
	for _, s := range v.SessionsOfDay(domain.DateOf(testNow), nil) {
		if s.Activity.ID == garden {
			si = s
		}
	}
	if si.Session.ID == "" {
		t.Fatal("no garden session today")
	}
	marks := map[string]domain.Attendance{}
	for _, m := range v.Attendance(si.Session.ID) {
		marks[m.PersonID] = m
	}
	pid := ""
	for _, id := range si.Expected {
		if marks[id].Status == "" {
			pid = id
			break
		}
	}
	if pid == "" {
		t.Fatal("everyone is marked")
	}
	act := domain.MarkPerson(si.Session, pid, marks[pid], domain.Attendance{Status: domain.StatusPresent}, demo.StaffFacilitator, testNow, nil)
	rec := audit.Recorder{Device: h.st.Device(), Now: func() time.Time { return testNow }, Exists: audit.ExistsIn(v)}
	if err := rec.Save(h.st, demo.StaffFacilitator, act.Changes...); err != nil {
		t.Fatal(err)
	}
	markID = domain.AttendanceID(si.Session.ID, pid)
	e, err := h.st.Entity(domain.KindAttendance, markID)
	if err != nil {
		t.Fatal(err)
	}
	local := e.Fields["status"].Stamp
	w := record.Write{Kind: domain.KindAttendance, ID: markID, Field: "status", Value: remote,
		Stamp: hlc.Timestamp{Wall: local.Wall + 60_000, Device: "tablet-2"}, Staff: "demo-staff-hannah"}
	// The pull brings the write and the server's record of the conflict.
	c := domain.ConflictEntity(&record.Conflict{Kind: w.Kind, ID: w.ID, Field: w.Field,
		Winner: record.FieldState{Value: w.Value, Stamp: w.Stamp, Staff: w.Staff}, Loser: e.Fields["status"]}, "server")
	res, err := h.st.ApplyRemote(append([]record.Write{w}, c.Writes()...), nil)
	if err != nil || res.Conflicts != 1 {
		t.Fatalf("applying the remote write: %+v %v", res, err)
	}
	return markID
}

func TestAdminConflictOnAttendance(t *testing.T) {
	cases := []struct {
		name       string
		keepLoser  bool
		wantStatus string
		wantMark   string
	}{
		{"keeping the set-aside tick makes it the mark", true, domain.StatusPresent, domain.ResolvedLoser},
		{"keeping the winner leaves the mark", false, domain.StatusAbsent, domain.ResolvedWinner},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h, _, _ := newAdminHarness(t, desktopSize)
			markID := conflictOnMark(t, h, domain.StatusAbsent)
			h.signIn(domain.RoleAdministrator)
			a := h.showAdmin()
			if got := a.tabs[adminConflicts].Text; got != "Conflicts (1)" {
				t.Fatalf("tab reads %q", got)
			}
			a.onSection(adminConflicts)
			s := a.conflicts
			if len(s.cards) != 1 {
				t.Fatalf("%d conflict cards", len(s.cards))
			}
			var card *conflictCard
			for _, c := range s.cards {
				card = c
			}
			if card.conflict.EntityID != markID || card.conflict.WinnerValue != domain.StatusAbsent || card.conflict.LoserValue != domain.StatusPresent {
				t.Fatalf("conflict %+v", card.conflict)
			}
			shown := uitest.LaidOutText(s.box)
			for _, want := range []string{"Here", "Absent", "Status", "Garden group", "Hannah Wright", "Bev Okafor"} {
				if !strings.Contains(shown, want) {
					t.Errorf("the card does not show %q:\n%s", want, shown)
				}
			}
			if tc.keepLoser {
				test.Tap(card.keepLoser)
			} else {
				test.Tap(card.keepWinner)
			}
			row, _ := h.st.View().Get(domain.KindAttendance, markID)
			if got := row.Get("status"); got != tc.wantStatus {
				t.Fatalf("status %q, want %q", got, tc.wantStatus)
			}
			c, _ := h.st.View().Get(domain.KindConflict, card.conflict.ID)
			if c.Get("resolved") != tc.wantMark || c.Get("resolved_by") != demo.StaffAdmin {
				t.Fatalf("conflict after keeping: resolved %q by %q", c.Get("resolved"), c.Get("resolved_by"))
			}
			if len(s.cards) != 0 || a.tabs[adminConflicts].Text != "Conflicts" {
				t.Fatalf("resolved conflict still listed (%d cards, tab %q)", len(s.cards), a.tabs[adminConflicts].Text)
			}
			s.showResolved.SetChecked(true)
			if len(s.cards) != 1 || !strings.Contains(uitest.LaidOutText(s.box), "Resolved by Alex Morgan") {
				t.Fatalf("Show resolved: %d cards:\n%s", len(s.cards), uitest.LaidOutText(s.box))
			}
		})
	}
}

func TestAdminErasePerson(t *testing.T) {
	h, _, a := newAdminHarness(t, desktopSize)
	a.onSection(adminErase)
	s := a.erase
	var p domain.Person
	for _, row := range h.st.View().All(domain.KindPerson) {
		row.Decode(&p)
		if len(h.st.View().By(domain.KindAttendance, "person_id", p.ID)) > 0 {
			break
		}
	}
	test.Type(s.search, p.FullName())
	b := s.resultBtns[p.ID]
	if b == nil {
		t.Fatalf("%s not found", p.FullName())
	}
	test.Tap(b)
	if !s.chosenBox.Visible() || !strings.Contains(s.summary.Text, "Erasing "+p.FullName()) || !strings.Contains(s.summary.Text, "enrolment") {
		t.Fatalf("summary %q", s.summary.Text)
	}
	test.Tap(s.eraseBtn)
	e := s.eraseDlg
	test.Type(e.typed, "Someone")
	test.Tap(e.yes)
	if e.advice.Text == "" {
		t.Fatal("a wrong name was not questioned")
	}
	if _, ok := h.st.View().Person(p.ID); !ok {
		t.Fatal("erased after a wrong name")
	}
	e.typed.SetText(strings.ToUpper(p.FamilyName))
	test.Tap(e.yes)
	if _, ok := h.st.View().Person(p.ID); ok {
		t.Fatal("the person is still there")
	}
	for _, found := range h.st.View().SearchPeople(p.FullName(), 0) {
		if found.ID == p.ID {
			t.Fatal("the name is still found")
		}
	}
	if en := auditEntries(h, audit.Filter{Action: audit.ActionErased, EntityID: p.ID}); len(en) != 1 || en[0].Staff != demo.StaffAdmin {
		t.Fatalf("erased entries %+v", en)
	}
	if !strings.Contains(s.msg.Text, "has been erased") || s.chosenBox.Visible() {
		t.Fatalf("after erasing: %q", s.msg.Text)
	}
}

// addCase saves a person with one referral, closed on closed ("" is open).
func addCase(t *testing.T, h *harness, given, family, closed string) string {
	t.Helper()
	p := domain.Person{ID: domain.NewID(), GivenName: given, FamilyName: family}
	ref := domain.Referral{ID: domain.NewID(), PersonID: p.ID, Source: domain.SourceGP, Received: "2022-01-05", Closed: closed, Status: "open"}
	if closed != "" {
		ref.Status = "closed"
	}
	if err := h.st.Save(demo.StaffAdmin,
		record.Change{Kind: domain.KindPerson, ID: p.ID, Fields: domain.Encode(p)},
		record.Change{Kind: domain.KindReferral, ID: ref.ID, Fields: domain.Encode(ref)}); err != nil {
		t.Fatal(err)
	}
	return p.ID
}

func TestAdminRetention(t *testing.T) {
	h, _, a := newAdminHarness(t, desktopSize)
	old := addCase(t, h, "Olwen", "Pryce", "2023-02-10")
	open := addCase(t, h, "Oscar", "Pryce", "")
	recent := addCase(t, h, "Ottilie", "Pryce", "2026-09-30")
	a.onSection(adminErase)
	s := a.erase
	if s.retention.Selected != retentionChoices[0].label || s.eraseAll.Visible() {
		t.Fatalf("default retention %q, erase all shown %v", s.retention.Selected, s.eraseAll.Visible())
	}
	s.retention.SetSelected("2 years after the case closed")
	// The period is the organisation's: a synced settings record.
	if got := h.st.View().OrgSettings().RetentionMonths; got != 24 {
		t.Fatalf("organisation retention %d months, want 24", got)
	}
	if len(s.expired) != 1 || s.expired[0] != old || !strings.Contains(s.expiredList.Text, "Olwen Pryce") || !s.eraseAll.Visible() {
		t.Fatalf("expired %v, list %q", s.expired, s.expiredList.Text)
	}
	test.Tap(s.eraseAll)
	if s.bulkDlg == nil {
		t.Fatal("Erase all did not ask first")
	}
	test.Tap(s.bulkDlg.yes)
	v := h.st.View()
	if _, ok := v.Person(old); ok {
		t.Fatal("the expired person is still there")
	}
	for _, id := range []string{open, recent} {
		if _, ok := v.Person(id); !ok {
			t.Fatalf("%s was erased too", id)
		}
	}
	en := auditEntries(h, audit.Filter{Action: audit.ActionErased, EntityID: old})
	if len(en) != 1 || !strings.Contains(en[0].Detail, "retention") {
		t.Fatalf("entries %+v", en)
	}
	if len(s.expired) != 0 || s.eraseAll.Visible() || !strings.Contains(s.msg.Text, "1 person was erased") {
		t.Fatalf("after erasing: %v %q", s.expired, s.msg.Text)
	}
}

// TestAdminTouchTargets checks every button, entry, drop-down and tick box
// of every section is at least 44 px high once laid out, on a tablet held
// upright.
func TestAdminTouchTargets(t *testing.T) {
	size := fyne.NewSize(800, 1280)
	h, keys, a := newAdminHarness(t, size)
	conflictOnMark(t, h, domain.StatusAbsent)
	addCase(t, h, "Olwen", "Pryce", "2023-02-10")
	for i := 0; i < 3; i++ {
		_, _ = keys.File.Unlock(demo.StaffFacilitator, "000000")
	}
	h.signIn(domain.RoleAdministrator)
	a = h.showAdmin()
	a.erase.retention.SetSelected("2 years after the case closed")
	a.erase.search.SetText("Olwen")
	for _, name := range adminSections {
		t.Run(name, func(t *testing.T) {
			a.onSection(name)
			h.w.Resize(size.AddWidthHeight(0, 1))
			h.w.Resize(size)
			n := 0
			var walk func(o fyne.CanvasObject)
			walk = func(o fyne.CanvasObject) {
				if o == nil || !o.Visible() {
					return
				}
				switch x := o.(type) {
				case *widget.Button, *widget.Entry, *widget.Select, *widget.Check:
					n++
					if ht := o.Size().Height; ht < 44 {
						t.Errorf("%T %q is %.0f px high", x, uitest.ControlLabel(x), ht)
					}
				case *container.Scroll:
					walk(x.Content)
				case *fyne.Container:
					for _, k := range x.Objects {
						walk(k)
					}
				}
			}
			walk(a.Content())
			if n < 3 {
				t.Errorf("only %d controls found", n)
			}
		})
	}
}

// TestAdminRemoveFromEveryDevice: "From every device" takes Bev off this
// device and deletes her staff record, which every other device reads at
// her next unlock there (desktop's signInAs refuses her PIN); she is no
// longer offered a PIN here.
func TestAdminRemoveFromEveryDevice(t *testing.T) {
	h, keys, a := newAdminHarness(t, desktopSize)
	s := a.staff
	test.Tap(edit(t, s, demo.StaffFacilitator).remove)
	if s.confirmDlg == nil || s.confirmDlg.everywhere == nil {
		t.Fatal("Remove does not offer to remove her from every device")
	}
	uitest.Shot(t, h.w, "remove-staff-from-every-device")
	test.Tap(s.confirmDlg.everywhere)
	if _, err := keys.Status(demo.StaffFacilitator); err == nil {
		t.Fatal("Bev is still on the device")
	}
	e, err := h.st.Entity(domain.KindStaff, demo.StaffFacilitator)
	if err != nil || !e.Deleted() {
		t.Fatal("Bev's staff record was not deleted, so other devices still let her in")
	}
	es := auditEntries(h, audit.Filter{Action: audit.ActionStaffChanged, EntityID: demo.StaffFacilitator})
	if len(es) != 1 || es[0].Detail != "removed from every device" {
		t.Fatalf("entries %+v", es)
	}
	if r := s.rows[demo.StaffFacilitator]; r != nil {
		t.Error("Bev is listed here after she was removed from every device")
	}
}

// TestRemoveFromEveryDeviceOnlyWhereTheServerTakesIt: on a device enrolled
// for reception the server refuses a staff record's deletion, and a new
// role or venues for someone on record (access.ActionManageStaff), so
// Remove offers this device only, and Role and Where they work are
// not offered; the row says where to do it.
func TestRemoveFromEveryDeviceOnlyWhereTheServerTakesIt(t *testing.T) {
	h, _, a := newAdminHarness(t, desktopSize)
	if err := h.st.SetMeta(map[string][]byte{shell.MetaSyncScope: []byte(`{"organisation":true}`), shell.MetaSyncRole: []byte(domain.RoleReception)}); err != nil {
		t.Fatal(err)
	}
	s := a.staff
	s.refresh()
	// Nor a new role or venues for someone on record: every device signs
	// them in with no higher a role than the record's.
	if e := edit(t, s, demo.StaffFacilitator); !e.role.Disabled() || !e.venues.Disabled() || !e.roleWhy.Visible() || !e.venuesWhy.Visible() {
		t.Errorf("a reception desk offers Role (disabled %v) and Works at (disabled %v), which the server refuses, or does not say why", e.role.Disabled(), e.venues.Disabled())
	}
	if !strings.Contains(s.rows[demo.StaffFacilitator].status.Text, "on the administrator's office device") {
		t.Errorf("Bev's row does not say where to change her role: %q", s.rows[demo.StaffFacilitator].status.Text)
	}
	test.Tap(edit(t, s, demo.StaffFacilitator).remove)
	if s.confirmDlg == nil {
		t.Fatal("Remove did not ask first")
	}
	if s.confirmDlg.everywhere != nil {
		t.Error("a reception desk offers to remove her from every device, which the server refuses")
	}
	if s.confirmDlg.yes.Text != "Remove Bev Okafor" {
		t.Errorf("the one button reads %q", s.confirmDlg.yes.Text)
	}
}

// TestAReceptionDeskGivesNoRoleToARecordWithout: the server takes a role
// for a staff record it holds without one only from a device that manages
// staff (it would lower them on every device), so a reception desk
// neither offers Role for someone whose record has none nor
// writes their key file's role with a new name.
func TestAReceptionDeskGivesNoRoleToARecordWithout(t *testing.T) {
	h, _, a := newAdminHarness(t, desktopSize)
	if err := h.st.SetMeta(map[string][]byte{shell.MetaSyncScope: []byte(`{"organisation":true}`), shell.MetaSyncRole: []byte(domain.RoleReception)}); err != nil {
		t.Fatal(err)
	}
	if err := h.st.Save(demo.StaffAdmin, record.Change{Kind: domain.KindStaff, ID: demo.StaffFacilitator, Fields: map[string]string{"role": ""}}); err != nil {
		t.Fatal(err)
	}
	s := a.staff
	s.refresh()
	e := edit(t, s, demo.StaffFacilitator)
	if !e.role.Disabled() {
		t.Error("a reception desk offers Role for Bev, whose record has no role: the server refuses it")
	}
	e.name.SetText("Beverley Okafor")
	test.Tap(e.save)
	r, _ := h.st.View().Get(domain.KindStaff, demo.StaffFacilitator)
	if r.Get("name") != "Beverley Okafor" || r.Get("role") != "" {
		t.Errorf("Bev's record after the desk renamed her: name %q role %q, want no role", r.Get("name"), r.Get("role"))
	}
}
