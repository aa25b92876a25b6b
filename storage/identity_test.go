package storage

import (
	"slices"
	"testing"
)

// TestSetDeviceRemembersTheIdsBefore: a store that takes a new device id
// (a copy, or a revoked device enrolled again) still knows its earlier
// ones, across a reopen: writes stamped with them were made here
// (MadeHere); another device's were not.
func TestSetDeviceRemembersTheIdsBefore(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	must(t, err)
	first := s.Device()
	must(t, s.SetDevice("second"))
	must(t, s.SetDevice("second")) // the same id again: nothing earlier
	must(t, s.SetDevice("third"))
	s.Close()

	s, err = Open(dir, Options{})
	must(t, err)
	defer s.Close()
	ids, err := s.Formerly()
	must(t, err)
	if want := []string{first, "second"}; !slices.Equal(ids, want) {
		t.Errorf("Formerly = %q, want %q", ids, want)
	}
	for device, want := range map[string]bool{first: true, "second": true, "third": true, "office": false, "": false} {
		if got, err := s.MadeHere(device); err != nil || got != want {
			t.Errorf("MadeHere(%q) = %v, %v; want %v", device, got, err, want)
		}
	}
}
