package lock

import (
	"bytes"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
)

// TestSyncInvites: staff records with a setup code become pending slots on
// the devices that know them (not on another venue's tablet, not for
// someone with a PIN here, not while locked), and go when the record is
// deleted or the code withdrawn.
func TestSyncInvites(t *testing.T) {
	wd := newWorld(t, keyslot.Lockout{})
	by, err := wd.keys.Unlock("val", "482916")
	if err != nil {
		t.Fatal(err)
	}
	_, inv, err := keyslot.NewInvite(keyslot.TestParams, start.Add(7*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	staff := []domain.Staff{
		{ID: "nia", Name: "Nia Okoro", Role: domain.RoleFacilitator, Venues: []string{"garden"}, Invite: inv.String()},
		{ID: "hal", Name: "Hal Moss", Role: domain.RoleFacilitator, Venues: []string{"hall"}, Invite: inv.String()},
		{ID: "val", Name: "Val Jones", Role: domain.RoleVolunteer, Invite: inv.String()}, // has a PIN here
		{ID: "sam", Name: "Sam Lee", Role: domain.RoleVolunteer},                         // no code
	}
	if n, err := SyncInvites(wd.keys, nil, staff, false, []string{"garden"}); n != 0 || err != nil || len(wd.keys.Invited()) != 0 {
		t.Fatalf("a locked device made invites: %d, %v", n, err)
	}
	n, err := SyncInvites(wd.keys, by, staff, false, []string{"garden"})
	if err != nil || n != 1 {
		t.Fatalf("SyncInvites = %d, %v; want 1 (Nia)", n, err)
	}
	if got := wd.keys.Invited(); len(got) != 1 || got[0].ID != "nia" || got[0].Role != domain.RoleFacilitator {
		t.Fatalf("invited %v, want Nia", got)
	}
	if n, _ := SyncInvites(wd.keys, by, staff, false, []string{"garden"}); n != 0 {
		t.Errorf("a second pass added %d", n)
	}
	staff[0].Invite = ""
	if _, err := SyncInvites(wd.keys, by, staff, false, []string{"garden"}); err != nil || len(wd.keys.Invited()) != 0 {
		t.Errorf("a withdrawn code stays: %v, %v", wd.keys.Invited(), err)
	}
}

// TestFirstUnlockSetsThePIN: on the unlock screen, a staff member new to
// this device taps their tile, gives the setup code and chooses a PIN; the
// device unlocks as them with its own key, and from then on their PIN
// opens it. A wrong code says so and opens nothing.
func TestFirstUnlockSetsThePIN(t *testing.T) {
	wd := newWorld(t, keyslot.Lockout{})
	by, err := wd.keys.Unlock("ada", "739155")
	if err != nil {
		t.Fatal(err)
	}
	code, inv, err := keyslot.NewInvite(keyslot.TestParams, start.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	nia := keyslot.Member{ID: "nia", Name: "Nia Okoro", Role: domain.RoleFacilitator}
	if err := wd.keys.AddInvite(by, nia, inv); err != nil {
		t.Fatal(err)
	}
	var got unlocks
	s := newUnlock(wd.keys, syncRun, wd.clock, got.add, nil)
	w := test.NewWindow(s.Content())
	defer w.Close()
	w.Resize(fyne.NewSize(1280, 800))
	mustShow(t, s.Content(), "Nia Okoro", "New here: set your PIN")
	test.Tap(s.tiles["nia"])
	mustShow(t, s.Content(), "First time on this device")

	f := s.first
	test.Type(f.code, "ZZZZ-ZZZZ-ZZZZ")
	test.Type(f.pin, "620418")
	test.Type(f.again, "620418")
	test.Tap(f.save)
	if got.n() != 0 || !shows(s.Content(), "That PIN setup code is not right") {
		t.Fatalf("a wrong code: opened %d, says %q", got.n(), f.msg.Text)
	}
	f.code.SetText(code)
	test.Tap(f.save)
	if got.n() != 1 || got.got[0].ID != "nia" || got.got[0].Role != domain.RoleFacilitator {
		t.Fatalf("the right code: opened %d, says %q", got.n(), f.msg.Text)
	}
	if !bytes.Equal(got.got[0].Key(), by.Key()) {
		t.Fatal("the first unlock gave another key than this device's")
	}
	if shows(s.Content(), "First time on this device") {
		t.Error("the first-unlock page is still up")
	}
	mustShow(t, s.Content(), "Nia Okoro")
	if shows(s.Content(), "New here: set your PIN") {
		t.Error("Nia is still offered a first unlock")
	}
	if u, err := wd.keys.Unlock("nia", "620418"); err != nil || u.ID != "nia" {
		t.Errorf("Nia's new PIN: %v", err)
	}
}
