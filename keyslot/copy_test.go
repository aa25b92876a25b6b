package keyslot

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// A key file read from a backup opens with a staff PIN, refuses a wrong
// one, and writes nothing either way.
func TestUnlockCopy(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	opts := Options{Params: TestParams}
	f, admin, err := Create(path, Member{ID: "s1", Name: "Ada", Role: roleAdministrator}, "739155", opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.AddStaff(admin, Member{ID: "s2", Name: "Bea", Role: "volunteer"}, "482913"); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	members, err := MembersIn(b)
	if err != nil || len(members) != 2 || members[0].Name != "Ada" || members[1].Name != "Bea" {
		t.Fatalf("MembersIn = %v, %v", members, err)
	}
	u, err := UnlockCopy(b, "s2", "482913")
	if err != nil {
		t.Fatal(err)
	}
	if string(u.Key()) != string(admin.Key()) || u.Role != "volunteer" {
		t.Errorf("unlocked %+v with another key", u.Member)
	}
	for _, tc := range []struct{ id, pin string }{{"s1", "000000"}, {"nobody", "739155"}} {
		if _, err := UnlockCopy(b, tc.id, tc.pin); !errors.Is(err, ErrWrongPIN) {
			t.Errorf("UnlockCopy(%s, wrong) = %v", tc.id, err)
		}
	}
	if after, _ := os.ReadFile(path); string(after) != string(b) {
		t.Error("trying PINs on a copy changed the file it came from")
	}
	if _, err := UnlockCopy([]byte("{}"), "s1", "739155"); !errors.Is(err, ErrCorrupt) {
		t.Errorf("a damaged copy: %v", err)
	}
}
