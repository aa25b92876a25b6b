package server

import (
	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// roleReads is what an organisation device keeps by the role an
// administrator enrolled it for (access.DeviceKeeps: what the role reads,
// and what its screens work with without showing), worked out once a pull.
// Its scope lets it see every record; its role decides which records, and
// which fields of them, it receives. So a stolen or misused reception desk
// that pulls directly gets no wellbeing measures, follow-ups, referral
// reasons or notes, conflicts or audit trail, and a coordinator's laptop
// no contact details, NHS numbers, contact log, consents, conflicts or
// audit trail (DESIGN.md: a hostile device must not be able to read what
// it may not).
//
// A device enrolled without a role (before the server kept roles, or with
// a code made without one) has none here and receives everything its scope
// does, as before roles were kept: the server cannot tell what it needs,
// and cutting it off would empty a working office laptop. Its
// administrator enrols it again with a code that names its role (its
// writes that need one are refused meanwhile, role.go).
type roleReads struct {
	role string
	// whole says which kinds the role keeps every field of: those are
	// sent as the server holds them, without reading them.
	whole map[record.Kind]bool
}

// readsOf returns what dev keeps by its role, or nil when everything its
// scope allows is sent: a venue device (its scope already keeps case data
// from it, stripCase) or one enrolled without a role.
func readsOf(dev *Device) *roleReads {
	if !dev.Scope.Organisation || dev.Role == "" {
		return nil
	}
	rr := &roleReads{role: dev.Role, whole: make(map[record.Kind]bool, len(domain.Kinds))}
	for _, k := range domain.Kinds {
		rr.whole[k] = access.DeviceKeepsWhole(dev.Role, k)
	}
	// Whether a conflict record is kept depends on the field it is about,
	// so each is read (they are few).
	rr.whole[domain.KindConflict] = false
	return rr
}

// keepsWhole reports whether the role keeps every field of e's kind.
func (rr *roleReads) keepsWhole(kind record.Kind) bool { return rr == nil || rr.whole[kind] }

// entity returns e as the role keeps it, encoded for a device that reads
// encodings up to states, or nil when it keeps nothing of it. Only kinds
// it does not keep whole come here.
//
// A conflict record holds the two values of one field of another record,
// so it is kept only where that field is (a link worker's laptop gets no
// conflict about an audit entry).
//
// The tombstone of a record erased or deleted goes to every role, whatever
// it keeps of the kind (access.DeviceKeepsTombstone): the device may hold
// the record (a measure a link worker saved at the reception desk, or
// anything pulled before the server filtered by role), and must drop its
// values, or stop showing and counting it.
//
// A device merges field by field (record.Entity.Merge), so the fields
// left out here stay on the device as they are: a reception desk keeps
// the reasons it typed on a self-referral it took. A record left with no
// field is not sent.
func (rr *roleReads) entity(e LogEntry, states int) (*protocol.Entity, error) {
	keepsKind := access.DeviceKeepsKind(rr.role, e.Kind)
	if !keepsKind && !record.StateDeleted(e.State) {
		return nil, nil
	}
	ent, err := record.DecodeEntity(e.Kind, e.ID, e.State, nil)
	if err != nil {
		return nil, err
	}
	keeps := func(f string) bool { return access.DeviceKeeps(rr.role, e.Kind, f) }
	switch {
	case !keepsKind && !ent.Deleted():
		return nil, nil
	case !keepsKind || ent.Erased():
		// Its tombstone. A record of a kind kept but only deleted keeps
		// its values, so is sent as the role keeps it, as any other.
		keeps = func(f string) bool {
			return access.DeviceKeeps(rr.role, e.Kind, f) || access.DeviceKeepsTombstone(rr.role, e.Kind, f)
		}
	case e.Kind == domain.KindConflict &&
		!access.DeviceKeeps(rr.role, record.Kind(ent.Get("entity_kind")), ent.Get("field")):
		return nil, nil
	}
	for f := range ent.Fields {
		if !keeps(f) {
			delete(ent.Fields, f)
		}
	}
	if len(ent.Fields) == 0 {
		return nil, nil
	}
	return &protocol.Entity{Kind: string(e.Kind), ID: e.ID, State: record.AppendEntityVersion(nil, ent, stateVersion(states))}, nil
}
