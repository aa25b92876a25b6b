package client_test

import (
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
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
	if n, err := tab.Client.UndoRefused(t.Context(), refusedKeys(tab.Client, func(client.RefusedChange) bool { return true })...); err != nil || n != 2 {
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
	if n, err := tab.Client.UndoRefused(t.Context(), refusedKeys(tab.Client, func(client.RefusedChange) bool { return true })...); err != nil || n != 1 {
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
	if _, err := tab.Client.UndoRefused(t.Context(), refusedKeys(tab.Client, func(client.RefusedChange) bool { return true })...); err != nil {
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
