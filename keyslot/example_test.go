package keyslot_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// Example shows the wiring package desktop and the app need: first-time setup,
// unlocking, opening the encrypted store, checking a role and writing the
// audit entry in the same Save as the change.
func Example() {
	base, _ := os.MkdirTemp("", "gather-example")
	defer os.RemoveAll(base)
	keyPath := filepath.Join(base, keyslot.FileName) // beside the store, not in it
	storeDir := filepath.Join(base, "store")
	opts := keyslot.Options{Params: keyslot.TestParams} // real app: keyslot.Options{}

	// First run: no key file yet, so set up the first administrator.
	if !keyslot.Exists(keyPath) {
		kf, admin, err := keyslot.Create(keyPath, keyslot.Member{ID: "s1", Name: "Ada"}, "739155", opts)
		if err != nil {
			panic(err)
		}
		// The administrator adds a volunteer with their own PIN.
		if err := kf.AddStaff(admin, keyslot.Member{ID: "s2", Name: "Val", Role: domain.RoleVolunteer}, "482916"); err != nil {
			panic(err)
		}
		admin.Forget()
	}

	// Every start: the unlock screen lists Members and tries the PIN.
	kf, err := keyslot.Open(keyPath, opts)
	if err != nil {
		panic(err)
	}
	for _, m := range kf.Members() {
		fmt.Println(m.Name, "-", m.Role)
	}
	if _, err := kf.Unlock("s2", "000000"); errors.Is(err, keyslot.ErrWrongPIN) {
		fmt.Println(err)
	}
	who, err := kf.Unlock("s2", "482916")
	if err != nil {
		panic(err)
	}
	store, err := storage.Open(storeDir, storage.Options{EncryptionKey: who.Key()})
	if err != nil {
		panic(err)
	}
	defer store.Close()
	rec := audit.Recorder{Device: store.Device()}
	store.Save(who.ID, rec.Unlocked(who.ID, who.PriorFailures, who.LastFailure)...)

	// Role checks decide what the screens offer.
	fmt.Println("volunteer may view a case:", access.CanDo(who.Role, access.ActionViewCase))
	fmt.Println("volunteer sees NHS number:", access.CanSeeField(who.Role, domain.KindPerson, "nhs_number"))

	// A change and its audit entry commit together.
	mark := record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(domain.SessionID("a1", "2026-11-21"), "p1"),
		Fields: map[string]string{"status": domain.StatusPresent}}
	if err := store.Save(who.ID, rec.WithAudit(who.ID, mark)...); err != nil {
		panic(err)
	}
	for _, e := range audit.List(store.View(), audit.Filter{Staff: "s2"}) {
		fmt.Printf("%s (%s) %q\n", e.Action, e.EntityKind, e.Detail)
	}
	// Output:
	// Ada - administrator
	// Val - volunteer
	// wrong PIN
	// volunteer may view a case: false
	// volunteer sees NHS number: false
	// changed (attendance) "fields: status"
	// unlocked (staff) ""
	// failed unlock (staff) "1 wrong PIN"
}
