package keyslot

import (
	"path/filepath"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestUnlockHandsArgon2sMemoryBack: an unlock with the real parameters
// leaves no more than a few MiB of the derivation's 64 MiB held by the
// process, though nothing allocates after it (a tablet idling on the
// register after a PIN): before, the 64 MiB stayed resident until the
// runtime's two-minute collection and its scavenger got round to it.
func TestUnlockHandsArgon2sMemoryBack(t *testing.T) {
	if testing.Short() {
		t.Skip("derives keys with the real Argon2id parameters (64 MiB)")
	}
	defer debug.SetGCPercent(debug.SetGCPercent(50)) // as a device runs
	clock := &fakeClock{t: time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC)}
	path := filepath.Join(t.TempDir(), "keys.json")
	f, adm, err := Create(path, admin, adminPIN, Options{Params: DefaultParams, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	adm.Forget()
	debug.FreeOSMemory()
	u, err := f.Unlock(admin.ID, adminPIN)
	if err != nil {
		t.Fatal(err)
	}
	defer u.Forget()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	// The heap the process holds and has not handed back, live or not:
	// resident until a collection frees it and the scavenger returns it.
	if held := m.HeapSys - m.HeapReleased; held > 32<<20 {
		t.Errorf("after an unlock the process holds %d MiB of heap (Argon2id's is %d MiB; live %d MiB)",
			held>>20, DefaultParams.MemoryKiB>>10, m.HeapAlloc>>20)
	}
}
