package shell

import (
	"context"
	"errors"
	"time"

	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// Store is what the UI needs from the device store (*storage.Store has it).
type Store interface {
	Save(staff string, changes ...record.Change) error
	View() *storage.View
	// Changed is closed at the next commit that changes records; Version
	// counts those commits (see storage.Store.Version).
	Changed() <-chan struct{}
	Version() uint64
	Meta(name string) ([]byte, error)
	SetMeta(values map[string][]byte) error
	// Device is this device's id; audit entries carry it.
	Device() string
	// ErasePerson erases a person (right to erasure) in one transaction
	// with the extra changes (its audit entry).
	ErasePerson(staff, personID string, extra ...record.Change) error
	// Entity reads one record whatever its state: the read model leaves
	// deleted records out, so archived ones are read from the store.
	Entity(kind record.Kind, id string) (*record.Entity, error)
}

// Lock is the device lock (package lock's Gate): PINs, auto-lock and "Lock
// now". nil means no PINs (tests, screenshots): "Who is using Gather?"
// then signs in by tapping a name.
type Lock interface {
	LockNow()     // lock at once; the PIN pad of whoever was using it
	SwitchStaff() // lock and show every staff member's tile
	// LockUntilStaff locks at once and, after the next right PIN, calls
	// then with who gave it: how staff take back a self-completion form.
	LockUntilStaff(then func(staffID string))
	Touch()              // input seen: put off the idle lock
	Idle() time.Duration // the idle time before the device locks
	SetIdle(d time.Duration)
}

// StaffKeys manages who may unlock this device, acting as the administrator
// who unlocked it (a keyslot.File with the gate's current keyslot.Unlocked).
// Every method except Members, Status and MinPINLength fails unless the
// person using the device is an administrator.
type StaffKeys interface {
	Members() []keyslot.Member
	Status(staffID string) (keyslot.Status, error)
	AddStaff(m keyslot.Member, pin string) error
	UpdateStaff(m keyslot.Member) error // name and role
	RemoveStaff(staffID string) error
	ResetPIN(staffID, pin string) error
	ClearLockout(staffID string) error
	MinPINLength() int
}

// SyncState is what the sync client is doing.
type SyncState int

// The sync states the status line shows.
const (
	SyncNotConnected SyncState = iota // never enrolled with a server
	SyncOffline                       // enrolled, no connection just now
	SyncSyncing                       // pushing or pulling
	SyncSynced                        // up to date as of LastSynced
	SyncError                         // the last attempt failed; Err says why
)

// SyncStatus is a snapshot of the sync client's state.
type SyncStatus struct {
	State      SyncState
	Progress   float64 // 0..1 while syncing; 0 when unknown
	Pending    int     // changes saved here and not yet on the server
	LastSynced time.Time
	Err        error
	Server     string // the server address, when connected
}

// Syncer is what the UI needs from the sync client. It must never block the
// UI: Status returns at once, SyncNow only asks for a sync soon, Updates
// delivers a value (or is closed and replaced) whenever Status changes.
type Syncer interface {
	Status() SyncStatus
	Updates() <-chan struct{}
	SyncNow()
	// Connect enrols this device with a server using a one-time code. It may
	// take a while; the UI calls it from a goroutine.
	Connect(ctx context.Context, serverURL, code string) error
}

// DeviceAdmin manages the organisation's devices on the server with this
// device's own credentials: a Syncer that also has these methods gives
// administrators Admin › Devices on an organisation device. The server
// admits the requests only from a device enrolled for the organisation
// with the administrator role, so the server's admin token is never on a
// device. The methods are slow: the UI calls them off the UI goroutine.
type DeviceAdmin interface {
	// Enrolment is what the server enrolled this device as; false before
	// it was connected.
	Enrolment() (Enrolment, bool)
	Devices(ctx context.Context) ([]DeviceInfo, error)
	// CreateCode makes a one-time enrolment code for a new device.
	CreateCode(ctx context.Context, scope DeviceScope, role string, validFor time.Duration) (EnrolmentCode, error)
	// RevokeDevice removes a device: the server refuses it from its next
	// request, and it wipes its records when it hears so.
	RevokeDevice(ctx context.Context, id string) error
}

// RefusedChange is a change made on this device that the server refused
// (outside the device's scope): set aside, it stays on this device only.
type RefusedChange struct {
	At     time.Time
	Staff  string // who made it (a staff id)
	Kind   record.Kind
	ID     string
	Field  string
	Value  string
	Reason string // the server's words
	// Key names the change to RefusedUndoer.UndoRefused.
	Key string
}

// RefusedLister is a Syncer that lists the changes its server refused,
// oldest first, so a person can see what stays on this device only.
type RefusedLister interface {
	Refused() []RefusedChange
}

// RefusedUndoer is a RefusedLister that can put this device back to what
// the server holds for refused changes: each field named takes the
// server's value again (from the next sync; none if this device may not
// hold it) and the change leaves the list. Nothing changes on the server.
// It returns how many it undid; it may wait for a sync to stop, so the UI
// calls it off the UI goroutine.
type RefusedUndoer interface {
	RefusedLister
	UndoRefused(ctx context.Context, keys ...string) (int, error)
}

// Errors a DeviceAdmin or a Syncer's Connect returns that the UI explains.
var (
	ErrServerUnreachable = errors.New("this device cannot reach the server just now")
	ErrNotEnrolled       = errors.New("this device is not connected to a server")
	// ErrOtherOrganisation: the server belongs to another organisation
	// than the records this device holds (see OtherOrganisationError).
	ErrOtherOrganisation = errors.New("this device holds another organisation's records")
)

// OtherOrganisationError is ErrOtherOrganisation naming the organisation
// whose records the device holds: an administrator who rebuilt that
// organisation's server without a backup gives it this name
// (gather-server adopt-organisation), so its devices fill it again.
type OtherOrganisationError struct{ Held string }

func (e *OtherOrganisationError) Error() string {
	return ErrOtherOrganisation.Error() + " (" + e.Held + ")"
}

func (e *OtherOrganisationError) Is(target error) bool { return target == ErrOtherOrganisation }

// DeviceScope is what a device sees: the whole organisation, or venues.
type DeviceScope struct {
	Organisation bool
	Venues       []string // venue ids
}

// Enrolment is what this device was enrolled as.
type Enrolment struct {
	DeviceID string
	Scope    DeviceScope
	Role     string // "" when unknown (enrolled by an older Gather)
}

// DeviceInfo is one device as the server lists it.
type DeviceInfo struct {
	ID, Name   string
	Scope      DeviceScope
	Role       string
	Enrolled   time.Time
	LastSeen   time.Time // zero: never
	LastSynced time.Time // zero: never
	Revoked    bool
}

// EnrolmentCode is a one-time code for a new device.
type EnrolmentCode struct {
	Code    string
	Expires time.Time
}
