package client_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
)

// markMany marks n people present at the garden club on date, as device d.
func (w *world) markMany(d *testenv.Device, date string, n int) []string {
	var ids []string
	for i := range n {
		ids = append(ids, mark(d, w.act1, w.v1, date, fmt.Sprintf("p%d", i), "present"))
	}
	return ids
}

// assertServerHolds fails unless the server holds each mark as present.
func (w *world) assertServerHolds(t *testing.T, who string, ids []string) {
	t.Helper()
	for _, id := range ids {
		e, err := w.env.Store.Entity(domain.KindAttendance, id)
		if err != nil {
			t.Fatal(err)
		}
		if e.Get("status") != "present" {
			t.Errorf("%s's mark %s is not on the server", who, id)
		}
	}
}

func TestRestoredDeviceSendsWhatItSavedAfterTheRestore(t *testing.T) {
	for _, tc := range []struct {
		name    string
		between int // marks saved and synced between the copy and the restore
	}{
		{"the original synced more after the copy", 40},
		{"the original synced a little after the copy", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			tablet := w.env.NewDevice("garden tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
			w.markMany(tablet, "2026-11-02", 4)
			tablet.Sync()
			backup := tablet.Snapshot()
			w.markMany(tablet, "2026-11-09", tc.between)
			tablet.Sync()

			tablet.PutBack(backup)
			after := w.markMany(tablet, "2026-11-16", 5)
			tablet.Sync()
			if n := tablet.Store.PendingCount(); n != 0 {
				t.Fatalf("%d changes still waiting after the sync", n)
			}
			if st := tablet.Client.Status(); st.State != client.StateSynced {
				t.Fatalf("status %q: %s", st.State, st.Err)
			}
			w.assertServerHolds(t, "the restored tablet", after)

			// And it goes on syncing normally afterwards.
			later := w.markMany(tablet, "2026-11-23", 2)
			tablet.Sync()
			w.assertServerHolds(t, "the restored tablet", later)
		})
	}
}

func TestClonedDeviceIsToldApartAndLosesNothing(t *testing.T) {
	w := newWorld(t)
	scope := protocol.Scope{Venues: []string{w.v1}}
	first := w.env.NewDevice("garden tablet", scope, client.Options{}, nil)
	w.markMany(first, "2026-11-02", 3)
	first.Sync()
	second := first.Clone("copied tablet", client.Options{}, nil)

	// The first copy goes ahead; the second falls behind and is renumbered.
	ahead := w.markMany(first, "2026-11-09", 20)
	first.Sync()
	behind := w.markMany(second, "2026-11-10", 5)
	second.Sync()
	w.assertServerHolds(t, "the second copy", behind)
	w.assertServerHolds(t, "the first copy", ahead)

	// Now the server knows two copies exist: the one still on the old
	// numbering is refused, with words a person can act on, and keeps its marks.
	kept := w.markMany(first, "2026-11-16", 4)
	err := first.Client.SyncOnce(t.Context())
	var perr *protocol.Error
	if !errors.As(err, &perr) || perr.Code != protocol.CodeDeviceCloned {
		t.Fatalf("the old copy's sync: %v, want %s", err, protocol.CodeDeviceCloned)
	}
	if st := first.Client.Status(); st.State != client.StateError || !contains(st.Err, "new connection code") {
		t.Errorf("status %q %q does not tell the person what to do", st.State, st.Err)
	}
	if first.Store.PendingCount() == 0 {
		t.Fatal("the refused copy's changes were dropped from its queue")
	}

	// Connected again with a new code, it takes an id of its own and sends them.
	oldID := first.Store.Device()
	if err := first.Client.Connect(t.Context(), w.env.URL, w.env.Code(scope)); err != nil {
		t.Fatalf("connect again: %v", err)
	}
	if first.Store.Device() == oldID {
		t.Error("the copy kept the other copy's device id")
	}
	first.Sync()
	w.assertServerHolds(t, "the reconnected copy", kept)
	second.Sync()
	if second.Store.PendingCount() != 0 || second.Client.Status().State != client.StateSynced {
		t.Errorf("the renumbered copy stopped syncing: %+v", second.Client.Status())
	}
}

func TestRebasePushBelowTheServersLastIsApplied(t *testing.T) {
	w := newWorld(t)
	token, _ := w.office.Store.Meta(client.MetaToken)
	push := func(rebase bool, seq uint64, value string) protocol.PushResponse {
		t.Helper()
		req := protocol.PushRequest{Schema: protocol.Schema, Epoch: w.env.Store.Epoch(), Rebase: rebase,
			Writes: []protocol.Write{{Seq: seq, Kind: string(domain.KindPerson), ID: "ann", Field: "given_name",
				Value: value, Stamp: w.office.Store.Clock().Now().String(), Staff: "sam"}}}
		var resp protocol.PushResponse
		if s := doJSON(t, w.env.URL+protocol.PathPush, string(token), req, &resp); s != http.StatusOK {
			t.Fatalf("push %d: status %d", seq, s)
		}
		return resp
	}
	last := w.office.Store.QueueSeq()
	push(false, last+1, "Ann")
	resp := push(true, 1, "Annie")
	if resp.AckedSeq != 1 {
		t.Errorf("acknowledged %d for a push of write 1: a device must never be told the server holds writes it did not send", resp.AckedSeq)
	}
	e, _ := w.env.Store.Entity(domain.KindPerson, "ann")
	if got := e.Get("given_name"); got != "Annie" {
		t.Errorf("the rebased write was skipped: name %q", got)
	}
}

func TestEnrolmentNeverTakesOverAnotherDevice(t *testing.T) {
	w := newWorld(t)
	venueCode := w.env.Code(protocol.Scope{Venues: []string{w.v1}})
	enrol := func(deviceID, code, token string) (int, protocol.Error) {
		var perr protocol.Error
		s := doJSON(t, w.env.URL+protocol.PathEnrol, "", protocol.EnrolRequest{Schema: protocol.Schema,
			Code: code, DeviceID: deviceID, DeviceName: "hostile", Token: token}, &perr)
		return s, perr
	}
	if s, perr := enrol(w.office.Store.Device(), venueCode, ""); s == http.StatusOK || perr.Code != protocol.CodeDeviceIDTaken {
		t.Fatalf("a venue code with the office laptop's id: %d %+v", s, perr)
	}
	w.person("ann", "Ann", w.act1, w.v1)
	w.office.Sync() // the laptop still syncs with its own token and scope
	if got := w.office.Client.Status().State; got != client.StateSynced {
		t.Errorf("office laptop after the attempt: %s", got)
	}
	// The refused attempt did not use the code up.
	if s, _ := enrol("a-new-tablet", venueCode, ""); s != http.StatusOK {
		t.Errorf("the code no longer works after a refused takeover: %d", s)
	}
	// The device itself may enrol again with its token (a new scope).
	token, _ := w.office.Store.Meta(client.MetaToken)
	if s, perr := enrol(w.office.Store.Device(), w.env.Code(org), string(token)); s != http.StatusOK {
		t.Errorf("the office laptop enrolling again with its own token: %d %+v", s, perr)
	}

	// A revoked id is never revived by a new code.
	tablet := w.env.NewDevice("lost tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	if err := w.env.Store.Revoke(tablet.Store.Device()); err != nil {
		t.Fatal(err)
	}
	tabletToken, _ := tablet.Store.Meta(client.MetaToken)
	for _, tok := range []string{"", string(tabletToken)} {
		if s, perr := enrol(tablet.Store.Device(), w.env.Code(protocol.Scope{Venues: []string{w.v1}}), tok); s == http.StatusOK || perr.Code != protocol.CodeRevoked {
			t.Errorf("re-enrolling a revoked id (token %v): %d %+v", tok != "", s, perr)
		}
	}
	for _, d := range w.env.Store.Devices() {
		if d.ID == tablet.Store.Device() && !d.Revoked {
			t.Error("a new code un-revoked the lost tablet")
		}
	}
}
