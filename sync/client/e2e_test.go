package client_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gather-sp/gather/storage/storagetest"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

var org = protocol.Scope{Organisation: true}

// world is a server with two venues, an activity at each, and people
// enrolled by the office.
type world struct {
	env        *testenv.Env
	office     *testenv.Device
	v1, v2     string
	act1, act2 string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	env := testenv.Start(t, server.Options{})
	w := &world{env: env, v1: env.Venue("v1", "Community Garden"), v2: env.Venue("v2", "Arts Centre"), act1: "garden-club", act2: "craft-club"}
	// The administrator's office device: the server takes erasures and the
	// organisation's settings only from a device enrolled as one.
	w.office = env.NewDeviceAs("office", org, domain.RoleAdministrator, client.Options{}, nil)
	w.office.Save(domain.KindActivity, w.act1, map[string]string{"name": "Garden club", "venue_id": w.v1})
	w.office.Save(domain.KindActivity, w.act2, map[string]string{"name": "Craft club", "venue_id": w.v2})
	w.office.Sync()
	return w
}

// person creates a person at the office with a card and case fields, and
// enrols them on activity at venue.
func (w *world) person(id, name, activity, venue string) {
	w.office.Save(domain.KindPerson, id, map[string]string{"given_name": name, "family_name": "Tester",
		"access_needs": "step-free", "nhs_number": "943 476 5919", "phone": "07700 900123"})
	if activity != "" {
		w.office.Save(domain.KindEnrolment, domain.EnrolmentID(activity, id), map[string]string{
			"activity_id": activity, "person_id": id, "venue_id": venue, "started": "2026-11-01"})
	}
}

func mark(d *testenv.Device, activity, venue, date, person, status string) string {
	session := domain.SessionID(activity, date)
	d.Save(domain.KindSession, session, map[string]string{"activity_id": activity, "venue_id": venue, "date": date})
	id := domain.AttendanceID(session, person)
	d.Save(domain.KindAttendance, id, map[string]string{"session_id": session, "person_id": person,
		"activity_id": activity, "venue_id": venue, "date": date, "status": status})
	return id
}

func TestOfflineMarksOnTwoTabletsConverge(t *testing.T) {
	w := newWorld(t)
	for _, p := range []string{"ann", "bob", "cat"} {
		w.person(p, p, w.act1, w.v1)
	}
	w.office.Sync()
	scope := protocol.Scope{Venues: []string{w.v1}}
	a := w.env.NewDevice("tablet-a", scope, client.Options{}, nil)
	b := w.env.NewDevice("tablet-b", scope, client.Options{}, nil)
	a.Sync()
	b.Sync()
	if !a.Has(domain.KindPerson, "ann") || !b.Has(domain.KindPerson, "cat") {
		t.Fatal("tablets did not receive the register's people")
	}

	// Offline: both tablets take the register; both tick Ann, differently.
	date := "2026-11-20"
	annA := mark(a, w.act1, w.v1, date, "ann", domain.StatusPresent)
	mark(a, w.act1, w.v1, date, "bob", domain.StatusPresent)
	annB := mark(b, w.act1, w.v1, date, "ann", domain.StatusLate)
	mark(b, w.act1, w.v1, date, "cat", domain.StatusApologies)
	if annA != annB {
		t.Fatal("derived attendance ids differ")
	}

	a.Sync()
	b.Sync()
	a.Sync()
	w.office.Sync()

	for _, d := range []*testenv.Device{a, b, w.office} {
		for person, want := range map[string]string{"bob": domain.StatusPresent, "cat": domain.StatusApologies} {
			id := domain.AttendanceID(domain.SessionID(w.act1, date), person)
			if got := d.Get(domain.KindAttendance, id, "status"); got != want {
				t.Errorf("%s: %s status %q, want %q", d.Name, person, got, want)
			}
		}
	}
	ann := func(d *testenv.Device) record.FieldState {
		e, err := d.Store.Entity(domain.KindAttendance, annA)
		if err != nil {
			t.Fatal(err)
		}
		return e.Fields["status"]
	}
	if ann(a) != ann(b) || ann(a) != ann(w.office) {
		t.Errorf("Ann's mark did not converge: a=%+v b=%+v office=%+v", ann(a), ann(b), ann(w.office))
	}
	// The losing tick is kept as a conflict for the office to review, and
	// conflicts (case data) stay off the tablets.
	if n := len(w.office.Store.View().All(domain.KindConflict)); n != 1 {
		t.Errorf("office holds %d conflict records, want 1", n)
	}
	srvConflicts := 0
	resp := pullAll(t, w.env, w.office)
	for _, e := range resp {
		if e.Kind == string(domain.KindConflict) {
			srvConflicts++
		}
	}
	if srvConflicts != 1 {
		t.Errorf("server holds %d conflicts, want 1", srvConflicts)
	}
	// A tablet may record a conflict it met itself while merging; the server
	// must never send it one.
	for _, e := range pullAll(t, w.env, a) {
		if e.Kind == string(domain.KindConflict) {
			t.Errorf("the server would send conflict %s to a venue tablet", e.ID)
		}
	}
}

// pullAll fetches everything the device may see straight from the server.
func pullAll(t *testing.T, env *testenv.Env, d *testenv.Device) []protocol.Entity {
	t.Helper()
	token, _ := d.Store.Meta(client.MetaToken)
	var out []protocol.Entity
	var after uint64
	for {
		var resp protocol.PullResponse
		status := doJSON(t, env.URL+protocol.PathPull, string(token), protocol.PullRequest{Schema: protocol.Schema, Epoch: env.Store.Epoch(), After: after}, &resp)
		if status != http.StatusOK {
			t.Fatalf("pull: status %d", status)
		}
		out = append(out, resp.Entities...)
		after = resp.Next
		if !resp.More {
			return out
		}
	}
}

func TestVenueDeviceNeverReceivesOtherVenuesPeopleOrCaseData(t *testing.T) {
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.person("zed", "Zed", w.act2, w.v2)
	w.person("nobody", "Nobody", "", "")
	w.office.Save(domain.KindReferral, "ref1", map[string]string{"person_id": "ann", "source": domain.SourceGP})
	w.office.Save(domain.KindMeasure, "m1", map[string]string{"person_id": "ann", "score": "21"})
	w.office.Save(domain.KindAudit, "au1", map[string]string{"staff": "tester", "action": "viewed"})
	mark(w.office, w.act2, w.v2, "2026-11-20", "zed", domain.StatusPresent)
	// A mark saved without venue_id reaches the venue through its activity.
	bare := domain.AttendanceID(domain.SessionID(w.act1, "2026-11-13"), "ann")
	w.office.Save(domain.KindAttendance, bare, map[string]string{"status": domain.StatusLate})
	w.office.Sync()

	tablet := w.env.NewDevice("tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	tablet.Sync()

	if !tablet.Has(domain.KindPerson, "ann") || tablet.Get(domain.KindPerson, "ann", "access_needs") != "step-free" {
		t.Error("the tablet lacks Ann's card")
	}
	if got := tablet.Get(domain.KindAttendance, bare, "status"); got != domain.StatusLate {
		t.Errorf("a mark without venue_id did not reach its venue: %q", got)
	}
	if got := tablet.Get(domain.KindPerson, "ann", "nhs_number"); got != "" {
		t.Errorf("the tablet received Ann's NHS number %q", got)
	}
	for _, kind := range []record.Kind{domain.KindReferral, domain.KindMeasure, domain.KindAudit, domain.KindConflict} {
		if n := len(allOf(t, tablet, kind)); n != 0 {
			t.Errorf("the tablet holds %d %s records", n, kind)
		}
	}
	for _, check := range []struct {
		kind record.Kind
		id   string
	}{
		{domain.KindPerson, "zed"}, {domain.KindPerson, "nobody"}, {domain.KindVenue, w.v2},
		{domain.KindActivity, w.act2}, {domain.KindEnrolment, domain.EnrolmentID(w.act2, "zed")},
		{domain.KindSession, domain.SessionID(w.act2, "2026-11-20")},
	} {
		if tablet.Has(check.kind, check.id) {
			t.Errorf("the tablet received %s %s from another venue", check.kind, check.id)
		}
	}
	// Everything the server would send it, field by field.
	for _, e := range pullAll(t, w.env, tablet) {
		ent, err := record.DecodeEntity(record.Kind(e.Kind), e.ID, e.State, nil)
		if err != nil {
			t.Fatal(err)
		}
		for f := range ent.Fields {
			if domain.IsCaseData(ent.Kind, f) {
				t.Errorf("server sent case field %s.%s to a venue device", e.Kind, f)
			}
		}
		if v := ent.Get("venue_id"); v != "" && v != w.v1 {
			t.Errorf("server sent %s %s of venue %s", e.Kind, e.ID, v)
		}
	}
}

func allOf(t *testing.T, d *testenv.Device, kind record.Kind) []string {
	t.Helper()
	var ids []string
	for _, e := range pullAllLocal(t, d) {
		if e.Kind == kind {
			ids = append(ids, e.ID)
		}
	}
	return ids
}

// pullAllLocal lists the entities in a device store by kind (through
// RequeueAll's view would change the queue, so use the read model and
// Entity instead).
func pullAllLocal(t *testing.T, d *testenv.Device) []*record.Entity {
	t.Helper()
	var out []*record.Entity
	for _, kind := range domain.Kinds {
		for _, row := range d.Store.View().All(kind) {
			e, err := d.Store.Entity(kind, row.ID)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, e)
		}
	}
	return out
}

func TestNewlyEnrolledPersonReachesTheVenue(t *testing.T) {
	w := newWorld(t)
	w.person("dee", "Dee", "", "") // known to the office, not yet at any venue
	w.office.Sync()
	tablet := w.env.NewDevice("tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	tablet.Sync()
	if tablet.Has(domain.KindPerson, "dee") {
		t.Fatal("the tablet received Dee before she enrolled there")
	}
	w.office.Save(domain.KindEnrolment, domain.EnrolmentID(w.act1, "dee"), map[string]string{
		"activity_id": w.act1, "person_id": "dee", "venue_id": w.v1})
	w.office.Sync()
	tablet.Sync()
	if got := tablet.Get(domain.KindPerson, "dee", "given_name"); got != "Dee" {
		t.Fatalf("after enrolling, the tablet has Dee's name %q", got)
	}
	if got := tablet.Get(domain.KindPerson, "dee", "phone"); got != "" {
		t.Errorf("the tablet received Dee's phone %q", got)
	}
	// A later card edit reaches the tablet too.
	w.office.Save(domain.KindPerson, "dee", map[string]string{"access_needs": "hearing loop"})
	w.office.Sync()
	tablet.Sync()
	if got := tablet.Get(domain.KindPerson, "dee", "access_needs"); got != "hearing loop" {
		t.Errorf("access needs %q after edit", got)
	}
}

func TestRevokedDeviceIsRefused(t *testing.T) {
	w := newWorld(t)
	var wiped atomic.Int32
	tablet := w.env.NewDevice("lost tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{OnRevoked: func() { wiped.Add(1) }}, nil)
	tablet.Sync()
	token, _ := tablet.Store.Meta(client.MetaToken)
	if err := w.env.Store.Revoke(tablet.Store.Device()); err != nil {
		t.Fatal(err)
	}
	mark(tablet, w.act1, w.v1, "2026-11-20", "ann", domain.StatusPresent)
	head := w.env.Store.Head()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := tablet.Client.Run(ctx); !errors.Is(err, client.ErrRevoked) {
		t.Fatalf("Run returned %v, want ErrRevoked", err)
	}
	st := tablet.Client.Status()
	if st.State != client.StateError || !tablet.Client.Revoked() || wiped.Load() != 1 {
		t.Errorf("status %+v revoked %v wipe calls %d", st, tablet.Client.Revoked(), wiped.Load())
	}
	if want := "removed by an administrator"; !contains(st.Err, want) {
		t.Errorf("status error %q does not say %q", st.Err, want)
	}
	if w.env.Store.Head() != head {
		t.Error("the server changed after a revoked device's sync")
	}
	// The raw protocol refuses the token at once, for push and pull.
	for _, path := range []string{protocol.PathPush, protocol.PathPull} {
		var perr protocol.Error
		status := doJSON(t, w.env.URL+path, string(token), protocol.PullRequest{Schema: protocol.Schema}, &perr)
		if status != http.StatusForbidden || perr.Code != protocol.CodeRevoked {
			t.Errorf("%s with a revoked token: %d %+v", path, status, perr)
		}
	}
}

func TestReplayedPushCreatesNoDuplicates(t *testing.T) {
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	token, _ := w.office.Store.Meta(client.MetaToken)
	pending, err := w.office.Store.PendingWrites(0, 1000)
	if err != nil || len(pending) == 0 {
		t.Fatalf("pending %d, %v", len(pending), err)
	}
	req := protocol.PushRequest{Schema: protocol.Schema, Epoch: w.env.Store.Epoch()}
	for _, p := range pending {
		req.Writes = append(req.Writes, protocol.FromRecord(p.Seq, p.Write))
	}
	var first, again protocol.PushResponse
	if s := doJSON(t, w.env.URL+protocol.PathPush, string(token), req, &first); s != 200 {
		t.Fatalf("push: %d", s)
	}
	head := w.env.Store.Head()
	before := len(pullAll(t, w.env, w.office))
	for range 3 {
		if s := doJSON(t, w.env.URL+protocol.PathPush, string(token), req, &again); s != 200 {
			t.Fatalf("replay: %d", s)
		}
	}
	if again.AckedSeq != first.AckedSeq || again.Applied != 0 {
		t.Errorf("replay answered %+v after %+v", again, first)
	}
	if w.env.Store.Head() != head || len(pullAll(t, w.env, w.office)) != before {
		t.Error("a replayed push changed the server")
	}
	// A client whose acknowledgement was lost sends it again: no change either.
	w.office.Sync()
	if w.office.Store.PendingCount() != 0 {
		t.Errorf("%d writes still pending", w.office.Store.PendingCount())
	}
	if got := len(pullAll(t, w.env, w.office)); got != before {
		t.Errorf("%d records on the server after the client re-sent, want %d", got, before)
	}
}

func contains(s, sub string) bool {
	return len(sub) == 0 || len(s) >= len(sub) && (s == sub || indexOf(s, sub) >= 0)
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func TestServerRestoredFromBackupGetsEverythingBack(t *testing.T) {
	testenv.RequireBadger(t, "it restores the server from Store.Backup")
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.office.Sync()
	tablet := w.env.NewDevice("tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	tablet.Sync()
	backup := w.env.Backup()
	oldEpoch, organisation := w.env.Store.Epoch(), w.env.Store.Organisation()
	// After the backup, work goes on: these changes reach the server, then
	// the server is restored from the older backup and loses them.
	w.person("bob", "Bob", w.act1, w.v1)
	w.office.Sync()
	attended := mark(tablet, w.act1, w.v1, "2026-11-20", "ann", domain.StatusPresent)
	tablet.Sync()
	w.env.RestoreFrom(backup)
	if w.env.Store.Epoch() == oldEpoch {
		t.Fatal("the epoch did not change on restore")
	}
	if w.env.Store.Organisation() != organisation {
		t.Fatalf("the organisation name changed on restore, from %q to %q: its devices would be refused", organisation, w.env.Store.Organisation())
	}
	if e, _ := w.env.Store.Entity(domain.KindPerson, "bob"); len(e.Fields) != 0 {
		t.Fatal("the backup already had Bob")
	}
	w.office.Sync()
	tablet.Sync()
	w.office.Sync()
	if got := w.env.Store; true {
		if e, _ := got.Entity(domain.KindPerson, "bob"); e.Get("nhs_number") == "" || e.Get("given_name") != "Bob" {
			t.Errorf("Bob was not sent back to the restored server: %+v", e.Fields)
		}
		if e, _ := got.Entity(domain.KindAttendance, attended); e.Get("status") != domain.StatusPresent {
			t.Errorf("the tablet's mark was not sent back: %+v", e.Fields)
		}
	}
	if tablet.Get(domain.KindPerson, "bob", "given_name") != "Bob" {
		t.Error("the tablet lacks Bob after re-pulling")
	}
	if epoch, _ := tablet.Store.Meta(client.MetaEpoch); string(epoch) != w.env.Store.Epoch() {
		t.Errorf("the tablet's cursor is in epoch %q, want %q", epoch, w.env.Store.Epoch())
	}
}

func TestStatusAndBackgroundLoop(t *testing.T) {
	w := newWorld(t)
	tablet := w.env.NewDevice("tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{ChangeDelay: time.Millisecond}, nil)
	c := tablet.Client
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	waitFor := func(what string, ok func(client.Status) bool) {
		t.Helper()
		for {
			updates := c.Updates()
			st := c.Status()
			if ok(st) {
				return
			}
			select {
			case <-updates:
			case <-time.After(20 * time.Second):
				t.Fatalf("waiting for %s; status %+v", what, st)
			}
		}
	}
	waitFor("the first sync", func(s client.Status) bool { return s.State == client.StateSynced && !s.LastSynced.IsZero() })
	// A local change is pushed by itself, soon after.
	id := mark(tablet, w.act1, w.v1, "2026-11-20", "ann", domain.StatusPresent)
	waitFor("the mark to be sent", func(s client.Status) bool { return s.Pending == 0 && s.State == client.StateSynced })
	if e, _ := w.env.Store.Entity(domain.KindAttendance, id); e.Get("status") != domain.StatusPresent {
		t.Error("the mark did not reach the server")
	}
	// Many presses of Sync now while the loop is busy never block.
	for range 100 {
		c.SyncNow()
	}
	// The server goes away: the device says it is offline and keeps the change.
	w.env.Stop()
	mark(tablet, w.act1, w.v1, "2026-11-20", "bob", domain.StatusPresent)
	c.SyncNow()
	waitFor("offline", func(s client.Status) bool { return s.State == client.StateOffline && s.Pending > 0 && s.Err != "" })
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run returned %v on shutdown", err)
	}
}

func TestNotConnectedAndBadEnrolment(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	st := storagetest.Open(t)
	c := client.New(st, client.Options{})
	if s := c.Status(); s.State != client.StateNotConnected || s.Err != "" {
		t.Errorf("status before enrolling: %+v", s)
	}
	err := client.Enrol(context.Background(), st, env.URL, "WRONG-CODE-1234")
	var perr *protocol.Error
	if !errors.As(err, &perr) || perr.Code != protocol.CodeBadCode {
		t.Errorf("a wrong code gave %v", err)
	}
	if err := client.Enrol(context.Background(), st, "http://127.0.0.1:1", "X"); err == nil || !strings.Contains(err.Error(), "cannot reach") {
		t.Errorf("an unreachable server gave %v", err)
	}
	if tok, _ := st.Meta(client.MetaToken); len(tok) != 0 {
		t.Error("a failed enrolment saved a token")
	}
	// Settings: connect while the loop runs; it syncs by itself.
	env.Venue("hall", "Hall")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go c.Run(ctx)
	if err := c.Connect(ctx, env.URL, env.Code(protocol.Scope{Venues: []string{"hall"}})); err != nil {
		t.Fatal(err)
	}
	for {
		updates := c.Updates()
		if s := c.Status(); s.State == client.StateSynced {
			break
		}
		select {
		case <-updates:
		case <-time.After(20 * time.Second):
			t.Fatalf("no sync after connecting: %+v", c.Status())
		}
	}
	if _, ok := st.View().Get(domain.KindVenue, "hall"); !ok || c.ServerURL() != env.URL {
		t.Errorf("after connecting: venue %v, server %q", ok, c.ServerURL())
	}
}

// A venue device's new record reaches the server even when a batch would
// otherwise end between its name and its venue_id.
func TestTinyBatchesKeepARecordTogether(t *testing.T) {
	w := newWorld(t)
	tablet := w.env.NewDevice("tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{PushBatch: 1}, nil)
	tablet.Save(domain.KindActivity, "walk-and-talk", map[string]string{"name": "Walk and talk", "category": domain.CategoryExercise, "venue_id": w.v1})
	mark(tablet, "walk-and-talk", w.v1, "2026-11-21", "ann", domain.StatusPresent)
	tablet.Sync()
	if e, _ := w.env.Store.Entity(domain.KindActivity, "walk-and-talk"); e.Get("name") != "Walk and talk" {
		t.Errorf("the new activity did not reach the server: %+v", e.Fields)
	}
}

// A change the server will never take from a tablet is set aside and
// reported, and stays on the tablet; it does not hold up the marks made
// after it.
func TestRefusedChangeDoesNotBlockTheQueue(t *testing.T) {
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.office.Sync()
	tablet := w.env.NewDevice("tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{PushBatch: 3}, nil)
	tablet.Sync()
	before := mark(tablet, w.act1, w.v1, "2026-11-20", "ann", domain.StatusPresent)
	tablet.Save(domain.KindStaff, "sam", map[string]string{"name": "Sam", "role": domain.RoleVolunteer})
	tablet.Save(domain.KindPerson, "ann", map[string]string{"phone": "07700 900999"}) // case data: never from a tablet
	tablet.Save(domain.KindStaff, "kim", map[string]string{"name": "Kim", "role": domain.RoleAdministrator})
	after := mark(tablet, w.act1, w.v1, "2026-11-27", "ann", domain.StatusLate)
	tablet.Sync()

	if n := tablet.Store.PendingCount(); n != 0 {
		t.Fatalf("%d changes still queued", n)
	}
	for id, want := range map[string]string{before: domain.StatusPresent, after: domain.StatusLate} {
		if e, _ := w.env.Store.Entity(domain.KindAttendance, id); e.Get("status") != want {
			t.Errorf("mark %s on the server: %q, want %q", id, e.Get("status"), want)
		}
	}
	if e, _ := w.env.Store.Entity(domain.KindStaff, "sam"); e.Get("name") != "Sam" {
		t.Error("a volunteer added on the tablet did not reach the server")
	}
	if e, _ := w.env.Store.Entity(domain.KindPerson, "ann"); e.Get("phone") != "07700 900123" {
		t.Errorf("the tablet changed Ann's phone on the server to %q", e.Get("phone"))
	}
	if e, _ := w.env.Store.Entity(domain.KindStaff, "kim"); e.Get("role") != "" {
		t.Errorf("the tablet made Kim %q on the server", e.Get("role"))
	}
	refused := tablet.Client.Refused()
	fields := map[string]bool{}
	for _, r := range refused {
		fields[r.Kind+"."+r.Field] = true
	}
	if !fields["person.phone"] || !fields["staff.role"] {
		t.Errorf("refused changes %+v", refused)
	}
	// A refused change stays on this device, as the status says: the
	// forgetting of case details after a sync keeps it.
	if got := tablet.Get(domain.KindPerson, "ann", "phone"); got != "07700 900999" {
		t.Errorf("the tablet lost the phone number it was refused: %q", got)
	}
	if st := tablet.Client.Status(); st.State != client.StateError || !strings.Contains(st.Err, "refused") {
		t.Errorf("status %+v does not say changes were refused", st)
	}
	// Later changes go through as usual.
	last := mark(tablet, w.act1, w.v1, "2026-12-04", "ann", domain.StatusPresent)
	tablet.Sync()
	if e, _ := w.env.Store.Entity(domain.KindAttendance, last); e.Get("status") != domain.StatusPresent {
		t.Error("a mark after the refusal did not reach the server")
	}
	if st := tablet.Client.Status(); st.State != client.StateSynced {
		t.Errorf("status after a clean sync: %+v", st)
	}
}

// Many mid-sized records pull in pages the device store can apply (the
// client asks for pages of at most 1 MiB of state and halves a page that is
// still too big for one transaction).
func TestLargeRecordsPullInPagesThatFit(t *testing.T) {
	env := testenv.Start(t, server.Options{})
	seeder, err := env.NewRaw("seeder", org, nil)
	if err != nil {
		t.Fatal(err)
	}
	note := strings.Repeat("access needs ", 50) // ~650 bytes: kept inline in the device store
	var ws []record.Write
	for i := range 4000 {
		ws = append(ws, record.Write{Kind: domain.KindPerson, ID: fmt.Sprint("p", i), Field: "access_needs", Value: note, Stamp: seeder.Clock.Now()})
	}
	if err := seeder.Push(ws, 1000); err != nil {
		t.Fatal(err)
	}
	laptop := env.NewDevice("laptop", org, client.Options{}, nil)
	laptop.Sync()
	if n := laptop.Store.View().Count(domain.KindPerson); n != 4000 {
		t.Fatalf("pulled %d people, want 4000", n)
	}
}
