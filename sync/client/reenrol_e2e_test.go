package client_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// reenrol enrols d again, with a new code for scope, as Settings does when
// a tablet moves or its scope grows. The store is the same opening.
func reenrol(t *testing.T, w *world, d *testenv.Device, scope protocol.Scope) {
	t.Helper()
	if err := d.Client.Connect(context.Background(), w.env.URL, w.env.Code(scope)); err != nil {
		t.Fatalf("enrol %s again: %v", d.Name, err)
	}
}

// craftRegister gives venue 2 an older register: Dan enrolled on the craft
// club with a session and a mark, all synced to the server before any
// tablet moves there.
func (w *world) craftRegister(t *testing.T) (session, markID string) {
	t.Helper()
	w.person("dan", "Dan", w.act2, w.v2)
	markID = mark(w.office, w.act2, w.v2, "2026-11-10", "dan", domain.StatusPresent)
	w.office.Sync()
	return domain.SessionID(w.act2, "2026-11-10"), markID
}

// TestReenrolledTabletReceivesItsNewVenuesOlderRecords: a garden tablet
// that has synced (its cursor past everything) is enrolled again for the
// arts centre. Its next sync must bring the arts centre's register, all
// of it logged before the tablet's old cursor, and the garden's must be
// gone from it.
func TestReenrolledTabletReceivesItsNewVenuesOlderRecords(t *testing.T) {
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.office.Save(domain.KindStaff, "bev", map[string]string{"name": "Bev", "role": domain.RoleFacilitator})
	session, markID := w.craftRegister(t)
	tablet := w.env.NewDevice("tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	tablet.Sync()
	if !tablet.Has(domain.KindPerson, "ann") || tablet.Has(domain.KindPerson, "dan") {
		t.Fatal("the garden tablet's register is not the garden's")
	}
	// More happens at the garden, so the tablet's cursor moves on.
	w.person("bea", "Bea", w.act1, w.v1)
	w.office.Sync()
	tablet.Sync()

	reenrol(t, w, tablet, protocol.Scope{Venues: []string{w.v2}})
	tablet.Sync()

	for _, r := range []struct {
		kind record.Kind
		id   string
	}{{domain.KindActivity, w.act2}, {domain.KindPerson, "dan"}, {domain.KindEnrolment, domain.EnrolmentID(w.act2, "dan")},
		{domain.KindSession, session}, {domain.KindAttendance, markID}} {
		if !tablet.Has(r.kind, r.id) {
			t.Errorf("after moving to the arts centre the tablet lacks %s %s", r.kind, r.id)
		}
	}
	if got := tablet.Get(domain.KindPerson, "dan", "nhs_number"); got != "" {
		t.Errorf("the tablet received Dan's NHS number %q", got)
	}
	// What it held from the garden, all on the server, left with the
	// move: register data reaches the venues where a person is enrolled or
	// attended (DESIGN.md), and the tablet is no longer the garden's. Staff
	// reach every device and stay.
	for _, r := range []struct {
		kind record.Kind
		id   string
	}{{domain.KindPerson, "ann"}, {domain.KindPerson, "bea"}, {domain.KindActivity, w.act1}, {domain.KindVenue, w.v1},
		{domain.KindEnrolment, domain.EnrolmentID(w.act1, "ann")}} {
		if tablet.Has(r.kind, r.id) {
			t.Errorf("after moving to the arts centre the tablet still holds the garden's %s %s", r.kind, r.id)
		}
	}
	if !tablet.Has(domain.KindStaff, "bev") {
		t.Error("the move took the staff records, which every device holds, off the tablet")
	}
	if st := tablet.Client.Status(); st.State != client.StateSynced {
		t.Errorf("status %+v", st)
	}
}

// TestMovedTabletDropsTheOldVenueAfterACrash: the app stops between the
// new enrolment being saved and the old venue's records being dropped
// (Enrol alone, then a restart). The next sync drops them before it
// pushes, so a mark taken at the new venue meanwhile stays on the tablet
// (the server never sends a device its own writes back).
func TestMovedTabletDropsTheOldVenueAfterACrash(t *testing.T) {
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.craftRegister(t)
	tablet := w.env.NewDevice("tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	tablet.Sync()
	if !tablet.Has(domain.KindPerson, "ann") {
		t.Fatal("the garden tablet lacks Ann")
	}

	if err := client.Enrol(context.Background(), tablet.Store, w.env.URL, w.env.Code(protocol.Scope{Venues: []string{w.v2}})); err != nil {
		t.Fatal(err)
	}
	tablet.Restart() // the drop never ran
	newMark := mark(tablet, w.act2, w.v2, "2026-11-24", "dan", domain.StatusPresent)
	tablet.Sync()

	if tablet.Has(domain.KindPerson, "ann") || tablet.Has(domain.KindActivity, w.act1) {
		t.Error("after the crash and a sync the arts-centre tablet still holds the garden's register")
	}
	if !tablet.Has(domain.KindAttendance, newMark) || !tablet.Has(domain.KindPerson, "dan") {
		t.Error("the arts-centre tablet lost its own new mark, or lacks the arts centre's register")
	}
	if e, _ := w.env.Store.Entity(domain.KindAttendance, newMark); e.Get("status") != domain.StatusPresent {
		t.Errorf("the server lacks the new mark: %v", e)
	}
	tablet.Sync()
	if !tablet.Has(domain.KindAttendance, newMark) {
		t.Error("a second sync dropped the tablet's own mark")
	}
}

// TestTabletBecomingAnOfficeDeviceReceivesCaseData: a garden tablet
// enrolled again for the whole organisation (without Gather being
// restarted) receives the case data it was never sent, the other venue's
// register, and the case details of its own walk-in, which it pushed and
// then forgot as a venue tablet: no echo must not hide those from it.
func TestTabletBecomingAnOfficeDeviceReceivesCaseData(t *testing.T) {
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.craftRegister(t)
	tablet := w.env.NewDevice("tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, w.env.Clock.Now)
	tablet.Sync()

	s := domain.Session{ID: domain.SessionID(w.act1, "2026-11-21"), ActivityID: w.act1, VenueID: w.v1, Date: "2026-11-21"}
	p, e, m, err := domain.WalkIn(domain.Person{GivenName: "Winifred", FamilyName: "Hale", Phone: "07700 900555"}, s, "staff-bev", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := tablet.Store.Save("staff-bev", record.Change{Kind: domain.KindSession, ID: s.ID, Fields: domain.Encode(s)},
		record.Change{Kind: domain.KindPerson, ID: p.ID, Fields: domain.Encode(p)},
		record.Change{Kind: domain.KindEnrolment, ID: e.ID, Fields: domain.Encode(e)},
		record.Change{Kind: domain.KindAttendance, ID: m.ID, Fields: domain.Encode(m)}); err != nil {
		t.Fatal(err)
	}
	tablet.Sync()
	endCaseHold(w, tablet)
	if got := tablet.Get(domain.KindPerson, p.ID, "phone"); got != "" {
		t.Fatalf("the venue tablet kept the walk-in's phone %q", got)
	}

	reenrol(t, w, tablet, org)
	tablet.Sync()

	for _, c := range []struct{ id, field, want string }{
		{"ann", "nhs_number", "943 476 5919"}, {"dan", "phone", "07700 900123"}, {p.ID, "phone", "07700 900555"}, {p.ID, "given_name", "Winifred"}} {
		if got := tablet.Get(domain.KindPerson, c.id, c.field); got != c.want {
			t.Errorf("as an office device the tablet holds %s's %s %q, want %q", c.id, c.field, got, c.want)
		}
	}
}

// pushFails fails every push while set, as a connection that drops them.
type pushFails struct{ on atomic.Bool }

func (p *pushFails) RoundTrip(req *http.Request) (*http.Response, error) {
	if p.on.Load() && req.URL.Path == protocol.PathPush {
		return nil, errors.New("connection reset")
	}
	return http.DefaultTransport.RoundTrip(req)
}

// TestUnsentWritesSurviveReenrolment: marks taken offline at the garden,
// still queued when the tablet is enrolled again (its scope grown to both
// venues; Connect could not send them first), are sent under the new
// enrolment, and the tablet receives the other venue's older register
// too.
func TestUnsentWritesSurviveReenrolment(t *testing.T) {
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.person("bea", "Bea", w.act1, w.v1)
	w.craftRegister(t)
	drop := &pushFails{}
	tablet := w.env.NewDevice("tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{HTTPClient: testenv.HTTPClient(drop)}, nil)
	tablet.Sync()

	// Offline: the register is taken, nothing is sent.
	date := "2026-11-22"
	annMark := mark(tablet, w.act1, w.v1, date, "ann", domain.StatusPresent)
	beaMark := mark(tablet, w.act1, w.v1, date, "bea", domain.StatusLate)
	if tablet.Store.PendingCount() == 0 {
		t.Fatal("nothing queued")
	}

	drop.on.Store(true)
	reenrol(t, w, tablet, protocol.Scope{Venues: []string{w.v1, w.v2}})
	drop.on.Store(false)
	if tablet.Store.PendingCount() == 0 {
		t.Fatal("enrolling again dropped the queued marks")
	}
	// A restart in between: the queue is on disk, not in the client.
	tablet.Restart()
	tablet.Sync()
	if n := tablet.Store.PendingCount(); n != 0 {
		t.Errorf("%d writes still queued after the sync", n)
	}
	if refused := tablet.Client.Refused(); len(refused) != 0 {
		t.Errorf("the server refused %+v", refused)
	}
	w.office.Sync()
	for id, want := range map[string]string{annMark: domain.StatusPresent, beaMark: domain.StatusLate} {
		if got := w.office.Get(domain.KindAttendance, id, "status"); got != want {
			t.Errorf("office: mark %s status %q, want %q", id, got, want)
		}
	}
	if !tablet.Has(domain.KindPerson, "dan") {
		t.Error("the tablet did not receive the arts centre's older register")
	}
}

// pullGate holds the first pull answer after it is armed until released,
// and counts pulls answered epoch_changed.
type pullGate struct {
	armed    atomic.Bool
	answered chan struct{}
	release  chan struct{}
	afresh   atomic.Int32
}

func (g *pullGate) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil || req.URL.Path != protocol.PathPull {
		return resp, err
	}
	if resp.StatusCode != http.StatusOK {
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(raw))
		var perr protocol.Error
		if protocol.Decode(bytes.NewReader(raw), strings.EqualFold(resp.Header.Get("Content-Encoding"), "gzip"), 1<<20, 1<<20, &perr) == nil &&
			perr.Code == protocol.CodeEpochChanged {
			g.afresh.Add(1)
		}
		return resp, nil
	}
	if g.armed.CompareAndSwap(true, false) {
		close(g.answered)
		<-g.release
	}
	return resp, nil
}

// TestPageAnsweredBeforeReenrolmentIsNotApplied: a sync is pulling when
// the tablet is enrolled again from Settings. The page the server
// answered under the old enrolment must not be applied after the new one
// is saved, setting the old scope's cursor back in place: Connect stops
// the sync and waits for it before it enrols. The tablet then receives
// the new venue's older records without the server having to send it
// back to the start (which re-sends its whole store).
func TestPageAnsweredBeforeReenrolmentIsNotApplied(t *testing.T) {
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.craftRegister(t)
	gate := &pullGate{answered: make(chan struct{}), release: make(chan struct{})}
	tablet := w.env.NewDevice("tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{HTTPClient: testenv.HTTPClient(gate)}, nil)
	tablet.Sync()
	// Bea joins the garden, so the next pull has a page to bring.
	w.person("bea", "Bea", w.act1, w.v1)
	w.office.Sync()

	gate.armed.Store(true)
	synced := make(chan error, 1)
	go func() { synced <- tablet.Client.SyncOnce(context.Background()) }()
	<-gate.answered // the server has answered the page; it is on its way
	code := w.env.Code(protocol.Scope{Venues: []string{w.v2}})
	connected := make(chan error, 1)
	go func() { connected <- tablet.Client.Connect(context.Background(), w.env.URL, code) }()
	time.Sleep(200 * time.Millisecond) // time enough to enrol, were it not held off
	close(gate.release)
	if err := <-synced; err != nil && !errors.Is(err, context.Canceled) {
		t.Fatalf("the sync during the enrolment: %v", err)
	}
	if err := <-connected; err != nil {
		t.Fatalf("enrol again: %v", err)
	}
	tablet.Sync()

	if !tablet.Has(domain.KindPerson, "dan") {
		t.Error("the tablet did not receive the arts centre's older register")
	}
	if n := gate.afresh.Load(); n != 0 {
		t.Errorf("the server told the tablet %d time(s) to fetch everything afresh: a page from the old enrolment set its cursor", n)
	}
}

// TestQueuedMarksAreSentBeforeTheTabletMoves: marks taken offline at the
// garden are still queued when the tablet is enrolled for the arts
// centre, whose scope would refuse them. Connect sends them under the
// garden enrolment first, so they reach the office rather than being set
// aside on the tablet.
func TestQueuedMarksAreSentBeforeTheTabletMoves(t *testing.T) {
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.craftRegister(t)
	tablet := w.env.NewDevice("tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	tablet.Sync()
	annMark := mark(tablet, w.act1, w.v1, "2026-11-23", "ann", domain.StatusPresent)

	reenrol(t, w, tablet, protocol.Scope{Venues: []string{w.v2}})
	tablet.Sync()
	if refused := tablet.Client.Refused(); len(refused) != 0 {
		t.Errorf("%d change(s) set aside, the first %+v", len(refused), refused[0])
	}
	if n := tablet.Store.PendingCount(); n != 0 {
		t.Errorf("%d writes still queued", n)
	}
	w.office.Sync()
	if got := w.office.Get(domain.KindAttendance, annMark, "status"); got != domain.StatusPresent {
		t.Errorf("the office has Ann's garden mark as %q", got)
	}
	if !tablet.Has(domain.KindPerson, "dan") {
		t.Error("the tablet did not receive the arts centre's older register")
	}
}

// TestOfficeDeviceMadeATabletForgetsCaseFieldsAfterSendingThem: an
// organisation device with a phone number changed and not yet sent is
// enrolled again as a garden tablet. The change reaches the server first
// (sent under the organisation enrolment), and then the tablet keeps no
// person case fields, as a venue tablet never does once the server holds
// them; the register cards stay.
func TestOfficeDeviceMadeATabletForgetsCaseFieldsAfterSendingThem(t *testing.T) {
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.office.Sync()
	laptop := w.env.NewDevice("laptop", org, client.Options{}, nil)
	laptop.Sync()
	if got := laptop.Get(domain.KindPerson, "ann", "nhs_number"); got == "" {
		t.Fatal("the organisation device lacks Ann's NHS number")
	}
	laptop.Save(domain.KindPerson, "ann", map[string]string{"phone": "07700 900999"})

	reenrol(t, w, laptop, protocol.Scope{Venues: []string{w.v1}})
	laptop.Sync()

	if e, _ := w.env.Store.Entity(domain.KindPerson, "ann"); e.Get("phone") != "07700 900999" {
		t.Errorf("the server has Ann's phone as %q", e.Get("phone"))
	}
	if refused := laptop.Client.Refused(); len(refused) != 0 {
		t.Errorf("set aside: %+v", refused)
	}
	for _, f := range []string{"nhs_number", "phone"} {
		if got := laptop.Get(domain.KindPerson, "ann", f); got != "" {
			t.Errorf("as a garden tablet the device still holds Ann's %s %q", f, got)
		}
	}
	if got := laptop.Get(domain.KindPerson, "ann", "given_name"); got != "Ann" {
		t.Errorf("Ann's card on the tablet: given name %q", got)
	}
}

// TestOfficeDeviceMadeATabletDropsCaseRecords: an organisation device
// holding Ann's referral, consent and the audit trail is enrolled again
// as a garden tablet. Once its enrolment changes it holds none of them,
// nor the arts centre's register: a laptop handed to a venue keeps no case
// data and no other venue's people. Her register card comes back with the
// next pull.
func TestOfficeDeviceMadeATabletDropsCaseRecords(t *testing.T) {
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.craftRegister(t)
	w.office.Save(domain.KindReferral, "ref-ann", map[string]string{"person_id": "ann", "status": domain.ReferralReceived, "notes": "low mood"})
	w.office.Save(domain.KindConsent, "con-ann", map[string]string{"person_id": "ann", "purpose": "phone", "given": "true"})
	w.office.Sync()
	laptop := w.env.NewDevice("laptop", org, client.Options{}, nil)
	laptop.Sync()
	if got := laptop.Get(domain.KindReferral, "ref-ann", "notes"); got != "low mood" {
		t.Fatalf("the organisation device lacks Ann's referral (notes %q)", got)
	}

	reenrol(t, w, laptop, protocol.Scope{Venues: []string{w.v1}})

	v := laptop.Store.View()
	for _, kind := range []record.Kind{domain.KindReferral, domain.KindConsent, domain.KindAudit} {
		if n := v.Count(kind); n != 0 {
			t.Errorf("as a garden tablet the device still holds %d %s records", n, kind)
		}
	}
	if e, err := laptop.Store.Entity(domain.KindReferral, "ref-ann"); err != nil || len(e.Fields) != 0 {
		t.Errorf("the referral is still in the device's files: %v %v", e, err)
	}
	if laptop.Has(domain.KindPerson, "dan") || laptop.Has(domain.KindActivity, w.act2) {
		t.Error("as a garden tablet the device still holds the arts centre's register")
	}
	laptop.Sync() // the pull from the start brings the garden's register back
	if got := laptop.Get(domain.KindPerson, "ann", "given_name"); got != "Ann" {
		t.Errorf("Ann's card on the tablet: given name %q", got)
	}
	if laptop.Has(domain.KindPerson, "dan") || laptop.Has(domain.KindReferral, "ref-ann") {
		t.Error("the pull brought back what a garden tablet may not hold")
	}
	if e, _ := w.env.Store.Entity(domain.KindReferral, "ref-ann"); e.Get("notes") != "low mood" {
		t.Errorf("the server lost the referral: %v", e)
	}
}

// TestTabletIsRefusedByAnotherOrganisationsServer: a garden tablet, still
// holding the garden's people, is given a code of another organisation's
// server. Enrolled there, it would send everything it holds (a device
// meeting a new server sends it all, in case that is its own server put
// back from a backup), so that server refuses it in words, without using
// up the code, and the tablet stays with its own server. A server that
// adopts the tablet's organisation name (its own, rebuilt without a
// backup) takes it, and gets back what it holds. Its own organisation's
// server, given a new epoch, still takes it back, and a device enrolled
// before servers named their organisation learns it from a pull that
// brings nothing.
func TestTabletIsRefusedByAnotherOrganisationsServer(t *testing.T) {
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.office.Sync()
	tablet := w.env.NewDevice("tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	tablet.Sync()
	waiting := mark(tablet, w.act1, w.v1, "2026-11-21", "ann", domain.StatusPresent)

	other := testenv.Start(t, server.Options{})
	other.Venue(w.v1, "Community Garden")
	code := other.Code(protocol.Scope{Venues: []string{w.v1}})
	err := tablet.Client.Connect(context.Background(), other.URL, code)
	var perr *protocol.Error
	if !errors.As(err, &perr) || perr.Code != protocol.CodeOtherOrganisation || !strings.Contains(err.Error(), "set Gather up afresh") {
		t.Fatalf("enrolling with another organisation's server: %v", err)
	}
	tablet.Sync()
	for _, r := range []struct {
		kind record.Kind
		id   string
	}{{domain.KindPerson, "ann"}, {domain.KindAttendance, waiting}} {
		if e, _ := other.Store.Entity(r.kind, r.id); len(e.Fields) != 0 {
			t.Errorf("the other organisation's server received %s %s: %v", r.kind, r.id, e.Fields)
		}
	}
	if e, _ := w.env.Store.Entity(domain.KindAttendance, waiting); e.Get("status") != domain.StatusPresent {
		t.Errorf("the tablet's own server lacks its mark: %v", e.Fields)
	}
	fresh, err := storage.Open(t.TempDir(), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if err := client.Enrol(context.Background(), fresh, other.URL, code); err != nil {
		t.Errorf("a device set up afresh could not use the code the refused tablet was given: %v", err)
	}

	// The other server is the garden's own, rebuilt without a backup.
	if _, err := other.Store.AdoptOrganisation(context.Background(), tablet.Client.Organisation()); err != nil {
		t.Fatal(err)
	}
	if err := tablet.Client.Connect(context.Background(), other.URL, other.Code(protocol.Scope{Venues: []string{w.v1}})); err != nil {
		t.Fatalf("enrolling with a server that adopted the tablet's organisation: %v", err)
	}
	tablet.Sync()
	if e, _ := other.Store.Entity(domain.KindAttendance, waiting); e.Get("status") != domain.StatusPresent {
		t.Errorf("the rebuilt server did not get the tablet's mark: %v", e.Fields)
	}
	if e, _ := other.Store.Entity(domain.KindPerson, "ann"); e.Get("given_name") != "Ann" {
		t.Errorf("the rebuilt server did not get Ann's card: %v", e.Fields)
	}

	if _, err := other.Store.RotateEpoch(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := tablet.Client.Connect(context.Background(), other.URL, other.Code(protocol.Scope{Venues: []string{w.v1}})); err != nil {
		t.Fatalf("enrolling again with its own server after a new epoch: %v", err)
	}
	tablet.Sync()
	if err := tablet.Store.SetMeta(map[string][]byte{client.MetaOrganisation: nil}); err != nil {
		t.Fatal(err)
	}
	tablet.Sync() // brings nothing new
	if org := tablet.Client.Organisation(); org != other.Store.Organisation() || org == "" {
		t.Errorf("after a pull the tablet names organisation %q, want %q", org, other.Store.Organisation())
	}
}

// TestTabletMovedAfterTheServerWasRestored: the server is put back from a
// backup that lacks the garden tablet's last mark, and before its next
// sync the tablet is enrolled for the arts centre. It syncs under the
// garden's enrolment first, finds the new epoch and sends everything
// again where the garden is still its scope, so the server gets the mark
// back; then the move takes the garden's records off it. (Enrolled
// straight away, it would have queued everything again under the arts
// centre's scope, which refuses the garden's records: kept on the tablet
// for good as its only copy.)
func TestTabletMovedAfterTheServerWasRestored(t *testing.T) {
	testenv.RequireBadger(t, "it restores the server from Store.Backup")
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.craftRegister(t)
	tablet := w.env.NewDevice("tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	tablet.Sync()
	backup := w.env.Backup()
	lastMark := mark(tablet, w.act1, w.v1, "2026-11-28", "ann", domain.StatusPresent)
	tablet.Sync()
	w.env.RestoreFrom(backup)
	if e, _ := w.env.Store.Entity(domain.KindAttendance, lastMark); len(e.Fields) != 0 {
		t.Fatal("the backup already had the mark")
	}

	reenrol(t, w, tablet, protocol.Scope{Venues: []string{w.v2}})
	tablet.Sync()

	if e, _ := w.env.Store.Entity(domain.KindAttendance, lastMark); e.Get("status") != domain.StatusPresent {
		t.Errorf("the restored server did not get the tablet's last garden mark back: %v", e.Fields)
	}
	if tablet.Has(domain.KindPerson, "ann") || tablet.Has(domain.KindAttendance, lastMark) {
		t.Error("after the move the tablet still holds the garden's register")
	}
	if len(tablet.Client.Refused()) != 0 {
		t.Errorf("changes were refused and kept: %+v", tablet.Client.Refused())
	}
	if !tablet.Has(domain.KindPerson, "dan") {
		t.Error("the tablet lacks the arts centre's register")
	}
}
