package shell

import (
	"strings"
	"testing"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/internal/uitest"
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
			access.ActionErasePerson, "This device is enrolled with the server for reception staff, so the server will not take an erasure from it. Do it on a device enrolled for an administrator."},
		{"the reception desk merges", map[string]string{MetaSyncScope: org, MetaSyncRole: domain.RoleReception},
			access.ActionMergePeople, "Do it on a device enrolled for an administrator or a link worker."},
		{"a link worker's laptop erases", map[string]string{MetaSyncScope: org, MetaSyncRole: domain.RoleLinkWorker}, access.ActionErasePerson, "enrolled with the server for a link worker"},
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

// TestDeviceRefusalReadsAsPlainEnglish: for every action, every role a
// device may be enrolled for and none, and every change the screens name,
// DeviceRefusal's sentences read as plain English: no "a administrator",
// no doubled word, no "an administrator device" or "a link worker or
// administrator device" (it joined the roles and put one article before
// them all).
func TestDeviceRefusalReadsAsPlainEnglish(t *testing.T) {
	org := `{"organisation":true}`
	whats := []string{"an erasure", "a merge", "a change to the organisation's settings", "a new period for keeping closed cases", "a decision on a conflict"}
	for _, action := range access.Actions {
		for _, role := range append([]string{""}, domain.Roles...) {
			t.Run(string(action)+"/"+role, func(t *testing.T) {
				for _, what := range whats {
					got := DeviceRefusal(metaStore{meta: map[string]string{MetaSyncScope: org, MetaSyncRole: role}}, action, what)
					if got == "" {
						continue
					}
					if bad := uitest.Misworded(got); len(bad) > 0 {
						t.Errorf("%q: %q", got, bad)
					}
					if strings.Contains(got, " device.") && !strings.Contains(got, "enrolled for") {
						t.Errorf("%q names a device by a role without saying enrolled for", got)
					}
				}
			})
		}
	}
}

// TestWhoCanReadsAsPlainEnglish: who may take each action, in a sentence.
func TestWhoCanReadsAsPlainEnglish(t *testing.T) {
	for _, action := range access.Actions {
		t.Run(string(action), func(t *testing.T) {
			s := "Only " + WhoCan(action) + " may do it."
			if bad := uitest.Misworded(s); len(bad) > 0 {
				t.Errorf("%q: %q", s, bad)
			}
		})
	}
}
