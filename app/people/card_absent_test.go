package people

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestCardAbsentStandsOutAsMuchAsLate: on a person card's attendance,
// Absent (no show, no word: the mark of someone drifting away) is in
// colour at least as strong as Late and Left early, never the grey of
// Apologies (they said why) that the eye passes over.
func TestCardAbsentStandsOutAsMuchAsLate(t *testing.T) {
	const act, pid = "act-garden", "p-drift"
	h := newHarness(t, true, portraitSize)
	h.signIn(domain.RoleLinkWorker)
	statuses := map[string]string{"2026-10-31": domain.StatusApologies, "2026-11-07": domain.StatusLate,
		"2026-11-14": domain.StatusAbsent, "2026-10-24": domain.StatusLeftEarly, "2026-10-17": domain.StatusPresent}
	chs := []record.Change{
		{Kind: domain.KindVenue, ID: "v-garden", Fields: map[string]string{"name": "Garden"}},
		{Kind: domain.KindActivity, ID: act, Fields: domain.Encode(domain.Activity{Name: "Garden group", VenueID: "v-garden", Weekday: 6, StartTime: "10:00", EndTime: "12:00"})},
		{Kind: domain.KindPerson, ID: pid, Fields: map[string]string{"given_name": "Dana", "family_name": "Drift"}},
		{Kind: domain.KindEnrolment, ID: domain.EnrolmentID(act, pid), Fields: domain.Encode(domain.Enrolment{ActivityID: act, PersonID: pid, VenueID: "v-garden", Started: "2026-10-01"})},
	}
	for date, st := range statuses {
		sid := domain.SessionID(act, date)
		chs = append(chs, record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(sid, pid), Fields: domain.Encode(domain.Attendance{
			SessionID: sid, PersonID: pid, ActivityID: act, VenueID: "v-garden", Date: date, Status: st})})
	}
	if err := h.st.Save(h.sh.Who.ID, chs...); err != nil {
		t.Fatal(err)
	}
	ps := NewCard(h.sh, pid)
	h.sh.Push(ps)
	ps.Refresh()
	shown := map[string]widget.Importance{}
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			shown[w.Text] = w.Importance
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		}
	}
	walk(ps.history)
	imp := func(status string) widget.Importance {
		t.Helper()
		i, ok := shown[domain.StatusLabel(status)]
		if !ok {
			t.Fatalf("no %q in the attendance shown: %v", domain.StatusLabel(status), shown)
		}
		return i
	}
	// How strongly each importance draws the eye on a card's history.
	strength := map[widget.Importance]int{widget.LowImportance: 0, widget.MediumImportance: 1,
		widget.SuccessImportance: 2, widget.WarningImportance: 2, widget.DangerImportance: 3, widget.HighImportance: 2}
	absent, late, apologies := imp(domain.StatusAbsent), imp(domain.StatusLate), imp(domain.StatusApologies)
	if strength[absent] < strength[late] || absent == apologies {
		t.Errorf("Absent shows with importance %v, Late %v and Apologies %v: want Absent at least as strong as Late and not in Apologies' grey",
			absent, late, apologies)
	}
	if strength[imp(domain.StatusLeftEarly)] > strength[absent] {
		t.Errorf("Left early stands out more than Absent")
	}
}
