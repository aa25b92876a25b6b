package client_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
)

// refusedKeys names the tablet's listed refused changes that match.
func refusedKeys(d interface{ Refused() []client.RefusedChange }, match func(client.RefusedChange) bool) []string {
	var keys []string
	for _, r := range d.Refused() {
		if match(r) {
			keys = append(keys, r.Key())
		}
	}
	return keys
}

// allRefused names every refused change d lists.
func allRefused(d interface{ Refused() []client.RefusedChange }) []string {
	return refusedKeys(d, func(client.RefusedChange) bool { return true })
}

// TestUndoRefusedTakesTheServersValues: the garden tablet changes what a
// venue device may not (Ann's photo consent, which the office recorded;
// her phone number, case data the tablet is never sent; Sam's role, on a
// staff record the tablet itself made and the server holds as it sent it)
// and the server refuses it. Undone on the tablet, each field holds the
// server's value again after the next sync (the phone number none, as the
// tablet may not hold it), the list is empty, and the refused values are
// never sent again, even when the tablet sends everything it holds. What
// was saved since is kept: a later name for Sam, Ann's access needs typed
// on the tablet, a card edit made between the undo and the sync. (A staff
// record's role is changed only from a device that manages staff, so
// Sam's role comes back as the server holds it.)
func TestUndoRefusedTakesTheServersValues(t *testing.T) {
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.office.Save(domain.KindPerson, "ann", map[string]string{"photo_consent": "true"})
	w.office.Sync()
	tab := w.env.NewDevice("garden", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	tab.Save(domain.KindStaff, "sam", map[string]string{"name": "Sam", "role": domain.RoleFacilitator})
	tab.Sync()

	tab.Save(domain.KindPerson, "ann", map[string]string{"photo_consent": "false", "phone": "07700 900999", "access_needs": "uses a stick"})
	tab.Save(domain.KindStaff, "sam", map[string]string{"role": domain.RoleAdministrator})
	tab.Sync()
	if n := len(tab.Client.Refused()); n != 3 {
		t.Fatalf("the tablet lists %d refused changes, want 3: %+v", n, tab.Client.Refused())
	}

	// One change, alone: the others stay listed and held.
	consent := refusedKeys(tab.Client, func(r client.RefusedChange) bool { return r.Field == "photo_consent" })
	if n, err := tab.Client.UndoRefused(t.Context(), consent...); err != nil || n != 1 {
		t.Fatalf("undoing the photo consent: %d, %v", n, err)
	}
	tab.Save(domain.KindPerson, "ann", map[string]string{"preferred_name": "Annie"}) // saved before the sync
	tab.Sync()
	if got := tab.Get(domain.KindPerson, "ann", "photo_consent"); got != "true" {
		t.Errorf("after the undo the tablet shows Ann's photo consent %q, the server holds \"true\"", got)
	}
	if got := tab.Get(domain.KindPerson, "ann", "phone"); got != "07700 900999" {
		t.Errorf("a refused change not undone was dropped: Ann's phone is %q", got)
	}
	if e, _ := w.env.Store.Entity(domain.KindPerson, "ann"); e.Get("preferred_name") != "Annie" || e.Get("access_needs") != "uses a stick" {
		t.Errorf("the server lost the tablet's card edits: %v", e.Values())
	}

	// Sam's name was later corrected, still waiting to be sent when the
	// refused role is undone: the later save stays.
	tab.Save(domain.KindStaff, "sam", map[string]string{"name": "Sam Green"})
	if n, err := tab.Client.UndoRefused(t.Context(), allRefused(tab.Client)...); err != nil || n != 2 {
		t.Fatalf("undoing all: %d, %v", n, err)
	}
	if list := tab.Client.Refused(); len(list) != 0 {
		t.Errorf("still listed after undoing all: %+v", list)
	}
	tab.Sync()
	if got := tab.Get(domain.KindPerson, "ann", "phone"); got != "" {
		t.Errorf("the tablet still holds Ann's refused phone number %q; it may hold none", got)
	}
	if got := tab.Get(domain.KindStaff, "sam", "name"); got != "Sam Green" {
		t.Errorf("Sam's name on the tablet is %q; the later %q saved there was lost", got, "Sam Green")
	}
	if got := tab.Get(domain.KindStaff, "sam", "role"); got != domain.RoleFacilitator {
		t.Errorf("Sam's role on the tablet is %q after the undo; the server holds %q", got, domain.RoleFacilitator)
	}
	server := func(kind record.Kind, id, field, want string) {
		t.Helper()
		if e, _ := w.env.Store.Entity(kind, id); e.Get(field) != want {
			t.Errorf("the server has %s %s %s = %q, want %q", kind, id, field, e.Get(field), want)
		}
	}
	server(domain.KindStaff, "sam", "role", domain.RoleFacilitator)
	server(domain.KindStaff, "sam", "name", "Sam Green")
	server(domain.KindPerson, "ann", "phone", "07700 900123")
	server(domain.KindPerson, "ann", "photo_consent", "true")

	// Nothing refused is sent again, even with everything the tablet holds.
	if err := tab.Store.RequeueAll(); err != nil {
		t.Fatal(err)
	}
	tab.Sync()
	if list := tab.Client.Refused(); len(list) != 0 {
		t.Errorf("sending everything again was refused: %+v", list)
	}
	if st := tab.Client.Status(); st.State != client.StateSynced || strings.Contains(st.Err, "refused") {
		t.Errorf("status after sending everything again: %+v", st)
	}
}

// TestUndoRefusedOnARecordTheServerHoldsAsThisDeviceSentIt: the tablet
// made Sam's staff record, so the server's state of it is wholly what the
// tablet pushed and a pull leaves it out (no echo). After the refused role
// is undone, the pull from the start brings it anyway: the tablet shows
// the role the server holds, not none.
func TestUndoRefusedOnARecordTheServerHoldsAsThisDeviceSentIt(t *testing.T) {
	w := newWorld(t)
	tab := w.env.NewDevice("garden", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	tab.Save(domain.KindStaff, "sam", map[string]string{"name": "Sam", "role": domain.RoleFacilitator})
	tab.Sync()
	tab.Save(domain.KindStaff, "sam", map[string]string{"role": domain.RoleAdministrator})
	tab.Sync()
	if n, err := tab.Client.UndoRefused(t.Context(), allRefused(tab.Client)...); err != nil || n != 1 {
		t.Fatalf("undo: %d, %v", n, err)
	}
	if got := tab.Get(domain.KindStaff, "sam", "name"); got != "Sam" {
		t.Errorf("the undo dropped Sam's name too: %q", got)
	}
	tab.Sync()
	if got := tab.Get(domain.KindStaff, "sam", "role"); got != domain.RoleFacilitator {
		t.Errorf("after the undo and a sync Sam's role on the tablet is %q, the server holds %q", got, domain.RoleFacilitator)
	}
	if n := tab.Store.PendingCount(); n != 0 {
		t.Errorf("%d writes wait after the undo", n)
	}
}

// TestUndoRefusedSurvivesARestartAndRemovesRecordsOutOfScope: a mark the
// tablet took at another venue's session is refused whole. Undone, the
// session and the mark leave the tablet (the server sends it neither),
// and a restart between the undo and the sync (as a crash would) keeps
// both the list and the pull from the start it needs.
func TestUndoRefusedSurvivesARestartAndRemovesRecordsOutOfScope(t *testing.T) {
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.office.Save(domain.KindPerson, "ann", map[string]string{"photo_consent": "true"})
	w.office.Sync()
	tab := w.env.NewDevice("garden", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	tab.Sync()
	elsewhere := mark(tab, w.act2, w.v2, "2026-11-21", "ann", domain.StatusPresent)
	tab.Save(domain.KindPerson, "ann", map[string]string{"photo_consent": "false"})
	tab.Sync()
	if len(tab.Client.Refused()) < 3 {
		t.Fatalf("refused: %+v", tab.Client.Refused())
	}
	if _, err := tab.Client.UndoRefused(t.Context(), allRefused(tab.Client)...); err != nil {
		t.Fatal(err)
	}
	tab.Restart()
	if list := tab.Client.Refused(); len(list) != 0 {
		t.Errorf("after a restart the list holds %+v", list)
	}
	if tab.Has(domain.KindAttendance, elsewhere) || tab.Has(domain.KindSession, domain.SessionID(w.act2, "2026-11-21")) {
		t.Error("the refused mark or session at the other venue is still on the tablet")
	}
	if marks := tab.Store.View().By(domain.KindAttendance, "person_id", "ann"); len(marks) != 0 {
		t.Errorf("the register still shows %d marks of Ann", len(marks))
	}
	tab.Sync()
	if got := tab.Get(domain.KindPerson, "ann", "photo_consent"); got != "true" {
		t.Errorf("after a restart and a sync Ann's photo consent is %q, the server holds \"true\"", got)
	}
	if got := tab.Get(domain.KindPerson, "ann", "given_name"); got != "Ann" {
		t.Errorf("Ann's name on the tablet: %q", got)
	}
}

// TestUndoRefusedOnAnOfficeDeviceFetchesOnlyItsRecords: a link worker's
// laptop, which holds the whole organisation, changes Sam's role, which
// only a device that manages staff may, and the server refuses it. Undone,
// the laptop pulled everything again from the start (every person, every
// enrolment) to learn one field. It now asks the server for Sam's record
// alone, and shows the role the server holds.
func TestUndoRefusedOnAnOfficeDeviceFetchesOnlyItsRecords(t *testing.T) {
	w := newWorld(t)
	for i := range 40 {
		w.person(fmt.Sprintf("p%02d", i), fmt.Sprintf("Person %d", i), w.act1, w.v1)
	}
	w.office.Save(domain.KindStaff, "sam", map[string]string{"name": "Sam", "role": domain.RoleFacilitator})
	w.office.Sync()
	counter := &pullCounter{seen: map[string]int{}}
	laptop := w.env.NewDeviceAs("link worker laptop", org, domain.RoleLinkWorker, client.Options{HTTPClient: testenv.HTTPClient(counter)}, nil)
	laptop.Sync()
	if n := len(counter.take()); n < 80 {
		t.Fatalf("the laptop's first pull brought %d records; want the organisation's (80 and more)", n)
	}
	laptop.Save(domain.KindStaff, "sam", map[string]string{"role": domain.RoleAdministrator})
	laptop.Sync()
	if n := len(laptop.Client.Refused()); n != 1 {
		t.Fatalf("the laptop lists %d refused changes, want 1: %+v", n, laptop.Client.Refused())
	}
	counter.take()
	if n, err := laptop.Client.UndoRefused(t.Context(), allRefused(laptop.Client)...); err != nil || n != 1 {
		t.Fatalf("undo: %d, %v", n, err)
	}
	laptop.Sync()
	if got := laptop.Get(domain.KindStaff, "sam", "role"); got != domain.RoleFacilitator {
		t.Errorf("after the undo Sam's role on the laptop is %q; the server holds %q", got, domain.RoleFacilitator)
	}
	if got := laptop.Get(domain.KindStaff, "sam", "name"); got != "Sam" {
		t.Errorf("after the undo Sam's name on the laptop is %q, want Sam", got)
	}
	if got := counter.take(); len(got) != 1 || got["staff/sam"] != 1 {
		t.Errorf("the undo fetched %d records from the server (%v); want Sam's alone, once", len(got), got)
	}
}

// olderServer is a transport to a server from before records could be
// asked for by name: it answers that path not_found, as such a server
// answers any path it does not know.
type olderServer struct{ asked atomic.Int32 }

func (o *olderServer) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path != protocol.PathPullRecords {
		return http.DefaultTransport.RoundTrip(r)
	}
	o.asked.Add(1)
	body := `{"code":"not_found","message":"no such endpoint: is the server address right?"}`
	return &http.Response{StatusCode: http.StatusNotFound, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
}

// TestUndoRefusedWithAnOlderServerPullsEverythingAgain: a server from
// before records could be fetched by name answers not_found; the laptop
// then pulls everything again from the start, as undo did before, and
// shows the role the server holds.
func TestUndoRefusedWithAnOlderServerPullsEverythingAgain(t *testing.T) {
	w := newWorld(t)
	w.office.Save(domain.KindStaff, "sam", map[string]string{"name": "Sam", "role": domain.RoleFacilitator})
	w.office.Sync()
	older := &olderServer{}
	laptop := w.env.NewDeviceAs("link worker laptop", org, domain.RoleLinkWorker, client.Options{HTTPClient: testenv.HTTPClient(older)}, nil)
	laptop.Sync()
	laptop.Save(domain.KindStaff, "sam", map[string]string{"role": domain.RoleAdministrator})
	laptop.Sync()
	if n, err := laptop.Client.UndoRefused(t.Context(), allRefused(laptop.Client)...); err != nil || n != 1 {
		t.Fatalf("undo: %d, %v", n, err)
	}
	laptop.Sync()
	if st := laptop.Client.Status(); st.State != client.StateSynced {
		t.Errorf("after the undo the laptop's sync says %+v", st)
	}
	if older.asked.Load() == 0 {
		t.Error("the laptop never asked for Sam's record by name")
	}
	if got := laptop.Get(domain.KindStaff, "sam", "role"); got != domain.RoleFacilitator {
		t.Errorf("after the undo Sam's role on the laptop is %q; the server holds %q", got, domain.RoleFacilitator)
	}
	laptop.Sync() // asked once: the full pull brought it
	if n := older.asked.Load(); n != 1 {
		t.Errorf("the laptop asked the older server %d times for records by name, want once", n)
	}
}
