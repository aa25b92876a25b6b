package device

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"

	"golang.org/x/crypto/nacl/box"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/internal/sealed"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// TestBackupForgedWithoutAPINIsRefused: whoever holds a backup but no PIN
// knows everything a lock needs (an administrator's backup public key is
// in the key file in the clear). They keep the key file, seal a file key
// of their own to the administrator and, under it, records of their own;
// the administrator restores it with their PIN, and a store the attacker
// wrote (staff records, the server it syncs with) would become the device.
// A version 1 backup needed the data key to seal records: so must this.
func TestBackupForgedWithoutAPINIsRefused(t *testing.T) {
	b := backupOf(t)
	kfEnd, _ := headerEnds(b)

	// The attacker's records, as plain as Store.Backup writes any.
	st, err := storage.Open(filepath.Join(t.TempDir(), "theirs"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Save("s1", record.Change{Kind: domain.KindPerson, ID: "p-forged", Fields: map[string]string{"given_name": "Forged"}}); err != nil {
		t.Fatal(err)
	}
	var records bytes.Buffer
	if err := st.Backup(&records); err != nil {
		t.Fatal(err)
	}
	st.Close()

	// A lock sealed to the administrator's backup key, from the key file.
	var kf struct {
		Slots []struct {
			Staff     string `json:"staff"`
			BackupPub []byte `json:"backup_pub"`
		} `json:"slots"`
	}
	if err := json.Unmarshal(b[len(BackupMagic)+4:kfEnd], &kf); err != nil {
		t.Fatal(err)
	}
	var pub *[32]byte
	for _, s := range kf.Slots {
		if s.Staff == "s1" {
			pub = (*[32]byte)(s.BackupPub)
		}
	}
	fileKey := make([]byte, 32)
	rand.Read(fileKey)
	sealedKey, err := box.SealAnonymous(nil, fileKey, pub, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	lock, err := json.Marshal(map[string]any{"format": "gather-backup-lock", "version": 1,
		"entries": []map[string]any{{"staff": "s1", "sealed": sealedKey}}})
	if err != nil {
		t.Fatal(err)
	}
	head := binary.BigEndian.AppendUint32(bytes.Clone(b[:kfEnd]), uint32(len(lock)))
	head = append(head, lock...)

	guessedDataKey := make([]byte, 32)
	rand.Read(guessedDataKey)
	guessed, err := recordsKey(fileKey, guessedDataKey, head)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		key  []byte
	}{
		{"sealed with the file key", fileKey},
		{"sealed with the file key and a guessed data key", guessed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			forged := bytes.NewBuffer(bytes.Clone(head))
			sw, err := sealed.NewWriter(forged, tc.key, backupLabels)
			if err != nil {
				t.Fatal(err)
			}
			sw.Write(records.Bytes())
			if err := sw.Close(); err != nil {
				t.Fatal(err)
			}
			into, _, err := restoreAs(t, forged.Bytes(), "s1", "739155")
			if !errors.Is(err, ErrBackupDamaged) {
				t.Fatalf("the administrator restores a backup someone without a PIN sealed: %v", err)
			}
			assertEmpty(t, into.Dir)
		})
	}
}

// TestBackupsHeaderIsBoundToItsRecords: the key file and lock of one
// backup in front of another's records (both of the same device, both
// opening with the same PIN) is refused as damaged, so what a restore
// puts back is one backup, never parts of two.
func TestBackupsHeaderIsBoundToItsRecords(t *testing.T) {
	b := backupOf(t)
	kfEnd, _ := headerEnds(b)
	// The same lock, with a failure counter (outside the table's MAC) set
	// in the key file: the restored key file would not be the one backed
	// up.
	kf := bytes.Replace(b[len(BackupMagic)+4:kfEnd], []byte(`"staff": "s2",`), []byte(`"staff": "s2", "failures": 3,`), 1)
	if len(kf) == kfEnd-len(BackupMagic)-4 {
		t.Fatal("the key file was not changed")
	}
	edited := binary.BigEndian.AppendUint32([]byte(BackupMagic), uint32(len(kf)))
	edited = append(append(edited, kf...), b[kfEnd:]...)
	into, _, err := restoreAs(t, edited, "s1", "739155")
	if !errors.Is(err, ErrBackupDamaged) {
		t.Fatalf("a backup whose key file was changed after it was made: %v", err)
	}
	assertEmpty(t, into.Dir)
}
