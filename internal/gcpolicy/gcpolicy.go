package gcpolicy

import (
	"os"
	"runtime/debug"
)

// DevicePercent is the GOGC a device runs with: the heap may grow by half
// of what is live before a collection.
const DevicePercent = 50

// ForDevice sets DevicePercent, unless GOGC is set, which wins.
func ForDevice() {
	if os.Getenv("GOGC") != "" {
		return
	}
	debug.SetGCPercent(DevicePercent)
}
