package testenv

import (
	"os"
	"time"

	"github.com/gather-sp/gather/sync/client"
)

// Snapshot copies the device's data folder, as a backup of the tablet or
// an IT person's copy would, and returns the copy's folder. The store is
// closed for the copy and opened again afterwards.
func (d *Device) Snapshot() string {
	d.T.Helper()
	d.Store.Close()
	dst := d.T.TempDir()
	if err := os.CopyFS(dst, os.DirFS(d.Dir)); err != nil {
		d.T.Fatalf("copy %s: %v", d.Name, err)
	}
	d.open()
	return dst
}

// PutBack replaces the device's data folder with an earlier snapshot and
// opens it: the store restored from a backup.
func (d *Device) PutBack(snapshot string) {
	d.T.Helper()
	d.Store.Close()
	if err := os.RemoveAll(d.Dir); err != nil {
		d.T.Fatal(err)
	}
	if err := os.CopyFS(d.Dir, os.DirFS(snapshot)); err != nil {
		d.T.Fatalf("put back %s: %v", d.Name, err)
	}
	d.open()
}

// Clone makes a second live device from a copy of this one's data folder:
// the same device id, token and queue numbering, as when a tablet's files
// are copied onto another tablet. The copy syncs with opts and reads its
// clock from now (nil: the real clock).
func (d *Device) Clone(name string, opts client.Options, now func() time.Time) *Device {
	d.T.Helper()
	c := &Device{T: d.T, Name: name, Dir: d.Snapshot(), Opts: opts, Now: now}
	c.open()
	d.T.Cleanup(func() { c.Store.Close() })
	return c
}
