package server_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
)

// Tests for a hostile or broken device (issue 10): what a device sends is
// checked against what the server can check itself.

// pullVisible pulls everything r may see, page by page, and returns the
// latest state of each record by "kind/id".
func pullVisible(t *testing.T, r *testenv.Raw) map[string]*record.Entity {
	t.Helper()
	out := map[string]*record.Entity{}
	var after uint64
	for {
		var resp protocol.PullResponse
		if _, err := r.Do(protocol.PathPull, &protocol.PullRequest{Schema: protocol.Schema, Epoch: r.Epoch, After: after}, &resp); err != nil {
			t.Fatalf("%s: pull: %v", r.ID, err)
		}
		for _, pe := range resp.Entities {
			e, err := record.DecodeEntity(record.Kind(pe.Kind), pe.ID, pe.State, nil)
			if err != nil {
				t.Fatalf("%s: pulled a damaged %s %q: %v", r.ID, pe.Kind, pe.ID, err)
			}
			out[pe.Kind+"/"+pe.ID] = e
		}
		after = resp.Next
		if !resp.More {
			return out
		}
	}
}

// refusal returns the protocol error of a refused push, or fails the test
// when the push failed otherwise.
func refusal(t *testing.T, err error) *protocol.Error {
	t.Helper()
	if err == nil {
		return nil
	}
	var perr *protocol.Error
	if !errors.As(err, &perr) {
		t.Fatalf("the push failed without a refusal: %v", err)
	}
	return perr
}

// newRaw enrols another raw device (each refused push leaves a raw device's
// numbering behind the server's, so a case that expects a refusal uses a
// device of its own).
func newRaw(t *testing.T, env *testenv.Env, id string, scope protocol.Scope) *testenv.Raw {
	t.Helper()
	r, err := env.NewRaw(id, scope, nil)
	if err != nil {
		t.Fatalf("enrol %s: %v", id, err)
	}
	return r
}

// TestCraftedStampDoesNotOutliveAnErasure (issue 10 item 3): a venue tablet
// marks Ann with a note, an organisation device erases her, and a hostile
// tablet then writes a note on her mark stamped 4 minutes ahead with a
// boundary counter. The write is refused, or the server's blank note wins
// over it; no venue tablet ever pulls the note.
func TestCraftedStampDoesNotOutliveAnErasure(t *testing.T) {
	cases := []struct {
		name    string
		counter uint32
		refused bool // at the protocol boundary (400 bad_request)
	}{
		{"counter at the top of 32 bits", math.MaxUint32, true},
		{"counter just above the bound", hlc.MaxCounter + 1, true},
		{"counter at the bound", hlc.MaxCounter, false},
		{"ordinary counter", 7, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			mark := domain.AttendanceID(domain.SessionID("a1", "2026-11-20"), "ann")
			var ws []record.Write
			add := func(kind record.Kind, id string, fields ...string) {
				for i := 0; i < len(fields); i += 2 {
					ws = append(ws, record.Write{Kind: kind, ID: id, Field: fields[i], Value: fields[i+1], Stamp: f.clock.Now(), Staff: "sam"})
				}
			}
			add(domain.KindPerson, "ann", "given_name", "Ann")
			add(domain.KindEnrolment, domain.EnrolmentID("a1", "ann"), "person_id", "ann", "activity_id", "a1", "venue_id", f.v1)
			add(domain.KindAttendance, mark, "person_id", "ann", "venue_id", f.v1, "status", domain.StatusPresent, "note", "came with her daughter")
			if err := f.tablet.Push(ws, 100); err != nil {
				t.Fatalf("the tablet's marks: %v", err)
			}
			// Erasures come from an administrator's device (checkRole).
			admin, err := f.env.NewRawAs("admin", protocol.Scope{Organisation: true}, domain.RoleAdministrator, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := admin.Push([]record.Write{{Kind: domain.KindPerson, ID: "ann", Field: record.FieldErased, Value: "true", Stamp: hlc.NewClock("admin", f.env.Clock.Now).Now(), Staff: "admin"}}, 100); err != nil {
				t.Fatalf("erasing Ann: %v", err)
			}
			if m, _ := f.env.Store.Entity(domain.KindAttendance, mark); m.Get("note") != "" {
				t.Fatalf("the erasure left the note: %v", m.Values())
			}

			hostile := newRaw(t, f.env, "hostile", protocol.Scope{Venues: []string{f.v1}})
			stamp := hlc.Timestamp{Wall: f.env.Clock.Now().Add(4 * time.Minute).UnixMilli(), Counter: tc.counter, Device: "hostile"}
			perr := refusal(t, hostile.Push([]record.Write{{Kind: domain.KindAttendance, ID: mark, Field: "note", Value: "Ann lives at 4 Elm Road", Stamp: stamp, Staff: "x"}}, 1))
			switch {
			case tc.refused && (perr == nil || perr.Code != protocol.CodeBadRequest):
				t.Errorf("a stamp with counter %d was not refused as a bad request: %+v", tc.counter, perr)
			case !tc.refused && perr != nil:
				t.Errorf("a stamp with counter %d was refused: %+v", tc.counter, perr)
			}

			m, _ := f.env.Store.Entity(domain.KindAttendance, mark)
			if m.Get("note") != "" {
				t.Errorf("the server kept the note on an erased person's mark (stamp %v, note stamped %v)", stamp, m.Fields["note"].Stamp)
			}
			if m.Get("status") != domain.StatusPresent {
				t.Errorf("the mark lost its status: %v", m.Values())
			}
			venue := newRaw(t, f.env, "tablet2", protocol.Scope{Venues: []string{f.v1}})
			got := pullVisible(t, venue)
			if e := got[string(domain.KindAttendance)+"/"+mark]; e != nil && e.Get("note") != "" {
				t.Errorf("a venue tablet pulled the note %q", e.Get("note"))
			}
			if p := got[string(domain.KindPerson)+"/ann"]; p != nil && !p.Erased() {
				t.Errorf("a venue tablet pulled Ann's card: %v", p.Values())
			}
			// Nor does the note live on in a conflict record (case data,
			// which organisation devices pull).
			for key, e := range pullVisible(t, newRaw(t, f.env, "laptop", org)) {
				for name, v := range e.Values() {
					if strings.Contains(v, "Elm Road") {
						t.Errorf("an organisation device pulled the note in %s field %s", key, name)
					}
				}
			}
		})
	}
}

// TestVenueOfDerivedRecordsComesFromTheActivity (issue 10 item 4): a
// session, enrolment or mark belongs to the venue of the activity its id
// names, whatever venue_id a batch sends with it.
func TestVenueOfDerivedRecordsComesFromTheActivity(t *testing.T) {
	f := newFixture(t)
	date := "2026-11-20"
	sessB := domain.SessionID("a2", date)
	cases := []struct {
		name string
		ws   [][3]string // kind, id, field=value
		want string      // the refusal code; "" when accepted
	}{
		{"new session of venue B's activity sent with venue A", [][3]string{{"session", sessB, "venue_id=" + f.v1}, {"session", sessB, "cancelled=true"}}, protocol.CodeOutOfScope},
		{"new session of venue B's activity without a venue", [][3]string{{"session", sessB, "cancelled=true"}}, protocol.CodeOutOfScope},
		{"mark under venue B's activity sent with venue A", [][3]string{{"attendance", domain.AttendanceID(sessB, "zed"), "venue_id=" + f.v1}, {"attendance", domain.AttendanceID(sessB, "zed"), "status=absent"}}, protocol.CodeOutOfScope},
		{"enrolment at venue B's activity sent with venue A", [][3]string{{"enrolment", domain.EnrolmentID("a2", "ann"), "venue_id=" + f.v1}}, protocol.CodeOutOfScope},
		{"own activity's session named as venue B's", [][3]string{{"session", domain.SessionID("a1", date), "venue_id=" + f.v2}}, protocol.CodeOutOfScope},
		{"session of an activity the server does not know, at venue B", [][3]string{{"session", domain.SessionID("a-unknown", date), "venue_id=" + f.v2}}, protocol.CodeActivityUnknown},
		{"session of an activity the server does not know, without a venue", [][3]string{{"session", domain.SessionID("a-unknown", date), "date=" + date}}, protocol.CodeActivityUnknown},
		{"moving venue B's activity to venue A with a session", [][3]string{{"activity", "a2", "venue_id=" + f.v1}, {"session", sessB, "venue_id=" + f.v1}}, protocol.CodeOutOfScope},
		{"session of its own venue's activity", [][3]string{{"session", domain.SessionID("a1", date), "venue_id=" + f.v1}, {"session", domain.SessionID("a1", date), "date=" + date}}, ""},
		{"session of a new activity made in the same batch", [][3]string{{"activity", "a7", "venue_id=" + f.v1}, {"session", domain.SessionID("a7", date), "venue_id=" + f.v1}}, ""},
		// Marks made before the activity reached the server (or after the
		// server was restored from an older backup) wait on the device until
		// it does: their own venue_id is never taken on trust.
		{"session of an activity the server does not know yet, at its own venue", [][3]string{{"session", domain.SessionID("a-later", date), "venue_id=" + f.v1}}, protocol.CodeActivityUnknown},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dev := newRaw(t, f.env, fmt.Sprint("tablet-a", i), protocol.Scope{Venues: []string{f.v1}})
			var ws []record.Write
			for _, w := range tc.ws {
				field, value, _ := strings.Cut(w[2], "=")
				ws = append(ws, record.Write{Kind: record.Kind(w[0]), ID: w[1], Field: field, Value: value, Stamp: dev.Clock.Now(), Staff: "sam"})
			}
			head := f.env.Store.Head()
			perr := refusal(t, dev.Push(ws, 100))
			switch {
			case tc.want == "" && perr != nil:
				t.Fatalf("refused: %v", perr)
			case tc.want != "" && (perr == nil || perr.Code != tc.want):
				t.Fatalf("not refused with %s: %+v", tc.want, perr)
			case tc.want != "" && f.env.Store.Head() != head:
				t.Error("a refused batch changed the server's log")
			}
		})
	}
	for _, id := range []string{sessB, domain.AttendanceID(sessB, "zed")} {
		kind := domain.KindSession
		if strings.Contains(id, "/") {
			kind = domain.KindAttendance
		}
		if e, _ := f.env.Store.Entity(kind, id); len(e.Fields) > 0 {
			t.Errorf("venue B's %s %s holds %v", kind, id, e.Values())
		}
	}

	// Venue B's own tablet makes its session and receives it; venue A's
	// tablet does not.
	tabletB := newRaw(t, f.env, "tablet-b", protocol.Scope{Venues: []string{f.v2}})
	if err := tabletB.Push([]record.Write{
		{Kind: domain.KindSession, ID: sessB, Field: "venue_id", Value: f.v2, Stamp: tabletB.Clock.Now(), Staff: "bo"},
		{Kind: domain.KindSession, ID: sessB, Field: "date", Value: date, Stamp: tabletB.Clock.Now(), Staff: "bo"},
	}, 100); err != nil {
		t.Fatalf("venue B's tablet could not make its own session: %v", err)
	}
	// An organisation device that names the wrong venue does not hide a
	// session from the activity's venue either.
	mistaken := domain.SessionID("a2", "2026-12-01")
	oc := hlc.NewClock("office", f.env.Clock.Now)
	if err := f.office.Push([]record.Write{{Kind: domain.KindSession, ID: mistaken, Field: "venue_id", Value: f.v1, Stamp: oc.Now(), Staff: "admin"}}, 100); err != nil {
		t.Fatal(err)
	}
	// The activity of the session made before it then turns out to be at
	// venue B: the session is B's from then on.
	later := domain.SessionID("a-later", date)
	if err := f.office.Push([]record.Write{{Kind: domain.KindActivity, ID: "a-later", Field: "venue_id", Value: f.v2, Stamp: oc.Now(), Staff: "admin"}}, 100); err != nil {
		t.Fatal(err)
	}
	if err := tabletB.Push([]record.Write{{Kind: domain.KindSession, ID: later, Field: "cancelled", Value: "true", Stamp: tabletB.Clock.Now(), Staff: "bo"}}, 100); err != nil {
		t.Fatalf("venue B's tablet could not change the session of its activity: %v", err)
	}
	tabletA := newRaw(t, f.env, "tablet-a-later", protocol.Scope{Venues: []string{f.v1}})
	if perr := refusal(t, tabletA.Push([]record.Write{{Kind: domain.KindSession, ID: later, Field: "cancelled", Value: "false", Stamp: tabletA.Clock.Now(), Staff: "sam"}}, 100)); perr == nil {
		t.Error("venue A's tablet could still change a session of venue B's activity")
	}
	gotB := pullVisible(t, newRaw(t, f.env, "tablet-b-reader", protocol.Scope{Venues: []string{f.v2}}))
	gotA := pullVisible(t, newRaw(t, f.env, "tablet-a-reader", protocol.Scope{Venues: []string{f.v1}}))
	for id, cancelled := range map[string]string{sessB: "", mistaken: "", later: "true"} {
		key := string(domain.KindSession) + "/" + id
		if gotB[key] == nil {
			t.Errorf("venue B's tablet did not receive its session %s", id)
		} else if gotB[key].Get("cancelled") != cancelled {
			t.Errorf("venue B's session %s: %v", id, gotB[key].Values())
		}
		if gotA[key] != nil {
			t.Errorf("venue A's tablet received venue B's session %s", id)
		}
	}
}

// TestVenueDevicesMayOnlyAddThemselvesAsStaff (issue 10 item 6): a venue
// device may add a new staff record at facilitator level or below ("Add
// me") and edit one that only it has written, never above facilitator; it
// may not touch anyone else's.
func TestVenueDevicesMayOnlyAddThemselvesAsStaff(t *testing.T) {
	f := newFixture(t)
	oc := hlc.NewClock("office", f.env.Clock.Now)
	staff := func(c *hlc.Clock, id string, fields ...string) []record.Write {
		var ws []record.Write
		for i := 0; i < len(fields); i += 2 {
			ws = append(ws, record.Write{Kind: domain.KindStaff, ID: id, Field: fields[i], Value: fields[i+1], Stamp: c.Now(), Staff: "admin"})
		}
		return ws
	}
	if err := f.office.Push(append(staff(oc, "admin1", "name", "Alex", "role", domain.RoleAdministrator),
		staff(oc, "fac1", "name", "Fran", "role", domain.RoleFacilitator)...), 100); err != nil {
		t.Fatal(err)
	}
	other := newRaw(t, f.env, "other-tablet", protocol.Scope{Venues: []string{f.v1}})
	if err := other.Push(staff(other.Clock, "olu", "name", "Olu", "role", domain.RoleFacilitator), 100); err != nil {
		t.Fatalf("a tablet could not add itself: %v", err)
	}

	cases := []struct {
		name   string
		setup  func(t *testing.T, me string) // after the device added "me"
		target string                        // "" for the device's own record
		fields []string
		ok     bool
	}{
		{name: "demote the administrator", target: "admin1", fields: []string{"role", domain.RoleFacilitator}},
		{name: "rename the administrator", target: "admin1", fields: []string{"name", "Mallory"}},
		{name: "delete the administrator", target: "admin1", fields: []string{record.FieldDeleted, "true"}},
		{name: "rename a facilitator the office added", target: "fac1", fields: []string{"name", "F."}},
		{name: "delete someone another tablet added", target: "olu", fields: []string{record.FieldDeleted, "true"}},
		{name: "add itself as a facilitator", target: "new-fac", fields: []string{"name", "Nia", "role", domain.RoleFacilitator}, ok: true},
		{name: "add itself as a volunteer", target: "new-vol", fields: []string{"name", "Vic", "role", domain.RoleVolunteer}, ok: true},
		{name: "add itself as a link worker", target: "new-lw", fields: []string{"name", "Lee", "role", domain.RoleLinkWorker}},
		{name: "add itself as an administrator", target: "new-admin", fields: []string{"name", "Ada", "role", domain.RoleAdministrator}},
		{name: "rename its own record", fields: []string{"name", "Sam B."}, ok: true},
		// Not even its own: the server cannot tell a record it made from
		// one it wrote again as it was (TestAttackDeviceClaimsARecordByWritingItAgain).
		{name: "make its own record a volunteer", fields: []string{"role", domain.RoleVolunteer}},
		{name: "promote its own record to reception", fields: []string{"role", domain.RoleReception}},
		{name: "rename its own record after the office changed it", fields: []string{"name", "Sam C."},
			setup: func(t *testing.T, me string) {
				// An administrator's office device: one enrolled without a
				// role may not change a role (attack_staff_test.go).
				admin := newRawAs(t, f.env, "office-admin-"+me, org, domain.RoleAdministrator)
				e, _ := f.env.Store.Entity(domain.KindStaff, me)
				for _, fs := range e.Fields {
					admin.Clock.Observe(fs.Stamp) // the office has pulled the record
				}
				if err := admin.Push(staff(admin.Clock, me, "role", domain.RoleVolunteer), 100); err != nil {
					t.Fatal(err)
				}
			}},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dev := newRaw(t, f.env, fmt.Sprint("tablet-s", i), protocol.Scope{Venues: []string{f.v1}})
			me := fmt.Sprint("me-", i)
			if err := dev.Push(staff(dev.Clock, me, "name", "Sam", "role", domain.RoleFacilitator), 100); err != nil {
				t.Fatalf("the tablet could not add itself: %v", err)
			}
			if tc.setup != nil {
				tc.setup(t, me)
			}
			target := tc.target
			if target == "" {
				target = me
			}
			before, _ := f.env.Store.Entity(domain.KindStaff, target)
			perr := refusal(t, dev.Push(staff(dev.Clock, target, tc.fields...), 100))
			after, _ := f.env.Store.Entity(domain.KindStaff, target)
			switch {
			case tc.ok && perr != nil:
				t.Fatalf("refused: %v", perr)
			case tc.ok && after.Get(tc.fields[0]) != tc.fields[1]:
				t.Fatalf("not saved: %v", after.Values())
			case !tc.ok && (perr == nil || perr.Code != protocol.CodeOutOfScope):
				t.Fatalf("not refused as out of scope: %+v; the record is now %v", perr, after.Values())
			case !tc.ok && fmt.Sprint(after.Values()) != fmt.Sprint(before.Values()):
				t.Fatalf("a refused change changed the record: %v -> %v", before.Values(), after.Values())
			}
		})
	}
	if e, _ := f.env.Store.Entity(domain.KindStaff, "admin1"); e.Get("role") != domain.RoleAdministrator || e.Get("name") != "Alex" || e.Deleted() {
		t.Errorf("the administrator's record is now %v", e.Values())
	}
}

// TestRecordSizeIsBounded (issue 10 item 7): one record cannot grow past
// MaxRecordBytes or MaxRecordFields, however many pushes it takes, and
// the refusal names the record. A record at the limit may still change.
func TestRecordSizeIsBounded(t *testing.T) {
	f := newFixture(t)
	big := strings.Repeat("x", 60<<10)
	// A venue device writes only the fields a mark has
	// (TestAttackJunkFieldsFillARegisterRecord): five of them, 60 KiB each,
	// pass the byte limit; an organisation device's made-up fields pass
	// the limit on fields.
	markFields := []string{"status", "companion", "note", "marked_by", "marked_at"}
	fields := func(c *hlc.Clock, org bool, kind record.Kind, id string, from, n int, value string) []record.Write {
		var ws []record.Write
		for i := from; i < from+n; i++ {
			name := fmt.Sprint("f", i)
			if !org {
				name = markFields[i]
			}
			ws = append(ws, record.Write{Kind: kind, ID: id, Field: name, Value: value, Stamp: c.Now(), Staff: "sam"})
		}
		return ws
	}
	mark := domain.AttendanceID(domain.SessionID("a1", "2026-11-20"), "ann")
	cases := []struct {
		name   string
		org    bool
		id     string
		pushes [][2]int // fields from, count
		value  string
	}{
		{"a mark grown by large fields over several pushes", false, mark, [][2]int{{0, 2}, {2, 2}, {4, 1}}, big},
		{"a mark with too many small fields", true, domain.AttendanceID(domain.SessionID("a1", "2026-11-21"), "ann"), [][2]int{{0, 200}, {200, 200}}, "y"},
		{"an organisation device's record", true, domain.AttendanceID(domain.SessionID("a1", "2026-11-22"), "ann"), [][2]int{{0, 3}, {3, 3}}, big},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			scope := protocol.Scope{Venues: []string{f.v1}}
			if tc.org {
				scope = org
			}
			dev := newRaw(t, f.env, fmt.Sprint("dev-r", i), scope)
			if err := dev.Push([]record.Write{{Kind: domain.KindAttendance, ID: tc.id, Field: "venue_id", Value: f.v1, Stamp: dev.Clock.Now(), Staff: "sam"}}, 1); err != nil {
				t.Fatal(err)
			}
			var perr *protocol.Error
			for _, p := range tc.pushes {
				if perr = refusal(t, dev.Push(fields(dev.Clock, tc.org, domain.KindAttendance, tc.id, p[0], p[1], tc.value), protocol.MaxPushWrites)); perr != nil {
					break
				}
			}
			if perr == nil || (perr.Code != protocol.CodeTooLarge && perr.Code != protocol.CodeBadRequest) {
				t.Fatalf("the record grew without a refusal: %+v", perr)
			}
			if !strings.Contains(perr.Message, tc.id) {
				t.Errorf("the refusal does not name the record: %q", perr.Message)
			}
			e, _ := f.env.Store.Entity(domain.KindAttendance, tc.id)
			if n := len(record.AppendEntity(nil, e)); n > protocol.MaxRecordBytes || len(e.Fields) > protocol.MaxRecordFields {
				t.Fatalf("the server holds the record at %d bytes, %d fields", n, len(e.Fields))
			}
			// Changing a field it has is still fine.
			again := newRaw(t, f.env, fmt.Sprint("dev-r2-", i), scope)
			if err := again.Push(fields(again.Clock, tc.org, domain.KindAttendance, tc.id, 0, 1, "short"), 1); err != nil {
				t.Fatalf("a record at the limit could not change: %v", err)
			}
		})
	}
}

// TestPullPageBytesAreBounded (issue 10 item 7): a page's states stay
// within the bytes asked for, except a page of one record bigger than that
// (which MaxRecordBytes bounds), so a page is bounded whatever the history.
func TestPullPageBytesAreBounded(t *testing.T) {
	f := newFixture(t)
	big := strings.Repeat("n", 60<<10)
	var ws []record.Write
	for i := range 6 {
		id := domain.AttendanceID(domain.SessionID("a1", "2026-11-20"), fmt.Sprint("p", i))
		for _, fv := range [][2]string{{"venue_id", f.v1}, {"status", domain.StatusPresent}, {"note", big}} {
			ws = append(ws, record.Write{Kind: domain.KindAttendance, ID: id, Field: fv[0], Value: fv[1], Stamp: f.office.Clock.Now(), Staff: "admin"})
		}
	}
	if err := f.office.Push(ws, 100); err != nil {
		t.Fatal(err)
	}
	for _, maxBytes := range []int{100 << 10, 200 << 10, 1} {
		t.Run(fmt.Sprint("max_bytes=", maxBytes), func(t *testing.T) {
			var after uint64
			marks := 0
			for pages := 0; ; pages++ {
				if pages > 100 {
					t.Fatal("the pull does not end")
				}
				var resp protocol.PullResponse
				if _, err := f.office.Do(protocol.PathPull, &protocol.PullRequest{Schema: protocol.Schema, Epoch: f.office.Epoch, After: after, MaxBytes: maxBytes}, &resp); err != nil {
					t.Fatal(err)
				}
				bytes, largest := 0, 0
				for _, e := range resp.Entities {
					bytes += len(e.State)
					largest = max(largest, len(e.State))
					if e.Kind == string(domain.KindAttendance) {
						marks++
					}
				}
				if bytes > max(maxBytes, largest) {
					t.Errorf("a page holds %d state bytes of %d entities; asked for at most %d", bytes, len(resp.Entities), maxBytes)
				}
				if resp.More && len(resp.Entities) == 0 {
					t.Fatal("an empty page says more is waiting")
				}
				after = resp.Next
				if !resp.More {
					break
				}
			}
			if marks != 6 {
				t.Errorf("pulled %d marks, want 6", marks)
			}
		})
	}
}

// TestClientSaysARecordIsTooBig (issue 10 item 7): when the server refuses
// a record as too big, the app says so in words, not "No connection".
func TestClientSaysARecordIsTooBig(t *testing.T) {
	f := newFixture(t)
	d := f.env.NewDevice("tablet-big", protocol.Scope{Venues: []string{f.v1}}, client.Options{}, nil)
	// Five of a mark's fields at 60 KiB each (a venue device writes only
	// the fields a mark has).
	fields := map[string]string{"venue_id": f.v1}
	for _, name := range []string{"status", "companion", "note", "marked_by", "marked_at"} {
		fields[name] = strings.Repeat("z", 60<<10)
	}
	d.Save(domain.KindAttendance, domain.AttendanceID(domain.SessionID("a1", "2026-11-20"), "ann"), fields)
	later := domain.AttendanceID(domain.SessionID("a1", "2026-11-20"), "bob")
	d.Save(domain.KindAttendance, later, map[string]string{"venue_id": f.v1, "status": domain.StatusPresent})
	d.Client.SyncOnce(context.Background())
	if e, _ := f.env.Store.Entity(domain.KindAttendance, domain.AttendanceID(domain.SessionID("a1", "2026-11-20"), "ann")); len(record.AppendEntity(nil, e)) > protocol.MaxRecordBytes {
		t.Fatal("the server took a record bigger than its limit")
	}
	st := d.Client.Status()
	if st.State != client.StateError || !strings.Contains(st.Err, "KiB in one record") || strings.Contains(st.Err, "No connection") {
		t.Errorf("the status says %q (state %v)", st.Err, st.State)
	}
	// The record is set aside (kept on the device, listed), and the mark
	// made after it is not held up.
	if e, _ := f.env.Store.Entity(domain.KindAttendance, later); e.Get("status") != domain.StatusPresent {
		t.Error("a record too big to send held up the change after it")
	}
	if len(d.Client.Refused()) == 0 {
		t.Error("the record too big to send is not listed as refused")
	}
}
