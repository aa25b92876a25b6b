package device

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/internal/sealed"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/storage"
)

// backupOf sets up a device (an administrator s1 and a volunteer s2 on its
// key file, a person in its store) and returns its backup.
func backupOf(t testing.TB) []byte {
	t.Helper()
	p := setUp(t)
	kf, admin := unlockAdministrator(t, p)
	if err := kf.AddStaff(admin, keyslot.Member{ID: "s2", Name: "Bea", Role: domain.RoleVolunteer}, "482913"); err != nil {
		t.Fatal(err)
	}
	st, err := OpenStore(p, admin.Key(), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var b bytes.Buffer
	to, notYet, err := WriteBackup(&b, p, st, admin.Key())
	if err != nil {
		t.Fatal(err)
	}
	if len(to) != 1 || to[0].ID != "s1" || len(notYet) != 0 {
		t.Fatalf("the backup opens with the PINs of %+v, want the administrator's only", to)
	}
	return b.Bytes()
}

// unlockAdministrator opens the key file of the device setUp made in p
// with its administrator's PIN.
func unlockAdministrator(t testing.TB, p Paths) (*keyslot.File, *keyslot.Unlocked) {
	t.Helper()
	kf, err := keyslot.Open(p.Keys, keyslot.Options{Params: keyslot.TestParams})
	if err != nil {
		t.Fatal(err)
	}
	admin, err := kf.Unlock("s1", "739155")
	if err != nil {
		t.Fatal(err)
	}
	return kf, admin
}

// headerEnds are where a version 2 backup's key file and lock end.
func headerEnds(b []byte) (kfEnd, lockEnd int) {
	kfEnd = len(BackupMagic) + 4 + int(binary.BigEndian.Uint32(b[len(BackupMagic):]))
	return kfEnd, kfEnd + 4 + int(binary.BigEndian.Uint32(b[kfEnd:]))
}

// restoreAs opens backup b with staffID's PIN and restores it into a new
// folder; it returns the folder, who unlocked it, and the restore's
// answer.
func restoreAs(t *testing.T, b []byte, staffID, pin string) (Paths, *keyslot.Unlocked, error) {
	t.Helper()
	bk, err := OpenBackup(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	u, err := bk.Unlock(staffID, pin)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(u.Forget)
	into := PathsIn(filepath.Join(t.TempDir(), "new machine"))
	return into, u, bk.RestoreInto(into, u, nil)
}

// assertHoldsP1 fails unless the store in p, opened with key, holds the
// person setUp saved.
func assertHoldsP1(t *testing.T, p Paths, key []byte) {
	t.Helper()
	st, err := OpenStore(p, key, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if got, ok := st.View().Person("p1"); !ok || got.GivenName != secretName {
		t.Errorf("the restored store holds %+v", got)
	}
}

// assertEmpty fails unless a refused restore left nothing in dir.
func assertEmpty(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if len(entries) > 0 {
		t.Fatalf("a refused restore left %s in %s", entries[0].Name(), dir)
	}
}

// A backup holds no name in the clear, opens with a staff PIN of the
// device it came from (a wrong PIN writes nothing), and puts back the key
// file and the records, which then open with another staff member's PIN.
func TestBackupRestoresIntoANewFolder(t *testing.T) {
	b := backupOf(t)
	if !bytes.HasPrefix(b, []byte(BackupMagic)) {
		t.Fatalf("the backup starts %q", b[:30])
	}
	if bytes.Contains(b, []byte(secretName)) {
		t.Fatal("the backup holds a person's name in the clear")
	}
	p := PathsIn(filepath.Join(t.TempDir(), "new machine"))
	bk, err := OpenBackup(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if m := bk.Members(); len(m) != 1 || m[0].ID != "s1" {
		t.Fatalf("members %+v, want the administrator only: restoring is theirs", m)
	}
	if _, err := bk.Unlock("s1", "000000"); !errors.Is(err, keyslot.ErrWrongPIN) {
		t.Fatalf("a wrong PIN: %v", err)
	}
	if _, err := bk.Unlock("s2", "482913"); !errors.Is(err, keyslot.ErrNotInLock) {
		t.Fatalf("the volunteer's PIN: %v, want ErrNotInLock", err)
	}
	assertEmpty(t, p.Dir)
	u, err := bk.Unlock("s1", "739155")
	if err != nil {
		t.Fatal(err)
	}
	if err := bk.RestoreInto(p, u, nil); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(p.Keys); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("the key file: %v %v", info, err)
	}
	kf, err := keyslot.Open(p.Keys, keyslot.Options{})
	if err != nil {
		t.Fatal(err)
	}
	vol, err := kf.Unlock("s2", "482913")
	if err != nil {
		t.Fatal(err)
	}
	assertHoldsP1(t, p, vol.Key())
}

// A damaged, cut or extended backup, or one that is not a backup at all,
// is refused with words that say so, and leaves the folder as it was; so
// does a folder that is not empty.
func TestRestoreRefusesDamageAndLeavesNothing(t *testing.T) {
	b := backupOf(t)
	kfEnd, lockEnd := headerEnds(b)
	flip := func(i int) []byte {
		c := bytes.Clone(b)
		c[i] ^= 1
		return c
	}
	for _, tc := range []struct {
		name string
		file []byte
		want string
	}{
		{"empty", nil, "not a Gather device backup"},
		{"a server backup", []byte("GATHER-SERVER-BACKUP-2\nxxxxxxxxxxxxxxxxx"), "another kind of Gather file"},
		{"cut in the magic", b[:10], "not a Gather device backup"},
		{"cut in the key file", b[:kfEnd-5], "damaged or cut short"},
		{"a byte of the staff table changed", flip(bytes.Index(b, []byte(`"Bea"`)) + 1), "damaged or cut short"},
		{"cut before the lock", b[:kfEnd], "damaged or cut short"},
		{"cut in the lock", b[:lockEnd-5], "damaged or cut short"},
		{"a byte of the lock's sealed key changed", flip(lockEnd - 10), "damaged or cut short"},
		{"cut before the records", b[:lockEnd], "damaged or cut short"},
		{"cut in the middle", b[:lockEnd+(len(b)-lockEnd)/2], "damaged or cut short"},
		{"one byte short", b[:len(b)-1], "damaged or cut short"},
		{"a byte of the records changed", flip(lockEnd + sealed.HeadSize + 40), "damaged or cut short"},
		{"a byte after the end", append(bytes.Clone(b), 0), "damaged or cut short"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := PathsIn(filepath.Join(t.TempDir(), "new"))
			err := func() error {
				bk, err := OpenBackup(bytes.NewReader(tc.file))
				if err != nil {
					return err
				}
				u, err := bk.Unlock("s1", "739155")
				if err != nil {
					return err
				}
				return bk.RestoreInto(p, u, nil)
			}()
			if err == nil {
				t.Fatal("restored")
			}
			if tc.want != "" && !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("%v; want %q", err, tc.want)
			}
			t.Logf("refused: %v", err)
			assertEmpty(t, p.Dir)
		})
	}

	p := PathsIn(t.TempDir())
	os.WriteFile(filepath.Join(p.Dir, "notes.txt"), []byte("mine"), 0o600)
	bk, err := OpenBackup(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	u, err := bk.Unlock("s1", "739155")
	if err != nil {
		t.Fatal(err)
	}
	if err := bk.RestoreInto(p, u, nil); !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("into a folder with a file in it: %v", err)
	}
	if p.IsSetUp() {
		t.Fatal("a refused restore wrote a key file")
	}
}

// TestCheckEmptyRefusesOnlyWhatARestoreClashesWith: a restore needs no key
// file and no store; records set aside (SetAsideStore) and the mark a
// wipe leaves do not stand in its way, as the window has no other folder
// to offer after "Put them aside".
func TestCheckEmptyRefusesOnlyWhatARestoreClashesWith(t *testing.T) {
	p := PathsIn(filepath.Join(t.TempDir(), "device"))
	if err := CheckEmpty(p); err != nil {
		t.Fatalf("a missing folder: %v", err)
	}
	os.MkdirAll(filepath.Join(p.Dir, "store-unreadable-20261102-101500"), 0o700)
	os.WriteFile(filepath.Join(p.Dir, "store-unreadable-20261102-101500", "MANIFEST"), []byte("old"), 0o600)
	os.WriteFile(p.Wiped, []byte("2026-11-02T10:15:00Z\n"), 0o600)
	if err := CheckEmpty(p); err != nil {
		t.Fatalf("records set aside and a wipe's mark: %v", err)
	}
	os.MkdirAll(p.Store, 0o700)
	if err := CheckEmpty(p); err != nil {
		t.Fatalf("an empty store folder: %v", err)
	}
	os.WriteFile(filepath.Join(p.Store, "MANIFEST"), []byte("x"), 0o600)
	if err := CheckEmpty(p); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("a store with files: %v", err)
	}
	os.RemoveAll(p.Store)
	os.WriteFile(p.Keys, []byte("x"), 0o600)
	if err := CheckEmpty(p); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("a key file: %v", err)
	}
	os.Remove(p.Keys)
	os.WriteFile(filepath.Join(p.Dir, "notes.txt"), []byte("x"), 0o600)
	if err := CheckEmpty(p); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("a file Gather did not leave: %v", err)
	}
}

// TestRestoreRefusedByWhatTheRecordsSay: RestoreInto's admit sees the
// restored records before the key file is written; its refusal is the
// restore's, and the folder is left empty, so another can be tried.
func TestRestoreRefusedByWhatTheRecordsSay(t *testing.T) {
	b := backupOf(t)
	p := PathsIn(filepath.Join(t.TempDir(), "new"))
	bk, err := OpenBackup(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if bk.LastAdministrator("s2") || !bk.LastAdministrator("s1") {
		t.Error("LastAdministrator does not name the backup's one administrator")
	}
	u, err := bk.Unlock("s1", "739155")
	if err != nil {
		t.Fatal(err)
	}
	refused := errors.New("not by their staff record")
	saw := false
	err = bk.RestoreInto(p, u, func(st *storage.Store) error {
		_, saw = st.View().Person("p1")
		return refused
	})
	if !errors.Is(err, refused) {
		t.Fatalf("RestoreInto: %v", err)
	}
	if !saw {
		t.Error("admit was not shown the restored records")
	}
	assertEmpty(t, p.Dir)
}

// TestVersion1BackupStillRestores: a backup made before backup keys (the
// store sealed with the data key, no lock) is restored as it always was,
// with the PIN of anyone on the device when it was made.
func TestVersion1BackupStillRestores(t *testing.T) {
	p := setUp(t)
	_, admin := unlockAdministrator(t, p)
	st, err := OpenStore(p, admin.Key(), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	keys, err := os.ReadFile(p.Keys)
	if err != nil {
		t.Fatal(err)
	}
	// As version 1 wrote it.
	var b bytes.Buffer
	b.WriteString(backupMagicV1)
	binary.Write(&b, binary.BigEndian, uint32(len(keys)))
	b.Write(keys)
	sw, err := sealed.NewWriter(&b, admin.Key(), backupLabelsV1)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Backup(sw); err != nil {
		t.Fatal(err)
	}
	if err := sw.Close(); err != nil {
		t.Fatal(err)
	}

	bk, err := OpenBackup(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if m := bk.Members(); len(m) != 1 || m[0].ID != "s1" {
		t.Fatalf("members %+v", m)
	}
	into, u, err := restoreAs(t, b.Bytes(), "s1", "739155")
	if err != nil {
		t.Fatalf("a version 1 backup: %v", err)
	}
	assertHoldsP1(t, into, u.Key())
}
