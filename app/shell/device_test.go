package shell

import (
	"strings"
	"testing"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/domain"
)

// metaStore is a Store that holds only meta.
type metaStore struct {
	Store
	meta map[string]string
}

func (s metaStore) Meta(name string) ([]byte, error) { return []byte(s.meta[name]), nil }

// TestDeviceRefusal: the app says before the tap when the server will
// refuse an erasure or a merge from this device for the role it was
// enrolled with, whoever is signed in.
func TestDeviceRefusal(t *testing.T) {
	org := `{"organisation":true}`
	cases := []struct {
		name   string
		meta   map[string]string
		action access.Action
		says   string // "" when the server takes it
	}{
		{"not connected to a server", nil, access.ActionErasePerson, ""},
		{"an administrator's office device erases", map[string]string{MetaSyncScope: org, MetaSyncRole: domain.RoleAdministrator}, access.ActionErasePerson, ""},
		{"a link worker's laptop merges", map[string]string{MetaSyncScope: org, MetaSyncRole: domain.RoleLinkWorker}, access.ActionMergePeople, ""},
		{"the reception desk erases", map[string]string{MetaSyncScope: org, MetaSyncRole: domain.RoleReception},
			access.ActionErasePerson, "connected to the server as a reception device, so the server will not take an erasure from it. Do it on an administrator device."},
		{"the reception desk merges", map[string]string{MetaSyncScope: org, MetaSyncRole: domain.RoleReception},
			access.ActionMergePeople, "Do it on an administrator or link worker device."},
		{"a link worker's laptop erases", map[string]string{MetaSyncScope: org, MetaSyncRole: domain.RoleLinkWorker}, access.ActionErasePerson, "as a link worker device"},
		{"connected without a role", map[string]string{MetaSyncScope: org}, access.ActionErasePerson, "without a role"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := DeviceRefusal(metaStore{meta: tc.meta}, tc.action, "an erasure")
			if tc.says == "" && got != "" || !strings.Contains(got, tc.says) {
				t.Errorf("DeviceRefusal = %q, want it to say %q", got, tc.says)
			}
		})
	}
}
