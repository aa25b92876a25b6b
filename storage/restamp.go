package storage

import (
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
)

// Restamp stamps again every queued write stamped later than latest (Unix
// ms, the latest time the server accepts just now; serverTime is its
// clock), and returns how many it stamped.
//
// Such writes were made while the device's clock was ahead: its date was
// wrong, or it followed a server whose clock was. The server refuses them
// (they would win every merge until that date came), so a queue holding
// them never empties even once the date is put right, and a clock kept
// ahead stamps every new change ahead too. The server never held these
// writes, so no other device did: stamping them again changes no merge
// anyone has seen. A record's state takes the new stamp where the write
// still stands, and a later write that named it as its base names the new
// one, so conflicts are still found.
//
// The clock goes back to the newest stamp the device holds that the
// server could have accepted, or the server's time if later: new readings
// still order after every change this device has seen, as a clock that
// was never ahead would, and not minutes ahead of everyone else's.
//
// While the device's own clock still reads past latest it does nothing:
// the date is still wrong, and new stamps would be ahead again.
//
// The queue is stamped in parts (restampChunk entries a transaction, fewer
// when that many with their records do not fit one), each with the records
// it changes: a crash between parts leaves the rest for the next refusal.
// Until the last part commits, the store keeps the clock it had (ahead),
// and an error puts it back in memory too: while writes and records
// stamped ahead remain, a change saved must still be stamped after them,
// or it would lose to them, here and on the server.
func (s *Store) Restamp(latest, serverTime int64) (int, error) {
	if s.closed.Load() {
		return 0, ErrClosed
	}
	if s.clock.Wall() > latest {
		return 0, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	back, err := s.newestStamp(latest)
	if err != nil {
		return 0, err
	}
	if back.Wall < serverTime {
		back = hlc.Timestamp{Wall: serverTime}
	}
	ahead := s.clock.Last()
	s.clock.SetBack(back)
	renamed := map[hlc.Timestamp]hlc.Timestamp{}
	from, total, chunk := s.queueLow.Load(), 0, restampChunk
	for {
		next, n, err := s.restampPart(latest, from, chunk, renamed, ahead)
		if errors.Is(err, badger.ErrTxnTooBig) && chunk > 1 {
			chunk /= 2 // nothing of the part was kept: again, smaller
			continue
		}
		if err != nil {
			// Entries from from on may still be stamped ahead: so must
			// the changes saved next.
			s.clock.Observe(ahead)
			return total, err
		}
		total += n
		if next == 0 {
			return total, nil
		}
		from = next
	}
}

// newestStamp is the newest stamp of a field the store holds that is not
// later than latest (Unix ms). It reads every record: Restamp runs once
// after a date was put right.
func (s *Store) newestStamp(latest int64) (hlc.Timestamp, error) {
	var newest hlc.Timestamp
	err := s.eachEntity(func(e *record.Entity) {
		for _, f := range e.Fields {
			if f.Stamp.Wall <= latest && newest.Less(f.Stamp) {
				newest = f.Stamp
			}
		}
	})
	return newest, err
}

// restampChunk bounds the queue entries one Restamp transaction rewrites.
const restampChunk = 2000

// restampPart stamps again the writes of up to chunk queue entries from
// the one keyed from, and the records they change, and adds the stamps it
// renamed to renamed once they are committed. next is where the following
// part starts, 0 after the last. Before the last part it keeps ahead as
// the store's clock (see Restamp).
func (s *Store) restampPart(latest int64, from uint64, chunk int, renamed map[hlc.Timestamp]hlc.Timestamp, ahead hlc.Timestamp) (next uint64, n int, err error) {
	fresh := map[hlc.Timestamp]hlc.Timestamp{} // renamed in this part
	rename := func(t hlc.Timestamp) (hlc.Timestamp, bool) {
		if r, ok := fresh[t]; ok {
			return r, true
		}
		r, ok := renamed[t]
		return r, ok
	}
	err = s.db.Update(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte{prefixQueue}
		it := txn.NewIterator(opts)
		defer it.Close()
		type recordID struct {
			kind record.Kind
			id   string
		}
		var changed []recordID
		seen := map[recordID]bool{}
		entries := 0
		for it.Seek(queueKey(from)); it.Valid(); it.Next() {
			k, err := ParseKey(it.Item().Key())
			if err != nil {
				return err
			}
			if entries == chunk {
				next = k.Seq
				break
			}
			entries++
			var nums []uint64
			var ws []record.Write
			err = it.Item().Value(func(v []byte) error {
				return record.DecodeGroup(v, k.Seq, func(num uint64, w record.Write) error {
					nums, ws = append(nums, num), append(ws, w)
					return nil
				})
			})
			if err != nil {
				return fmt.Errorf("storage: queued entry %d is damaged: %w", k.Seq, err)
			}
			stamped := false
			for i := range ws {
				if b, ok := rename(ws[i].Base); ok {
					ws[i].Base, stamped = b, true
				}
				if ws[i].Stamp.Wall > latest {
					now := s.clock.Now()
					fresh[ws[i].Stamp], ws[i].Stamp = now, now
					stamped = true
					n++
				}
			}
			if !stamped {
				continue
			}
			if err := txn.Set(it.Item().KeyCopy(nil), record.AppendGroup(nil, k.Seq, nums, ws)); err != nil {
				return wrapTxn(err)
			}
			if r := (recordID{ws[0].Kind, ws[0].ID}); !seen[r] {
				seen[r] = true
				changed = append(changed, r)
			}
		}
		for _, r := range changed {
			e, held, err := lookupEntity(txn, r.kind, r.id)
			if err != nil || !held {
				return err
			}
			for name, f := range e.Fields {
				now, ok := rename(f.Stamp)
				base, rebased := rename(f.Base)
				if ok {
					f.Stamp = now
				}
				if rebased {
					f.Base = base
				}
				if ok || rebased {
					e.Fields[name] = f
				}
			}
			if err := setEntity(txn, e); err != nil {
				return err
			}
		}
		clock := s.clock.Last()
		if next != 0 {
			clock = ahead
		}
		return wrapTxn(txn.Set(metaKey(metaHLC), []byte(clock.String())))
	})
	if err != nil {
		return 0, 0, err
	}
	for t, r := range fresh {
		renamed[t] = r
	}
	return next, n, nil
}
