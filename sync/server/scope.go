package server

import "github.com/gather-sp/gather/record"

// holds reports whether the server has exactly this write already: the
// whole field state, not the stamp alone. Only then is the write a no-op
// that needs no check. A write that shares the stored stamp but not its
// value, base or staff is not one (record.Apply settles that tie by the
// greater value), so it is checked like any other: otherwise a device that
// learns or guesses a stamp could replace any value with no check at all.
// Nor is such a write refused outright: checked, it can do nothing a write
// with a fresh stamp could not, and two copies of one store (sharing a
// device id until the server tells them apart) make such pairs honestly.
func holds(c *cached, w record.Write) bool {
	f, ok := c.e.Fields[w.Field]
	return ok && f == record.FieldState{Value: w.Value, Stamp: w.Stamp, Base: w.Base, Staff: w.Staff}
}
