package server_test

import (
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// A venue tablet that knows a person's id (a person who was on its venue's
// register before it was enrolled for other venues, or one it learnt
// otherwise) puts them on a register at its own venue: the enrolment or
// mark links them there, and the next pull brings their card (name,
// access needs, emergency contact). Each attack test failed before
// mayEnrol.

// enrolWrites are an enrolment of person at activity, as the app writes one.
func enrolWrites(c *hlc.Clock, activity, person, venue string) []record.Write {
	id := domain.EnrolmentID(activity, person)
	var ws []record.Write
	for _, f := range [][2]string{{"activity_id", activity}, {"person_id", person}, {"venue_id", venue}, {"started", "2026-11-01"}} {
		ws = append(ws, record.Write{Kind: domain.KindEnrolment, ID: id, Field: f[0], Value: f[1], Stamp: c.Now(), Staff: "sam"})
	}
	return ws
}

// markWrites are a mark of person at activity's session on day.
func markWrites(c *hlc.Clock, activity, day, person, venue string) []record.Write {
	sid := domain.SessionID(activity, day)
	id := domain.AttendanceID(sid, person)
	var ws []record.Write
	for _, f := range [][2]string{{"session_id", sid}, {"person_id", person}, {"activity_id", activity}, {"venue_id", venue}, {"date", day}, {"status", domain.StatusPresent}} {
		ws = append(ws, record.Write{Kind: domain.KindAttendance, ID: id, Field: f[0], Value: f[1], Stamp: c.Now(), Staff: "sam"})
	}
	return ws
}

// personWrites are a new person's card.
func personWrites(c *hlc.Clock, id, name string) []record.Write {
	return []record.Write{
		{Kind: domain.KindPerson, ID: id, Field: "given_name", Value: name, Stamp: c.Now(), Staff: "sam"},
		{Kind: domain.KindPerson, ID: id, Field: "access_needs", Value: "epilepsy", Stamp: c.Now(), Staff: "sam"},
	}
}

// assertCardNotPulled fails if a fresh device with scope pulls person's card.
func assertCardNotPulled(t *testing.T, env *testenv.Env, reader string, scope protocol.Scope, person string) {
	t.Helper()
	if p := pullVisible(t, newRaw(t, env, reader, scope))["person/"+person]; p != nil {
		t.Errorf("a tablet enrolled for %s received %s's card: %v", scope, person, p.Values())
	}
}

// assertCardPulled fails unless a fresh device with scope pulls person's card.
func assertCardPulled(t *testing.T, env *testenv.Env, reader string, scope protocol.Scope, person string) {
	t.Helper()
	if p := pullVisible(t, newRaw(t, env, reader, scope))["person/"+person]; p == nil {
		t.Errorf("a tablet enrolled for %s did not receive %s's card", scope, person)
	}
}

// TestVenueTabletCannotEnrolAnotherVenuesPersonByTheirID: Zed is on venue
// 2's register; a venue-1 tablet that knows the id enrols him on its own
// activity, or marks him present at its session.
func TestVenueTabletCannotEnrolAnotherVenuesPersonByTheirID(t *testing.T) {
	for _, tc := range []struct {
		name string
		ws   func(c *hlc.Clock, v1 string) []record.Write
	}{
		{"enrolment", func(c *hlc.Clock, v1 string) []record.Write { return enrolWrites(c, "a1", "zed", v1) }},
		{"mark", func(c *hlc.Clock, v1 string) []record.Write { return markWrites(c, "a1", "2026-11-20", "zed", v1) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			dev := newRaw(t, f.env, "hostile-enrol", protocol.Scope{Venues: []string{f.v1}})
			perr := refusal(t, dev.Push(tc.ws(dev.Clock, f.v1), 100))
			if perr == nil || perr.Code != protocol.CodeOutOfScope {
				t.Errorf("the %s of venue 2's Zed on a venue-1 register was taken (refusal %+v)", tc.name, perr)
			}
			assertCardNotPulled(t, f.env, "v1-reader", protocol.Scope{Venues: []string{f.v1}}, "zed")
		})
	}
}

// TestVenueTabletCannotAlsoEditTheCardOfAPersonItEnrolsByID: the card
// write that rides with such an enrolment (batchLinked) is refused too.
func TestVenueTabletCannotAlsoEditTheCardOfAPersonItEnrolsByID(t *testing.T) {
	f := newFixture(t)
	dev := newRaw(t, f.env, "hostile-card", protocol.Scope{Venues: []string{f.v1}})
	ws := append([]record.Write{{Kind: domain.KindPerson, ID: "zed", Field: "given_name", Value: "Zed (call 0900…)", Stamp: dev.Clock.Now(), Staff: "x"}},
		enrolWrites(dev.Clock, "a1", "zed", f.v1)...)
	if perr := refusal(t, dev.Push(ws, 100)); perr == nil {
		t.Error("a venue-1 tablet changed venue 2's Zed's card by enrolling him in the same batch")
	}
	if p, _ := f.env.Store.Entity(domain.KindPerson, "zed"); p.Get("given_name") != "Zed" {
		t.Errorf("Zed's name is %q", p.Get("given_name"))
	}
}

// TestFormerVenueTabletCannotReenrolAPersonItNoLongerSees: a garden tablet
// registered Ann and put her on the garden's register; it is enrolled
// again for the arts centre (same device id, same store). It kept Ann's id,
// and enrols her at the craft club: her card must not follow it there.
func TestFormerVenueTabletCannotReenrolAPersonItNoLongerSees(t *testing.T) {
	f := newFixture(t)
	if err := f.tablet.Push(append(personWrites(f.tablet.Clock, "ann", "Ann"), enrolWrites(f.tablet.Clock, "a1", "ann", f.v1)...), 100); err != nil {
		t.Fatal(err)
	}
	var enrolled protocol.EnrolResponse
	if _, err := f.tablet.Do(protocol.PathEnrol, &protocol.EnrolRequest{Schema: protocol.Schema, Code: f.env.Code(protocol.Scope{Venues: []string{f.v2}}),
		DeviceID: "tablet", Token: f.tablet.Token}, &enrolled); err != nil {
		t.Fatalf("enrol again: %v", err)
	}
	f.tablet.Token = enrolled.Token
	perr := refusal(t, f.tablet.Push(enrolWrites(f.tablet.Clock, "a2", "ann", f.v2), 100))
	if perr == nil || perr.Code != protocol.CodeOutOfScope {
		t.Errorf("the tablet, now at venue 2, enrolled venue 1's Ann there (refusal %+v)", perr)
	}
	assertCardNotPulled(t, f.env, "v2-reader", protocol.Scope{Venues: []string{f.v2}}, "ann")
}

// TestTabletsOldEnrolmentWriteSentAgainIsNotRefused: a garden tablet
// enrols Ann (seen at the garden) and the answer is lost; the office ends
// the enrolment meanwhile. The tablet's unchanged re-send loses to the
// office's write and is taken as a no-op, not refused; a former garden
// tablet now at the arts centre sending its old write to Ann's garden
// enrolment is refused (the garden is not its venue) and links nobody.
func TestTabletsOldEnrolmentWriteSentAgainIsNotRefused(t *testing.T) {
	f := newFixture(t)
	oc := hlc.NewClock("office", f.env.Clock.Now)
	if err := f.office.Push(append(personWrites(oc, "ann", "Ann"), enrolWrites(oc, "a1", "ann", f.v1)...), 100); err != nil {
		t.Fatal(err)
	}
	ws := []record.Write{{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("a1", "ann"), Field: "ended", Value: "", Stamp: f.tablet.Clock.Now(), Staff: "sam"}}
	if err := sendAgain(f.tablet, 1, ws); err != nil {
		t.Fatal(err)
	}
	// The office ends it after it pulled the tablet's write, so its stamp
	// is later (the two clocks may read the same millisecond).
	oc.Observe(ws[0].Stamp)
	if err := f.office.Push([]record.Write{{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("a1", "ann"), Field: "ended", Value: "2026-11-30", Stamp: oc.Now(), Staff: "office"}}, 100); err != nil {
		t.Fatal(err)
	}
	if perr := refusal(t, sendAgain(f.tablet, 1, ws)); perr != nil {
		t.Errorf("the tablet's unchanged re-send was refused: %s", perr.Message)
	}
	if e, _ := f.env.Store.Entity(domain.KindEnrolment, domain.EnrolmentID("a1", "ann")); e.Get("ended") != "2026-11-30" {
		t.Errorf("the office's end of the enrolment was lost: %v", e.Values())
	}
	former := newRaw(t, f.env, "former", protocol.Scope{Venues: []string{f.v2}})
	ws[0].Stamp = hlc.Timestamp{Wall: ws[0].Stamp.Wall, Device: "former"}
	if perr := refusal(t, sendAgain(former, 1, ws)); perr == nil {
		t.Error("a venue-2 tablet's write to Ann's garden enrolment was taken")
	}
	assertCardNotPulled(t, f.env, "v2-reader", protocol.Scope{Venues: []string{f.v2}}, "ann")
}

// TestVenueTabletStillEnrolsWalkInsAndPeopleItSees: what honest tablets
// do keeps working: a walk-in with their enrolment and mark in one push,
// in either order (a store sent again sends enrolments first); a walk-in
// registered in one push and enrolled in a later one (a batch cut between
// them); and a person on the venue's register enrolled on another of its
// activities. Another tablet at the venue receives each card.
func TestVenueTabletStillEnrolsWalkInsAndPeopleItSees(t *testing.T) {
	f := newFixture(t)
	if err := f.office.Push([]record.Write{{Kind: domain.KindActivity, ID: "a1b", Field: "venue_id", Value: f.v1, Stamp: hlc.NewClock("office", f.env.Clock.Now).Now(), Staff: "office"}}, 100); err != nil {
		t.Fatal(err)
	}
	c := f.tablet.Clock
	steps := [][]record.Write{
		append(personWrites(c, "walk-1", "Wyn"), append(enrolWrites(c, "a1", "walk-1", f.v1), markWrites(c, "a1", "2026-11-20", "walk-1", f.v1)...)...),
		append(enrolWrites(c, "a1", "walk-2", f.v1), personWrites(c, "walk-2", "Wes")...),
		personWrites(c, "walk-3", "Wil"),
		enrolWrites(c, "a1", "walk-3", f.v1),
		enrolWrites(c, "a1b", "walk-1", f.v1),
	}
	for i, ws := range steps {
		if perr := refusal(t, f.tablet.Push(ws, 100)); perr != nil {
			t.Fatalf("step %d refused: %s", i, perr.Message)
		}
	}
	for _, p := range []string{"walk-1", "walk-2", "walk-3"} {
		assertCardPulled(t, f.env, "v1-reader-"+p, protocol.Scope{Venues: []string{f.v1}}, p)
	}
	if e, _ := f.env.Store.Entity(domain.KindEnrolment, domain.EnrolmentID("a1b", "walk-1")); e.Get("person_id") != "walk-1" {
		t.Error("the enrolment of a person the tablet sees on another activity of its venue was not saved")
	}
}

// TestWalkInPutOnAnotherRegisterMeanwhileIsStillMarkedByItsTablet: a
// garden tablet registers a walk-in; the card reaches the server, their
// mark does not (the answer was lost). The office, which received the
// card, enrols them at the arts centre. The tablet's mark, sent again, is
// taken: it wrote their card since it was enrolled. A tablet enrolled
// again for the arts centre that wrote a card at the garden minutes
// before, stamped ahead, cannot use it to enrol that person there.
func TestWalkInPutOnAnotherRegisterMeanwhileIsStillMarkedByItsTablet(t *testing.T) {
	f := newFixture(t)
	f.env.Clock.Advance(server.MaxClockAhead + time.Minute)
	f.tablet.Clock = hlc.NewClock("tablet", f.env.Clock.Now)
	if err := f.tablet.Push(personWrites(f.tablet.Clock, "wyn", "Wyn"), 100); err != nil {
		t.Fatal(err)
	}
	oc := hlc.NewClock("office", f.env.Clock.Now)
	if err := f.office.Push(enrolWrites(oc, "a2", "wyn", f.v2), 100); err != nil {
		t.Fatal(err)
	}
	if perr := refusal(t, f.tablet.Push(markWrites(f.tablet.Clock, "a1", "2026-11-20", "wyn", f.v1), 100)); perr != nil {
		t.Fatalf("the walk-in's own mark was refused: %s", perr.Message)
	}
	assertCardPulled(t, f.env, "v1-reader", protocol.Scope{Venues: []string{f.v1}}, "wyn")

	// A garden tablet writes Ann's card stamped four minutes ahead, and
	// is enrolled again for the arts centre at once.
	tab := newRaw(t, f.env, "mover", protocol.Scope{Venues: []string{f.v1}})
	if err := tab.Push(append(enrolWrites(tab.Clock, "a1", "ann", f.v1), personWrites(tab.Clock, "ann", "Ann")...), 100); err != nil {
		t.Fatal(err)
	}
	ahead := hlc.Timestamp{Wall: f.env.Clock.Now().Add(4 * time.Minute).UnixMilli(), Device: "mover"}
	if err := tab.Push([]record.Write{{Kind: domain.KindPerson, ID: "ann", Field: "access_needs", Value: "none", Stamp: ahead, Staff: "x"}}, 100); err != nil {
		t.Fatal(err)
	}
	var enrolled protocol.EnrolResponse
	if _, err := tab.Do(protocol.PathEnrol, &protocol.EnrolRequest{Schema: protocol.Schema, Code: f.env.Code(protocol.Scope{Venues: []string{f.v2}}),
		DeviceID: "mover", Token: tab.Token}, &enrolled); err != nil {
		t.Fatalf("enrol again: %v", err)
	}
	tab.Token = enrolled.Token
	if perr := refusal(t, tab.Push(enrolWrites(hlc.NewClock("mover", func() time.Time { return f.env.Clock.Now().Add(5 * time.Minute) }), "a2", "ann", f.v2), 100)); perr == nil {
		t.Error("the tablet enrolled at the arts centre the garden's Ann, whose card it wrote ahead before it moved")
	}
	assertCardNotPulled(t, f.env, "v2-reader", protocol.Scope{Venues: []string{f.v2}}, "ann")
}
