package device

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// TestRemovedStaffsOldPINDoesNotOpenALaterBackup: Bea (an administrator)
// is on the device when Monday's backup is made; another administrator
// then removes her PIN (or, in the second case, she changes it), records
// someone new, and makes Friday's backup. Whoever holds both files (one
// memory stick in one drawer) and Bea's old PIN puts Monday's key file,
// or Monday's key file and lock, in front of Friday's sealed records. Her
// Monday slot releases the device's one data key, but Friday's records
// are sealed with a file key sealed only to the backup keys of Friday's
// administrators: nothing of Friday's opens.
func TestRemovedStaffsOldPINDoesNotOpenALaterBackup(t *testing.T) {
	const beaPIN = "482913"
	for _, tc := range []struct {
		name   string
		change func(kf *keyslot.File, admin *keyslot.Unlocked) error
	}{
		{"removed", func(kf *keyslot.File, admin *keyslot.Unlocked) error { return kf.RemoveStaff(admin, "s2") }},
		{"her PIN changed", func(kf *keyslot.File, _ *keyslot.Unlocked) error { return kf.ChangePIN("s2", beaPIN, "905127") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := setUp(t)
			kf, admin := unlockAdministrator(t, p)
			if err := kf.AddStaff(admin, keyslot.Member{ID: "s2", Name: "Bea", Role: domain.RoleAdministrator}, beaPIN); err != nil {
				t.Fatal(err)
			}
			backup := func() []byte {
				st, err := OpenStore(p, admin.Key(), storage.Options{})
				if err != nil {
					t.Fatal(err)
				}
				defer st.Close()
				var b bytes.Buffer
				if _, _, err := WriteBackup(&b, p, st, admin.Key()); err != nil {
					t.Fatal(err)
				}
				return b.Bytes()
			}
			monday := backup()
			if u, err := mustOpen(t, monday).Unlock("s2", beaPIN); err != nil {
				t.Fatalf("Monday's backup does not open with Bea's PIN of Monday: %v", err)
			} else {
				u.Forget()
			}
			if err := tc.change(kf, admin); err != nil {
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
				t.Fatal("Friday's own key file opens with Bea's PIN from before it was made")
			}

			mondayKF, mondayLock := headerEnds(monday)
			fridayKF, fridayLock := headerEnds(friday)
			for _, splice := range []struct {
				name string
				file []byte
			}{
				{"Monday's key file, Friday's lock and records", cat(monday[:mondayKF], friday[fridayKF:])},
				{"Monday's key file and lock, Friday's records", cat(monday[:mondayLock], friday[fridayLock:])},
			} {
				t.Run(splice.name, func(t *testing.T) {
					bk, err := OpenBackup(bytes.NewReader(splice.file))
					if err != nil {
						return // refused whole
					}
					u, err := bk.Unlock("s2", beaPIN)
					if err != nil {
						return // her old PIN opens nothing of Friday's
					}
					defer u.Forget()
					into := PathsIn(filepath.Join(t.TempDir(), "bea"))
					if err := bk.RestoreInto(into, u, nil); err != nil {
						assertEmpty(t, into.Dir)
						return
					}
					got, err := OpenStore(into, u.Key(), storage.Options{})
					if err != nil {
						t.Fatalf("restored, and the store does not open: %v", err)
					}
					defer got.Close()
					e, _ := got.Entity(domain.KindPerson, "p-friday")
					t.Errorf("Bea's PIN from before Friday's backup restores it (Friday's person: %v)", e != nil)
				})
			}
		})
	}
}

func cat(a, b []byte) []byte { return append(append([]byte(nil), a...), b...) }

func mustOpen(t *testing.T, b []byte) *Backup {
	t.Helper()
	bk, err := OpenBackup(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return bk
}
