package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
)

// fakeSyncer is a Syncer whose Connect answers at once.
type fakeSyncer struct {
	mu        sync.Mutex
	status    SyncStatus
	connected []string
	fail      error
	syncs     int
	updates   chan struct{}
	enrol     func() // what enrolling does to the store, if anything
}

func (f *fakeSyncer) Status() SyncStatus {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.status
}
func (f *fakeSyncer) Updates() <-chan struct{} { return f.updates }
func (f *fakeSyncer) SyncNow() {
	f.mu.Lock()
	f.syncs++
	f.mu.Unlock()
}
func (f *fakeSyncer) Connect(_ context.Context, server, code string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	f.connected = append(f.connected, server+" "+code)
	f.status = SyncStatus{State: SyncSynced, LastSynced: testNow, Server: server}
	if f.enrol != nil {
		f.enrol()
	}
	return nil
}

// TestMovedTabletServesItsNewVenue: a tablet that served the garden is
// enrolled again for the arts centre. Its venues follow, so Today shows
// the arts centre's sessions rather than none; a venue it still may serve
// stays chosen.
func TestMovedTabletServesItsNewVenue(t *testing.T) {
	for _, tc := range []struct {
		name         string
		chosen, want []string
		enrolledFor  string
	}{
		{"moved to another venue", []string{"garden"}, nil, `{"venues":["arts"]}`},
		{"one of two venues left", []string{"garden", "arts"}, []string{"arts"}, `{"venues":["arts"]}`},
		{"the venue still covered", []string{"garden"}, []string{"garden"}, `{"venues":["garden","arts"]}`},
		{"made an office device", []string{"garden"}, []string{"garden"}, `{"organisation":true}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, true, desktopSize)
			fs := &fakeSyncer{status: SyncStatus{State: SyncNotConnected}, updates: make(chan struct{})}
			fs.enrol = func() { h.u.SetMeta(map[string]string{shell.MetaSyncScope: tc.enrolledFor}) }
			h.u.opts.Syncer = fs
			h.u.runAsync = func(work, done func()) { work(); done() }
			h.signIn(domain.RoleAdministrator)
			h.u.SetMeta(map[string]string{shell.MetaDemo: ""}) // as on a real device
			h.u.setDeviceVenues(tc.chosen)
			h.u.ShowNav("settings")
			s := h.u.current().(*settingsScreen)
			test.Type(s.server, "https://gather.example.org")
			test.Type(s.code, "ABCD-1234")
			test.Tap(s.connectBtn)
			if !strings.HasPrefix(s.connectMsg.Text, "Connected") {
				t.Fatalf("message %q", s.connectMsg.Text)
			}
			if got := h.u.DeviceVenues(); !slices.Equal(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
				t.Errorf("the device serves %q, want %q", got, tc.want)
			}

			// A tablet moved before Connect did this: the next sign-in does.
			h.u.setDeviceVenues(tc.chosen)
			h.u.SignIn(h.u.staff)
			if got := h.u.DeviceVenues(); !slices.Equal(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
				t.Errorf("after signing in the device serves %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSyncerInSettings(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	fs := &fakeSyncer{status: SyncStatus{State: SyncOffline, Pending: 2}, updates: make(chan struct{})}
	h.u.opts.Syncer = fs
	h.u.runAsync = func(work, done func()) { work(); done() }
	h.signIn(domain.RoleAdministrator)
	if got := h.u.syncLabel.Text; got != "Offline — saved on this device · 2 waiting" {
		t.Fatalf("footer says %q", got)
	}
	h.u.ShowNav("settings")
	s := h.u.current().(*settingsScreen)
	test.Tap(s.syncNowBtn)
	if fs.syncs != 1 {
		t.Fatal("Sync now did not ask for a sync")
	}

	// A connected device is offered no server address or code to type.
	if s.connectForm.Visible() || s.connectBtn.Visible() {
		t.Fatal("Settings offers to connect a device that is connected")
	}
	fs.mu.Lock()
	fs.status = SyncStatus{State: SyncNotConnected}
	fs.mu.Unlock()
	s.Refresh()
	if !s.connectForm.Visible() || !s.connectBtn.Visible() {
		t.Fatal("Settings does not offer to connect a device that is not connected")
	}

	// A device holding demo data never connects: its made-up people and
	// demo staff must not reach an organisation's server.
	test.Type(s.server, "https://gather.example.org")
	test.Type(s.code, "USED-CODE")
	test.Tap(s.connectBtn)
	if !strings.Contains(s.connectMsg.Text, "demo data") || len(fs.connected) != 0 {
		t.Fatalf("a demo device tried to connect: message %q, connected %v", s.connectMsg.Text, fs.connected)
	}
	h.u.SetMeta(map[string]string{shell.MetaDemo: ""}) // as on a real device

	// Another organisation's server: the records here must not go there.
	fs.fail = fmt.Errorf("%w: the server said so", &OtherOrganisationError{Held: "3f9c2a1b7d4e6f80"})
	test.Tap(s.connectBtn)
	for _, want := range []string{"another organisation's records", "Set Gather up afresh", "adopt-organisation --name 3f9c2a1b7d4e6f80"} {
		if !strings.Contains(s.connectMsg.Text, want) {
			t.Fatalf("message %q lacks %q", s.connectMsg.Text, want)
		}
	}

	// A failed enrolment says what to do; a good one records the connection.
	fs.fail = errors.New("the code has already been used")
	test.Tap(s.connectBtn)
	if !strings.Contains(s.connectMsg.Text, "already been used") {
		t.Fatalf("message %q", s.connectMsg.Text)
	}
	fs.mu.Lock()
	fs.fail = nil
	fs.mu.Unlock()
	test.Tap(s.connectBtn)
	if !strings.HasPrefix(s.connectMsg.Text, "Connected") {
		t.Fatalf("message %q", s.connectMsg.Text)
	}
	if h.u.Meta(metaSetup) != "server" || len(fs.connected) != 1 {
		t.Fatalf("connection not recorded: %q %v", h.u.Meta(metaSetup), fs.connected)
	}
	h.u.Refresh()
	if got := h.u.syncLabel.Text; got != "Synced just now" {
		t.Fatalf("footer says %q", got)
	}
	s.Refresh()
	if s.connectForm.Visible() {
		t.Error("the server address and code are still offered once connected")
	}
}
