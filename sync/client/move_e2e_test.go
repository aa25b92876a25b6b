package client_test

import (
	"maps"
	"strconv"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// TestActivityMovedToAnotherVenueBringsItsRegister: the garden club moves
// from the garden (venue 1) into the arts centre (venue 2) for the winter,
// changed on an organisation device. The arts centre's tablet, which had
// synced before the move (its cursor past every record of the club), must
// then hold the club's enrolments, sessions and marks and the cards of its
// people, so the facilitator there can take the register; a tablet set up
// at the arts centre afterwards too. The garden's tablet keeps what it
// holds (the cards of people who took part there), but the club's register
// from then on is the arts centre's.
func TestActivityMovedToAnotherVenueBringsItsRegister(t *testing.T) {
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.person("bob", "Bob", w.act1, w.v1)
	oldMark := mark(w.office, w.act1, w.v1, "2026-11-06", "ann", domain.StatusPresent)
	w.office.Sync()

	garden := w.env.NewDevice("garden", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	garden.Sync()
	arts := w.env.NewDevice("arts", protocol.Scope{Venues: []string{w.v2}}, client.Options{}, nil)
	arts.Sync()
	if arts.Has(domain.KindPerson, "ann") {
		t.Fatal("the arts centre's tablet has Ann before the club moved there")
	}

	w.office.Save(domain.KindActivity, w.act1, map[string]string{"venue_id": w.v2})
	w.office.Sync()
	arts.Sync()
	late := w.env.NewDevice("arts-late", protocol.Scope{Venues: []string{w.v2}}, client.Options{}, nil)
	late.Sync()

	for _, d := range []*testenv.Device{arts, late} {
		tablet := d.Name
		if got := d.Get(domain.KindActivity, w.act1, "venue_id"); got != w.v2 {
			t.Errorf("%s: the club's venue is %q", tablet, got)
		}
		for _, p := range []struct{ id, name string }{{"ann", "Ann"}, {"bob", "Bob"}} {
			if !d.Has(domain.KindEnrolment, domain.EnrolmentID(w.act1, p.id)) {
				t.Errorf("%s: %s's enrolment on the club did not come with it", tablet, p.name)
			}
			if got := d.Get(domain.KindPerson, p.id, "given_name"); got != p.name {
				t.Errorf("%s: %s's card did not come with the club (name %q)", tablet, p.name, got)
			}
			if got := d.Get(domain.KindPerson, p.id, "nhs_number"); got != "" {
				t.Errorf("%s: received %s's NHS number %q", tablet, p.name, got)
			}
		}
		if !d.Has(domain.KindSession, domain.SessionID(w.act1, "2026-11-06")) {
			t.Errorf("%s: the club's earlier session did not come with it", tablet)
		}
		if got := d.Get(domain.KindAttendance, oldMark, "status"); got != domain.StatusPresent {
			t.Errorf("%s: the club's earlier mark did not come with it (status %q)", tablet, got)
		}
	}

	// The facilitator at the arts centre takes the register.
	newMark := mark(arts, w.act1, w.v2, "2026-11-13", "bob", domain.StatusPresent)
	arts.Sync()
	if len(arts.Client.Refused()) != 0 {
		t.Fatalf("the arts centre's marks were refused: %v", arts.Client.Refused())
	}
	w.office.Sync()
	if got := w.office.Get(domain.KindAttendance, newMark, "status"); got != domain.StatusPresent {
		t.Errorf("the office has the arts centre's mark as %q", got)
	}

	// The garden keeps the people who took part there; the club's register
	// is no longer its own.
	garden.Sync()
	if got := garden.Get(domain.KindPerson, "ann", "given_name"); got != "Ann" {
		t.Errorf("the garden's tablet lost Ann's card (%q)", got)
	}
	if garden.Has(domain.KindAttendance, newMark) {
		t.Error("the garden's tablet received a mark taken at the arts centre after the club moved")
	}
}

// TestMovingALongRunningActivity: a club with years of marks (6,000 here,
// three years of a weekly group of forty) moves. The move's commit logs
// the newest 5,000 marks again (the server's bound on one commit), the
// server logs the rest in later commits, and the new venue's tablet ends
// with every one; the office that sent them does not pull them back
// because they were logged again. With no bound, 60,000 marks did not fit
// one transaction and the move was refused; with only the bound, the
// marks past it stayed with the old venue for good.
func TestMovingALongRunningActivity(t *testing.T) {
	const marks = 6000
	env := testenv.Start(t, server.Options{})
	v1, v2 := env.Venue("v1", "Community Garden"), env.Venue("v2", "Arts Centre")
	office, err := env.NewRaw("office", org, nil)
	if err != nil {
		t.Fatal(err)
	}
	arts, err := env.NewRaw("arts", protocol.Scope{Venues: []string{v2}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ws := append(testenv.ActivityWrites(office.Clock, v1, "garden-club", "tester"), testenv.Marks(office.Clock, v1, "garden-club", marks, "tester")...)
	for len(ws) > 0 {
		n := min(len(ws), protocol.MaxCompactPushWrites)
		if _, err := office.PushCompact(ws[:n], "office-1", 0); err != nil {
			t.Fatal(err)
		}
		ws = ws[n:]
	}
	_, officeCursor := pullIDs(t, office, "office-1", 0)
	_, artsCursor := pullIDs(t, arts, "arts-1", 0)

	start := time.Now()
	move := []record.Write{{Kind: domain.KindActivity, ID: "garden-club", Field: "venue_id", Value: v2, Stamp: office.Clock.Now(), Staff: "tester"}}
	if _, err := office.PushCompact(move, "office-1", officeCursor); err != nil {
		t.Fatalf("moving the club: %v", err)
	}
	t.Logf("moving a club with %d marks took %v", marks, time.Since(start).Round(time.Millisecond))

	got := map[string]record.Kind{}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		var page map[string]record.Kind
		page, artsCursor = pullIDs(t, arts, "arts-1", artsCursor)
		maps.Copy(got, page)
		n := 0
		for _, kind := range got {
			if kind == domain.KindAttendance {
				n++
			}
		}
		if n == marks {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the arts centre's tablet pulled %d of the club's %d marks after the move", n, marks)
		}
	}
	if got["garden-club"] != domain.KindActivity {
		t.Error("the arts centre's tablet did not pull the club")
	}
	// The move itself is a write without a base, so the server records a
	// conflict: the office gets that, and the club with the server's
	// moved_from; the marks it sent it holds.
	back, _ := pullIDs(t, office, "office-1", officeCursor)
	for id, kind := range back {
		if kind != domain.KindConflict && kind != domain.KindActivity {
			t.Errorf("the office pulled back %s %s, which it sent, logged again by the move", kind, id)
		}
	}
}

// pullIDs pulls every page after cursor as store instance instance and
// returns the records received, by id, and the new cursor.
func pullIDs(t *testing.T, r *testenv.Raw, instance string, after uint64) (map[string]record.Kind, uint64) {
	t.Helper()
	got := map[string]record.Kind{}
	for more := true; more; {
		body, err := protocol.Encode(&protocol.PullRequest{Schema: protocol.Schema, Epoch: r.Epoch, After: after, Instance: instance, MaxBytes: 1 << 20, States: record.EntityVersion})
		if err != nil {
			t.Fatal(err)
		}
		var resp protocol.PullResponse
		if err := r.Send(protocol.PathPull, protocol.ContentType, body, &resp); err != nil {
			t.Fatal(err)
		}
		for _, e := range resp.Entities {
			got[e.ID] = record.Kind(e.Kind)
		}
		after, more = resp.Next, resp.More
	}
	return got, after
}

// TestActivityMovedLeavesTheOldVenuesToday: the garden club (Fridays)
// moves from the garden (venue 1) into the arts centre (venue 2), changed
// on the office's device, while the garden's tablet holds last Friday's
// register, not yet sent. After its next sync the garden's tablet must
// hold the club at the arts centre, so its Today for this Friday and its
// Activities no longer list the club as the garden's (before, it listed it
// for good, and every mark taken there was refused). It keeps what it
// holds: the club's earlier session and mark, and Ann's card; last
// Friday's register is refused, listed and kept, as any change the server
// cannot take, and still shows on Today for that date, as taken there. Only the club itself reaches the garden: none of
// the register the move logged again under the arts centre, and a tablet
// at a third venue gets nothing of it.
func TestActivityMovedLeavesTheOldVenuesToday(t *testing.T) {
	w := newWorld(t)
	const friday, lastFriday = "2026-11-13", "2026-11-06"
	day, _ := time.Parse(time.DateOnly, friday)
	w.office.Save(domain.KindActivity, w.act1, map[string]string{"weekday": strconv.Itoa(int(day.Weekday())), "start_date": "2026-11-01"})
	w.person("ann", "Ann", w.act1, w.v1)
	w.office.Sync()
	v3 := w.env.Venue("v3", "Library")
	garden := w.env.NewDevice("garden", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	garden.Sync()
	oldMark := mark(garden, w.act1, w.v1, "2026-10-30", "ann", domain.StatusPresent)
	garden.Sync()
	library, err := w.env.NewRaw("library", protocol.Scope{Venues: []string{v3}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	gardenRaw, err := w.env.NewRaw("garden-raw", protocol.Scope{Venues: []string{w.v1}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, libraryCursor := pullIDs(t, library, "library-1", 0)
	_, gardenCursor := pullIDs(t, gardenRaw, "garden-raw-1", 0)

	listed := func(date string) (today, activities bool) {
		t.Helper()
		v := garden.Store.View()
		for _, s := range v.SessionsOfDay(date, []string{w.v1}) {
			today = today || s.Activity.ID == w.act1
		}
		for _, a := range v.Activities() {
			activities = activities || a.ID == w.act1 && a.VenueID == w.v1
		}
		return today, activities
	}
	if today, activities := listed(friday); !today || !activities {
		t.Fatalf("before the move, the garden's tablet does not list the club (Today %v, Activities %v)", today, activities)
	}

	unsent := mark(garden, w.act1, w.v1, lastFriday, "ann", domain.StatusPresent)
	w.office.Save(domain.KindActivity, w.act1, map[string]string{"venue_id": w.v2})
	w.office.Sync()
	garden.Sync()

	if got := garden.Get(domain.KindActivity, w.act1, "venue_id"); got != w.v2 {
		t.Errorf("after the move, the garden's tablet holds the club at %q, want %q", got, w.v2)
	}
	if today, activities := listed(friday); today || activities {
		t.Errorf("after the move, the garden's tablet still lists the club as the garden's (Today %v, Activities %v)", today, activities)
	}
	if today, _ := listed(lastFriday); !today {
		t.Error("after the move, the garden's Today for last Friday lost the register it took then")
	}
	if got := garden.Get(domain.KindAttendance, oldMark, "status"); got != domain.StatusPresent {
		t.Errorf("the garden's tablet lost its past mark (status %q)", got)
	}
	if !garden.Has(domain.KindSession, domain.SessionID(w.act1, "2026-10-30")) {
		t.Error("the garden's tablet lost its past session")
	}
	if got := garden.Get(domain.KindPerson, "ann", "given_name"); got != "Ann" {
		t.Errorf("the garden's tablet lost Ann's card (%q)", got)
	}
	if got := garden.Get(domain.KindAttendance, unsent, "status"); got != domain.StatusPresent {
		t.Errorf("the garden's tablet lost its unsent mark (status %q)", got)
	}
	refused := false
	for _, r := range garden.Client.Refused() {
		refused = refused || r.ID == unsent
	}
	if !refused {
		t.Errorf("the unsent mark taken at the garden is not listed as refused: %+v", garden.Client.Refused())
	}

	got, _ := pullIDs(t, gardenRaw, "garden-raw-1", gardenCursor)
	if got[w.act1] != domain.KindActivity {
		t.Error("a garden device did not pull the club after it moved")
	}
	// Of the club's register, only what was taken at the garden comes to
	// its devices again (its later changes, an erasure's above all, must
	// reach them: TestErasureAfterAMoveReachesTheVenueWhereMarksWereTaken).
	takenHere := map[string]bool{oldMark: true, domain.SessionID(w.act1, "2026-10-30"): true}
	for id, kind := range got {
		if (kind == domain.KindEnrolment || kind == domain.KindSession || kind == domain.KindAttendance) && !takenHere[id] {
			t.Errorf("a garden device pulled %s %s of the club's register after it moved away", kind, id)
		}
	}
	if got, _ := pullIDs(t, library, "library-1", libraryCursor); len(got) != 0 {
		t.Errorf("a tablet at a third venue pulled %v after the club moved", got)
	}
}

// TestErasureAfterAMoveReachesTheVenueWhereMarksWereTaken: a note typed on
// the garden's tablet about Ann stays there after the club moved to the
// arts centre; when Ann is then erased, the garden's tablet must lose that
// note too ("every device ends erased"), though the club's register is now
// the arts centre's.
func TestErasureAfterAMoveReachesTheVenueWhereMarksWereTaken(t *testing.T) {
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.office.Sync()
	garden := w.env.NewDevice("garden", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	garden.Sync()
	taken := mark(garden, w.act1, w.v1, "2026-11-06", "ann", domain.StatusPresent)
	garden.Save(domain.KindAttendance, taken, map[string]string{"note": "feeling low since her husband died", "companion": "carer"})
	garden.Sync()
	w.office.Sync()

	w.office.Save(domain.KindActivity, w.act1, map[string]string{"venue_id": w.v2})
	w.office.Sync()
	if err := w.office.Store.ErasePerson("admin", "ann"); err != nil {
		t.Fatal(err)
	}
	w.office.Sync()
	garden.Sync()

	if got := garden.Get(domain.KindAttendance, taken, "note"); got != "" {
		t.Errorf("the garden's tablet keeps the erased person's note %q", got)
	}
	if got := garden.Get(domain.KindAttendance, taken, "companion"); got != "" {
		t.Errorf("the garden's tablet keeps the erased person's companion %q", got)
	}
	if got := garden.Get(domain.KindAttendance, taken, "status"); got != domain.StatusPresent {
		t.Errorf("the mark's status is %q; it is kept for counts", got)
	}
}
