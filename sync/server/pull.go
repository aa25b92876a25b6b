package server

import (
	"encoding/binary"
	"errors"
	"log/slog"

	"github.com/dgraph-io/badger/v4"

	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// PullOptions bound one page.
type PullOptions struct {
	MaxEntities int // entities per page
	MaxBytes    int // state bytes per page
}

// Pull answers the changes after a cursor that dev may see, one page.
func (s *Store) Pull(dev *device, req *protocol.PullRequest, lim PullOptions) (*protocol.PullResponse, *protocol.Error, error) {
	if (req.Epoch != "" && req.Epoch != s.epoch) || (req.Epoch == "" && req.After != 0) {
		return nil, &protocol.Error{Code: protocol.CodeEpochChanged, Epoch: s.epoch,
			Message: "the server was restored from a backup: this device will fetch everything afresh and send back what the server lacks"}, nil
	}
	limit := req.Limit
	if limit <= 0 || limit > lim.MaxEntities {
		limit = lim.MaxEntities
	}
	if req.MaxBytes > 0 && req.MaxBytes < lim.MaxBytes {
		lim.MaxBytes = req.MaxBytes
	}
	resp := &protocol.PullResponse{Schema: protocol.Schema, Epoch: s.epoch, Next: req.After, ServerTime: s.now().UnixMilli()}
	if !dev.Scope.Organisation {
		if err := s.db.View(func(txn *badger.Txn) error { return s.pullIndexed(txn, dev, req.After, limit, lim.MaxBytes, resp) }); err != nil {
			return nil, nil, err
		}
		resp.Head = max(s.Head(), resp.Next)
		s.touch(dev.ID, !resp.More)
		return resp, nil, nil
	}
	bytes := 0
	err := s.db.View(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte{prefixLog}
		opts.PrefetchSize = 256
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Seek(logKey(req.After + 1)); it.Valid(); it.Next() {
			if len(resp.Entities) >= limit || bytes >= lim.MaxBytes {
				resp.More = true
				break
			}
			item := it.Item()
			if !isLogKey(item.Key()) {
				continue
			}
			seq := seqFromLogKey(item.Key())
			var ent *protocol.Entity
			err := item.Value(func(v []byte) error {
				e, err := parseLogEntry(v)
				if err != nil || oversized(e) {
					return err
				}
				ent, err = s.visible(txn, dev, e)
				return err
			})
			if err != nil {
				return err
			}
			if ent != nil {
				if !fitsPage(resp, ent, bytes, lim.MaxBytes) {
					resp.More = true
					break
				}
				resp.Entities = append(resp.Entities, *ent)
				bytes += entityBytes(ent)
			}
			resp.Next = seq
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	resp.Head = max(s.Head(), resp.Next)
	s.touch(dev.ID, !resp.More)
	return resp, nil, nil
}

// visible returns the entity as dev may see it, or nil. The state is
// copied out of Badger's buffer.
func (s *Store) visible(txn *badger.Txn, dev *device, e logEntry) (*protocol.Entity, error) {
	org := dev.Scope.Organisation
	out := &protocol.Entity{Kind: string(e.kind), ID: e.id}
	switch e.audience {
	case audienceOrganisation:
		if !org {
			return nil, nil
		}
	case audienceEveryone:
	case audienceVenue:
		if !dev.Scope.HasVenue(e.venue) {
			return nil, nil
		}
	case audiencePerson:
		if org {
			break
		}
		seen := false
		for _, v := range dev.Scope.Venues {
			_, err := txn.Get(linkKey(e.id, v))
			if err == nil {
				seen = true
				break
			}
			if !errors.Is(err, badger.ErrKeyNotFound) {
				return nil, err
			}
		}
		if !seen {
			return nil, nil
		}
		ent, err := record.DecodeEntity(e.kind, e.id, e.state, nil)
		if err != nil {
			return nil, err
		}
		stripCase(ent)
		out.State = record.AppendEntity(nil, ent)
		return out, nil
	default:
		return nil, nil // an audience this build does not know: fail closed
	}
	out.State = append([]byte(nil), e.state...)
	return out, nil
}

// pullIndexed answers a venue device from the index partitions of its
// venues (and the one for every venue), merged in sequence order, so its
// pull reads what may concern it instead of the whole log. Every entry is
// still checked by visible.
func (s *Store) pullIndexed(txn *badger.Txn, dev *device, after uint64, limit, maxBytes int, resp *protocol.PullResponse) error {
	head := after
	if b, err := getValue(txn, metaKey("seq")); err == nil && len(b) == 8 {
		head = binary.BigEndian.Uint64(b)
	} else if err != nil && !errors.Is(err, badger.ErrKeyNotFound) {
		return err
	}
	type part struct {
		it     *badger.Iterator
		prefix []byte
	}
	var parts []part
	defer func() {
		for _, p := range parts {
			p.it.Close()
		}
	}()
	for _, v := range append([]string{""}, dev.Scope.Venues...) {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = indexPrefix(v)
		opts.PrefetchValues = false
		it := txn.NewIterator(opts)
		it.Seek(appendSeq(indexPrefix(v), after+1))
		parts = append(parts, part{it, opts.Prefix})
	}
	seqOf := func(p part) uint64 { return binary.BigEndian.Uint64(p.it.Item().Key()[len(p.prefix):]) }
	bytes := 0
	last := after
	for {
		best := -1
		for i, p := range parts {
			if p.it.Valid() && (best < 0 || seqOf(p) < seqOf(parts[best])) {
				best = i
			}
		}
		if best < 0 {
			resp.Next = max(last, head)
			return nil
		}
		seq := seqOf(parts[best])
		parts[best].it.Next()
		if seq == last {
			continue // a person linked to two of this device's venues
		}
		if len(resp.Entities) >= limit || bytes >= maxBytes {
			resp.More = true
			resp.Next = last
			return nil
		}
		v, err := getValue(txn, logKey(seq))
		if errors.Is(err, badger.ErrKeyNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		e, err := parseLogEntry(v)
		if err != nil {
			return err
		}
		if oversized(e) {
			last = seq
			continue
		}
		ent, err := s.visible(txn, dev, e)
		if err != nil {
			return err
		}
		if ent != nil {
			if !fitsPage(resp, ent, bytes, maxBytes) {
				resp.More = true
				resp.Next = last
				return nil
			}
			resp.Entities = append(resp.Entities, *ent)
			bytes += entityBytes(ent)
		}
		last = seq
	}
}

// entityBytes is what an entity counts towards a page's byte limit.
func entityBytes(e *protocol.Entity) int { return len(e.State) + len(e.ID) + len(e.Kind) + 32 }

// fitsPage says whether ent may join a page that holds bytes so far: a
// page stays within maxBytes, except that its first entity always goes in
// (a record may be bigger than a small max_bytes; protocol.MaxRecordBytes
// bounds it, and oversized what a store from before that holds).
func fitsPage(resp *protocol.PullResponse, ent *protocol.Entity, bytes, maxBytes int) bool {
	return len(resp.Entities) == 0 || bytes+entityBytes(ent) <= maxBytes
}

// oversized reports a record bigger than a whole page
// (protocol.MaxPageBytes), which only a store written before records were
// bounded can hold. It is left out of pulls, with a warning, rather than
// make a page without bound that no device could read: an administrator
// erases it (which pushes accept, as it shrinks the record).
func oversized(e logEntry) bool {
	if len(e.state) <= protocol.MaxPageBytes {
		return false
	}
	slog.Warn("a record is bigger than a pull page may hold and is left out of pulls until an administrator erases it",
		"kind", e.kind, "id", e.id, "bytes", len(e.state))
	return true
}

// touch notes when a device was last seen, and when synced is set, when it
// last finished a pull (kept in memory; saved with the device's next push).
func (s *Store) touch(id string, synced bool) {
	now := s.now().UnixMilli()
	s.devMu.Lock()
	defer s.devMu.Unlock()
	if d := s.devices[id]; d != nil {
		cp := *d
		cp.LastSeen = now
		if synced {
			cp.LastSynced = now
		}
		s.devices[id] = &cp
	}
}
