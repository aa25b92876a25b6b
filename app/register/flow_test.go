package register

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
)

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
	if m.Status != domain.StatusPresent || m.MarkedBy != h.sh.Who.ID || m.MarkedAt.IsZero() {
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
			label, _, _ := kit.StatusLabel(st)
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

	t.Run("FocusSearch (the shell's Ctrl+F) focuses the search", func(t *testing.T) {
		h.w.Canvas().Unfocus()
		var _ shell.SearchFocuser = r
		r.FocusSearch()
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
		// A link worker: matching on date of birth is for roles that see it
		// (a facilitator is asked about the same name only, see
		// TestWalkInDuplicateShowsOnlyWhatTheRoleSees).
		h.signIn(domain.RoleLinkWorker)
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
	if !s.Closed || s.ClosedBy != h.sh.Who.ID || s.ClosedAt.IsZero() || s.Note != "Lovely sunny morning" {
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

func TestTodayDays(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleFacilitator)
	s := h.today()
	// Bev works at the garden and the church hall (demo.Staff): their
	// sessions today, not the gallery's (access.TodayVenues).
	if len(s.sessions) != 2 || !strings.HasPrefix(s.dateLabel.Text, "Today") {
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
	// Venue filter from settings: the device's venues, whoever works where.
	h.sh.SetMeta(map[string]string{shell.MetaVenues: `["demo-venue-gallery"]`})
	s.Refresh()
	if len(s.sessions) != 1 || s.sessions[0].Venue.Name != "Vale Gallery" {
		t.Fatalf("with one venue chosen: %+v", s.sessions)
	}
}
