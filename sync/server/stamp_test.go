package server_test

import (
	"slices"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// TestVenueWriteCarryingTheServersStampIsStillCheckedForCaseData: the office saves
// Ann's card and phone number in one change (one stamp per field, in field
// order, as storage.Save does). A venue tablet where Ann is enrolled pulls
// her card, so it sees the stamps of the card's fields and so knows the
// phone's stamp (the next counter). It sends a phone write carrying exactly
// that stamp and a value that sorts higher: the server must refuse it
// (case data), not skip the scope check as "a write it already has" and
// then let the tie-break take the tablet's value.
func TestVenueWriteCarryingTheServersStampIsStillCheckedForCaseData(t *testing.T) {
	f := newFixture(t)
	now := f.env.Clock.Now()
	oc := hlc.NewClock("office", func() time.Time { return now })
	var ws []record.Write
	for _, kv := range [][2]string{{"family_name", "Smith"}, {"given_name", "Ann"}, {"phone", "07700 900123"}} {
		ws = append(ws, record.Write{Kind: domain.KindPerson, ID: "ann", Field: kv[0], Value: kv[1], Stamp: oc.Now(), Staff: "sam"})
	}
	ws = append(ws, record.Write{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("a1", "ann"), Field: "venue_id", Value: f.v1, Stamp: oc.Now(), Staff: "sam"})
	if err := f.office.Push(ws, 100); err != nil {
		t.Fatal(err)
	}

	card := pullVisible(t, f.tablet)["person/ann"]
	if card == nil || card.Get("phone") != "" {
		t.Fatalf("the tablet should see Ann's card without her phone: %v", card)
	}
	guess := card.Fields["given_name"].Stamp
	guess.Counter++ // the phone was stamped next

	perr := refusal(t, f.tablet.Push([]record.Write{{Kind: domain.KindPerson, ID: "ann", Field: "phone", Value: "09999 000000", Stamp: guess, Staff: "x"}}, 1))
	if perr == nil || perr.Code != protocol.CodeOutOfScope {
		t.Errorf("a venue tablet's write of case data was not refused: %+v", perr)
	}
	if p, _ := f.env.Store.Entity(domain.KindPerson, "ann"); p.Get("phone") != "07700 900123" {
		t.Errorf("a venue tablet rewrote Ann's phone number to %q", p.Get("phone"))
	}
}

// TestVenueStaffRoleSentAgainWithItsStampIsStillCheckedForRole: a tablet adds
// Sue as a facilitator ("Add me"), then sends her role again with the same
// stamp and the value "link worker", which sorts after "facilitator". The
// role check must still apply.
func TestVenueStaffRoleSentAgainWithItsStampIsStillCheckedForRole(t *testing.T) {
	f := newFixture(t)
	tablet := newRaw(t, f.env, "tablet-sue", protocol.Scope{Venues: []string{f.v1}})
	stamp := tablet.Clock.Now()
	if err := tablet.Push([]record.Write{{Kind: domain.KindStaff, ID: "sue", Field: "role", Value: domain.RoleFacilitator, Stamp: stamp, Staff: "sue"}}, 1); err != nil {
		t.Fatal(err)
	}
	perr := refusal(t, tablet.Push([]record.Write{{Kind: domain.KindStaff, ID: "sue", Field: "role", Value: domain.RoleLinkWorker, Stamp: stamp, Staff: "sue"}}, 1))
	if perr == nil {
		t.Error("a venue tablet made a staff member a link worker")
	}
	if s, _ := f.env.Store.Entity(domain.KindStaff, "sue"); s.Get("role") != domain.RoleFacilitator {
		t.Errorf("Sue's role is now %q", s.Get("role"))
	}
}

// TestAuditEntrySentAgainByAnotherStaffIsRefused: a write with the stamp
// and value the server holds but another author is not the write the
// server has; taken, the equal-stamp tie-break would rewrite who made the
// entry.
func TestAuditEntrySentAgainByAnotherStaffIsRefused(t *testing.T) {
	f := newFixture(t)
	w := record.Write{Kind: domain.KindAudit, ID: "au1", Field: "action", Value: "viewed", Stamp: f.clock.Now(), Staff: "s1"}
	device := record.Write{Kind: domain.KindAudit, ID: "au1", Field: "device", Value: "tablet", Stamp: f.clock.Now(), Staff: "s1"}
	if err := f.tablet.Push([]record.Write{w, device}, 2); err != nil {
		t.Fatal(err)
	}
	w.Staff = "zz" // sorts after s1
	if perr := refusal(t, f.office.Push([]record.Write{w}, 1)); perr == nil || perr.Code != protocol.CodeOutOfScope {
		t.Errorf("not refused: %+v", perr)
	}
	if e, _ := f.env.Store.Entity(domain.KindAudit, "au1"); e.Fields["action"].Staff != "s1" {
		t.Errorf("the entry's author is now %q", e.Fields["action"].Staff)
	}
}

// TestVenueTabletCannotConfirmAGuessedCaseValue: the office saves Ann's
// card with a case field (one stamp per field, in field order, as
// storage.Save does), and Ann is enrolled at the tablet's venue. The tablet
// sees the card's stamps, so it knows the hidden field's stamp, base and
// staff; only its value is hidden. Sending that stamp with a guessed value
// must get the same answer whether the guess is right or wrong: were the
// right guess passed over as "a write the server already holds" and a wrong
// one refused, a tablet could try every date of birth, gender or ethnic
// group of anyone on its registers, one push a guess, and learn it. A
// tablet sending again a walk-in's detail it registered itself (a server
// restored from a backup that has them) is still passed over.
func TestVenueTabletCannotConfirmAGuessedCaseValue(t *testing.T) {
	cases := []struct {
		field, value, wrong string
		before              string // the card field stamped just before it
	}{
		{"date_of_birth", "1956-03-21", "1956-03-22", "access_needs"},
		{"gender", "female", "male", "family_name"},
		{"ethnicity", "white british", "white irish", "emergency_contact_phone"},
	}
	for _, tc := range cases {
		t.Run(tc.field, func(t *testing.T) {
			f := newFixture(t)
			oc := hlc.NewClock("office", f.env.Clock.Now)
			fields := map[string]string{"access_needs": "step-free", "emergency_contact_name": "Bob",
				"emergency_contact_phone": "01632 960000", "family_name": "Smith", "given_name": "Ann", tc.field: tc.value}
			var names []string
			for n := range fields {
				names = append(names, n)
			}
			slices.Sort(names)
			var ws []record.Write
			for _, n := range names {
				ws = append(ws, record.Write{Kind: domain.KindPerson, ID: "ann", Field: n, Value: fields[n], Stamp: oc.Now(), Staff: "sam"})
			}
			ws = append(ws, record.Write{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("a1", "ann"), Field: "venue_id", Value: f.v1, Stamp: oc.Now(), Staff: "sam"})
			if err := f.office.Push(ws, 100); err != nil {
				t.Fatal(err)
			}
			card := pullVisible(t, f.tablet)["person/ann"]
			if card == nil || card.Get(tc.field) != "" {
				t.Fatalf("the tablet should see Ann's card without her %s: %v", tc.field, card)
			}
			prev := card.Fields[tc.before]
			stamp := prev.Stamp
			stamp.Counter++ // the hidden field was stamped next

			answer := func(value string) string {
				probe := newRaw(t, f.env, "probe-"+value, protocol.Scope{Venues: []string{f.v1}})
				perr := refusal(t, probe.Push([]record.Write{{Kind: domain.KindPerson, ID: "ann", Field: tc.field, Value: value, Stamp: stamp, Staff: prev.Staff}}, 1))
				if perr == nil {
					return "taken"
				}
				return perr.Code
			}
			right, wrong := answer(tc.value), answer(tc.wrong)
			if right != wrong {
				t.Errorf("a venue tablet can tell Ann's %s: the right guess is %s, a wrong one %s", tc.field, right, wrong)
			}
			if p, _ := f.env.Store.Entity(domain.KindPerson, "ann"); p.Get(tc.field) != tc.value {
				t.Errorf("Ann's %s is now %q", tc.field, p.Get(tc.field))
			}
		})
	}
	t.Run("a walk-in's detail sent again by its tablet", func(t *testing.T) {
		f := newFixture(t)
		tablet := newRaw(t, f.env, "tablet-walkin", protocol.Scope{Venues: []string{f.v1}})
		ws := []record.Write{
			{Kind: domain.KindPerson, ID: "newcomer", Field: "given_name", Value: "Nia", Stamp: tablet.Clock.Now(), Staff: "sam"},
			{Kind: domain.KindPerson, ID: "newcomer", Field: "phone", Value: "07700 900456", Stamp: tablet.Clock.Now(), Staff: "sam"},
		}
		if err := tablet.Push(ws, 100); err != nil {
			t.Fatalf("the walk-in: %v", err)
		}
		if err := tablet.Push(ws[1:], 100); err != nil {
			t.Errorf("the tablet's own walk-in phone, sent again as the server holds it, was refused: %v", err)
		}
	})
}
