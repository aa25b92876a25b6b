package keyslot

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
)

func administrators(role string) bool { return role == domain.RoleAdministrator }

// readKeyFile decodes the key file at path as it is now.
func readKeyFile(t *testing.T, path string) *fileData {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data, err := decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// slotOf is staffID's slot as the file at path holds it now.
func slotOf(t *testing.T, path, staffID string) slotData {
	t.Helper()
	for _, s := range readKeyFile(t, path).Slots {
		if s.Staff == staffID {
			return s
		}
	}
	t.Fatalf("no slot for %s", staffID)
	return slotData{}
}

// withoutBackupKeys rewrites the key file at path as a Gather from before
// backup keys wrote it: no pair in any slot, the table signed with key.
func withoutBackupKeys(t *testing.T, path string, key []byte) {
	t.Helper()
	data := readKeyFile(t, path)
	for i := range data.Slots {
		data.Slots[i].BackupPub, data.Slots[i].BackupPriv = nil, nil
	}
	data.MAC = tableMAC(key, data.Slots)
	out, err := encode(data)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, []byte("backup_pub")) {
		t.Fatal("the old format still names backup keys")
	}
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestEverySlotMadeHasABackupKey(t *testing.T) {
	path, f, adm, clock := setup(t)
	code, inv, err := NewInvite(TestParams, clock.t.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.AddInvite(adm, Member{ID: "s-inv", Name: "Ivy Invited", Role: domain.RoleAdministrator}, inv); err != nil {
		t.Fatal(err)
	}
	if _, err := f.AcceptInvite("s-inv", code, "551203"); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{admin.ID, volunteer.ID, "s-inv"} {
		s := slotOf(t, path, id)
		if len(s.BackupPub) != backupPubLen || len(s.BackupPriv) != backupPrivLen {
			t.Errorf("%s's slot has no backup key", id)
		}
	}

	t.Run("a PIN changed or reset gets a new pair", func(t *testing.T) {
		before := slotOf(t, path, volunteer.ID).BackupPub
		if err := f.ChangePIN(volunteer.ID, volunteerPIN, "620417"); err != nil {
			t.Fatal(err)
		}
		changed := slotOf(t, path, volunteer.ID).BackupPub
		if bytes.Equal(before, changed) {
			t.Fatal("a changed PIN keeps the old backup key")
		}
		if err := f.ResetPIN(adm, volunteer.ID, "731964"); err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(changed, slotOf(t, path, volunteer.ID).BackupPub) {
			t.Fatal("a reset PIN keeps the old backup key")
		}
	})
}

func TestASlotFromBeforeBackupKeysGetsOneAtUnlock(t *testing.T) {
	path, _, adm, clock := setup(t)
	withoutBackupKeys(t, path, adm.Key())
	f, err := Open(path, testOptions(clock))
	if err != nil {
		t.Fatalf("a key file from before backup keys does not open: %v", err)
	}
	before := slotOf(t, path, volunteer.ID)
	kf, _ := os.ReadFile(path)
	if _, err := SealFileKey(kf, adm.Key(), administrators); !errors.Is(err, ErrNoBackupKey) {
		t.Fatalf("sealing to nobody: err = %v, want ErrNoBackupKey", err)
	}

	u, err := f.Unlock(volunteer.ID, volunteerPIN)
	if err != nil {
		t.Fatal(err)
	}
	after := slotOf(t, path, volunteer.ID)
	if len(after.BackupPub) != backupPubLen {
		t.Fatal("the unlock gave the slot no backup key")
	}
	if !bytes.Equal(after.Wrapped, before.Wrapped) || !bytes.Equal(after.Salt, before.Salt) {
		t.Fatal("the unlock sealed the data key again: only the pair is new")
	}
	if len(slotOf(t, path, admin.ID).BackupPub) != 0 {
		t.Fatal("another slot got a pair without its PIN")
	}
	kf, _ = os.ReadFile(path)
	if _, err := SealFileKey(kf, adm.Key(), func(string) bool { return true }); err != nil {
		t.Fatalf("sealing to the volunteer, who has unlocked: %v", err)
	} else if fk, _ := SealFileKey(kf, adm.Key(), func(string) bool { return true }); len(fk.To) != 1 || len(fk.NotYet) != 1 || fk.NotYet[0].ID != admin.ID {
		t.Fatalf("sealed to %+v, not yet to %+v", fk.To, fk.NotYet)
	}
	// The table is still signed: everyone unlocks as before.
	f2, err := Open(path, testOptions(clock))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ id, pin string }{{admin.ID, adminPIN}, {volunteer.ID, volunteerPIN}} {
		got, err := f2.Unlock(tc.id, tc.pin)
		if err != nil {
			t.Fatalf("%s after the upgrade: %v", tc.id, err)
		}
		if !bytes.Equal(got.Key(), u.Key()) {
			t.Fatal("another data key after the upgrade")
		}
	}
	if len(slotOf(t, path, admin.ID).BackupPub) != backupPubLen {
		t.Fatal("the administrator's unlock gave no pair")
	}
	// Its private half opens with the PIN.
	s := slotOf(t, path, volunteer.ID)
	kf, _ = os.ReadFile(path)
	c, err := UnlockCopy(kf, volunteer.ID, volunteerPIN)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.backupKey) == 0 || openBackupKey(&s, nil) != nil {
		t.Fatal("the copy's unlock gave no backup key, or a wrong key opened it")
	}
}

func TestFileKeyOpensOnlyForWhoMayRestore(t *testing.T) {
	path, f, adm, _ := setup(t)
	second := Member{ID: "s-admin2", Name: "Bea Admin", Role: domain.RoleAdministrator}
	if err := f.AddStaff(adm, second, "582047"); err != nil {
		t.Fatal(err)
	}
	kf, _ := os.ReadFile(path)
	fk, err := SealFileKey(kf, adm.Key(), administrators)
	if err != nil {
		t.Fatal(err)
	}
	lock, fileKey := fk.Lock, fk.Key
	if len(fk.To) != 2 || fk.To[0].ID != admin.ID || fk.To[1].ID != second.ID || len(fk.NotYet) != 0 {
		t.Fatalf("sealed to %+v (not yet %+v), want the two administrators", fk.To, fk.NotYet)
	}
	if ids, err := LockHolders(lock); err != nil || len(ids) != 2 {
		t.Fatalf("LockHolders = %v, %v", ids, err)
	}
	for _, tc := range []struct {
		name, id, pin string
		want          error
	}{
		{"the administrator who made it", admin.ID, adminPIN, nil},
		{"another administrator", second.ID, "582047", nil},
		{"a volunteer, whose PIN opens the key file", volunteer.ID, volunteerPIN, ErrNotInLock},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, err := UnlockCopy(kf, tc.id, tc.pin)
			if err != nil {
				t.Fatal(err)
			}
			got, err := u.OpenFileKey(lock)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if tc.want == nil && !bytes.Equal(got, fileKey) {
				t.Fatal("another file key")
			}
			u.Forget()
			if _, err := u.OpenFileKey(lock); tc.want == nil && err == nil {
				t.Fatal("a forgotten unlock still opens the lock")
			}
		})
	}

	t.Run("a PIN changed since opens nothing later", func(t *testing.T) {
		if err := f.ChangePIN(second.ID, "582047", "903716"); err != nil {
			t.Fatal(err)
		}
		later, _ := os.ReadFile(path)
		laterKey, err := SealFileKey(later, adm.Key(), administrators)
		if err != nil {
			t.Fatal(err)
		}
		laterLock := laterKey.Lock
		old, err := UnlockCopy(kf, second.ID, "582047") // the earlier key file
		if err != nil {
			t.Fatal(err)
		}
		if _, err := old.OpenFileKey(laterLock); !errors.Is(err, ErrNotInLock) {
			t.Fatalf("the old PIN with the old key file opens a later backup: %v", err)
		}
		now, err := UnlockCopy(later, second.ID, "903716")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := now.OpenFileKey(laterLock); err != nil {
			t.Fatalf("the new PIN does not open it: %v", err)
		}
	})

	t.Run("a public key swapped in without the data key", func(t *testing.T) {
		data, _ := decode(kf)
		pub, _, err := newPair()
		if err != nil {
			t.Fatal(err)
		}
		for i := range data.Slots {
			if data.Slots[i].Staff == second.ID {
				data.Slots[i].BackupPub = pub
			}
		}
		swapped, _ := encode(data)
		if _, err := SealFileKey(swapped, adm.Key(), administrators); !errors.Is(err, ErrTampered) {
			t.Fatalf("err = %v, want ErrTampered", err)
		}
	})
}

// newPair is a key pair's public half, as an attacker would make one.
func newPair() ([]byte, []byte, error) {
	p, err := newBackupPair(make([]byte, 32), "x")
	return p.Pub, p.Priv, err
}

func TestBackupLockIsChecked(t *testing.T) {
	path, _, adm, _ := setup(t)
	kf, _ := os.ReadFile(path)
	fk, err := SealFileKey(kf, adm.Key(), administrators)
	if err != nil {
		t.Fatal(err)
	}
	lock := fk.Lock
	for _, tc := range []struct {
		name string
		lock []byte
		want error
	}{
		{"empty", nil, ErrCorrupt},
		{"not JSON", []byte("hello"), ErrCorrupt},
		{"no entries", []byte(`{"format":"gather-backup-lock","version":1,"entries":[]}`), ErrCorrupt},
		{"a newer version", bytes.Replace(lock, []byte(`"version":1`), []byte(`"version":2`), 1), ErrNewer},
		{"a field a newer Gather added", bytes.Replace(lock, []byte(`"version":1`), []byte(`"version":1,"kdf":"x"`), 1), ErrNewer},
		{"a field's name damaged", bytes.Replace(lock, []byte(`"sealed":`), []byte(`"sealef":`), 1), ErrCorrupt},
		{"a cut box", bytes.Replace(lock, []byte(`"sealed":"`), []byte(`"sealed":"AAAA`), 1), ErrCorrupt},
		{"trailing data", append(append([]byte(nil), lock...), '{'), ErrCorrupt},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LockHolders(tc.lock)
			if !errors.Is(err, tc.want) || tc.want != ErrNewer && errors.Is(err, ErrNewer) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestABackupKeyPlantedWithTheDataKeyIsReplacedAtItsOwnersUnlock: the
// table's MAC is keyed from the data key, which every PIN releases, so a
// volunteer who can write the key file can sign in their own public key
// for an administrator's slot, and backups are sealed to them (even
// after they are removed: the table is signed again as it is). The pair
// does not open with the administrator's PIN; their next unlock makes
// them a new one, so backups are theirs again from then.
func TestABackupKeyPlantedWithTheDataKeyIsReplacedAtItsOwnersUnlock(t *testing.T) {
	path, f, _, clock := setup(t)
	vol, err := f.Unlock(volunteer.ID, volunteerPIN)
	if err != nil {
		t.Fatal(err)
	}
	planted, plantedPriv, err := newPair()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	data, _ := decode(b)
	for i := range data.Slots {
		if data.Slots[i].Staff == admin.ID {
			data.Slots[i].BackupPub, data.Slots[i].BackupPriv = planted, plantedPriv
		}
	}
	data.MAC = tableMAC(vol.Key(), data.Slots)
	out, _ := encode(data)
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}

	f, err = Open(path, testOptions(clock))
	if err != nil {
		t.Fatal(err)
	}
	adm, err := f.Unlock(admin.ID, adminPIN)
	if err != nil {
		t.Fatalf("the administrator's unlock: %v", err)
	}
	if bytes.Equal(slotOf(t, path, admin.ID).BackupPub, planted) {
		t.Fatal("after the administrator's unlock, their backups are still sealed to the volunteer's key")
	}
	kf, _ := os.ReadFile(path)
	fk, err := SealFileKey(kf, adm.Key(), administrators)
	if err != nil {
		t.Fatal(err)
	}
	c, err := UnlockCopy(kf, admin.ID, adminPIN)
	if err != nil {
		t.Fatal(err)
	}
	if key, err := c.OpenFileKey(fk.Lock); err != nil || !bytes.Equal(key, fk.Key) {
		t.Fatalf("the administrator's PIN does not open a backup made since: %v", err)
	}
	if len(slotOf(t, path, volunteer.ID).BackupPub) != backupPubLen {
		t.Fatal("the volunteer's own pair was lost")
	}
}

// TestADamagedKeyFileIsNotCalledNewer: a field a newer Gather added is
// told apart from a field of this one whose name was damaged (one byte
// of a copied backup): "newer, keep it" would keep a broken copy.
func TestADamagedKeyFileIsNotCalledNewer(t *testing.T) {
	path, _, _, _ := setup(t)
	b, _ := os.ReadFile(path)
	for _, tc := range []struct {
		name string
		file []byte
		want error
	}{
		{"a field added since", bytes.Replace(b, []byte(`"version": 1,`), []byte(`"version": 1, "recovery": "x",`), 1), ErrNewer},
		{"a slot's salt under a damaged name", bytes.Replace(b, []byte(`"salt":`), []byte(`"sblt":`), 1), ErrCorrupt},
		{"the table check under a damaged name", bytes.Replace(b, []byte(`"mac":`), []byte(`"mbc":`), 1), ErrCorrupt},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if bytes.Equal(tc.file, b) {
				t.Fatal("not changed")
			}
			_, err := decode(tc.file)
			if !errors.Is(err, tc.want) || tc.want != ErrNewer && errors.Is(err, ErrNewer) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestARestoredSlotFromBeforeBackupKeysAdoptsItsPair: a key file from
// before backup keys, restored from a backup, gives the administrator who
// restored it the pair their PIN made on the copy, so the restored
// device's first backup opens for them without another unlock.
func TestARestoredSlotFromBeforeBackupKeysAdoptsItsPair(t *testing.T) {
	path, _, adm, clock := setup(t)
	withoutBackupKeys(t, path, adm.Key())
	old, _ := os.ReadFile(path)
	u, err := UnlockCopy(old, admin.ID, adminPIN)
	if err != nil {
		t.Fatal(err)
	}
	restored := filepath.Join(t.TempDir(), "keys.json")
	if err := os.WriteFile(restored, old, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := Open(restored, testOptions(clock))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.AdoptBackupKey(u); err != nil {
		t.Fatal(err)
	}
	now, _ := os.ReadFile(restored)
	fk, err := SealFileKey(now, adm.Key(), administrators)
	if err != nil || len(fk.To) != 1 || fk.To[0].ID != admin.ID {
		t.Fatalf("the restored device's backup is sealed to %+v (%v), want the administrator who restored it", fk, err)
	}
	again, err := UnlockCopy(now, admin.ID, adminPIN)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := again.OpenFileKey(fk.Lock); err != nil {
		t.Fatalf("their PIN does not open it: %v", err)
	}
	if len(slotOf(t, restored, volunteer.ID).BackupPub) != 0 {
		t.Error("another slot got a pair")
	}

	t.Run("a slot changed since keeps its own", func(t *testing.T) {
		if err := f.ResetPIN(adm, admin.ID, "604932"); err != nil {
			t.Fatal(err)
		}
		reset := slotOf(t, restored, admin.ID).BackupPub
		if err := f.AdoptBackupKey(u); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(slotOf(t, restored, admin.ID).BackupPub, reset) {
			t.Fatal("the copy's pair replaced the one the new PIN made")
		}
	})
}
