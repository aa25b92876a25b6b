// Package atomicfile writes a file whole or not at all: the one place
// Gather's "write beside it, then rename over it" rule lives, for every
// file it saves for a person (printouts, report exports, the audit-trail
// export). A failed or interrupted write never leaves half a file, and
// never empties or removes the file that was there before.
//
// Key files have their own create-or-update rules (keyslot) and files that
// must not replace anything have internal/durable; neither uses this.
package atomicfile
