package server

import (
	"fmt"
	"strings"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// actionOfWrite says which of the app's actions (package access) a write
// amounts to, for the writes only some roles may make and the server can
// tell apart by their field: ok is false for every other write, which the
// role does not limit here (the scope and the other checks still do).
//
//   - erased, on any kind: erasing a person writes the tombstone on them
//     and on each of their records (storage.ErasureChanges), and it is
//     for good (it wins every merge and takes the case with it);
//   - merged_into on a person: merging hides the duplicate from every list
//     and moves their case to the survivor;
//   - any field of the organisation's settings (retention, follow-up
//     interval, the service's contact details).
//
// Staff records are not here: a device's first administrator and "Add me"
// write them from devices of any role, and what only an administrator may
// do to them (setup codes, and a role or venues while one waits) is
// checkSetupCodes'.
func actionOfWrite(w record.Write) (access.Action, bool) {
	switch {
	case w.Field == record.FieldErased:
		return access.ActionErasePerson, true
	case w.Kind == domain.KindPerson && w.Field == record.FieldMergedInto:
		return access.ActionMergePeople, true
	case w.Kind == domain.KindSetting:
		return access.ActionChangeOrgSettings, true
	}
	return "", false
}

// actionWords names an action actionOfWrite returns, in a refusal.
var actionWords = map[access.Action]string{
	access.ActionErasePerson:       "erasing a person",
	access.ActionMergePeople:       "merging people's records",
	access.ActionChangeOrgSettings: "changing the organisation's settings",
}

// checkRole refuses the first write that amounts to an action the role the
// device was enrolled for may not take (access.CanDo, the policy the app's
// screens ask). The role is the server's record of the enrolment code's,
// chosen by an administrator: the staff member a write names is the
// device's word, so a stolen or misused reception desk could otherwise
// erase or merge anyone. A write the server already holds whole passes
// (sent again after a server restore): it does nothing.
//
// A device enrolled before the server kept roles, or with a code made
// without one, has none, and is refused these writes too: the server
// cannot check it, and the writes cannot be undone (an erasure) or hide
// people (a merge). The refusal says to enrol the device again with a
// code that names its role, as the admin endpoints already require.
func (g *group) checkRole(dev *Device, ws []record.Write) (int, *protocol.Error, error) {
	for i, w := range ws {
		action, limited := actionOfWrite(w)
		if !limited || access.CanDo(dev.Role, action) {
			continue
		}
		c, err := g.entity(w.Kind, w.ID)
		if err != nil {
			return 0, nil, err
		}
		if holds(c, w) {
			continue
		}
		return i, roleRefusal(dev, w, action), nil
	}
	return 0, nil, nil
}

// roleRefusal says which role the device was enrolled for, which roles
// the action needs, and what to do; the change stays on the device and is
// listed there as refused.
func roleRefusal(dev *Device, w record.Write, action access.Action) *protocol.Error {
	what := actionWords[action]
	if what == "" {
		what = fmt.Sprintf("%q", action)
	}
	roles := strings.Join(access.RolesThatCan(action), " or ")
	why := fmt.Sprintf("this device is enrolled as %s, and %s needs a device enrolled for %s. Make the change on such a device (an administrator makes its code in Admin › Devices), or undo it here",
		dev.Role, what, roles)
	if dev.Role == "" {
		why = fmt.Sprintf("this device was enrolled without a role (with a code made before the server kept roles, or without one), so the server cannot tell whether it may: %s needs a device enrolled for %s. Ask your administrator for a code that names this device's role and enrol it again, or make the change on such a device",
			what, roles)
	}
	return &protocol.Error{Code: protocol.CodeOutOfScope, Message: fmt.Sprintf(
		"the server cannot take this change to the %s of %s %q: %s. Nothing from this batch was saved on the server; the change stays on this device.",
		w.Field, w.Kind, w.ID, why)}
}
