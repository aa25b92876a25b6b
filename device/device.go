package device

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/sync/client"
)

// Paths are the files of one device's data folder.
type Paths struct {
	Dir   string // the data folder
	Keys  string // the key file
	Store string // Badger's folder
	Wiped string // marker left by Wipe
}

// PathsIn lays out the data folder dir.
func PathsIn(dir string) Paths {
	return Paths{Dir: dir, Keys: filepath.Join(dir, keyslot.FileName),
		Store: filepath.Join(dir, "store"), Wiped: filepath.Join(dir, "wiped")}
}

// IsSetUp reports whether the device has a key file, so the app knows
// whether to show first-time setup or the unlock screen.
func (p Paths) IsSetUp() bool { return keyslot.Exists(p.Keys) }

// OpenStore opens the device's store, encrypted with key (the data key a
// keyslot.Unlocked gives). The folder is created private to the user.
//
// It is the one way in to the records, for the window and every command,
// and it keeps the one rule about revocation: a store the sync client has
// marked revoked (client.MetaRevoked: the server said an administrator
// removed this device) is never handed out, unless it was restored from a
// backup and has not synced since (client.MustWipe says why). It is closed
// and wiped (Wipe) here, and OpenStore returns a *RevokedError, which says
// so in words.
func OpenStore(p Paths, key []byte, opts storage.Options) (*storage.Store, error) {
	if len(key) != 32 {
		return nil, errors.New("device: no data key; unlock with a PIN first")
	}
	if err := os.MkdirAll(p.Store, 0o700); err != nil {
		return nil, fmt.Errorf("cannot make the records folder %s: %w", p.Store, err)
	}
	opts.EncryptionKey = key
	st, err := storage.Open(p.Store, opts)
	if errors.Is(err, storage.ErrLocked) {
		return nil, fmt.Errorf("%w (records in %s); use that window", ErrAlreadyOpen, p.Dir)
	}
	if err != nil {
		return nil, err
	}
	wipe, err := client.MustWipe(st)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("cannot read the records in %s: %w", p.Store, err)
	}
	if !wipe {
		return st, nil
	}
	st.Close()
	at := time.Now()
	return nil, &RevokedError{At: at, Err: Wipe(p, at)}
}

// ErrAlreadyOpen is what OpenStore says when another Gather has the
// store open.
var ErrAlreadyOpen = errors.New("Gather is already open on this device")

// ErrRevoked is what a *RevokedError is: errors.Is(err, ErrRevoked).
var ErrRevoked = errors.New("device: revoked")

// RevokedError says that an administrator removed this device and that
// its records were wiped when something tried to open them.
type RevokedError struct {
	At  time.Time
	Err error // non-nil when the wipe could not delete every file
}

func (e *RevokedError) Error() string {
	msg := "an administrator removed this device from your organisation's Gather, so everything Gather kept on it has been wiped and nobody can read it; to use it again, set it up afresh with a new connection code"
	if e.Err != nil {
		msg += " (the key that opened the records is destroyed, but some files could not be deleted: " + e.Err.Error() + ")"
	}
	return msg
}

func (e *RevokedError) Is(target error) bool { return target == ErrRevoked }

// Wipe destroys the device's records after it was revoked: the key file
// first (overwritten, then deleted), so that whatever the file system
// keeps of the store afterwards cannot be read; then the store folder.
// It leaves a marker saying when, for the next start to explain. The store
// must be closed.
func Wipe(p Paths, at time.Time) error {
	if err := keyslot.Destroy(p.Keys); err != nil {
		return err
	}
	if err := os.RemoveAll(p.Store); err != nil {
		return fmt.Errorf("the key is destroyed, so the records cannot be read, but their files were not all deleted (%v): delete %s", err, p.Store)
	}
	return os.WriteFile(p.Wiped, []byte(at.UTC().Format(time.RFC3339)+"\n"), 0o600)
}

// WipedAt reports when the device was wiped, if it was and has not been
// set up again since.
func WipedAt(p Paths) (time.Time, bool) {
	b, err := os.ReadFile(p.Wiped)
	if err != nil {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(string(b)))
	return t, err == nil
}

// ClearWiped forgets a wipe once the person has read about it and sets the
// device up again.
func ClearWiped(p Paths) error {
	if err := os.Remove(p.Wiped); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// HasOrphanStore reports whether the store folder holds files although
// there is no key file: records from an earlier set-up whose key is gone
// (deleted, or a wipe that could not remove every file). Nobody can read
// them, and a new key cannot open them.
func HasOrphanStore(p Paths) bool {
	if p.IsSetUp() {
		return false
	}
	entries, err := os.ReadDir(p.Store)
	return err == nil && len(entries) > 0
}

// SetAsideStore moves the store folder out of the way (to store-unreadable-
// TIME beside it), so the device can be set up afresh without destroying
// anything, and returns where it went.
func SetAsideStore(p Paths, at time.Time) (string, error) {
	to := filepath.Join(p.Dir, setAsidePrefix+at.UTC().Format("20060102-150405"))
	if err := os.Rename(p.Store, to); err != nil {
		return "", fmt.Errorf("cannot move the old records folder aside: %w", err)
	}
	return to, nil
}

// setAsidePrefix begins the name of a store folder set aside.
const setAsidePrefix = "store-unreadable-"

// Abandon undoes a set-up whose store could not be made: the key file goes,
// so the next start offers set-up again instead of an unlock screen that
// can never open anything.
func Abandon(p Paths) error { return keyslot.Destroy(p.Keys) }
