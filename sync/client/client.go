package client

import (
	"bytes"
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"math"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/dgraph-io/badger/v4"

	"golang.org/x/sync/errgroup"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/sync/protocol"
)

// Meta names the client keeps in the store.
const (
	MetaServer  = "sync.server"  // server base URL
	MetaToken   = "sync.token"   // device token (the server keeps only its hash)
	MetaEpoch   = "sync.epoch"   // server epoch of the cursor
	MetaCursor  = "sync.cursor"  // last pulled commit sequence, decimal
	MetaScope   = "sync.scope"   // the device's scope as JSON, for the UI
	MetaRole    = "sync.role"    // the role the device was enrolled for, for the UI
	MetaRevoked = "sync.revoked" // "1" once the server said this device was removed
	MetaLast    = "sync.last"    // time of the last successful sync, RFC 3339
	MetaRefused = "sync.refused" // JSON list of RefusedChange
	// MetaRebase is set (not empty) while the next push must tell the
	// server the queue was renumbered; the store sets it too, to a value
	// of its own each time (storage.MetaRebase): the last number of the
	// erasure that dropped queued writes, which the push must reach before
	// it clears the mark. The client's own mark is "1", and never replaces
	// one there (setMetaMarkingRebase).
	MetaRebase = storage.MetaRebase
	// MetaForget is "1" from an enrolment whose scope does not cover the
	// last one, or whose role may be sent less, until the records only the
	// last one allowed are dropped (forgetOutOfScope): set with the new
	// scope, so a crash between the two cannot leave them on the device for
	// good.
	MetaForget = "sync.forget"
	// MetaOrganisation names the organisation whose server this device
	// syncs with (protocol.EnrolResponse.Organisation), so another
	// organisation's server refuses to enrol it while it holds these
	// records.
	MetaOrganisation = "sync.organisation"
	// MetaRefusedRecords lists, as JSON, every record with a change set
	// aside as refused, without a bound: the Refused list keeps only the
	// latest maxRefused changes, and the forget functions must keep the
	// records of older ones too (keepRefused).
	MetaRefusedRecords = "sync.refused_records"
	// MetaRefusedPushedOff is "1" once the Refused list dropped a change to
	// stay within maxRefused: a record in MetaRefusedRecords may then have
	// a change no longer listed, so undoing the listed ones (UndoRefused)
	// leaves the records kept.
	MetaRefusedPushedOff = "sync.refused_pushed_off"
	// MetaPullAgain is "1" from an undo of refused changes whose records
	// the server would not answer by name (pullRecords: a server from
	// before that) until the pull from the start it asks for has ended. That pull sends
	// no store instance, so the server leaves out none of the records this
	// store pushed (no echo, protocol.PushRequest.Instance): the store no
	// longer holds them whole, having dropped the refused fields.
	MetaPullAgain = "sync.pull_again"
	// MetaCaseHeld maps, as JSON, each person whose case fields a venue
	// device holds though the server has them to when it first found so
	// (caseHeld), for CaseHold.
	MetaCaseHeld = "sync.case_held"
	// MetaIncarnation names this copy of the store to the server; it changes
	// when the server says the store was restored from an earlier copy.
	MetaIncarnation = "sync.incarnation"
	// MetaPreviousIncarnation is sent once with a new incarnation, so the
	// server accepts the change (see protocol.PushRequest).
	MetaPreviousIncarnation = "sync.previous_incarnation"
	// MetaCloned is "1" once the server said another copy of this store
	// syncs under its device id: the next enrolment takes a new id.
	MetaCloned = "sync.cloned"
	// MetaRestored is "1" from a restore from a backup (device.RestoreInto)
	// until the store's first successful sync: while it is, the device
	// keeps its records when the server says it was removed (MustWipe).
	MetaRestored = "sync.restored"
)

// States a Status can be in.
const (
	StateNotConnected = "not connected"
	StateOffline      = "offline"
	StateSyncing      = "syncing"
	StateSynced       = "synced"
	StateError        = "error"
)

// Status is what the UI shows about sync.
type Status struct {
	State      string    // one of the State constants
	Progress   float64   // 0..1 while syncing
	Pending    int       // changes waiting to be sent
	LastSynced time.Time // zero if never
	Err        string    // plain words: what happened and what to do next
}

// Options configure a Client. Zero values give sensible defaults.
type Options struct {
	// HTTPClient sends requests; tests put a faulty transport here.
	HTTPClient *http.Client
	// DeviceName is sent when enrolling, so administrators can tell devices apart.
	DeviceName string
	// OnRevoked is called once, from the client's goroutine, when the server
	// says an administrator removed this device and its store must be
	// wiped (MustWipe). The app wipes the local store there (or after Run
	// returns ErrRevoked); the client does not touch the store after
	// calling it. A store that keeps its records stops syncing instead, and
	// says so in its status, until Connect enrols it again.
	OnRevoked func()
	Logger    *slog.Logger
	// ChangeDelay is how long after a local change a sync starts, so a burst
	// of ticks goes in one push. Default 2 s.
	ChangeDelay time.Duration
	// PollInterval is how often to pull when nothing happens. Default 1 min.
	PollInterval time.Duration
	// MinBackoff and MaxBackoff bound the wait after a failure. Defaults 1 s
	// and 5 min.
	MinBackoff, MaxBackoff time.Duration
	// PushBatch is the writes per push (0: about protocol.MaxPushWrites,
	// at most what the form the server takes allows: MaxPushWrites as
	// JSON, MaxCompactPushWrites in the compact form, where bigger batches
	// measured no faster); PageSize the entities per pull page.
	PushBatch int
	PageSize  int
	// Seed seeds the backoff jitter (tests); 0 picks one at random.
	Seed uint64
}

// ErrRevoked is returned by Run when the server said this device was removed.
var ErrRevoked = errors.New("this device was removed by an administrator")

// errNotConnected: the device has no server address and token yet.
var errNotConnected = errors.New("not connected to a server")

// Client is the background sync loop of one device store.
type Client struct {
	store *storage.Store
	opts  Options
	http  *http.Client
	log   *slog.Logger

	trigger chan struct{} // capacity 1: presses while one is queued collapse

	mu      sync.Mutex
	status  Status
	updates chan struct{}
	rng     *rand.Rand
	revoked atomic.Bool
	// compactPush: the server said its push takes the compact form
	// (protocol.ContentTypePush), in the last answer to a push or pull.
	compactPush atomic.Bool
	// acking: the acknowledgement the push is saving in the background, if
	// any (loop goroutine only); a sync waits for it before it ends.
	acking chan error

	refusedNow int // changes set aside in the current sync (loop goroutine only)

	// syncing is held (a token in it) by SyncOnce for a whole sync and by
	// Connect while it sends what is waiting and enrols, so an enrolment
	// never lands in the middle of a sync: a page pulled under the old
	// enrolment must not be applied, with its cursor, after the new one
	// reset the cursor, and a push must not mix the two.
	syncing chan struct{}
	// cancelSync cancels the sync running now, if any (Connect stops it
	// rather than wait for a long pull under a scope about to change).
	cancelMu   sync.Mutex
	cancelSync context.CancelFunc
}

// New makes a client for store. Nothing runs until Run.
func New(store *storage.Store, opts Options) *Client {
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 60 * time.Second}
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.ChangeDelay <= 0 {
		opts.ChangeDelay = 2 * time.Second
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = time.Minute
	}
	if opts.MinBackoff <= 0 {
		opts.MinBackoff = time.Second
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = 5 * time.Minute
	}
	if opts.PushBatch < 0 || opts.PushBatch > protocol.MaxCompactPushWrites {
		opts.PushBatch = 0
	}
	if opts.PageSize <= 0 || opts.PageSize > protocol.MaxPullEntities {
		opts.PageSize = protocol.DefaultPullLimit
	}
	seed := opts.Seed
	if seed == 0 {
		seed = rand.Uint64()
	}
	c := &Client{store: store, opts: opts, http: opts.HTTPClient, log: opts.Logger,
		trigger: make(chan struct{}, 1), syncing: make(chan struct{}, 1), updates: make(chan struct{}), rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	c.status = c.initialStatus()
	return c
}

func (c *Client) initialStatus() Status {
	// Not connected, in no words: where to connect is the screen's to say
	// (Settings says it beside the address and code).
	st := Status{State: StateNotConnected, Pending: c.store.PendingChanges()}
	if b, _ := c.store.Meta(MetaLast); b != nil {
		st.LastSynced, _ = time.Parse(time.RFC3339Nano, string(b))
	}
	cfg, err := c.config()
	switch {
	case err == nil && cfg.revoked:
		c.revoked.Store(true)
		st.State, st.Err = c.revokedStatus()
	case err == nil:
		st.State = StateOffline
		if !st.LastSynced.IsZero() {
			st.State = StateSynced
		}
	}
	return st
}

// revokedStatus is the state and words of a device the server refused as
// removed. One that keeps its records (MustWipe) is not connected: it
// waits for an administrator to connect it again.
func (c *Client) revokedStatus() (state, msg string) {
	if !c.mustWipe() {
		return StateNotConnected, "The device this backup came from was removed from the server by an administrator, so this device cannot sync as it. " +
			"Everything on this device is kept. An administrator must connect it again in Settings with a new connection code; it then sends what the server lacks."
	}
	return StateError, "This device was removed by an administrator, so it can no longer sync. Ask your administrator if this is a mistake; they can give you a new connection code."
}

// MustWipe reports whether store holds records that must be wiped: the
// server said an administrator removed the device, and the store was not
// restored from a backup since its last successful sync.
//
// A lost tablet is revoked so that whoever finds it cannot read or sync
// what it holds. A store restored from a backup was put back by someone
// with an administrator's PIN (device.RestoreInto), who is not the thief
// the wipe protects against; what it holds (the backup's changes the
// server never had, and everything taken since the restore) may exist
// nowhere else. It keeps them until an administrator connects it again
// under a new enrolment (Enrol gives it a new device id) and it syncs.
func MustWipe(store *storage.Store) (bool, error) {
	revoked, err := store.Meta(MetaRevoked)
	if err != nil || string(revoked) != "1" {
		return false, err
	}
	keeps, err := restored(store)
	return !keeps, err
}

// restored reports whether store was restored from a backup and has not
// synced since (MetaRestored).
func restored(store *storage.Store) (bool, error) {
	b, err := store.Meta(MetaRestored)
	return string(b) == "1", err
}

// Status returns the current status.
func (c *Client) Status() Status {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.status
	st.Pending = c.store.PendingChanges()
	return st
}

// Updates returns a channel closed at the next status change. Take a new
// one after each close.
func (c *Client) Updates() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.updates
}

// Revoked reports whether the server said this device was removed.
func (c *Client) Revoked() bool { return c.revoked.Load() }

func (c *Client) setStatus(f func(*Status)) {
	c.mu.Lock()
	f(&c.status)
	c.status.Pending = c.store.PendingChanges() // records, not fields: what a person changed
	close(c.updates)
	c.updates = make(chan struct{})
	c.mu.Unlock()
}

// SyncNow asks for a sync as soon as possible. It never blocks; presses
// while a sync is waiting to start collapse into that one.
func (c *Client) SyncNow() {
	select {
	case c.trigger <- struct{}{}:
	default:
	}
}

// Run syncs in the background until ctx is cancelled (it then returns nil)
// or the device is revoked (ErrRevoked).
func (c *Client) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error { return c.watch(ctx) })
	g.Go(func() error {
		err := c.loop(ctx)
		cancel() // stop the watcher too
		return err
	})
	err := g.Wait()
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// watch follows the outbound queue: it tells the status when the count of
// changes waiting moves, and starts a sync a little after each local change.
func (c *Client) watch(ctx context.Context) error {
	// Each next notice is taken before what it answers is read (the
	// count, the sync's read of the queue), so no save falls between.
	queued := c.store.QueueChanged()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-queued:
		}
		queued = c.store.QueueChanged()
		c.mu.Lock()
		moved := c.status.Pending != c.store.PendingChanges()
		c.mu.Unlock()
		if moved {
			c.setStatus(func(*Status) {})
		}
		if c.store.PendingCount() == 0 {
			continue // an acknowledgement emptied the queue, not a local change
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(c.opts.ChangeDelay):
		}
		queued = c.store.QueueChanged() // saves made during the delay go with this sync
		c.SyncNow()
	}
}

func (c *Client) loop(ctx context.Context) error {
	failures := 0
	wait := time.Duration(0) // sync at start
	for {
		var timer *time.Timer
		var fire <-chan time.Time
		if wait >= 0 {
			timer = time.NewTimer(wait)
			fire = timer.C
		}
		select {
		case <-ctx.Done():
		case <-c.trigger:
		case <-fire:
		}
		if timer != nil {
			timer.Stop()
		}
		if ctx.Err() != nil {
			return nil
		}
		err := c.SyncOnce(ctx)
		switch {
		case ctx.Err() != nil:
			return nil
		case errors.Is(err, ErrRevoked) && !c.mustWipe():
			failures, wait = 0, -1 // keep everything; wait for Connect
		case errors.Is(err, ErrRevoked):
			if c.opts.OnRevoked != nil {
				c.opts.OnRevoked()
			}
			return ErrRevoked
		case errors.Is(err, errNotConnected):
			failures, wait = 0, -1 // wait for Enrol and SyncNow
		case err != nil:
			failures++
			wait = c.retryWait(err, failures)
			c.log.Info("sync failed", "err", err, "retry_in", wait)
		default:
			failures, wait = 0, c.opts.PollInterval
		}
	}
}

// mustWipe is MustWipe for this client's store; a store it cannot read
// is wiped, as it would be when opened.
func (c *Client) mustWipe() bool {
	wipe, err := MustWipe(c.store)
	return wipe || err != nil
}

// backoff is exponential with full jitter over its upper half, so devices
// that failed together do not retry together.
func (c *Client) backoff(failures int) time.Duration {
	d := c.opts.MinBackoff
	for i := 1; i < failures && d < c.opts.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, c.opts.MaxBackoff)
	c.mu.Lock()
	j := time.Duration(c.rng.Int64N(int64(d/2) + 1))
	c.mu.Unlock()
	return d/2 + j
}

// retryWait is how long the loop waits after a sync that failed with
// err, the failures-th in a row: as long as the server said to wait
// (RetryAfterSeconds, from a push it held back, rate_limited), kept
// within MinBackoff and MaxBackoff, or the backoff when it said nothing.
// The daily budget of new records says to wait until the next UTC day;
// meanwhile a sync every MaxBackoff still brings what others changed, and
// a change made here or "Sync now" syncs at once.
func (c *Client) retryWait(err error, failures int) time.Duration {
	var perr *protocol.Error
	if errors.As(err, &perr) && perr.RetryAfterSeconds > 0 {
		const maxSeconds = int64(math.MaxInt64 / time.Second)
		wait := time.Duration(min(int64(perr.RetryAfterSeconds), maxSeconds)) * time.Second
		return min(max(wait, c.opts.MinBackoff), c.opts.MaxBackoff)
	}
	return c.backoff(failures)
}

type config struct {
	server, token string
	revoked       bool
}

func (c *Client) config() (config, error) {
	var cfg config
	for name, dst := range map[string]*string{MetaServer: &cfg.server, MetaToken: &cfg.token} {
		b, err := c.store.Meta(name)
		if err != nil {
			return cfg, err
		}
		*dst = string(b)
	}
	if b, _ := c.store.Meta(MetaRevoked); string(b) == "1" {
		cfg.revoked = true
	}
	if cfg.server == "" || cfg.token == "" {
		return cfg, errNotConnected
	}
	return cfg, nil
}

// errAgain: the server's epoch changed and the state was reset; sync again.
var errAgain = errors.New("sync again")

// SyncOnce pushes everything queued, then pulls everything new. The loop
// calls it; tests and tools may call it directly.
func (c *Client) SyncOnce(ctx context.Context) error {
	if c.revoked.Load() {
		return ErrRevoked
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := c.lockSync(ctx); err != nil {
		return err
	}
	defer c.unlockSync()
	c.cancelMu.Lock()
	c.cancelSync = cancel
	c.cancelMu.Unlock()
	defer func() {
		c.cancelMu.Lock()
		c.cancelSync = nil
		c.cancelMu.Unlock()
	}()
	cfg, err := c.config()
	if err != nil {
		if errors.Is(err, errNotConnected) {
			c.setStatus(func(s *Status) {
				s.State, s.Err = StateNotConnected, ""
			})
		}
		return err
	}
	if cfg.revoked {
		c.revoked.Store(true)
		return ErrRevoked
	}
	c.setStatus(func(s *Status) { s.State, s.Progress, s.Err = StateSyncing, 0, "" })
	c.refusedNow = 0
	now := time.Now()
	// Before the push: once the server holds what waits, it would be
	// dropped too, and the server does not send a device its own writes.
	if err := c.forgetOutOfScope(); err != nil {
		c.report(err, now)
		return err
	}
	last := []byte(now.UTC().Format(time.RFC3339Nano))
	saved := false // last is saved (with the pull's last cursor)
	for attempt := 0; ; attempt++ {
		err = c.push(ctx, cfg)
		held := heldBack(err)
		if held != nil {
			err = nil // what others changed is still fetched
		}
		if err == nil {
			// The push's last acknowledgement is saved while the pull runs.
			saved, err = c.pull(ctx, cfg, last)
		}
		if aerr := c.waitAck(); err == nil {
			err = aerr
		}
		if err == nil && held != nil {
			err = held // reported, and the loop backs off
		}
		if errors.Is(err, errAgain) {
			c.revokeAgain(ctx) // before the re-sync: a revoked tablet must not have long
		}
		if !errors.Is(err, errAgain) || attempt >= 3 {
			break
		}
	}
	if err == nil {
		c.revokeAgain(ctx) // what failed above is tried again, at every sync until through
	}
	if err == nil && !saved {
		c.store.SetMeta(map[string][]byte{MetaLast: last})
	}
	if err == nil {
		err = c.forgetCaseData()
	}
	if err == nil {
		err = c.clearRestored()
	}
	c.report(err, now)
	return err
}

// heldBack returns the refusal of a push the server holds back for now
// (rate limited: a venue device's daily budget of new records, or a push
// already under way): the changes wait in the queue and are sent again.
func heldBack(err error) *protocol.Error {
	var perr *protocol.Error
	if errors.As(err, &perr) && perr.Code == protocol.CodeRateLimited {
		return perr
	}
	return nil
}

// clearRestored ends a restored store's grace (MustWipe) once it has
// synced: from then it is an ordinary device again.
func (c *Client) clearRestored() error {
	if keeps, err := restored(c.store); err != nil || !keeps {
		return err
	}
	return c.store.SetMeta(map[string][]byte{MetaRestored: nil})
}

// takeSync stops a sync under way and takes c.syncing (lockSync), for
// work that must not run beside a push or pull and should not wait for
// one to finish.
func (c *Client) takeSync(ctx context.Context) error {
	c.cancelMu.Lock()
	if c.cancelSync != nil {
		c.cancelSync()
	}
	c.cancelMu.Unlock()
	return c.lockSync(ctx)
}

// lockSync takes c.syncing, or fails when ctx ends first.
func (c *Client) lockSync(ctx context.Context) error {
	select {
	case c.syncing <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *Client) unlockSync() { <-c.syncing }

// waitAck waits for the acknowledgement the push is saving, if any.
func (c *Client) waitAck() error {
	if c.acking == nil {
		return nil
	}
	err := <-c.acking
	c.acking = nil
	return err
}

// report turns a sync's outcome into the status a person sees; now is
// when a sync that succeeded started.
func (c *Client) report(err error, now time.Time) {
	if err == nil {
		state, msg := StateSynced, ""
		if n := c.refusedNow; n > 0 {
			list := c.Refused()
			state = StateError
			msg = fmt.Sprintf("Synced, but the server refused %d change(s) made on this device, which stay on this device only: %s", n, list[len(list)-1].Reason)
		}
		c.setStatus(func(s *Status) { s.State, s.Progress, s.Err, s.LastSynced = state, 1, msg, now })
		return
	}
	var perr *protocol.Error
	var bad *badAnswerError
	state, msg := StateError, ""
	switch {
	case errors.Is(err, ErrRevoked):
		state, msg = c.revokedStatus()
	case errors.As(err, &perr):
		switch perr.Code {
		case protocol.CodeUpdateRequired:
			msg = "Gather needs updating before it can sync: install the latest version. Your changes are kept on this device."
		case protocol.CodeServerTooOld:
			msg = "The server is older than this app: ask your administrator to update the Gather server. Your changes are kept on this device."
		case protocol.CodeNotEnrolled:
			msg = "The server no longer recognises this device: connect it again in Settings with a new connection code. Your changes are kept on this device."
		case protocol.CodeClockAhead:
			msg = "This device's clock is wrong (" + perr.Message + "). Set the correct date and time in the device settings; your changes are kept and will be sent then."
		case protocol.CodeOutOfScope:
			msg = "The server refused some changes: " + perr.Message
		case protocol.CodeRateLimited:
			msg = "Some changes wait on this device for now: " + perr.Message
		case protocol.CodeUnavailable:
			msg = "The server has a problem just now; Gather will try again by itself. Your changes are kept on this device."
		case protocol.CodeTooLarge:
			msg = "A record on this device is bigger than the server accepts (" + perr.Message + "); ask your administrator. Your changes are kept on this device."
		default:
			msg = "The server refused to sync: " + perr.Message
		}
	case errors.Is(err, context.Canceled):
		return
	case errors.Is(err, protocol.ErrAnswerTooLarge):
		// An answer bigger than this device reads: not a lost connection.
		msg = "The server sent more than this device accepts in one answer (" + err.Error() + "): a record on the server is bigger than it should be, or the server address is not your Gather server; ask your administrator. Your changes are kept on this device."
	case errors.As(err, &bad):
		msg = "The server gave an answer it never should (" + bad.what + "), so this device kept every change that answer did not cover: they wait here and will be sent again. If this keeps happening, tell your administrator."
	case errors.As(err, new(*httpError)):
		msg = "The server address answered, but not like a Gather server (" + err.Error() + "). Your changes are kept on this device."
	default:
		state = StateOffline
		msg = "No connection to the server. Your changes are kept on this device and will be sent when the connection is back."
	}
	c.setStatus(func(s *Status) { s.State, s.Err = state, msg })
}

// push sends the queue in batches until it is empty. It is pipelined:
// while one batch is on its way and the server commits it, the next is
// read from the queue, and a batch's acknowledgement is saved while the
// next one is on its way. Writes leave the queue only once the server has
// acknowledged them; a batch the server refuses stops the pipeline, and the
// push goes on from the head of the queue.
func (c *Client) push(ctx context.Context, cfg config) error {
	total := c.store.PendingCount()
	sent := 0
	var stopBefore uint64 // a refused write: send the writes before it first
	restamped := false    // the queue was stamped again after a clock ahead
	renumbered := 0       // device_restored answers taken in this push
	// The batch: as asked, within what the form the server takes allows
	// (known from its last answer), halved for each time the server found
	// a batch too big.
	halved := 0
	batchSize := func() (size, limit int) {
		limit = protocol.MaxPushWrites
		if c.compactPush.Load() {
			limit = protocol.MaxCompactPushWrites
		}
		size = protocol.MaxPushWrites - entityTail
		if c.opts.PushBatch > 0 {
			size = min(c.opts.PushBatch, limit-entityTail)
		}
		return max(size>>halved, 1), limit
	}
	type read struct {
		pending []storage.Pending
		err     error
	}
	readAfter := func(after uint64) <-chan read {
		ch := make(chan read, 1)
		size, _ := batchSize()
		go func() {
			ps, err := c.store.PendingWrites(after, size+entityTail)
			ch <- read{ps, err}
		}()
		return ch
	}
	fromHead := true // the read in next starts at the head of the queue
	waitAck := c.waitAck
	if err := waitAck(); err != nil {
		return err
	}
	next := readAfter(0)
	for {
		if next == nil { // after a refusal: from the head of the queue again
			next, fromHead = readAfter(0), true
		}
		r := <-next
		pending, err := r.pending, r.err
		if err != nil {
			return err
		}
		if len(pending) == 0 {
			if fromHead {
				return nil // the last acknowledgement may still be being saved
			}
			if err := waitAck(); err != nil {
				return err
			}
			// Writes saved meanwhile go in this push too.
			next, fromHead = readAfter(0), true
			continue
		}
		size, limit := batchSize()
		pending = pending[:batchEnd(pending, size, limit)]
		if stopBefore > pending[0].Seq {
			for i, p := range pending {
				if p.Seq >= stopBefore {
					pending = pending[:i]
					break
				}
			}
		} else {
			stopBefore = 0
		}
		epoch, _ := c.store.Meta(MetaEpoch)
		cursorB, _ := c.store.Meta(MetaCursor)
		cursor, _ := strconv.ParseUint(string(cursorB), 10, 64)
		rebase, _ := c.store.Meta(MetaRebase)
		inc, err := c.incarnation()
		if err != nil {
			return err
		}
		freshFrom, err := c.store.FreshFrom()
		if err != nil {
			return err
		}
		prev, _ := c.store.Meta(MetaPreviousIncarnation)
		req := protocol.PushRequest{Schema: protocol.Schema, Epoch: string(epoch), Rebase: len(rebase) > 0,
			Incarnation: inc, PreviousIncarnation: string(prev), QueueHead: c.store.QueueSeq(), Instance: c.store.Instance(), Cursor: cursor,
			FreshFrom: freshFrom, SettlesRefused: true}
		next, fromHead = readAfter(pending[len(pending)-1].Seq), false
		var resp protocol.PushResponse
		err = c.sendPush(ctx, cfg, &req, pending, &resp)
		var perr *protocol.Error
		if errors.As(err, &perr) {
			// Stop the pipeline: what follows reads the queue as the
			// refusal leaves it.
			<-next
			next = nil
			if err := waitAck(); err != nil {
				return err
			}
			switch perr.Code {
			case protocol.CodeSequenceGap:
				if err := c.healGap(perr.ExpectedSeq, &req, pending[0].Seq); err != nil {
					return err
				}
				continue
			case protocol.CodeEpochChanged:
				return c.epochChanged(perr)
			case protocol.CodeDeviceCloned:
				if err := c.store.SetMeta(map[string][]byte{MetaCloned: []byte("1")}); err != nil {
					return err
				}
			case protocol.CodeDeviceRestored:
				// Each answer queues the whole state again. A second can be
				// honest (a copy still on the old incarnation pushed in
				// between); more in one sync are a server that would fill
				// the disk with copies of the queue.
				if renumbered++; renumbered > maxRenumbersPerPush {
					c.log.Warn("the server answered device_restored again and again; stopping", "times", renumbered)
					return &badAnswerError{fmt.Sprintf("it said %d times in one sync that this device's records were put back from an earlier copy", renumbered)}
				}
				if err := c.renumberAfterRestore(perr.ExpectedSeq, &req); err != nil {
					return err
				}
				continue
			case protocol.CodeClockAhead:
				if !restamped {
					restamped = true
					n, err := c.store.Restamp(perr.LatestStamp, perr.ServerTime)
					if err != nil {
						return err
					}
					if n > 0 {
						// The date was wrong and is right now: send them stamped anew.
						c.log.Info("changes stamped while this device's clock was ahead are stamped again", "writes", n)
						continue
					}
				}
			case protocol.CodeRateLimited:
				// Held back from perr.RefusedSeq on (a venue device's daily
				// budget of new records): send the writes before it, and
				// leave it and the rest queued.
				if refused := perr.RefusedSeq; refused > pending[0].Seq && refused <= pending[len(pending)-1].Seq {
					stopBefore = refused
					continue
				}
			case protocol.CodeTooLarge, protocol.CodeOutOfScope, protocol.CodeActivityUnknown:
				refused := perr.RefusedSeq
				switch {
				case perr.Code == protocol.CodeTooLarge && refused == 0 && len(pending) > 1:
					halved++ // the batch as a whole was too big
					continue
				case refused > pending[0].Seq && refused <= pending[len(pending)-1].Seq:
					stopBefore = refused // send the writes before it first
					continue
				case refused == pending[0].Seq && perr.Code == protocol.CodeActivityUnknown && c.waitsForActivity(pending[0].Write):
					// It waits at the head of the queue until the activity
					// reaches the server; the rest of this sync goes on.
					c.log.Info("a change waits for its activity to reach the server", "seq", refused, "reason", perr.Message)
					return nil
				case refused == pending[0].Seq:
					// This one write will never be accepted (outside the
					// device's scope, or a record grown too big): set it aside
					// so it does not hold up the changes after it.
					listed, err := c.settleRefused(pending[0], perr.Message)
					if err != nil {
						return err
					}
					if listed {
						c.refusedNow++
					}
					continue
				}
			}
		}
		if err != nil {
			if next != nil {
				<-next
			}
			return err
		}
		c.store.Clock().Observe(hlc.Timestamp{Wall: resp.ServerTime})
		if err := waitAck(); err != nil {
			<-next
			return err
		}
		// Only what this batch carried leaves the queue, whatever the
		// answer says: a write saved while the push was on its way was
		// never sent (ackOf).
		ack, bad := ackOf(resp.AckedSeq, pending)
		if len(resp.Refused) > 0 && bad == nil {
			// Recorded before the acknowledgement: a crash in between
			// sends the batch again, and a write listed already is not
			// listed twice.
			if err := c.settleRefusedEach(pending, resp.Refused); err != nil {
				<-next
				return err
			}
		}
		if ack > 0 {
			acking := make(chan error, 1)
			c.acking = acking
			go func(seq uint64) { acking <- c.store.Ack(seq) }(ack)
		}
		if bad != nil {
			c.log.Warn("the server acknowledged other changes than the push sent; took only the push's", "acked", resp.AckedSeq,
				"first", pending[0].Seq, "last", pending[len(pending)-1].Seq, "taken", ack)
			<-next
			if err := waitAck(); err != nil {
				return err
			}
			return bad
		}
		if req.Rebase || req.PreviousIncarnation != "" {
			if err := waitAck(); err != nil {
				<-next
				return err
			}
			// Only once this batch reaches the mark's number (an
			// erasure's mark is its own last number: the numbers it
			// dropped may lie past this batch, and the batch that starts
			// after one must say "renumbered" too), and only if no
			// erasure set the mark again while the push was on its way;
			// else the next push says it again.
			values := map[string][]byte{MetaPreviousIncarnation: nil}
			if upTo, _ := strconv.ParseUint(string(rebase), 10, 64); pending[len(pending)-1].Seq >= upTo {
				values[MetaRebase] = nil
			}
			if _, err := c.store.SetMetaIf(MetaRebase, rebase, values); err != nil {
				<-next
				return err
			}
		}
		sent += len(pending)
		c.setStatus(func(s *Status) { s.Progress = 0.5 * float64(sent) / float64(max(total, sent)) })
	}
}

// ackOf is how far a push's answer acknowledges the batch it answers
// (0: nothing of it). An honest server acknowledges exactly the batch,
// up to its last number (sync/server: apply), so any other number is a
// protocol error, returned as bad. Never past the batch: the server
// cannot hold what it was not sent, and writes numbered after the batch
// (saved while it was on its way, or the next batch) must stay queued
// whatever a buggy server, a proxy replaying an answer or a hostile
// server says. A number within the batch is taken, as those were sent.
func ackOf(acked uint64, batch []storage.Pending) (ack uint64, bad error) {
	first, last := batch[0].Seq, batch[len(batch)-1].Seq
	if acked != last {
		bad = &badAnswerError{fmt.Sprintf("it acknowledged change number %d for a push of changes %d to %d", acked, first, last)}
	}
	if acked < first {
		return 0, bad
	}
	return min(acked, last), bad
}

// badAnswerError is an answer no honest server gives (the acknowledgement
// of writes it was not sent, a page that says more is waiting without
// moving on): the client takes no more from it than is safe, stops the
// sync and says so.
type badAnswerError struct{ what string }

func (e *badAnswerError) Error() string {
	return "the server answered in a way it never should: " + e.what
}

// sendPush sends one batch: in the compact form (protocol.EncodePush) to a
// server that has said it takes it, as JSON otherwise. A server that
// refuses the compact form as malformed (one put back to an older version
// meanwhile) gets the batch again as JSON, and JSON from then on.
func (c *Client) sendPush(ctx context.Context, cfg config, req *protocol.PushRequest, pending []storage.Pending, resp *protocol.PushResponse) error {
	if c.compactPush.Load() {
		seqs := make([]uint64, len(pending))
		ws := make([]record.Write, len(pending))
		for i, p := range pending {
			seqs[i], ws[i] = p.Seq, p.Write
		}
		var body bytes.Buffer
		if err := protocol.EncodePush(&body, req, seqs, ws); err != nil {
			return err
		}
		err := c.do(ctx, cfg, protocol.PathPush, protocol.ContentTypePush, body.Bytes(), resp)
		var perr *protocol.Error
		if !errors.As(err, &perr) || perr.Code != protocol.CodeBadRequest {
			return err
		}
		c.log.Info("the server refused a compact push; sending JSON", "err", perr.Message)
		c.compactPush.Store(false)
	}
	req.Writes = make([]protocol.Write, len(pending))
	for i, p := range pending {
		req.Writes[i] = protocol.FromRecord(p.Seq, p.Write)
	}
	return c.call(ctx, cfg, protocol.PathPush, req, resp)
}

// entityTail is how far a batch may grow past PushBatch to keep one
// record's writes together.
const entityTail = 256

// batchEnd cuts a batch after about size writes, but not between two
// writes of the same record: the server checks a venue device's writes by
// the record's venue_id, which may be among the record's later fields.
func batchEnd(ps []storage.Pending, size, limit int) int {
	if len(ps) <= size {
		return min(len(ps), limit)
	}
	n := size
	same := func(a, b record.Write) bool { return a.Kind == b.Kind && a.ID == b.ID }
	for n < len(ps) && n < limit && same(ps[n].Write, ps[n-1].Write) {
		n++
	}
	return n
}

// RefusedChange is a change made on this device that the server will
// never accept from it (outside its scope). It stays in the local store
// but no longer holds up the queue; the app can list these for a person to
// deal with. Another device's change refused when this one sends it again
// is not one (settleRefused).
type RefusedChange struct {
	Seq    uint64    `json:"seq"`
	Kind   string    `json:"kind"`
	ID     string    `json:"id"`
	Field  string    `json:"field"`
	Value  string    `json:"value"`
	Staff  string    `json:"staff"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
	// Stamp is the write's; lists kept before it was recorded have none.
	Stamp hlc.Timestamp `json:"stamp,omitzero"`
}

// maxRefused bounds the list kept in meta. A change pushed off it is no
// longer listed, but its record stays kept (MetaRefusedRecords).
const maxRefused = 500

// Refused lists changes the server refused, oldest first.
func (c *Client) Refused() []RefusedChange {
	list, _ := c.refused()
	return list
}

// refused is Refused with the error of a list that cannot be read, which
// must not be written over (the forget functions keep what it names).
func (c *Client) refused() ([]RefusedChange, error) {
	var list []RefusedChange
	err := readRefusedMeta(c.store, MetaRefused, &list)
	for i := range list {
		list[i].Reason = serverWords(list[i].Reason) // one kept before the bound
	}
	return list, err
}

// readRefusedMeta decodes name, one of the lists of refused changes, into
// v; unset leaves v alone.
func readRefusedMeta(st *storage.Store, name string, v any) error {
	b, err := st.Meta(name)
	if err != nil || len(b) == 0 {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("this device's record of changes the server refused (%s) is damaged, so it stops syncing "+
			"rather than forget one of them; nothing is lost: ask your administrator to check this device (%v)", name, err)
	}
	return nil
}

// settleRefused takes a write the server will never accept from this
// device off the queue, and says whether it newly lists it among the
// changes the server refused (Refused), which a sync counts.
//
// Only a write made on this device is listed: under its device id or one
// it had before (storage.Store.MadeHere), it may be the only copy
// anywhere, and a person must see it (setAside). Another device's write is
// here because this device holds the record's whole state and sent it
// again (storage.Store.RequeueAll, after the server was restored from a
// backup): a venue tablet re-sends the person fields an organisation
// device wrote (photo_consent, merged_into, deleted), which it may not
// write. Its author sends it again itself, so it is dropped from the queue
// as acknowledged, unlisted and uncounted; the state stays in the store as
// it is. An error reading the ids lists it: listing too much is noise,
// listing too little could hide this device's only copy. A write of this
// device listed already (the same stamp), sent again with the whole
// state, is not listed twice: its record is kept already.
func (c *Client) settleRefused(p storage.Pending, reason string) (listed bool, err error) {
	mine, err := c.store.MadeHere(p.Write.Stamp.Device)
	if err != nil {
		c.log.Warn("cannot tell whether this device made a refused change; listing it", "err", err)
		mine = true
	}
	if mine {
		list, err := c.refused()
		if err != nil {
			return false, err
		}
		if !slices.ContainsFunc(list, func(r RefusedChange) bool { return r.same(p.Write) }) {
			return true, c.setAside(p, reason)
		}
	}
	// The next push says the numbering jumps (rebase), as after setAside.
	if err := c.setMetaMarkingRebase(nil); err != nil {
		return false, err
	}
	if mine {
		c.log.Info("the server refused again a change of this device listed as refused already", "seq", p.Seq,
			"kind", p.Write.Kind, "id", p.Write.ID, "field", p.Write.Field)
	} else {
		c.log.Info("the server refused another device's change this device sent again; dropped, not listed", "seq", p.Seq,
			"kind", p.Write.Kind, "id", p.Write.ID, "field", p.Write.Field, "by", p.Write.Stamp.Device, "reason", reason)
	}
	return false, c.store.Ack(p.Seq)
}

// settleRefusedEach takes the writes of a batch a push answer refused one
// by one (protocol.PushResponse.Refused; the server applied the rest and
// acknowledges the whole batch): as settleRefused does, it lists this
// device's own among the changes the server refused, all in one meta
// write, and leaves another device's unlisted. The acknowledgement that
// follows takes them off the queue; the numbering has no gap, so the next
// push need not say it jumps. A refusal naming a write the batch did not
// carry is a bad answer, and nothing is taken.
func (c *Client) settleRefusedEach(batch []storage.Pending, refused []protocol.RefusedWrite) error {
	bySeq := make(map[uint64]storage.Pending, len(batch))
	for _, p := range batch {
		bySeq[p.Seq] = p
	}
	list, err := c.refused()
	if err != nil {
		return err
	}
	held, err := c.refusedRecords()
	if err != nil {
		return err
	}
	listed, heldMore := 0, false
	for _, r := range refused {
		r.Message = serverWords(r.Message)
		p, ok := bySeq[r.Seq]
		if !ok {
			return &badAnswerError{fmt.Sprintf("it refused change number %d, which the push of changes %d to %d did not carry", r.Seq, batch[0].Seq, batch[len(batch)-1].Seq)}
		}
		mine, err := c.store.MadeHere(p.Write.Stamp.Device)
		if err != nil {
			c.log.Warn("cannot tell whether this device made a refused change; listing it", "err", err)
			mine = true
		}
		if !mine {
			c.log.Info("the server refused another device's change this device sent again; not applied there, not listed", "seq", p.Seq,
				"kind", p.Write.Kind, "id", p.Write.ID, "field", p.Write.Field, "by", p.Write.Stamp.Device, "reason", r.Message)
			continue
		}
		if slices.ContainsFunc(list, func(l RefusedChange) bool { return l.same(p.Write) }) {
			continue
		}
		var more bool
		list, held, more = listRefused(list, held, p, r.Message)
		heldMore = heldMore || more
		listed++
		c.log.Warn("the server refused a change; set aside", "seq", p.Seq, "kind", p.Write.Kind, "id", p.Write.ID, "field", p.Write.Field, "reason", r.Message)
	}
	if listed == 0 {
		return nil
	}
	if err := c.store.SetMeta(refusedMeta(list, held, heldMore)); err != nil {
		return err
	}
	c.refusedNow += listed
	return nil
}

// waitsForActivity says whether a write the server answered
// CodeActivityUnknown (it does not hold the activity) waits at the head of
// the queue, to be sent again: a session, enrolment or mark of an activity
// this device holds at one of its venues (the server restored from an
// older backup, the office's copy of the activity not sent again yet). An
// activity it does not hold, or holds at another venue (moved there by the
// office, or this device enrolled again for other venues), will not reach
// the server at its venues: the write is set aside and listed, as a
// refusal is. If the device cannot tell, it waits, as before.
func (c *Client) waitsForActivity(w record.Write) bool {
	activity := domain.ActivityInID(w.Kind, w.ID)
	b, err := c.store.Meta(MetaScope)
	var scope protocol.Scope
	if err != nil || json.Unmarshal(b, &scope) != nil || activity == "" {
		return true
	}
	a, err := c.store.Entity(domain.KindActivity, activity)
	if err != nil {
		return true
	}
	v := a.Get("venue_id")
	return v != "" && scope.HasVenue(v)
}

// same reports whether r lists the write w: the same field, written with
// the same stamp.
func (r RefusedChange) same(w record.Write) bool {
	return !r.Stamp.IsZero() && r.Stamp == w.Stamp && r.Kind == string(w.Kind) && r.ID == w.ID && r.Field == w.Field
}

// listRefused adds the refused write p to the list of refused changes,
// and its record to those kept (held), saying whether that is new.
func listRefused(list []RefusedChange, held []refusedRecord, p storage.Pending, reason string) ([]RefusedChange, []refusedRecord, bool) {
	list = append(list, RefusedChange{Seq: p.Seq, Kind: string(p.Write.Kind), ID: p.Write.ID, Field: p.Write.Field,
		Value: p.Write.Value, Staff: p.Write.Staff, Reason: reason, At: time.Now(), Stamp: p.Write.Stamp})
	if rec := (refusedRecord{p.Write.Kind, p.Write.ID}); !slices.Contains(held, rec) {
		return list, append(held, rec), true
	}
	return list, held, false
}

// refusedMeta is the meta that keeps the lists: the refused changes (the
// newest maxRefused), and the records kept when heldMore.
func refusedMeta(list []RefusedChange, held []refusedRecord, heldMore bool) map[string][]byte {
	meta := map[string][]byte{}
	if len(list) > maxRefused {
		list = list[len(list)-maxRefused:]
		meta[MetaRefusedPushedOff] = []byte("1")
	}
	meta[MetaRefused], _ = json.Marshal(list)
	if heldMore {
		meta[MetaRefusedRecords], _ = json.Marshal(held)
	}
	return meta
}

// setAside records a refused write and drops it from the queue. The next
// push says its numbering jumps (rebase), so the server does not wait for
// the dropped sequence. Recording comes first: a crash in between records
// it twice rather than not at all.
func (c *Client) setAside(p storage.Pending, reason string) error {
	list, err := c.refused()
	if err != nil {
		return err
	}
	held, err := c.refusedRecords()
	if err != nil {
		return err
	}
	list, held, heldMore := listRefused(list, held, p, reason)
	if err := c.setMetaMarkingRebase(refusedMeta(list, held, heldMore)); err != nil {
		return err
	}
	c.log.Warn("the server refused a change; set aside", "seq", p.Seq, "kind", p.Write.Kind, "id", p.Write.ID, "field", p.Write.Field, "reason", reason)
	return c.store.Ack(p.Seq)
}

// forgetErased drops refused changes about records a pulled erasure
// removed (right to erasure): the list keeps each change's value, and the
// erasure must not leave the value behind in it. It adds the lists as they
// must be to meta, which the page is applied with, in one transaction: a
// crash between applying the erasure and clearing the lists would leave
// the values in them for good.
func (c *Client) forgetErased(records []*record.Entity, meta map[string][]byte) error {
	gone := map[string]bool{}
	for _, e := range records {
		if e.Erased() {
			gone[recordName(e.Kind, e.ID)] = true
		}
	}
	if len(gone) == 0 {
		return nil
	}
	list, err := c.refused()
	if err != nil {
		return err
	}
	kept := slices.DeleteFunc(slices.Clone(list), func(r RefusedChange) bool { return gone[r.record()] })
	if len(kept) != len(list) {
		meta[MetaRefused], _ = json.Marshal(kept)
	}
	held, err := c.refusedRecords()
	if err != nil {
		return err
	}
	keptRecords := slices.DeleteFunc(slices.Clone(held), func(r refusedRecord) bool { return gone[recordName(r.Kind, r.ID)] })
	if len(keptRecords) != len(held) {
		meta[MetaRefusedRecords], _ = json.Marshal(keptRecords)
	}
	return nil
}

// healGap answers a sequence gap: the server holds this device's writes
// only up to expected-1, short of first, the batch's first, so writes in
// between left the queue without reaching it (the server lost them). The
// device queues its whole state again and the next push says its
// numbering jumps (rebase).
//
// A refusal never acknowledges anything: the server may be owed writes,
// never hold more than it was sent. An honest server answers a gap only
// below the batch's first, and never to a push that says it renumbered
// (sync/server: apply); any other gap is a bad answer, and acting on it
// (acknowledging up to expected-1, as the client once did) would drop
// writes never sent. The sync stops instead, and everything stays queued.
func (c *Client) healGap(expected uint64, req *protocol.PushRequest, first uint64) error {
	if expected >= first || req.Rebase {
		c.log.Warn("the server answered sequence_gap where none can be; nothing dropped", "expected", expected, "first", first, "rebase", req.Rebase)
		return &badAnswerError{fmt.Sprintf("it said it expected change number %d next, for a push starting at %d that it should have taken", expected, first)}
	}
	if err := c.store.RequeueAll(); err != nil {
		return err
	}
	return c.setMetaMarkingRebase(nil)
}

// setMetaMarkingRebase writes meta with the "renumbered" mark set, in one
// transaction. A mark already there is kept as it is: an erasure's says
// how far the push must go before it is cleared, and "1" over it would
// have the first batch clear it.
func (c *Client) setMetaMarkingRebase(meta map[string][]byte) error {
	for {
		cur, err := c.store.Meta(MetaRebase)
		if err != nil {
			return err
		}
		values := maps.Clone(meta)
		if values == nil {
			values = map[string][]byte{}
		}
		values[MetaRebase] = cur
		if len(cur) == 0 {
			values[MetaRebase] = []byte("1")
		}
		if ok, err := c.store.SetMetaIf(MetaRebase, cur, values); ok || err != nil {
			return err
		}
	}
}

// incarnation is this copy's name for the server, made on first use.
func (c *Client) incarnation() (string, error) {
	b, err := c.store.Meta(MetaIncarnation)
	if err != nil || len(b) > 0 {
		return string(b), err
	}
	inc := newIncarnation()
	return inc, c.store.SetMeta(map[string][]byte{MetaIncarnation: []byte(inc)})
}

func newIncarnation() string {
	var b [16]byte
	crand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// renumberAfterRestore follows the server's word that this store was put
// back from an earlier copy: the server holds writes numbered up to
// next-1 that this copy never made. The copy queues everything it holds
// again from next on, under a new incarnation, so nothing it saved is
// skipped as a replay, and a second copy still on the old incarnation is
// refused from then on.
//
// An honest server names a number past the push's queue head plus one
// (sync/server: checkIncarnation). One that is not, or so near the top
// of the numbers that the whole state queued again would wrap them round
// (maxRenumberFrom) and leave the queue unreadable, is a bad answer: the
// queue is left as it is.
func (c *Client) renumberAfterRestore(next uint64, req *protocol.PushRequest) error {
	if next <= req.QueueHead+1 || next > maxRenumberFrom {
		c.log.Warn("the server answered device_restored with a number it cannot hold; queue left as it is", "from", next, "queue_head", req.QueueHead)
		return &badAnswerError{fmt.Sprintf("it said this device's records were put back from an earlier copy and must be numbered again from %d, with the device at %d", next, req.QueueHead)}
	}
	c.log.Warn("the server says this store was restored from an earlier copy: numbering its changes again", "from", next)
	return c.store.Renumber(next, map[string][]byte{MetaIncarnation: []byte(newIncarnation()),
		MetaPreviousIncarnation: []byte(req.Incarnation), MetaRebase: []byte("1")})
}

// maxRenumbersPerPush bounds the device_restored answers one push takes.
const maxRenumbersPerPush = 2

// maxRenumberFrom bounds the number a restored store renumbers from: far
// past any a device reaches (a billion changes a day for ten million
// years), far enough below the top that its queue cannot wrap round.
const maxRenumberFrom = 1 << 62

// resetEpoch follows a server restored from backup: queue our whole state
// again (the server may lack any of it), then pull everything from zero.
// The requeue comes first: a crash between the two steps repeats the
// requeue, which is harmless, instead of losing writes.
func (c *Client) resetEpoch(epoch string) error {
	c.log.Info("server epoch changed: re-sending and re-fetching everything", "epoch", epoch)
	if err := c.store.RequeueAll(); err != nil {
		return err
	}
	meta := map[string][]byte{MetaEpoch: []byte(epoch), MetaCursor: []byte("0")}
	markRevokeAgain(c.store, meta) // the restored device list lacks later revocations
	return c.setMetaMarkingRebase(meta)
}

type page struct {
	resp *protocol.PullResponse
	err  error
}

// pull fetches pages after the cursor and applies each with its cursor in
// one transaction. The next page is fetched while this one is applied.
// The last page's transaction also saves last as the time of the last sync
// (MetaLast), saving a write of its own; saved says it did.
func (c *Client) pull(ctx context.Context, cfg config, last []byte) (saved bool, err error) {
	if err := c.pullRecords(ctx, cfg); err != nil { // an undo's records first (undo.go)
		return false, err
	}
	epoch, cursor := c.cursor()
	organisation, _ := c.store.Meta(MetaOrganisation)
	again, _ := c.store.Meta(MetaPullAgain)
	start := cursor
	fetch := func(epoch string, after uint64) <-chan page {
		ch := make(chan page, 1)
		go func() {
			var resp protocol.PullResponse
			err := c.call(ctx, cfg, protocol.PathPull, c.pullRequest(epoch, after, c.opts.PageSize), &resp)
			ch <- page{&resp, err}
		}()
		return ch
	}
	next := fetch(epoch, cursor)
	for {
		p := <-next
		if p.err != nil {
			return false, c.epochChanged(p.err)
		}
		resp := p.resp
		if resp.Next < cursor {
			return false, &badAnswerError{fmt.Sprintf("a cursor (%d) behind this device's (%d)", resp.Next, cursor)}
		}
		if resp.More && resp.Next == cursor && resp.Epoch == epoch {
			// An honest page that says more is waiting moves the cursor
			// on (its first record always goes in); this one would have
			// the device pull for ever, and never send what is saved
			// meanwhile.
			return false, &badAnswerError{"more changes waiting, without moving any further"}
		}
		if resp.More {
			next = fetch(resp.Epoch, resp.Next)
		}
		records, states, err := decodeRecords(resp.Entities)
		if err != nil {
			if resp.More {
				<-next
			}
			return false, err
		}
		// A device enrolled before servers named their organisation learns
		// it from a pull.
		learnt := resp.Organisation != "" && resp.Organisation != string(organisation)
		if len(records) > 0 || resp.Next != cursor || epoch != resp.Epoch || learnt || !resp.More && len(again) > 0 {
			meta := map[string][]byte{MetaCursor: []byte(strconv.FormatUint(resp.Next, 10)), MetaEpoch: []byte(resp.Epoch)}
			if learnt {
				meta[MetaOrganisation], organisation = []byte(resp.Organisation), []byte(resp.Organisation)
			}
			if !resp.More {
				meta[MetaLast], saved = last, true
				if len(again) > 0 {
					meta[MetaPullAgain] = nil // pulled again in full, as UndoRefused asked
				}
			}
			err := c.forgetErased(records, meta)
			if err == nil {
				err = c.apply(records, states, meta)
			}
			if err != nil {
				if resp.More {
					<-next
				}
				return false, err
			}
		}
		c.store.Clock().Observe(hlc.Timestamp{Wall: resp.ServerTime})
		cursor, epoch = resp.Next, resp.Epoch
		if resp.Head > start {
			done := float64(cursor-start) / float64(resp.Head-start)
			c.setStatus(func(s *Status) { s.Progress = 0.5 + 0.5*min(done, 1) })
		}
		if !resp.More {
			return saved, nil
		}
	}
}

// pageBytes bounds the state bytes of a page, so that with their keys and
// the read model's entries they fit one store transaction.
const pageBytes = storage.MaxBatchBytes / 2

// apply merges a page, with the states it came in (decodeRecords), and
// its cursor. If it is too big for one store transaction it is applied in
// halves, the cursor with the last: a crash in between re-pulls the page,
// which merges to the same state.
func (c *Client) apply(records []*record.Entity, states [][]byte, meta map[string][]byte) error {
	_, err := c.store.ApplyRemoteEntities(records, states, meta)
	if errors.Is(err, badger.ErrTxnTooBig) && len(records) > 1 {
		half := len(records) / 2
		if err := c.apply(records[:half], states[:half], nil); err != nil {
			return err
		}
		return c.apply(records[half:], states[half:], meta)
	}
	return err
}

// decodeRecords reads a page's states. They are merged as records, not
// as one write a field: regrouping a first pull's 800,000 writes into
// records cost a fifth of its processor time.
func decodeRecords(es []protocol.Entity) ([]*record.Entity, [][]byte, error) {
	out, states := make([]*record.Entity, len(es)), make([][]byte, len(es))
	for i, pe := range es {
		if pe.Kind == "" || pe.ID == "" {
			return nil, nil, fmt.Errorf("the server sent a record without kind or id")
		}
		e, err := record.DecodeEntity(record.Kind(pe.Kind), pe.ID, pe.State, nil)
		if err != nil {
			return nil, nil, fmt.Errorf("the server sent a damaged record %s %q: %w", pe.Kind, pe.ID, err)
		}
		out[i], states[i] = e, pe.State
	}
	return out, states, nil
}

// call posts one request as JSON and decodes the answer. A refusal comes
// back as a *protocol.Error; ErrRevoked when this device was removed.
func (c *Client) call(ctx context.Context, cfg config, path string, in, out any) error {
	body, err := protocol.Encode(in)
	if err != nil {
		return err
	}
	return c.do(ctx, cfg, path, protocol.ContentType, body, out)
}

// do posts a gzip-compressed body of the given type and decodes the
// answer. It notes whether the server takes compact pushes.
func (c *Client) do(ctx context.Context, cfg config, path, contentType string, body []byte, out any) error {
	h, err := sendBody(ctx, c.http, http.MethodPost, cfg.server, cfg.token, path, contentType, body, out)
	if h != nil && (path == protocol.PathPush || path == protocol.PathPull) {
		c.compactPush.Store(strings.Contains(h.Get(protocol.AcceptPost), protocol.ContentTypePush))
	}
	var perr *protocol.Error
	if errors.As(err, &perr) && perr.Code == protocol.CodeRevoked {
		c.revoked.Store(true)
		c.store.SetMeta(map[string][]byte{MetaRevoked: []byte("1")})
		return ErrRevoked
	}
	return err
}

func post(ctx context.Context, hc *http.Client, server, token, path string, in, out any) error {
	return send(ctx, hc, http.MethodPost, server, token, path, in, out)
}

// send makes one request (a GET has no body: in is nil) and decodes the
// answer into out.
func send(ctx context.Context, hc *http.Client, method, server, token, path string, in, out any) error {
	var body []byte
	if in != nil {
		var err error
		if body, err = protocol.Encode(in); err != nil {
			return err
		}
	}
	_, err := sendBody(ctx, hc, method, server, token, path, protocol.ContentType, body, out)
	return err
}

// sendBody makes one request with a gzip-compressed body (none for a GET)
// and decodes the answer into out. It returns the answer's headers when
// the server answered.
func sendBody(ctx context.Context, hc *http.Client, method, server, token, path, contentType string, body []byte, out any) (http.Header, error) {
	req, err := http.NewRequestWithContext(ctx, method, server+path, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("the server address %q is not valid: %w", server, err)
	}
	protocol.SetHeaders(req.Header)
	req.Header.Set("Content-Type", contentType)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if _, ok := out.(*protocol.PullResponse); ok {
		req.Header.Set("Accept", protocol.ContentTypePage+", "+protocol.ContentType)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return resp.Header, decodeAnswer(resp, out)
}

// decodeAnswer reads an answer into out, or the refusal it carries.
func decodeAnswer(resp *http.Response, out any) error {
	gz := strings.EqualFold(resp.Header.Get("Content-Encoding"), "gzip")
	if resp.StatusCode != http.StatusOK {
		var perr protocol.Error
		if derr := protocol.DecodeAnswer(resp.Body, gz, protocol.MaxRefusalBytes, protocol.MaxRefusalBytes, &perr); derr != nil || perr.Code == "" {
			return &httpError{status: resp.StatusCode}
		}
		perr.Message = serverWords(perr.Message)
		if perr.RetryAfterSeconds <= 0 {
			perr.RetryAfterSeconds = retryAfterHeader(resp.Header.Get("Retry-After"), time.Now())
		}
		if err := serverIDs(&perr); err != nil {
			return err
		}
		return &perr
	}
	if page, ok := out.(*protocol.PullResponse); ok && resp.Header.Get("Content-Type") == protocol.ContentTypePage {
		p, err := protocol.DecodePage(resp.Body, gz, protocol.MaxAnswerBytes)
		if err != nil {
			return err
		}
		*page = *p
		return serverIDs(out)
	}
	if out == nil {
		return nil // an answer with nothing in it ({})
	}
	if err := protocol.DecodeAnswer(resp.Body, gz, protocol.MaxAnswerBytes, protocol.MaxAnswerBytes, out); err != nil {
		return err
	}
	return serverIDs(out)
}

// serverIDs refuses an answer naming something the device keeps (the
// server's epoch and organisation, its token, role and venues) in more
// than protocol.MaxIDBytes, which no Gather server makes: cut, an
// identifier would match nothing, and kept whole, a hostile server could
// fill the device's records with it (serverWords bounds what is only
// shown). Nothing of such an answer is kept.
func serverIDs(out any) error {
	var ids []string
	switch v := out.(type) {
	case *protocol.PullResponse:
		ids = []string{v.Epoch, v.Organisation}
	case *protocol.EnrolResponse:
		ids = append([]string{v.Token, v.DeviceID, v.Epoch, v.Organisation, v.Role}, v.Scope.Venues...)
	case *protocol.Error:
		ids = []string{v.Epoch}
	}
	for _, id := range ids {
		if len(id) > protocol.MaxIDBytes {
			return fmt.Errorf("the server's answer names something in %d bytes, where a Gather server uses at most %d; nothing of it was kept on this device. Check the server address in Settings", len(id), protocol.MaxIDBytes)
		}
	}
	return nil
}

// maxServerWords bounds, in characters, the words a server gives with a
// refusal (protocol.Error.Message, protocol.RefusedWrite.Message) and the
// names it sends to be shown (protocol.DeviceInfo.Name), once decoded: a
// hostile server must not fill this device's records or screen, yet an
// honest refusal says what to do at its end and runs to 1,400 characters
// with long ids and names in it (TestServerWordsKeepAnHonestServersWords),
// so it is never cut. The wire has its own bounds (a refusal's body, at
// most protocol.MaxRefusalBytes; an answer, protocol.MaxAnswerBytes).
const maxServerWords = 2000

// serverWords is s cut to maxServerWords characters, between two
// characters, and marked as cut.
func serverWords(s string) string {
	if utf8.RuneCountInString(s) <= maxServerWords {
		return s
	}
	n := 0
	for i := range s {
		if n == maxServerWords-1 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// httpError is an answer that is not from a Gather server (a proxy's error
// page, say).
type httpError struct{ status int }

func (e *httpError) Error() string {
	return fmt.Sprintf("the server answered %d %s; check the server address", e.status, http.StatusText(e.status))
}

// Enrol trades an enrolment code for a device token and saves the server
// address and token in the store. Run (or SyncNow on a running client)
// then syncs. Only the first Options is used (for its HTTPClient and
// DeviceName). The new enrolment pulls from the start. With a Client
// running on the store, enrol through its Connect, which first stops the
// running sync and sends what is waiting.
func Enrol(ctx context.Context, store *storage.Store, serverURL, code string, opts ...Options) error {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	hc := o.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	server, err := NormaliseServerURL(serverURL)
	if err != nil {
		return err
	}
	var resp protocol.EnrolResponse
	token, err := store.Meta(MetaToken)
	if err != nil {
		return err
	}
	// A store that takes a new id names the one it had, with its token, so
	// the server takes its audit entries written under it.
	var previousID, previousToken string
	if taken, err := idTaken(store); err != nil {
		return err
	} else if taken {
		previousID, previousToken = store.Device(), string(token)
		if err := store.SetDevice(storage.NewDeviceID()); err != nil {
			return err
		}
		token = nil
	}
	organisation, err := store.Meta(MetaOrganisation)
	if err != nil {
		return err
	}
	req := &protocol.EnrolRequest{Schema: protocol.Schema, Code: strings.TrimSpace(code),
		DeviceID: store.Device(), DeviceName: o.DeviceName, Token: string(token), Organisation: string(organisation),
		PreviousDeviceID: previousID, PreviousToken: previousToken}
	err = post(ctx, hc, server, "", protocol.PathEnrol, req, &resp)
	newID := false
	if perr := (*protocol.Error)(nil); errors.As(err, &perr) && perr.Code == protocol.CodeDeviceIDTaken {
		// This store's files were copied from a device that is enrolled: take
		// an id of its own (the code was not used up) and try once more.
		req.PreviousDeviceID, req.PreviousToken = req.DeviceID, req.Token
		if err := store.SetDevice(storage.NewDeviceID()); err != nil {
			return err
		}
		req.DeviceID, req.Token, newID = store.Device(), "", true
		err = post(ctx, hc, server, "", protocol.PathEnrol, req, &resp)
	}
	if err != nil {
		var perr *protocol.Error
		if errors.As(err, &perr) {
			return perr
		}
		var herr *httpError
		if errors.As(err, &herr) {
			return herr
		}
		return fmt.Errorf("cannot reach the server at %s: check the address and the connection (%v)", server, err)
	}
	if resp.Token == "" {
		return errors.New("the server did not send a token; is this a Gather server?")
	}
	old, err := store.Meta(MetaEpoch)
	if err != nil {
		return err
	}
	if len(old) > 0 && string(old) != resp.Epoch {
		// Moving to another server of the organisation (another's refuses
		// this device: EnrolRequest.Organisation), or a restored one: it
		// may lack anything we have.
		if err := store.RequeueAll(); err != nil {
			return err
		}
	}
	before, err := store.Meta(MetaScope)
	if err != nil {
		return err
	}
	scope, _ := json.Marshal(resp.Scope)
	meta := map[string][]byte{MetaServer: []byte(server), MetaToken: []byte(resp.Token), MetaScope: scope, MetaRole: []byte(resp.Role),
		MetaRebase: []byte("1"), MetaRevoked: nil, MetaPreviousIncarnation: nil, MetaCloned: nil}
	var last protocol.Scope
	if len(before) > 0 && (json.Unmarshal(before, &last) != nil || !resp.Scope.Covers(last)) {
		meta[MetaForget] = []byte("1") // an unreadable last scope may have been wider
	}
	// An organisation device is sent what its role keeps: enrolled again
	// for a role that may keep less, it keeps no more than that.
	if lastRole, err := store.Meta(MetaRole); err != nil {
		return err
	} else if len(before) > 0 && last.Organisation && !access.DeviceKeepsAllOf(resp.Role, string(lastRole)) {
		meta[MetaForget] = []byte("1")
	}
	if newID || req.Token == "" {
		meta[MetaIncarnation] = []byte(newIncarnation()) // a device the server has not met
	}
	if resp.Organisation != "" {
		meta[MetaOrganisation] = []byte(resp.Organisation)
	}
	// Every enrolment pulls from the start. The cursor says how far this
	// store has read the log as its last enrolment's scope allowed; under
	// another scope (another venue, the whole organisation, another role
	// or server) records logged before it may now be this device's, and a
	// pull after it would never bring them. Pulling everything again is
	// cheap to merge: what the store holds already changes nothing.
	meta[MetaEpoch], meta[MetaCursor] = []byte(resp.Epoch), []byte("0")
	if err := revocationsOnEnrol(store, server, old, resp.Epoch, meta); err != nil {
		return err
	}
	// The role first-time setup wrote goes, before it is ever sent, when
	// this enrolment's server would refuse it (setupRoleToTakeBack),
	// with the enrolment kept, in one transaction; whichever way, the
	// first enrolment decides, and later ones leave the record be.
	meta[MetaFirstAdministrator] = nil
	back, err := setupRoleToTakeBack(store, &resp)
	if err != nil {
		return err
	}
	if len(back) == 0 {
		return store.SetMeta(meta)
	}
	_, err = store.DropLocalWrites(back, func(int) map[string][]byte { return meta })
	return err
}

// idTaken reports whether this store's device id can never be enrolled
// again: another copy holds it and the token that proves it (MetaCloned),
// or the server said it was removed (MetaRevoked: a revoked id stays
// revoked; only a restored store is still here to hear so, see MustWipe).
func idTaken(store *storage.Store) (bool, error) {
	for _, name := range []string{MetaCloned, MetaRevoked} {
		if b, err := store.Meta(name); err != nil || string(b) == "1" {
			return err == nil, err
		}
	}
	return false, nil
}

// Connect enrols this device with a server (see Enrol) and asks the
// running loop for a sync. It may take a while: call it off the UI
// goroutine. It has the shape of the app's Syncer.Connect.
func (c *Client) Connect(ctx context.Context, serverURL, code string) error {
	if err := c.takeSync(ctx); err != nil { // a sync under the enrolment about to end stops
		return err
	}
	defer c.unlockSync()
	c.sendBeforeEnrolling(ctx)
	if err := Enrol(ctx, c.store, serverURL, code, c.opts); err != nil {
		return err
	}
	if err := c.forgetOutOfScope(); err != nil {
		c.log.Warn("could not drop the records this device no longer may hold; the next sync tries again first", "err", err)
	}
	c.revoked.Store(false)
	c.SyncNow()
	return nil
}

// sendBeforeEnrolling sends what waits under the current enrolment, if
// the device has one, before Connect replaces it: the new enrolment's
// scope may refuse changes this one accepts (marks taken at the venue a
// tablet is leaving). It also asks the server whether its epoch changed
// (checkEpoch): a server restored since the last sync is sent everything
// again here, under the scope that accepts it; otherwise the new
// enrolment would queue it all again (Enrol), its old scope's records
// would be refused and kept as this device's only copy, and the move
// would take nothing away. It tries for a short while only; what it
// cannot send stays queued and goes under the new enrolment, or is set
// aside there if refused (Refused), kept on the device either way.
func (c *Client) sendBeforeEnrolling(ctx context.Context) {
	cfg, err := c.config()
	if err != nil || cfg.revoked || c.revoked.Load() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, sendBeforeEnrolTimeout)
	defer cancel()
	c.refusedNow = 0
	for attempt := 0; ; attempt++ {
		err = c.push(ctx, cfg)
		if aerr := c.waitAck(); err == nil {
			err = aerr
		}
		if err == nil {
			err = c.checkEpoch(ctx, cfg)
		}
		if !errors.Is(err, errAgain) || attempt >= 3 {
			break
		}
	}
	if err != nil {
		c.log.Info("could not send what waits before enrolling again; it goes under the new enrolment", "err", err)
	}
}

// checkEpoch asks the server for one record after the cursor, only to
// hear whether the cursor's epoch is still the server's: a server restored
// since answers epoch_changed, and the device queues everything again
// (resetEpoch) for the next push, returning errAgain. What it answers is
// not applied: the enrolment about to be made pulls from the start.
func (c *Client) checkEpoch(ctx context.Context, cfg config) error {
	epoch, cursor := c.cursor()
	var resp protocol.PullResponse
	return c.epochChanged(c.call(ctx, cfg, protocol.PathPull, c.pullRequest(epoch, cursor, 1), &resp))
}

// cursor is where this device's pulls stand: the server's epoch they read
// in and the last sequence read (0 when unset).
func (c *Client) cursor() (epoch string, after uint64) {
	epochB, _ := c.store.Meta(MetaEpoch)
	cursorB, _ := c.store.Meta(MetaCursor)
	after, _ = strconv.ParseUint(string(cursorB), 10, 64)
	return string(epochB), after
}

// pullRequest asks for up to limit records after the cursor (epoch,
// after), in states this device reads.
func (c *Client) pullRequest(epoch string, after uint64, limit int) *protocol.PullRequest {
	instance := c.store.Instance()
	if again, _ := c.store.Meta(MetaPullAgain); len(again) > 0 {
		instance = "" // everything, this store's pushes too (MetaPullAgain)
	}
	return &protocol.PullRequest{Schema: protocol.Schema, Epoch: epoch, After: after, Limit: limit, MaxBytes: pageBytes,
		Instance: instance, States: record.EntityVersion}
}

// epochChanged answers the server's word that its epoch changed (it was
// restored from a backup): the device queues everything again and pulls
// from the start (resetEpoch), and the caller tries again (errAgain). Any
// other err comes back as it is.
func (c *Client) epochChanged(err error) error {
	var perr *protocol.Error
	if !errors.As(err, &perr) || perr.Code != protocol.CodeEpochChanged {
		return err
	}
	if err := c.resetEpoch(perr.Epoch); err != nil {
		return err
	}
	return errAgain
}

// sendBeforeEnrolTimeout bounds how long Connect tries to send what is
// waiting before it enrols.
const sendBeforeEnrolTimeout = 20 * time.Second

// Organisation names the organisation whose server this device syncs
// with (MetaOrganisation); "" before a server has named it.
func (c *Client) Organisation() string {
	b, _ := c.store.Meta(MetaOrganisation)
	return string(b)
}

// ServerURL is the server this device syncs with; "" before enrolling.
func (c *Client) ServerURL() string {
	b, _ := c.store.Meta(MetaServer)
	return string(b)
}

// NormaliseServerURL accepts what a person types ("gather.example.org",
// "https://gather.example.org/") and returns the base URL.
func NormaliseServerURL(s string) (string, error) {
	s = strings.TrimRight(strings.TrimSpace(s), "/")
	if s == "" {
		return "", errors.New("type the server address your administrator gave you, like https://gather.example.org")
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	if !strings.HasPrefix(s, "https://") && !strings.HasPrefix(s, "http://") {
		return "", fmt.Errorf("the server address %q must start with https://", s)
	}
	return s, nil
}

// retryAfterHeader reads a Retry-After header (RFC 9110: seconds, or an
// HTTP date) as whole seconds from now; 0 when absent, unreadable or past.
func retryAfterHeader(v string, now time.Time) int {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil {
		return max(n, 0)
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return int(math.Ceil(t.Sub(now).Seconds()))
	}
	return 0
}
