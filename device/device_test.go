package device

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

const secretName = "Philippa Quartermaine"

// setUp makes a key file and an encrypted store holding one person.
func setUp(t testing.TB) Paths {
	t.Helper()
	p := PathsIn(t.TempDir())
	if p.IsSetUp() {
		t.Fatal("a fresh folder says it is set up")
	}
	_, u, err := keyslot.Create(p.Keys, keyslot.Member{ID: "s1", Name: "Ada", Role: domain.RoleAdministrator}, "739155",
		keyslot.Options{Params: keyslot.TestParams})
	if err != nil {
		t.Fatal(err)
	}
	st, err := OpenStore(p, u.Key(), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Save("s1", record.Change{Kind: domain.KindPerson, ID: "p1", Fields: map[string]string{"given_name": secretName}}); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOpenStoreIsEncrypted(t *testing.T) {
	p := setUp(t)
	if !p.IsSetUp() {
		t.Fatal("a folder with a key file says it is not set up")
	}
	filepath.WalkDir(p.Dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := os.ReadFile(path)
		if bytes.Contains(b, []byte(secretName)) {
			t.Errorf("%s holds a person's name in the clear", path)
		}
		return nil
	})
	kf, err := keyslot.Open(p.Keys, keyslot.Options{Params: keyslot.TestParams})
	if err != nil {
		t.Fatal(err)
	}
	u, err := kf.Unlock("s1", "739155")
	if err != nil {
		t.Fatal(err)
	}
	st, err := OpenStore(p, u.Key(), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if got, ok := st.View().Person("p1"); !ok || got.GivenName != secretName {
		t.Errorf("reopened store holds %+v", got)
	}
}

func TestOpenStoreWithoutKey(t *testing.T) {
	p := setUp(t)
	for _, key := range [][]byte{nil, make([]byte, 16)} {
		if st, err := OpenStore(p, key, storage.Options{}); err == nil {
			st.Close()
			t.Errorf("opened with a %d-byte key", len(key))
		}
	}
	wrong := bytes.Repeat([]byte{7}, 32)
	st, err := OpenStore(p, wrong, storage.Options{})
	if err == nil {
		st.Close()
		t.Fatal("opened with the wrong key")
	}
	if bytes.Contains([]byte(err.Error()), []byte(secretName)) {
		t.Errorf("the error leaks a name: %v", err)
	}
}

func TestWipe(t *testing.T) {
	p := setUp(t)
	if _, ok := WipedAt(p); ok {
		t.Fatal("a device that was never wiped says it was")
	}
	at := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	if err := Wipe(p, at); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{p.Keys, p.Store} {
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Errorf("%s still exists after the wipe (%v)", path, err)
		}
	}
	if p.IsSetUp() {
		t.Error("a wiped device says it is set up")
	}
	got, ok := WipedAt(p)
	if !ok || !got.Equal(at) {
		t.Errorf("WipedAt = %v, %v; want %v", got, ok, at)
	}
	if err := ClearWiped(p); err != nil {
		t.Fatal(err)
	}
	if _, ok := WipedAt(p); ok {
		t.Error("the wipe is still reported after ClearWiped")
	}
	if err := ClearWiped(p); err != nil {
		t.Errorf("clearing twice: %v", err)
	}
}

func TestOrphanStoreSetAside(t *testing.T) {
	p := setUp(t)
	if HasOrphanStore(p) {
		t.Fatal("a set-up device's store is called orphaned")
	}
	if err := Abandon(p); err != nil {
		t.Fatal(err)
	}
	if p.IsSetUp() || !HasOrphanStore(p) {
		t.Fatalf("after losing the key: set up %v, orphan %v", p.IsSetUp(), HasOrphanStore(p))
	}
	to, err := SetAsideStore(p, time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if HasOrphanStore(p) {
		t.Error("still orphaned after setting the store aside")
	}
	if entries, err := os.ReadDir(to); err != nil || len(entries) == 0 {
		t.Errorf("the old records are not kept at %s: %v", to, err)
	}
}
