package client_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/internal/diskscan"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
)

// What must not survive erasing Wilhelmina: her names (and the names two
// devices gave her at once, kept by a conflict record), NHS number, the
// referral's words and the note on her mark.
var erasedSecrets = []string{"Wilhelmina", "Quarrington", "Willamina", "Wilhelmine", "Wilhelmena", "Vilhelmina", "401 023 2137",
	"lonely since her husband died", "came with her daughter Rosalind"}

const erasedDate = "2026-11-20"

// erasureWorld is the office (an organisation device) and a garden tablet,
// both holding Wilhelmina: enrolled on the garden club, marked present
// with a note, with a referral at the office and a conflict on her name;
// and Ann, who came too and is not erased.
type erasureWorld struct {
	*world
	tablet *testenv.Device
	mark   string // Wilhelmina's mark
}

func newErasureWorld(t *testing.T) *erasureWorld {
	t.Helper()
	w := &erasureWorld{world: newWorld(t)}
	w.office.Save(domain.KindPerson, "wil", domain.Encode(domain.Person{GivenName: "Wilhelmina", FamilyName: "Quarrington",
		AccessNeeds: "step-free", EmergencyContactName: "Rosalind", Phone: "07700 900123", NHSNumber: "401 023 2137"}))
	w.office.Save(domain.KindEnrolment, domain.EnrolmentID(w.act1, "wil"), map[string]string{"activity_id": w.act1, "person_id": "wil", "venue_id": w.v1})
	w.office.Save(domain.KindReferral, "ref-wil", map[string]string{"person_id": "wil", "source": domain.SourceGP, "notes": "lonely since her husband died"})
	w.person("ann", "Ann", w.act1, w.v1)
	w.office.Sync()

	w.tablet = w.env.NewDevice("garden tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	w.tablet.Sync()
	if w.tablet.Get(domain.KindPerson, "wil", "given_name") != "Wilhelmina" {
		t.Fatal("the tablet did not receive Wilhelmina's card")
	}
	w.mark = mark(w.tablet, w.act1, w.v1, erasedDate, "wil", domain.StatusPresent)
	w.tablet.Save(domain.KindAttendance, w.mark, map[string]string{"note": "came with her daughter Rosalind"})
	mark(w.tablet, w.act1, w.v1, erasedDate, "ann", domain.StatusPresent)
	// Both devices rename her at once: one name loses, and a conflict
	// record keeps it for review.
	w.tablet.Save(domain.KindPerson, "wil", map[string]string{"given_name": "Willamina"})
	w.office.Save(domain.KindPerson, "wil", map[string]string{"given_name": "Wilhelmine"})
	w.tablet.Sync()
	w.office.Sync()
	w.tablet.Sync()
	if n := len(w.office.Store.View().All(domain.KindConflict)); n != 1 {
		t.Fatalf("the office holds %d conflicts before the erasure, want 1", n)
	}
	if got := secretsIn(t, w.env.Dir); len(got) == 0 && !testenv.OnPostgres() {
		t.Fatal("Wilhelmina's details never reached the server's disk: the test would prove nothing")
	}
	return w
}

// secretsIn lists the erased secrets that any file under dir still holds.
func secretsIn(t *testing.T, dir string) []string {
	t.Helper()
	found, err := diskscan.Find(dir, erasedSecrets...)
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// assertErased checks a device's view: no Wilhelmina, Ann untouched, and
// both garden marks still counted, Wilhelmina's without its note.
func (w *erasureWorld) assertErased(t *testing.T, d *testenv.Device) {
	t.Helper()
	v := d.Store.View()
	if p, ok := v.Person("wil"); ok {
		t.Errorf("%s: the erased person is still readable: %+v", d.Name, p)
	}
	for _, q := range []string{"wilhelmina", "quarrington", "willamina", "wilhelmine", "wilhelmena", "vilhelmina"} {
		if got := v.SearchPeople(q, 10); len(got) != 0 {
			t.Errorf("%s: searching %q still finds %v", d.Name, q, got)
		}
	}
	if p, ok := v.Person("ann"); !ok || p.GivenName != "Ann" {
		t.Errorf("%s: Ann was touched by the erasure: %+v %v", d.Name, p, ok)
	}
	present := 0
	for _, a := range v.Attendance(domain.SessionID(w.act1, erasedDate)) {
		if a.Status == domain.StatusPresent {
			present++
		}
		if a.Note != "" || a.Companion != "" {
			t.Errorf("%s: a mark still says %q %q", d.Name, a.Note, a.Companion)
		}
	}
	if present != 2 {
		t.Errorf("%s: %d present at the garden club, want 2 (the erased person's mark stays, anonymous)", d.Name, present)
	}
	for _, e := range pullAllLocal(t, d) {
		for _, s := range erasedSecrets {
			if strings.Contains(string(record.AppendEntity(nil, e)), s) {
				t.Errorf("%s: %s %s still holds %q", d.Name, e.Kind, e.ID, s)
			}
		}
	}
	for _, kind := range []record.Kind{domain.KindReferral, domain.KindEnrolment, domain.KindConflict} {
		for _, id := range allOf(t, d, kind) {
			if kind != domain.KindEnrolment || strings.HasSuffix(id, "+wil") {
				t.Errorf("%s: %s %s survived the erasure", d.Name, kind, id)
			}
		}
	}
}

// assertServerErased checks what the server holds and sends, and its files
// once it has compacted.
func (w *erasureWorld) assertServerErased(t *testing.T) {
	t.Helper()
	for _, check := range []struct {
		kind record.Kind
		id   string
	}{{domain.KindPerson, "wil"}, {domain.KindReferral, "ref-wil"}, {domain.KindEnrolment, domain.EnrolmentID(w.act1, "wil")}} {
		e, err := w.env.Store.Entity(check.kind, check.id)
		if err != nil {
			t.Fatal(err)
		}
		// The tombstone and the server's seal of it (a signature over ids).
		if len(e.Fields) != 2 || !e.Erased() || e.Get(record.FieldErasureSeal) == "" {
			t.Errorf("server: %s %s holds %v, want only the sealed tombstone", check.kind, check.id, e.Values())
		}
	}
	m, err := w.env.Store.Entity(domain.KindAttendance, w.mark)
	if err != nil {
		t.Fatal(err)
	}
	if m.Get("status") != domain.StatusPresent || m.Get("note") != "" {
		t.Errorf("server: the erased person's mark is %v; want the status kept and the note gone", m.Values())
	}
	// Nothing the server would send any device holds the secrets.
	for _, d := range []*testenv.Device{w.office, w.tablet} {
		for _, e := range pullAll(t, w.env, d) {
			for _, s := range erasedSecrets {
				if bytes.Contains(e.State, []byte(s)) {
					t.Errorf("server would send %s %s holding %q to %s", e.Kind, e.ID, s, d.Name)
				}
			}
		}
	}
	if testenv.OnPostgres() {
		// The server's backups and files are PostgreSQL's: pg_dump holds
		// only current rows, and VACUUM (run after an erasure) reclaims the
		// old ones; docs/security.md says what WAL and backups keep.
		return
	}
	// A backup made now, before any compaction, holds no old version.
	backup := w.env.Backup()
	for _, s := range erasedSecrets {
		if bytes.Contains(backup, []byte(s)) {
			t.Errorf("a server backup made after the erasure holds %q", s)
		}
	}
	// Badger keeps old versions in its write-ahead log and tables until a
	// compaction; the server runs one by itself a little after an erasure.
	// Run it now rather than wait.
	if err := w.env.Store.Compact(); err != nil {
		t.Fatal(err)
	}
	if got := secretsIn(t, w.env.Dir); len(got) > 0 {
		t.Errorf("the server's files still hold %v after Compact", got)
	}
}

// assertDeviceDisk compacts a device's store (it would do so by itself a few
// seconds after the erasure) and reads every one of its files.
func assertDeviceDisk(t *testing.T, d *testenv.Device) {
	t.Helper()
	if err := d.Store.Compact(); err != nil {
		t.Fatal(err)
	}
	if got := secretsIn(t, d.Dir); len(got) > 0 {
		t.Errorf("%s: the device's files still hold %v after Compact", d.Name, got)
	}
}

func TestErasedPersonDisappearsFromServerAndDevicesAfterSync(t *testing.T) {
	w := newErasureWorld(t)
	before := w.office.Store.View().Count(domain.KindAttendance)

	// A change the server refused stays listed on the tablet, value and all:
	// here her NHS number, which a venue device may not write.
	w.tablet.Save(domain.KindPerson, "wil", map[string]string{"nhs_number": "401 023 2137"})
	w.tablet.Sync()
	if refused := w.tablet.Client.Refused(); len(refused) != 1 || refused[0].Value != "401 023 2137" {
		t.Fatalf("refused on the tablet: %+v", refused)
	}

	if err := w.office.Store.ErasePerson("admin", "wil"); err != nil {
		t.Fatal(err)
	}
	w.office.Sync()
	w.tablet.Sync()

	if refused := w.tablet.Client.Refused(); len(refused) != 0 {
		t.Errorf("the tablet still lists refused changes about the erased person: %+v", refused)
	}
	w.assertServerErased(t)
	for _, d := range []*testenv.Device{w.office, w.tablet} {
		w.assertErased(t, d)
		if n := d.Store.View().Count(domain.KindAttendance); n != before {
			t.Errorf("%s: %d marks after the erasure, %d before", d.Name, n, before)
		}
		assertDeviceDisk(t, d)
		// And it stays so when the app starts again.
		d.Restart()
		w.assertErased(t, d)
	}
}

func TestErasureWinsOverOfflineEdits(t *testing.T) {
	w := newErasureWorld(t)
	laptop := w.env.NewDeviceAs("link worker laptop", org, domain.RoleLinkWorker, client.Options{}, nil)
	laptop.Sync()

	if err := w.office.Store.ErasePerson("admin", "wil"); err != nil {
		t.Fatal(err)
	}
	w.office.Sync()
	// Offline, after the erasure: the tablet corrects her name and notes who
	// she came with; the laptop starts a new referral and updates her phone.
	w.tablet.Save(domain.KindPerson, "wil", map[string]string{"given_name": "Willamina", "family_name": "Quarrington"})
	w.tablet.Save(domain.KindAttendance, w.mark, map[string]string{"note": "came with her daughter Rosalind"})
	laptop.Save(domain.KindReferral, "ref-wil-2", map[string]string{"person_id": "wil", "source": domain.SourceSelf,
		"notes": "lonely since her husband died"})
	laptop.Save(domain.KindPerson, "wil", map[string]string{"phone": "07700 900999", "nhs_number": "401 023 2137"})

	w.tablet.Sync()
	laptop.Sync()
	w.office.Sync()

	if n := len(w.tablet.Client.Refused()); n != 0 {
		t.Errorf("the tablet's changes were refused (%v); they should merge and lose to the erasure", w.tablet.Client.Refused())
	}
	w.assertServerErased(t)
	if e, _ := w.env.Store.Entity(domain.KindReferral, "ref-wil-2"); !e.Erased() {
		t.Errorf("server: a referral made offline after the erasure survives: %v", e.Values())
	}
	for _, d := range []*testenv.Device{w.office, w.tablet, laptop} {
		w.assertErased(t, d)
		if d.Store.PendingCount() != 0 {
			t.Errorf("%s: %d changes still waiting", d.Name, d.Store.PendingCount())
		}
		assertDeviceDisk(t, d)
	}
}

func TestVenueDeviceMayNotErase(t *testing.T) {
	w := newErasureWorld(t)
	// A tablet's store would let it; the server refuses, since erasing
	// reaches case data a tablet may not touch.
	if err := w.tablet.Store.ErasePerson("facilitator", "wil"); err != nil {
		t.Fatal(err)
	}
	w.tablet.Sync()
	if refused := w.tablet.Client.Refused(); len(refused) == 0 || refused[0].Field != record.FieldErased {
		t.Fatalf("refused = %+v; want the erasure set aside", refused)
	}
	if e, _ := w.env.Store.Entity(domain.KindReferral, "ref-wil"); e.Erased() || e.Get("notes") == "" {
		t.Errorf("a tablet's erasure reached the referral on the server: %v", e.Values())
	}
	w.office.Sync()
	if _, ok := w.office.Store.View().Person("wil"); !ok {
		t.Error("a tablet's erasure reached the office")
	}
}

func TestServerErasesWhatTheErasingDeviceHadNotSeen(t *testing.T) {
	w := newErasureWorld(t)
	laptop := w.env.NewDeviceAs("link worker laptop", org, domain.RoleLinkWorker, client.Options{}, nil)
	laptop.Sync()
	// Before the erasure, changes the office has not pulled yet: a referral
	// from the laptop, another mark with a note, and a conflict on her name
	// between the laptop and the tablet.
	laptop.Save(domain.KindReferral, "ref-wil-2", map[string]string{"person_id": "wil", "source": domain.SourceSelf,
		"notes": "lonely since her husband died"})
	later := mark(w.tablet, w.act1, w.v1, "2026-11-27", "wil", domain.StatusLate)
	w.tablet.Save(domain.KindAttendance, later, map[string]string{"note": "came with her daughter Rosalind"})
	w.tablet.Save(domain.KindPerson, "wil", map[string]string{"given_name": "Wilhelmena"})
	laptop.Save(domain.KindPerson, "wil", map[string]string{"given_name": "Vilhelmina"})
	w.tablet.Sync()
	laptop.Sync()
	serverConflicts := 0
	for _, e := range pullAll(t, w.env, w.office) {
		if e.Kind == string(domain.KindConflict) {
			serverConflicts++
		}
	}
	if serverConflicts < 2 {
		t.Fatalf("the server holds %d conflicts; the test wants one the office has not seen", serverConflicts)
	}

	if err := w.office.Store.ErasePerson("admin", "wil"); err != nil {
		t.Fatal(err)
	}
	w.office.Sync()
	w.tablet.Sync()
	laptop.Sync()

	w.assertServerErased(t)
	if e, _ := w.env.Store.Entity(domain.KindReferral, "ref-wil-2"); !e.Erased() {
		t.Errorf("server: a referral the office had not seen survives: %v", e.Values())
	}
	if m, _ := w.env.Store.Entity(domain.KindAttendance, later); m.Get("note") != "" || m.Get("status") != domain.StatusLate {
		t.Errorf("server: a mark the office had not seen is %v; want the note gone, the status kept", m.Values())
	}
	for _, e := range pullAll(t, w.env, w.office) {
		if e.Kind != string(domain.KindConflict) {
			continue
		}
		c, err := record.DecodeEntity(domain.KindConflict, e.ID, e.State, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !c.Erased() {
			t.Errorf("server: conflict %s survives the erasure: %v", e.ID, c.Values())
		}
	}
	for _, d := range []*testenv.Device{w.office, w.tablet, laptop} {
		w.assertErased(t, d)
		if got := d.Get(domain.KindAttendance, later, "note"); got != "" {
			t.Errorf("%s: the later mark still says %q", d.Name, got)
		}
		assertDeviceDisk(t, d)
	}
}

// An erasure drops the erased person's changes still waiting to be sent
// from the queue (so their values never leave the device). The numbers
// they held are then missing from what the device sends, and the server
// must not take the jump for a server that lost data: the device sends
// its erasure, not its whole store again (RequeueAll).
func TestErasingUnsentChangesDoesNotResendTheWholeStore(t *testing.T) {
	w := newErasureWorld(t)
	// Offline, the office updates Wilhelmina's phone, then erases her
	// before the update was sent.
	w.office.Save(domain.KindPerson, "wil", map[string]string{"phone": "07700 900456"})
	if err := w.office.Store.ErasePerson("admin", "wil"); err != nil {
		t.Fatal(err)
	}
	head := w.office.Store.QueueSeq()
	w.office.Sync()
	if got := w.office.Store.QueueSeq(); got != head {
		t.Errorf("the office queued %d writes again after its erasure (its whole store): the server took the dropped numbers for data it lost", got-head)
	}
	if n := w.office.Store.PendingCount(); n != 0 {
		t.Errorf("%d writes still waiting", n)
	}
	w.assertServerErased(t)
}

// A tablet put back from a copy of its folder made before the erasure
// holds her card, her mark's note and a refused change with her NHS
// number in it; it sends its whole state again (device_restored) and
// must end erased like the rest, leaving nothing of her on the server or
// in its own files, its list of refused changes included.
func TestTabletRestoredFromBeforeAnErasureEndsErased(t *testing.T) {
	w := newErasureWorld(t)
	w.tablet.Save(domain.KindPerson, "wil", map[string]string{"nhs_number": "401 023 2137"})
	w.tablet.Sync()
	if refused := w.tablet.Client.Refused(); len(refused) != 1 {
		t.Fatalf("refused on the tablet: %+v", refused)
	}
	backup := w.tablet.Snapshot()
	if err := w.office.Store.ErasePerson("admin", "wil"); err != nil {
		t.Fatal(err)
	}
	w.office.Sync()
	w.tablet.Sync()
	// A mark saved after the erasure, so the server holds more of this
	// tablet than its copy does.
	mark(w.tablet, w.act1, w.v1, "2026-11-27", "ann", domain.StatusPresent)
	w.tablet.Sync()

	w.tablet.PutBack(backup)
	if w.tablet.Get(domain.KindPerson, "wil", "given_name") == "" {
		t.Fatal("the copy does not hold her: the test would prove nothing")
	}
	w.tablet.Sync()
	w.office.Sync()

	if refused := w.tablet.Client.Refused(); len(refused) != 0 {
		t.Errorf("the restored tablet still lists refused changes about her: %+v", refused)
	}
	if n := w.tablet.Store.PendingCount(); n != 0 {
		t.Errorf("the restored tablet has %d changes waiting", n)
	}
	w.assertServerErased(t)
	for _, d := range []*testenv.Device{w.office, w.tablet} {
		w.assertErased(t, d)
		assertDeviceDisk(t, d)
	}
}
