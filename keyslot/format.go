package keyslot

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/hkdf"
)

// The file is JSON so an administrator (or a support engineer) can see who
// has a slot without any tool; nothing in it is secret except what is sealed.
const (
	formatName    = "gather-keyslot"
	formatVersion = 1

	dataKeyLen = 32
	saltLen    = 16
	macLen     = sha256.Size

	maxFileSize  = 1 << 20 // a thousand staff fit many times over
	maxSlots     = 1000
	maxIDLen     = 128
	maxNameLen   = 200
	maxFailCount = 1 << 20
)

// Bounds on Argon2id parameters read from a file. The lower bounds let tests
// use cheap parameters; the upper bounds stop an edited file from making the
// unlock screen allocate gigabytes or spin for minutes.
const (
	minTime      = 1
	maxTime      = 16
	minMemoryKiB = 8
	maxMemoryKiB = 1 << 20 // 1 GiB
	minThreads   = 1
	maxThreads   = 16
)

// fileData is the decoded key file.
type fileData struct {
	Format  string     `json:"format"`
	Version int        `json:"version"`
	Slots   []slotData `json:"slots"`
	// MAC is HMAC-SHA256 over the slot table (see tableMAC), keyed from the
	// data key. Failure counters are outside it: they change when nobody
	// holds the key.
	MAC []byte `json:"mac"`
	// Invites are pending slots for staff with a setup code (invite.go),
	// authenticated by InvitesMAC in the same way.
	Invites    []inviteData `json:"invites,omitempty"`
	InvitesMAC []byte       `json:"invites_mac,omitempty"`
}

// slotData is one staff member's slot.
type slotData struct {
	Staff   string    `json:"staff"`
	Name    string    `json:"name"`
	Role    string    `json:"role"`
	KDF     kdfParams `json:"kdf"`
	Salt    []byte    `json:"salt"`
	Nonce   []byte    `json:"nonce"`
	Wrapped []byte    `json:"wrapped"`
	// BackupPub and BackupPriv are the slot's backup key pair
	// (backupkey.go), BackupPriv sealed like Wrapped; absent from a slot
	// made before backup keys until its owner unlocks.
	BackupPub  []byte `json:"backup_pub,omitempty"`
	BackupPriv []byte `json:"backup_priv,omitempty"`

	Failures    int       `json:"failures,omitempty"`
	LastFailure time.Time `json:"last_failure,omitzero"`
}

// kdfParams are the Argon2id parameters a slot was wrapped with.
type kdfParams struct {
	Algorithm string `json:"alg"`
	Time      uint32 `json:"t"`
	MemoryKiB uint32 `json:"m"`
	Threads   uint8  `json:"p"`
}

const algArgon2id = "argon2id"

// ErrCorrupt is returned for a key file that cannot be read. Its message
// says what is wrong with the file's shape, never anything about keys.
var ErrCorrupt = errors.New("keyslot: the key file is damaged")

// ErrNewer is returned (as an ErrCorrupt too, for callers that ask only
// that) for a key file of a version, or with fields, this Gather does not
// know: one written by a newer Gather, which is not damaged.
var ErrNewer = errors.New("keyslot: the key file was written by a newer version of Gather")

type newerError struct{ what string }

func (e newerError) Error() string { return ErrNewer.Error() + " (" + e.what + ")" }

func (e newerError) Is(target error) bool { return target == ErrNewer || target == ErrCorrupt }

func corrupt(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrCorrupt, fmt.Sprintf(format, a...))
}

// decode parses and validates a key file. Everything an attacker or a bad
// disk could put in the file is checked here, before any of it is used.
func decode(b []byte) (*fileData, error) {
	return decodeStrict[fileData](b, maxFileSize, formatName, formatVersion, "key file")
}

// document is a JSON file of this package's: a format, a version, and a
// check of the rest.
type document interface {
	formatVersion() (string, int)
	check() error
}

func (f *fileData) formatVersion() (string, int) { return f.Format, f.Version }

// decodeStrict decodes b, at most max bytes of a document of format and
// version (what, in errors), with no field this version does not know,
// and checks it. A field it does not know, in a document that otherwise
// reads, a newer Gather added: ErrNewer. Not if a field this version
// needs is missing: then its name was damaged (ErrCorrupt), and a copy
// called newer would be kept when it should be replaced.
func decodeStrict[T any, P interface {
	*T
	document
}](b []byte, max int, format string, version int, what string) (*T, error) {
	if len(b) > max {
		return nil, corrupt("%s too large", what)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var v T
	if err := dec.Decode(&v); err != nil {
		var loose T
		if strings.HasPrefix(err.Error(), "json: unknown field ") && json.Unmarshal(b, &loose) == nil {
			if f, ver := P(&loose).formatVersion(); f == format && (ver > version || P(&loose).check() == nil) {
				return nil, newerError{strings.TrimPrefix(err.Error(), "json: ")}
			}
		}
		return nil, corrupt("not a %s", what)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, corrupt("trailing data after the %s", what)
	}
	if err := P(&v).check(); err != nil {
		return nil, err
	}
	return &v, nil
}

// check validates a decoded key file.
func (f *fileData) check() error {
	if f.Format != formatName {
		return corrupt("not a key file")
	}
	if f.Version > formatVersion {
		return newerError{fmt.Sprintf("version %d", f.Version)}
	}
	if f.Version != formatVersion {
		return corrupt("version %d is not supported", f.Version)
	}
	if len(f.Slots) == 0 || len(f.Slots) > maxSlots {
		return corrupt("%d slots", len(f.Slots))
	}
	if len(f.MAC) != macLen {
		return corrupt("no table check")
	}
	seen := make(map[string]bool, len(f.Slots))
	admins := 0
	for i := range f.Slots {
		s := &f.Slots[i]
		if err := s.validate(); err != nil {
			return err
		}
		if seen[s.Staff] {
			return corrupt("staff %q has two slots", s.Staff)
		}
		seen[s.Staff] = true
		if s.Role == roleAdministrator {
			admins++
		}
	}
	if admins == 0 {
		return corrupt("no administrator")
	}
	if len(f.Invites) > maxSlots || len(f.Invites) > 0 && len(f.InvitesMAC) != macLen {
		return corrupt("bad invites")
	}
	for i := range f.Invites {
		d := &f.Invites[i]
		if err := d.validate(); err != nil {
			return err
		}
		if seen[d.Staff+"\x00invite"] {
			return corrupt("staff %q has two invites", d.Staff)
		}
		seen[d.Staff+"\x00invite"] = true
	}
	return nil
}

func (s *slotData) validate() error {
	if s.Staff == "" || len(s.Staff) > maxIDLen || !utf8.ValidString(s.Staff) {
		return corrupt("bad staff id")
	}
	if len(s.Name) > maxNameLen || !utf8.ValidString(s.Name) {
		return corrupt("bad name for staff %q", s.Staff)
	}
	if !knownRole(s.Role) {
		return corrupt("unknown role for staff %q", s.Staff)
	}
	if err := s.KDF.validate(); err != nil {
		return err
	}
	if len(s.Salt) != saltLen || len(s.Nonce) != chacha20poly1305.NonceSizeX ||
		len(s.Wrapped) != dataKeyLen+chacha20poly1305.Overhead {
		return corrupt("bad slot for staff %q", s.Staff)
	}
	if err := s.validateBackupPair(); err != nil {
		return err
	}
	if s.Failures < 0 || s.Failures > maxFailCount {
		return corrupt("bad failure count for staff %q", s.Staff)
	}
	return nil
}

func (p kdfParams) validate() error {
	if p.Algorithm != algArgon2id {
		return corrupt("unknown key derivation %q", p.Algorithm)
	}
	if p.Time < minTime || p.Time > maxTime || p.MemoryKiB < minMemoryKiB || p.MemoryKiB > maxMemoryKiB ||
		p.Threads < minThreads || p.Threads > maxThreads {
		return corrupt("key derivation parameters out of range")
	}
	return nil
}

// encode writes the file; slots are kept in staff id order so the file is
// stable and diffs are readable.
func encode(f *fileData) ([]byte, error) {
	sort.Slice(f.Slots, func(i, j int) bool { return f.Slots[i].Staff < f.Slots[j].Staff })
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// macKey derives the table MAC key from the data key, so the data key itself
// is only ever used by Badger.
func macKey(dataKey []byte) []byte {
	k := make([]byte, 32)
	r := hkdf.New(sha256.New, dataKey, nil, []byte("gather keyslot table mac v1"))
	if _, err := io.ReadFull(r, k); err != nil {
		panic("keyslot: hkdf: " + err.Error()) // cannot happen for 32 bytes
	}
	return k
}

// prefixedMAC is an HMAC under the data key's MAC key, with put writing
// each value length-prefixed so no two tables encode alike.
func prefixedMAC(dataKey []byte) (hash.Hash, func([]byte)) {
	m := hmac.New(sha256.New, macKey(dataKey))
	return m, func(b []byte) {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(b)))
		m.Write(n[:])
		m.Write(b)
	}
}

// tableMAC authenticates everything in the table that only a key holder may
// change: who has a slot, their name and role, and the sealed key itself.
// Each value is length-prefixed so no two tables encode alike.
func tableMAC(dataKey []byte, slots []slotData) []byte {
	sorted := append([]slotData(nil), slots...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Staff < sorted[j].Staff })
	m, put := prefixedMAC(dataKey)
	put([]byte(formatName))
	put([]byte{formatVersion, byte(len(sorted) >> 8), byte(len(sorted))})
	for _, s := range sorted {
		put([]byte(s.Staff))
		put([]byte(s.Name))
		put([]byte(s.Role))
		put([]byte(s.KDF.Algorithm))
		var p [9]byte
		binary.BigEndian.PutUint32(p[0:], s.KDF.Time)
		binary.BigEndian.PutUint32(p[4:], s.KDF.MemoryKiB)
		p[8] = s.KDF.Threads
		put(p[:])
		put(s.Salt)
		put(s.Nonce)
		// One value with the backup key pair, so a slot made before
		// backup keys signs as it always did; the fixed lengths keep any
		// two apart.
		put(append(append(append([]byte(nil), s.Wrapped...), s.BackupPub...), s.BackupPriv...))
	}
	return m.Sum(nil)
}
