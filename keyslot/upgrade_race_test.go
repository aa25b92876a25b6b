package keyslot

import (
	"os"
	"sync"
	"testing"
)

// TestConcurrentUnlocksKeepEveryUpgrade: slots from before backup keys
// unlocked at once (the same one twice, and another) each end with one
// pair their PIN opens, and the table still signs for everyone.
func TestConcurrentUnlocksKeepEveryUpgrade(t *testing.T) {
	path, _, adm, clock := setup(t)
	withoutBackupKeys(t, path, adm.Key())
	f, err := Open(path, testOptions(clock))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i, c := range []struct{ id, pin string }{{admin.ID, adminPIN}, {admin.ID, adminPIN}, {volunteer.ID, volunteerPIN}, {volunteer.ID, volunteerPIN}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = f.Unlock(c.id, c.pin)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Logf("unlock %d: %v", i, err) // a delay after a counted attempt may refuse one
		}
	}
	kf, _ := os.ReadFile(path)
	for _, c := range []struct{ id, pin string }{{admin.ID, adminPIN}, {volunteer.ID, volunteerPIN}} {
		u, err := UnlockCopy(kf, c.id, c.pin)
		if err != nil {
			t.Fatalf("%s after concurrent unlocks: %v", c.id, err)
		}
		if len(u.backupKey) == 0 {
			t.Errorf("%s has no backup key their PIN opens", c.id)
		}
	}
}
