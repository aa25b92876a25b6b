package server

import (
	"context"
	"errors"
	"io"
	"slices"
	"time"

	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// The storage seam. A Store keeps the sync rules; a Backend keeps the
// bytes. Each backend is its own package (badgerstore, pgstore) and passes
// the one conformance suite in storetest. Everything that a second server
// process sharing the backend must see lives behind it: devices and their
// token hashes, revocation, each device's last sequence, enrolment codes,
// the wrong-code counters, venue devices' budgets of new records (in the
// push's own transaction), the admin token hash, the server's clock and
// its epoch.

// Backend is where a Store keeps everything.
type Backend interface {
	// Update runs fn in a read-write transaction and commits it when fn
	// returns nil. Updates are serialised across every process sharing the
	// backend, from before fn's first read until the commit is visible:
	// that is what makes commit sequence order equal visibility order, so a
	// reader's snapshot always holds a gap-free prefix of the log.
	Update(ctx context.Context, fn func(Tx) error) error
	// View runs fn in one read-only snapshot.
	View(ctx context.Context, fn func(Reader) error) error
	// DeviceByTokenHash finds the device a token hash (hex sha256) belongs
	// to, or nil.
	DeviceByTokenHash(ctx context.Context, hash string) (*Device, error)
	// Devices lists every device, in no particular order.
	Devices(ctx context.Context) ([]Device, error)
	// Touch records when a device was last seen, and when synced is set,
	// last finished a pull. It never moves either time backwards.
	Touch(ctx context.Context, id string, now int64, synced bool) error
	// Failures is the table of wrong enrolment codes by client.
	Failures() FailureTable
	// AdminTokenHash is the sha256 of the admin token, or nil when none is
	// set in the store.
	AdminTokenHash(ctx context.Context) ([]byte, error)
	Close() error
}

// Reader reads one consistent state.
type Reader interface {
	// Meta is the server's own state: the last commit sequence, the epoch
	// and the clock.
	Meta() (Meta, error)
	// Entity returns a record's merged state and its current log sequence
	// (a new empty entity and 0 when the server has never seen it).
	Entity(kind record.Kind, id string) (*record.Entity, uint64, error)
	// Entities calls fn for every record of kind whose id starts with
	// prefix, in id order. e is only valid during the call.
	Entities(kind record.Kind, prefix string, fn func(id string, e *record.Entity) error) error
	// LogEntry returns the entry logged at seq, if it is still there.
	LogEntry(seq uint64) (LogEntry, bool, error)
	// Log calls fn for each log entry after seq in sequence order until fn
	// returns false. e.State is only valid during the call.
	Log(after uint64, fn func(seq uint64, e LogEntry) (bool, error)) error
	// VenueLog is Log over the entries indexed under any of venues, each
	// entry once.
	VenueLog(venues []string, after uint64, fn func(seq uint64, e LogEntry) (bool, error)) error
	// Linked says whether a person has an enrolment or mark at a venue.
	Linked(person, venue string) (bool, error)
	// PersonVenues lists the venues a person is linked to.
	PersonVenues(person string) ([]string, error)
	// Device returns a device by id, or nil.
	Device(id string) (*Device, error)
	// Code returns the enrolment code stored under hash, or nil.
	Code(hash []byte) (*EnrolCode, error)
}

// Tx is a read-write transaction (Backend.Update).
type Tx interface {
	Reader
	// PutEntity stores a record's state (record.AppendEntity) under seq.
	PutEntity(kind record.Kind, id string, state []byte, seq uint64) error
	// PutLog logs an entry at seq, indexed under venues ("" is every venue).
	PutLog(seq uint64, e LogEntry, venues []string) error
	// DeleteLog removes the entry at seq and its index entries under venues.
	DeleteLog(seq uint64, venues []string) error
	PutLink(person, venue string) error
	PutDevice(d *Device) error
	PutCode(hash []byte, c EnrolCode) error
	DeleteCode(hash []byte) error
	// DeleteCodes removes every enrolment code (a new epoch: codes used
	// after the backup it was put back from would work again).
	DeleteCodes() error
	// SetMeta replaces the server's own state.
	SetMeta(m Meta) error
	// NewRecords is the count of new records of kind a venue device last
	// made in a day (budget.go); zero if it never did.
	NewRecords(device string, kind record.Kind) (NewRecords, error)
	// PutNewRecords replaces that count.
	PutNewRecords(device string, kind record.Kind, c NewRecords) error
	// Erased says this transaction erased something: the backend makes the
	// old values leave its files soon after it commits.
	Erased()
}

// Meta is the server's own state.
type Meta struct {
	Seq   uint64 // the last commit sequence
	Epoch string // changes when the store is restored, so devices re-sync
	HLC   string // the last stamp of the server's clock (hlc.Timestamp)
	// Organisation names the store for good: made once, it is kept by
	// backups and restores (unlike Epoch), so a device can tell another
	// organisation's server from its own one put back.
	Organisation string
	// SealKey is the seed of the server's ed25519 key that seals the
	// erasures it takes (erasureseal.go), hex: made once, with the
	// organisation, and kept by backups and restores, so a seal made
	// before a backup still verifies after it is put back, and every
	// process over one database seals alike. SetMeta writes it only when
	// set, and never replaces one held.
	SealKey string
}

// FailureTable counts wrong enrolment codes by client key (enrolLimiter).
type FailureTable interface {
	// Get returns the failures under key: when their window started and
	// how many.
	Get(ctx context.Context, key string) (start time.Time, n int, err error)
	// Add counts one failure under key at now, starting a new window when
	// the old one is over.
	Add(ctx context.Context, key string, now time.Time, window time.Duration) error
	// Len is the number of keys held.
	Len(ctx context.Context) (int, error)
	// Prune drops keys whose window started before before.
	Prune(ctx context.Context, before time.Time) error
}

// Optional abilities of a backend.
type (
	// Backuper streams a full backup while the server runs.
	Backuper interface{ Backup(w io.Writer) error }
	// Compacter makes erased values leave the backend's files now.
	Compacter interface{ Compact() error }
)

// ErrTxnTooBig is returned (wrapped) by a backend whose transaction cannot
// hold any more: the committer splits its group and tries again.
var ErrTxnTooBig = errors.New("the transaction is too big")

// Audience says which devices a logged record reaches.
type Audience byte

const (
	AudienceOrganisation Audience = iota // case data: organisation devices only
	AudienceEveryone                     // register data with no venue (staff)
	AudienceVenue                        // register data of one venue
	AudiencePerson                       // a person's card: venues where they take part
)

// LogEntry is a record's state as logged at its commit sequence, with what
// a pull needs to decide who may see it without decoding the state.
type LogEntry struct {
	Kind     record.Kind
	ID       string
	Audience Audience
	Venue    string
	State    []byte
	// Origin names the opening of a device's store (see origin.go) that
	// holds this state already, because every field of it is a write that
	// opening pushed; "" when none is known to. A pull from that opening
	// leaves the entry out.
	Origin string
}

// Device is an enrolled device as the server keeps it. The JSON form is
// what badgerstore stores; keep it compatible.
type Device struct {
	ID       string         `json:"id"`
	Name     string         `json:"name"`
	Scope    protocol.Scope `json:"scope"`
	Role     string         `json:"role,omitempty"`
	Enrolled int64          `json:"enrolled"`
	LastSeen int64          `json:"last_seen,omitempty"`
	// LastSynced is when the device last finished a pull: it was up to
	// date then.
	LastSynced int64  `json:"last_synced,omitempty"`
	LastSeq    uint64 `json:"last_seq"`
	// Incarnation is the copy of the device's store the server accepts
	// pushes from (see checkIncarnation).
	Incarnation string `json:"incarnation,omitempty"`
	Revoked     bool   `json:"revoked,omitempty"`
	// PullFromStart is set by every enrolment and cleared by the device's
	// first pull from the start (cursor 0). Until then a cursor it sends
	// was reached under an earlier enrolment, perhaps another scope, so it
	// does not say what the device holds now: a pull after it is answered
	// "fetch everything afresh", and a push's cursor is not trusted for no
	// echo (origin.go). Whatever changes a device's scope must set it.
	PullFromStart bool   `json:"pull_from_start,omitempty"`
	TokenHash     string `json:"token_hash"`
	// Formerly lists the ids this device's store enrolled under before
	// (protocol.EnrolRequest.PreviousDeviceID, proved by that id's token),
	// newest last, at most maxFormerly: its audit entries written under
	// them name them (falseClaim).
	Formerly []string `json:"formerly,omitempty"`
}

// Is reports whether id is this device's, now or under an id its store
// enrolled with before (Formerly).
func (d *Device) Is(id string) bool { return id == d.ID || slices.Contains(d.Formerly, id) }

// maxFormerly bounds Device.Formerly.
const maxFormerly = 8

func (d *Device) info() protocol.DeviceInfo {
	return protocol.DeviceInfo{ID: d.ID, Name: d.Name, Scope: d.Scope, Role: d.Role, Enrolled: d.Enrolled,
		LastSeen: d.LastSeen, LastSynced: d.LastSynced, LastSeq: d.LastSeq, Revoked: d.Revoked}
}

// EnrolCode is a one-time enrolment code as stored (under its hash).
type EnrolCode struct {
	Scope   protocol.Scope `json:"scope"`
	Role    string         `json:"role,omitempty"`
	Expires int64          `json:"expires"`
}
