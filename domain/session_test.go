package domain

import (
	"strings"
	"testing"
	"time"
)

func TestCancelSession(t *testing.T) {
	at := time.Date(2026, 11, 21, 8, 5, 0, 0, time.UTC)
	s := Session{ID: SessionID("a1", "2026-11-21"), ActivityID: "a1", VenueID: "v1", Date: "2026-11-21"}
	cases := []struct {
		name, reason, detail string
		session              Session
		want                 string // the stored reason
		wantErr              string // words the message must hold
	}{
		{name: "weather", reason: CancelWeather, session: s, want: "Bad weather"},
		{name: "weather with words", reason: CancelWeather, detail: "  the beds are\nwaterlogged ", session: s,
			want: "Bad weather: the beds are waterlogged"},
		{name: "other says why", reason: CancelOther, detail: "boiler broken", session: s, want: "boiler broken"},
		{name: "other without words", reason: CancelOther, detail: "  ", session: s, wantErr: "say in a few words"},
		{name: "no reason", reason: "", session: s, wantErr: "choose why"},
		{name: "unknown reason", reason: "Because", session: s, wantErr: "choose why"},
		{name: "too long", reason: CancelHoliday, detail: strings.Repeat("x", 201), session: s, wantErr: "200 letters"},
		{name: "no session", reason: CancelHoliday, session: Session{}, wantErr: "not known"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ch, err := CancelSession(tc.session, tc.reason, tc.detail, "staff-bev", at)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one saying %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ch.Kind != KindSession || ch.ID != s.ID {
				t.Fatalf("the change is for %s %s", ch.Kind, ch.ID)
			}
			var got Session
			Decode(ch.ID, Values(ch.Fields), &got)
			if !got.Cancelled || got.CancelReason != tc.want || got.CancelledBy != "staff-bev" || !got.CancelledAt.Equal(at) {
				t.Fatalf("stored %+v", got)
			}
			// The record exists whoever opened it first: the change
			// carries what a session record needs.
			if got.ActivityID != "a1" || got.VenueID != "v1" || got.Date != "2026-11-21" {
				t.Fatalf("the session's activity, venue or date is missing: %+v", got)
			}
			back, err := UncancelSession(got)
			if err != nil {
				t.Fatal(err)
			}
			after := Values(Encode(got))
			for k, v := range back.Fields {
				after[k] = v
			}
			var un Session
			Decode(got.ID, after, &un)
			if un.Cancelled || un.CancelReason != "" || un.CancelledBy != "" || !un.CancelledAt.IsZero() {
				t.Fatalf("after un-cancelling: %+v", un)
			}
			if un.ActivityID != "a1" || un.Date != "2026-11-21" {
				t.Fatalf("un-cancelling lost the session's activity or date: %+v", un)
			}
			if _, err := UncancelSession(un); err == nil {
				t.Fatal("un-cancelling a session that is not cancelled was not refused")
			}
		})
	}
}

// TestPeopleToLetKnow: who a cancelled session expected, by name, and
// with contact details how each agreed to be contacted in the words of
// the card and the case (ContactWaysWords): the list said "prefers text"
// of someone who had withdrawn consent to texts, and nothing of a way
// agreed without being preferred.
func TestPeopleToLetKnow(t *testing.T) {
	const today = "2026-03-18"
	people := map[string]Person{
		"p1": {ID: "p1", GivenName: "Zoë", FamilyName: "Adams", Phone: "07700 900001", ContactPreferences: []string{"text"}},
		"p2": {ID: "p2", GivenName: "Ann", FamilyName: "Bell", PreferredName: "Annie", Email: "ann@example.org"},
		"p4": {ID: "p4", GivenName: "Cy", FamilyName: "Dee", Phone: "07700 900004", ContactPreferences: []string{"text"}},
		"p5": {ID: "p5", GivenName: "Di", FamilyName: "Eve", Phone: "07700 900005"},
	}
	consents := map[string][]Consent{
		"p1": {{ID: "c1", PersonID: "p1", Purpose: "contact by text", Given: "2026-03-01", RecordedBy: "lw"}},
		"p4": {{ID: "c4", PersonID: "p4", Purpose: "contact by text", Given: "2026-03-01", RecordedBy: "lw", Withdrawn: "2026-03-10", WithdrawnBy: "lw"}},
		"p5": {{ID: "c5", PersonID: "p5", Purpose: "contact by phone", Given: "2026-03-01", RecordedBy: "lw"}},
	}
	marks := []Attendance{{PersonID: "p2", Status: StatusApologies}}
	expected := []string{"p1", "p2", "p3", "p1", "p4", "p5"}
	for _, tc := range []struct {
		name        string
		withContact bool
		wantLines   []string
	}{
		{"names only", false, nil},
		{"with contact", true, []string{"No contact preference recorded · no phone or email recorded",
			"No contact preference recorded · email ann@example.org",
			"Withdrew consent to contact by text on Tue 10 Mar 2026: do not contact them by text · phone 07700 900004",
			"Agreed to contact by: phone · phone 07700 900005",
			"Agreed to contact by: text · phone 07700 900001"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := PeopleToLetKnow(expected, people, consents, marks, today, tc.withContact)
			var names []string
			for _, p := range got {
				names = append(names, p.Name)
			}
			if want := "(not on this device yet)|Ann (Annie) Bell|Cy Dee|Di Eve|Zoë Adams"; strings.Join(names, "|") != want {
				t.Fatalf("listed %q, want %q (by name, once each)", strings.Join(names, "|"), want)
			}
			if !got[1].Apologies || got[4].Apologies {
				t.Errorf("apologies: %+v", got)
			}
			for i, p := range got {
				if !tc.withContact {
					if p.Phone != "" || p.Email != "" || p.Ways != "" {
						t.Errorf("contact details on a names-only list: %+v", p)
					}
					continue
				}
				if line := p.ContactLine(); line != tc.wantLines[i] {
					t.Errorf("%s: %q, want %q", p.Name, line, tc.wantLines[i])
				}
			}
		})
	}
}
