package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// MaxClockAhead is how far ahead of the server's clock a write may be
// stamped. Further ahead and it is refused: a tablet with its date set a
// year ahead must not win every merge for a year.
const MaxClockAhead = 5 * time.Minute

// ServerDevice is the device id in stamps the server makes itself (venues
// added by an administrator, conflict records).
const ServerDevice = "server"

// Errors of the store that callers can act on.
var (
	ErrUnknownVenue = errors.New("no such venue")
	ErrNoDevice     = errors.New("no such device")
)

// StoreOptions configure NewStore.
type StoreOptions struct {
	// Now replaces the wall clock (tests and the chaos simulation).
	Now func() time.Time
	// MaxGroupWrites bounds the writes applied in one commit group.
	MaxGroupWrites int
	// VenueBudgets replaces DefaultVenueBudgets (tests).
	VenueBudgets map[record.Kind]int
	// MaxRefiled replaces the sessions and marks one commit re-files for
	// a move, 5,000 (tests: move.go).
	MaxRefiled int
	// NoRefileInBackground leaves the rest of a move's register for the
	// next start (tests of a server stopped in the middle: move.go).
	NoRefileInBackground bool
}

// Store is the sync server's state: the sync rules over a Backend.
type Store struct {
	b     Backend
	now   func() time.Time
	clock *hlc.Clock

	jobs     chan *pushJob
	maxGroup int
	budgets  map[record.Kind]int // new records a venue device may make a day
	// maxRefiled bounds the sessions and marks one commit re-files for a
	// move; refiling lists the moves with more to re-file (move.go), read
	// and written by the committer alone. noBackground: tests.
	maxRefiled   int
	refiling     []*refiling
	noBackground bool
	stop         context.CancelFunc
	done         chan struct{}
	closed       sync.Once
}

// NewStore runs the sync rules over b, giving it a first epoch and an
// organisation name if it has none. Closing the Store closes b.
func NewStore(b Backend, opts StoreOptions) (*Store, error) {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	s := &Store{b: b, now: now, clock: hlc.NewClock(ServerDevice, now),
		jobs: make(chan *pushJob, 1024), maxGroup: opts.MaxGroupWrites, done: make(chan struct{})}
	if s.maxGroup <= 0 {
		s.maxGroup = protocol.MaxCompactPushWrites
	}
	if s.budgets = opts.VenueBudgets; s.budgets == nil {
		s.budgets = DefaultVenueBudgets
	}
	if s.maxRefiled = opts.MaxRefiled; s.maxRefiled <= 0 {
		s.maxRefiled = defaultMaxRefiled
	}
	s.noBackground = opts.NoRefileInBackground
	err := b.Update(context.Background(), func(tx Tx) error {
		m, err := tx.Meta()
		if err != nil || m.Epoch != "" && m.Organisation != "" && m.SealKey != "" {
			return err
		}
		if m.SealKey == "" {
			m.SealKey = NewSealKey() // made once, with the organisation (erasureseal.go)
		}
		if m.Epoch == "" {
			m.Epoch = NewEpoch()
		}
		if m.Organisation == "" {
			m.Organisation = NewEpoch() // as random; a store of an older version gets one now
		}
		return tx.SetMeta(m)
	})
	if err != nil {
		return nil, err
	}
	if err := s.widenLogged(); err != nil {
		// A convenience (venue tablets get the settings without waiting
		// for a change), so a record it cannot read does not keep the
		// server from starting, every time; the next start tries again.
		slog.Error("logging the settings again for venue devices failed; they get them at their next change", "err", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.stop = cancel
	go s.commitLoop(ctx)
	return s, nil
}

// NewEpoch makes a new random epoch.
func NewEpoch() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Backend is the store's backend.
func (s *Store) Backend() Backend { return s.b }

func (s *Store) meta() (Meta, error) {
	var m Meta
	err := s.b.View(context.Background(), func(r Reader) error {
		var err error
		m, err = r.Meta()
		return err
	})
	return m, err
}

// Epoch is the store's epoch; it changes when the store is restored from a
// backup, telling devices to re-pull and re-push. "" if it cannot be read.
func (s *Store) Epoch() string {
	m, _ := s.meta()
	return m.Epoch
}

// Organisation is the store's organisation name (Meta.Organisation); ""
// if it cannot be read.
func (s *Store) Organisation() string {
	m, _ := s.meta()
	return m.Organisation
}

// AdoptOrganisation gives the store the organisation name name, so the
// devices of that organisation may enrol with it (a store of another name
// refuses them: CodeOtherOrganisation): for a store rebuilt without a
// backup, or one taking over another's devices, which they fill again with
// what they hold. It returns the name the store had.
func (s *Store) AdoptOrganisation(ctx context.Context, name string) (string, error) {
	if name == "" || len(name) > protocol.MaxCodeBytes || strings.IndexFunc(name, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0 {
		return "", fmt.Errorf("an organisation name is 1 to %d characters without spaces, as a device's message gives it", protocol.MaxCodeBytes)
	}
	var was string
	err := s.b.Update(ctx, func(tx Tx) error {
		m, err := tx.Meta()
		if err != nil {
			return err
		}
		was, m.Organisation = m.Organisation, name
		return tx.SetMeta(m)
	})
	return was, err
}

// Head is the last committed sequence.
func (s *Store) Head() uint64 {
	m, _ := s.meta()
	return m.Seq
}

// RotateEpoch gives the store a new epoch, so every device fetches
// everything again and sends back whatever the store lacks, and drops every
// enrolment code: for a store put back from a backup or a point-in-time
// restore by other means than Restore (pg_dump, a file-system snapshot).
func (s *Store) RotateEpoch(ctx context.Context) (string, error) {
	epoch := NewEpoch()
	err := s.b.Update(ctx, func(tx Tx) error {
		m, err := tx.Meta()
		if err != nil {
			return err
		}
		m.Epoch = epoch
		// The store was put back to an earlier moment: a code used since
		// would work again, for whoever saw it. Administrators make new ones.
		if err := tx.DeleteCodes(); err != nil {
			return err
		}
		return tx.SetMeta(m)
	})
	return epoch, err
}

// Close stops the committer and closes the backend.
func (s *Store) Close() error {
	var err error
	s.closed.Do(func() {
		s.stop()
		<-s.done
		err = s.b.Close()
	})
	return err
}

// Backup streams a full backup while the server runs, when the backend
// can make one (badgerstore can; PostgreSQL is backed up with its own tools).
func (s *Store) Backup(w io.Writer) error {
	if b, ok := s.b.(Backuper); ok {
		return b.Backup(w)
	}
	return errors.New("this store is backed up with its database's own tools (see docs/deploy.md)")
}

// Compact makes the values an erasure removed leave the backend's files
// now, when the backend keeps them until then (it does so by itself soon
// after an erasure anyway).
func (s *Store) Compact() error {
	if c, ok := s.b.(Compacter); ok {
		return c.Compact()
	}
	return nil
}

// HashToken is how the store keeps a token (the admin token's hash, say).
func HashToken(token string) []byte { return hashSecret(token) }

func hashSecret(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// ---- devices and enrolment ----

// Authenticate finds the device a bearer token belongs to. Revoked devices
// are returned with the error so the caller can say so.
func (s *Store) Authenticate(token string) (*Device, *protocol.Error) {
	if token == "" {
		return nil, &protocol.Error{Code: protocol.CodeNotEnrolled, Message: "this device is not connected to the server: enrol it with a code from your administrator (Settings, Connect to server)"}
	}
	d, err := s.b.DeviceByTokenHash(context.Background(), hex.EncodeToString(hashSecret(token)))
	switch {
	case err != nil:
		return nil, &protocol.Error{Code: protocol.CodeUnavailable, Message: "the server could not read its list of devices just now; try again in a moment: " + err.Error()}
	case d == nil:
		return nil, &protocol.Error{Code: protocol.CodeNotEnrolled, Message: "the server does not know this device's token: enrol it again with a new code from your administrator"}
	case d.Revoked:
		return nil, &protocol.Error{Code: protocol.CodeRevoked, Message: "this device was removed by an administrator and can no longer sync; ask your administrator if this is a mistake"}
	}
	return d, nil
}

// CreateCode makes a one-time enrolment code for a scope, valid for the
// given time. Venues in the scope must exist.
func (s *Store) CreateCode(scope protocol.Scope, role string, validFor time.Duration) (string, time.Time, error) {
	if !scope.Organisation && len(scope.Venues) == 0 {
		return "", time.Time{}, errors.New("a code needs the organisation scope or at least one venue")
	}
	if validFor <= 0 {
		validFor = 24 * time.Hour
	}
	code := newCode()
	expires := s.now().Add(validFor)
	err := s.b.Update(context.Background(), func(tx Tx) error {
		for _, v := range scope.Venues {
			e, _, err := tx.Entity(domain.KindVenue, v)
			if err != nil {
				return err
			}
			if len(e.Fields) == 0 || e.Deleted() {
				return fmt.Errorf("%w %q: add it first with add-venue", ErrUnknownVenue, v)
			}
		}
		return tx.PutCode(hashSecret(normaliseCode(code)), EnrolCode{Scope: scope, Role: role, Expires: expires.UnixMilli()})
	})
	if err != nil {
		return "", time.Time{}, err
	}
	return code, expires, nil
}

// codeEncoding leaves out characters people confuse (0/O, 1/I).
var codeEncoding = base32.NewEncoding("ABCDEFGHJKLMNPQRSTUVWXYZ23456789").WithPadding(base32.NoPadding)

// newCode makes a code like "K7QM-3XPA-9TRD": 60 random bits.
func newCode() string {
	var b [8]byte
	rand.Read(b[:])
	c := codeEncoding.EncodeToString(b[:])[:12]
	return c[:4] + "-" + c[4:8] + "-" + c[8:12]
}

// normaliseCode forgives case, spaces and dashes in a typed code.
func normaliseCode(c string) string {
	c = strings.ToUpper(c)
	return strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' {
			return -1
		}
		return r
	}, c)
}

// Enrol trades a code for a device token. The code works once.
func (s *Store) Enrol(req protocol.EnrolRequest) (*protocol.EnrolResponse, *protocol.Error, error) {
	badCode := &protocol.Error{Code: protocol.CodeBadCode, Message: "this connection code is not valid: it may be mistyped, already used or expired; check it, or ask your administrator for a new one"}
	var resp *protocol.EnrolResponse
	var perr *protocol.Error
	err := s.b.Update(context.Background(), func(tx Tx) error {
		resp, perr = nil, nil
		hash := hashSecret(normaliseCode(req.Code))
		c, err := tx.Code(hash)
		if err != nil {
			return err
		}
		if c == nil {
			perr = badCode
			return nil
		}
		if s.now().UnixMilli() > c.Expires {
			perr = badCode
			return tx.DeleteCode(hash)
		}
		old, err := tx.Device(req.DeviceID)
		if err != nil {
			return err
		}
		if req.DeviceID == ServerDevice {
			// Stamps by ServerDevice are the server's own writes (an
			// erasure's, a merge cycle broken); no device may make them.
			old = &Device{ID: ServerDevice}
		}
		if perr = mayTakeDeviceID(old, req.Token); perr != nil {
			return nil // the code stays valid for the device's next try
		}
		m, err := tx.Meta()
		if err != nil {
			return err
		}
		if req.Organisation != "" && req.Organisation != m.Organisation {
			perr = otherOrganisation
			return nil // the code stays valid for a device set up afresh
		}
		var tok [32]byte
		rand.Read(tok[:])
		token := base64.RawURLEncoding.EncodeToString(tok[:])
		d := &Device{ID: req.DeviceID, Name: req.DeviceName, Scope: c.Scope, Role: c.Role,
			Enrolled: s.now().UnixMilli(), TokenHash: hex.EncodeToString(hashSecret(token)), PullFromStart: true}
		if old != nil {
			// The same store enrolling again keeps its numbering and copy.
			d.LastSeq, d.Incarnation, d.Formerly = old.LastSeq, old.Incarnation, old.Formerly
		}
		if err := linkFormerly(tx, d, req); err != nil {
			return err
		}
		if err := tx.DeleteCode(hash); err != nil {
			return err
		}
		if err := tx.PutDevice(d); err != nil {
			return err
		}
		onRecord, err := administratorIn(tx)
		if err != nil {
			return err
		}
		resp = &protocol.EnrolResponse{Schema: protocol.Schema, Token: token, DeviceID: d.ID, Epoch: m.Epoch,
			Scope: c.Scope, Role: c.Role, Organisation: m.Organisation, AdministratorOnRecord: onRecord}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return resp, perr, nil
}

// otherOrganisation refuses a device that holds another organisation's
// records: enrolled here, it would send them all (a device meeting a new
// server sends everything it holds, in case that is its own server put
// back from a backup).
var otherOrganisation = &protocol.Error{Code: protocol.CodeOtherOrganisation,
	Message: "this device holds another organisation's records, which must not come to this server; set Gather up afresh on it (a new data folder), or ask your administrator"}

// mayTakeDeviceID refuses an enrolment that would replace another device.
// Device ids are in every stamp, so they are public: only the device's
// current token proves an id is the caller's own. A revoked id stays
// revoked; a device set up again after revocation has a new id.
func mayTakeDeviceID(old *Device, token string) *protocol.Error {
	switch {
	case old == nil:
		return nil
	case old.Revoked:
		return &protocol.Error{Code: protocol.CodeRevoked, Message: "this device was removed by an administrator and cannot be connected again as it is; its records are wiped when Gather next opens, and it can then be set up as a new device"}
	case old.holdsToken(token):
		return nil
	}
	return &protocol.Error{Code: protocol.CodeDeviceIDTaken, Message: "another device is already enrolled with this device's id (this device's records may have been copied from it); the device will take a new id and try again"}
}

// holdsToken reports whether token is d's (its last, revoked or not).
func (d *Device) holdsToken(token string) bool {
	return token != "" && subtle.ConstantTimeCompare([]byte(hex.EncodeToString(hashSecret(token))), []byte(d.TokenHash)) == 1
}

// linkFormerly records in d the id the enrolling store held before, when
// the request proves it with that id's last token (revoked or not: a
// backup of a removed tablet, restored by an administrator, enrols anew).
func linkFormerly(tx Tx, d *Device, req protocol.EnrolRequest) error {
	if req.PreviousDeviceID == "" || req.PreviousDeviceID == d.ID {
		return nil
	}
	prev, err := tx.Device(req.PreviousDeviceID)
	if err != nil || prev == nil {
		return err
	}
	if !prev.holdsToken(req.PreviousToken) {
		return nil
	}
	// The ids d had, then those prev had, then prev's own: newest last.
	var ids []string
	for _, id := range slices.Concat(d.Formerly, prev.Formerly, []string{prev.ID}) {
		if id != d.ID {
			ids = append(slices.DeleteFunc(ids, func(x string) bool { return x == id }), id)
		}
	}
	d.Formerly = ids[max(len(ids)-maxFormerly, 0):]
	return nil
}

// Devices lists enrolled devices, newest first.
func (s *Store) Devices() []protocol.DeviceInfo {
	list, err := s.DeviceList()
	if err != nil {
		slog.Error("listing devices", "err", err)
	}
	return list
}

// DeviceList lists enrolled devices, newest first.
func (s *Store) DeviceList() ([]protocol.DeviceInfo, error) {
	devs, err := s.b.Devices(context.Background())
	if err != nil {
		return nil, err
	}
	out := make([]protocol.DeviceInfo, 0, len(devs))
	for i := range devs {
		out = append(out, devs[i].info())
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Enrolled != out[j].Enrolled {
			return out[i].Enrolled > out[j].Enrolled
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// Revoke removes a device: it is refused from its next request on, by
// every server process sharing the backend.
func (s *Store) Revoke(id string) error {
	return s.b.Update(context.Background(), func(tx Tx) error {
		d, err := tx.Device(id)
		if err != nil {
			return err
		}
		if d == nil {
			return fmt.Errorf("%w %q: list devices to see their ids", ErrNoDevice, id)
		}
		d.Revoked = true
		return tx.PutDevice(d)
	})
}

// AddVenue creates a venue record, stamped by the server, so it reaches
// devices like any other change. An empty id gets a new one.
func (s *Store) AddVenue(id, name, address string) (string, error) {
	if strings.TrimSpace(name) == "" {
		return "", errors.New("a venue needs a name")
	}
	if id == "" {
		id = domain.NewID()
	}
	if len(id) > protocol.MaxIDBytes || strings.IndexByte(id, 0) >= 0 {
		return "", errors.New("a venue id must be at most 256 bytes without NUL")
	}
	fields := map[string]string{"name": name, "address": address}
	var ws []record.Write
	for _, f := range []string{"address", "name"} {
		if fields[f] == "" {
			continue
		}
		ws = append(ws, record.Write{Kind: domain.KindVenue, ID: id, Field: f, Value: fields[f], Stamp: s.clock.Now(), Staff: "administrator"})
	}
	job := &pushJob{server: ws, done: make(chan pushResult, 1)}
	if err := s.submit(context.Background(), job); err != nil {
		return "", err
	}
	return id, nil
}

// Entity returns a record's merged state as the server holds it (tests and
// tools).
func (s *Store) Entity(kind record.Kind, id string) (*record.Entity, error) {
	var e *record.Entity
	err := s.b.View(context.Background(), func(r Reader) error {
		var err error
		e, _, err = r.Entity(kind, id)
		return err
	})
	return e, err
}

// conflictEntity makes the server's conflict records: the server is their
// only author, and their id and content derive from the pair of writes.
var conflictEntity = domain.ConflictEntity
