package keyslot

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/gather-sp/gather/domain"
)

const roleAdministrator = domain.RoleAdministrator

func knownRole(role string) bool {
	for _, r := range domain.Roles {
		if r == role {
			return true
		}
	}
	return false
}

// Errors a caller can act on. None of them carries key material, and a
// wrong PIN is only ever "wrong PIN": not which slot, byte or check failed.
var (
	ErrWrongPIN  = errors.New("wrong PIN")
	ErrLockedOut = errors.New("locked after too many wrong PINs: ask an administrator to unlock")
	// ErrTooSoon is matched by *WaitError.
	ErrTooSoon = errors.New("too many wrong PINs: wait before trying again")
	// ErrTampered means the slot table was changed by someone without the
	// data key (a role raised, a slot added). Nobody is let in on its word.
	ErrTampered = errors.New("keyslot: the key file has been altered outside Gather; the device must be set up again")

	ErrNotFound          = errors.New("keyslot: no key file; this device has not been set up")
	ErrExists            = errors.New("keyslot: a key file already exists")
	ErrNotAdministrator  = errors.New("only an administrator can do that")
	ErrUnknownStaff      = errors.New("no such staff member on this device")
	ErrStaffExists       = errors.New("that staff member already has a PIN on this device")
	ErrLastAdministrator = errors.New("the last administrator cannot be removed or given another role")
	ErrUnknownRole       = errors.New("unknown role")
)

// WaitError says how long to wait before the next attempt.
type WaitError struct {
	Until time.Time     // when the next attempt is allowed
	Wait  time.Duration // how long that is from now
}

func (e *WaitError) Error() string {
	secs := int(e.Wait.Round(time.Second) / time.Second)
	if secs < 1 {
		secs = 1
	}
	return fmt.Sprintf("too many wrong PINs: try again in %d seconds", secs)
}

// Is makes errors.Is(err, ErrTooSoon) true.
func (e *WaitError) Is(target error) bool { return target == ErrTooSoon }

// Lockout says how wrong PINs are slowed down and stopped.
type Lockout struct {
	// MaxFailures wrong PINs in a row lock the slot until an administrator
	// clears it. 0 means 5.
	MaxFailures int
	// Delays[i] is how long to wait after i+1 wrong PINs in a row; past the
	// end of the list the last entry applies. nil means DefaultDelays.
	Delays []time.Duration
}

// DefaultDelays forgive one slip, then slow down.
var DefaultDelays = []time.Duration{0, 5 * time.Second, 30 * time.Second, 2 * time.Minute}

func (l Lockout) maxFailures() int {
	if l.MaxFailures <= 0 {
		return 5
	}
	return l.MaxFailures
}

func (l Lockout) delayAfter(failures int) time.Duration {
	if failures <= 0 {
		return 0
	}
	d := l.Delays
	if d == nil {
		d = DefaultDelays
	}
	if len(d) == 0 {
		return 0
	}
	if failures > len(d) {
		return d[len(d)-1]
	}
	return d[failures-1]
}

// Options configure a key file.
type Options struct {
	// Params for slots made from now on; zero means DefaultParams.
	Params Params
	// Lockout policy for wrong PINs.
	Lockout Lockout
	// MinPINLength for new PINs; 0 means DefaultMinPINLength. It cannot be
	// set below MinPINLengthFloor.
	MinPINLength int
	// Now replaces the wall clock, for tests.
	Now func() time.Time
}

func (o Options) params() Params {
	if o.Params == (Params{}) {
		return DefaultParams
	}
	return o.Params
}

func (o Options) minPIN() int {
	if o.MinPINLength == 0 {
		return DefaultMinPINLength
	}
	return max(o.MinPINLength, MinPINLengthFloor)
}

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// Member is a staff member as the unlock screen shows them.
type Member struct {
	ID   string
	Name string
	Role string
}

// Status is what the unlock screen needs to know about one slot.
type Status struct {
	Member
	Failures     int           // wrong PINs in a row
	AttemptsLeft int           // before the slot locks
	Locked       bool          // an administrator must clear it
	Wait         time.Duration // before the next attempt is allowed; 0 when it may be tried now
}

// Unlocked is a staff member who has just given the right PIN. Its key is
// the data key for storage.Options.EncryptionKey.
type Unlocked struct {
	// Member is as the key file has them, until the app signs them in:
	// then Role is the role they signed in with, which their staff record
	// may have lowered (the desktop's signIn sets it once, before anyone
	// else sees this Unlocked), and everything done as them after sign-in
	// is checked against it, here too (checkAdmin).
	Member
	// PriorFailures is how many wrong PINs were tried on this slot since its
	// last successful unlock, for the audit trail: the failures may have
	// happened while the store was still closed.
	PriorFailures int
	LastFailure   time.Time

	mu  sync.Mutex // Forget may run on the UI goroutine while work copies the key
	key []byte
	// backupKey is the slot's private backup key, from a key file in a
	// backup (UnlockCopy), for OpenFileKey; nil otherwise.
	backupKey []byte
	// newPair is a pair UnlockCopy made for a slot with none that opens
	// (sealed under its PIN), and slotWrapped and slotPub the slot as it
	// was, for AdoptBackupKey.
	newPair              *backupPair
	slotWrapped, slotPub []byte
}

// Key returns a copy of the data key, for storage.Options.EncryptionKey. A
// copy, so that Forget cannot pull the key from under an open store. Do
// not write it down.
func (u *Unlocked) Key() []byte {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]byte(nil), u.key...)
}

// Forget zeroes the Unlocked's own copy of the data key; call it when the
// device locks. After Forget it can no longer act as an administrator. Go
// may hold other copies (Badger keeps one while the store is open); this
// only shortens how long this one lives.
func (u *Unlocked) Forget() {
	u.mu.Lock()
	defer u.mu.Unlock()
	wipe(u.key)
	wipe(u.backupKey)
}

// File is an open key file. It is safe for concurrent use; attempts are
// checked and counted one at a time, so two goroutines cannot both slip
// through one gap between delays uncounted.
type File struct {
	path string
	opts Options

	mu        sync.Mutex
	data      *fileData
	destroyed bool // Destroy was called: nothing is written any more
}

// FileName is the key file's name, kept beside (not inside) the store's
// folder: deleting the store folder must not be the same act as deleting
// the key, and Badger owns everything in its folder.
const FileName = "gather-keys.json"

// Exists reports whether path holds a key file, so the app knows whether to
// show first-time setup or the unlock screen.
func Exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// Create makes a new key file at path with a fresh random data key and one
// slot, for the first administrator. It refuses to overwrite a key file:
// that would lose the key to the store beside it.
func Create(path string, admin Member, pin string, opts Options) (*File, *Unlocked, error) {
	admin.Role = roleAdministrator
	if err := checkMember(admin); err != nil {
		return nil, nil, err
	}
	if err := CheckPIN(pin, opts.minPIN()); err != nil {
		return nil, nil, err
	}
	if Exists(path) {
		return nil, nil, ErrExists
	}
	key, err := newDataKey()
	if err != nil {
		return nil, nil, err
	}
	slot, err := seal(key, admin.ID, pin, opts.params())
	if err != nil {
		return nil, nil, err
	}
	slot.Name = admin.Name
	slot.Role = admin.Role
	data := &fileData{Format: formatName, Version: formatVersion, Slots: []slotData{slot}}
	data.MAC = tableMAC(key, data.Slots)
	f := &File{path: path, opts: opts}
	if err := f.commit(data, true); err != nil {
		return nil, nil, err
	}
	return f, &Unlocked{Member: admin, key: key}, nil
}

// Open reads the key file at path.
func Open(path string, opts Options) (*File, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("keyslot: cannot read the key file: %w", err)
	}
	data, err := decode(b)
	if err != nil {
		return nil, err
	}
	return &File{path: path, opts: opts, data: data}, nil
}

// Members lists the staff who can unlock this device, by name.
func (f *File) Members() []Member {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]Member, 0, len(f.data.Slots))
	for _, s := range f.data.Slots {
		out = append(out, s.member())
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// Status reports a slot's failures, lockout and wait.
func (f *File) Status(staffID string) (Status, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	i := f.find(staffID)
	if i < 0 {
		return Status{}, ErrUnknownStaff
	}
	s := f.data.Slots[i]
	maxF := f.opts.Lockout.maxFailures()
	st := Status{Member: s.member(), Failures: s.Failures, AttemptsLeft: max(maxF-s.Failures, 0), Locked: s.Failures >= maxF}
	if !st.Locked {
		st.Wait = f.wait(&s, f.opts.now())
	}
	return st, nil
}

// wait is how long slot s must wait before its next attempt at now; never
// more than one full delay, even if the clock went back.
func (f *File) wait(s *slotData, now time.Time) time.Duration {
	d := f.opts.Lockout.delayAfter(s.Failures)
	if d <= 0 || s.LastFailure.IsZero() {
		return 0
	}
	left := s.LastFailure.Add(d).Sub(now)
	if left > d {
		left = d
	}
	return max(left, 0)
}

// Unlock tries a staff member's PIN. On success it returns the data key;
// otherwise ErrWrongPIN, ErrLockedOut or a *WaitError (ErrTooSoon), and
// nothing else about why. It takes about as long as one Argon2id derivation
// (half a second on a tablet with DefaultParams): call it off the UI
// goroutine. Other calls on the File are not held up meanwhile.
func (f *File) Unlock(staffID, pin string) (*Unlocked, error) {
	a, err := f.beginAttempt(staffID)
	if err != nil {
		return nil, err
	}
	o, ok := open(&a.slot, pin, false, true)
	return f.finishAttempt(a, o, ok)
}

// attempt is an unlock in progress: the slot as it was when the attempt was
// counted, and the counters before it.
type attempt struct {
	slot          slotData
	priorFailures int
	priorAt       time.Time
}

// beginAttempt checks lockout and delay, then counts the attempt on disk
// before the PIN is tried, so killing the app (or pulling the battery) the
// moment a wrong PIN is noticed still counts it.
func (f *File) beginAttempt(staffID string) (attempt, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	i := f.find(staffID)
	if i < 0 {
		// The staff list is on screen, so this is not a secret; but the
		// answer stays "wrong PIN" so a scripted guesser learns nothing.
		return attempt{}, ErrWrongPIN
	}
	now := f.opts.now()
	slot := f.data.Slots[i]
	if slot.Failures >= f.opts.Lockout.maxFailures() {
		return attempt{}, ErrLockedOut
	}
	if now.Before(slot.LastFailure) {
		// The clock went back (or was set back). Restart the wait from now
		// rather than make someone wait until the old time comes round.
		restarted := f.clone()
		restarted.Slots[i].LastFailure = now.UTC()
		if err := f.commit(restarted, false); err != nil {
			return attempt{}, fmt.Errorf("keyslot: cannot record the attempt, so it was not tried: %w", err)
		}
		slot = f.data.Slots[i]
	}
	if w := f.wait(&slot, now); w > 0 {
		return attempt{}, &WaitError{Until: now.Add(w), Wait: w}
	}
	counted := f.clone()
	counted.Slots[i].Failures++
	counted.Slots[i].LastFailure = now.UTC()
	if err := f.commit(counted, false); err != nil {
		return attempt{}, fmt.Errorf("keyslot: cannot record the attempt, so it was not tried: %w", err)
	}
	return attempt{slot: slot, priorFailures: slot.Failures, priorAt: slot.LastFailure}, nil
}

// finishAttempt turns the result of trying the PIN into an answer, against
// the file as it is now: a slot removed or re-keyed by an administrator
// while the PIN was being tried does not let its old PIN in.
//
// A slot made before backup keys, or whose pair the PIN did not open, is
// given the pair the unlock made (o.pair), in the same write that clears
// its counters, unless another unlock has already given it one.
func (f *File) finishAttempt(a attempt, o opened, ok bool) (*Unlocked, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	key := o.key
	i := f.find(a.slot.Staff)
	if ok && (i < 0 || !bytes.Equal(f.data.Slots[i].Wrapped, a.slot.Wrapped)) {
		wipe(key)
		ok = false
	}
	if !ok {
		if i >= 0 && f.data.Slots[i].Failures >= f.opts.Lockout.maxFailures() {
			return nil, ErrLockedOut
		}
		return nil, ErrWrongPIN
	}
	if !macEqual(tableMAC(key, f.data.Slots), f.data.MAC) {
		wipe(key)
		return nil, ErrTampered
	}
	cleared := f.clone()
	cleared.Slots[i].Failures = 0
	cleared.Slots[i].LastFailure = time.Time{}
	if o.pair != nil && bytes.Equal(cleared.Slots[i].BackupPub, a.slot.BackupPub) {
		cleared.Slots[i].BackupPub, cleared.Slots[i].BackupPriv = o.pair.Pub, o.pair.Priv
		cleared.MAC = tableMAC(key, cleared.Slots)
	}
	// The PIN was right; failing to reset the counter only leaves the slot
	// a step nearer lockout. Do not lock someone out of their work for a
	// disk hiccup.
	_ = f.commit(cleared, false)
	return &Unlocked{Member: f.data.Slots[i].member(), PriorFailures: a.priorFailures, LastFailure: a.priorAt, key: key}, nil
}

// ChangePIN lets a staff member choose a new PIN by giving their current
// one. A wrong current PIN counts towards lockout like any unlock attempt.
func (f *File) ChangePIN(staffID, oldPIN, newPIN string) error {
	if err := CheckPIN(newPIN, f.opts.minPIN()); err != nil {
		return err
	}
	u, err := f.Unlock(staffID, oldPIN)
	if err != nil {
		return err
	}
	defer u.Forget()
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.find(staffID) < 0 {
		return ErrUnknownStaff // removed while the old PIN was being checked
	}
	return f.rewrap(u.key, staffID, newPIN)
}

// ResetPIN sets a new PIN for a staff member who forgot theirs, and clears
// their lockout. Only an administrator can.
func (f *File) ResetPIN(admin *Unlocked, staffID, newPIN string) error {
	if err := CheckPIN(newPIN, f.opts.minPIN()); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	key, err := f.checkAdmin(admin)
	if err != nil {
		return err
	}
	defer wipe(key)
	if f.find(staffID) < 0 {
		return ErrUnknownStaff
	}
	return f.rewrap(key, staffID, newPIN)
}

// rewrap replaces one slot's sealed key (new salt, nonce, PIN), clears its
// counters and re-signs the table. Callers hold f.mu and a verified key.
func (f *File) rewrap(key []byte, staffID, pin string) error {
	i := f.find(staffID)
	next := f.clone()
	old := next.Slots[i]
	slot, err := seal(key, staffID, pin, f.opts.params())
	if err != nil {
		return err
	}
	slot.Name, slot.Role = old.Name, old.Role
	next.Slots[i] = slot
	next.MAC = tableMAC(key, next.Slots)
	return f.commit(next, false)
}

// AddStaff gives a new staff member a slot with their own PIN. Only an
// administrator can.
func (f *File) AddStaff(admin *Unlocked, m Member, pin string) error {
	if err := checkMember(m); err != nil {
		return err
	}
	if err := CheckPIN(pin, f.opts.minPIN()); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	key, err := f.checkAdmin(admin)
	if err != nil {
		return err
	}
	defer wipe(key)
	if f.find(m.ID) >= 0 {
		return ErrStaffExists
	}
	if len(f.data.Slots) >= maxSlots {
		return fmt.Errorf("keyslot: a device can hold at most %d staff", maxSlots)
	}
	slot, err := seal(key, m.ID, pin, f.opts.params())
	if err != nil {
		return err
	}
	slot.Name, slot.Role = m.Name, m.Role
	next := f.clone()
	next.Slots = append(next.Slots, slot)
	next.MAC = tableMAC(key, next.Slots)
	return f.commit(next, false)
}

// UpdateStaff changes a staff member's name or role. Only an administrator
// can, and the last administrator keeps that role.
func (f *File) UpdateStaff(admin *Unlocked, m Member) error {
	if err := checkMember(m); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	key, err := f.checkAdmin(admin)
	if err != nil {
		return err
	}
	defer wipe(key)
	i := f.find(m.ID)
	if i < 0 {
		return ErrUnknownStaff
	}
	if f.data.Slots[i].Role == roleAdministrator && m.Role != roleAdministrator && f.admins() == 1 {
		return ErrLastAdministrator
	}
	next := f.clone()
	next.Slots[i].Name, next.Slots[i].Role = m.Name, m.Role
	next.MAC = tableMAC(key, next.Slots)
	return f.commit(next, false)
}

// RemoveStaff deletes a staff member's slot: their PIN no longer opens this
// device. Only an administrator can, and not the last administrator.
func (f *File) RemoveStaff(admin *Unlocked, staffID string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	key, err := f.checkAdmin(admin)
	if err != nil {
		return err
	}
	defer wipe(key)
	return f.withoutSlot(key, staffID)
}

// withoutSlot commits the key file without staffID's slot, signed with
// key; never without the last administrator's. Callers hold mu.
func (f *File) withoutSlot(key []byte, staffID string) error {
	i := f.find(staffID)
	if i < 0 {
		return ErrUnknownStaff
	}
	if f.data.Slots[i].Role == roleAdministrator && f.admins() == 1 {
		return ErrLastAdministrator
	}
	next := f.clone()
	next.Slots = append(next.Slots[:i:i], next.Slots[i+1:]...)
	next.MAC = tableMAC(key, next.Slots)
	return f.commit(next, false)
}

// Leave deletes the slot of the staff member who has just unlocked with
// it (u), an administrator's word elsewhere taking effect here (their
// staff record deleted): it needs no administrator, as it takes away only
// what u holds, and is signed with the key u's PIN released, as every
// change is. The last administrator cannot leave.
func (f *File) Leave(u *Unlocked) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	key, err := f.memberKey(u)
	if err != nil {
		return err
	}
	defer wipe(key)
	return f.withoutSlot(key, u.ID)
}

// LastAdministrator reports whether staffID is the only administrator
// with a slot here (ErrLastAdministrator's rule).
func (f *File) LastAdministrator(staffID string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	i := f.find(staffID)
	return i >= 0 && f.data.Slots[i].Role == roleAdministrator && f.admins() == 1
}

// ClearLockout lets a locked-out staff member try again, with their old PIN.
// Only an administrator can.
func (f *File) ClearLockout(admin *Unlocked, staffID string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	key, err := f.checkAdmin(admin)
	if err != nil {
		return err
	}
	defer wipe(key)
	i := f.find(staffID)
	if i < 0 {
		return ErrUnknownStaff
	}
	next := f.clone()
	next.Slots[i].Failures = 0
	next.Slots[i].LastFailure = time.Time{}
	return f.commit(next, false)
}

// checkAdmin makes sure admin unlocked this very file (its key signs the
// table) and is, in the table as it is now, an administrator, and was
// signed in as one (Unlocked.Role: an administrator whose staff record
// another device lowered manages no slots here, whatever the table says).
//
// It returns its own copy of the key, checked, for the caller to seal and
// sign with: the device may lock (and Forget the admin's key) while a slow
// PIN is being wrapped, and a half-zeroed key must never sign the file.
func (f *File) checkAdmin(admin *Unlocked) ([]byte, error) {
	if admin == nil || admin.Role != roleAdministrator {
		return nil, ErrNotAdministrator
	}
	key := admin.Key()
	if len(key) != dataKeyLen {
		return nil, ErrNotAdministrator
	}
	if !macEqual(tableMAC(key, f.data.Slots), f.data.MAC) {
		return nil, ErrNotAdministrator
	}
	i := f.find(admin.ID)
	if i < 0 || f.data.Slots[i].Role != roleAdministrator {
		return nil, ErrNotAdministrator
	}
	return key, nil
}

func checkMember(m Member) error {
	switch {
	case m.ID == "" || len(m.ID) > maxIDLen:
		return errors.New("keyslot: a staff member needs an id")
	case len(m.Name) > maxNameLen:
		return errors.New("keyslot: that name is too long")
	case !knownRole(m.Role):
		return ErrUnknownRole
	}
	return nil
}

func (f *File) find(staffID string) int {
	for i := range f.data.Slots {
		if f.data.Slots[i].Staff == staffID {
			return i
		}
	}
	return -1
}

func (f *File) admins() int {
	n := 0
	for _, s := range f.data.Slots {
		if s.Role == roleAdministrator {
			n++
		}
	}
	return n
}

func (f *File) clone() *fileData {
	c := *f.data
	c.Slots = append([]slotData(nil), f.data.Slots...)
	c.Invites = append([]inviteData(nil), f.data.Invites...)
	return &c
}

// commit writes next to disk and, only once it is there, makes it current.
func (f *File) commit(next *fileData, create bool) error {
	if f.destroyed {
		return ErrNotFound
	}
	b, err := encode(next)
	if err != nil {
		return err
	}
	if err := writeAtomic(f.path, b, create); err != nil {
		return err
	}
	f.data = next
	return nil
}

func (s slotData) member() Member { return Member{ID: s.Staff, Name: s.Name, Role: s.Role} }

// Destroy destroys this key file (see the function Destroy) and stops this
// File from ever writing it again: a PIN check still running when a revoked
// device wipes itself must not put the key back on disk.
func (f *File) Destroy() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.destroyed = true
	return Destroy(f.path)
}

// Destroy deletes the key file, after overwriting it in place, so the store
// it unlocks can no longer be read by anyone, PIN or no PIN. A revoked or
// retired device calls it before deleting the store itself: on flash storage
// deleted files can linger, and an encrypted store without its key is noise.
// A missing file is not an error.
func Destroy(path string) error {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("keyslot: cannot destroy the key file: %w", err)
	}
	if fh, err := os.OpenFile(path, os.O_WRONLY, 0); err == nil {
		fh.Write(make([]byte, info.Size()))
		fh.Sync()
		fh.Close()
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("keyslot: cannot destroy the key file: %w", err)
	}
	syncDir(filepath.Dir(path))
	return nil
}
