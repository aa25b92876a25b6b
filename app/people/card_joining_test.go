package people

import (
	"strings"
	"testing"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestCardActivitiesSayWhereToMeetOrHowToJoin: each activity on a
// person's card says where to meet on arrival, or, once it is online, how
// to join: what they ring reception to ask.
func TestCardActivitiesSayWhereToMeetOrHowToJoin(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleReception)
	v := h.st.View()
	var id string
	for _, row := range v.By(domain.KindEnrolment, "activity_id", garden) {
		var e domain.Enrolment
		row.Decode(&e)
		if e.Active() {
			id = e.PersonID
			break
		}
	}
	if id == "" {
		t.Fatal("nobody goes to the demo's garden group")
	}
	ps := NewCard(h.sh, id)
	h.sh.Push(ps)
	if text := uitest.LaidOutText(ps.acts); !strings.Contains(text, "Where to meet: At the green garden gate") {
		t.Fatalf("the card does not say where to meet for the garden group:\n%s", text)
	}

	var before domain.Activity
	row, _ := v.Get(domain.KindActivity, garden)
	row.Decode(&before)
	after := before
	after.Online, after.JoinLink = true, "https://meet.example.org/garden"
	if err := h.st.Save(h.sh.Who.ID, domain.Edit(domain.KindActivity, garden, false, before, after)); err != nil {
		t.Fatal(err)
	}
	ps = NewCard(h.sh, id)
	h.sh.Push(ps)
	text := uitest.LaidOutText(ps.acts)
	if !strings.Contains(text, "How to join: https://meet.example.org/garden") || strings.Contains(text, "green garden gate") {
		t.Fatalf("online, the card should say how to join and not where to meet:\n%s", text)
	}
}
