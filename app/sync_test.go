package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/audit"
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
	if got := h.u.syncLabel.Text; got != "Offline — saved on this device · 2 changes waiting to send · not synced yet" {
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

	// A device holding demo data never connects: its made-up people and
	// demo staff must not reach an organisation's server. Settings offers
	// no form, and Connect, should it be reached, refuses.
	if s.connectForm.Visible() || s.connectBtn.Visible() || !strings.Contains(s.status.Text, demoNeverConnects) {
		t.Fatalf("Settings on a demo device offers to connect it, or does not say why not: %q", s.status.Text)
	}
	test.Type(s.server, "https://gather.example.org")
	test.Type(s.code, "USED-CODE")
	test.Tap(s.connectBtn)
	if !strings.Contains(s.connectMsg.Text, "demo data") || len(fs.connected) != 0 {
		t.Fatalf("a demo device tried to connect: message %q, connected %v", s.connectMsg.Text, fs.connected)
	}
	h.u.SetMeta(map[string]string{shell.MetaDemo: ""}) // as on a real device
	s.Refresh()
	if !s.connectForm.Visible() || !s.connectBtn.Visible() {
		t.Fatal("Settings does not offer to connect a device that is not connected")
	}

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

// refusingSyncer is a fakeSyncer whose server refused some changes.
type refusingSyncer struct {
	*fakeSyncer
	refused []RefusedChange
}

func (r refusingSyncer) Refused() []RefusedChange { return r.refused }

// TestRefusedChangesInSettings: Settings says how many changes the server
// refused, which stay on this device only, and shows them, newest first,
// naming the person and saying why; a case detail such as a phone number
// is shown only to a role that may see it.
func TestRefusedChangesInSettings(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	person := firstNamedPerson(t, h)
	const reason = "this device is enrolled for venues v2 and may not change this person's contact details"
	at := testNow.Add(-2 * time.Hour)
	rs := refusingSyncer{&fakeSyncer{status: SyncStatus{State: SyncSynced, LastSynced: testNow}, updates: make(chan struct{})}, []RefusedChange{
		{At: at, Staff: "nobody-known", Kind: domain.KindPerson, ID: person.ID, Field: "phone", Value: "07700 900555", Reason: reason},
		{At: at.Add(time.Minute), Staff: "nobody-known", Kind: domain.KindPerson, ID: person.ID, Field: "access_needs", Value: "uses a stick", Reason: reason},
	}}
	h.u.opts.Syncer = rs
	h.signIn(domain.RoleAdministrator)
	h.u.ShowNav("settings")
	s := h.u.current().(*settingsScreen)
	if !s.refusedNote.Visible() || !strings.Contains(s.refusedNote.Text, "refused 2 changes") || !s.refusedRow.Visible() {
		t.Fatalf("Settings says %q (shown %v), button shown %v", s.refusedNote.Text, s.refusedNote.Visible(), s.refusedRow.Visible())
	}
	test.Tap(s.refusedBtn)
	shot(t, h, "settings-refused-changes") // a scrolling list: mustFitDialog counts rows scrolled under the button
	got := dialogTexts(h)
	for _, want := range []string{person.DisplayName() + ": phone 07700 900555", person.DisplayName() + ": access needs uses a stick", "Why: " + reason} {
		if !strings.Contains(got, want) {
			t.Errorf("the dialog lacks %q:\n%s", want, got)
		}
	}
	if strings.Index(got, "access needs") > strings.Index(got, ": phone") {
		t.Error("the newest change is not first")
	}
	h.w.Canvas().Overlays().Top().Hide()

	h.signIn(domain.RoleVolunteer)
	h.u.showRefused()
	got = dialogTexts(h)
	if strings.Contains(got, "07700 900555") || !strings.Contains(got, "phone (not shown to your role)") || !strings.Contains(got, "uses a stick") {
		t.Errorf("a volunteer sees:\n%s", got)
	}

	rs.refused = nil
	h.u.opts.Syncer = rs
	h.signIn(domain.RoleAdministrator)
	h.u.ShowNav("settings")
	if s := h.u.current().(*settingsScreen); s.refusedNote.Visible() || s.refusedRow.Visible() {
		t.Error("Settings speaks of refused changes when there are none")
	}
}

// dialogTexts is the text of every label in the dialog on top.
func dialogTexts(h *harness) string {
	var b strings.Builder
	for _, o := range test.LaidOutObjects(h.w.Canvas().Overlays().Top()) {
		if l, ok := o.(*widget.Label); ok && l.Visible() {
			b.WriteString(l.Text + "\n")
		}
	}
	return b.String()
}

// undoingSyncer is a refusingSyncer that undoes refused changes as the
// sync client does: they leave the list.
type undoingSyncer struct {
	*refusingSyncer
	undone []string
}

// Refused is a copy, as the client decodes one each time: UndoRefused
// deletes from u.refused in place.
func (u *undoingSyncer) Refused() []RefusedChange { return slices.Clone(u.refused) }

func (u *undoingSyncer) UndoRefused(_ context.Context, keys ...string) (int, error) {
	n := 0
	for _, k := range keys {
		u.refused = slices.DeleteFunc(u.refused, func(r RefusedChange) bool {
			if r.Key == k {
				n++
				return true
			}
			return false
		})
	}
	u.undone = append(u.undone, keys...)
	return n, nil
}

// TestUndoRefusedChangesInSettings: each refused change, and all of them
// at once, can be undone on this device from the list, after a question
// that says what will change (the value typed here goes, the server's
// comes back, nothing changes on the server). The list then shows what is
// left, and Settings its count; with none left the list closes and
// Settings says nothing of refused changes. A volunteer is not offered it.
func TestUndoRefusedChangesInSettings(t *testing.T) {
	for _, size := range []fyne.Size{desktopSize, fyne.NewSize(800, 1280)} {
		t.Run(sizeName(size), func(t *testing.T) {
			h := newHarness(t, true, size)
			h.u.runAsync = func(work, done func()) { work(); done() }
			person := firstNamedPerson(t, h)
			const reason = "photo consent is recorded on the person's case, on an organisation device"
			at := testNow.Add(-2 * time.Hour)
			us := &undoingSyncer{refusingSyncer: &refusingSyncer{&fakeSyncer{status: SyncStatus{State: SyncSynced, LastSynced: testNow}, updates: make(chan struct{})}, []RefusedChange{
				{At: at, Staff: "nobody-known", Kind: domain.KindPerson, ID: person.ID, Field: "photo_consent", Value: "false", Reason: reason, Key: "k1"},
				{At: at.Add(time.Minute), Staff: "nobody-known", Kind: domain.KindPerson, ID: person.ID, Field: "phone", Value: "07700 900555", Reason: "case data", Key: "k2"},
				{At: at.Add(2 * time.Minute), Staff: "nobody-known", Kind: domain.KindPerson, ID: person.ID, Field: "access_needs", Value: "uses a stick", Reason: "another reason", Key: "k3"},
			}}}
			h.u.opts.Syncer = us
			h.signIn(domain.RoleFacilitator)
			h.u.ShowNav("settings")
			s := h.u.current().(*settingsScreen)
			test.Tap(s.refusedBtn)
			rd := h.u.refusedShown
			if rd == nil || len(rd.undo) != 3 || rd.undoAll == nil {
				t.Fatalf("the list offers no undo for each change and for all: %+v", rd)
			}
			shot(t, h, "refused-undo-list-"+sizeName(size)) // a scrolling list: mustFitDialog counts rows scrolled under the buttons

			// The newest first: Ann's access needs. Cancelled, nothing changes.
			test.Tap(rd.undo[0])
			if rd.confirm == nil {
				t.Fatal("undo did not ask first")
			}
			got := uitest.DialogText(h.w)
			for _, want := range []string{"goes back to what the server holds for the access needs of " + person.DisplayName(),
				"(uses a stick) is removed from it", "The server and other devices are not changed"} {
				if !strings.Contains(got, want) {
					t.Errorf("the question lacks %q:\n%s", want, got)
				}
			}
			mustFitDialog(t, h)
			shot(t, h, "refused-undo-confirm-"+sizeName(size))
			rd.confirm.d.Hide()
			if len(us.undone) != 0 {
				t.Fatalf("undone without a yes: %v", us.undone)
			}

			test.Tap(rd.undo[0])
			test.Tap(rd.confirm.yes)
			if !slices.Equal(us.undone, []string{"k3"}) {
				t.Fatalf("undone %v, want the access needs' change", us.undone)
			}
			rd = h.u.refusedShown
			if rd == nil || len(rd.undo) != 2 {
				t.Fatalf("after one undo the list is not shown with the two left: %+v", rd)
			}
			if s := h.u.current().(*settingsScreen); !strings.Contains(s.refusedNote.Text, "refused 2 changes") {
				t.Errorf("Settings says %q after one undo", s.refusedNote.Text)
			}
			// The trail says who undid what, naming the record and fields.
			undoneEntries := func(want int) []domain.Audit {
				t.Helper()
				es := audit.List(h.st.View(), audit.Filter{Action: audit.ActionRefusedUndone, EntityID: person.ID})
				if len(es) != want {
					t.Fatalf("%d audit entries of undone refused changes, want %d: %+v", len(es), want, es)
				}
				return es
			}
			if e := undoneEntries(1)[0]; e.Staff != h.u.staff.ID || e.EntityKind != string(domain.KindPerson) ||
				audit.Sentence(e, person.DisplayName()) != "undid 1 refused change on this device to the access needs of "+person.DisplayName() {
				t.Errorf("the undo's audit entry: %+v, reads %q", e, audit.Sentence(e, person.DisplayName()))
			}

			test.Tap(rd.undoAll)
			mustFitDialog(t, h)
			if got := uitest.DialogText(h.w); !strings.Contains(got, "Undo all 2 changes") || !strings.Contains(got, "what the server holds for each of them") {
				t.Errorf("the question for all:\n%s", got)
			}
			shot(t, h, "refused-undo-all-confirm-"+sizeName(size))
			test.Tap(rd.confirm.yes)
			if len(us.refused) != 0 || len(us.undone) != 3 {
				t.Fatalf("after undoing all: left %+v, undone %v", us.refused, us.undone)
			}
			if got := undoneEntries(2); !slices.ContainsFunc(got, func(e domain.Audit) bool { return e.Detail == "2 refused changes; fields: phone, photo_consent" }) {
				t.Errorf("undoing all is not in the audit trail as 2 changes to the phone and photo consent: %+v", got)
			}
			if h.u.refusedShown != nil {
				t.Error("the empty list is still shown")
			}
			if s := h.u.current().(*settingsScreen); s.refusedNote.Visible() || s.refusedRow.Visible() {
				t.Error("Settings still speaks of refused changes")
			}
			shot(t, h, "refused-undo-done-"+sizeName(size))

			us.refused = []RefusedChange{{At: at, Staff: "nobody-known", Kind: domain.KindPerson, ID: person.ID, Field: "photo_consent", Value: "false", Reason: reason, Key: "k1"},
				{At: at, Staff: "nobody-known", Kind: domain.KindPerson, ID: person.ID, Field: "given_name", Value: "Al", Reason: reason, Key: "k4"}}
			h.signIn(domain.RoleVolunteer)
			h.u.showRefused()
			if rd := h.u.refusedShown; len(rd.undo) != 0 || rd.undoAll != nil {
				t.Error("a volunteer is offered to undo refused changes")
			}
		})
	}
}

// firstNamedPerson is the first person on the demo data with a name.
func firstNamedPerson(t *testing.T, h *harness) domain.Person {
	t.Helper()
	for _, r := range h.u.View().All(domain.KindPerson) {
		if p, ok := h.u.View().Person(r.ID); ok && p.DisplayName() != "" {
			return p
		}
	}
	t.Fatal("the demo data has no one with a name")
	return domain.Person{}
}
