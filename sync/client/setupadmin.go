package client

import (
	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/sync/protocol"
)

// MetaFirstAdministrator names the staff record first-time setup wrote
// (SaveFirstAdministrator), until the device's first enrolment decides
// whether its role is sent (Enrol).
const MetaFirstAdministrator = "sync.first_administrator"

// SaveFirstAdministrator saves first-time setup's changes (as
// lock.FirstAdminChanges makes them) as staff, the device's first user,
// and notes in the same transaction that their staff record is setup's.
//
// Setup makes them the administrator of the device's key file, who
// manages PINs there, and their record says so. Their organisation's
// server takes a new administrator only from a device enrolled for a role
// that manages staff, or as the organisation's first (sync/server's
// makesNewAdministrator), and a device is set up before it is enrolled: a
// reception desk or venue tablet joining an organisation that has an
// administrator would have that role refused at its first sync, listed
// as a change for the person to undo or keep though they made none.
// Enrolling such a device takes the role back before it is ever sent
// (setupRoleToTakeBack); a device never enrolled keeps it.
func SaveFirstAdministrator(store *storage.Store, staff string, changes ...record.Change) error {
	return store.SaveWithMeta(staff, map[string][]byte{MetaFirstAdministrator: []byte(staff)}, changes...)
}

// setupRoleToTakeBack is the role first-time setup wrote in its first
// user's staff record (MetaFirstAdministrator), as the store holds it,
// when the server would refuse it from the device resp enrols (a venue
// device gives no such role, domain.VenueMayWriteStaff; and once the
// organisation has an administrator on record, only a device whose role
// manages staff gives a new one); nil otherwise. The device has not been
// enrolled before (the note goes at its first enrolment), so nothing has
// been sent: taking the role back (storage.DropLocalWrites) leaves the
// record as the server will hold it, a name and no role, which is what
// undoing the refusal would leave, without the refusal. No one loses
// anything they chose: setup chose the role, the key file keeps them its
// administrator, and a record without a role lowers no one
// (access.SignInRole). The server checks what is sent as ever.
func setupRoleToTakeBack(store *storage.Store, resp *protocol.EnrolResponse) ([]record.Write, error) {
	id, err := store.Meta(MetaFirstAdministrator)
	if err != nil || len(id) == 0 {
		return nil, err
	}
	e, err := store.Entity(domain.KindStaff, string(id))
	if err != nil {
		return nil, err
	}
	f, ok := e.Fields["role"]
	if !ok || f.Value == "" {
		return nil, nil
	}
	venueRefuses := !resp.Scope.Organisation && domain.VenueMayWriteStaff("role", f.Value) != ""
	roleRefuses := resp.AdministratorOnRecord && access.ManagesStaff(f.Value) && !access.ManagesStaff(resp.Role)
	if !venueRefuses && !roleRefuses {
		return nil, nil
	}
	return []record.Write{{Kind: domain.KindStaff, ID: string(id), Field: "role", Value: f.Value, Stamp: f.Stamp}}, nil
}
