//go:build !linux

package storage

// releaseTables does nothing where the kernel offers no portable way to
// drop a mapping's pages; see mapped_linux.go.
func releaseTables(string) {}
