package badgerstore

import (
	"testing"

	"github.com/gather-sp/gather/sync/server"
	"github.com/gather-sp/gather/sync/server/storetest"
)

// One Badger folder serves one process, so the suite's two stores share
// one DB: that still proves the Store keeps nothing of its own in memory.
// Each store gets a handle whose Close leaves the DB open, as a store
// closing first must not pull the DB from under the other's background
// work (it did: a panic in findRefiling on a closed DB, in CI); the test
// closes the DB itself when it ends, after both stores.
func TestConformance(t *testing.T) {
	open := func(t testing.TB) *DB {
		db, err := Open(t.TempDir(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	storetest.Run(t, storetest.Backends{
		New: func(t testing.TB) server.Backend { return open(t) },
		Pair: func(t testing.TB) (server.Backend, server.Backend) {
			db := open(t)
			return sharedDB{db}, sharedDB{db}
		},
	})
}

// sharedDB is one of the pair's handles on their DB.
type sharedDB struct{ *DB }

func (sharedDB) Close() error { return nil }
