package badgerstore

import (
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gather-sp/gather/sync/server"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/internal/diskscan"
)

// The secrets the at-rest tests write and then look for in the files.
var (
	atRestName = "Zebedee-Quintrell"
	atRestNHS  = "943 476 5919"
	atRestNote = "lives-alone-since-the-flood"
)

// storeWithPerson makes a store in dir (with key, or plain) holding one
// person, and closes it.
func storeWithPerson(t *testing.T, dir string, key []byte) {
	t.Helper()
	s, err := OpenStore(dir, Options{EncryptionKey: key}, server.StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	add, flush := officePusher(t, s)
	add(domain.KindPerson, "zeb", map[string]string{"given_name": atRestName, "nhs_number": atRestNHS, "notes": atRestNote})
	flush()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

func checkPerson(t *testing.T, dir string, key []byte) {
	t.Helper()
	s, err := OpenStore(dir, Options{EncryptionKey: key}, server.StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	e, err := s.Entity(domain.KindPerson, "zeb")
	if err != nil {
		t.Fatal(err)
	}
	if v := e.Values(); v["given_name"] != atRestName || v["nhs_number"] != atRestNHS {
		t.Fatalf("the person after reopening: %v", v)
	}
}

// A store opened with a key holds no name, NHS number or note in any of its
// files; the same store made without a key does (so the scan can fail).
func TestStoreIsEncryptedAtRest(t *testing.T) {
	for _, tc := range []struct {
		name      string
		key       []byte
		wantPlain bool
	}{
		{"without a key the files hold the person", nil, true},
		{"with a key the files hold nothing readable", NewKey(), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			storeWithPerson(t, dir, tc.key)
			found, err := diskscan.Find(dir, atRestName, atRestNHS, atRestNote)
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantPlain && len(found) == 0 {
				t.Fatal("a plain store holds no name: the scan proves nothing")
			}
			if !tc.wantPlain && len(found) > 0 {
				t.Fatalf("the encrypted store's files hold %v", found)
			}
			want := PlainStore
			if tc.key != nil {
				want = EncryptedStore
			}
			if got, err := StoreEncryption(dir); err != nil || got != want {
				t.Fatalf("StoreEncryption = %v, %v; want %v", got, err, want)
			}
			checkPerson(t, dir, tc.key)
		})
	}
}

// An encrypted store opens with its key only, and says which key is
// missing or wrong; a plain store refuses a key rather than half-encrypting.
func TestStoreKeyIsCheckedInWords(t *testing.T) {
	key := NewKey()
	enc := t.TempDir()
	storeWithPerson(t, enc, key)
	plain := t.TempDir()
	storeWithPerson(t, plain, nil)
	for _, tc := range []struct {
		name string
		dir  string
		key  []byte
		want error
		text string
	}{
		{"no key", enc, nil, ErrKeyNeeded, "give its key with --key-file or GATHER_SERVER_KEY"},
		{"wrong key", enc, NewKey(), ErrWrongKey, "the key does not open this store"},
		{"short key", enc, key[:16], nil, "must be 32 bytes"},
		{"key on a plain store", plain, key, ErrNotEncrypted, "not encrypted"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := OpenStore(tc.dir, Options{EncryptionKey: tc.key}, server.StoreOptions{})
			if err == nil {
				s.Close()
				t.Fatal("the store opened")
			}
			if tc.want != nil && !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
				t.Fatalf("error %q; want %v containing %q", err, tc.want, tc.text)
			}
		})
	}
	checkPerson(t, enc, key) // and nothing above harmed it
}

func backupOf(t *testing.T, dir string, key []byte) []byte {
	t.Helper()
	s, err := OpenStore(dir, Options{EncryptionKey: key}, server.StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var b bytes.Buffer
	if err := s.Backup(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A backup of an encrypted store is sealed: it holds no name, restores
// only with the key into an encrypted store that has the person, and is
// refused when cut short, changed or extended.
func TestBackupIsSealedAndRoundTrips(t *testing.T) {
	key := NewKey()
	src := t.TempDir()
	storeWithPerson(t, src, key)
	sealed := backupOf(t, src, key)
	if !bytes.HasPrefix(sealed, []byte(EncryptedBackupMagic)) {
		t.Fatalf("the backup starts %q", sealed[:min(len(sealed), 30)])
	}
	for _, secret := range []string{atRestName, atRestNHS, atRestNote} {
		if bytes.Contains(sealed, []byte(secret)) {
			t.Fatalf("the sealed backup holds %q", secret)
		}
	}
	plainSrc := t.TempDir()
	storeWithPerson(t, plainSrc, nil)
	plain := backupOf(t, plainSrc, nil)
	if !bytes.Contains(plain, []byte(atRestName)) {
		t.Fatal("a plain backup holds no name: the check above proves nothing")
	}

	flipped := bytes.Clone(sealed)
	flipped[len(flipped)/2] ^= 1
	lastFlag := bytes.Clone(sealed) // the first frame's "last" mark turned over
	lastFlag[len(EncryptedBackupMagic)+backupSaltSize+backupCheckSize] ^= 0x80
	for _, tc := range []struct {
		name   string
		backup []byte
		key    []byte
		err    string // "" restores
	}{
		{"sealed, with its key", sealed, key, ""},
		{"plain, restored encrypted", plain, key, ""},
		{"sealed, no key", sealed, nil, "this backup is encrypted: give its key"},
		{"sealed, wrong key", sealed, NewKey(), "the key does not open this backup"},
		{"cut short by one byte", sealed[:len(sealed)-1], key, "cut short"},
		{"cut at a frame", sealed[:len(EncryptedBackupMagic)+backupSaltSize+backupCheckSize], key, "cut short"},
		{"cut inside the header", sealed[:len(EncryptedBackupMagic)+10], key, "cut short"},
		{"a byte changed", flipped, key, "cut short or damaged"},
		{"first frame's last mark turned over", lastFlag, key, "cut short or damaged"},
		{"bytes after the end", append(bytes.Clone(sealed), 0), key, "bytes after its end"},
		{"not a backup", []byte("hello, world, this is not it\n"), key, "not a gather-server backup"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dst := t.TempDir()
			err := Restore(dst, bytes.NewReader(tc.backup), Options{EncryptionKey: tc.key})
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("restore: %v; want an error containing %q", err, tc.err)
				}
				t.Logf("refused: %v", err)
				if st, _ := StoreEncryption(dst); st != NoStore {
					t.Fatal("a refused restore left a store behind")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if st, err := StoreEncryption(dst); err != nil || st != EncryptedStore {
				t.Fatalf("the restored store is %v (%v), want encrypted", st, err)
			}
			if found, _ := diskscan.Find(dst, atRestName, atRestNHS, atRestNote); len(found) > 0 {
				t.Fatalf("the restored store's files hold %v", found)
			}
			if _, err := OpenStore(dst, Options{}, server.StoreOptions{}); !errors.Is(err, ErrKeyNeeded) {
				t.Fatalf("the restored store without its key: %v", err)
			}
			checkPerson(t, dst, tc.key)
		})
	}
}

// A backup larger than one chunk seals and opens whole.
func TestSealedStreamChunks(t *testing.T) {
	key := NewKey()
	for _, size := range []int{0, 1, backupChunk - 1, backupChunk, backupChunk + 1, 3*backupChunk + 17} {
		data := bytes.Repeat([]byte("0123456789abcdef"), size/16+1)[:size]
		var b bytes.Buffer
		sw, err := newSealWriter(&b, key)
		if err != nil {
			t.Fatal(err)
		}
		for rest := data; len(rest) > 0; {
			n := min(len(rest), 1000)
			if _, err := sw.Write(rest[:n]); err != nil {
				t.Fatal(err)
			}
			rest = rest[n:]
		}
		if err := sw.Close(); err != nil {
			t.Fatal(err)
		}
		r := bytes.NewReader(b.Bytes()[len(EncryptedBackupMagic):])
		or, err := newOpenReader(r, key)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if _, err := got.ReadFrom(or); err != nil {
			t.Fatalf("size %d: %v", size, err)
		}
		if !bytes.Equal(got.Bytes(), data) {
			t.Fatalf("size %d: %d bytes back", size, got.Len())
		}
		// Cut after a whole frame, the stream is refused, not taken as ended.
		if frame := len(EncryptedBackupMagic) + backupSaltSize + backupCheckSize + 4 + backupChunk + 16; b.Len() > frame {
			or, err := newOpenReader(bytes.NewReader(b.Bytes()[len(EncryptedBackupMagic):frame]), key)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := got.ReadFrom(or); !errors.Is(err, ErrBackupCut) {
				t.Fatalf("size %d cut after its first frame: %v", size, err)
			}
		}
	}
}

// Rotating the key re-seals the store: the old key no longer opens it.
func TestRotateKey(t *testing.T) {
	old, next := NewKey(), NewKey()
	dir := t.TempDir()
	storeWithPerson(t, dir, old)
	if err := RotateKey(dir, old, next); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenStore(dir, Options{EncryptionKey: old}, server.StoreOptions{}); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("the old key after rotation: %v", err)
	}
	checkPerson(t, dir, next)
	if err := RotateKey(dir, old, NewKey()); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("rotating with a wrong old key: %v", err)
	}
}

func TestKeyFiles(t *testing.T) {
	dir := t.TempDir()
	key := NewKey()
	path := filepath.Join(dir, "server.key")
	if err := WriteKeyFile(path, key); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v", info.Mode())
	}
	if err := WriteKeyFile(path, NewKey()); err == nil || !strings.Contains(err.Error(), "never overwritten") {
		t.Fatalf("overwriting a key file: %v", err)
	}
	raw := filepath.Join(dir, "raw.key")
	os.WriteFile(raw, key, 0o600)
	open := filepath.Join(dir, "open.key")
	os.WriteFile(open, []byte(hex.EncodeToString(key)), 0o644)
	short := filepath.Join(dir, "short.key")
	os.WriteFile(short, []byte("abcd\n"), 0o600)
	for _, tc := range []struct {
		path, err string
	}{
		{path, ""},
		{raw, ""},
		{open, "can be read by other users"},
		{short, "64 hexadecimal characters"},
		{filepath.Join(dir, "missing.key"), "no such file"},
	} {
		got, err := ReadKeyFile(tc.path)
		if tc.err == "" {
			if err != nil || !bytes.Equal(got, key) {
				t.Errorf("%s: %x, %v", filepath.Base(tc.path), got, err)
			}
		} else if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: %v; want %q", filepath.Base(tc.path), err, tc.err)
		}
	}
}

// halfwayReader reads r, calling at once when half of its n bytes are read.
type halfwayReader struct {
	r    io.Reader
	n    int
	read int
	at   func()
}

func (h *halfwayReader) Read(p []byte) (int, error) {
	p = p[:min(len(p), 1024)]
	k, err := h.r.Read(p)
	if h.read < h.n/2 && h.read+k >= h.n/2 {
		h.at()
	}
	h.read += k
	return k, err
}

// TestRestoreKilledPartWayLeavesNothingToServe: while a restore loads, the
// data folder holds no store (a kill then leaves nothing serve would open),
// and the next restore clears what the killed one left and succeeds.
// Before, the restore loaded into the data folder's db in place: killed
// half-way, it left a partial store that serve opened and a rerun refused.
func TestRestoreKilledPartWayLeavesNothingToServe(t *testing.T) {
	key := NewKey()
	src := t.TempDir()
	storeWithPerson(t, src, key)
	backup := backupOf(t, src, key)
	dst := t.TempDir()
	// What a restore killed part-way leaves.
	if err := os.MkdirAll(filepath.Join(dst, "db.restoring"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dst, "db.restoring", "000001.vlog"), []byte("half"), 0o600); err != nil {
		t.Fatal(err)
	}
	checked := false
	r := &halfwayReader{r: bytes.NewReader(backup), n: len(backup), at: func() {
		checked = true
		if st, err := StoreEncryption(dst); err != nil || st != NoStore {
			t.Errorf("half-way through the restore the data folder holds a store (%v, %v): killed now, serve would open it", st, err)
		}
	}}
	if err := Restore(dst, r, Options{EncryptionKey: key}); err != nil {
		t.Fatal(err)
	}
	if !checked {
		t.Fatal("the restore never reached half-way")
	}
	if _, err := os.Stat(filepath.Join(dst, "db.restoring")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the restore left its working folder: %v", err)
	}
	checkPerson(t, dst, key)
}
