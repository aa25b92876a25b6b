package keyslot

import (
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"runtime/debug"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/text/unicode/norm"
)

// Params are the Argon2id costs for new slots. Existing slots keep the
// parameters they were made with (stored beside them), so raising the
// defaults later only affects slots made or re-made after that.
type Params struct {
	Time      uint32 // passes over memory
	MemoryKiB uint32 // memory in KiB
	Threads   uint8  // lanes; part of the result, so stored per slot
}

// DefaultParams follow RFC 9106's second recommended option (t=3, 64 MiB),
// with two lanes for two-core tablets: about 0.14 s on a two-core server
// (BenchmarkUnwrapDefault), a few tenths of a second on a tablet, and 64 MiB
// per guess for anyone guessing on a copy of the file.
var DefaultParams = Params{Time: 3, MemoryKiB: 64 * 1024, Threads: 2}

// TestParams are deliberately cheap, for tests only. Never use them for a
// real device: a copied key file would fall to guessing in seconds.
var TestParams = Params{Time: 1, MemoryKiB: 64, Threads: 1}

func (p Params) kdf() kdfParams {
	return kdfParams{Algorithm: algArgon2id, Time: p.Time, MemoryKiB: p.MemoryKiB, Threads: p.Threads}
}

// normalisePIN makes a passphrase typed on two keyboards that compose
// accented letters differently derive the same key.
func normalisePIN(pin string) []byte { return []byte(norm.NFC.String(pin)) }

// associatedData binds a sealed key to its slot's staff id: a slot copied
// under another id fails to open.
func associatedData(staffID string) []byte {
	return append([]byte("gather keyslot v1\x00"), staffID...)
}

func deriveKEK(pin string, salt []byte, p kdfParams) []byte {
	defer releaseArgon2(p.MemoryKiB)
	return argon2.IDKey(normalisePIN(pin), salt, p.Time, p.MemoryKiB, p.Threads, chacha20poly1305.KeySize)
}

// releaseArgon2 hands the memory an Argon2id derivation of memoryKiB used
// back to the system at once. It is garbage the moment the derivation
// returns, but a device that idles after an unlock (the register open,
// nobody tapping) makes no garbage to start a collection, so 64 MiB a PIN
// stayed resident for minutes: a tablet that had just unlocked, or the
// demo's staff just added, held three times its live heap. A collection
// costs a few milliseconds beside the derivation's tenths of a second.
// Cheap test parameters are left alone.
func releaseArgon2(memoryKiB uint32) {
	if memoryKiB >= releaseAboveKiB {
		debug.FreeOSMemory()
	}
}

// releaseAboveKiB is the smallest derivation releaseArgon2 hands back.
const releaseAboveKiB = 8 << 10

// seal wraps dataKey for one staff member under their PIN, with a fresh salt
// and nonce, and gives the slot a new backup key pair (backupkey.go): a
// slot made again (a PIN changed or reset) keeps nothing of the old one.
func seal(dataKey []byte, staffID, pin string, p Params) (slotData, error) {
	s := slotData{Staff: staffID, KDF: p.kdf(), Salt: make([]byte, saltLen), Nonce: make([]byte, chacha20poly1305.NonceSizeX)}
	if err := s.KDF.validate(); err != nil {
		return slotData{}, fmt.Errorf("keyslot: Options.Params: %w", err)
	}
	if _, err := rand.Read(s.Salt); err != nil {
		return slotData{}, err
	}
	if _, err := rand.Read(s.Nonce); err != nil {
		return slotData{}, err
	}
	kek := deriveKEK(pin, s.Salt, s.KDF)
	defer wipe(kek)
	aead, err := chacha20poly1305.NewX(kek)
	if err != nil {
		return slotData{}, err
	}
	s.Wrapped = aead.Seal(nil, s.Nonce, dataKey, associatedData(staffID))
	pair, err := newBackupPair(kek, staffID)
	if err != nil {
		return slotData{}, err
	}
	s.BackupPub, s.BackupPriv = pair.Pub, pair.Priv
	return s, nil
}

// opened is what the right PIN releases from a slot.
type opened struct {
	key []byte // the data key
	// backupKey is the slot's private backup key: nil for a slot made
	// before backup keys, or when not asked for.
	backupKey []byte
	// pair is a backup key pair made for a slot that has none, or whose
	// pair does not open with its PIN, sealed under its PIN, for the
	// caller to keep (asked for with upgrade).
	pair *backupPair
}

// open unwraps a slot. It reports only whether it worked: the AEAD cannot
// tell a wrong PIN from a damaged slot, and neither should the caller.
// withBackupKey asks for the slot's private backup key too (a backup being
// restored); upgrade, for a new pair for a slot made before backup keys,
// or whose pair the PIN does not open (an unlock on the device, which can
// keep it): the table's MAC is keyed from the data key, which every PIN
// releases, so anyone on the device who can write the file could have put
// their own public key in another's slot.
func open(s *slotData, pin string, withBackupKey, upgrade bool) (opened, bool) {
	kek := deriveKEK(pin, s.Salt, s.KDF)
	defer wipe(kek)
	aead, err := chacha20poly1305.NewX(kek)
	if err != nil {
		return opened{}, false
	}
	key, err := aead.Open(nil, s.Nonce, s.Wrapped, associatedData(s.Staff))
	if err != nil || len(key) != dataKeyLen {
		return opened{}, false
	}
	o := opened{key: key}
	if !withBackupKey && !upgrade {
		return o, true
	}
	priv := openBackupKey(s, kek)
	if upgrade && priv == nil {
		if pair, err := newBackupPair(kek, s.Staff); err == nil {
			o.pair = &pair
		}
	}
	if withBackupKey {
		o.backupKey = priv
	} else {
		wipe(priv)
	}
	return o, true
}

func newDataKey() ([]byte, error) {
	k := make([]byte, dataKeyLen)
	if _, err := rand.Read(k); err != nil {
		return nil, err
	}
	return k, nil
}

func macEqual(a, b []byte) bool { return subtle.ConstantTimeCompare(a, b) == 1 }

// wipe zeroes key material we are done with. Go may have copied it
// elsewhere already; this only shortens how long it lingers.
func wipe(b []byte) {
	for i := range b {
		b[i] = 0
	}
}
