package keyslot

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
)

var newcomer = Member{ID: "s-new", Name: "Nia Newcomer", Role: domain.RoleFacilitator}

const newcomerPIN = "620418"

// TestInviteOpensEveryDevice: one setup code, made once, lets the newcomer
// set their own PIN on two devices with different data keys; each device
// gets its own key back, and the code and the PIN are nowhere in either
// key file or in the invite that travels.
func TestInviteOpensEveryDevice(t *testing.T) {
	_, f1, adm1, clock := setup(t)
	path2 := filepath.Join(t.TempDir(), "keys.json")
	f2, vol2, err := Create(path2, admin, adminPIN, testOptions(clock))
	if err != nil {
		t.Fatal(err)
	}
	code, inv, err := NewInvite(TestParams, clock.t.Add(14*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	travels, ok := ParseInvite(inv.String())
	if !ok || !bytes.Equal(travels.Public, inv.Public) {
		t.Fatalf("the invite does not survive its staff record field: %q", inv.String())
	}
	if strings.Contains(inv.String(), NormaliseCode(code)) {
		t.Fatal("the invite carries the code")
	}
	for i, dev := range []struct {
		f  *File
		by *Unlocked
	}{{f1, adm1}, {f2, vol2}} {
		if got := dev.f.Invited(); len(got) != 0 {
			t.Fatalf("device %d lists %v before any invite", i+1, got)
		}
		if err := dev.f.AddInvite(dev.by, newcomer, travels); err != nil {
			t.Fatalf("device %d: AddInvite: %v", i+1, err)
		}
		if err := dev.f.AddInvite(dev.by, newcomer, travels); err != nil {
			t.Fatalf("device %d: adding the same invite again: %v", i+1, err)
		}
		if got := dev.f.Invited(); len(got) != 1 || got[0] != newcomer {
			t.Fatalf("device %d invites %v, want the newcomer", i+1, got)
		}
		// Typed as people type it: lower case, spaces.
		typed := strings.ToLower(strings.ReplaceAll(code, "-", " "))
		u, err := dev.f.AcceptInvite(newcomer.ID, typed, newcomerPIN)
		if err != nil {
			t.Fatalf("device %d: AcceptInvite: %v", i+1, err)
		}
		if !bytes.Equal(u.Key(), dev.by.Key()) || u.Member != newcomer {
			t.Fatalf("device %d: the code did not give this device's key to the newcomer", i+1)
		}
		again, err := dev.f.Unlock(newcomer.ID, newcomerPIN)
		if err != nil || !bytes.Equal(again.Key(), dev.by.Key()) {
			t.Fatalf("device %d: their new PIN does not unlock: %v", i+1, err)
		}
		if len(dev.f.Invited()) != 0 {
			t.Errorf("device %d still lists the used invite", i+1)
		}
		if _, err := dev.f.AcceptInvite(newcomer.ID, code, newcomerPIN); !errors.Is(err, ErrNoInvite) {
			t.Errorf("device %d: the code was used twice: %v", i+1, err)
		}
		b, _ := os.ReadFile(dev.f.path)
		if bytes.Contains(b, []byte(NormaliseCode(code))) || bytes.Contains(b, []byte(newcomerPIN)) {
			t.Errorf("device %d's key file holds the code or the PIN", i+1)
		}
		if _, err := Open(dev.f.path, testOptions(clock)); err != nil {
			t.Errorf("device %d's key file no longer opens: %v", i+1, err)
		}
	}
}

// TestInviteRefusals: a wrong code, an expired one, one tried too often,
// a weak PIN, a locked device and an edited role are all refused, and the
// newcomer gets no slot from any of them.
func TestInviteRefusals(t *testing.T) {
	path, f, adm, clock := setup(t)
	code, inv, err := NewInvite(TestParams, clock.t.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.AddInvite(nil, newcomer, inv); !errors.Is(err, ErrDeviceLocked) {
		t.Errorf("AddInvite with nobody unlocked: %v", err)
	}
	forged := &Unlocked{Member: admin, key: bytes.Repeat([]byte{7}, dataKeyLen)}
	if err := f.AddInvite(forged, newcomer, inv); !errors.Is(err, ErrDeviceLocked) {
		t.Errorf("AddInvite with a key that is not this device's: %v", err)
	}
	if err := f.AddInvite(adm, volunteer, inv); !errors.Is(err, ErrStaffExists) {
		t.Errorf("an invite for someone with a PIN here: %v", err)
	}
	if err := f.AddInvite(adm, newcomer, inv); err != nil {
		t.Fatal(err)
	}
	if _, err := f.AcceptInvite(newcomer.ID, code, "111111"); !errors.Is(err, ErrPINTooEasy) {
		t.Errorf("a guessable PIN: %v", err)
	}
	if _, err := f.AcceptInvite(newcomer.ID, "AAAA-AAAA-AAAA", newcomerPIN); !errors.Is(err, ErrWrongCode) {
		t.Errorf("a wrong code: %v", err)
	}

	t.Run("edited role", func(t *testing.T) {
		b, _ := os.ReadFile(path)
		var fd fileData
		if err := json.Unmarshal(b, &fd); err != nil {
			t.Fatal(err)
		}
		fd.Invites[0].Role = domain.RoleAdministrator
		edited, _ := json.Marshal(fd)
		p2 := filepath.Join(t.TempDir(), "keys.json")
		os.WriteFile(p2, edited, 0o600)
		g, err := Open(p2, testOptions(clock))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := g.AcceptInvite(newcomer.ID, code, newcomerPIN); !errors.Is(err, ErrTampered) {
			t.Errorf("an invite edited to administrator: %v", err)
		}
	})

	t.Run("too many wrong codes", func(t *testing.T) {
		g, err := Open(path, testOptions(clock))
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 5; i++ {
			g.AcceptInvite(newcomer.ID, "BBBB-BBBB-BBBB", newcomerPIN)
		}
		if _, err := g.AcceptInvite(newcomer.ID, code, newcomerPIN); !errors.Is(err, ErrLockedOut) {
			t.Errorf("the right code after five wrong ones: %v", err)
		}
		if len(g.Invited()) != 0 {
			t.Error("a locked invite is still offered")
		}
	})

	clock.Advance(2 * time.Hour)
	if _, err := f.AcceptInvite(newcomer.ID, code, newcomerPIN); !errors.Is(err, ErrInviteExpired) {
		t.Errorf("an expired code: %v", err)
	}
	if len(f.Invited()) != 0 {
		t.Error("an expired invite is still offered")
	}
	if err := f.AddInvite(adm, newcomer, inv); !errors.Is(err, ErrInviteExpired) {
		t.Errorf("adding an expired invite: %v", err)
	}
	if err := f.RemoveInvite(adm, newcomer.ID); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.InvitedWith(newcomer.ID); ok {
		t.Error("RemoveInvite left it")
	}
	for _, m := range f.Members() {
		if m.ID == newcomer.ID {
			t.Fatal("the newcomer got a slot")
		}
	}
}
