package server

import (
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// newWalkIn reports whether a venue device's write of a case field is a
// newcomer's details passed on by the device registering them: a walk-in
// field (domain.IsWalkInField: phone, date of birth, gender, ethnic group)
// of a person the server holds nothing of before this batch (c is the
// server's own state of the record, before the batch is applied). So the
// device that creates a person may hand over their contact details with
// them, once; it can never add to, change or read anyone's the server
// already has, whatever the device claims. The server decides from its own
// store alone: nothing in the batch (a stamp's device, a venue_id) counts.
// What it accepts goes to organisation devices only: pulls strip case
// fields for venue devices (stripCase), the sender's included, and the
// sender drops its own copy once the server has it (see
// storage.Store.ForgetCaseFields).
func newWalkIn(w record.Write, c *cached) bool {
	return w.Kind == domain.KindPerson && domain.IsWalkInField(w.Field) && len(c.e.Fields) == 0
}
