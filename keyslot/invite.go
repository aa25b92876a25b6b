package keyslot

import (
	"crypto/hmac"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/curve25519"
	"golang.org/x/crypto/nacl/box"
)

// Invites: staff added once, on one device, unlock every device of their
// venues without anyone visiting each tablet, and without a PIN or a key
// leaving any device.
//
// An administrator makes a one-time setup code for a staff member
// (NewInvite). Only its public half travels, in the staff record: an X25519
// public key derived from the code with Argon2id, the salt and the
// parameters, and an expiry (Invite.String). A device that learns of the
// invite while someone has unlocked it (so it holds its data key) seals
// its data key to that public key (AddInvite): a pending slot, kept in the
// key file beside the PIN slots and authenticated like them. On that
// device's unlock screen the staff member taps their name, types the code
// and chooses their PIN (AcceptInvite): the code opens the pending slot,
// which becomes their ordinary PIN slot. The code is never stored; what
// is stored (the public key) costs an Argon2id derivation per guess, like
// a PIN slot, and the code is 12 characters from a 31-letter alphabet.

// Invite is the public half of a setup code, as a staff record carries it.
type Invite struct {
	Public  []byte    `json:"pub"`
	Salt    []byte    `json:"salt"`
	Time    uint32    `json:"t"`
	Memory  uint32    `json:"m"`
	Threads uint8     `json:"p"`
	Expires time.Time `json:"expires"`
}

// Errors AcceptInvite and AddInvite return.
var (
	ErrWrongCode     = errors.New("that PIN setup code is not right")
	ErrInviteExpired = errors.New("that PIN setup code has expired: ask an administrator for a new one")
	ErrNoInvite      = errors.New("there is no PIN setup code for them on this device")
)

// codeAlphabet leaves out letters and digits people confuse (0/O, 1/I/L).
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// codeLen is how many characters a setup code has: 31^12, about 2^59.
const codeLen = 12

// NormaliseCode is a code as typed (any case, spaces, dashes) in the form
// it is derived from.
func NormaliseCode(code string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(code) {
		if strings.ContainsRune(codeAlphabet, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// NewInvite makes a setup code valid until expires, and the invite that
// goes in the staff record. Show the code to the administrator once; it
// is not kept. It takes one Argon2id derivation: call it off the UI.
func NewInvite(p Params, expires time.Time) (code string, inv Invite, err error) {
	raw := make([]byte, codeLen)
	for i := range raw {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(codeAlphabet))))
		if err != nil {
			return "", Invite{}, err
		}
		raw[i] = codeAlphabet[n.Int64()]
	}
	inv = Invite{Salt: make([]byte, saltLen), Time: p.Time, Memory: p.MemoryKiB, Threads: p.Threads, Expires: expires.UTC()}
	if err := inv.kdf().validate(); err != nil {
		return "", Invite{}, err
	}
	if _, err := rand.Read(inv.Salt); err != nil {
		return "", Invite{}, err
	}
	priv := inv.private(string(raw))
	defer wipe(priv)
	if inv.Public, err = curve25519.X25519(priv, curve25519.Basepoint); err != nil {
		return "", Invite{}, err
	}
	s := string(raw)
	return s[0:4] + "-" + s[4:8] + "-" + s[8:12], inv, nil
}

func (inv Invite) kdf() kdfParams {
	return kdfParams{Algorithm: algArgon2id, Time: inv.Time, MemoryKiB: inv.Memory, Threads: inv.Threads}
}

// private derives the invite's X25519 private key from a code.
func (inv Invite) private(code string) []byte {
	defer releaseArgon2(inv.Memory)
	return argon2.IDKey([]byte(NormaliseCode(code)), inv.Salt, inv.Time, inv.Memory, inv.Threads, curve25519.ScalarSize)
}

// String is the invite as a staff record field holds it.
func (inv Invite) String() string {
	b, _ := json.Marshal(inv)
	return string(b)
}

// ParseInvite reads an invite from a staff record field; "" is no invite.
func ParseInvite(s string) (Invite, bool) {
	if s == "" {
		return Invite{}, false
	}
	var inv Invite
	if json.Unmarshal([]byte(s), &inv) != nil || inv.validate() != nil {
		return Invite{}, false
	}
	return inv, true
}

func (inv Invite) validate() error {
	if len(inv.Public) != curve25519.PointSize || len(inv.Salt) != saltLen {
		return corrupt("bad invite")
	}
	return inv.kdf().validate()
}

// inviteData is a pending slot: the data key sealed to an invite.
type inviteData struct {
	Staff    string `json:"staff"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	Invite   Invite `json:"invite"`
	Sealed   []byte `json:"sealed"`
	Failures int    `json:"failures,omitempty"`
}

func (d *inviteData) validate() error {
	if d.Staff == "" || len(d.Staff) > maxIDLen || !utf8.ValidString(d.Staff) ||
		len(d.Name) > maxNameLen || !utf8.ValidString(d.Name) || !knownRole(d.Role) {
		return corrupt("bad invite")
	}
	if err := d.Invite.validate(); err != nil {
		return err
	}
	if len(d.Sealed) != dataKeyLen+box.AnonymousOverhead || d.Failures < 0 || d.Failures > maxFailCount {
		return corrupt("bad invite for staff %q", d.Staff)
	}
	return nil
}

// invitesMAC authenticates the pending slots as tableMAC does the slots:
// who is invited, as what, and to which public key.
func invitesMAC(dataKey []byte, invites []inviteData) []byte {
	sorted := append([]inviteData(nil), invites...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Staff < sorted[j].Staff })
	m, put := prefixedMAC(dataKey)
	put([]byte(formatName + " invites"))
	for _, d := range sorted {
		put([]byte(d.Staff))
		put([]byte(d.Name))
		put([]byte(d.Role))
		put([]byte(d.Invite.String()))
		put(d.Sealed)
	}
	return m.Sum(nil)
}

// memberKey is the data key an unlocked member holds, checked against this
// file (any role: adding an invite is the device acting on a staff record
// it synced, not a person's choice). Callers hold f.mu.
func (f *File) memberKey(by *Unlocked) ([]byte, error) {
	if by == nil {
		return nil, ErrDeviceLocked
	}
	key := by.Key()
	if len(key) != dataKeyLen || !macEqual(tableMAC(key, f.data.Slots), f.data.MAC) || f.find(by.ID) < 0 {
		wipe(key)
		return nil, ErrDeviceLocked
	}
	return key, nil
}

// ErrDeviceLocked: nobody holding this device's key is unlocked.
var ErrDeviceLocked = errors.New("keyslot: the device is locked")

func (f *File) findInvite(staffID string) int {
	for i := range f.data.Invites {
		if f.data.Invites[i].Staff == staffID {
			return i
		}
	}
	return -1
}

// AddInvite seals this device's data key to a staff member's invite, so
// that their setup code opens it here, using the key of whoever has the
// device unlocked (by). It does nothing for someone with a PIN here
// already (ErrStaffExists) or for the invite they already have; a new
// invite replaces an older one.
func (f *File) AddInvite(by *Unlocked, m Member, inv Invite) error {
	if err := checkMember(m); err != nil {
		return err
	}
	if err := inv.validate(); err != nil {
		return err
	}
	if !f.opts.now().Before(inv.Expires) {
		return ErrInviteExpired
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	key, err := f.memberKey(by)
	if err != nil {
		return err
	}
	defer wipe(key)
	if f.find(m.ID) >= 0 {
		return ErrStaffExists
	}
	i := f.findInvite(m.ID)
	if i >= 0 {
		old := f.data.Invites[i]
		if old.Name == m.Name && old.Role == m.Role && old.Invite.String() == inv.String() {
			return nil
		}
	}
	sealed, err := box.SealAnonymous(nil, key, (*[32]byte)(inv.Public), rand.Reader)
	if err != nil {
		return err
	}
	next := f.clone()
	d := inviteData{Staff: m.ID, Name: m.Name, Role: m.Role, Invite: inv, Sealed: sealed}
	if i >= 0 {
		next.Invites[i] = d
	} else {
		next.Invites = append(next.Invites, d)
	}
	next.InvitesMAC = invitesMAC(key, next.Invites)
	return f.commit(next, false)
}

// RemoveInvite drops a staff member's pending slot (their record was
// deleted, or their invite withdrawn or expired), as whoever has the
// device unlocked. Removing one that is not there is not an error.
func (f *File) RemoveInvite(by *Unlocked, staffID string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	i := f.findInvite(staffID)
	if i < 0 {
		return nil
	}
	key, err := f.memberKey(by)
	if err != nil {
		return err
	}
	defer wipe(key)
	next := f.clone()
	next.Invites = append(next.Invites[:i:i], next.Invites[i+1:]...)
	next.InvitesMAC = nil
	if len(next.Invites) > 0 {
		next.InvitesMAC = invitesMAC(key, next.Invites)
	}
	return f.commit(next, false)
}

// Invited lists the staff who may set their PIN here with a setup code
// that has not expired, by name.
func (f *File) Invited() []Member {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.opts.now()
	var out []Member
	for _, d := range f.data.Invites {
		if now.Before(d.Invite.Expires) && d.Failures < f.opts.Lockout.maxFailures() {
			out = append(out, Member{ID: d.Staff, Name: d.Name, Role: d.Role})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// InvitedWith reports the invite a staff member's pending slot here was
// made for, so the device can tell an invite it has from a new one.
func (f *File) InvitedWith(staffID string) (Invite, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if i := f.findInvite(staffID); i >= 0 {
		return f.data.Invites[i].Invite, true
	}
	return Invite{}, false
}

// AcceptInvite is a staff member's first unlock here: their setup code
// opens their pending slot, and the PIN they chose becomes their PIN on
// this device (the pending slot is gone). Wrong codes are counted like
// wrong PINs, before the code is tried; after Lockout's limit the invite
// no longer opens and an administrator must make a new code. It takes two
// Argon2id derivations: call it off the UI goroutine.
func (f *File) AcceptInvite(staffID, code, pin string) (*Unlocked, error) {
	if err := CheckPIN(pin, f.opts.minPIN()); err != nil {
		return nil, err
	}
	f.mu.Lock()
	i := f.findInvite(staffID)
	if i < 0 {
		f.mu.Unlock()
		return nil, ErrNoInvite
	}
	d := f.data.Invites[i]
	switch {
	case !f.opts.now().Before(d.Invite.Expires):
		f.mu.Unlock()
		return nil, ErrInviteExpired
	case d.Failures >= f.opts.Lockout.maxFailures():
		f.mu.Unlock()
		return nil, ErrLockedOut
	}
	counted := f.clone()
	counted.Invites[i].Failures++
	err := f.commit(counted, false)
	f.mu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("keyslot: cannot record the attempt, so it was not tried: %w", err)
	}

	priv := d.Invite.private(code)
	pub, err := curve25519.X25519(priv, curve25519.Basepoint)
	if err != nil {
		wipe(priv)
		return nil, ErrWrongCode
	}
	key, ok := box.OpenAnonymous(nil, d.Sealed, (*[32]byte)(pub), (*[32]byte)(priv))
	wipe(priv)
	if !ok || len(key) != dataKeyLen || !hmac.Equal(pub, d.Invite.Public) {
		return nil, ErrWrongCode
	}
	slot, err := seal(key, staffID, pin, f.opts.params())
	if err != nil {
		wipe(key)
		return nil, err
	}

	f.mu.Lock()
	defer f.mu.Unlock()
	i = f.findInvite(staffID)
	if i < 0 || f.data.Invites[i].Invite.String() != d.Invite.String() || f.find(staffID) >= 0 {
		wipe(key)
		return nil, ErrNoInvite // replaced, removed or used meanwhile
	}
	if !macEqual(tableMAC(key, f.data.Slots), f.data.MAC) || !macEqual(invitesMAC(key, f.data.Invites), f.data.InvitesMAC) {
		wipe(key)
		return nil, ErrTampered
	}
	m := Member{ID: d.Staff, Name: d.Name, Role: d.Role}
	slot.Name, slot.Role = m.Name, m.Role
	next := f.clone()
	next.Slots = append(next.Slots, slot)
	next.Invites = append(next.Invites[:i:i], next.Invites[i+1:]...)
	next.MAC = tableMAC(key, next.Slots)
	next.InvitesMAC = nil
	if len(next.Invites) > 0 {
		next.InvitesMAC = invitesMAC(key, next.Invites)
	}
	if err := f.commit(next, false); err != nil {
		wipe(key)
		return nil, err
	}
	return &Unlocked{Member: m, key: key}, nil
}
