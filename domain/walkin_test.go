package domain

import (
	"strings"
	"testing"
	"time"
)

func TestWalkIn(t *testing.T) {
	s := Session{ID: SessionID("garden", "2026-11-21"), ActivityID: "garden", VenueID: "v1", Date: "2026-11-21"}
	at := time.Date(2026, 11, 21, 10, 5, 0, 0, time.UTC)
	p, e, m, err := WalkIn(Person{GivenName: "Win", FamilyName: "Hale", Phone: "07700 900123", Gender: PreferNotToSay,
		Ethnicity: "White"}, s, "staff-bev", at)
	if err != nil {
		t.Fatal(err)
	}
	if p.ID == "" || p.Gender != PreferNotToSay || p.Ethnicity != "White" || p.Phone != "07700 900123" {
		t.Errorf("person %+v", p)
	}
	if e.ID != EnrolmentID("garden", p.ID) || e.Started != "2026-11-21" || e.VenueID != "v1" || !e.Active() {
		t.Errorf("enrolment %+v", e)
	}
	if m.ID != AttendanceID(s.ID, p.ID) || m.Status != StatusPresent || m.MarkedBy != "staff-bev" || !m.MarkedAt.Equal(at) {
		t.Errorf("mark %+v", m)
	}
	_, e2, _, _ := WalkIn(Person{GivenName: "Win", FamilyName: "Hale"}, s, "staff-bev", at)
	if e2.PersonID == p.ID {
		t.Error("two walk-ins got one id")
	}
}

func TestCheckWalkInRefuses(t *testing.T) {
	for _, c := range []struct {
		name string
		p    Person
		want string
	}{
		{"no family name", Person{GivenName: "Win"}, "family name"},
		{"blank given name", Person{GivenName: "  ", FamilyName: "Hale"}, "given name"},
		{"impossible date", Person{GivenName: "Win", FamilyName: "Hale", DateOfBirth: "1956-02-30"}, "Type it like 21/03/1956 or 1956-03-21"},
		{"unknown gender", Person{GivenName: "Win", FamilyName: "Hale", Gender: "robot"}, "gender"},
		{"unknown ethnic group", Person{GivenName: "Win", FamilyName: "Hale", Ethnicity: "Martian"}, "ethnic group"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, _, err := WalkIn(c.p, Session{ID: "a@2026-01-01", ActivityID: "a", Date: "2026-01-01"}, "s", time.Now())
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err %v, want one about %q", err, c.want)
			}
		})
	}
}
