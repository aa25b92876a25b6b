package desktop

import "testing"

// TestMemoryLimitFollowsTheLiveHeap: a small device's limit stays small,
// and a large organisation's store gets room to match, so the collector
// never runs without pause.
func TestMemoryLimitFollowsTheLiveHeap(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct {
		live     uint64
		min, max int64
	}{
		{40 * mb, 100 * mb, 150 * mb},  // the demo
		{350 * mb, 700 * mb, 800 * mb}, // 100k people, 1M marks
	} {
		got := memoryLimitFor(tc.live)
		if got < tc.min || got > tc.max {
			t.Errorf("live %d MB: limit %d MB, want %d–%d MB", tc.live/mb, got/mb, tc.min/mb, tc.max/mb)
		}
		if got < int64(tc.live)*2 {
			t.Errorf("live %d MB: limit %d MB leaves the collector no room", tc.live/mb, got/mb)
		}
	}
}
