package keyslot

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/gather-sp/gather/domain"
)

// TestLeave: a member who has just unlocked may take their own slot off
// the device (their record deleted elsewhere), signed with the key their
// PIN released so the file still opens; the last administrator may not;
// nobody locked out may.
func TestLeave(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	opts := Options{Params: TestParams}
	f, admin, err := Create(path, Member{ID: "ada", Name: "Ada", Role: domain.RoleAdministrator}, "739155", opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.AddStaff(admin, Member{ID: "val", Name: "Val", Role: domain.RoleVolunteer}, "482913"); err != nil {
		t.Fatal(err)
	}
	val, err := f.Unlock("val", "482913")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Leave(nil); !errors.Is(err, ErrDeviceLocked) {
		t.Errorf("Leave with nobody unlocked: %v", err)
	}
	if err := f.Leave(admin); !errors.Is(err, ErrLastAdministrator) {
		t.Errorf("the last administrator left: %v", err)
	}
	if err := f.Leave(val); err != nil {
		t.Fatal(err)
	}
	again, err := Open(path, opts)
	if err != nil {
		t.Fatalf("the key file does not open after Leave: %v", err)
	}
	if _, err := again.Unlock("val", "482913"); err == nil {
		t.Error("her PIN still unlocks after Leave")
	}
	if len(again.Members()) != 1 {
		t.Errorf("members after Leave: %v", again.Members())
	}
	if _, err := again.Unlock("ada", "739155"); err != nil {
		t.Errorf("the administrator's PIN after Leave: %v", err)
	}
}
