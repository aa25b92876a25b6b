package client_test

import (
	"fmt"
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

// pushCounter counts the pushes a device sends.
type pushCounter struct{ pushes atomic.Int64 }

func (p *pushCounter) RoundTrip(req *http.Request) (*http.Response, error) {
	if strings.HasSuffix(req.URL.Path, protocol.PathPush) {
		p.pushes.Add(1)
	}
	return http.DefaultTransport.RoundTrip(req)
}

// TestAServerRestoreSettlesAnotherRolesWritesInOnePush: the office merges
// 50 people registered twice, and the reception desk pulls the merges.
// The server is then restored from the night before, and the desk, which
// sends everything it holds again, sends the 50 merges with the rest. The
// server refuses each from a reception desk (checkRole), rightly; it used
// to refuse the whole batch at the first, so the desk sent the writes
// before it, then it alone, then the next batch to find the next one:
// three pushes a merge (151 for 50). Now the server refuses them one by
// one in its answer and saves the rest, so the desk's whole state goes in
// one push a batch; nothing is listed as
// refused on the desk (the merges are the office's), nothing waits, and
// the office sends its merges back.
func TestAServerRestoreSettlesAnotherRolesWritesInOnePush(t *testing.T) {
	testenv.RequireBadger(t, "it restores the server from Store.Backup")
	const merges = 50
	w := newWorld(t)
	for i := range merges {
		w.person(fmt.Sprintf("p%02d", i), "Person", "", "")
		w.person(fmt.Sprintf("p%02d-dup", i), "Person", "", "")
	}
	w.office.Sync()
	var counter pushCounter
	desk := w.env.NewDeviceAs("desk", org, domain.RoleReception, client.Options{HTTPClient: testenv.HTTPClient(&counter), PushBatch: 100}, nil)
	desk.Sync()
	backup := w.env.Backup()
	for i := range merges {
		w.office.Save(domain.KindPerson, fmt.Sprintf("p%02d-dup", i), map[string]string{record.FieldMergedInto: fmt.Sprintf("p%02d", i)})
	}
	w.office.Sync()
	desk.Sync()

	w.env.RestoreFrom(backup)
	counter.pushes.Store(0)
	desk.Client.SyncOnce(t.Context()) // hears of the new epoch: queues everything again
	desk.Sync()
	pushes := counter.pushes.Load()
	t.Logf("the desk sent its whole state, with %d merges it may not make, in %d pushes", merges, pushes)
	// About 520 writes in batches of 100: six pushes, one a batch, and
	// one more to spare. (Refused at the first of each, they took 151.)
	if pushes > 7 {
		t.Errorf("the desk needed %d pushes to send its state with %d refused merges; want at most 7", pushes, merges)
	}
	if n := desk.Store.PendingCount(); n != 0 {
		t.Errorf("%d changes still wait on the desk", n)
	}
	if refused := desk.Client.Refused(); len(refused) != 0 {
		t.Errorf("the desk lists the office's merges as its refused changes: %+v", refused[:min(3, len(refused))])
	}
	if got := desk.Get(domain.KindPerson, "p07-dup", record.FieldMergedInto); got != "p07" {
		t.Errorf("the desk no longer holds the merge (%q)", got)
	}
	if e, _ := w.env.Store.Entity(domain.KindPerson, "p07-dup"); e.Get(record.FieldMergedInto) != "" {
		t.Errorf("the restored server took the merge from the reception desk")
	}
	if e, _ := w.env.Store.Entity(domain.KindPerson, "p07"); e.Get("given_name") != "Person" {
		t.Errorf("the restored server lacks the rest of the desk's state")
	}

	w.office.Client.SyncOnce(t.Context())
	w.office.Sync()
	for i := range merges {
		if e, _ := w.env.Store.Entity(domain.KindPerson, fmt.Sprintf("p%02d-dup", i)); e.Get(record.FieldMergedInto) != fmt.Sprintf("p%02d", i) {
			t.Fatalf("the office's merge of p%02d-dup is not back on the server", i)
		}
	}
}

// TestAServerRestoreSettlesTheOfficesPersonFieldsInOnePush: the office
// merges 30 people registered twice, deletes 30 cards and records 30
// people's photo consent at the garden, and the garden tablet pulls it
// all. The server is then restored from the night before, and the tablet,
// which sends everything it holds again, sends those 90 fields no venue
// device may write with the rest, and its own changes made since the
// backup: a mark, a card edit, a walk-in, and Ann's phone number (case
// data, refused). The server refused the whole batch at each such field,
// and the tablet sent the writes before it, then it alone, then the rest:
// 279 pushes. Now the server lists them in its answer and saves the rest,
// a push a batch (11), and three more for Ann's phone number, which, case
// data stamped as the tablet's own, still refuses its batch (listed alone,
// guesses at a walk-in's detail the tablet forgot would be answered
// thousands a push). Nothing the tablet saved is lost: its changes are on the
// server, the phone number is listed as refused, and the office's fields
// are neither listed nor waiting, and reach the server again from the
// office.
func TestAServerRestoreSettlesTheOfficesPersonFieldsInOnePush(t *testing.T) {
	testenv.RequireBadger(t, "it restores the server from Store.Backup")
	const each = 30
	w := newWorld(t)
	id := func(what string, i int) string { return fmt.Sprintf("%s%02d", what, i) }
	for i := range each {
		for _, what := range []string{"kept", "dup", "gone", "photo"} {
			w.person(id(what, i), "Person", w.act1, w.v1)
		}
	}
	w.person("ann", "Ann", w.act1, w.v1)
	w.office.Sync()
	var counter pushCounter
	tab := w.env.NewDevice("garden", protocol.Scope{Venues: []string{w.v1}}, client.Options{HTTPClient: testenv.HTTPClient(&counter), PushBatch: 100}, nil)
	tab.Sync()
	backup := w.env.Backup()
	officeWrote := map[string]string{} // id.field: value
	for i := range each {
		w.office.Save(domain.KindPerson, id("dup", i), map[string]string{record.FieldMergedInto: id("kept", i)})
		w.office.Save(domain.KindPerson, id("gone", i), map[string]string{record.FieldDeleted: "true"})
		w.office.Save(domain.KindPerson, id("photo", i), map[string]string{"photo_consent": "true"})
		officeWrote[id("dup", i)+"."+record.FieldMergedInto] = id("kept", i)
		officeWrote[id("gone", i)+"."+record.FieldDeleted] = "true"
		officeWrote[id("photo", i)+".photo_consent"] = "true"
	}
	w.office.Sync()
	tab.Sync()
	// Since the backup, the tablet's own changes, sent before the restore.
	markID := mark(tab, w.act1, w.v1, "2026-11-20", "ann", "present")
	tab.Save(domain.KindPerson, "kept03", map[string]string{"access_needs": "hearing loop"})
	tab.Save(domain.KindPerson, "walkin", map[string]string{"given_name": "Nia", "family_name": "New"})
	tab.Sync()
	tab.Save(domain.KindPerson, "ann", map[string]string{"phone": "07700 900777"}) // offline; refused

	w.env.RestoreFrom(backup)
	counter.pushes.Store(0)
	tab.Client.SyncOnce(t.Context()) // hears of the new epoch: queues everything again
	tab.Sync()
	pushes := counter.pushes.Load()
	t.Logf("the tablet sent its whole state, with %d fields only the office writes, in %d pushes", len(officeWrote), pushes)
	// About 1,050 writes in batches of 100: eleven pushes, one a batch,
	// three for the phone number, and one to spare (refused with their
	// batches, the 90 took 279).
	if pushes > 15 {
		t.Errorf("the tablet needed %d pushes to send its state with %d fields it may not write; want at most 15", pushes, len(officeWrote))
	}
	if n := tab.Store.PendingCount(); n != 0 {
		t.Errorf("%d changes still wait on the tablet", n)
	}
	refused := tab.Client.Refused()
	if len(refused) != 1 || refused[0].ID != "ann" || refused[0].Field != "phone" || refused[0].Value != "07700 900777" {
		t.Errorf("the tablet lists as refused %+v; want only its own change of Ann's phone", refused)
	}
	held := func(kind record.Kind, id, field string) string {
		t.Helper()
		e, err := w.env.Store.Entity(kind, id)
		if err != nil {
			t.Fatal(err)
		}
		return e.Get(field)
	}
	for key, want := range officeWrote {
		id, field, _ := strings.Cut(key, ".")
		if got := tab.Get(domain.KindPerson, id, field); got != want {
			t.Errorf("the tablet holds %s = %q, want %q", key, got, want)
		}
		if got := held(domain.KindPerson, id, field); got != "" {
			t.Errorf("the restored server took %s = %q from the tablet", key, got)
		}
	}
	if held(domain.KindAttendance, markID, "status") != "present" || held(domain.KindPerson, "kept03", "access_needs") != "hearing loop" ||
		held(domain.KindPerson, "walkin", "given_name") != "Nia" || held(domain.KindPerson, "kept17", "given_name") != "Person" {
		t.Error("the restored server lacks the tablet's own changes or the rest of its state")
	}
	if held(domain.KindPerson, "ann", "phone") == "07700 900777" {
		t.Error("the restored server took case data from the tablet")
	}

	w.office.Client.SyncOnce(t.Context())
	w.office.Sync()
	for key, want := range officeWrote {
		id, field, _ := strings.Cut(key, ".")
		if got := held(domain.KindPerson, id, field); got != want {
			t.Errorf("the office's %s is %q on the server, want %q", key, got, want)
		}
	}
}
