package app

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
)

// TestFirstRunSaysDemoDataCannotConnectLater: Settings refuses to connect
// a device that holds demo data, so the welcome screen warns of it beside
// the demo button and promises nowhere that every choice can be changed
// later: an administrator trying the demo on the real tablet would find
// out only when connecting it.
func TestFirstRunSaysDemoDataCannotConnectLater(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.u.opts.Demo = func() error { return nil }
	if err := h.u.ShowScene("first-run"); err != nil {
		t.Fatal(err)
	}
	text := uitest.LaidOutText(h.w.Canvas().Content())
	if !strings.Contains(text, "demo data never connects to your organisation's server") {
		t.Errorf("the welcome screen does not warn that a demo device cannot connect to a server:\n%s", text)
	}
	if strings.Contains(text, "change this later") {
		t.Errorf("the welcome screen promises every choice can be changed later, which demo data cannot:\n%s", text)
	}
}

// TestSettingsOnADemoDeviceOffersNoConnect: Settings refuses to connect a
// device holding demo data, so it says so where the server connection is
// and offers no form or Connect button to be refused by, nor tells a
// facilitator that an administrator can connect it. A device without demo
// data still offers the form to an administrator.
func TestSettingsOnADemoDeviceOffersNoConnect(t *testing.T) {
	for _, tc := range []struct {
		role string
		demo bool
	}{
		{domain.RoleAdministrator, true},
		{domain.RoleFacilitator, true},
		{domain.RoleAdministrator, false},
	} {
		t.Run(fmt.Sprintf("%s, demo %v", tc.role, tc.demo), func(t *testing.T) {
			h := newHarness(t, true, desktopSize)
			if !tc.demo {
				h.u.SetMeta(map[string]string{shell.MetaDemo: ""}) // as on a real device
			}
			h.signIn(tc.role)
			h.u.ShowNav("settings")
			s := h.u.current().(*settingsScreen)
			text := uitest.LaidOutText(s.content)
			if says := strings.Contains(text, demoNeverConnects); says != tc.demo {
				t.Errorf("Settings says demo data never connects: %v, want %v:\n%s", says, tc.demo, text)
			}
			if strings.Contains(text, "can connect this device") && tc.demo {
				t.Errorf("Settings on a demo device says someone can connect it:\n%s", text)
			}
			offered := s.connectForm.Visible() && s.connectBtn.Visible()
			if want := !tc.demo && tc.role == domain.RoleAdministrator; offered != want {
				t.Errorf("the connect form is offered: %v, want %v", offered, want)
			}
		})
	}
}
