package cmalloc

import (
	"os"
	"time"
)

// Threshold is the block size from which glibc maps a block on its own,
// and the free space at the top of the heap it keeps before giving it
// back: glibc's starting value for both, which setting it keeps fixed (a
// window-sized texture is several MB, a line of text a few KB).
const Threshold = 128 << 10

// TrimEvery is how often free pages inside the heap go back to the
// system. Fyne lets go of a texture about a minute after its screen was
// last shown, checking every few seconds, so more often would find little
// new; a trim takes well under a millisecond.
const TrimEvery = 30 * time.Second

// envSet lists glibc's own settings for what ForDevice sets; one in the
// environment wins, as GOGC does for gcpolicy.
var envSet = []string{"MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_"}

// fixThresholds reports whether ForDevice sets the thresholds: not when
// the environment already does.
func fixThresholds(getenv func(string) string) bool {
	for _, k := range envSet {
		if getenv(k) != "" {
			return false
		}
	}
	return true
}

// ForDevice fixes glibc's thresholds at Threshold (unless the environment
// sets them) and trims the C heap every TrimEvery until stop is called.
func ForDevice() (stop func()) {
	if !available {
		return func() {}
	}
	if fixThresholds(os.Getenv) {
		setThresholds(Threshold)
	}
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(TrimEvery)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				Trim()
			case <-done:
				return
			}
		}
	}()
	return func() { close(done) }
}
