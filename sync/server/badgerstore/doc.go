// Package badgerstore keeps a sync server's state in an embedded Badger
// database in one data folder: the default, one-command store. It
// implements server.Backend for one process (Badger's directory lock keeps
// a second one out), so it may keep the device registry and the
// wrong-code counters in memory beside the database; a server that needs
// several processes uses pgstore.
//
// Updates are serialised by one lock held until Badger's commit returns,
// so commit sequences follow commit order and a reader's snapshot always
// holds a prefix of the log. Entity states are written with Badger's
// "discard earlier versions" flag, and a commit that erased something
// marks the store for Compact, which rewrites the files a little later so
// the old values leave the disk (see server's erase.go). The store and its
// backups are encrypted at rest (atrest.go).
package badgerstore
