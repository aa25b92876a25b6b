package pgstore

import (
	"context"
	"testing"

	"github.com/gather-sp/gather/internal/pgtest"
	"github.com/gather-sp/gather/sync/server"
	"github.com/gather-sp/gather/sync/server/storetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func open(t testing.TB, url string) *DB {
	t.Helper()
	db, err := Open(context.Background(), url, Options{MaxConns: 8})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// The suite's two stores are two connection pools on one database, as two
// gather-server processes are.
func TestConformance(t *testing.T) {
	storetest.Run(t, storetest.Backends{
		New: func(t testing.TB) server.Backend { return open(t, pgtest.NewDatabase(t)) },
		Pair: func(t testing.TB) (server.Backend, server.Backend) {
			url := pgtest.NewDatabase(t)
			return open(t, url), open(t, url)
		},
	})
}
