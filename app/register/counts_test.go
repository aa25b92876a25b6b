package register

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// walkInFromSearch finds someone not on the register by name and marks
// them here, as a facilitator does for a known face: a walk-in.
func walkInFromSearch(t *testing.T, h *harness, r *Register, skip map[string]bool) string {
	t.Helper()
	for _, row := range h.st.View().All(domain.KindPerson) {
		var p domain.Person
		row.Decode(&p)
		if _, on := r.people[p.ID]; on || skip[p.ID] || p.Deleted || p.MergedInto != "" || len([]rune(p.FamilyName)) < 3 {
			continue
		}
		r.search.SetText(p.GivenName + " " + p.FamilyName)
		for _, rr := range r.rows {
			if rr.Person.ID == p.ID && rr.Other {
				test.Tap(h.row(r, p.ID).mark)
				r.search.SetText("")
				return p.ID
			}
		}
	}
	t.Fatal("nobody to walk in")
	return ""
}

func TestAttendanceHeadlineCountsWalkInsOnce(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleFacilitator)
	r := h.openRegister(garden)
	here, expected := r.info.Summary.Present, r.info.Summary.Expected
	w1 := walkInFromSearch(t, h, r, nil)
	want := fmt.Sprintf("%d here: %d of %d expected + 1 walk-in", here+1, here, expected)
	if !strings.HasPrefix(r.countsLabel.Text, want) {
		t.Errorf("the register says %q, want %q", r.countsLabel.Text, want)
	}
	walkInFromSearch(t, h, r, map[string]bool{w1: true})
	want = fmt.Sprintf("%d here: %d of %d expected + 2 walk-ins", here+2, here, expected)
	if !strings.HasPrefix(r.countsLabel.Text, want) {
		t.Errorf("the register says %q, want %q", r.countsLabel.Text, want)
	}
	test.Tap(r.closeBtn)
	if s := r.closeDlg.summary.Text; !strings.Contains(s, want) || !strings.Contains(s, "2 walk-ins (now enrolled)") {
		t.Errorf("closing says %q", s)
	}
	r.closeDlg.d.Hide()
	uitest.MustShow(t, h.today().Content(), want)

	// One walk-in where nobody was expected.
	a := domain.Activity{ID: "act-new-empty", Name: "Walk and talk", VenueID: r.info.Activity.VenueID,
		Schedule: "weekly", Weekday: testNow.Weekday(), StartDate: "2026-11-01", StartTime: "13:00", EndTime: "14:00"}
	if err := h.sh.Save(record.Change{Kind: domain.KindActivity, ID: a.ID, Fields: domain.Encode(a)}); err != nil {
		t.Fatal(err)
	}
	r = h.openRegister(a.ID)
	walkInFromSearch(t, h, r, nil)
	if r.countsLabel.Text != "1 walk-in here" {
		t.Errorf("the register says %q, want %q", r.countsLabel.Text, "1 walk-in here")
	}
}

func TestClosedRegisterKeepsToWhoWasExpected(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleFacilitator)
	r := h.openRegister(garden)
	test.Tap(r.closeBtn)
	test.Tap(r.closeDlg.confirm)
	before := r.info.Summary

	// A link worker matches someone to the garden group after it closed.
	var newcomer domain.Person
	for _, row := range h.st.View().All(domain.KindPerson) {
		var p domain.Person
		row.Decode(&p)
		if _, on := r.people[p.ID]; !on && !p.Deleted && p.MergedInto == "" {
			newcomer = p
			break
		}
	}
	e := domain.Enrolment{ID: domain.EnrolmentID(garden, newcomer.ID), ActivityID: garden, PersonID: newcomer.ID,
		VenueID: r.info.Session.VenueID, Started: r.info.Session.Date}
	if err := h.sh.Save(record.Change{Kind: domain.KindEnrolment, ID: e.ID, Fields: domain.Encode(e)}); err != nil {
		t.Fatal(err)
	}
	r = h.openRegister(garden)
	if _, on := r.people[newcomer.ID]; on {
		t.Errorf("%s, matched after the session closed, is on its register", newcomer.FullName())
	}
	if r.info.Summary.Expected != before.Expected || r.info.Summary.Unmarked != before.Unmarked {
		t.Errorf("after a later match the closed register expects %d with %d to mark, was %d with %d",
			r.info.Summary.Expected, r.info.Summary.Unmarked, before.Expected, before.Unmarked)
	}
	// Reopened, the register is live again and expects them.
	test.Tap(r.reopenBtn)
	if _, on := r.people[newcomer.ID]; !on {
		t.Errorf("%s is not on the reopened register", newcomer.FullName())
	}
}

// TestTodaySaysToMarkAsTheRegisterDoes: Today's card and the register put
// the people not yet marked in the same words ("13 to mark"), not "13 to
// go" on one and "13 to mark" on the other for the same people.
func TestTodaySaysToMarkAsTheRegisterDoes(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(800, 1280), desktopSize} {
		t.Run(sizeName(size), func(t *testing.T) {
			h := newHarness(t, true, size)
			h.signIn(domain.RoleFacilitator)
			r := h.openRegister(garden)
			left := r.info.Summary.Unmarked
			if left == 0 {
				t.Fatal("the demo register has nobody to mark")
			}
			want := fmt.Sprintf("%d to mark", left)
			if !strings.Contains(r.countsLabel.Text, want) {
				t.Errorf("the register says %q, want %q in it", r.countsLabel.Text, want)
			}
			today := uitest.LaidOutText(h.today().Content())
			uitest.Shot(t, h.w, "today-to-mark-"+sizeName(size))
			if !strings.Contains(today, want) {
				t.Errorf("Today does not say %q:\n%s", want, today)
			}
			if strings.Contains(today, "to go") {
				t.Errorf("Today says \"to go\":\n%s", today)
			}
		})
	}
}
