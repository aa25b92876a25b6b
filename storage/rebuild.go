package storage

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/dgraph-io/badger/v4"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// rebuild fills the read model from every entity in Badger. One goroutine
// reads Badger, a worker per core decodes, and this goroutine inserts into
// memdb (a single writer).
func (s *Store) rebuild() error {
	// Keys and values are copied into reusable batch buffers rather than one
	// allocation each: a million marks would otherwise leave ~300 MB of
	// garbage behind and double the peak memory of the open.
	type span struct{ k0, k1, v1 int }
	type batch struct {
		buf   []byte
		items []span
	}
	const batchSize = 512
	// The tables' pages this scan touches are released every so often
	// (see releaseTables), so they do not add up to the whole store.
	const releaseEvery = 32 << 20
	pool := sync.Pool{New: func() any { return &batch{buf: make([]byte, 0, 256<<10)} }}
	items := make(chan *batch, 8)
	rows := make(chan []Row, 8)
	var decodeErr atomic.Value
	var wg sync.WaitGroup
	for i := 0; i < runtime.GOMAXPROCS(0); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dec := newRowDecoder()
			for b := range items {
				out := make([]Row, len(b.items))
				n := 0
				for _, it := range b.items {
					key, val := b.buf[it.k0:it.k1], b.buf[it.k1:it.v1]
					kind, id, err := parseEntityKey(key)
					if err == nil {
						var keep bool
						if keep, err = dec.decode(&out[n], kind, id, val); err == nil && !keep && hasRetired(kind) {
							keep, err = decodeRetired(&out[n], kind, id, val)
						}
						if keep {
							n++
						}
					}
					if err != nil {
						decodeErr.Store(fmt.Errorf("record %q: %w", key, err))
					}
				}
				out = out[:n:n]
				b.buf, b.items = b.buf[:0], b.items[:0]
				pool.Put(b)
				rows <- out
			}
		}()
	}
	go func() { wg.Wait(); close(rows) }()

	iterErr := make(chan error, 1)
	go func() {
		defer close(items)
		iterErr <- s.db.View(func(txn *badger.Txn) error {
			opts := badger.DefaultIteratorOptions
			opts.Prefix = []byte{prefixEntity}
			opts.PrefetchSize = 256
			it := txn.NewIterator(opts)
			defer it.Close()
			b := pool.Get().(*batch)
			read := 0
			for it.Rewind(); it.Valid(); it.Next() {
				k0 := len(b.buf)
				b.buf = append(b.buf, it.Item().Key()...)
				k1 := len(b.buf)
				err := it.Item().Value(func(v []byte) error {
					b.buf = append(b.buf, v...)
					return nil
				})
				if err != nil {
					return err
				}
				b.items = append(b.items, span{k0, k1, len(b.buf)})
				if read += len(b.buf) - k0; read >= releaseEvery {
					releaseTables(s.dir)
					read = 0
				}
				if len(b.items) == batchSize {
					items <- b
					b = pool.Get().(*batch)
				}
			}
			if len(b.items) > 0 {
				items <- b
			}
			return nil
		})
	}()

	txn := s.mem.Txn(true)
	defer txn.Abort()
	var insertErr error
	registers := registerBuilder{}
	for batch := range rows {
		for i := 0; i < len(batch); i++ {
			r := &batch[i]
			if !hasTable(r.Kind) {
				continue // kinds from a newer version stay in Badger only
			}
			if r.Kind == domain.KindAttendance {
				j := i + 1
				for j < len(batch) && batch[j].Kind == domain.KindAttendance {
					j++
				}
				registers.add(batch[i:j])
				i = j - 1
				continue
			}
			table := string(r.Kind)
			if isRetired(r) {
				table = retiredTable(r.Kind)
			}
			if err := txn.Insert(table, r); err != nil && insertErr == nil {
				insertErr = err
			}
		}
	}
	if insertErr == nil {
		insertErr = registers.insertAll(txn)
	}
	if err := <-iterErr; err != nil {
		return fmt.Errorf("storage: reading the store: %w", err)
	}
	if err, _ := decodeErr.Load().(error); err != nil {
		return fmt.Errorf("storage: the store holds a damaged record: %w", err)
	}
	if insertErr != nil {
		return fmt.Errorf("storage: building the read model: %w", insertErr)
	}
	txn.Commit()
	releaseTables(s.dir)
	return nil
}

// decodeRetired fills r with the retired row of a deleted or erased entity
// (see retiredRow) and reports whether there is one. It decodes the stamps
// too, which the quick decoder skips: retired records are few.
func decodeRetired(r *Row, kind record.Kind, id, val []byte) (bool, error) {
	e, err := record.DecodeEntity(kind, string(id), val, nil)
	if err != nil {
		return false, err
	}
	row := retiredRow(e)
	if row == nil {
		return false, nil
	}
	*r = *row
	return true, nil
}
