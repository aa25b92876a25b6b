package client_test

import (
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// TestUndoRefusedCardOfAPersonLinkedByMarksAlone: Cal is on no register at
// the garden, only marked there once at the office. The garden tablet
// changes his photo consent, which it may not; the office changes his
// name after (a page the tablet has not pulled yet). Undone and synced,
// the tablet shows the server's consent and the later name.
func TestUndoRefusedCardOfAPersonLinkedByMarksAlone(t *testing.T) {
	w := newWorld(t)
	w.office.Save(domain.KindPerson, "cal", map[string]string{"given_name": "Cal", "photo_consent": "true", "phone": "07700 900555"})
	w.office.Sync()
	mark(w.office, w.act1, w.v1, "2026-11-21", "cal", domain.StatusPresent)
	w.office.Sync()
	tab := w.env.NewDevice("garden", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	tab.Sync()
	if got := tab.Get(domain.KindPerson, "cal", "given_name"); got != "Cal" {
		t.Fatalf("the tablet does not hold Cal's card: %q", got)
	}
	tab.Save(domain.KindPerson, "cal", map[string]string{"photo_consent": "false"})
	tab.Sync()
	if n := len(tab.Client.Refused()); n != 1 {
		t.Fatalf("refused: %+v", tab.Client.Refused())
	}
	w.office.Save(domain.KindPerson, "cal", map[string]string{"given_name": "Callum"})
	w.office.Sync()
	if _, err := tab.Client.UndoRefused(t.Context(), allRefused(tab.Client)...); err != nil {
		t.Fatal(err)
	}
	w.office.Save(domain.KindPerson, "cal", map[string]string{"family_name": "Jones"})
	w.office.Sync()
	tab.Sync()
	for field, want := range map[string]string{"photo_consent": "true", "given_name": "Callum", "family_name": "Jones", "phone": ""} {
		if got := tab.Get(domain.KindPerson, "cal", field); got != want {
			t.Errorf("Cal's %s on the tablet after the undo: %q, want %q", field, got, want)
		}
	}
	if b, _ := tab.Store.Meta(client.MetaPullRecords); len(b) != 0 {
		t.Errorf("records still to fetch: %s", b)
	}
}

// tabletUndidAnnsPhotoConsent is a garden tablet that changed Ann's photo
// consent, which the office recorded and a venue device may not change,
// had it refused and undid it: the records wait to be fetched.
func tabletUndidAnnsPhotoConsent(t *testing.T) (*world, *testenv.Device) {
	t.Helper()
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.office.Save(domain.KindPerson, "ann", map[string]string{"photo_consent": "true"})
	w.office.Sync()
	tab := w.env.NewDevice("garden", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	tab.Sync()
	tab.Save(domain.KindPerson, "ann", map[string]string{"photo_consent": "false"})
	tab.Sync()
	if _, err := tab.Client.UndoRefused(t.Context(), allRefused(tab.Client)...); err != nil {
		t.Fatal(err)
	}
	return w, tab
}

// TestUndoRefusedThenErasedOnTheServer: the person whose card the tablet
// changed is erased at the office before the tablet fetches the record.
func TestUndoRefusedThenErasedOnTheServer(t *testing.T) {
	w, tab := tabletUndidAnnsPhotoConsent(t)
	if err := w.office.Store.ErasePerson("admin", "ann"); err != nil {
		t.Fatal(err)
	}
	w.office.Sync()
	tab.Sync()
	if got := tab.Get(domain.KindPerson, "ann", "given_name"); got != "" {
		t.Errorf("the erased person's name is still on the tablet: %q", got)
	}
	if st := tab.Client.Status(); st.State != client.StateSynced {
		t.Errorf("status: %+v", st)
	}
}

// TestUndoRefusedThenMovedToAnotherVenue: the tablet is enrolled again for
// another venue between the undo and the fetch; Ann's card is not its to
// hold, and the refused consent must not come back.
func TestUndoRefusedThenMovedToAnotherVenue(t *testing.T) {
	w, tab := tabletUndidAnnsPhotoConsent(t)
	if err := tab.Client.Connect(t.Context(), w.env.URL, w.env.Code(protocol.Scope{Venues: []string{w.v2}})); err != nil {
		t.Fatal(err)
	}
	tab.Sync()
	if got := tab.Get(domain.KindPerson, "ann", "photo_consent"); got == "false" {
		t.Errorf("the refused consent is back on the tablet")
	}
	if got := tab.Get(domain.KindPerson, "ann", "given_name"); got != "" {
		t.Errorf("Ann's card is on the tablet of another venue: %q", got)
	}
	if st := tab.Client.Status(); st.State != client.StateSynced {
		t.Errorf("status: %+v", st)
	}
}

// TestUndoRefusedOfBigRecordsFetchesThemAll: the server answers records
// asked for by name within a pull page's bytes, and says how many it
// covered. Three people with long access needs, whose photo consent the
// tablet may not change: undone, each shows the server's consent again,
// not only the first the answer had room for.
func TestUndoRefusedOfBigRecordsFetchesThemAll(t *testing.T) {
	w := &world{env: testenv.Start(t, server.Options{MaxPageBytes: 32 << 10}), act1: "garden-club"}
	w.v1 = w.env.Venue("v1", "Community Garden")
	w.office = w.env.NewDeviceAs("office", org, domain.RoleAdministrator, client.Options{}, nil)
	w.office.Save(domain.KindActivity, w.act1, map[string]string{"name": "Garden club", "venue_id": w.v1})
	people := []string{"ann", "bob", "cat"}
	for _, id := range people {
		w.person(id, id, w.act1, w.v1)
		w.office.Save(domain.KindPerson, id, map[string]string{"photo_consent": "true", "access_needs": strings.Repeat("a ramp ", 3000)})
	}
	w.office.Sync()
	if r := w.office.Client.Refused(); len(r) > 0 || len(w.office.Get(domain.KindPerson, "ann", "access_needs")) < 20000 {
		t.Fatalf("office: refused %d, status %+v", len(r), w.office.Client.Status())
	}
	tab := w.env.NewDevice("garden", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	tab.Sync()
	for _, id := range people {
		tab.Save(domain.KindPerson, id, map[string]string{"photo_consent": "false"})
	}
	tab.Sync()
	if n := len(tab.Client.Refused()); n != len(people) {
		t.Fatalf("refused: %+v", tab.Client.Refused())
	}
	if _, err := tab.Client.UndoRefused(t.Context(), allRefused(tab.Client)...); err != nil {
		t.Fatal(err)
	}
	tab.Sync()
	for _, id := range people {
		if got := tab.Get(domain.KindPerson, id, "photo_consent"); got != "true" {
			t.Errorf("%s's photo consent on the tablet after the undo: %q, want the server's \"true\"", id, got)
		}
	}
}
