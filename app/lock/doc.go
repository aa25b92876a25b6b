// Package lock holds the screens that stand between a shared tablet and the
// records on it: first-time setup of the device's key file, the unlock
// screen (staff tiles, then a PIN pad), the Gate that locks the window after
// a spell without input or on "Lock now", and "Change my PIN".
//
// It talks to the key file (package keyslot) through the small Keys
// interface, and to the audit trail through a save function the shell hands
// over once the store is open (SetAudit): the store is encrypted with the
// key the first unlock releases, so wrong PINs tried before it is open are
// held in memory and saved as soon as it is.
//
// Screens are structs made by newX/NewX, with buildUI making their widgets
// once and onX methods for what people do. Slow work (Argon2id takes a few
// tenths of a second) runs through a runner: off the UI goroutine, with the
// result brought back through fyne.Do. Tests pass a synchronous runner.
//
// # Mounting
//
//	kf, _ := keyslot.Open(keyPath, keyslot.Options{})
//	gate := lock.NewGate(lock.GateOptions{Window: w, Keys: kf,
//		OnUnlock: func(u *keyslot.Unlocked, same bool) error { ... open the store with u.Key() once ... }})
//	gate.Start() // shows "Who is using Gather?"
//
// The shell calls gate.Touch() on input it sees, gate.LockNow() for "Lock
// now", gate.SwitchStaff() for "Switch staff member", and gate.Current()
// for the unlocked staff member (the admin screens need it).
package lock
