// Package device keeps one device's files together: the key file that
// holds the wrapped data key (package keyslot) and, beside it, the
// encrypted store (package storage). It opens the store with the key a
// staff member's PIN released, and wipes both when an administrator has
// revoked the device.
//
// Layout of a data folder:
//
//	DIR/gather-keys.json   the key file (keyslot.FileName)
//	DIR/store/             Badger, encrypted with the data key
//	DIR/wiped              written after a wipe: when, so the app can say so
//
// The key file sits beside the store, not in it: Badger owns its folder,
// and deleting the store must not be the same act as deleting the key.
package device
