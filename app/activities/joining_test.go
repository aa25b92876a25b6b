package activities

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

// TestActivityFormWhereToMeetAndHowToJoin: the form asks where to meet
// for an activity met in person and how to join for an online one, each
// only when it applies; a mistyped link is refused in words with what was
// typed kept; the Activities list shows what was saved, as reception sees
// it.
func TestActivityFormWhereToMeetAndHowToJoin(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleLinkWorker)
	f := h.openActivityForm(garden)
	if !f.meetBox.Visible() || f.joinBox.Visible() {
		t.Fatal("an activity met in person: the form should ask where to meet, not how to join")
	}
	if !strings.HasPrefix(f.meet.PlaceHolder, "e.g.") || !strings.HasPrefix(f.join.PlaceHolder, "e.g.") {
		t.Fatalf("placeholders %q and %q do not start e.g.", f.meet.PlaceHolder, f.join.PlaceHolder)
	}
	if !strings.Contains(f.meet.Text, "polytunnel") {
		t.Fatalf("the form does not show where to meet: %q", f.meet.Text)
	}
	f.meet.SetText("")
	test.Type(f.meet, "At the green gate on Elm Road; we start in the polytunnel")
	test.Tap(f.saveBtn)
	if a := activityNamed(t, h.st, "Garden group"); a.MeetingPoint != "At the green gate on Elm Road; we start in the polytunnel" {
		t.Fatalf("saved meeting point %q (problem %q)", a.MeetingPoint, f.problem.Text)
	}
	if texts := strings.Join(uitest.Texts(h.current().Content()), "\n"); !strings.Contains(texts, "Where to meet\nAt the green gate on Elm Road") {
		t.Errorf("the Activities list does not say where to meet:\n%s", texts)
	}

	// Online: how to join, checked.
	f = h.openActivityForm(garden)
	f.mode.Choose(modeOnline)
	if f.meetBox.Visible() || !f.joinBox.Visible() {
		t.Fatal("an online activity: the form should ask how to join, not where to meet")
	}
	test.Type(f.join, "htps://meet.example.org/garden")
	test.Tap(f.saveBtn)
	if h.current() != f || !strings.Contains(f.problem.Text, `"htps://meet.example.org/garden" must start with https://`) {
		t.Fatalf("a mistyped link was not refused in words: %T, %q", h.current(), f.problem.Text)
	}
	if f.join.Text != "htps://meet.example.org/garden" {
		t.Fatalf("what was typed is lost: %q", f.join.Text)
	}
	if a := activityNamed(t, h.st, "Garden group"); a.Online || a.JoinLink != "" {
		t.Fatalf("saved despite the problem: %+v", a)
	}
	f.join.SetText("https://meet.example.org/garden or dial 0330 088 5830")
	test.Tap(f.saveBtn)
	a := activityNamed(t, h.st, "Garden group")
	if !a.Online || a.JoinLink != "https://meet.example.org/garden or dial 0330 088 5830" {
		t.Fatalf("saved %+v (problem %q)", a, f.problem.Text)
	}
	if a.MeetingPoint == "" {
		t.Error("going online lost where to meet, for when it meets in person again")
	}
	texts := strings.Join(uitest.Texts(h.current().Content()), "\n")
	if !strings.Contains(texts, "Where\nOnline, from home; organised by Riverside Surgery Garden\nHow to join\nhttps://meet.example.org/garden or dial 0330 088 5830") {
		t.Errorf("the Activities list does not say how to join:\n%s", texts)
	}
	if strings.Contains(texts, "green gate on Elm Road") {
		t.Errorf("an online activity's card says where to meet:\n%s", texts)
	}
}
