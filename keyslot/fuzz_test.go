package keyslot

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// FuzzDecodeKeyFile feeds the key-file decoder arbitrary bytes: it must
// never panic, and whatever it accepts must survive a round trip and be
// within the bounds the rest of the package relies on.
func FuzzDecodeKeyFile(f *testing.F) {
	dir := f.TempDir()
	path := filepath.Join(dir, "keys.json")
	clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	kf, adm, err := Create(path, admin, adminPIN, testOptions(clock))
	if err != nil {
		f.Fatal(err)
	}
	kf.AddStaff(adm, volunteer, volunteerPIN)
	kf.Unlock(volunteer.ID, "000001")
	valid, _ := os.ReadFile(path)
	f.Add(valid)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"format":"gather-keyslot","version":1,"slots":[]}`))
	f.Add(bytes.Replace(valid, []byte(`"m": 64`), []byte(`"m": 4294967295`), 1))
	f.Add(bytes.Replace(valid, []byte(`"failures": 1`), []byte(`"failures": -1`), 1))
	f.Add(append(append([]byte(nil), valid...), '{'))
	f.Fuzz(func(t *testing.T, b []byte) {
		data, err := decode(b)
		if err != nil {
			if data != nil {
				t.Fatal("data returned with an error")
			}
			return
		}
		for _, s := range data.Slots {
			if s.KDF.MemoryKiB > maxMemoryKiB || s.KDF.Time > maxTime || s.KDF.Threads > maxThreads ||
				len(s.Wrapped) != 48 || s.Failures < 0 || !knownRole(s.Role) {
				t.Fatalf("decode accepted an out-of-bounds slot: %+v", s)
			}
		}
		out, err := encode(data)
		if err != nil {
			t.Fatal(err)
		}
		again, err := decode(out)
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if !reflect.DeepEqual(normaliseTimes(data), normaliseTimes(again)) {
			t.Fatalf("round trip changed the file")
		}
	})
}

func normaliseTimes(f *fileData) *fileData {
	for i := range f.Slots {
		f.Slots[i].LastFailure = f.Slots[i].LastFailure.UTC().Round(0)
		if f.Slots[i].Salt == nil {
			f.Slots[i].Salt = []byte{}
		}
	}
	return f
}

// FuzzBackupLock feeds a backup's lock decoder arbitrary bytes: it must
// never panic, and a lock it accepts names each holder once, within the
// bounds OpenFileKey relies on.
func FuzzBackupLock(f *testing.F) {
	path := filepath.Join(f.TempDir(), "keys.json")
	clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	_, adm, err := Create(path, admin, adminPIN, testOptions(clock))
	if err != nil {
		f.Fatal(err)
	}
	kf, _ := os.ReadFile(path)
	fk, err := SealFileKey(kf, adm.Key(), func(string) bool { return true })
	if err != nil {
		f.Fatal(err)
	}
	f.Add(fk.Lock)
	f.Add([]byte(`{"format":"gather-backup-lock","version":1,"entries":[]}`))
	f.Add(bytes.Replace(fk.Lock, []byte(`"version":1`), []byte(`"version":1,"x":1`), 1))
	f.Fuzz(func(t *testing.T, b []byte) {
		ids, err := LockHolders(b)
		if err != nil {
			if ids != nil {
				t.Fatal("holders returned with an error")
			}
			return
		}
		seen := map[string]bool{}
		for _, id := range ids {
			if id == "" || len(id) > maxIDLen || seen[id] {
				t.Fatalf("accepted holder %q", id)
			}
			seen[id] = true
		}
		if _, err := adm.OpenFileKey(b); err != nil && !errors.Is(err, ErrNotInLock) {
			t.Fatalf("an accepted lock fails to open with %v", err)
		}
	})
}
