package protocol

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/version"
)

// Schema is the version of the wire format this build speaks. MinSchema is
// the oldest a server still accepts; older clients are told to update.
const (
	Schema    = 1
	MinSchema = 1
)

// Paths of the endpoints.
const (
	PathHealth = "/v1/health"
	PathEnrol  = "/v1/enrol"
	PathPush   = "/v1/push"
	PathPull   = "/v1/pull"

	PathAdminVenues  = "/v1/admin/venues"
	PathAdminCodes   = "/v1/admin/codes"
	PathAdminDevices = "/v1/admin/devices"
	PathAdminRevoke  = "/v1/admin/revoke"
	PathAdminBackup  = "/v1/admin/backup"
)

// Limits every request is held to. A server may be configured lower; a
// client must stay within these.
const (
	MaxBodyBytes     = 8 << 20  // compressed request body
	MaxInflatedBytes = 32 << 20 // request body after gunzip (zip bombs stop here)
	MaxPushWrites    = 5000     // writes in one push as JSON
	// MaxCompactPushWrites bounds the writes in one push in the compact
	// form (ContentTypePush), which costs the server a fraction of JSON's
	// per write: fewer, bigger batches mean fewer round trips and commits.
	MaxCompactPushWrites = 20000
	MaxPullEntities      = 10000 // entities in one pull page
	DefaultPullLimit     = 2000
	MaxPageBytes         = 8 << 20 // uncompressed entity bytes in one pull page
	MaxFieldNameBytes    = 64
	MaxKindBytes         = 64
	MaxIDBytes           = 256
	MaxValueBytes        = 64 << 10
	MaxStaffBytes        = 256
	MaxCodeBytes         = 64
	MaxNameBytes         = 200
	// MaxIncarnationBytes bounds a store's incarnation id and instance.
	MaxIncarnationBytes = 64
)

// Limits on one record, whatever its history: its state after a push (the
// record package's encoding) and its number of fields. A push that would
// take a record past either is refused with CodeTooLarge naming it; a
// record already past them may still shrink. Stamp counters above
// hlc.MaxCounter are refused with CodeBadRequest.
const (
	MaxRecordBytes  = 256 << 10
	MaxRecordFields = 256
)

// Error codes, stable strings a client can switch on. Every error answer is
// an Error with one of these and a message a person can act on.
const (
	CodeBadRequest     = "bad_request"
	CodeTooLarge       = "too_large"
	CodeUpdateRequired = "update_required"
	CodeServerTooOld   = "server_update_required"
	CodeNotEnrolled    = "not_enrolled"
	CodeRevoked        = "device_revoked"
	CodeBadCode        = "bad_enrolment_code"
	CodeRateLimited    = "rate_limited"
	CodeOutOfScope     = "out_of_scope"
	CodeClockAhead     = "clock_ahead"
	CodeSequenceGap    = "sequence_gap"
	CodeEpochChanged   = "epoch_changed"
	CodeUnavailable    = "unavailable"
	CodeNotFound       = "not_found"
	CodeForbidden      = "forbidden"
	// CodeMethodNotAllowed answers a known path asked with the wrong HTTP
	// method (405, with an Allow header).
	CodeMethodNotAllowed = "method_not_allowed"
)

// Error codes about a device's identity: restored or cloned stores, and
// enrolments that would take over another device's id.
const (
	// CodeDeviceRestored: the store numbers its writes below what the server
	// already holds from it, so it was restored from an earlier copy.
	// ExpectedSeq is where its renumbered queue must start.
	CodeDeviceRestored = "device_restored"
	// CodeDeviceCloned: another copy of this device's store syncs under the
	// same device id; this copy must be connected again with a new code.
	CodeDeviceCloned = "device_cloned"
	// CodeDeviceIDTaken: an enrolment named a device id that another
	// enrolled (or revoked) device holds.
	CodeDeviceIDTaken = "device_id_taken"
	// CodeOtherOrganisation refuses an enrolment from a device holding
	// another organisation's records (EnrolRequest.Organisation).
	CodeOtherOrganisation = "other_organisation"
)

// CodeActivityUnknown: a venue device sent a session, enrolment or mark of
// an activity the server does not hold (yet); one held at another venue is
// CodeOutOfScope, naming no venue. RefusedSeq names the write; a device that holds the activity at its own
// venues keeps it queued and sends it again later, any other sets it
// aside as refused.
const CodeActivityUnknown = "activity_unknown"

// Error is the body of every non-2xx answer.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// ExpectedSeq is set with CodeSequenceGap: the next sequence the server
	// will accept from this device.
	ExpectedSeq uint64 `json:"expected_seq,omitempty"`
	// Epoch is set with CodeEpochChanged: the server's current epoch.
	Epoch string `json:"epoch,omitempty"`
	// RetryAfterSeconds is set with CodeRateLimited.
	RetryAfterSeconds int `json:"retry_after_seconds,omitempty"`
	// RefusedSeq is set with CodeOutOfScope: the sequence of the first write
	// the device may not make. The device sends the writes before it, then
	// sets that one aside, so one refused change never holds up the rest.
	RefusedSeq uint64 `json:"refused_seq,omitempty"`
	// LatestStamp and ServerTime are set with CodeClockAhead: the latest
	// time (Unix ms) the server accepts on a write just now, and its clock.
	// A device whose own clock is back within LatestStamp stamps the
	// refused writes again and sends them (storage.Store.Restamp).
	LatestStamp int64 `json:"latest_stamp,omitempty"`
	ServerTime  int64 `json:"server_time,omitempty"`
}

func (e *Error) Error() string { return e.Message }

// Scope is what a device may see and write: the whole organisation (link
// workers, reception) or register data for a list of venues.
type Scope struct {
	Organisation bool     `json:"organisation,omitempty"`
	Venues       []string `json:"venues,omitempty"`
}

// HasVenue reports whether the scope covers venue id.
func (s Scope) HasVenue(id string) bool {
	if s.Organisation {
		return true
	}
	for _, v := range s.Venues {
		if v == id {
			return true
		}
	}
	return false
}

// Covers reports whether s lets a device see everything o does: a device
// enrolled again for a scope that does not cover its last one holds
// records it may no longer see.
func (s Scope) Covers(o Scope) bool {
	if s.Organisation {
		return true
	}
	if o.Organisation {
		return false
	}
	for _, v := range o.Venues {
		if !s.HasVenue(v) {
			return false
		}
	}
	return true
}

func (s Scope) String() string {
	if s.Organisation {
		return "organisation"
	}
	return "venues " + strings.Join(s.Venues, ",")
}

// EnrolRequest trades a one-time enrolment code for a device token.
type EnrolRequest struct {
	Schema     int    `json:"schema"`
	Code       string `json:"code"`
	DeviceID   string `json:"device_id"`
	DeviceName string `json:"device_name,omitempty"`
	// Token is the device's current token when it enrols again (a new
	// scope, say): it proves the device id is its own. Without it, an id
	// that another enrolled device holds is refused (CodeDeviceIDTaken):
	// device ids are in every stamp, so they are public.
	Token string `json:"token,omitempty"`
	// Organisation is the organisation whose records the device holds
	// (EnrolResponse.Organisation, as its last server said), if it knows:
	// a server of another organisation refuses it (CodeOtherOrganisation)
	// without using up the code.
	Organisation string `json:"organisation,omitempty"`
	// PreviousDeviceID and PreviousToken name the id this store enrolled
	// under before it took a new one (a copied store, or a backup of a
	// device since removed), with that id's last token: the server then
	// takes from it the audit entries written under the old id, which
	// name that device (Device.Formerly). A wrong token links nothing.
	PreviousDeviceID string `json:"previous_device_id,omitempty"`
	PreviousToken    string `json:"previous_token,omitempty"`
}

// EnrolResponse carries the token; the server keeps only its hash.
type EnrolResponse struct {
	Schema   int    `json:"schema"`
	Token    string `json:"token"`
	DeviceID string `json:"device_id"`
	Epoch    string `json:"epoch"`
	Scope    Scope  `json:"scope"`
	Role     string `json:"role,omitempty"`
	// Organisation names the server's store for good: unlike Epoch, it
	// stays when the store is restored from a backup.
	Organisation string `json:"organisation,omitempty"`
	// AdministratorOnRecord says the organisation has an administrator on
	// record, so the server takes a new one only from a device whose role
	// manages staff: a device enrolled for another takes back the
	// administrator role its first-time setup wrote, before it is sent
	// (sync/client's Enrol). It tells the device what to send, and the
	// server trusts nothing more for it: every write is checked as ever.
	// An older server leaves it out, and the device sends the role.
	AdministratorOnRecord bool `json:"administrator_on_record,omitempty"`
}

// Write is one field write on the wire. Stamps use hlc.Timestamp's text form
// "wall.counter@device"; Seq is the device's queue sequence of the write.
type Write struct {
	Seq   uint64 `json:"seq"`
	Kind  string `json:"kind"`
	ID    string `json:"id"`
	Field string `json:"field"`
	Value string `json:"value,omitempty"`
	Stamp string `json:"stamp"`
	Base  string `json:"base,omitempty"`
	Staff string `json:"staff,omitempty"`
}

// PushRequest sends queued writes, in queue order, with strictly increasing
// Seq. Epoch is the server epoch the device last synced with. Rebase tells
// the server this device has re-queued its whole state (after an epoch
// change), so a jump in its sequence is expected and not a gap.
type PushRequest struct {
	Schema int    `json:"schema"`
	Epoch  string `json:"epoch"`
	Rebase bool   `json:"rebase,omitempty"`
	// Incarnation names this copy of the device's store. It changes when a
	// store learns it was restored from an earlier copy (CodeDeviceRestored);
	// the server then refuses the old incarnation, so a second live copy of
	// the same store (a clone) is told apart instead of overwriting the
	// first one's numbering (CodeDeviceCloned).
	Incarnation string `json:"incarnation,omitempty"`
	// PreviousIncarnation is sent with a new Incarnation, the first time,
	// after the store renumbered its queue following CodeDeviceRestored.
	PreviousIncarnation string `json:"previous_incarnation,omitempty"`
	// QueueHead is the highest sequence this store has ever numbered a write
	// with. A live store's head never goes down, so a head below what the
	// server already holds from this device means the store was put back
	// from an earlier copy (CodeDeviceRestored).
	QueueHead uint64 `json:"queue_head,omitempty"`
	// Instance names this opening of the device's store: random, new each
	// time the store is opened, never saved. The server notes it on the
	// records whose whole state this push sent, and a pull with the same
	// instance leaves them out: the device holds them already (no echo).
	// Only the same opening of the store is sure to hold what it sent; a
	// copy of its files, or the store put back from a backup, opens with
	// another instance and gets everything.
	Instance string `json:"instance,omitempty"`
	// Cursor is the store's pull cursor in Epoch: it holds every record
	// the server had logged up to there, as this device may see it. With
	// Instance, it lets the server tell which records this push leaves
	// wholly as the device holds them (a mark another device made, with
	// one field changed here), so they are not sent back either.
	Cursor uint64 `json:"cursor,omitempty"`
	// FreshFrom is the first queue number past every write the store
	// queued again with its whole state (storage.Store.FreshFrom): a write
	// numbered from it on, stamped by this device and past the last the
	// server holds from it, is a save no other device can have seen, so
	// one it loses to was made without knowing it, and the server keeps
	// it as a conflict. 0 (older clients): the server cannot tell.
	FreshFrom uint64 `json:"fresh_from,omitempty"`
	// SettlesRefused says the device takes an answer that refuses some
	// writes of the batch one by one (PushResponse.Refused) and applies the
	// rest. Without it (older clients) a write the server refuses refuses
	// the whole batch, naming the first (Error.RefusedSeq).
	SettlesRefused bool    `json:"settles_refused,omitempty"`
	Writes         []Write `json:"writes"`
}

// PushResponse acknowledges every write up to and including AckedSeq.
type PushResponse struct {
	Schema    int    `json:"schema"`
	Epoch     string `json:"epoch"`
	AckedSeq  uint64 `json:"acked_seq"`
	Applied   int    `json:"applied"`   // writes that changed the server's state
	Conflicts int    `json:"conflicts"` // concurrent writes recorded for review
	// ServerTime is the server's clock in Unix ms; devices advance their HLC from it.
	ServerTime int64 `json:"server_time"`
	// Refused lists the writes of the batch the server refused one by one,
	// by sequence, to a push that says it settles them (SettlesRefused): a
	// write the device's enrolled role may not make, or a venue device may
	// never make of a record it is sent, sent again with a record's whole
	// state after a server restore (another device's conflict decision, or
	// the office's merge of a person, say). They are acknowledged with the rest but not
	// applied; the rest of the batch was checked and applied without them,
	// as if the device had sent it so. The device keeps them (its own are
	// listed as refused) and does not send them again.
	Refused []RefusedWrite `json:"refused,omitempty"`
}

// RefusedWrite is one write a push answer refuses (PushResponse.Refused):
// its sequence, and the refusal's code and words as an Error gives them.
type RefusedWrite struct {
	Seq     uint64 `json:"seq"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// PullRequest asks for changes after a cursor (Epoch, After). A device that
// has never pulled sends an empty epoch and After 0.
type PullRequest struct {
	Schema int    `json:"schema"`
	Epoch  string `json:"epoch"`
	After  uint64 `json:"after"`
	Limit  int    `json:"limit,omitempty"`
	// MaxBytes, when set, ends the page once its states reach this many
	// bytes, so a device can apply a page in one store transaction.
	MaxBytes int `json:"max_bytes,omitempty"`
	// Instance is the instance this store's pushes carry (PushRequest):
	// records whose state is wholly what this instance pushed are left out
	// of the page, while the cursor moves past them.
	Instance string `json:"instance,omitempty"`
	// States is the newest entity encoding the device reads
	// (record.EntityVersion). A device from before encoding version 2
	// sends none and is sent version 1.
	States int `json:"states,omitempty"`
}

// Entity is the current state of one record as this device may see it.
// State is the record package's binary entity encoding (a version byte,
// then the fields with their stamps; no newer than the PullRequest's
// States), base64 in JSON. Sending states is equivalent to sending every
// write, and far smaller.
type Entity struct {
	Kind  string `json:"kind"`
	ID    string `json:"id"`
	State []byte `json:"state"`
}

// PageBytes is what e counts towards a pull page's MaxPageBytes: its
// state, kind and id, and 32 bytes for the rest of it on the wire.
func (e *Entity) PageBytes() int { return len(e.State) + len(e.ID) + len(e.Kind) + 32 }

// PullResponse is one page. Next is the cursor to send next; More says
// another page is waiting; Head is the server's latest sequence (for
// progress).
type PullResponse struct {
	Schema     int      `json:"schema"`
	Epoch      string   `json:"epoch"`
	Next       uint64   `json:"next"`
	Head       uint64   `json:"head"`
	More       bool     `json:"more"`
	ServerTime int64    `json:"server_time"`
	Entities   []Entity `json:"entities"`
	// Organisation is EnrolResponse.Organisation, so a device enrolled
	// before servers named it learns it.
	Organisation string `json:"organisation,omitempty"`
}

// Health is the answer of the health endpoint.
type Health struct {
	Status string `json:"status"`
	Schema int    `json:"schema"`
	Epoch  string `json:"epoch"`
	// Version is the server's release and commit (version.String).
	Version string `json:"version,omitempty"`
	// Organisation is the store's organisation name
	// (EnrolResponse.Organisation): what a store that takes over this
	// one's devices adopts (gather-server adopt-organisation).
	Organisation string `json:"organisation,omitempty"`
}

// Admin requests. They need the admin token, or (codes, devices, revoke)
// the token of an administrator's organisation device (see
// docs/sync-protocol.md).

// AddVenueRequest creates a venue.
type AddVenueRequest struct {
	Schema  int    `json:"schema"`
	ID      string `json:"id,omitempty"` // optional; a new id is made when empty
	Name    string `json:"name"`
	Address string `json:"address,omitempty"`
}

// AddVenueResponse names the venue created.
type AddVenueResponse struct {
	ID string `json:"id"`
}

// CreateCodeRequest makes a one-time enrolment code.
type CreateCodeRequest struct {
	Schema         int    `json:"schema"`
	Scope          Scope  `json:"scope"`
	Role           string `json:"role,omitempty"`
	ValidForMinute int    `json:"valid_for_minutes,omitempty"`
}

// CreateCodeResponse carries the code to read out or type in on the device.
type CreateCodeResponse struct {
	Code    string `json:"code"`
	Expires int64  `json:"expires"` // Unix ms
}

// DeviceInfo describes an enrolled device for administrators.
type DeviceInfo struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Scope    Scope  `json:"scope"`
	Role     string `json:"role,omitempty"`
	Enrolled int64  `json:"enrolled"` // Unix ms
	LastSeen int64  `json:"last_seen,omitempty"`
	// LastSynced is when the device last finished a pull (Unix ms).
	LastSynced int64  `json:"last_synced,omitempty"`
	LastSeq    uint64 `json:"last_seq"`
	Revoked    bool   `json:"revoked,omitempty"`
}

// DevicesResponse lists devices.
type DevicesResponse struct {
	Devices []DeviceInfo `json:"devices"`
}

// RevokeRequest removes a device; it is refused from then on.
type RevokeRequest struct {
	Schema   int    `json:"schema"`
	DeviceID string `json:"device_id"`
}

// CheckSchema returns the error to answer a request written for schema v.
func CheckSchema(v int) *Error {
	switch {
	case v == 0:
		return &Error{Code: CodeBadRequest, Message: "the request does not say which schema version it uses; this is not a Gather client, or a very old one: install the latest version of Gather"}
	case v < MinSchema:
		return &Error{Code: CodeUpdateRequired, Message: fmt.Sprintf("this version of Gather (sync schema %d) is too old for the server (needs %d or newer): install Gather %s or later, then sync again; nothing has been lost", v, MinSchema, version.Version)}
	case v > Schema:
		return &Error{Code: CodeServerTooOld, Message: fmt.Sprintf("the server speaks sync schema %d but this app speaks %d: ask your administrator to update the Gather server; nothing has been lost", Schema, v)}
	}
	return nil
}

// FromRecord converts a queued write to its wire form.
func FromRecord(seq uint64, w record.Write) Write {
	out := Write{Seq: seq, Kind: string(w.Kind), ID: w.ID, Field: w.Field, Value: w.Value, Stamp: w.Stamp.String(), Staff: w.Staff}
	if !w.Base.IsZero() {
		out.Base = w.Base.String()
	}
	return out
}

// ToRecord validates a wire write and converts it. The error says which
// part is wrong.
func (w Write) ToRecord() (record.Write, error) {
	// Every string must be valid UTF-8 (JSON decoding would otherwise store
	// U+FFFD in place of the bad bytes), and none but the value may hold a
	// NUL: kind, id and field are joined with NUL into keys and conflict
	// ids, and kind, id, field, staff and stamps' device ids are names
	// programs make, never text a person types. A value is such text, and a
	// NUL in it harms nothing (values are stored length-prefixed); refusing
	// one would leave a device's queue stuck behind a pasted note.
	switch {
	case w.Kind == "" || len(w.Kind) > MaxKindBytes || !isName(w.Kind):
		return record.Write{}, fmt.Errorf("write %d: kind must be 1 to %d bytes of UTF-8 text without NUL", w.Seq, MaxKindBytes)
	case w.ID == "" || len(w.ID) > MaxIDBytes || !isName(w.ID):
		return record.Write{}, fmt.Errorf("write %d: id must be 1 to %d bytes of UTF-8 text without NUL", w.Seq, MaxIDBytes)
	case w.Field == "" || len(w.Field) > MaxFieldNameBytes || !isName(w.Field):
		return record.Write{}, fmt.Errorf("write %d: field name must be 1 to %d bytes of UTF-8 text without NUL", w.Seq, MaxFieldNameBytes)
	case len(w.Value) > MaxValueBytes:
		return record.Write{}, fmt.Errorf("write %d: value is longer than %d bytes", w.Seq, MaxValueBytes)
	case !utf8.ValidString(w.Value):
		return record.Write{}, fmt.Errorf("write %d: value is not valid UTF-8 text", w.Seq)
	case len(w.Staff) > MaxStaffBytes || !isName(w.Staff):
		return record.Write{}, fmt.Errorf("write %d: staff must be at most %d bytes of UTF-8 text without NUL", w.Seq, MaxStaffBytes)
	}
	stamp, err := parseStamp(w.Stamp)
	if err != nil || stamp.IsZero() || !isName(stamp.Device) {
		return record.Write{}, fmt.Errorf("write %d: stamp %q is not wall.counter@device", w.Seq, w.Stamp)
	}
	var base hlc.Timestamp
	if w.Base != "" {
		if base, err = parseStamp(w.Base); err != nil || !isName(base.Device) {
			return record.Write{}, fmt.Errorf("write %d: base %q is not wall.counter@device", w.Seq, w.Base)
		}
	}
	return record.Write{Kind: record.Kind(w.Kind), ID: w.ID, Field: w.Field, Value: w.Value, Stamp: stamp, Base: base, Staff: w.Staff}, nil
}

func parseStamp(s string) (hlc.Timestamp, error) {
	if len(s) > 2*MaxIDBytes {
		return hlc.Timestamp{}, fmt.Errorf("stamp too long")
	}
	t, err := hlc.Parse(s)
	if err != nil {
		return t, err
	}
	if t.Wall < 0 || t.Device == "" {
		return t, fmt.Errorf("stamp needs a device")
	}
	if t.Counter > hlc.MaxCounter {
		// No Gather clock makes such a counter, and one near 2^32 would
		// wrap the server's own next reading below it.
		return t, fmt.Errorf("stamp counter %d is above %d", t.Counter, hlc.MaxCounter)
	}
	return t, nil
}

// isName reports whether s is valid UTF-8 without NUL: what every string
// but a write's value must be.
func isName(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

// Validate checks a push request's shape: schema aside, which CheckSchema
// answers, the writes must be within limits and in increasing Seq order.
func (r *PushRequest) Validate() error {
	if len(r.Writes) > MaxPushWrites {
		return fmt.Errorf("a push may carry at most %d writes, this one has %d: send smaller batches", MaxPushWrites, len(r.Writes))
	}
	if len(r.Incarnation) > MaxIncarnationBytes || len(r.PreviousIncarnation) > MaxIncarnationBytes || len(r.Instance) > MaxIncarnationBytes {
		return fmt.Errorf("an incarnation or instance is at most %d bytes", MaxIncarnationBytes)
	}
	var prev uint64
	for i, w := range r.Writes {
		if w.Seq == 0 || (i > 0 && w.Seq <= prev) {
			return fmt.Errorf("write sequences must start at 1 and increase; write %d has %d after %d", i, w.Seq, prev)
		}
		prev = w.Seq
		if _, err := w.ToRecord(); err != nil {
			return err
		}
	}
	return nil
}

// Validate checks a pull request's limit.
func (r *PullRequest) Validate() error {
	if r.Limit < 0 || r.Limit > MaxPullEntities {
		return fmt.Errorf("page limit must be between 1 and %d", MaxPullEntities)
	}
	if r.MaxBytes < 0 {
		return fmt.Errorf("max_bytes must not be negative")
	}
	if r.States < 0 || r.States > 255 {
		return fmt.Errorf("states must be an encoding version between 0 and 255")
	}
	if len(r.Epoch) > 64 {
		return fmt.Errorf("epoch is too long")
	}
	if len(r.Instance) > MaxIncarnationBytes {
		return fmt.Errorf("an instance is at most %d bytes", MaxIncarnationBytes)
	}
	return nil
}

// Validate checks an enrol request.
func (r *EnrolRequest) Validate() error {
	switch {
	case r.Code == "" || len(r.Code) > MaxCodeBytes:
		return fmt.Errorf("type the connection code your administrator gave you")
	case r.DeviceID == "" || len(r.DeviceID) > MaxIDBytes || !isName(r.DeviceID):
		return fmt.Errorf("the device id must be 1 to %d bytes of UTF-8 text without NUL", MaxIDBytes)
	case len(r.DeviceName) > MaxNameBytes || !isName(r.DeviceName):
		return fmt.Errorf("the device name must be at most %d bytes of UTF-8 text without NUL", MaxNameBytes)
	case len(r.Token) > MaxCodeBytes:
		return fmt.Errorf("the token is too long")
	case len(r.Organisation) > MaxCodeBytes:
		return fmt.Errorf("the organisation name is too long")
	}
	return nil
}
