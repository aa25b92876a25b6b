// Package keyslot keeps a device's key file: the one place the store's data
// key lives at rest, wrapped once for every staff member who may unlock the
// device.
//
// The data key is 32 random bytes and is what storage.Open takes as its
// EncryptionKey. It is never written in the clear. Each staff member has a
// slot holding the data key sealed with XChaCha20-Poly1305 under a key derived
// from their PIN or passphrase with Argon2id (a random salt and the Argon2id
// parameters are kept per slot). The slot's associated data binds it to the
// staff id, so a slot copied under another id does not open.
//
// Because every slot wraps the same data key, adding or removing staff,
// changing a role, changing or resetting a PIN never re-encrypts the data:
// only the small key file is rewritten, atomically (temp file, fsync, rename).
//
// The table of slots (ids, names, roles, wrapped keys) carries an HMAC keyed
// from the data key. Someone who edits the file to give their slot the
// administrator role, or to add a slot, is caught at the next unlock
// (ErrTampered): making a valid table needs the data key itself.
//
// Every slot also holds a backup key pair (X25519; backupkey.go): the
// private half sealed like the data key, the public half in the table. A
// device backup is sealed with a fresh file key sealed to the public keys
// of those who may restore it (SealFileKey), so it opens only with one of
// their PINs from when it was made, never with a PIN removed or changed
// before: those release the data key from an older copy of the file, but
// no private key the backup was sealed to.
//
// Wrong PINs are counted per slot in the file, before the PIN is even tried,
// so neither a restart nor pulling the power mid-attempt forgets one. After
// each failure the next attempt waits a little longer; after MaxFailures the
// slot is locked until an administrator clears it. Those counters are not
// (and cannot be) authenticated without the key: they slow down guessing on
// the device, while Argon2id's cost is what slows down guessing on a copy of
// the file. See docs/security.md.
package keyslot
