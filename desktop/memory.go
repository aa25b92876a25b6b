package desktop

import (
	"context"
	"os"
	"runtime"
	"runtime/debug"
	"time"
)

// The desktop app's memory: the store's open and the first screens leave a
// heap several times what stays live (Badger's memtable and caches fill,
// the read model is built in batches), and Go keeps that memory until it
// is needed again. A soft limit fitted to what is live (twice it, plus
// room for a report or an import) lets the runtime collect and hand memory
// back, without making a large organisation's store, whose read model is
// legitimately big, collect all the time. GOMEMLIMIT, when set, wins.

// refitMemoryEvery is how often the limit follows the live heap as the
// store grows with syncs.
const refitMemoryEvery = 5 * time.Minute

// memoryLimitFor is the soft limit for a live heap of live bytes.
func memoryLimitFor(live uint64) int64 {
	return int64(live)*2 + 64<<20
}

// fitMemory fits the limit now, hands back what the open left over, and
// keeps the limit fitted until ctx ends.
func fitMemory(ctx context.Context) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	fit := func() {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		debug.SetMemoryLimit(memoryLimitFor(ms.HeapAlloc))
	}
	fit()
	debug.FreeOSMemory()
	go func() {
		t := time.NewTicker(refitMemoryEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				fit()
			}
		}
	}()
}
