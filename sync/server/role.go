package server

import (
	"fmt"
	"strings"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// actionsOfWrite says which of the app's actions (package access) a write
// amounts to, for the writes only some roles may make: access.ActionOfWrite
// of its kind and field; for a write to a conflict record but its erasure
// access.ActionReviewConflicts (its decision, access.DecidesConflict, or
// the server's own fields, rewritten); and for a write to a
// conflict record (the decision, or any field but its erasure)
// access.ActionToResolve of the conflict: resolving one over the
// organisation's settings decides a setting's value either way. The
// conflict is taken as about the record and field the server holds and
// each this batch writes into it (rewrites): the server makes conflict
// records and no device writes those, but a hostile one could, to make a
// conflict over a setting read as over something else. It is empty for
// every other write, which the role does not limit here (the scope and
// the other checks still do).
//
// firstAdministrator says whether the member of staff id is the
// organisation's first administrator (checkRole), asked only of a write
// that makes a new member of staff one (makesNewAdministrator).
func (g *group) actionsOfWrite(w record.Write, rewrites map[string]conflictRewrite, firstAdministrator func(id string) (bool, error)) ([]access.Action, error) {
	if w.Kind != domain.KindConflict || w.Field == record.FieldErased {
		var actions []access.Action
		if w.Kind == domain.KindStaff {
			// First, so a refusal says what it does to them: erasing a
			// staff record removes them, as deleting it does.
			c, err := g.entity(w.Kind, w.ID)
			if err != nil {
				return nil, err
			}
			manages := changesWhoMayUseGather(c, w)
			if !manages && makesNewAdministrator(c, w) {
				first, err := firstAdministrator(w.ID)
				if err != nil {
					return nil, err
				}
				manages = !first
			}
			if manages {
				actions = append(actions, access.ActionManageStaff)
			}
		}
		// Before a merge's own action, so a refusal says what the write
		// would do: erase them.
		erases, err := g.erasesByMoving(w)
		if err != nil {
			return nil, err
		}
		if erases {
			actions = append(actions, access.ActionErasePerson)
		}
		if action, ok := access.ActionOfWrite(w.Kind, w.Field); ok {
			actions = append(actions, action)
		}
		return actions, nil
	}
	var actions []access.Action
	c, err := g.entity(domain.KindConflict, w.ID)
	if err != nil {
		return nil, err
	}
	kinds := append([]string{c.e.Get("entity_kind")}, rewrites[w.ID].kinds...)
	fields := append([]string{c.e.Get("field")}, rewrites[w.ID].fields...)
find:
	for _, kind := range kinds {
		for _, field := range fields {
			if action, ok := access.ActionToResolve(domain.Conflict{EntityKind: kind, Field: field}); ok {
				actions = append(actions, action)
				break find
			}
		}
	}
	// The more particular refusal first: "which is changing the
	// organisation's settings" tells more than "resolving a conflict".
	// Every write to a conflict record but its erasure needs a device that
	// reviews conflicts: the decision (access.DecidesConflict) decides it,
	// and the rest is the server's own record of the two writes (what it
	// is about, both values, who made them), which a reviewer reads to
	// decide. A device that may not review never rewrites it (a
	// reception desk setting loser_value before a link worker keeps the
	// value set aside would write its own value into the record), and
	// sends it back only as the server holds it and if its role receives
	// it (checkRole, returnedAsHeld).
	return append(actions, access.ActionReviewConflicts), nil
}

// changesWhoMayUseGather says whether w, a write to a staff record the
// server holds as c, changes who may use Gather or what they see, which
// needs a device enrolled for a role that manages staff
// (access.ActionManageStaff; access.StaffWriteManages says which fields):
// every device refuses the PIN of someone whose record is deleted, and
// signs anyone in with a role no higher than their record's, so a
// reception desk deleting, erasing or demoting administrators would lock
// them out everywhere (an erased record is deleted for good:
// access.RemovesStaff); where someone works limits what a facilitator sees. A
// write that changes nothing passes: the value the server holds, or one
// older than it (sent again; it loses the merge). So do the writes every
// device makes for a member of staff new to the server (first-time
// setup, "Add me": domain.Create writes deleted empty), but a role that
// manages staff (makesNewAdministrator). A role for a record the server
// holds without one is not among them: it would lower them on every
// device as a changed role does. A
// record the device wrote itself is no
// exception: the server cannot tell one it made from one whose every
// field it wrote again as it was (each such write passes), which would
// make anyone's record its own to remove; the app offers these changes
// only on a device that manages staff (Admin › Staff).
func changesWhoMayUseGather(c *cached, w record.Write) bool {
	held := c.e.Get(w.Field)
	if !access.StaffWriteManages(w.Field) || w.Value == held || losesToHeld(c, w) {
		return false
	}
	if w.Field == record.FieldDeleted || w.Field == record.FieldErased {
		return true // removes them, or puts them back
	}
	return len(c.e.Fields) > 0 // a role or venues, of a record the server has
}

// makesNewAdministrator says whether w gives a member of staff new to the
// server (c holds nothing of them) a role that manages staff: only a
// device enrolled for such a role may (actionsOfWrite), but for the
// organisation's first administrator, one member of staff (checkRole).
// Every device's first-time setup makes its first user an administrator,
// also on a reception desk: the
// device is told at enrolment whether the organisation has one on record
// (EnrolResponse.AdministratorOnRecord), and one that may not make
// another takes the role back before it is sent (sync/client's
// setupRoleToTakeBack); sent anyway (an older app), it is refused alone
// and stays on the desk. Either way the desk signs them in with its key
// file's role (the record holds none). Otherwise any device
// could add administrators nobody has a PIN for, so that the last real one
// is no longer the last on record (checkLastAdministrator). A PIN setup
// code used writes no role: the administrator's GiveSetupCode did.
func makesNewAdministrator(c *cached, w record.Write) bool {
	return w.Field == "role" && len(c.e.Fields) == 0 && access.ManagesStaff(w.Value)
}

// conflictRewrite is what a batch writes into a conflict record's
// entity_kind and field: which record kind and field it is about.
type conflictRewrite struct{ kinds, fields []string }

// conflictRewrites collects, by conflict id, what ws write into conflict
// records' entity_kind and field.
func conflictRewrites(ws []record.Write) map[string]conflictRewrite {
	var out map[string]conflictRewrite
	for _, w := range ws {
		if w.Kind != domain.KindConflict || (w.Field != "entity_kind" && w.Field != "field") {
			continue
		}
		if out == nil {
			out = map[string]conflictRewrite{}
		}
		r := out[w.ID]
		if w.Field == "entity_kind" {
			r.kinds = append(r.kinds, w.Value)
		} else {
			r.fields = append(r.fields, w.Value)
		}
		out[w.ID] = r
	}
	return out
}

// actionWords names an action actionsOfWrite returns, in a refusal.
var actionWords = map[access.Action]string{
	access.ActionErasePerson:       "erasing a person",
	access.ActionMergePeople:       "merging people's records",
	access.ActionChangeOrgSettings: "changing the organisation's settings",
	access.ActionReviewConflicts:   "resolving a conflict",
	access.ActionManageStaff:       "removing a member of staff or changing their role or where they work",
}

// checkRole refuses the writes that amount to an action the role the
// device was enrolled for may not take (access.CanDo, the policy the app's
// screens ask): the first, or with each set every one, by index (to a
// device that settles them one by one: checkWrites). The role is the
// server's record of the enrolment code's, chosen by an administrator: the
// staff member a write names is the device's word, so a stolen or misused
// reception desk could otherwise erase or merge anyone. A write the server
// already holds whole passes (sent again after a server restore): it does
// nothing; of a conflict record, only from a role that receives it
// (returnedAsHeld).
//
// A device enrolled before the server kept roles, or with a code made
// without one, has none, and is refused these writes too: the server
// cannot check it, and the writes cannot be undone (an erasure) or hide
// people (a merge). The refusal says to enrol the device again with a
// code that names its role, as the admin endpoints already require.
func (g *group) checkRole(dev *Device, ws []record.Write, each bool) (map[int]*protocol.Error, error) {
	rewrites := conflictRewrites(ws)
	// The organisation's first administrator is one member of staff: the
	// first new one this batch makes administrator while none is on
	// record, as this group holds them (an earlier push in it may have
	// made one). Every further one is made with one on record, as if sent
	// after it, else a desk could make any number "the first" in one
	// batch. A write this says is the first passes the role (no other
	// action of a staff role's write limits it), so it is taken when the
	// batch is; with each, the next round meets it first again. On record
	// is asked at most once a batch: a push of many new administrators
	// costs one read of the staff records.
	var first *bool
	var taken string // the staff id of the first administrator
	firstAdministrator := func(id string) (bool, error) {
		if first == nil {
			held, err := g.administratorOnRecord(nil)
			if err != nil {
				return false, err
			}
			first = new(bool)
			*first = !held
		}
		if *first && taken == "" {
			taken = id
		}
		return *first && taken == id, nil
	}
	seals, err := g.erasureSeals(ws)
	if err != nil {
		return nil, err
	}
	var out map[int]*protocol.Error
	for i, w := range ws {
		// A seal only the server may write, and an erasure it sealed,
		// which any role may send back (erasureseal.go).
		perr, err := g.sealRefusal(seals, w, each)
		if err != nil {
			return nil, err
		}
		if perr != nil {
			if out == nil {
				out = map[int]*protocol.Error{}
			}
			out[i] = perr
			if !each {
				return out, nil
			}
			continue
		}
		actions, err := g.actionsOfWrite(w, rewrites, firstAdministrator)
		if err != nil {
			return nil, err
		}
		actions = liftSealed(seals, w, actions)
		for _, action := range actions {
			if access.CanDo(dev.Role, action) {
				continue
			}
			c, err := g.entity(w.Kind, w.ID)
			if err != nil {
				return nil, err
			}
			if returnedAsHeld(dev, c, w) {
				break
			}
			if out == nil {
				out = map[int]*protocol.Error{}
			}
			out[i] = roleRefusal(dev, w, action, each)
			if !each {
				return out, nil
			}
			break
		}
	}
	return out, nil
}

// returnedAsHeld says whether w, a write dev's role may not make, passes
// as sent back (after a server restore): the server holds it exactly, and
// the role receives it (rolereads.go), so whether it passes tells the
// device nothing it does not read. A conflict record holds both values of
// a field, and goes only to roles that keep that field and review
// conflicts: from another role a write to it, held or not, is refused
// (but a tombstone's, which every role receives, and the device's own
// write, a decision it made enrolled for another role), else a device
// could send guesses at a value set aside, stamped as the server's, and
// learn from which passed. Refusing what the server holds loses nothing.
func returnedAsHeld(dev *Device, c *cached, w record.Write) bool {
	if !holds(c, w) {
		return false
	}
	// Not a conflict record; or a device enrolled without a role, which
	// is sent everything (readsOf); a tombstone, which every role is sent;
	// or the device's own write, which it knows (as heldFor).
	if w.Kind != domain.KindConflict || dev.Role == "" || access.DeviceKeepsTombstone(dev.Role, w.Kind, w.Field) || dev.Is(w.Stamp.Device) {
		return true
	}
	return access.DeviceKeepsKind(dev.Role, w.Kind) && access.DeviceKeeps(dev.Role, record.Kind(c.e.Get("entity_kind")), c.e.Get("field"))
}

// roleRefusal says which role the device was enrolled for, which roles
// the action needs, and what to do; the change stays on the device and is
// listed there as refused. alone: the rest of the batch was saved without
// it (checkRole).
func roleRefusal(dev *Device, w record.Write, action access.Action, alone bool) *protocol.Error {
	what := actionWords[action]
	if what == "" {
		what = fmt.Sprintf("%q", action)
	}
	switch {
	case w.Kind == domain.KindConflict && w.Field != record.FieldErased && action != access.ActionReviewConflicts:
		what = "resolving this conflict, which is " + what + ","
	case w.Kind == domain.KindConflict && action == access.ActionReviewConflicts && !access.DecidesConflict(w.Field):
		what = "changing what a conflict record says (the server makes it from the two changes)"
	}
	if action == access.ActionErasePerson && w.Field != record.FieldErased {
		what = "moving a record onto a person who was erased, which erases it,"
		if w.Field == record.FieldMergedInto {
			what = "merging someone into a person who was erased, which erases them,"
		}
	}
	if w.Kind == domain.KindStaff && w.Field == "role" && access.ManagesStaff(w.Value) {
		what = fmt.Sprintf("giving someone the %s role", w.Value)
	}
	roles := strings.Join(access.RolesThatCan(action), " or ")
	why := fmt.Sprintf("this device is enrolled as %s, and %s needs a device enrolled for %s. Make the change on such a device (an administrator makes its code in Admin › Devices), or undo it here",
		dev.Role, what, roles)
	if dev.Role == "" {
		why = fmt.Sprintf("this device was enrolled without a role (with a code made before the server kept roles, or without one), so the server cannot tell whether it may: %s needs a device enrolled for %s. Ask your administrator for a code that names this device's role and enrol it again, or make the change on such a device",
			what, roles)
	}
	rest := "Nothing from this batch was saved on the server"
	if alone {
		rest = "The server saved the rest of the batch without it"
	}
	return &protocol.Error{Code: protocol.CodeOutOfScope, Message: fmt.Sprintf(
		"the server cannot take this change to the %s of %s %q: %s. %s; the change stays on this device.",
		w.Field, w.Kind, w.ID, why, rest)}
}
