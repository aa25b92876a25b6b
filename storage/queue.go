package storage

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/dgraph-io/badger/v4"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
)

// The outbound queue.
//
// Writes are numbered one by one (the protocol's sequence: the server
// acknowledges, refuses and detects gaps by write), but they are stored one
// entry per change: the writes a save made to one record, as a
// record.AppendGroup under the key of its first write's number. A mark's
// eight writes are one Badger key of about 250 bytes instead of eight of
// about 110, so reading and acknowledging a backlog touches an eighth of the
// keys (docs/performance.md, issue 13, has the figures). Entries written
// before there were groups hold one record.AppendWrite each, which reads as
// a group of one.
//
// An entry's key is at most its first write's number, and entries' ranges
// do not overlap, so key order is write order. The low-water mark (queueLow)
// is at most the first queued write's number: an acknowledgement that ends
// inside an entry writes the rest of it under its first remaining number,
// so no entry holding a queued write is keyed below the mark.

// recordCount is a number of queued writes of one record.
type recordCount struct {
	rec []byte // recordKey
	n   int
}

// recordKey names a record in s.waiting: the encoded kind and id, the
// bytes record.GroupInfo.Record holds.
func recordKey(kind record.Kind, id string) []byte {
	b := binary.AppendUvarint(nil, uint64(len(kind)))
	b = append(b, kind...)
	b = binary.AppendUvarint(b, uint64(len(id)))
	return append(b, id...)
}

// wait adds n (negative: drops) queued writes of one record to the count
// of records waiting. Callers hold mu (or are Open).
func (s *Store) wait(rec []byte, n int) {
	if rec == nil {
		return
	}
	if c := s.waiting[string(rec)] + n; c > 0 {
		s.waiting[string(rec)] = c
	} else {
		delete(s.waiting, string(rec))
	}
	s.changes.Store(int64(len(s.waiting)))
}

// queueEntry reads the header of the queued entry at item.
func queueEntry(item *badger.Item) (seq uint64, info record.GroupInfo, err error) {
	k, err := ParseKey(item.Key())
	if err != nil {
		return 0, info, err
	}
	err = item.Value(func(v []byte) error {
		info, err = record.ReadGroupInfo(v, k.Seq)
		info.Record = append([]byte(nil), info.Record...)
		return err
	})
	if err != nil {
		return 0, info, fmt.Errorf("storage: queued entry %d is damaged: %w", k.Seq, err)
	}
	return k.Seq, info, nil
}

// countPending counts the queue from its persisted low-water mark (the
// head, in a store made before there was one) and raises the mark to the
// first entry still queued.
func (s *Store) countPending() error {
	var n int64
	low := s.queueSeq + 1
	first := true
	s.waiting = map[string]int{}
	err := s.db.View(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte{prefixQueue}
		opts.PrefetchValues = false
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Seek(queueKey(s.queueLow.Load())); it.Valid(); it.Next() {
			seq, info, err := queueEntry(it.Item())
			if err != nil {
				return err
			}
			if first {
				low, first = seq, false
			}
			n += int64(info.N)
			s.wait(info.Record, info.N)
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.pending.Store(n)
	s.queueLow.Store(low)
	return nil
}

// purgeQueued deletes the queued writes to the fields the changes set,
// or to every field of a record a change erases, rewriting the entries
// that keep other writes (under the same key: it is still at most their
// first). It walks the queue once for all the changes (an erasure is a
// change for each of a person's records, hundreds with their marks, and a
// walk each made erasing on a device with a backlog quadratic: 34 s for
// 1,000 marks among 40,000 queued). Writes the changes themselves queue
// come after it. A queued write equal in field and stamp to one of exact
// goes too, whatever else is queued for its field. It returns the writes
// dropped, by record.
func purgeQueued(txn *badger.Txn, changes []record.Change, exact []record.Write, from uint64) ([]recordCount, error) {
	type fieldStamp struct {
		field string
		stamp hlc.Timestamp
	}
	type target struct {
		all    bool
		fields map[string]bool
		exact  map[fieldStamp]bool
	}
	targets := map[string]*target{}
	targetOf := func(kind record.Kind, id string) *target {
		rec := recordKey(kind, id)
		t := targets[string(rec)]
		if t == nil {
			t = &target{fields: map[string]bool{}, exact: map[fieldStamp]bool{}}
			targets[string(rec)] = t
		}
		return t
	}
	for _, c := range changes {
		t := targetOf(c.Kind, c.ID)
		t.all = t.all || c.Fields[record.FieldErased] == "true"
		for f := range c.Fields {
			t.fields[f] = true
		}
	}
	for _, w := range exact {
		targetOf(w.Kind, w.ID).exact[fieldStamp{w.Field, w.Stamp}] = true
	}
	opts := badger.DefaultIteratorOptions
	opts.Prefix = []byte{prefixQueue}
	opts.PrefetchValues = false
	it := txn.NewIterator(opts)
	defer it.Close()
	type rewrite struct {
		key, value []byte // value nil: delete
	}
	var todo []rewrite
	dropped := map[string]int{}
	for it.Seek(queueKey(from)); it.Valid(); it.Next() {
		item := it.Item()
		seq, info, err := queueEntry(item)
		if err != nil {
			return nil, err
		}
		t := targets[string(info.Record)]
		if t == nil {
			continue
		}
		var nums []uint64
		var kept []record.Write
		n := 0
		err = item.Value(func(v []byte) error {
			return record.DecodeGroup(v, seq, func(num uint64, w record.Write) error {
				if t.all || t.fields[w.Field] || t.exact[fieldStamp{w.Field, w.Stamp}] {
					n++
					return nil
				}
				nums, kept = append(nums, num), append(kept, w)
				return nil
			})
		})
		if err != nil {
			return nil, fmt.Errorf("storage: reading the outbound queue: %w", err)
		}
		if n == 0 {
			continue
		}
		dropped[string(info.Record)] += n
		r := rewrite{key: item.KeyCopy(nil)}
		if len(kept) > 0 {
			r.value = record.AppendGroup(nil, seq, nums, kept)
		}
		todo = append(todo, r)
	}
	for _, r := range todo {
		var err error
		if r.value == nil {
			err = txn.Delete(r.key)
		} else {
			err = txn.Set(r.key, r.value)
		}
		if err != nil {
			return nil, wrapTxn(err)
		}
	}
	counts := make([]recordCount, 0, len(dropped))
	for rec, n := range dropped {
		counts = append(counts, recordCount{[]byte(rec), n})
	}
	return counts, nil
}

// Pending is a queued write waiting to be pushed.
type Pending struct {
	Seq   uint64
	Write record.Write
}

// PendingWrites returns up to limit queued writes with sequence after after,
// in order. It starts at the queue's low-water mark, never before, so its
// cost does not depend on how many writes were acknowledged before.
func (s *Store) PendingWrites(after uint64, limit int) ([]Pending, error) {
	var out []Pending
	// Read before the transaction starts: every write below it was deleted
	// by a commit this snapshot sees.
	low := s.queueLow.Load()
	from := max(after+1, low)
	add := func(item *badger.Item) error {
		k, err := ParseKey(item.Key())
		if err != nil {
			return err
		}
		err = item.Value(func(v []byte) error {
			return record.DecodeGroup(v, k.Seq, func(num uint64, w record.Write) error {
				if num >= from && len(out) < limit {
					out = append(out, Pending{Seq: num, Write: w})
				}
				return nil
			})
		})
		if err != nil {
			return fmt.Errorf("storage: queued entry %d is damaged: %w", k.Seq, err)
		}
		return nil
	}
	err := s.db.View(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte{prefixQueue}
		// Queued entries are small and live in the tables (valueThreshold),
		// so reading each value in place beats prefetching copies of them.
		opts.PrefetchValues = false
		if from > low {
			// The entry before from may hold writes from it on.
			ropts := opts
			ropts.Reverse = true
			it := txn.NewIterator(ropts)
			it.Seek(queueKey(from - 1))
			var err error
			if it.Valid() {
				err = add(it.Item())
			}
			it.Close()
			if err != nil {
				return err
			}
		}
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Seek(queueKey(from)); it.Valid() && len(out) < limit; it.Next() {
			if err := add(it.Item()); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// PendingCount returns how many writes (one a field) wait to be pushed.
func (s *Store) PendingCount() int { return int(s.pending.Load()) }

// PendingChanges returns how many records hold changes made here that wait
// to be pushed: what a person counts as changes ("3 waiting" after marking
// three people), where PendingCount counts their fields (24 for the three
// marks).
func (s *Store) PendingChanges() int { return int(s.changes.Load()) }

// QueueSeq returns the sequence of the last queued write.
func (s *Store) QueueSeq() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.queueSeq
}

// Ack drops queued writes up to and including seq: the server has them.
// It starts at the queue's low-water mark and raises it in the same
// transaction as the deletions, so acknowledging costs the same whatever
// was acknowledged before, and a crash leaves the mark and the queue
// agreeing. An entry acknowledged in part is written again with the rest
// of its writes, under the first of them.
func (s *Store) Ack(seq uint64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	// Nothing is queued past queueSeq, and the mark must not pass it: the
	// next write saved takes queueSeq+1.
	seq = min(seq, s.queueSeq)
	var dropped int64
	for s.queueLow.Load() <= seq {
		low, next := s.queueLow.Load(), seq+1
		var n int64
		entries := 0
		var recs []recordCount
		err := s.db.Update(func(txn *badger.Txn) error {
			opts := badger.DefaultIteratorOptions
			opts.Prefix = []byte{prefixQueue}
			opts.PrefetchValues = false
			it := txn.NewIterator(opts)
			defer it.Close()
			var rest *Pending // the first write kept of an entry acknowledged in part
			var restValue []byte
			for it.Seek(queueKey(low)); it.Valid(); it.Next() {
				item := it.Item()
				first, info, err := queueEntry(item)
				if err != nil {
					return err
				}
				if first > seq {
					break
				}
				if entries == ackChunk {
					next = first
					break
				}
				entries++
				if info.Last > seq {
					// Acknowledged in part: keep the writes after seq.
					var nums []uint64
					var kept []record.Write
					err := item.Value(func(v []byte) error {
						return record.DecodeGroup(v, first, func(num uint64, w record.Write) error {
							if num > seq {
								nums, kept = append(nums, num), append(kept, w)
							}
							return nil
						})
					})
					if err != nil {
						return fmt.Errorf("storage: queued entry %d is damaged: %w", first, err)
					}
					rest = &Pending{Seq: nums[0]}
					restValue = record.AppendGroup(nil, nums[0], nums, kept)
					info.N -= len(kept)
				}
				if err := txn.Delete(item.KeyCopy(nil)); err != nil {
					return err
				}
				n += int64(info.N)
				recs = append(recs, recordCount{info.Record, info.N})
				if rest != nil {
					break // nothing after it is at or below seq
				}
			}
			if rest != nil {
				if err := txn.Set(queueKey(rest.Seq), restValue); err != nil {
					return err
				}
			}
			return txn.Set(metaKey(metaQueueLow), binary.BigEndian.AppendUint64(nil, next))
		})
		if err != nil {
			return fmt.Errorf("storage: dropping acknowledged writes: %w", err)
		}
		dropped += n
		s.queueLow.Store(next)
		for _, r := range recs {
			s.wait(r.rec, -r.n)
		}
	}
	s.pending.Add(-dropped)
	// No record changed: screens have nothing to repaint. Only the queue's
	// watchers (the sync client's count of changes waiting) are told.
	s.notifyQueue()
	return nil
}

// ackChunk bounds the entries one Ack transaction drops.
const ackChunk = 5000

// requeueBytes bounds the queue entries one RequeueAll transaction writes,
// well within what Badger takes in one (MaxBatchBytes).
const requeueBytes = MaxBatchBytes / 2

// RequeueAll queues the current state of every entity again, for a server
// that lost data (restored from backup). States carry their original stamps,
// so re-sending them cannot win over newer writes. Conflict records are sent
// too: the server made them (their stamps are its own, derived from the
// pair) and a reviewer may have resolved them here, so a restored server
// gets back the ones recorded after its backup, identical. Only a conflict
// record this device made itself (before the server became their only
// author) stays here. Each entity's state is one entry.
//
// The saves still queued (numbered from FreshFrom: not yet sent) are
// queued once more after the state, past the new FreshFrom: the server
// meets them for the first time, and keeps one that loses to a change
// made without knowing it as a conflict, which a state queued again
// cannot tell it (sync/server: freshWrites). A state queued again before
// and still waiting is no save and is not. A field whose state is such a
// save goes only with the save, not twice.
//
// It takes several transactions (a store's state passes what one holds).
// The first records which saves go again (metaRequeueSaves) and moves
// FreshFrom past them; the last drops that record. A crash in between
// leaves it for Open, which runs the job again (finishRequeue), so the
// saves still go as fresh; an error leaves it for FreshFrom, which the
// next push asks.
func (s *Store) RequeueAll() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requeueAll(0)
}

// requeueAll is RequeueAll; numbered past 0 first sets the queue's head
// to it, in the first transaction (Renumber). Callers hold mu.
func (s *Store) requeueAll(numbered uint64) error {
	ranges, err := s.requeueRanges()
	if err != nil {
		return err
	}
	head := max(s.queueSeq, numbered)
	err = s.db.Update(func(txn *badger.Txn) error {
		if head > s.queueSeq {
			if err := s.setClockAndSeq(txn, head); err != nil {
				return err
			}
		}
		if err := txn.Set(metaKey(metaRequeueSaves), encodeRanges(ranges)); err != nil {
			return wrapTxn(err)
		}
		return wrapTxn(txn.Set(metaKey(metaRequeued), binary.BigEndian.AppendUint64(nil, head)))
	})
	if err != nil {
		return fmt.Errorf("storage: queuing everything again: %w", err)
	}
	s.queueSeq = head
	if err := s.stopAt("requeue: marked"); err != nil {
		return err
	}
	saves, err := s.savesIn(ranges)
	if err != nil {
		return err
	}
	// The same write, value too: two copies of one store stamp alike, and
	// the other copy's value under a save's stamp is no save of this one.
	type fieldWrite struct {
		kind             record.Kind
		id, field, value string
		stamp            hlc.Timestamp
	}
	saved := map[fieldWrite]bool{}
	var savedWrites []record.Write
	for _, g := range saves {
		for _, w := range g.writes {
			saved[fieldWrite{w.Kind, w.ID, w.Field, w.Value, w.Stamp}] = true
		}
		savedWrites = append(savedWrites, g.writes...)
	}
	based := record.Bases(savedWrites)
	// A save another among them names as its base was seen by its author,
	// who changed it again: it goes with the state, not as fresh, as the
	// server counts one a later write of its batch names (freshWrites),
	// whichever batches they fall in. Fresh, it would lose to the save
	// after the next and be a conflict no one needs to review.
	var groups [][]record.Write
	var groupOf []int // the saves each of groups is from
	var seen [][]record.Write
	for i, g := range saves {
		var fresh, old []record.Write
		for _, w := range g.writes {
			if based(w) {
				old = append(old, w)
			} else {
				fresh = append(fresh, w)
			}
		}
		if len(old) > 0 {
			seen = append(seen, old)
		}
		if len(fresh) > 0 {
			groups, groupOf = append(groups, fresh), append(groupOf, i)
		}
	}
	var all [][]record.Write
	err = s.eachEntity(func(e *record.Entity) {
		if len(e.Fields) == 0 || (e.Kind == domain.KindConflict && e.Fields["entity_kind"].Stamp.Device == s.Device()) {
			return
		}
		ws := slices.DeleteFunc(e.Writes(), func(w record.Write) bool { return saved[fieldWrite{w.Kind, w.ID, w.Field, w.Value, w.Stamp}] })
		if len(ws) > 0 {
			all = append(all, ws)
		}
	})
	if err != nil {
		return err
	}
	all = append(all, seen...)
	err = s.enqueue(all, "requeue: state part", func(txn *badger.Txn, seq uint64, _ int) error {
		return txn.Set(metaKey(metaRequeued), binary.BigEndian.AppendUint64(nil, seq))
	})
	if err != nil {
		return err
	}
	if len(groups) == 0 {
		return wrapTxn(s.db.Update(func(txn *badger.Txn) error { return txn.Delete(metaKey(metaRequeueSaves)) }))
	}
	return s.enqueue(groups, "requeue: saves part", func(txn *badger.Txn, _ uint64, done int) error {
		if done == len(groups) {
			return txn.Delete(metaKey(metaRequeueSaves))
		}
		return txn.Set(metaKey(metaRequeueSaves), encodeRanges(clipRanges(ranges, saves[groupOf[done-1]].last+1)))
	})
}

// finishRequeue runs again a RequeueAll a crash or an error stopped
// (metaRequeueSaves still set), at Open and before FreshFrom answers: the
// saves it recorded go as fresh, after the whole state.
func (s *Store) finishRequeue() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	// Under mu: a run that finished while this waited is not run again.
	if b, err := s.Meta(metaRequeueSaves); err != nil || b == nil {
		return err
	}
	if err := s.requeueAll(0); err != nil {
		return fmt.Errorf("this device could not finish getting its changes ready to send again, which it was doing when Gather last stopped: "+
			"nothing is lost, and it tries again each time Gather opens and before each sync; if this keeps happening, "+
			"check the device has free disk space, then ask your administrator (%w)", err)
	}
	return nil
}

// seqRange is the queue numbers from first to last.
type seqRange struct{ first, last uint64 }

// requeueRanges is where the saves RequeueAll queues again are: those an
// unfinished run recorded, and the queue from FreshFrom to its head.
// Callers hold mu.
func (s *Store) requeueRanges() ([]seqRange, error) {
	var ranges []seqRange
	var from uint64
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		if from, err = requeuedTo(txn); err != nil {
			return err
		}
		from++
		ranges, err = unfinishedRequeue(txn)
		if errors.Is(err, errRequeueDamaged) {
			// Which saves the run recorded is lost: every write still
			// queued below the state goes as one (a conflict too many,
			// never one too few), and the store still opens.
			ranges, err = []seqRange{{1, from - 1}}, nil
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	// A recorded range never reaches the state (from): one that would
	// is damaged, and the queue from there on is taken whole below.
	ranges = slices.DeleteFunc(ranges, func(r seqRange) bool { return r.first >= from })
	for i := range ranges {
		ranges[i].last = min(ranges[i].last, from-1)
	}
	if from <= s.queueSeq {
		ranges = append(ranges, seqRange{from, s.queueSeq})
	}
	return ranges, nil
}

// requeued is the writes of a save queued again: one record's, in queue
// order, the last numbered last.
type requeued struct {
	last   uint64
	writes []record.Write
}

// savesIn reads the writes still queued in ranges, one group a run of
// writes to one record, in queue order.
func (s *Store) savesIn(ranges []seqRange) ([]requeued, error) {
	var saves []requeued
	for _, r := range ranges {
		queued, err := s.PendingWrites(r.first-1, int(min(r.last-r.first+1, math.MaxInt32)))
		if err != nil {
			return nil, err
		}
		for _, p := range queued {
			if p.Seq > r.last {
				break
			}
			if n := len(saves); n > 0 && saves[n-1].last == p.Seq-1 && p.Write.Kind == saves[n-1].writes[0].Kind && p.Write.ID == saves[n-1].writes[0].ID {
				saves[n-1].last = p.Seq
				saves[n-1].writes = append(saves[n-1].writes, p.Write)
				continue
			}
			saves = append(saves, requeued{p.Seq, []record.Write{p.Write}})
		}
	}
	return saves, nil
}

// clipRanges is ranges from the number from on.
func clipRanges(ranges []seqRange, from uint64) []seqRange {
	var out []seqRange
	for _, r := range ranges {
		if r.last >= from {
			out = append(out, seqRange{max(r.first, from), r.last})
		}
	}
	return out
}

// encodeRanges is the value of metaRequeueSaves: a version byte, then
// each range's first and last number.
func encodeRanges(ranges []seqRange) []byte {
	b := []byte{1}
	for _, r := range ranges {
		b = binary.BigEndian.AppendUint64(b, r.first)
		b = binary.BigEndian.AppendUint64(b, r.last)
	}
	return b
}

// unfinishedRequeue is the saves a RequeueAll that has not finished
// queues again (metaRequeueSaves), nil when none runs.
func unfinishedRequeue(txn *badger.Txn) ([]seqRange, error) {
	b, err := getMeta(txn, metaRequeueSaves)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if len(b) == 0 || b[0] != 1 || (len(b)-1)%16 != 0 {
		return nil, errRequeueDamaged
	}
	var ranges []seqRange
	for b = b[1:]; len(b) > 0; b = b[16:] {
		r := seqRange{binary.BigEndian.Uint64(b), binary.BigEndian.Uint64(b[8:])}
		if r.first == 0 || r.first > r.last {
			return nil, errRequeueDamaged
		}
		ranges = append(ranges, r)
	}
	return ranges, nil
}

// errRequeueDamaged is a metaRequeueSaves no run wrote.
var errRequeueDamaged = errors.New("storage: the record of the changes being queued again is damaged")

// enqueue queues each of groups (one record's writes each) as one entry,
// numbered on from the queue's head, in as many transactions as they
// need. mark writes, in each transaction, what the job records of its
// progress: seq is the last number the transaction queues, done how many
// of groups are queued with it. After each commit point gives a test the
// chance to stop it there (Options.Interrupt). Callers hold mu.
func (s *Store) enqueue(all [][]record.Write, point string, mark func(txn *badger.Txn, seq uint64, done int) error) error {
	done := 0
	for done < len(all) {
		txn := s.db.NewTransaction(true)
		seq := s.queueSeq
		var queued []recordCount
		writes, size := 0, 0
		for done < len(all) && writes < 2000 {
			ws := all[done]
			nums := make([]uint64, len(ws))
			for i := range nums {
				nums[i] = seq + 1 + uint64(i)
			}
			v := record.AppendGroup(nil, nums[0], nums, ws)
			// Records run up to protocol.MaxRecordBytes: a part holds
			// what fits one transaction, and always one record.
			if len(queued) > 0 && size+len(v) > requeueBytes {
				break
			}
			if err := txn.Set(queueKey(nums[0]), v); err != nil {
				txn.Discard()
				return wrapTxn(err)
			}
			done, seq = done+1, seq+uint64(len(ws))
			queued = append(queued, recordCount{recordKey(ws[0].Kind, ws[0].ID), len(ws)})
			writes += len(ws)
			size += len(v) + 32 // the key and Badger's own bytes
		}
		if err := s.setClockAndSeq(txn, seq); err != nil {
			txn.Discard()
			return err
		}
		if err := mark(txn, seq, done); err != nil {
			txn.Discard()
			return wrapTxn(err)
		}
		if err := txn.Commit(); err != nil {
			return err
		}
		s.pending.Add(int64(seq - s.queueSeq))
		s.queueSeq = seq
		for _, r := range queued {
			s.wait(r.rec, r.n)
		}
		s.notifyQueue() // records are as they were; only the queue grew
		if err := s.stopAt(point); err != nil {
			return err
		}
	}
	return nil
}

// FreshFrom is the first queue number past every write RequeueAll queued:
// writes numbered from it on were queued by saves on this store, each
// for the first time, where a state queued again may be one the server
// had, and other devices saw, before. The sync client sends it with each
// push, so the server can tell a save no other device can have seen
// (sync/server: freshWrites). 1 when the store never queued its state
// again (or did so before it kept the number: such a state left in the
// queue may count as fresh, which records a conflict too many, never one
// too few).
//
// A RequeueAll that failed part way (an error, where a crash leaves it
// to Open) is finished first: until it is, saves it queues again are
// numbered below FreshFrom, or among the server's after Renumber, and a
// push would send them as old state.
func (s *Store) FreshFrom() (uint64, error) {
	var to uint64
	var unfinished bool
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		if to, err = requeuedTo(txn); err != nil {
			return err
		}
		_, err = getMeta(txn, metaRequeueSaves)
		unfinished = err == nil
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		return err
	})
	if err != nil || !unfinished {
		return to + 1, err
	}
	if err := s.finishRequeue(); err != nil {
		return 0, err
	}
	err = s.db.View(func(txn *badger.Txn) error {
		var err error
		to, err = requeuedTo(txn)
		return err
	})
	return to + 1, err
}

// requeuedTo is the last number RequeueAll queued (metaRequeued), 0 when
// it never ran, or when the number is damaged: every write queued counts
// as a save then (a conflict too many, never one too few), where an error
// would stop every push and keep the store from opening while a run is
// unfinished; the next RequeueAll writes it anew.
func requeuedTo(txn *badger.Txn) (uint64, error) {
	b, err := getMeta(txn, metaRequeued)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if len(b) != 8 {
		return 0, nil
	}
	return binary.BigEndian.Uint64(b), nil
}
