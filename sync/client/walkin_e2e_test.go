package client_test

import (
	"testing"
	"time"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
)

// walkInFields are what the walk-in form on a tablet asks a newcomer for,
// beyond the card.
var walkInFields = map[string]string{"phone": "07700 900555", "date_of_birth": "1957-04-09",
	"gender": domain.PreferNotToSay, "ethnicity": "White"}

// TestWalkInDetailsPassThroughTheVenueTablet: a garden tablet registers a
// walk-in with their phone, date of birth, gender and ethnic group. The
// server takes them (nothing is refused), the office receives them, the
// tablet keeps none once the server has them, another tablet at the same
// venue receives the card and none of them, and the tablet can still not
// write any case field of a person the server already holds (its own
// walk-in included).
func TestWalkInDetailsPassThroughTheVenueTablet(t *testing.T) {
	w := newWorld(t)
	w.person("ann", "Ann", w.act1, w.v1)
	w.office.Sync()
	scope := protocol.Scope{Venues: []string{w.v1}}
	tablet := w.env.NewDevice("garden-a", scope, client.Options{}, w.env.Clock.Now)
	other := w.env.NewDevice("garden-b", scope, client.Options{}, nil)
	tablet.Sync()
	other.Sync()

	// The walk-in, as the register saves it: one action.
	s := domain.Session{ID: domain.SessionID(w.act1, "2026-11-21"), ActivityID: w.act1, VenueID: w.v1, Date: "2026-11-21"}
	p := domain.Person{GivenName: "Winifred", FamilyName: "Hale", AccessNeeds: "uses a stick",
		Phone: walkInFields["phone"], DateOfBirth: walkInFields["date_of_birth"],
		Gender: walkInFields["gender"], Ethnicity: walkInFields["ethnicity"]}
	p, e, m, err := domain.WalkIn(p, s, "staff-bev", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := tablet.Store.Save("staff-bev", record.Change{Kind: domain.KindSession, ID: s.ID, Fields: domain.Encode(s)},
		record.Change{Kind: domain.KindPerson, ID: p.ID, Fields: domain.Encode(p)},
		record.Change{Kind: domain.KindEnrolment, ID: e.ID, Fields: domain.Encode(e)},
		record.Change{Kind: domain.KindAttendance, ID: m.ID, Fields: domain.Encode(m)}); err != nil {
		t.Fatal(err)
	}
	tablet.Sync()
	if refused := tablet.Client.Refused(); len(refused) != 0 {
		t.Fatalf("the server refused %+v", refused)
	}
	if st := tablet.Client.Status(); st.State != client.StateSynced {
		t.Errorf("tablet status %+v", st)
	}
	srv, err := w.env.Store.Entity(domain.KindPerson, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	w.office.Sync()
	other.Sync()
	// The tablet keeps them for a while, for a server restored from a
	// backup (TestWalkInDetailsSurviveAServerRestore), hidden from the
	// roles that work at a venue.
	for f, want := range walkInFields {
		if got := tablet.Get(domain.KindPerson, p.ID, f); got != want {
			t.Errorf("the tablet forgot %s (%q) as soon as the server had it", f, got)
		}
		for _, role := range []string{domain.RoleVolunteer, domain.RoleFacilitator} {
			if access.CanSeeField(role, domain.KindPerson, f) {
				t.Errorf("a %s sees %s on the tablet", role, f)
			}
		}
	}
	endCaseHold(w, tablet)
	for f, want := range walkInFields {
		if got := srv.Get(f); got != want {
			t.Errorf("server %s = %q, want %q", f, got, want)
		}
		if got := w.office.Get(domain.KindPerson, p.ID, f); got != want {
			t.Errorf("office %s = %q, want %q", f, got, want)
		}
		if got := tablet.Get(domain.KindPerson, p.ID, f); got != "" {
			t.Errorf("the tablet still holds %s %q after the server has it", f, got)
		}
		if got := other.Get(domain.KindPerson, p.ID, f); got != "" {
			t.Errorf("another tablet received %s %q", f, got)
		}
	}
	// The read model forgot them too, and the card stays.
	if got, _ := tablet.Store.View().Person(p.ID); got.Phone != "" || got.DateOfBirth != "" || got.Gender != "" || got.AccessNeeds != "uses a stick" {
		t.Errorf("the tablet shows %+v", got)
	}
	if got, _ := other.Store.View().Person(p.ID); got.GivenName != "Winifred" || got.Phone != "" {
		t.Errorf("the other tablet has %+v", got)
	}

	// Once the server holds a person, their case fields are refused from a
	// tablet: someone already known, and the tablet's own walk-in alike.
	tablet.Save(domain.KindPerson, "ann", map[string]string{"phone": "07700 900111"})
	tablet.Save(domain.KindPerson, p.ID, map[string]string{"date_of_birth": "1960-01-01"})
	tablet.Sync()
	refused := map[string]bool{}
	for _, r := range tablet.Client.Refused() {
		refused[r.ID+"."+r.Field] = true
	}
	if !refused["ann.phone"] || !refused[p.ID+".date_of_birth"] {
		t.Errorf("refused %v; want Ann's phone and the walk-in's new date of birth", refused)
	}
	if e, _ := w.env.Store.Entity(domain.KindPerson, "ann"); e.Get("phone") != "07700 900123" {
		t.Errorf("Ann's phone on the server became %q", e.Get("phone"))
	}
	if e, _ := w.env.Store.Entity(domain.KindPerson, p.ID); e.Get("date_of_birth") != walkInFields["date_of_birth"] {
		t.Errorf("the walk-in's date of birth on the server became %q", e.Get("date_of_birth"))
	}
}

// TestWalkInDetailsKeptUntilSent: offline, the tablet keeps what it has
// not sent (forgetting happens only for people with nothing waiting).
func TestWalkInDetailsKeptUntilSent(t *testing.T) {
	w := newWorld(t)
	tablet := w.env.NewDevice("garden", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, w.env.Clock.Now)
	tablet.Sync()
	tablet.Save(domain.KindPerson, "win", map[string]string{"given_name": "Win", "family_name": "Hale", "phone": "07700 900555"})
	if n, err := tablet.Store.ForgetCaseFields(nil); err != nil || n != 0 {
		t.Fatalf("forgot %d people (%v) with their details still waiting", n, err)
	}
	if got := tablet.Get(domain.KindPerson, "win", "phone"); got != "07700 900555" {
		t.Fatalf("the unsent phone is %q", got)
	}
	tablet.Sync()
	endCaseHold(w, tablet)
	if got := tablet.Get(domain.KindPerson, "win", "phone"); got != "" {
		t.Errorf("after sync the tablet holds the phone %q", got)
	}
	if e, _ := w.env.Store.Entity(domain.KindPerson, "win"); e.Get("phone") != "07700 900555" {
		t.Errorf("the server has the phone %q", e.Get("phone"))
	}
}

// endCaseHold moves the clock of the server and of devices made with
// w.env.Clock.Now past client.CaseHold, and syncs d: a venue tablet then
// forgets the case details the server holds.
func endCaseHold(w *world, d *testenv.Device) {
	w.env.Clock.Advance(client.CaseHold + time.Minute)
	d.Sync()
}

// TestWalkInDetailsSurviveAServerRestore: the server is restored from last
// night's backup, which lacks a walk-in the tablet registered today. The
// tablet sends everything again, and the walk-in comes back with the phone
// number, which the tablet still holds (CaseHold); a week on, it does not.
func TestWalkInDetailsSurviveAServerRestore(t *testing.T) {
	testenv.RequireBadger(t, "it restores the server from Store.Backup")
	w := newWorld(t)
	tab := w.env.NewDevice("tablet", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, w.env.Clock.Now)
	tab.Sync()
	backup := w.env.Backup() // last night's backup
	tab.Save(domain.KindPerson, "walkin", map[string]string{"given_name": "Wil", "family_name": "Kin", "phone": "07700 900999"})
	mark(tab, w.act1, w.v1, "2026-11-20", "walkin", domain.StatusPresent)
	tab.Sync()
	tab.Sync()
	w.env.RestoreFrom(backup)
	tab.Client.SyncOnce(t.Context()) // hears of the new epoch: sends everything again
	tab.Sync()
	w.office.Client.SyncOnce(t.Context())
	w.office.Sync()
	if got := w.office.Get(domain.KindPerson, "walkin", "given_name"); got != "Wil" {
		t.Fatalf("the office has the walk-in's name %q", got)
	}
	if got := w.office.Get(domain.KindPerson, "walkin", "phone"); got != "07700 900999" {
		t.Fatalf("the walk-in's phone number, typed on the tablet, is %q after the server was restored", got)
	}
	if refused := tab.Client.Refused(); len(refused) != 0 {
		t.Errorf("the server refused %+v", refused)
	}
	endCaseHold(w, tab)
	if got := tab.Get(domain.KindPerson, "walkin", "phone"); got != "" {
		t.Errorf("a week on, the tablet still holds the phone %q", got)
	}
}
