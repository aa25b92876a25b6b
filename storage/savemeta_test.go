package storage

import (
	"testing"

	"github.com/gather-sp/gather/record"
)

// TestSaveWithMeta: the meta values are on disk with the changes, after a
// restart too, and also when the changes write nothing new.
func TestSaveWithMeta(t *testing.T) {
	s, dir := openTemp(t, Options{})
	change := record.Change{Kind: "staff", ID: "rex", Fields: map[string]string{"name": "Rex"}}
	if err := s.SaveWithMeta("rex", map[string][]byte{"note": []byte("rex")}, change); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveWithMeta("rex", map[string][]byte{"again": []byte("1")}, change); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for name, want := range map[string]string{"note": "rex", "again": "1"} {
		if got, err := s.Meta(name); err != nil || string(got) != want {
			t.Errorf("meta %s = %q (%v), want %q", name, got, err, want)
		}
	}
	if e, _ := s.Entity("staff", "rex"); e.Get("name") != "Rex" || s.PendingCount() != 1 {
		t.Errorf("name %q, %d queued", e.Get("name"), s.PendingCount())
	}
}
