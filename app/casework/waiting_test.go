package casework

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/domain"
)

// TestWaitingList: matching someone to a full activity puts them on its
// waiting list with the date, and does not enrol them; the next to be
// matched queues behind them; when a place frees, Casework shows who is
// next and how long they have waited, and giving them the place enrols
// them. A place that frees while people wait goes to them, not to whoever
// is matched next.
func TestWaitingList(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	const personCat, personDan = "p-cat", "p-dan"
	enrol := func(p string) {
		saveAll(t, s, domain.Create(domain.KindEnrolment, domain.EnrolmentID(actGarden, p),
			domain.Enrolment{ActivityID: actGarden, PersonID: p, VenueID: venueGarden, Started: "2026-02-01"}))
	}
	saveAll(t, s, domain.Create(domain.KindPerson, personCat, domain.Person{GivenName: "Cat", FamilyName: "Ng"}),
		domain.Create(domain.KindPerson, personDan, domain.Person{GivenName: "Dan", FamilyName: "Orr"}))
	enrol(personBob)
	enrol(personCat) // the garden's two places are taken

	match := func(person string, later time.Duration) *Matching {
		t.Helper()
		ctx := linkWorker()
		ctx.Now = func() time.Time { return today.Add(later) }
		m := NewMatching(s, ctx, person, "")
		show(t, m.Content())
		mustShow(t, m.Content(), "Full: all 2 places taken")
		test.Tap(m.checks[actGarden])
		test.Tap(m.save)
		return m
	}
	m := match(personAnn, 0)
	// 18 March 2026 is a Wednesday, the garden's day: today is next.
	mustShow(t, m.Content(), "Next session: Wed 18 Mar 2026")
	mustShow(t, m.Content(), "on the waiting list for Garden group (1st in line)")
	if _, ok := s.View().Get(domain.KindEnrolment, domain.EnrolmentID(actGarden, personAnn)); ok {
		t.Fatal("matching to a full activity enrolled them")
	}
	ms := all[domain.Match](s, domain.KindMatch, "person_id", personAnn)
	if len(ms) != 1 || ms[0].Waiting != todayDate || ms[0].ActivityID != actGarden || !domain.OnWaitingList(ms[0]) {
		t.Fatalf("Ann's matches: %+v", ms)
	}
	// Matched again, she keeps her place in line: no toggle, no second entry.
	again := NewMatching(s, linkWorker(), personAnn, "")
	show(t, again.Content())
	mustShow(t, again.Content(), "On the waiting list: 1st")
	if again.checks[actGarden] != nil {
		t.Error("someone on the waiting list is offered Match again")
	}

	match(personDan, time.Hour) // the same day, later
	dan := NewCase(s, linkWorker(), personDan)
	show(t, dan.Content())
	mustShow(t, dan.Content(), "On the waiting list since Wed 18 Mar 2026: 2nd in line", "Off the list")
	home := NewHome(s, linkWorker())
	show(t, home.Content())
	mustNotShow(t, home.Content(), "Places free for people waiting")

	// Bob finishes: a place frees. Ann is next, waiting since today.
	var bob domain.Enrolment
	if r, ok := s.View().Get(domain.KindEnrolment, domain.EnrolmentID(actGarden, personBob)); ok {
		r.Decode(&bob)
	}
	ended := bob
	ended.Ended = todayDate
	saveAll(t, s, domain.Changed(domain.KindEnrolment, bob.ID, bob, ended)...)

	// A place owed to those waiting is not offered to a newcomer.
	cat := NewMatching(s, linkWorker(), personBob, "")
	show(t, cat.Content())
	mustShow(t, cat.Content(), "Full: 1 place free, owed to the 2 people waiting. Matching puts them on the waiting list.")

	home.Refresh()
	mustShow(t, home.Content(), "Places free for people waiting", "Garden group · 1 place free, 2 waiting",
		"Next in line: Ann Lee, waiting since today.")
	if dir := os.Getenv("GATHER_SHOTS"); dir != "" {
		// To look at: GATHER_SHOTS=/tmp/x go test ./app/casework -run TestWaitingList
		w := show(t, home.Content())
		for _, f := range []struct {
			name string
			c    fyne.CanvasObject
		}{{"casework-places-free", home.Content()}, {"matching-full", cat.Content()}} {
			w.SetContent(f.c)
			w.Resize(fyne.NewSize(1280, 800))
			fh, err := os.Create(filepath.Join(dir, f.name+".png"))
			if err != nil {
				t.Fatal(err)
			}
			png.Encode(fh, w.Canvas().Capture())
			fh.Close()
		}
	}
	give := home.give[actGarden]
	if give == nil {
		t.Fatal("no Give them the place button")
	}
	test.Tap(give)
	en := get[domain.Enrolment](t, s, domain.KindEnrolment, domain.EnrolmentID(actGarden, personAnn))
	if !domain.EnrolledOn(en, todayDate) {
		t.Fatalf("Ann was not enrolled: %+v", en)
	}
	ms = all[domain.Match](s, domain.KindMatch, "person_id", personAnn)
	if len(ms) != 1 || ms[0].PlaceGiven != todayDate || domain.OnWaitingList(ms[0]) {
		t.Fatalf("Ann's match after: %+v", ms)
	}
	mustShow(t, home.Content(), "Ann Lee has a place on Garden group")
	mustNotShow(t, home.Content(), "Places free for people waiting") // full again; Dan still waits
	list := domain.WaitingList(all[domain.Match](s, domain.KindMatch, "activity_id", actGarden), actGarden)
	if len(list) != 1 || list[0].PersonID != personDan {
		t.Fatalf("waiting list after: %+v", list)
	}
	ann := NewCase(s, linkWorker(), personAnn)
	show(t, ann.Content())
	mustShow(t, ann.Content(), "Given a place from the waiting list on Wed 18 Mar 2026, the day they joined it")

	// Dan no longer wants to wait: taken off the list, and no enrolment.
	dan = NewCase(s, linkWorker(), personDan)
	show(t, dan.Content())
	off := dan.finish[list[0].ID]
	if off == nil || off.Text != "Off the list" {
		t.Fatalf("Dan's case offers %v to take him off the list", off)
	}
	test.Tap(off)
	if l := domain.WaitingList(all[domain.Match](s, domain.KindMatch, "activity_id", actGarden), actGarden); len(l) != 0 {
		t.Fatalf("still waiting after Off the list: %+v", l)
	}
	if _, ok := s.View().Get(domain.KindEnrolment, domain.EnrolmentID(actGarden, personDan)); ok {
		t.Fatal("taking Dan off the list enrolled him")
	}
}

// TestWaitingListNotForReception: reception sees who is next but cannot
// give the place (matching is the link worker's).
func TestWaitingListNotForReception(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	saveAll(t, s, domain.Create(domain.KindMatch, "m1", domain.Match{PersonID: personAnn, ActivityID: actGarden, Date: "2026-03-01", Waiting: "2026-03-01"}))
	home := NewHome(s, withRole(linkWorker(), domain.RoleReception))
	show(t, home.Content())
	mustShow(t, home.Content(), "Next in line: Ann Lee", "(17 days)")
	if home.give[actGarden] != nil {
		t.Error("reception is offered Give them the place")
	}
}

func TestOrdinal(t *testing.T) {
	for n, want := range map[int]string{1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th", 21: "21st", 22: "22nd", 101: "101st", 111: "111th"} {
		if got := ordinal(n); got != want {
			t.Errorf("ordinal(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestMatchingOverCapacity: an activity with more enrolled than places
// (places went down, or two tablets enrolled offline) says so in words,
// not "FULL: 3 of 2 places taken", and its tick says it puts them on the
// waiting list rather than offering a place.
func TestMatchingOverCapacity(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	saveAll(t, s, domain.Create(domain.KindPerson, "p-cat", domain.Person{GivenName: "Cat", FamilyName: "Ng"}),
		domain.Create(domain.KindPerson, "p-dan", domain.Person{GivenName: "Dan", FamilyName: "Orr"}))
	for _, p := range []string{personBob, "p-cat", "p-dan"} {
		saveAll(t, s, domain.Create(domain.KindEnrolment, domain.EnrolmentID(actGarden, p),
			domain.Enrolment{ActivityID: actGarden, PersonID: p, VenueID: venueGarden, Started: "2026-02-01"}))
	}
	m := NewMatching(s, linkWorker(), personAnn, "")
	show(t, m.Content())
	mustShow(t, m.Content(), "Over capacity: 3 enrolled for 2 places. Matching puts them on the waiting list.")
	mustNotShow(t, m.Content(), "3 of 2")
	if got := m.checks[actGarden].Text; got != "Waiting list" {
		t.Errorf("the garden's tick says %q, as if there were room", got)
	}
	if got := m.checks[actCraft].Text; got != "Match" {
		t.Errorf("the craft group's tick says %q", got)
	}
}
