package server_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// A review of mayEnrol from the attacker's side: a hostile venue-1 tablet
// that knows the id of venue 2's Zed (newFixture: on a2, at venue 2) tries
// to put him on a venue-1 register, so its pulls bring his card.

// hostileV1 is a fresh venue-1 tablet whose clock is the server's, past
// the first minutes of its enrolment (so the "written since enrolled" path
// of mayEnrol is open to it).
func hostileV1(t *testing.T, f *fixture, id string) *testenv.Raw {
	t.Helper()
	dev := newRaw(t, f.env, id, protocol.Scope{Venues: []string{f.v1}})
	f.env.Clock.Advance(server.MaxClockAhead + time.Minute)
	dev.Clock = hlc.NewClock(id, f.env.Clock.Now)
	return dev
}

// TestAttackCardWriteFirstThenEnrol: the tablet writes a field of Zed's
// card (alone, or stamped as far ahead as the server allows), hoping for
// a stamp of its own on his card, then enrols him. Each write is refused.
func TestAttackCardWriteFirstThenEnrol(t *testing.T) {
	f := newFixture(t)
	v1 := protocol.Scope{Venues: []string{f.v1}}
	for i, stamp := range []func(c *hlc.Clock) hlc.Timestamp{
		func(c *hlc.Clock) hlc.Timestamp { return c.Now() },
		func(c *hlc.Clock) hlc.Timestamp {
			return hlc.Timestamp{Wall: f.env.Clock.Now().Add(server.MaxClockAhead - time.Second).UnixMilli(), Device: c.Now().Device}
		},
		func(c *hlc.Clock) hlc.Timestamp {
			return hlc.Timestamp{Wall: f.env.Clock.Now().Add(server.MaxClockAhead + time.Hour).UnixMilli(), Device: c.Now().Device}
		},
	} {
		dev := hostileV1(t, f, "hostile-card-"+string(rune('a'+i)))
		for _, field := range []string{"preferred_name", "access_needs", "phone", "photo_consent"} {
			w := record.Write{Kind: domain.KindPerson, ID: "zed", Field: field, Value: "x", Stamp: stamp(dev.Clock), Staff: "x"}
			if perr := refusal(t, dev.Push([]record.Write{w}, 100)); perr == nil {
				t.Errorf("case %d: a venue-1 tablet wrote %s of venue 2's Zed", i, field)
			}
		}
		dev2 := hostileV1(t, f, "hostile-card-enrol-"+string(rune('a'+i)))
		if perr := refusal(t, dev2.Push(enrolWrites(dev2.Clock, "a1", "zed", f.v1), 100)); perr == nil {
			t.Errorf("case %d: enrolled Zed after writing his card", i)
		}
	}
	if p, _ := f.env.Store.Entity(domain.KindPerson, "zed"); len(p.Fields) != 1 {
		t.Errorf("Zed's card holds %v", p.Values())
	}
	assertCardNotPulled(t, f.env, "v1-reader", v1, "zed")
}

// TestAttackEnrolmentIDAndPersonIDDisagree: an enrolment or mark whose id
// names a newcomer of the tablet's own (unknown to the server) and whose
// person_id names Zed; and the other way round.
func TestAttackEnrolmentIDAndPersonIDDisagree(t *testing.T) {
	f := newFixture(t)
	cases := map[string]func(c *hlc.Clock) []record.Write{
		"enrolment of a newcomer naming zed": func(c *hlc.Clock) []record.Write {
			return []record.Write{{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("a1", "new-1"), Field: "person_id", Value: "zed", Stamp: c.Now(), Staff: "x"}}
		},
		"mark of a newcomer naming zed": func(c *hlc.Clock) []record.Write {
			return []record.Write{{Kind: domain.KindAttendance, ID: domain.AttendanceID(domain.SessionID("a1", "2026-11-20"), "new-2"), Field: "person_id", Value: "zed", Stamp: c.Now(), Staff: "x"}}
		},
		"enrolment of zed naming a newcomer": func(c *hlc.Clock) []record.Write {
			return []record.Write{{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("a1", "zed"), Field: "person_id", Value: "new-3", Stamp: c.Now(), Staff: "x"}}
		},
		"newcomer enrolled then renamed to zed in one batch": func(c *hlc.Clock) []record.Write {
			ws := enrolWrites(c, "a1", "new-4", f.v1)
			return append(ws, record.Write{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("a1", "new-4"), Field: "person_id", Value: "zed", Stamp: c.Now(), Staff: "x"})
		},
		"old-stamped write to zed's would-be enrolment": func(c *hlc.Clock) []record.Write {
			return []record.Write{{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("a1", "zed"), Field: "person_id", Value: "zed", Stamp: hlc.Timestamp{Wall: 1, Device: c.Now().Device}, Staff: "x"}}
		},
	}
	i := 0
	for name, ws := range cases {
		i++
		dev := hostileV1(t, f, "hostile-id-"+string(rune('a'+i)))
		if perr := refusal(t, dev.Push(ws(dev.Clock), 100)); perr == nil {
			t.Errorf("%s: taken", name)
		}
	}
	assertCardNotPulled(t, f.env, "v1-reader", protocol.Scope{Venues: []string{f.v1}}, "zed")
}

// TestAttackMarkAtAnotherVenuesActivityOrOneMovedInTheBatch: a mark of Zed
// at venue 2's a2 with a2 moved to venue 1 in the same batch (stamped
// ahead, or behind the office's), and at a new activity the batch makes at
// venue 1.
func TestAttackMarkAtAnotherVenuesActivityOrOneMovedInTheBatch(t *testing.T) {
	f := newFixture(t)
	cases := map[string]func(c *hlc.Clock) []record.Write{
		"a2 moved ahead": func(c *hlc.Clock) []record.Write {
			ahead := hlc.Timestamp{Wall: f.env.Clock.Now().Add(4 * time.Minute).UnixMilli(), Device: c.Now().Device}
			return append([]record.Write{{Kind: domain.KindActivity, ID: "a2", Field: "venue_id", Value: f.v1, Stamp: ahead, Staff: "x"}},
				markWrites(c, "a2", "2026-11-20", "zed", f.v1)...)
		},
		"a2 moved behind": func(c *hlc.Clock) []record.Write {
			old := hlc.Timestamp{Wall: 1, Device: c.Now().Device}
			return append([]record.Write{{Kind: domain.KindActivity, ID: "a2", Field: "venue_id", Value: f.v1, Stamp: old, Staff: "x"}},
				markWrites(c, "a2", "2026-11-20", "zed", f.v1)...)
		},
		"new activity at venue 1": func(c *hlc.Clock) []record.Write {
			return append([]record.Write{{Kind: domain.KindActivity, ID: "a-new", Field: "venue_id", Value: f.v1, Stamp: c.Now(), Staff: "x"}},
				markWrites(c, "a-new", "2026-11-20", "zed", f.v1)...)
		},
		"enrolment at a2 naming venue 1": func(c *hlc.Clock) []record.Write {
			return enrolWrites(c, "a2", "zed", f.v1)
		},
	}
	i := 0
	for name, ws := range cases {
		i++
		dev := hostileV1(t, f, "hostile-move-"+string(rune('a'+i)))
		if perr := refusal(t, dev.Push(ws(dev.Clock), 100)); perr == nil {
			t.Errorf("%s: taken", name)
		}
	}
	if a, _ := f.env.Store.Entity(domain.KindActivity, "a2"); a.Get("venue_id") != f.v2 {
		t.Errorf("a2 is at %q", a.Get("venue_id"))
	}
	assertCardNotPulled(t, f.env, "v1-reader", protocol.Scope{Venues: []string{f.v1}}, "zed")
}

// TestAttackTwoDevicesWriteOneEnrolmentInOneGroup: the hostile tablet's
// push rides in the same commit group as the office's, which enrols Zed at
// venue 2: pushed together, many times over, Zed never reaches venue 1.
func TestAttackTwoDevicesWriteOneEnrolmentInOneGroup(t *testing.T) {
	f := newFixture(t)
	oc := hlc.NewClock("office", f.env.Clock.Now)
	for i := range 20 {
		dev := hostileV1(t, f, "hostile-group-"+string(rune('a'+i)))
		done := make(chan error, 1)
		go func() { done <- dev.Push(enrolWrites(dev.Clock, "a1", "zed", f.v1), 100) }()
		if err := f.office.Push(enrolWrites(oc, "a2", "zed", f.v2), 100); err != nil {
			t.Fatal(err)
		}
		if perr := refusal(t, <-done); perr == nil {
			t.Fatal("a venue-1 tablet enrolled Zed")
		}
	}
	assertCardNotPulled(t, f.env, "v1-reader", protocol.Scope{Venues: []string{f.v1}}, "zed")
}

// TestAttackCopyOfAnotherVenuesTabletEnrolsItsPeopleThroughItsFormerID: a
// venue-2 tablet's store is copied (an image taken to set up another
// tablet, or stolen); the copy is refused its id, takes a new one naming
// the old with its token (as the client does: linkFormerly), and is
// enrolled for venue 1. The venue-2 tablet goes on working and edits
// Zed's card. Its stamps count as the copy's own (Device.Is: Formerly) and
// are newer than the copy's enrolment, so mayEnrol took Zed as the copy's
// walk-in: it puts him on venue 1's register and his card reaches every
// venue-1 tablet, with each later change. A store writes under its
// current id once enrolled with it: a stamp of a former id written since
// is another live device's, not its own walk-in's.
func TestAttackCopyOfAnotherVenuesTabletEnrolsItsPeopleThroughItsFormerID(t *testing.T) {
	f := newFixture(t)
	v2tab := newRaw(t, f.env, "v2-tablet", protocol.Scope{Venues: []string{f.v2}})
	v2tab.Clock = hlc.NewClock(v2tab.ID, f.env.Clock.Now)

	cp := &testenv.Raw{URL: f.env.URL, ID: "copy", HTTP: http.DefaultClient}
	var resp protocol.EnrolResponse
	if _, err := cp.Do(protocol.PathEnrol, &protocol.EnrolRequest{Schema: protocol.Schema, Code: f.env.Code(protocol.Scope{Venues: []string{f.v1}}),
		DeviceID: cp.ID, PreviousDeviceID: v2tab.ID, PreviousToken: v2tab.Token}, &resp); err != nil {
		t.Fatal(err)
	}
	cp.Token, cp.Epoch = resp.Token, resp.Epoch
	f.env.Clock.Advance(server.MaxClockAhead + time.Minute)
	cp.Clock = hlc.NewClock(cp.ID, f.env.Clock.Now)

	// The venue-2 tablet, still enrolled, edits Zed's card as it may.
	if err := v2tab.Push([]record.Write{{Kind: domain.KindPerson, ID: "zed", Field: "access_needs", Value: "epilepsy", Stamp: v2tab.Clock.Now(), Staff: "sam"}}, 100); err != nil {
		t.Fatal(err)
	}
	if perr := refusal(t, cp.Push(enrolWrites(cp.Clock, "a1", "zed", f.v1), 100)); perr == nil {
		t.Error("a venue-1 copy of a venue-2 tablet enrolled venue 2's Zed at venue 1 through its former id's stamp")
	}
	assertCardNotPulled(t, f.env, "v1-reader", protocol.Scope{Venues: []string{f.v1}}, "zed")
}

// TestAttackNewActivityTakesAnUnheldActivitysRegister: the server holds
// an enrolment of Zed on an activity it does not hold (an office store
// sent again after a restore sends its enrolments before the activity).
// A venue-1 tablet that makes an activity of that id at venue 1 takes its
// register (refileActivity links the people on it).
func TestAttackNewActivityTakesAnUnheldActivitysRegister(t *testing.T) {
	f := newFixture(t)
	oc := hlc.NewClock("office", f.env.Clock.Now)
	if err := f.office.Push(enrolWrites(oc, "a-later", "zed", f.v2), 100); err != nil {
		t.Fatal(err)
	}
	dev := hostileV1(t, f, "hostile-refile")
	perr := refusal(t, dev.Push([]record.Write{{Kind: domain.KindActivity, ID: "a-later", Field: "venue_id", Value: f.v1, Stamp: dev.Clock.Now(), Staff: "x"}}, 100))
	if perr == nil || perr.Code != protocol.CodeOutOfScope {
		t.Errorf("a venue-1 tablet gave venue 1 an activity with venue 2's Zed on its register (refusal %+v)", perr)
	}
	assertCardNotPulled(t, f.env, "v1-reader", protocol.Scope{Venues: []string{f.v1}}, "zed")

	// A tablet's own new activity, with its walk-in enrolled in the same
	// batch, is still taken.
	honest := hostileV1(t, f, "honest-own")
	c := honest.Clock
	ws := append([]record.Write{{Kind: domain.KindActivity, ID: "a-own", Field: "venue_id", Value: f.v1, Stamp: c.Now(), Staff: "x"}},
		append(personWrites(c, "walk-own", "Wyn"), enrolWrites(c, "a-own", "walk-own", f.v1)...)...)
	if perr := refusal(t, honest.Push(ws, 100)); perr != nil {
		t.Errorf("a tablet's new activity with its walk-in was refused: %s", perr.Message)
	}
}
