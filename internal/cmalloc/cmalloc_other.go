//go:build !linux || !cgo

package cmalloc

const available = false

func setThresholds(int) {}

// Trim does nothing without glibc.
func Trim() {}

func mappedAgain(int) bool { return false }
