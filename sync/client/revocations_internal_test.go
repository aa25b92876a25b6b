package client

import (
	"fmt"
	"slices"
	"testing"

	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/sync/protocol"
)

// The known revocations are bounded, keep the newest and hold each id
// once.
func TestKnownRevokedIsBoundedAndKeepsTheNewest(t *testing.T) {
	ids := func(from, to int) []string {
		var out []string
		for i := from; i < to; i++ {
			out = append(out, fmt.Sprintf("dev-%d", i))
		}
		return out
	}
	for _, tc := range []struct {
		name string
		add  [][]string
		want []string
	}{
		{"one", [][]string{{"a"}}, []string{"a"}},
		{"each once, the one added again moved to the newest end", [][]string{{"a", "b", "c"}, {"a"}}, []string{"b", "c", "a"}},
		{"the newest already last changes nothing", [][]string{{"a", "b"}, {"b"}}, []string{"a", "b"}},
		{"an empty id is not kept", [][]string{{"", "a"}}, []string{"a"}},
		{"at the bound", [][]string{ids(0, maxKnownRevoked)}, ids(0, maxKnownRevoked)},
		{"past the bound the oldest go", [][]string{ids(0, maxKnownRevoked), ids(maxKnownRevoked, maxKnownRevoked+3)}, ids(3, maxKnownRevoked+3)},
		{"past the bound in one go", [][]string{ids(0, maxKnownRevoked+10)}, ids(10, maxKnownRevoked+10)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, err := storage.Open(t.TempDir(), storage.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			for _, a := range tc.add {
				if err := addKnownRevoked(st, a...); err != nil {
					t.Fatal(err)
				}
			}
			if got := knownRevoked(st); !slices.Equal(got, tc.want) {
				t.Errorf("known revoked: %d ids %.80v…, want %d %.80v…", len(got), got, len(tc.want), tc.want)
			}
		})
	}
}

// The server's device list adds its revoked devices, oldest enrolment
// first, and nothing else; an unreadable list is started afresh.
func TestDeviceListAddsItsRevokedDevices(t *testing.T) {
	st, err := storage.Open(t.TempDir(), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.SetMeta(map[string][]byte{MetaKnownRevoked: []byte("not json")}); err != nil {
		t.Fatal(err)
	}
	noteRevoked(st, []protocol.DeviceInfo{ // newest first, as the server lists them
		{ID: "newest", Revoked: true}, {ID: "kept"}, {ID: "oldest", Revoked: true}})
	if got, want := knownRevoked(st), []string{"oldest", "newest"}; !slices.Equal(got, want) {
		t.Errorf("known revoked: %v, want %v", got, want)
	}
}
