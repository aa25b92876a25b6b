package badgerstore

// At rest: the server store and its backup files are encrypted with one
// 32-byte key (AES-256) that the operator keeps apart from the data.
//
//   - The store is Badger's own encryption: the key seals Badger's data keys
//     (in db/KEYREGISTRY), and the data keys encrypt every table and log.
//   - A backup is Badger's backup stream (plain, even for an encrypted
//     store) sealed with AES-256-GCM in chunks of 64 KiB (internal/sealed), under a key
//     derived from the store key and a random salt for that file (HKDF). Each
//     chunk's nonce is its number and whether it is the last, so a file cut
//     short, reordered or extended is refused, and memory stays bounded
//     however large the store.
//
// The key is never stored by this package; cmd/gather-server reads it from
// a key file or GATHER_SERVER_KEY. See docs/security.md, "At rest on the
// server".

import (
	"bytes"
	"crypto/aes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/gather-sp/gather/internal/durable"
	"github.com/gather-sp/gather/internal/sealed"
)

// KeySize is the length of the server's at-rest key: AES-256.
const KeySize = 32

// KeyEnv is the environment variable that may hold the key, in hex.
const KeyEnv = "GATHER_SERVER_KEY"

// Errors about the at-rest key, in words an operator can act on.
var (
	ErrKeyNeeded     = errors.New("the server store is encrypted: give its key with --key-file or " + KeyEnv)
	ErrWrongKey      = errors.New("the key does not open this store")
	ErrNotEncrypted  = errors.New("the server store is not encrypted, but a key was given: start it without a key, or move it to an encrypted store (backup, then restore with the key into a new folder)")
	ErrBackupKey     = errors.New("this backup is encrypted: give its key with --key-file or " + KeyEnv)
	ErrWrongBackup   = sealed.ErrWrongKey
	ErrBackupCut     = sealed.ErrCut
	errBackupTrailer = sealed.ErrTrailer
)

// ParseKey reads a key as written in a key file or GATHER_SERVER_KEY:
// 64 hexadecimal characters (surrounding space ignored), or 32 raw bytes.
func ParseKey(b []byte) ([]byte, error) {
	if t := bytes.TrimSpace(b); len(t) == 2*KeySize {
		if k, err := hex.DecodeString(string(t)); err == nil {
			return k, nil
		}
	}
	if len(b) == KeySize {
		return bytes.Clone(b), nil
	}
	return nil, fmt.Errorf("a server key is %d bytes, written as %d hexadecimal characters (make one with gather-server init-key)", KeySize, 2*KeySize)
}

// ReadKeyFile reads a key file, refusing one that other users may read:
// whoever reads the key reads every record.
func ReadKeyFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading the key file: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("reading the key file: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("the key file %s is not a regular file", path)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("the key file %s can be read by other users (mode %04o): it opens every record, so make it private with chmod 600 %s", path, info.Mode().Perm(), path)
	}
	b, err := io.ReadAll(io.LimitReader(f, 4096))
	if err != nil {
		return nil, fmt.Errorf("reading the key file: %w", err)
	}
	k, err := ParseKey(b)
	if err != nil {
		return nil, fmt.Errorf("the key file %s: %w", path, err)
	}
	return k, nil
}

// NewKey returns a new random key.
func NewKey() []byte {
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return k
}

// WriteKeyFile writes key to a new file at path (mode 0600, in hex). It
// never replaces an existing file: that could lose the only copy of the key
// to a store.
func WriteKeyFile(path string, key []byte) error {
	if len(key) != KeySize {
		return fmt.Errorf("a server key is %d bytes", KeySize)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return err
		}
	}
	err := durable.CreateNew(path, []byte(hex.EncodeToString(key)+"\n"))
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("a key file already exists at %s; it is never overwritten, because the data it opens would be lost", path)
	}
	return err
}

// Encryption says whether a data folder holds a store, and if so whether
// it is encrypted.
type Encryption int

// The states StoreEncryption reports.
const (
	NoStore Encryption = iota
	PlainStore
	EncryptedStore
)

// badgerSanity is what Badger writes, after a 16-byte IV, at the start of
// its key registry: in the clear for a plain store, encrypted otherwise.
const badgerSanity = "Hello Badger"

// StoreEncryption reports whether dir holds a store and whether it is
// encrypted, without opening it (so it works while a server runs).
func StoreEncryption(dir string) (Encryption, error) {
	b, err := os.ReadFile(filepath.Join(dir, "db", badger.KeyRegistryFileName))
	if errors.Is(err, os.ErrNotExist) {
		return NoStore, nil
	}
	if err != nil {
		return NoStore, fmt.Errorf("reading the server store's key registry: %w", err)
	}
	if len(b) < aes.BlockSize+len(badgerSanity) {
		return NoStore, fmt.Errorf("the server store's key registry in %s is damaged", dir)
	}
	if string(b[aes.BlockSize:aes.BlockSize+len(badgerSanity)]) == badgerSanity {
		return PlainStore, nil
	}
	return EncryptedStore, nil
}

// checkStoreKey tells, before Badger opens dir, whether key fits the store
// there: Badger alone answers "Encryption key mismatch" both for a missing
// and for a wrong key.
func checkStoreKey(dir string, key []byte) error {
	if key != nil && len(key) != KeySize {
		return fmt.Errorf("the server key must be %d bytes, not %d", KeySize, len(key))
	}
	state, err := StoreEncryption(dir)
	if err != nil {
		return err
	}
	switch {
	case state == EncryptedStore && key == nil:
		return ErrKeyNeeded
	case state == PlainStore && key != nil:
		return ErrNotEncrypted
	case state == EncryptedStore:
		kr, err := badger.OpenKeyRegistry(badger.KeyRegistryOptions{Dir: filepath.Join(dir, "db"), ReadOnly: true,
			EncryptionKey: key, EncryptionKeyRotationDuration: 10 * 24 * time.Hour})
		if errors.Is(err, badger.ErrEncryptionKeyMismatch) {
			return ErrWrongKey
		}
		if err != nil {
			return fmt.Errorf("reading the server store's key registry: %w", err)
		}
		kr.Close()
	}
	return nil
}

// keyError turns Badger's words about keys into ours.
func keyError(err error, key []byte) error {
	if errors.Is(err, badger.ErrEncryptionKeyMismatch) || strings.Contains(err.Error(), badger.ErrEncryptionKeyMismatch.Error()) {
		if key == nil {
			return ErrKeyNeeded
		}
		return ErrWrongKey
	}
	return nil
}

// RotateKey re-seals the store's data keys under newKey, so oldKey no longer
// opens it. The store must not be open. Only the key registry is
// rewritten; backups made before keep needing oldKey.
func RotateKey(dir string, oldKey, newKey []byte) error {
	if len(newKey) != KeySize {
		return fmt.Errorf("the new key must be %d bytes", KeySize)
	}
	if subtle.ConstantTimeCompare(oldKey, newKey) == 1 {
		return errors.New("the new key is the same as the old one")
	}
	// Opening the store proves the old key and that no server holds it.
	s, err := Open(dir, Options{EncryptionKey: oldKey})
	if err != nil {
		return err
	}
	if err := s.Close(); err != nil {
		return err
	}
	opt := badger.KeyRegistryOptions{Dir: filepath.Join(dir, "db"), ReadOnly: true, EncryptionKey: oldKey,
		EncryptionKeyRotationDuration: 10 * 24 * time.Hour}
	kr, err := badger.OpenKeyRegistry(opt)
	if err != nil {
		return fmt.Errorf("reading the server store's key registry: %w", err)
	}
	opt.ReadOnly = false
	opt.EncryptionKey = newKey
	if err := badger.WriteKeyRegistry(kr, opt); err != nil {
		return fmt.Errorf("writing the server store's key registry: %w", err)
	}
	return checkStoreKey(dir, newKey)
}

// ---- sealed backup files ----

// EncryptedBackupMagic starts a backup sealed with the server key; the
// sealed stream follows (package internal/sealed: a salt, a key check,
// then AES-256-GCM frames of at most 64 KiB).
const EncryptedBackupMagic = "GATHER-SERVER-BACKUP-2\n"

const (
	backupSaltSize  = sealed.SaltSize
	backupCheckSize = sealed.CheckSize
	backupChunk     = sealed.Chunk
)

// backupLabels keep the server's backups apart from any other sealed
// stream; changing them would stop older backups from opening.
var backupLabels = sealed.Labels{Seal: "gather-server backup v2 seal", Check: "gather-server backup v2 key check"}

func newSealWriter(w io.Writer, key []byte) (*sealed.Writer, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("the server key must be %d bytes", KeySize)
	}
	if _, err := io.WriteString(w, EncryptedBackupMagic); err != nil {
		return nil, err
	}
	return sealed.NewWriter(w, key, backupLabels)
}

// newOpenReader reads the header after the magic and checks the key.
func newOpenReader(r io.Reader, key []byte) (*sealed.Reader, error) {
	if key == nil {
		return nil, ErrBackupKey
	}
	if len(key) != KeySize {
		return nil, fmt.Errorf("the server key must be %d bytes", KeySize)
	}
	return sealed.NewReader(r, key, backupLabels)
}
