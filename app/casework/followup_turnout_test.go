package casework

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestFollowUpSaysWhetherTheyWent: beside "Matched to", the follow-up says
// how many sessions they came to since (domain.TurnoutSince): here and
// late came, absent did not, a session called off is not counted, nor one
// before the match.
func TestFollowUpSaysWhetherTheyWent(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	mark := func(date, status string) []record.Change {
		sid := domain.SessionID(actGarden, date)
		return []record.Change{
			domain.Create(domain.KindSession, sid, domain.Session{ActivityID: actGarden, VenueID: venueGarden, Date: date}),
			domain.Create(domain.KindAttendance, domain.AttendanceID(sid, personAnn), domain.Attendance{SessionID: sid, PersonID: personAnn,
				ActivityID: actGarden, VenueID: venueGarden, Date: date, Status: status}),
		}
	}
	changes := []record.Change{
		domain.Create(domain.KindMatch, "m1", domain.Match{PersonID: personAnn, ActivityID: actGarden, Date: "2026-02-11"}),
		domain.Create(domain.KindEnrolment, domain.EnrolmentID(actGarden, personAnn), domain.Enrolment{ActivityID: actGarden, PersonID: personAnn,
			VenueID: venueGarden, Started: "2026-02-11"}),
		domain.Create(domain.KindFollowUp, "f1", domain.FollowUp{PersonID: personAnn, Due: "2026-03-18"}),
	}
	for d, st := range map[string]string{"2026-02-04": domain.StatusPresent, "2026-02-11": domain.StatusPresent, "2026-02-18": domain.StatusLate,
		"2026-02-25": domain.StatusAbsent, "2026-03-04": domain.StatusPresent, "2026-03-11": domain.StatusApologies} {
		changes = append(changes, mark(d, st)...)
	}
	saveAll(t, s, changes...)
	called, err := domain.CancelSession(domain.Session{ID: domain.SessionID(actGarden, "2026-03-04"), ActivityID: actGarden, VenueID: venueGarden,
		Date: "2026-03-04"}, domain.CancelReasons[0], "", "staff-priya", time.Date(2026, 3, 4, 8, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	saveAll(t, s, called)

	f := NewFollowUp(s, linkWorker(), "f1")
	show(t, f.Content())
	mustShow(t, f.Content(), "Matched to Garden group on Wed 11 Feb 2026. Came 2 of 4 sessions since, last on Wed 18 Feb 2026.")

	// The case counts the same way, from the first session: the one
	// called off is not counted there either.
	c := NewCase(s, linkWorker(), personAnn)
	show(t, c.Content())
	mustShow(t, c.Content(), "Garden group at ")
	mustShow(t, c.Content(), ": came to 3 of 5 sessions · last came Wed 18 Feb 2026")
}

// TestFollowUpSaysWhichRegistersClosedWithoutThem: two registers closed
// expecting Ann without a mark for her. "Came to the 1 session since"
// alone would read as though she came every time; the follow-up and the
// case say the closed registers too.
func TestFollowUpSaysWhichRegistersClosedWithoutThem(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	changes := []record.Change{
		domain.Create(domain.KindMatch, "m1", domain.Match{PersonID: personAnn, ActivityID: actGarden, Date: "2026-02-11"}),
		domain.Create(domain.KindEnrolment, domain.EnrolmentID(actGarden, personAnn), domain.Enrolment{ActivityID: actGarden, PersonID: personAnn,
			VenueID: venueGarden, Started: "2026-02-11"}),
		domain.Create(domain.KindFollowUp, "f1", domain.FollowUp{PersonID: personAnn, Due: "2026-03-18"}),
	}
	for i, date := range []string{"2026-02-11", "2026-02-18", "2026-02-25"} {
		sid := domain.SessionID(actGarden, date)
		changes = append(changes, domain.Create(domain.KindSession, sid, domain.Session{ActivityID: actGarden, VenueID: venueGarden, Date: date,
			Closed: true, ExpectedAtClose: []string{personAnn}}))
		if i == 0 {
			changes = append(changes, domain.Create(domain.KindAttendance, domain.AttendanceID(sid, personAnn), domain.Attendance{SessionID: sid,
				PersonID: personAnn, ActivityID: actGarden, VenueID: venueGarden, Date: date, Status: domain.StatusPresent}))
		}
	}
	saveAll(t, s, changes...)

	f := NewFollowUp(s, linkWorker(), "f1")
	show(t, f.Content())
	mustShow(t, f.Content(), "Matched to Garden group on Wed 11 Feb 2026. Came to the 1 session since, on Wed 11 Feb 2026; 2 registers were closed without marking them.")
	c := NewCase(s, linkWorker(), personAnn)
	show(t, c.Content())
	mustShow(t, c.Content(), ": came to 1 of 1 session · last came Wed 11 Feb 2026 · 2 registers were closed without marking them")
}
