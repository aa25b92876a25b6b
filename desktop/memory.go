package desktop

import "runtime/debug"

// The desktop app's memory: the device collects at half its live heap
// (gcpolicy.ForDevice, set when the window opens), and after the store's
// open, which leaves a heap several times what stays live (Badger's
// memtable and caches fill, the read model is built in batches), it hands
// what is left over back to the system at once rather than over minutes.

// releaseOpenMemory collects and returns free memory to the system
// (FreeOSMemory collects first).
func releaseOpenMemory() {
	debug.FreeOSMemory()
}
