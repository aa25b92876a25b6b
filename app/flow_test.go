package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/people"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/version"
)

var desktopSize = fyne.NewSize(1280, 800)

func TestMarkChangeUndo(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleFacilitator)
	r := h.openRegister(garden)
	sid := r.sessionID
	before := r.info.Summary.Present
	pid := firstUnmarked(t, r)

	// One tap marks present, saved at once.
	test.Tap(h.row(r, pid).mark)
	m := h.mark(sid, pid)
	if m.Status != domain.StatusPresent || m.MarkedBy != h.u.staff.ID || m.MarkedAt.IsZero() {
		t.Fatalf("after one tap the mark is %+v", m)
	}
	if got := r.info.Summary.Present; got != before+1 {
		t.Fatalf("present count %d, want %d", got, before+1)
	}
	if !strings.HasPrefix(r.countsLabel.Text, "") || !strings.Contains(r.countsLabel.Text, "here of") {
		t.Fatalf("counts label %q", r.countsLabel.Text)
	}
	if sess, ok := h.st.View().Get(domain.KindSession, sid); !ok || sess.Get("activity_id") != garden {
		t.Fatal("marking did not record the session")
	}

	// Tapping a marked person opens the other states: late, with a carer, a note.
	test.Tap(h.row(r, pid).mark)
	if r.stateDlg == nil {
		t.Fatal("tapping a marked person did not offer the other states")
	}
	test.Tap(r.stateDlg.statusBtn[domain.StatusLate])
	r.stateDlg.companion.SetSelected("With a carer")
	test.Type(r.stateDlg.note, "bus was late")
	test.Tap(r.stateDlg.save)
	m = h.mark(sid, pid)
	if m.Status != domain.StatusLate || m.Companion != "carer" || m.Note != "bus was late" {
		t.Fatalf("after changing state the mark is %+v", m)
	}
	if r.stateDlg != nil {
		t.Fatal("the dialog stayed open after Save")
	}

	// Undo goes back one action at a time.
	test.Tap(r.undoBtn)
	m = h.mark(sid, pid)
	if m.Status != domain.StatusPresent || m.Companion != "" || m.Note != "" {
		t.Fatalf("after one undo the mark is %+v", m)
	}
	test.Tap(r.undoBtn)
	if m = h.mark(sid, pid); m.Status != "" {
		t.Fatalf("after two undos the mark is %+v", m)
	}
	if !r.undoBtn.Disabled() {
		t.Fatal("Undo is enabled with nothing to undo")
	}
	if got := r.info.Summary.Present; got != before {
		t.Fatalf("present count %d after undo, want %d", got, before)
	}
}

func TestStatesFromMore(t *testing.T) {
	for _, st := range domain.AttendanceStatuses {
		t.Run(st, func(t *testing.T) {
			h := newHarness(t, true, desktopSize)
			h.signIn(domain.RoleFacilitator)
			r := h.openRegister(garden)
			pid := firstUnmarked(t, r)
			test.Tap(h.row(r, pid).more)
			test.Tap(r.stateDlg.statusBtn[st])
			test.Tap(r.stateDlg.save)
			if got := h.mark(r.sessionID, pid).Status; got != st {
				t.Fatalf("status %q, want %q", got, st)
			}
			label, _, _ := statusLabel(st)
			if got := h.row(r, pid).mark.Text; got != label {
				t.Fatalf("row button reads %q, want %q", got, label)
			}
		})
	}
}

func TestSearch(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleFacilitator)
	r := h.openRegister(garden)
	target := r.people[firstUnmarked(t, r)]

	t.Run("filters as you type", func(t *testing.T) {
		total := len(r.rows)
		q := strings.ToLower(target.FamilyName[:3])
		test.Type(r.search, q)
		if len(r.rows) == 0 || len(r.rows) >= total {
			t.Fatalf("%d rows for %q (of %d)", len(r.rows), q, total)
		}
		for _, row := range r.rows {
			if row.Other {
				continue
			}
			if !domain.NameMatches(domain.QueryWords(q), domain.NameKeys(row.Person.GivenName, row.Person.FamilyName, row.Person.PreferredName)) {
				t.Errorf("%s does not match %q", row.Person.FullName(), q)
			}
		}
		r.search.SetText("")
		if len(r.rows) != total {
			t.Fatalf("clearing the search left %d rows, want %d", len(r.rows), total)
		}
	})

	t.Run("Enter marks the first match", func(t *testing.T) {
		r.search.SetText(target.GivenName + " " + target.FamilyName)
		r.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		if got := h.mark(r.sessionID, target.ID).Status; got != domain.StatusPresent {
			t.Fatalf("Enter left %s as %q", target.FullName(), got)
		}
		if r.search.Text != "" {
			t.Fatalf("search not cleared after marking: %q", r.search.Text)
		}
	})

	t.Run("Ctrl+F focuses the search", func(t *testing.T) {
		h.w.Canvas().Unfocus()
		h.w.Canvas().(fyne.Shortcutable).TypedShortcut(&desktopShortcutF)
		if h.w.Canvas().Focused() != r.search {
			t.Fatalf("focus is on %T", h.w.Canvas().Focused())
		}
	})

	t.Run("someone not on the register is found and added", func(t *testing.T) {
		// Someone enrolled elsewhere only.
		var other domain.Person
		for _, row := range h.st.View().All(domain.KindPerson) {
			if _, on := r.people[row.ID]; !on {
				row.Decode(&other)
				break
			}
		}
		r.search.SetText(other.GivenName + " " + other.FamilyName)
		var found *regRow
		for i := range r.rows {
			if r.rows[i].Person.ID == other.ID {
				found = &r.rows[i]
			}
		}
		if found == nil || !found.Other {
			t.Fatalf("%s not offered from outside the register: %+v", other.FullName(), r.rows)
		}
		test.Tap(h.row(r, other.ID).mark)
		if got := h.mark(r.sessionID, other.ID).Status; got != domain.StatusPresent {
			t.Fatalf("status %q", got)
		}
		if row, ok := h.st.View().Get(domain.KindEnrolment, domain.EnrolmentID(garden, other.ID)); !ok || row.Get("deleted") == "true" {
			t.Fatal("they were not enrolled")
		}
		if r.info.Summary.WalkIns != 1 {
			t.Fatalf("walk-ins = %d, want 1", r.info.Summary.WalkIns)
		}
	})
}

func countPeople(h *harness) int { return len(h.st.View().All(domain.KindPerson)) }

func TestWalkIn(t *testing.T) {
	t.Run("new person is created, enrolled and marked", func(t *testing.T) {
		h := newHarness(t, true, desktopSize)
		h.signIn(domain.RoleFacilitator)
		r := h.openRegister(garden)
		n := countPeople(h)
		test.Tap(r.walkInBtn)
		w := r.walkIn
		test.Tap(w.addBtn) // empty form
		if !w.errLabel.Visible() || countPeople(h) != n {
			t.Fatal("an empty form was accepted")
		}
		test.Type(w.given, "Winifred")
		test.Type(w.family, "Ashworth-Kaye")
		test.Type(w.access, "Uses a stick")
		test.Tap(w.addBtn)
		if countPeople(h) != n+1 {
			t.Fatalf("people %d, want %d", countPeople(h), n+1)
		}
		var p domain.Person
		for _, pp := range h.st.View().SearchPeople("Winifred", 5) {
			p = pp
		}
		if p.AccessNeeds != "Uses a stick" {
			t.Fatalf("created %+v", p)
		}
		if got := h.mark(r.sessionID, p.ID).Status; got != domain.StatusPresent {
			t.Fatalf("walk-in status %q", got)
		}
		if _, ok := h.st.View().Get(domain.KindEnrolment, domain.EnrolmentID(garden, p.ID)); !ok {
			t.Fatal("walk-in not enrolled")
		}
		if r.info.Summary.WalkIns != 1 {
			t.Fatalf("walk-ins = %d", r.info.Summary.WalkIns)
		}
		// Undo takes them off the register again.
		test.Tap(r.undoBtn)
		if _, on := r.people[p.ID]; on {
			t.Fatal("undo left the walk-in on the register")
		}
	})

	t.Run("likely duplicate is offered before anyone is created", func(t *testing.T) {
		h := newHarness(t, true, desktopSize)
		h.signIn(domain.RoleFacilitator)
		r := h.openRegister(garden)
		// An existing person at another activity, typed with a slip and the same date of birth.
		var known domain.Person
		for _, row := range h.st.View().All(domain.KindPerson) {
			if _, on := r.people[row.ID]; !on {
				row.Decode(&known)
				break
			}
		}
		n := countPeople(h)
		test.Tap(r.walkInBtn)
		w := r.walkIn
		test.Type(w.given, strings.ToLower(known.GivenName))
		test.Type(w.family, known.FamilyName+"e")
		test.Type(w.dob, known.DateOfBirth)
		test.Tap(w.addBtn)
		if !w.dupBox.Visible() || len(w.dups) == 0 || w.dups[0].Person.ID != known.ID {
			t.Fatalf("no duplicate warning for %s: %+v", known.FullName(), w.dups)
		}
		if countPeople(h) != n {
			t.Fatal("a person was created before the duplicate was answered")
		}
		test.Tap(w.dupUse[0])
		if countPeople(h) != n {
			t.Fatal("choosing the existing person created a new one")
		}
		if got := h.mark(r.sessionID, known.ID).Status; got != domain.StatusPresent {
			t.Fatalf("existing person status %q", got)
		}
	})

	t.Run("a different person with a similar name can still be added", func(t *testing.T) {
		h := newHarness(t, true, desktopSize)
		h.signIn(domain.RoleFacilitator)
		r := h.openRegister(garden)
		known := r.people[r.expected[0]]
		n := countPeople(h)
		test.Tap(r.walkInBtn)
		w := r.walkIn
		test.Type(w.given, known.GivenName)
		test.Type(w.family, known.FamilyName)
		test.Tap(w.addBtn)
		if !w.dupBox.Visible() {
			t.Fatal("same name was not questioned")
		}
		test.Tap(w.addAnyway)
		if countPeople(h) != n+1 {
			t.Fatal("add anyway did not add")
		}
	})
}

func TestCloseSession(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleFacilitator)
	r := h.openRegister(garden)
	test.Tap(r.closeBtn)
	c := r.closeDlg
	if c == nil || !strings.Contains(c.summary.Text, "here of") {
		t.Fatal("no summary before closing")
	}
	test.Type(c.note, "Lovely sunny morning")
	test.Tap(c.confirm)
	var s domain.Session
	row, ok := h.st.View().Get(domain.KindSession, r.sessionID)
	if !ok {
		t.Fatal("no session")
	}
	row.Decode(&s)
	if !s.Closed || s.ClosedBy != h.u.staff.ID || s.ClosedAt.IsZero() || s.Note != "Lovely sunny morning" {
		t.Fatalf("session after close: %+v", s)
	}
	if !r.closedBar.Visible() || r.closeBtn.Visible() {
		t.Fatal("register does not show it is closed")
	}
	// Corrections are still possible, and it can be reopened.
	pid := firstUnmarked(t, r)
	test.Tap(h.row(r, pid).mark)
	if h.mark(r.sessionID, pid).Status != domain.StatusPresent {
		t.Fatal("could not correct a closed register")
	}
	test.Tap(r.reopenBtn)
	if row, _ := h.st.View().Get(domain.KindSession, r.sessionID); row.Get("closed") == "true" {
		t.Fatal("reopen did not reopen")
	}
}

func TestPersonCard(t *testing.T) {
	cases := []struct {
		role      string
		seesPhone bool
	}{
		{domain.RoleVolunteer, false},
		{domain.RoleFacilitator, false},
		{domain.RoleReception, true},
	}
	for _, tc := range cases {
		t.Run(tc.role, func(t *testing.T) {
			h := newHarness(t, true, desktopSize)
			h.signIn(tc.role)
			r := h.openRegister(garden)
			var pid string
			for _, id := range r.expected {
				if r.people[id].AccessNeeds != "" {
					pid = id
					break
				}
			}
			test.Tap(h.row(r, pid).card)
			if _, ok := h.u.current().(*people.Card); !ok {
				t.Fatalf("Card showed %T", h.u.current())
			}
			root := h.w.Canvas().Content()
			shown := strings.Join(uitest.Texts(root), "\n")
			p := r.people[pid]
			if !laidOutLabel(h, p.FullName()) || !laidOutLabel(h, p.AccessNeeds) {
				t.Fatalf("card does not show %q / %q:\n%s", p.FullName(), p.AccessNeeds, shown)
			}
			if !uitest.Shows(root, p.EmergencyContactName) {
				t.Fatalf("emergency contact %q not shown:\n%s", p.EmergencyContactName, shown)
			}
			summary := ""
			for _, s := range uitest.Texts(root) {
				if strings.HasPrefix(s, "Came to ") {
					summary = s
				}
			}
			if summary == "" {
				t.Fatalf("no attendance history:\n%s", shown)
			}
			if sees := uitest.Shows(root, "Phone: ") || uitest.Shows(root, "Born: "); sees != tc.seesPhone {
				t.Fatalf("%s sees contact details: %v", tc.role, sees)
			}
			// Info sheet from the card, then Back to the register.
			test.Tap(infoSheetButtons(root)[0])
			if savePrinted(t, h) == "" {
				t.Fatal("no info sheet written")
			}
			for h.w.Canvas().Overlays().Top() != nil { // "Ready to print"
				h.w.Canvas().Overlays().Top().Hide()
			}
			test.Tap(h.u.backBtn)
			if h.u.current() != r {
				t.Fatalf("Back showed %T", h.u.current())
			}
		})
	}
}

func TestTodayDays(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleFacilitator)
	h.u.ShowNav("today")
	s := h.u.current().(*todayScreen)
	if len(s.sessions) != 3 || !strings.HasPrefix(s.dateLabel.Text, "Today") {
		t.Fatalf("today: %d sessions, %q", len(s.sessions), s.dateLabel.Text)
	}
	test.Tap(s.nextBtn)
	if !strings.HasPrefix(s.dateLabel.Text, "Tomorrow") || len(s.sessions) != 1 {
		t.Fatalf("tomorrow: %d sessions, %q", len(s.sessions), s.dateLabel.Text)
	}
	test.Tap(s.prevBtn)
	test.Tap(s.prevBtn)
	if !strings.HasPrefix(s.dateLabel.Text, "Yesterday") {
		t.Fatalf("yesterday: %q", s.dateLabel.Text)
	}
	test.Tap(s.todayBtn)
	if !strings.HasPrefix(s.dateLabel.Text, "Today") {
		t.Fatalf("back to today: %q", s.dateLabel.Text)
	}
	// Venue filter from settings.
	h.u.setDeviceVenues([]string{"demo-venue-gallery"})
	s.Refresh()
	if len(s.sessions) != 1 || s.sessions[0].Venue.Name != "Vale Gallery" {
		t.Fatalf("with one venue chosen: %+v", s.sessions)
	}
}

func TestFirstRun(t *testing.T) {
	t.Run("demo", func(t *testing.T) {
		h := newHarness(t, false, desktopSize)
		h.u.Start()
		fr, ok := h.u.current().(*firstRunScreen)
		if !ok {
			t.Fatalf("an empty store opened on %T", h.u.current())
		}
		test.Tap(fr.demoBtn)
		who, ok := h.u.current().(*whoScreen)
		if !ok || len(who.buttons) == 0 {
			t.Fatalf("after demo: %T", h.u.current())
		}
		if h.u.Meta(metaDemo) != "true" || !h.u.demoChip.Visible() {
			t.Fatal("demo data is not marked as demo")
		}
		test.Tap(who.buttons["demo-staff-bev"])
		if _, ok := h.u.current().(*todayScreen); !ok || h.u.staff.Name != "Bev Okafor" {
			t.Fatalf("after choosing Bev: %T %+v", h.u.current(), h.u.staff)
		}
	})
	t.Run("this device only", func(t *testing.T) {
		h := newHarness(t, false, desktopSize)
		h.u.Start()
		fr := h.u.current().(*firstRunScreen)
		test.Tap(fr.localBtn)
		test.Tap(fr.localForm.Objects[3].(*fyne.Container).Objects[1].(*fyne.Container).Objects[0].(fyne.Tappable))
		if !fr.localErr.Visible() {
			t.Fatal("no name was accepted")
		}
		test.Type(fr.nameEntry, "Jo Bloggs")
		fr.onLocal()
		if h.u.staff.Name != "Jo Bloggs" {
			t.Fatalf("signed in as %+v", h.u.staff)
		}
		if h.u.Meta(metaSetup) != "device" {
			t.Fatal("first run not recorded")
		}
		today := h.u.current().(*todayScreen)
		if len(today.sessions) != 0 {
			t.Fatal("sessions on an empty store")
		}
	})
	t.Run("connect without a sync client says so", func(t *testing.T) {
		h := newHarness(t, false, desktopSize)
		h.u.Start()
		fr := h.u.current().(*firstRunScreen)
		test.Tap(fr.connectBtn)
		test.Tap(fr.connectGo)
		if !strings.Contains(fr.connectErr.Text, "server address") {
			t.Fatalf("error %q", fr.connectErr.Text)
		}
		test.Type(fr.serverEntry, "https://gather.example.org")
		test.Type(fr.codeEntry, "ABCD-1234")
		test.Tap(fr.connectGo)
		if !strings.Contains(fr.connectErr.Text, "cannot connect") {
			t.Fatalf("error %q", fr.connectErr.Text)
		}
	})
}

func TestSettingsAndSyncStatus(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleFacilitator)
	if got := h.u.syncLabel.Text; got != "Offline — saved on this device" {
		t.Fatalf("sync status %q", got)
	}
	h.u.ShowNav("settings")
	s := h.u.current().(*settingsScreen)
	if !strings.Contains(texts(s.content), version.String("Gather")) {
		t.Errorf("Settings does not say which version this is (%s)", version.String("Gather"))
	}
	s.venues.SetSelected([]string{"Vale Gallery"})
	if got := h.u.DeviceVenues(); len(got) != 1 || got[0] != "demo-venue-gallery" {
		t.Fatalf("device venues %v", got)
	}
	s.textSize.SetSelected("Largest")
	if h.u.theme.scale != textScale(TextLargest) || h.u.Meta(metaTextSize) != TextLargest {
		t.Fatal("text size not applied")
	}
	s.appearance.SetSelected("Dark")
	if h.u.Meta(metaTheme) != AppearanceDark {
		t.Fatal("appearance not saved")
	}
	cases := []struct {
		st   SyncStatus
		want string
	}{
		{SyncStatus{State: SyncNotConnected}, "Not connected"},
		{SyncStatus{State: SyncOffline, Pending: 3}, "Offline — saved on this device · 3 waiting"},
		{SyncStatus{State: SyncSyncing, Progress: 0.4}, "Syncing… 40%"},
		{SyncStatus{State: SyncSynced, LastSynced: testNow.Add(-10e9)}, "Synced just now"},
		{SyncStatus{State: SyncError, Pending: 1}, "Sync problem — your work is saved here · 1 waiting"},
	}
	for _, tc := range cases {
		t.Run(tc.want, func(t *testing.T) {
			if got, _ := syncStatusText(tc.st, testNow); !strings.HasPrefix(got, tc.want) {
				t.Fatalf("%q, want %q", got, tc.want)
			}
		})
	}
}

func TestPrintRegister(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleFacilitator)
	r := h.openRegister(garden)
	test.Tap(r.printBtn)
	savePrinted(t, h)
	if r.lastPrint == "" || !strings.HasSuffix(r.lastPrint, ".pdf") {
		t.Fatalf("no register PDF: %q", r.lastPrint)
	}
}

// infoSheetButtons are the info sheet buttons on a person's card, in the
// size their access needs ask for, top to bottom.
func infoSheetButtons(root fyne.CanvasObject) []*widget.Button {
	var out []*widget.Button
	for _, o := range test.LaidOutObjects(root) {
		if b, ok := o.(*widget.Button); ok && b.Visible() && (b.Text == "Info sheet" || b.Text == "Large-print info sheet") {
			out = append(out, b)
		}
	}
	return out
}
