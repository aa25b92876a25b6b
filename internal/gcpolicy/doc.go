// Package gcpolicy sets how eagerly a device's process collects garbage.
//
// Go collects when the heap has grown by GOGC percent of what is live
// (100 by default), so a process's memory is up to twice its live heap. On
// a device, what is live is mostly steady (the read model, the store's
// memtable, the fonts), and what comes and goes is a sync's pages and a
// screen's widgets: collecting at half, not double, keeps a tablet's
// memory near what it holds for little processor time. A fixed memory
// limit would do the same until the live heap grew past it (a first pull
// of a large organisation), and then collect without pause.
package gcpolicy
