package device

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/sync/client"
)

// TestOpenStoreWipesARevokedDevice: the sync client marked the store
// revoked (the server said an administrator removed the device) and the
// window was closed before it could wipe. Whatever opens the store next,
// with a right PIN, gets no records: OpenStore wipes the key file and the
// store and says why.
func TestOpenStoreWipesARevokedDevice(t *testing.T) {
	p := setUp(t)
	kf, err := keyslot.Open(p.Keys, keyslot.Options{Params: keyslot.TestParams})
	if err != nil {
		t.Fatal(err)
	}
	u, err := kf.Unlock("s1", "739155")
	if err != nil {
		t.Fatal(err)
	}
	key := append([]byte(nil), u.Key()...)
	st, err := OpenStore(p, key, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetMeta(map[string][]byte{client.MetaRevoked: []byte("1")}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	st, err = OpenStore(p, key, storage.Options{})
	if st != nil {
		st.Close()
		t.Fatal("OpenStore handed out a revoked device's records")
	}
	var rev *RevokedError
	if !errors.Is(err, ErrRevoked) || !errors.As(err, &rev) || rev.Err != nil {
		t.Fatalf("OpenStore on a revoked store: %v", err)
	}
	if want := "removed this device"; !strings.Contains(err.Error(), want) {
		t.Errorf("the error %q does not say %q", err, want)
	}
	for _, f := range []string{p.Keys, p.Store} {
		if _, err := os.Stat(f); !os.IsNotExist(err) {
			t.Errorf("%s survived (%v)", f, err)
		}
	}
	if _, wiped := WipedAt(p); !wiped || p.IsSetUp() {
		t.Errorf("after the wipe: wiped mark %v, set up %v", wiped, p.IsSetUp())
	}
	// A store that was never revoked opens as before.
	q := setUp(t)
	kf, _ = keyslot.Open(q.Keys, keyslot.Options{Params: keyslot.TestParams})
	u, _ = kf.Unlock("s1", "739155")
	if st, err := OpenStore(q, u.Key(), storage.Options{}); err != nil {
		t.Fatal(err)
	} else {
		st.Close()
	}
}
