package client_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
)

// TestClonedTabletsEditingOneFieldKeepBoth: a tablet's folder is copied
// onto a second tablet just after it pulled a change stamped by a device
// whose clock runs a few minutes fast (the server takes up to five). Both
// copies share the device id and the clock, which now reads ahead of
// either tablet's own, so the first change each makes carries the same
// stamp. Both change Ann's emergency contact, differently: neither save
// may vanish. One value wins on every device, and the other is kept as a
// conflict record for the office to review.
func TestClonedTabletsEditingOneFieldKeepBoth(t *testing.T) {
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.office.Sync()
	scope := protocol.Scope{Venues: []string{w.v1}}
	fast := w.env.NewDevice("fast tablet", scope, client.Options{}, func() time.Time { return time.Now().Add(3 * time.Minute) })
	fast.Sync()
	fast.Save(domain.KindPerson, "ann", map[string]string{"access_needs": "step-free; hearing loop"})
	fast.Sync()

	first := w.env.NewDevice("garden tablet", scope, client.Options{}, nil)
	first.Sync() // its clock now reads past its own wall clock
	second := first.Clone("copied tablet", client.Options{}, nil)
	first.Save(domain.KindPerson, "ann", map[string]string{"emergency_contact_phone": "07700 900001"})
	second.Save(domain.KindPerson, "ann", map[string]string{"emergency_contact_phone": "07700 900002"})
	first.Sync()
	if err := second.Client.SyncOnce(t.Context()); err != nil {
		t.Logf("the copy's sync: %v", err)
	}
	w.office.Sync()

	got := w.office.Get(domain.KindPerson, "ann", "emergency_contact_phone")
	var lost string
	switch got {
	case "07700 900001":
		lost = "07700 900002"
	case "07700 900002":
		lost = "07700 900001"
	default:
		t.Fatalf("the office holds Ann's emergency phone %q, neither tablet's", got)
	}
	if !keptAsConflict(t, w.office, "ann", "emergency_contact_phone", lost) {
		t.Errorf("Ann's emergency phone is %q everywhere and the other tablet's %q is nowhere: no conflict record keeps it", got, lost)
	}
}

// TestLaptopEnrolledAgainAsReceptionKeepsWhatItSavedOffline: an
// administrator's laptop saves changes offline (a referral's notes, a
// new wellbeing measure, the follow-up interval, a phone number) and is
// enrolled again as the reception desk before it could send them
// (Connect's push before enrolling fails), so the laptop forgets what a
// desk is not sent, the role may refuse some of them, and the server
// sends the desk records stripped to what it keeps, one of them changed
// meanwhile by a link worker. With a crash after the enrolment, before
// or after the forgetting: every change the laptop saved reaches the
// server, or is listed as refused and still on the laptop.
func TestLaptopEnrolledAgainAsReceptionKeepsWhatItSavedOffline(t *testing.T) {
	for _, tc := range []struct {
		name    string
		connect bool // through Connect (forgets at once), or Enrol alone (the crash comes before the forgetting)
	}{{"connected again", true}, {"crashed before forgetting", false}} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			w.person("ann", "Ann", w.act1, w.v1)
			w.office.Save(domain.KindReferral, "r1", map[string]string{"person_id": "ann", "status": "new", "reasons": "bereavement"})
			w.office.Sync()
			drop := &pushFails{}
			laptop := w.env.NewDeviceAs("laptop", org, domain.RoleAdministrator, client.Options{HTTPClient: testenv.HTTPClient(drop)}, nil)
			laptop.Sync()
			link := w.env.NewDeviceAs("link laptop", org, domain.RoleLinkWorker, client.Options{}, nil)
			link.Sync()

			drop.on.Store(true)
			saved := []struct {
				kind     record.Kind
				id       string
				field, v string
			}{
				{domain.KindReferral, "r1", "notes", "Lost her husband in May"},
				{domain.KindMeasure, "m1", "items", "3,3,3,3,3,3,3"},
				{domain.KindSetting, domain.OrgSettingsID, "follow_up_weeks", "9"},
				{domain.KindPerson, "ann", "phone", "07700 900999"},
			}
			for _, s := range saved {
				fields := map[string]string{s.field: s.v}
				if s.kind == domain.KindMeasure {
					fields["person_id"] = "ann"
				}
				laptop.Save(s.kind, s.id, fields)
			}
			link.Save(domain.KindReferral, "r1", map[string]string{"status": "assessed"})
			link.Sync()

			code := w.env.CodeAs(org, domain.RoleReception)
			if tc.connect {
				if err := laptop.Client.Connect(t.Context(), w.env.URL, code); err != nil {
					t.Fatal(err)
				}
			} else if err := client.Enrol(t.Context(), laptop.Store, w.env.URL, code, client.Options{}); err != nil {
				t.Fatal(err)
			}
			drop.on.Store(false)
			laptop.Restart()
			laptop.Sync()
			laptop.Sync()

			refused := laptop.Client.Refused()
			for _, s := range saved {
				onServer, err := w.env.Store.Entity(s.kind, s.id)
				if err != nil {
					t.Fatal(err)
				}
				if onServer.Get(s.field) == s.v {
					continue
				}
				listed := slices.ContainsFunc(refused, func(r client.RefusedChange) bool {
					return r.Kind == string(s.kind) && r.ID == s.id && r.Field == s.field && r.Value == s.v
				})
				if !listed || laptop.Get(s.kind, s.id, s.field) != s.v {
					t.Errorf("%s %s %s %q: not on the server (%q), listed as refused %v, on the laptop %q", s.kind, s.id, s.field, s.v,
						onServer.Get(s.field), listed, laptop.Get(s.kind, s.id, s.field))
				}
			}
			if got := laptop.Get(domain.KindReferral, "r1", "status"); got != "assessed" {
				t.Errorf("the desk's referral status is %q, want the link worker's", got)
			}
		})
	}
}

// TestOfflineEditBeatenByACorrectedEditIsKept: two garden tablets hold
// Ann's emergency phone. The first, offline, changes it. The second
// changes it later, syncs, and corrects a typo in it (an edit of its own
// edit). When the first comes back online its save loses to the
// correction, whose author never saw it: it must be kept as a conflict
// record, as it is when the second tablet edited only once.
func TestOfflineEditBeatenByACorrectedEditIsKept(t *testing.T) {
	for _, edits := range []int{1, 2} {
		t.Run(fmt.Sprintf("%d edits on the second tablet", edits), func(t *testing.T) {
			w := newWorld(t)
			w.person("ann", "Ann", w.act1, w.v1)
			w.office.Save(domain.KindPerson, "ann", map[string]string{"emergency_contact_phone": "07700 900000"})
			w.office.Sync()
			w.env.Clock.Set(time.Now())
			now := w.env.Clock.Now
			scope := protocol.Scope{Venues: []string{w.v1}}
			offline := w.env.NewDevice("offline tablet", scope, client.Options{}, now)
			online := w.env.NewDevice("online tablet", scope, client.Options{}, now)
			offline.Sync()
			online.Sync()

			offline.Save(domain.KindPerson, "ann", map[string]string{"emergency_contact_phone": "07700 900111"})
			w.env.Clock.Advance(time.Minute)
			w.changePhone(online, edits)
			offline.Sync()
			w.office.Sync()

			if got, want := w.office.Get(domain.KindPerson, "ann", "emergency_contact_phone"), fmt.Sprintf("07700 90022%d", edits-1); got != want {
				t.Fatalf("the office holds %q, want the later save %q", got, want)
			}
			if !keptAsConflict(t, w.office, "ann", "emergency_contact_phone", "07700 900111") {
				t.Error("the offline tablet's emergency phone 07700 900111 is nowhere: no conflict record keeps it")
			}
		})
	}
}

// TestRestoredTabletSendingItsOldStateMakesNoConflict: a tablet put back
// from a backup sends its whole state again (device_restored), holding a
// phone number it saved, synced and another tablet then changed twice
// knowing it. That old state loses, as it should, and is no lost save:
// it records no conflict, where a save made on the restored tablet and
// beaten the same way does.
func TestRestoredTabletSendingItsOldStateMakesNoConflict(t *testing.T) {
	w, restored, other := annAndTwoTablets(t, "restored tablet", "other tablet")
	restored.Sync()
	restored.Save(domain.KindPerson, "ann", map[string]string{"emergency_contact_phone": "07700 900111"})
	restored.Sync()
	backup := restored.Snapshot()
	w.markMany(restored, "2026-11-02", 3) // the server now holds more from it than the backup
	restored.Sync()
	w.env.Clock.Advance(time.Minute)
	other.Sync()
	w.changePhone(other, 2)

	restored.PutBack(backup)
	restored.Save(domain.KindPerson, "ann", map[string]string{"access_needs": "hearing loop"})
	restored.Sync()
	w.office.Sync()
	w.officeHoldsPhone(t, "07700 900221")
	for _, r := range w.office.Store.View().All(domain.KindConflict) {
		e, err := w.office.Store.Entity(domain.KindConflict, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if e.Get("entity_id") == "ann" {
			t.Errorf("the restored tablet's old state made a conflict: %s lost to %s", e.Get("loser_value"), e.Get("winner_value"))
		}
	}
}

// TestRestoredTabletsOfflineSaveBeatenByACorrectionIsKept: a tablet put
// back from a backup changes Ann's emergency phone offline, while another
// tablet changes it and corrects it. The restored tablet's first push is
// answered device_restored and it sends its whole state again, its save
// among it: the save reaches the server for the first time all the same
// and loses to a correction whose author never saw it, so it is kept as a
// conflict record.
func TestRestoredTabletsOfflineSaveBeatenByACorrectionIsKept(t *testing.T) {
	w, restored, other := annAndTwoTablets(t, "restored tablet", "other tablet")
	restored.Sync()
	other.Sync()
	backup := restored.Snapshot()
	w.markMany(restored, "2026-11-02", 3) // the server now holds more from it than the backup
	restored.Sync()

	restored.PutBack(backup)
	restored.Save(domain.KindPerson, "ann", map[string]string{"emergency_contact_phone": "07700 900111"})
	w.env.Clock.Advance(time.Minute)
	w.changePhone(other, 2)
	restored.Sync()
	w.office.Sync()
	w.officeHoldsPhone(t, "07700 900221")
	if !keptAsConflict(t, w.office, "ann", "emergency_contact_phone", "07700 900111") {
		t.Error("the restored tablet's emergency phone 07700 900111 is nowhere: no conflict record keeps it")
	}
}

// TestClonedTabletConnectedAgainKeepsItsOfflineSave: of two copies of a
// tablet's folder, the one the server turns away (device_cloned) holds a
// change of Ann's emergency phone it could not send, while another tablet
// changes it and corrects it. Connected again, the copy takes a device id
// of its own and sends the change, stamped under the id it had: the
// server meets it for the first time, so when it loses to the correction,
// whose author never saw it, it is kept as a conflict record.
func TestClonedTabletConnectedAgainKeepsItsOfflineSave(t *testing.T) {
	w, first, other := annAndTwoTablets(t, "garden tablet", "other tablet")
	first.Sync()
	other.Sync()
	second := first.Clone("copied tablet", client.Options{}, w.env.Clock.Now)
	w.markMany(first, "2026-11-09", 5)
	first.Sync()
	w.markMany(second, "2026-11-10", 2)
	second.Sync() // renumbered: the server now turns the first copy away

	first.Save(domain.KindPerson, "ann", map[string]string{"emergency_contact_phone": "07700 900111"})
	w.env.Clock.Advance(time.Minute)
	w.changePhone(other, 2)
	if err := first.Client.SyncOnce(t.Context()); err == nil {
		t.Fatal("the copy the server knows as a clone synced")
	}
	if err := first.Client.Connect(t.Context(), w.env.URL, w.env.Code(protocol.Scope{Venues: []string{w.v1}})); err != nil {
		t.Fatal(err)
	}
	first.Sync()
	w.office.Sync()
	w.officeHoldsPhone(t, "07700 900221")
	if !keptAsConflict(t, w.office, "ann", "emergency_contact_phone", "07700 900111") {
		t.Error("the reconnected copy's emergency phone 07700 900111 is nowhere: no conflict record keeps it")
	}
}

// keptAsConflict reports whether d holds a conflict record keeping value
// as the losing one of a person's field.
func keptAsConflict(t *testing.T, d *testenv.Device, person, field, value string) bool {
	t.Helper()
	for _, r := range d.Store.View().All(domain.KindConflict) {
		e, err := d.Store.Entity(domain.KindConflict, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if e.Get("entity_id") == person && e.Get("field") == field && e.Get("loser_value") == value {
			return true
		}
	}
	return false
}

// TestRestoredTabletsSaveSentBeforeItsRestoreMakesNoConflict: a tablet
// saves Ann's emergency phone offline and its folder is backed up with the
// save still queued. Back online, the tablet sends it, and then the phone
// is changed again knowing it, by the tablet itself or by another tablet.
// The tablet is put back from the backup: the save, still queued there,
// goes again after its whole state (device_restored), and loses to the
// later change, whose author saw it. It is no lost save and must make no
// conflict for the office to review.
func TestRestoredTabletsSaveSentBeforeItsRestoreMakesNoConflict(t *testing.T) {
	for _, by := range []string{"the tablet itself", "another tablet"} {
		t.Run(by, func(t *testing.T) {
			w, restored, other := annAndTwoTablets(t, "restored tablet", "other tablet")
			restored.Sync()
			other.Sync()
			restored.Save(domain.KindPerson, "ann", map[string]string{"emergency_contact_phone": "07700 900111"})
			backup := restored.Snapshot() // the save still queued
			restored.Sync()
			w.env.Clock.Advance(time.Minute)
			later := restored
			if by == "another tablet" {
				later = other
				later.Sync()
			}
			later.Save(domain.KindPerson, "ann", map[string]string{"emergency_contact_phone": "07700 900222"})
			later.Sync()
			w.markMany(restored, "2026-11-02", 3) // the server now holds more from it than the backup
			restored.Sync()
			w.env.Clock.Advance(time.Minute)

			restored.PutBack(backup)
			restored.Sync()
			restored.Sync()
			w.office.Sync()
			if got := w.office.Get(domain.KindPerson, "ann", "emergency_contact_phone"); got != "07700 900222" {
				t.Fatalf("the office holds %q, want the later save", got)
			}
			if keptAsConflict(t, w.office, "ann", "emergency_contact_phone", "07700 900111") {
				t.Error("the save the tablet sent before it was put back, changed since by one who saw it, made a conflict")
			}
		})
	}
}

// TestOfflineSaveOverARestoredServerBeatenByACorrectionIsKept: the server
// is put back from a backup while a tablet holds an unsent change of Ann's
// emergency phone; another tablet then changes it and corrects it. The
// first tablet's push is answered epoch_changed and it queues its whole
// state again (RequeueAll): its save, not yet sent, must still reach the
// server as fresh, so losing to the correction, whose author never saw
// it, it is kept as a conflict record.
func TestOfflineSaveOverARestoredServerBeatenByACorrectionIsKept(t *testing.T) {
	testenv.RequireBadger(t, "it restores the server from Store.Backup")
	w, offline, other := annAndTwoTablets(t, "offline tablet", "other tablet")
	offline.Sync()
	other.Sync()
	backup := w.env.Backup()
	offline.Save(domain.KindPerson, "ann", map[string]string{"emergency_contact_phone": "07700 900111"})
	w.env.RestoreFrom(backup)
	w.env.Clock.Advance(time.Minute)
	w.changePhone(other, 2)
	offline.Sync()
	offline.Sync()
	w.office.Sync()
	w.office.Sync()
	w.officeHoldsPhone(t, "07700 900221")
	if !keptAsConflict(t, w.office, "ann", "emergency_contact_phone", "07700 900111") {
		t.Error("the offline tablet's emergency phone 07700 900111 is nowhere: no conflict record keeps it")
	}
}

// changePhone has d save Ann's emergency phone n times, syncing each, a
// minute apart ("07700 900220", "07700 900221", …): a change and its
// corrections, each made knowing the one before.
func (w *world) changePhone(d *testenv.Device, n int) {
	for i := range n {
		d.Save(domain.KindPerson, "ann", map[string]string{"emergency_contact_phone": fmt.Sprintf("07700 90022%d", i)})
		d.Sync()
		w.env.Clock.Advance(time.Minute)
	}
}

// officeHoldsPhone stops the test unless the office holds want as Ann's
// emergency phone: the last save, which wins.
func (w *world) officeHoldsPhone(t *testing.T, want string) {
	t.Helper()
	if got := w.office.Get(domain.KindPerson, "ann", "emergency_contact_phone"); got != want {
		t.Fatalf("the office holds %q, want the other tablet's last save %q", got, want)
	}
}

// annAndTwoTablets is a world with Ann on the garden club at venue 1, its
// clock on the wall's, and two tablets there named a and b.
func annAndTwoTablets(t *testing.T, a, b string) (*world, *testenv.Device, *testenv.Device) {
	t.Helper()
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.office.Sync()
	w.env.Clock.Set(time.Now())
	scope := protocol.Scope{Venues: []string{w.v1}}
	return w, w.env.NewDevice(a, scope, client.Options{}, w.env.Clock.Now), w.env.NewDevice(b, scope, client.Options{}, w.env.Clock.Now)
}

// TestOfflineSaveKeptThroughACrashWhileQueuingEverythingAgain: a tablet
// holds an unsent change of Ann's emergency phone when it must queue its
// whole state again (put back from a backup: device_restored; or the
// server put back from one: epoch_changed), while another tablet changes
// the phone and corrects it. The app is killed part way through the
// queuing, and started again. The change must still reach the server as
// a save no one else saw (fresh), so losing to the correction it is kept
// as a conflict record; counted as old state, it would vanish.
func TestOfflineSaveKeptThroughACrashWhileQueuingEverythingAgain(t *testing.T) {
	for _, tc := range []struct {
		restore, point string
	}{
		{"tablet", "requeue: marked"}, // numbered past the server's numbers, nothing queued again yet
		{"tablet", "requeue: state part"},
		{"tablet", "requeue: saves part"}, // all queued again; the old numbers not dropped, the new incarnation not taken
		{"server", "requeue: marked"},
		{"server", "requeue: state part"},
	} {
		t.Run(tc.restore+" put back, crash after "+tc.point, func(t *testing.T) {
			if tc.restore == "server" {
				testenv.RequireBadger(t, "it restores the server from Store.Backup")
			}
			w, tablet, other := annAndTwoTablets(t, "tablet", "other tablet")
			tablet.Sync()
			other.Sync()
			switch tc.restore {
			case "tablet":
				backup := tablet.Snapshot()
				w.markMany(tablet, "2026-11-02", 3) // the server now holds more from it than the backup
				tablet.Sync()
				tablet.PutBack(backup)
				tablet.Save(domain.KindPerson, "ann", map[string]string{"emergency_contact_phone": "07700 900111"})
			case "server":
				backup := w.env.Backup()
				tablet.Save(domain.KindPerson, "ann", map[string]string{"emergency_contact_phone": "07700 900111"})
				w.env.RestoreFrom(backup)
			}
			w.env.Clock.Advance(time.Minute)
			w.changePhone(other, 2)

			crash := errors.New("killed")
			tablet.Interrupt = func(point string) error {
				if point == tc.point {
					return crash
				}
				return nil
			}
			tablet.Restart()
			if err := tablet.Client.SyncOnce(t.Context()); !errors.Is(err, crash) {
				t.Fatalf("the sync: %v, want the crash at %q", err, tc.point)
			}
			tablet.Interrupt = nil
			tablet.Restart()
			tablet.Sync()
			tablet.Sync()
			w.office.Sync()
			w.office.Sync()
			w.officeHoldsPhone(t, "07700 900221")
			if !keptAsConflict(t, w.office, "ann", "emergency_contact_phone", "07700 900111") {
				t.Error("the tablet's emergency phone 07700 900111 is nowhere: no conflict record keeps it")
			}
		})
	}
}

// TestClonedTabletsSaveBeatenByTheOtherCopysCorrectionIsKept: a tablet's
// folder is copied onto a second tablet, so both stamp under one device
// id. One copy changes Ann's emergency phone offline; the other changes
// it later and corrects it (an edit of its own edit). The first copy's
// save reaches the server for the first time (after device_restored, or
// connected again after device_cloned) and loses to a correction whose
// author never saw it: it must be kept as a conflict record, though the
// winner carries the same device id.
func TestClonedTabletsSaveBeatenByTheOtherCopysCorrectionIsKept(t *testing.T) {
	for _, path := range []string{"device_restored", "device_cloned"} {
		t.Run(path, func(t *testing.T) {
			w, offline, _ := annAndTwoTablets(t, "garden tablet", "other tablet")
			offline.Sync()
			online := offline.Clone("copied tablet", client.Options{}, w.env.Clock.Now)
			if path == "device_cloned" {
				w.markMany(offline, "2026-11-09", 5)
				offline.Sync()
				w.markMany(online, "2026-11-10", 2)
				online.Sync() // renumbered: the server now turns the offline copy away
			}
			offline.Save(domain.KindPerson, "ann", map[string]string{"emergency_contact_phone": "07700 900111"})
			w.env.Clock.Advance(time.Minute)
			w.changePhone(online, 2)
			switch path {
			case "device_restored":
				offline.Sync()
			case "device_cloned":
				if err := offline.Client.SyncOnce(t.Context()); err == nil {
					t.Fatal("the copy the server knows as a clone synced")
				}
				if err := offline.Client.Connect(t.Context(), w.env.URL, w.env.Code(protocol.Scope{Venues: []string{w.v1}})); err != nil {
					t.Fatal(err)
				}
				offline.Sync()
			}
			offline.Sync()
			w.office.Sync()
			w.officeHoldsPhone(t, "07700 900221")
			if !keptAsConflict(t, w.office, "ann", "emergency_contact_phone", "07700 900111") {
				t.Error("the offline copy's emergency phone 07700 900111 is nowhere: no conflict record keeps it")
			}
		})
	}
}
