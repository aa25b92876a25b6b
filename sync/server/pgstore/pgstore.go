package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/server"
)

// Options configure Open.
type Options struct {
	// VacuumDelay is how long after an erasure this process vacuums the
	// tables that held the erased values; 0 means 10 seconds.
	VacuumDelay time.Duration
	// MaxConns bounds the process's connections; 0 means pgxpool's default.
	MaxConns int32
}

// DB is a PostgreSQL-backed server.Backend.
type DB struct {
	pool     *pgxpool.Pool
	failures failures

	stop       context.CancelFunc
	bg         sync.WaitGroup
	vacuumSoon chan struct{}
	closed     sync.Once
}

var _ server.Backend = (*DB)(nil)

// Open connects to the database at url (postgres://...), creates or
// migrates its schema, and returns the backend.
func Open(ctx context.Context, url string, opts Options) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("the database address: %w", err)
	}
	if opts.MaxConns > 0 {
		cfg.MaxConns = opts.MaxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connecting to PostgreSQL: %w", err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	bgctx, cancel := context.WithCancel(context.Background())
	d := &DB{pool: pool, failures: failures{pool}, stop: cancel, vacuumSoon: make(chan struct{}, 1)}
	delay := opts.VacuumDelay
	if delay <= 0 {
		delay = 10 * time.Second
	}
	d.bg.Add(1)
	go d.vacuumer(bgctx, delay)
	return d, nil
}

// OpenStore opens the database at url and runs a server.Store over it;
// closing the Store closes the connections.
func OpenStore(ctx context.Context, url string, opts Options, sopts server.StoreOptions) (*server.Store, error) {
	db, err := Open(ctx, url, opts)
	if err != nil {
		return nil, err
	}
	s, err := server.NewStore(db, sopts)
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close stops the vacuumer and closes the connections.
func (d *DB) Close() error {
	d.closed.Do(func() {
		d.stop()
		d.bg.Wait()
		d.pool.Close()
	})
	return nil
}

// Update runs fn in a READ COMMITTED transaction that first locks the meta
// row: every other update, in any process, waits until this one has
// committed, and then sees it.
func (d *DB) Update(ctx context.Context, fn func(server.Tx) error) error {
	tx, err := d.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return err
	}
	defer tx.Rollback(context.Background())
	t := &ptx{ctx: ctx, tx: tx, batch: &pgx.Batch{}}
	if err := t.readMeta(" FOR UPDATE"); err != nil {
		return err
	}
	if err := fn(t); err != nil {
		return err
	}
	if err := t.flush(); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	if t.erased {
		d.scheduleVacuum()
	}
	return nil
}

// View runs fn in one REPEATABLE READ read-only snapshot.
func (d *DB) View(ctx context.Context, fn func(server.Reader) error) error {
	tx, err := d.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return err
	}
	defer tx.Rollback(context.Background())
	t := &ptx{ctx: ctx, tx: tx, readOnly: true}
	if err := t.readMeta(""); err != nil {
		return err
	}
	if err := fn(t); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

const deviceColumns = `record, last_seen, last_synced`

func scanDevice(row pgx.Row) (*server.Device, error) {
	var raw []byte
	var seen, synced int64
	if err := row.Scan(&raw, &seen, &synced); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, nil
		}
		return nil, err
	}
	var dev server.Device
	if err := json.Unmarshal(raw, &dev); err != nil {
		return nil, fmt.Errorf("a device record is damaged: %w", err)
	}
	dev.LastSeen, dev.LastSynced = max(dev.LastSeen, seen), max(dev.LastSynced, synced)
	return &dev, nil
}

// DeviceByTokenHash implements server.Backend.
func (d *DB) DeviceByTokenHash(ctx context.Context, hash string) (*server.Device, error) {
	if hash == "" {
		return nil, nil
	}
	return scanDevice(d.pool.QueryRow(ctx, `SELECT `+deviceColumns+` FROM gather_devices WHERE token_hash = $1`, hash))
}

// Devices implements server.Backend.
func (d *DB) Devices(ctx context.Context) ([]server.Device, error) {
	rows, err := d.pool.Query(ctx, `SELECT `+deviceColumns+` FROM gather_devices`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []server.Device
	for rows.Next() {
		dev, err := scanDevice(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *dev)
	}
	return out, rows.Err()
}

// Touch implements server.Backend; it takes no meta lock, and a device's
// times only move forwards, so it cannot undo a concurrent commit's.
func (d *DB) Touch(ctx context.Context, id string, now int64, synced bool) error {
	_, err := d.pool.Exec(ctx, `UPDATE gather_devices SET last_seen = GREATEST(last_seen, $2),
		last_synced = CASE WHEN $3 THEN GREATEST(last_synced, $2) ELSE last_synced END WHERE id = $1`, id, now, synced)
	return err
}

// Failures implements server.Backend.
func (d *DB) Failures() server.FailureTable { return d.failures }

// AdminTokenHash implements server.Backend.
func (d *DB) AdminTokenHash(ctx context.Context) ([]byte, error) {
	var h []byte
	err := d.pool.QueryRow(ctx, `SELECT admin_token_hash FROM gather_meta WHERE id = 1`).Scan(&h)
	return h, err
}

// SetAdminTokenHash replaces the admin token's hash (nil: no admin token).
func (d *DB) SetAdminTokenHash(ctx context.Context, hash []byte) error {
	_, err := d.pool.Exec(ctx, `UPDATE gather_meta SET admin_token_hash = $1 WHERE id = 1`, hash)
	return err
}

// ptx is a transaction seen through server.Tx. Writes are queued and sent
// in one batch before the next read or the commit: a commit group reads
// everything first and then writes, so its writes cost one round trip.
type ptx struct {
	ctx      context.Context
	tx       pgx.Tx
	readOnly bool
	meta     server.Meta
	batch    *pgx.Batch
	erased   bool
}

func (t *ptx) readMeta(lock string) error {
	var seq int64
	err := t.tx.QueryRow(t.ctx, `SELECT seq, epoch, hlc, organisation, seal_key FROM gather_meta WHERE id = 1`+lock).Scan(&seq, &t.meta.Epoch, &t.meta.HLC, &t.meta.Organisation, &t.meta.SealKey)
	if errors.Is(err, pgx.ErrNoRows) {
		return errors.New("the database has no gather_meta row: it was not made by gather-server")
	}
	t.meta.Seq = uint64(seq)
	return err
}

func (t *ptx) queue(sql string, args ...any) error {
	if t.readOnly {
		return errors.New("pgstore: a write in a read-only transaction")
	}
	t.batch.Queue(sql, args...)
	return nil
}

// flush sends the queued writes.
func (t *ptx) flush() error {
	if t.batch == nil || t.batch.Len() == 0 {
		return nil
	}
	n := t.batch.Len()
	br := t.tx.SendBatch(t.ctx, t.batch)
	t.batch = &pgx.Batch{}
	for range n {
		if _, err := br.Exec(); err != nil {
			br.Close()
			return err
		}
	}
	return br.Close()
}

func (t *ptx) query(sql string, args ...any) (pgx.Rows, error) {
	if err := t.flush(); err != nil {
		return nil, err
	}
	return t.tx.Query(t.ctx, sql, args...)
}

func (t *ptx) queryRow(sql string, args ...any) pgx.Row {
	if err := t.flush(); err != nil {
		return errRow{err}
	}
	return t.tx.QueryRow(t.ctx, sql, args...)
}

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

func (t *ptx) Meta() (server.Meta, error) { return t.meta, nil }

func (t *ptx) SetMeta(m server.Meta) error {
	t.meta = m
	// The seal key is made once (server.Meta): only a row without one
	// takes it.
	return t.queue(`UPDATE gather_meta SET seq = $1, epoch = $2, hlc = $3, organisation = $4,
		seal_key = CASE WHEN seal_key = '' THEN $5 ELSE seal_key END WHERE id = 1`, int64(m.Seq), m.Epoch, m.HLC, m.Organisation, m.SealKey)
}

func (t *ptx) Entity(kind record.Kind, id string) (*record.Entity, uint64, error) {
	var seq int64
	var state []byte
	err := t.queryRow(`SELECT seq, state FROM gather_entities WHERE kind = $1 AND id = $2`, []byte(kind), []byte(id)).Scan(&seq, &state)
	if errors.Is(err, pgx.ErrNoRows) {
		return record.NewEntity(kind, id), 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	e, err := record.DecodeEntity(kind, id, state, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("%s %q: %w", kind, id, err)
	}
	return e, uint64(seq), nil
}

// chunk is how many log rows a scan reads at a time, and entityChunk how
// many records: the rows are read whole before fn sees them, since fn may
// query the same transaction. A pull stops at a page; an erasure's sweep
// reads whole kinds, under the commit lock, so it takes bigger bites.
const (
	chunk       = 256
	entityChunk = 2000
)

func (t *ptx) Entities(kind record.Kind, prefix string, fn func(string, *record.Entity) error) error {
	from := []byte(prefix)
	first := true
	for {
		op := ">"
		if first {
			op = ">="
		}
		rows, err := t.query(`SELECT id, state FROM gather_entities WHERE kind = $1 AND id `+op+` $2 ORDER BY id LIMIT $3`,
			[]byte(kind), from, entityChunk)
		if err != nil {
			return err
		}
		type row struct{ id, state []byte }
		var got []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.state); err != nil {
				rows.Close()
				return err
			}
			got = append(got, r)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		first = false
		for _, r := range got {
			id := string(r.id)
			if !strings.HasPrefix(id, prefix) {
				return nil // past the prefix: ids are in byte order
			}
			e, err := record.DecodeEntity(kind, id, r.state, nil)
			if err != nil {
				return fmt.Errorf("%s %q: %w", kind, id, err)
			}
			if err := fn(id, e); err != nil {
				return err
			}
		}
		if len(got) < entityChunk {
			return nil
		}
		from = got[len(got)-1].id
	}
}

const logColumns = `l.seq, l.kind, l.id, l.audience, l.venue, l.state, l.origin`

type logRow struct {
	seq uint64
	e   server.LogEntry
}

func scanLog(rows pgx.Rows) ([]logRow, error) {
	defer rows.Close()
	var out []logRow
	for rows.Next() {
		var seq int64
		var kind, id, venue, state, origin []byte
		var aud int16
		if err := rows.Scan(&seq, &kind, &id, &aud, &venue, &state, &origin); err != nil {
			return nil, err
		}
		out = append(out, logRow{uint64(seq), server.LogEntry{Kind: record.Kind(kind), ID: string(id),
			Audience: server.Audience(aud), Venue: string(venue), State: state, Origin: string(origin)}})
	}
	return out, rows.Err()
}

func (t *ptx) LogEntry(seq uint64) (server.LogEntry, bool, error) {
	rows, err := t.query(`SELECT `+logColumns+` FROM gather_log l WHERE l.seq = $1`, int64(seq))
	if err != nil {
		return server.LogEntry{}, false, err
	}
	got, err := scanLog(rows)
	if err != nil || len(got) == 0 {
		return server.LogEntry{}, false, err
	}
	return got[0].e, true, nil
}

// scanChunks calls fn over the log rows next(after) returns, a chunk at a
// time, until fn stops or a chunk comes back short.
func (t *ptx) scanChunks(after uint64, next func(after uint64) (pgx.Rows, error), fn func(uint64, server.LogEntry) (bool, error)) error {
	for {
		rows, err := next(after)
		if err != nil {
			return err
		}
		got, err := scanLog(rows)
		if err != nil {
			return err
		}
		for _, r := range got {
			if more, err := fn(r.seq, r.e); err != nil || !more {
				return err
			}
			after = r.seq
		}
		if len(got) < chunk {
			return nil
		}
	}
}

func (t *ptx) Log(after uint64, fn func(uint64, server.LogEntry) (bool, error)) error {
	return t.scanChunks(after, func(after uint64) (pgx.Rows, error) {
		return t.query(`SELECT `+logColumns+` FROM gather_log l WHERE l.seq > $1 ORDER BY l.seq LIMIT $2`, int64(after), chunk)
	}, fn)
}

// VenueLog reads each venue's part of the (venue, seq) index in order and
// merges them (UNION of ordered, limited branches), so a venue's pull
// costs what concerns it, not a scan of the organisation's log.
func (t *ptx) VenueLog(venues []string, after uint64, fn func(uint64, server.LogEntry) (bool, error)) error {
	if len(venues) == 0 {
		return nil
	}
	args := []any{nil, chunk}
	for _, v := range venues {
		args = append(args, []byte(v))
	}
	sql := venueLogSQL(len(venues))
	return t.scanChunks(after, func(after uint64) (pgx.Rows, error) {
		args[0] = int64(after)
		return t.query(sql, args...)
	}, fn)
}

// venueLogSQL reads a chunk of the log for n venues: $1 is the cursor, $2
// the chunk, $3... the venues.
func venueLogSQL(n int) string {
	var b strings.Builder
	// = ANY(ARRAY(...)) rather than IN (...): the planner then fetches the
	// few log rows by primary key instead of hashing the whole log.
	b.WriteString(`SELECT ` + logColumns + ` FROM gather_log l WHERE l.seq = ANY (ARRAY (SELECT seq FROM (`)
	for i := range n {
		if i > 0 {
			b.WriteString(` UNION `)
		}
		fmt.Fprintf(&b, `(SELECT seq FROM gather_log_venues WHERE venue = $%d AND seq > $1 ORDER BY seq LIMIT $2)`, i+3)
	}
	b.WriteString(`) s ORDER BY seq LIMIT $2)) ORDER BY l.seq`)
	return b.String()
}

func (t *ptx) Linked(person, venue string) (bool, error) {
	var ok bool
	err := t.queryRow(`SELECT EXISTS (SELECT 1 FROM gather_links WHERE person = $1 AND venue = $2)`, []byte(person), []byte(venue)).Scan(&ok)
	return ok, err
}

func (t *ptx) PersonVenues(person string) ([]string, error) {
	rows, err := t.query(`SELECT venue FROM gather_links WHERE person = $1 ORDER BY venue`, []byte(person))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v []byte
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, string(v))
	}
	return out, rows.Err()
}

func (t *ptx) Device(id string) (*server.Device, error) {
	return scanDevice(t.queryRow(`SELECT `+deviceColumns+` FROM gather_devices WHERE id = $1`, id))
}

func (t *ptx) Code(hash []byte) (*server.EnrolCode, error) {
	var raw []byte
	err := t.queryRow(`SELECT record FROM gather_codes WHERE hash = $1`, hash).Scan(&raw)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var c server.EnrolCode
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, fmt.Errorf("enrolment code record is damaged: %w", err)
	}
	return &c, nil
}

func (t *ptx) PutEntity(kind record.Kind, id string, state []byte, seq uint64) error {
	return t.queue(`INSERT INTO gather_entities (kind, id, seq, state) VALUES ($1, $2, $3, $4)
		ON CONFLICT (kind, id) DO UPDATE SET seq = EXCLUDED.seq, state = EXCLUDED.state`,
		[]byte(kind), []byte(id), int64(seq), state)
}

func (t *ptx) PutLog(seq uint64, e server.LogEntry, venues []string) error {
	if err := t.queue(`INSERT INTO gather_log (seq, kind, id, audience, venue, state, origin) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		int64(seq), []byte(e.Kind), []byte(e.ID), int16(e.Audience), []byte(e.Venue), e.State, []byte(e.Origin)); err != nil {
		return err
	}
	for _, v := range venues {
		if err := t.queue(`INSERT INTO gather_log_venues (venue, seq) VALUES ($1, $2) ON CONFLICT DO NOTHING`, []byte(v), int64(seq)); err != nil {
			return err
		}
	}
	return nil
}

// DeleteLog removes every index entry of seq, not only those under venues:
// the table is indexed by seq too.
func (t *ptx) DeleteLog(seq uint64, _ []string) error {
	if err := t.queue(`DELETE FROM gather_log_venues WHERE seq = $1`, int64(seq)); err != nil {
		return err
	}
	return t.queue(`DELETE FROM gather_log WHERE seq = $1`, int64(seq))
}

func (t *ptx) PutLink(person, venue string) error {
	return t.queue(`INSERT INTO gather_links (person, venue) VALUES ($1, $2) ON CONFLICT DO NOTHING`, []byte(person), []byte(venue))
}

func (t *ptx) PutDevice(dev *server.Device) error {
	raw, err := json.Marshal(dev)
	if err != nil {
		return err
	}
	return t.queue(`INSERT INTO gather_devices (id, token_hash, record, last_seen, last_synced) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (id) DO UPDATE SET token_hash = EXCLUDED.token_hash, record = EXCLUDED.record,
			last_seen = GREATEST(gather_devices.last_seen, EXCLUDED.last_seen),
			last_synced = GREATEST(gather_devices.last_synced, EXCLUDED.last_synced)`,
		dev.ID, dev.TokenHash, raw, dev.LastSeen, dev.LastSynced)
}

func (t *ptx) PutCode(hash []byte, c server.EnrolCode) error {
	raw, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return t.queue(`INSERT INTO gather_codes (hash, record) VALUES ($1, $2) ON CONFLICT (hash) DO UPDATE SET record = EXCLUDED.record`, hash, raw)
}

func (t *ptx) DeleteCode(hash []byte) error {
	return t.queue(`DELETE FROM gather_codes WHERE hash = $1`, hash)
}

func (t *ptx) DeleteCodes() error { return t.queue(`DELETE FROM gather_codes`) }

func (t *ptx) Erased() { t.erased = true }

func (t *ptx) NewRecords(device string, kind record.Kind) (server.NewRecords, error) {
	var c server.NewRecords
	err := t.queryRow(`SELECT day, n FROM gather_new_records WHERE device = $1 AND kind = $2`, device, []byte(kind)).Scan(&c.Day, &c.N)
	if errors.Is(err, pgx.ErrNoRows) {
		return server.NewRecords{}, nil
	}
	return c, err
}

func (t *ptx) PutNewRecords(device string, kind record.Kind, c server.NewRecords) error {
	return t.queue(`INSERT INTO gather_new_records (device, kind, day, n) VALUES ($1, $2, $3, $4)
		ON CONFLICT (device, kind) DO UPDATE SET day = EXCLUDED.day, n = EXCLUDED.n`, device, []byte(kind), c.Day, c.N)
}

// failures is the wrong-code table shared by every process.
type failures struct{ pool *pgxpool.Pool }

func (f failures) Get(ctx context.Context, key string) (time.Time, int, error) {
	var start int64
	var n int
	err := f.pool.QueryRow(ctx, `SELECT start_ms, n FROM gather_enrol_failures WHERE key = $1`, key).Scan(&start, &n)
	if errors.Is(err, pgx.ErrNoRows) {
		return time.Time{}, 0, nil
	}
	return time.UnixMilli(start), n, err
}

// Add counts in one statement, so two processes counting at once both count.
func (f failures) Add(ctx context.Context, key string, now time.Time, window time.Duration) error {
	_, err := f.pool.Exec(ctx, `INSERT INTO gather_enrol_failures AS f (key, start_ms, n) VALUES ($1, $2, 1)
		ON CONFLICT (key) DO UPDATE SET
			n = CASE WHEN f.start_ms <= $2 - $3 THEN 1 ELSE f.n + 1 END,
			start_ms = CASE WHEN f.start_ms <= $2 - $3 THEN $2 ELSE f.start_ms END`,
		key, now.UnixMilli(), window.Milliseconds())
	return err
}

func (f failures) Len(ctx context.Context) (int, error) {
	var n int
	err := f.pool.QueryRow(ctx, `SELECT count(*) FROM gather_enrol_failures`).Scan(&n)
	return n, err
}

func (f failures) Prune(ctx context.Context, before time.Time) error {
	_, err := f.pool.Exec(ctx, `DELETE FROM gather_enrol_failures WHERE start_ms <= $1`, before.UnixMilli())
	return err
}

// ---- after an erasure ----

func (d *DB) scheduleVacuum() {
	select {
	case d.vacuumSoon <- struct{}{}:
	default: // one is already due
	}
}

// Vacuum makes the rows an erasure left dead reclaimable and removes them
// from the indexes, so they cannot be read back through the database. It
// does not rewrite the files: VACUUM FULL does (docs/security.md).
func (d *DB) Vacuum(ctx context.Context) error {
	_, err := d.pool.Exec(ctx, `VACUUM gather_entities, gather_log, gather_log_venues`)
	return err
}

// Compact vacuums now (server.Compacter).
func (d *DB) Compact() error { return d.Vacuum(context.Background()) }

// vacuumer vacuums VacuumDelay after an erasure; erasures in the meantime
// share the run.
func (d *DB) vacuumer(ctx context.Context, delay time.Duration) {
	defer d.bg.Done()
	for {
		select {
		case <-ctx.Done():
			return
		case <-d.vacuumSoon:
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(delay):
		}
		if err := d.Vacuum(ctx); err != nil && ctx.Err() == nil {
			slog.Warn("vacuuming after an erasure (autovacuum will do it later)", "err", err)
		}
	}
}
