package badgerstore

import (
	"testing"
	"time"

	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/server"
	"github.com/gather-sp/gather/sync/server/storetest"
)

func BenchmarkErasePersonOnBusyServer(b *testing.B) {
	s, err := OpenStore(b.TempDir(), Options{CompactDelay: time.Hour}, server.StoreOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	storetest.ErasePersonOnBusyServer(b, s)
}

func officePusher(tb testing.TB, s *server.Store) (add func(record.Kind, string, map[string]string), flush func()) {
	return storetest.OfficePusher(tb, s)
}

func BenchmarkSmallPush(b *testing.B) {
	s, err := OpenStore(b.TempDir(), Options{}, server.StoreOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	storetest.SmallPush(b, s)
}

func BenchmarkVenuePush(b *testing.B) {
	s, err := OpenStore(b.TempDir(), Options{}, server.StoreOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	storetest.VenuePush(b, s)
}

func BenchmarkPushWhileRefiling(b *testing.B) {
	s, err := OpenStore(b.TempDir(), Options{}, server.StoreOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	storetest.PushWhileRefiling(b, s)
}
