package device

import (
	"bytes"
	"testing"

	"github.com/gather-sp/gather/keyslot"
)

// FuzzOpenBackup feeds a backup's header reader arbitrary bytes (a file
// picked on first run's "Restore from a backup…"): it must never panic,
// and a backup it opens offers only staff on its key file.
func FuzzOpenBackup(f *testing.F) {
	f.Add(backupOf(f))
	f.Add([]byte(BackupMagic))
	f.Add([]byte(backupMagicV1 + "\x00\x00\x00\x02{}"))
	f.Fuzz(func(t *testing.T, b []byte) {
		bk, err := OpenBackup(bytes.NewReader(b))
		if err != nil {
			return
		}
		on, err := keyslot.MembersIn(bk.KeyFile())
		if err != nil {
			t.Fatalf("opened with a key file that does not read: %v", err)
		}
		ids := map[string]bool{}
		for _, m := range on {
			ids[m.ID] = true
		}
		for _, m := range bk.Members() {
			if !ids[m.ID] {
				t.Fatalf("offers %q, who is not on its key file", m.ID)
			}
		}
	})
}
