//go:build linux && cgo

package cmalloc

/*
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
static int haveGlibc(void) { return 1; }
static void setThresholds(int n) {
	mallopt(M_MMAP_THRESHOLD, n);
	mallopt(M_TRIM_THRESHOLD, n);
}
static void trim(void) { malloc_trim(0); }
// mappedAgain frees a block of n bytes and reports whether the next block
// of that size is mapped on its own again, as one freed returns to the
// system (glibc's own rule raises its threshold past a mapped block freed).
// The blocks go through a volatile pointer: the compiler drops a malloc
// whose block is freed unused.
// mallinfo2 is glibc 2.33's; before it, mallinfo's int fields suffice for
// a count of mapped blocks.
#if __GLIBC_PREREQ(2, 33)
#define MAPPED_BLOCKS() (mallinfo2().hblks)
#else
#define MAPPED_BLOCKS() ((size_t)mallinfo().hblks)
#endif
static void *volatile block;
static int mappedAgain(size_t n) {
	block = malloc(n);
	free(block);
	size_t before = MAPPED_BLOCKS();
	block = malloc(n);
	int mapped = MAPPED_BLOCKS() > before;
	free(block);
	return mapped;
}
#else
static int haveGlibc(void) { return 0; }
static void setThresholds(int n) {}
static void trim(void) {}
static int mappedAgain(size_t n) { return 0; }
#endif
*/
import "C"

// available: the C library is glibc (musl has neither setting).
var available = C.haveGlibc() == 1

func setThresholds(n int) { C.setThresholds(C.int(n)) }

// Trim hands the C heap's free pages back to the system.
func Trim() { C.trim() }

// mappedAgain reports whether a block of n bytes is still mapped on its
// own after one of that size was freed (for the tests: cgo cannot be used
// in them).
func mappedAgain(n int) bool { return C.mappedAgain(C.size_t(n)) == 1 }
