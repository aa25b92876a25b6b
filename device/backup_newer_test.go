package device

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// TestBackupFromANewerGatherIsNotCalledDamaged: a backup made by a newer
// Gather, whose key file has a field or version this one does not know
// (an installer on the new computer older than the app that made it), is
// refused in words that say so and to update Gather: "damaged… use
// another copy" would have the only copy thrown away.
func TestBackupFromANewerGatherIsNotCalledDamaged(t *testing.T) {
	b := backupOf(t)
	kfAt := len(BackupMagic) + 4
	kfEnd, _ := headerEnds(b)
	n := kfEnd - kfAt
	var kf map[string]any
	if err := json.Unmarshal(b[kfAt:kfAt+n], &kf); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		change func(map[string]any)
	}{
		{"a later version", func(m map[string]any) { m["version"] = 2 }},
		{"a field added since", func(m map[string]any) { m["recovery"] = "something new" }},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := map[string]any{}
			for k, v := range kf {
				m[k] = v
			}
			c.change(m)
			newKF, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			out.WriteString(BackupMagic)
			binary.Write(&out, binary.BigEndian, uint32(len(newKF)))
			out.Write(newKF)
			out.Write(b[kfAt+n:])
			_, err = OpenBackup(&out)
			if err == nil {
				t.Fatal("opened")
			}
			if errors.Is(err, ErrBackupDamaged) || strings.Contains(err.Error(), "damaged or cut short") {
				t.Errorf("a newer backup is called damaged: %v", err)
			}
			if !strings.Contains(err.Error(), "newer version of Gather") {
				t.Errorf("the refusal %q does not say a newer Gather made it", err)
			}
		})
	}
	t.Run("a lock a newer Gather wrote", func(t *testing.T) {
		kfEnd, lockEnd := headerEnds(b)
		var lock map[string]any
		if err := json.Unmarshal(b[kfEnd+4:lockEnd], &lock); err != nil {
			t.Fatal(err)
		}
		lock["version"] = 2
		newLock, err := json.Marshal(lock)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		out.Write(b[:kfEnd])
		binary.Write(&out, binary.BigEndian, uint32(len(newLock)))
		out.Write(newLock)
		out.Write(b[lockEnd:])
		if _, err := OpenBackup(&out); !errors.Is(err, ErrNewerBackup) {
			t.Errorf("a backup whose lock a newer Gather wrote: %v", err)
		}
	})
	t.Run("a later backup format", func(t *testing.T) {
		newer := append([]byte("GATHER-DEVICE-BACKUP-3\n"), b[len(BackupMagic):]...)
		_, err := OpenBackup(bytes.NewReader(newer))
		if !errors.Is(err, ErrNewerBackup) {
			t.Errorf("a backup of a later format: %v", err)
		}
	})
}
