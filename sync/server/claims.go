package server

import (
	"fmt"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// checkClaims refuses, from any device, a write whose value says something
// the server can check and finds untrue (falseClaim), and a new audit entry
// that names no device. The app never writes
// one, so only a bug or a forged push is refused.
func (g *group) checkClaims(dev *Device, ws []record.Write) (int, *protocol.Error, error) {
	for i, w := range ws {
		why := falseClaim(dev, w)
		if why == "" {
			continue
		}
		c, err := g.entity(w.Kind, w.ID)
		if err != nil {
			return 0, nil, err
		}
		if holds(c, w) {
			continue // taken before this rule; sending it again changes nothing
		}
		return i, claimRefused(w, why), nil
	}
	// An entry is written whole in one batch (checkAuditAppendOnly), so a
	// new one that names no device here never will: a trail line nobody
	// could trace to the device that wrote it.
	named := map[string]bool{}
	for _, w := range ws {
		if w.Kind == domain.KindAudit && w.Field == "device" {
			named[w.ID] = true
		}
	}
	for i, w := range ws {
		if w.Kind != domain.KindAudit || named[w.ID] {
			continue
		}
		c, err := g.entity(w.Kind, w.ID)
		if err != nil {
			return 0, nil, err
		}
		if len(c.e.Fields) == 0 {
			return i, claimRefused(w, fmt.Sprintf("an audit entry must name the device that sends it (%q)", dev.ID)), nil
		}
	}
	return 0, nil, nil
}

func claimRefused(w record.Write, why string) *protocol.Error {
	return &protocol.Error{Code: protocol.CodeOutOfScope, Message: fmt.Sprintf(
		"the server cannot take this change to %s %q: %s. Nothing from this batch was saved on the server; the change stays on this device. Tell your administrator.",
		w.Kind, w.ID, why)}
}

// falseClaim says what is untrue in a write, or "":
//   - an audit entry names the device that sends it: the trail says which
//     device did what, and the server knows who is pushing (the app writes
//     its store's device id, the one it enrols with);
//   - a session, enrolment or mark names in its activity_id, session_id,
//     person_id and date what its id names (domain.DerivedFields): the
//     server finds such a record's venue through the activity its id
//     names, while reports count a mark by its activity_id, so a mark
//     filed under one venue's activity would count at another's;
//   - a session's or mark's id names a day that exists: registers, Today
//     and reports read it as one, and a tablet could otherwise make any
//     number of sessions of its activity with made-up "dates";
//   - an activity's moved_from is the server's (move.go): it sends the
//     activity to the venues it names, so from an organisation device it
//     could send one anywhere, from a tablet to another venue's tablets.
func falseClaim(dev *Device, w record.Write) string {
	if w.Kind == domain.KindActivity && w.Field == domain.FieldMovedFrom {
		return fmt.Sprintf("an activity's %s (the venues it moved away from, whose tablets still receive it) is written only by the server, when the activity's venue changes", w.Field)
	}
	if w.Kind == domain.KindAudit && w.Field == "device" && !dev.Is(w.Value) {
		return fmt.Sprintf("an audit entry must name the device that sends it (%q), not %q", dev.ID, w.Value)
	}
	if w.Kind == domain.KindSession || w.Kind == domain.KindAttendance {
		if day, ok := domain.DerivedField(w.Kind, w.ID, "date"); ok && !domain.IsDay(day) {
			return fmt.Sprintf("its id names no day (YYYY-MM-DD) for its session, but %q", day)
		}
	}
	if want, derived := domain.DerivedField(w.Kind, w.ID, w.Field); derived && w.Value != want {
		return fmt.Sprintf("its id says its %s is %q, not %q", w.Field, want, w.Value)
	}
	return ""
}

// checkSetupCodes refuses, from a device not enrolled as an
// administrator's, what only an administrator may do to staff. A setup
// code lets its holder unlock other devices as that staff member, so it is
// an administrator's to give. And every device that knows them seals its
// key to a code with the role their record has then, and devices at their
// venues know them (lock.SyncInvites): while a code waits, a new role or
// new venues would reach those devices as if the administrator had given
// them, so they too are an administrator's to change. The record is the
// server's before this batch, so withdrawing the code in the same batch
// does not open the way; a write the server already holds passes.
func (g *group) checkSetupCodes(ws []record.Write) (int, *protocol.Error, error) {
	for i, w := range ws {
		giving := w.Field == "invite" && w.Value != ""
		if w.Kind != domain.KindStaff || !giving && w.Field != "role" && w.Field != "venues" {
			continue
		}
		c, err := g.entity(w.Kind, w.ID)
		if err != nil {
			return 0, nil, err
		}
		if holds(c, w) {
			continue // sent again (a server restored from a backup): gives nothing
		}
		if giving {
			return i, adminOnly(w, "only a device enrolled as an administrator's may give staff PIN setup codes"), nil
		}
		if !domain.SetupCodeWaiting(c.e.Get("invite"), g.now) {
			continue
		}
		who := c.e.Get("name")
		if who == "" {
			who = "this member of staff"
		}
		return i, adminOnly(w, fmt.Sprintf("%s has a PIN setup code waiting to be used, and until it expires only a device enrolled as an administrator's may change their role or venues: the devices that know them give them that role when they use the code", who)), nil
	}
	return 0, nil, nil
}

// adminOnly is the refusal of a change to staff that only an
// administrator's device may make, saying where to make it.
func adminOnly(w record.Write, why string) *protocol.Error {
	return &protocol.Error{Code: protocol.CodeOutOfScope, Message: fmt.Sprintf(
		"the server cannot take this change to the %s of %s %q: %s. Nothing from this batch was saved on the server; the change stays on this device. Make it on the administrator's office device, or undo it here.",
		w.Field, w.Kind, w.ID, why)}
}

// checkLastAdministrator refuses, from any device, removing (deleting or
// erasing: access.RemovesStaff) or demoting the organisation's last
// administrator on record: every device refuses the PIN of someone whose
// staff record is deleted and lowers them to its role, so no one could
// then manage staff anywhere but on a device whose key file still held an
// administrator (each keeps its own last one:
// keyslot.ErrLastAdministrator). The app does not offer it (Admin › Staff
// disables Remove and Change role for the last administrator). A write
// the server holds, or one older than it, lowers no one.
//
// Whether one is left is read from the batch as saving it would leave
// the staff records: a batch is saved whole or not at all, so someone it
// makes administrator is on record with the demotion, in whatever order
// it writes them, and one it makes and removes again, or whose promotion
// loses to the server's newer write, is not. That holds because
// checkBatch asks this after every check that refuses writes one by one
// (checkScope, checkRole: their refusals are taken out, and the rest
// checked again from the start), and what refuses after it refuses the
// whole batch: a promotion refused on its own never counts here. The
// other staff records are read as this group holds them: an earlier push
// in it may have demoted them.
func (g *group) checkLastAdministrator(ws []record.Write) (int, *protocol.Error, error) {
	first := -1
	for i, w := range ws {
		if w.Kind != domain.KindStaff || !demotesOrRemoves(w) {
			continue
		}
		c, err := g.entity(w.Kind, w.ID)
		if err != nil {
			return 0, nil, err
		}
		if holds(c, w) || losesToHeld(c, w) || !isAdministrator(c.e) {
			continue
		}
		first = i
		break
	}
	if first < 0 {
		return 0, nil, nil
	}
	after := map[string]*record.Entity{} // the records the batch writes, merged
	for _, w := range ws {
		if w.Kind != domain.KindStaff {
			continue
		}
		e := after[w.ID]
		if e == nil {
			c, err := g.entity(w.Kind, w.ID)
			if err != nil {
				return 0, nil, err
			}
			e = c.e.Clone()
			after[w.ID] = e
		}
		e.Apply(w)
	}
	for _, e := range after {
		if isAdministrator(e) {
			return 0, nil, nil
		}
	}
	if others, err := g.administratorOnRecord(after); err != nil || others {
		return 0, nil, err
	}
	w := ws[first]
	return first, &protocol.Error{Code: protocol.CodeOutOfScope, Message: fmt.Sprintf(
		"the server cannot take this change to the %s of %s %q: they are the organisation's last administrator, and removing them or giving them another role would leave no one to manage staff. Nothing from this batch was saved on the server; the change stays on this device. Give someone else the administrator role first; then undo this change on this device (See the refused changes, in Settings) and make it again.",
		w.Field, w.Kind, w.ID)}, nil
}

// administratorOnRecord says whether a staff record but those in skip is
// an administrator's, as this group holds them: an earlier push in it may
// have made, lowered or removed one. It reads every staff record, so it
// is asked only of a batch that lowers an administrator or makes a new
// one.
func (g *group) administratorOnRecord(skip map[string]*record.Entity) (bool, error) {
	for _, c := range g.order { // made in this group, not committed yet
		if c.e.Kind == domain.KindStaff && skip[c.e.ID] == nil && isAdministrator(c.e) {
			return true, nil
		}
	}
	found := false
	err := g.tx.Entities(domain.KindStaff, "", func(id string, e *record.Entity) error {
		if found || skip[id] != nil {
			return nil
		}
		if c, ok := g.cache[ekey(domain.KindStaff, id)]; ok {
			e = c.e // as this group holds it
		}
		found = isAdministrator(e)
		return nil
	})
	return found, err
}

// administratorIn says whether tx holds an administrator's staff record
// (isAdministrator): an enrolling device is told (EnrolResponse's
// AdministratorOnRecord).
func administratorIn(tx Tx) (bool, error) {
	found := false
	err := tx.Entities(domain.KindStaff, "", func(_ string, e *record.Entity) error {
		found = found || isAdministrator(e)
		return nil
	})
	return found, err
}

// isAdministrator says whether a staff record is an administrator's on
// record: not removed, with the administrator role.
func isAdministrator(e *record.Entity) bool {
	return !e.Deleted() && access.ManagesStaff(e.Get("role"))
}

// demotesOrRemoves says whether w removes a staff record (deletes or
// erases it: access.RemovesStaff) or gives it a role other than
// administrator.
func demotesOrRemoves(w record.Write) bool {
	return access.RemovesStaff(w.Field, w.Value) || w.Field == "role" && !access.ManagesStaff(w.Value)
}
