package people

import (
	"strings"
	"testing"

	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestCardAfterTheOfficeMovesAnActivity: an enrolment is at its activity's
// venue as it is now, and a mark at the venue where its register was taken
// (access.VenueScope), the one rule for activities and attendance alike.
// The walking football group moves from the old venue to the new one after
// two sessions: on a tablet at the old venue a facilitator sees the two
// sessions taken there and no enrolment; at the new venue, the enrolment
// and the session taken since, not the two before; at a third venue,
// nothing; reception and link workers see it all, wherever the device is.
func TestCardAfterTheOfficeMovesAnActivity(t *testing.T) {
	const oldV, newV, otherV, act, pid = "v-old", "v-new", "v-other", "act-football", "p-mover"
	cases := []struct {
		role, venue string
		enrolled    bool
		dates       []string // the sessions shown
	}{
		{domain.RoleFacilitator, oldV, false, []string{"Sat 31 Oct", "Sat 7 Nov"}},
		{domain.RoleFacilitator, newV, true, []string{"Sat 14 Nov"}},
		{domain.RoleFacilitator, otherV, false, nil},
		{domain.RoleReception, "", true, []string{"Sat 31 Oct", "Sat 7 Nov", "Sat 14 Nov"}},
		// A case role sees every venue, on a device with one ticked too:
		// the activities and the attendance alike.
		{domain.RoleLinkWorker, newV, true, []string{"Sat 31 Oct", "Sat 7 Nov", "Sat 14 Nov"}},
	}
	for _, c := range cases {
		t.Run(c.role+" "+c.venue, func(t *testing.T) {
			h := newHarness(t, true, portraitSize)
			h.signIn(c.role)
			save := func(chs ...record.Change) {
				t.Helper()
				if err := h.st.Save(h.sh.Who.ID, chs...); err != nil {
					t.Fatal(err)
				}
			}
			mark := func(date, venue string) record.Change {
				sid := domain.SessionID(act, date)
				return record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(sid, pid), Fields: domain.Encode(domain.Attendance{
					SessionID: sid, PersonID: pid, ActivityID: act, VenueID: venue, Date: date, Status: domain.StatusPresent})}
			}
			activity := domain.Activity{Name: "Walking football", VenueID: oldV, Weekday: 6, StartTime: "10:00", EndTime: "11:00"}
			save(
				record.Change{Kind: domain.KindVenue, ID: oldV, Fields: map[string]string{"name": "Old Rec Ground"}},
				record.Change{Kind: domain.KindVenue, ID: newV, Fields: map[string]string{"name": "New Sports Hall"}},
				record.Change{Kind: domain.KindVenue, ID: otherV, Fields: map[string]string{"name": "Elsewhere Hall"}},
				record.Change{Kind: domain.KindActivity, ID: act, Fields: domain.Encode(activity)},
				record.Change{Kind: domain.KindPerson, ID: pid, Fields: map[string]string{"given_name": "Moira", "family_name": "Mover"}},
				record.Change{Kind: domain.KindEnrolment, ID: domain.EnrolmentID(act, pid), Fields: domain.Encode(domain.Enrolment{
					ActivityID: act, PersonID: pid, VenueID: oldV, Started: "2026-10-01"})},
				mark("2026-10-31", oldV), mark("2026-11-07", oldV))
			// The office moves it; the next session is taken at the new venue.
			save(record.Change{Kind: domain.KindActivity, ID: act, Fields: map[string]string{"venue_id": newV}},
				mark("2026-11-14", newV))
			if c.venue != "" {
				h.sh.SetMeta(map[string]string{shell.MetaVenues: `["` + c.venue + `"]`})
			}
			ps := NewCard(h.sh, pid)
			h.sh.Push(ps)
			ps.Refresh()
			acts, hist := texts(ps.acts), texts(ps.history)
			if got := strings.Contains(acts, "Walking football"); got != c.enrolled {
				t.Errorf("the enrolment shown: %v, want %v:\n%s", got, c.enrolled, acts)
			}
			for _, d := range []string{"Sat 31 Oct", "Sat 7 Nov", "Sat 14 Nov"} {
				want := false
				for _, w := range c.dates {
					want = want || w == d
				}
				if got := strings.Contains(hist, d); got != want {
					t.Errorf("the session of %s shown: %v, want %v:\n%s", d, got, want, hist)
				}
			}
			if c.role == domain.RoleFacilitator && !strings.Contains(texts(ps.content), "Attendance at this venue") {
				t.Errorf("the attendance of one venue is not titled so:\n%s", texts(ps.content))
			}
		})
	}
}
