package device

import (
	"bytes"
	"encoding/binary"
	"path/filepath"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// TestRemovedStaffsOldPINDoesNotOpenALaterBackup: Bea (a volunteer) is on
// the device when Monday's backup is made; an administrator then removes
// her PIN, records someone new, and makes Friday's backup. Whoever holds
// both files (one memory stick in one drawer) and Bea's old PIN puts
// Monday's key file in front of Friday's sealed records: the data key
// her slot there releases is the device's one data key, which Friday's
// records are sealed with too, so Friday's records (made after she was
// removed) open. The key file and the records carry no bond but that key.
func TestRemovedStaffsOldPINDoesNotOpenALaterBackup(t *testing.T) {
	t.Skip("not covered (docs/security.md): a device has one data key for good, so a PIN removed from the device still " +
		"opens every later backup, given an earlier key file (an earlier backup's); a fix is a new data key when " +
		"someone is removed (Badger's key registry sealed again, every slot wrapped again, backups sealed with it)")
	p := setUp(t)
	kf, err := keyslot.Open(p.Keys, keyslot.Options{Params: keyslot.TestParams})
	if err != nil {
		t.Fatal(err)
	}
	admin, err := kf.Unlock("s1", "739155")
	if err != nil {
		t.Fatal(err)
	}
	const beaPIN = "482913"
	if err := kf.AddStaff(admin, keyslot.Member{ID: "s2", Name: "Bea", Role: domain.RoleVolunteer}, beaPIN); err != nil {
		t.Fatal(err)
	}
	backup := func() []byte {
		st, err := OpenStore(p, admin.Key(), storage.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		var b bytes.Buffer
		if err := WriteBackup(&b, p, st, admin.Key()); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	monday := backup()
	if err := kf.RemoveStaff(admin, "s2"); err != nil {
		t.Fatal(err)
	}
	st, err := OpenStore(p, admin.Key(), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Save("s1", record.Change{Kind: domain.KindPerson, ID: "p-friday", Fields: map[string]string{"given_name": "Friday"}}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	friday := backup()
	if _, err := mustOpen(t, friday).Unlock("s2", beaPIN); err == nil {
		t.Fatal("Friday's own key file opens with a PIN removed before it was made")
	}

	// Monday's header and key file, Friday's sealed records.
	head := func(b []byte) int { return len(BackupMagic) + 4 + int(binary.BigEndian.Uint32(b[len(BackupMagic):])) }
	spliced := append(append([]byte{}, monday[:head(monday)]...), friday[head(friday):]...)
	bk := mustOpen(t, spliced)
	u, err := bk.Unlock("s2", beaPIN)
	if err != nil {
		return // her old PIN opens nothing of Friday's
	}
	defer u.Forget()
	into := PathsIn(filepath.Join(t.TempDir(), "bea"))
	if err := bk.RestoreInto(into, u, nil); err != nil {
		return
	}
	got, err := OpenStore(into, u.Key(), storage.Options{})
	if err != nil {
		return
	}
	defer got.Close()
	if e, _ := got.Entity(domain.KindPerson, "p-friday"); e != nil && len(e.Fields) > 0 {
		t.Errorf("Bea's PIN, removed before Friday's backup, reads who was recorded in it: %s", e.Get("given_name"))
	}
}

func mustOpen(t *testing.T, b []byte) *Backup {
	t.Helper()
	bk, err := OpenBackup(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return bk
}
