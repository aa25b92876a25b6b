package cmalloc

import (
	"os"
	"testing"
)

func TestEnvironmentWins(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want bool
	}{
		{"nothing set", nil, true},
		{"mmap threshold set", map[string]string{"MALLOC_MMAP_THRESHOLD_": "65536"}, false},
		{"trim threshold set", map[string]string{"MALLOC_TRIM_THRESHOLD_": "0"}, false},
		{"other malloc setting", map[string]string{"MALLOC_ARENA_MAX": "2"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := fixThresholds(func(k string) string { return tc.env[k] }); got != tc.want {
				t.Errorf("sets the thresholds: %v, want %v", got, tc.want)
			}
		})
	}
}

// TestForDeviceFixesTheThreshold: under glibc's own rule a freed texture
// raises the threshold, so the next one of its size lands in the heap,
// where freeing it leaves a hole; after ForDevice a freed texture leaves
// the threshold alone and the next is mapped on its own again, so freeing
// it gives it back. glibc's rule is checked only before the first
// ForDevice in the process (mallopt ends it for good), and after it with a
// bigger texture, which the free top of the heap the first check left
// cannot hold.
func TestForDeviceFixesTheThreshold(t *testing.T) {
	if !available {
		t.Skip("not glibc: ForDevice does nothing here")
	}
	for _, k := range envSet {
		if v := os.Getenv(k); v != "" {
			t.Skipf("%s=%s is set: the environment decides", k, v)
		}
	}
	if !fixedInThisProcess && mappedAgain(1<<20) {
		t.Fatal("glibc mapped a 1 MiB block again after one was freed: its own rule changed, and this test no longer shows what ForDevice does")
	}
	stop := ForDevice()
	defer stop()
	fixedInThisProcess = true
	if !mappedAgain(4 << 20) {
		t.Fatal("after ForDevice a 4 MiB block was put in the heap, not mapped on its own")
	}
}

// fixedInThisProcess: ForDevice has run in this test process.
var fixedInThisProcess bool
