package client_test

import (
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
)

// TestAServerRestoreListsNoOtherDevicesChangesAsRefused: the office
// records Ann's photo consent, merges Annie (registered twice) into her and
// deletes Cy's card; the garden tablet pulls all of it. The server is then
// restored from the night before, and the tablet, which sends everything
// it holds again, sends those organisation-only fields with the rest. The
// server refuses them from a venue device, rightly, but they are the
// office's changes, not the tablet's: the tablet's list of changes the
// server refused ("made on this device") stays empty, it still holds the
// fields, and nothing waits. A change the tablet made itself that the
// server refuses (a phone number, case data) is listed and counted as
// before, and the office sends its own changes back.
func TestAServerRestoreListsNoOtherDevicesChangesAsRefused(t *testing.T) {
	testenv.RequireBadger(t, "it restores the server from Store.Backup")
	w := newWorld(t)
	for _, p := range []string{"ann", "annie", "cy"} {
		w.person(p, p, w.act1, w.v1)
	}
	w.office.Sync()
	tab := w.env.NewDevice("garden", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, w.env.Clock.Now)
	tab.Sync()
	backup := w.env.Backup() // last night's backup

	mergeOn(t, w.office, "ann", "annie", nil, "2026-11-21")
	w.office.Save(domain.KindPerson, "ann", map[string]string{"photo_consent": "true"})
	w.office.Save(domain.KindPerson, "cy", map[string]string{record.FieldDeleted: "true"})
	w.office.Sync()
	tab.Sync()
	organisationOnly := map[string]string{"ann.photo_consent": "true", "annie." + record.FieldMergedInto: "ann",
		"cy." + record.FieldDeleted: "true"}
	held := func(when string) {
		t.Helper()
		for key, want := range organisationOnly {
			id, field, _ := strings.Cut(key, ".")
			if got := tab.Get(domain.KindPerson, id, field); got != want {
				t.Errorf("%s, the tablet holds %s = %q, want %q", when, key, got, want)
			}
		}
	}
	held("before the restore")
	if refused := tab.Client.Refused(); len(refused) != 0 {
		t.Fatalf("before the restore, the tablet lists refused changes %+v", refused)
	}

	// Offline, a facilitator types Ann's phone number: case data, which a
	// venue device may not change for someone the server holds.
	tab.Save(domain.KindPerson, "ann", map[string]string{"phone": "07700 900777"})
	w.env.RestoreFrom(backup)
	var counted []string // what each sync's status says of refused changes
	for _, syncOnce := range []func(){
		func() { tab.Client.SyncOnce(t.Context()) }, // hears of the new epoch: sends everything again
		tab.Sync,
	} {
		syncOnce()
		if st := tab.Client.Status(); strings.Contains(st.Err, "refused") {
			counted = append(counted, st.Err)
		}
	}

	// Listed once, though sent twice (before and after the tablet heard
	// of the restore).
	refused := tab.Client.Refused()
	if len(refused) != 1 || refused[0].ID != "ann" || refused[0].Field != "phone" || refused[0].Value != "07700 900777" {
		t.Errorf("the tablet lists as refused %+v; want only its own change of Ann's phone", refused)
	}
	for _, msg := range counted {
		if !strings.Contains(msg, "refused 1 change(s)") {
			t.Errorf("the tablet's status says %q; it made one change that was refused", msg)
		}
	}
	if n := tab.Store.PendingCount(); n != 0 {
		t.Errorf("%d changes still wait on the tablet", n)
	}
	held("after the restore")
	if got := tab.Get(domain.KindPerson, "ann", "phone"); got != "07700 900777" {
		t.Errorf("the tablet lost the phone number it was refused: %q", got)
	}

	// A later refused change of the tablet's own is listed and counted.
	tab.Save(domain.KindPerson, "ann", map[string]string{"date_of_birth": "1950-02-03"})
	tab.Sync()
	if refused := tab.Client.Refused(); len(refused) != 2 || refused[1].Field != "date_of_birth" {
		t.Errorf("the tablet lists as refused %+v; want its own two changes", refused)
	}
	if st := tab.Client.Status(); st.State != client.StateError || !strings.Contains(st.Err, "refused 1 change(s)") {
		t.Errorf("after a refused change of its own the tablet's status is %+v", st)
	}

	// The office sends its own changes back; nothing is lost.
	w.office.Client.SyncOnce(t.Context())
	w.office.Sync()
	for key, want := range organisationOnly {
		id, field, _ := strings.Cut(key, ".")
		if e, _ := w.env.Store.Entity(domain.KindPerson, id); e.Get(field) != want {
			t.Errorf("the restored server has %s = %q, want %q", key, e.Get(field), want)
		}
	}
}
