package demo

import (
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage/storagetest"
)

// TestActivitiesSayWhereToMeetOrHowToJoin: every demo activity met in
// person says where to meet on arrival, and there is an online one with a
// way to join the form would take, new, with no sessions before today.
func TestActivitiesSayWhereToMeetOrHowToJoin(t *testing.T) {
	st := storagetest.Open(t)
	if _, err := Generate(st, Options{Seed: 7, Today: today}); err != nil {
		t.Fatal(err)
	}
	v := st.View()
	online := 0
	for _, a := range v.Activities() {
		if a.Online {
			online++
			if a.JoinLink == "" || domain.CheckJoinLink(a.JoinLink) != "" {
				t.Errorf("%s is online with no way to join the form would take (%q): %s", a.Name, a.JoinLink, domain.CheckJoinLink(a.JoinLink))
			}
			for _, s := range v.All(domain.KindSession) {
				if s.Get("activity_id") == a.ID {
					t.Errorf("%s, new, has a session on %s", a.Name, s.Get("date"))
				}
			}
		} else if a.MeetingPoint == "" {
			t.Errorf("%s says nowhere to meet", a.Name)
		}
	}
	if online == 0 {
		t.Error("no demo activity is online")
	}
}
