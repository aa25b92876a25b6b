package casework

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

func TestSeedDemo(t *testing.T) {
	s := openStore(t)
	if err := SeedDemo(s, today); err != nil {
		t.Fatal(err)
	}
	count := func() map[string]int {
		v := s.View()
		n := map[string]int{}
		for _, st := range domain.ReferralStatuses {
			n[st] = len(v.Referrals(st))
		}
		for _, f := range v.FollowUpsDueBy("9999-12-31") {
			n["followup "+domain.FollowUpState(f, todayDate)]++
		}
		for _, r := range v.All(domain.KindMeasure) {
			n["measure "+r.Get("stage")]++
		}
		n["matches"] = v.Count(domain.KindMatch)
		n["consents"] = v.Count(domain.KindConsent)
		n["contacts"] = v.Count(domain.KindContact)
		return n
	}
	first := count()
	for _, k := range append(append([]string{}, domain.ReferralStatuses...), "followup overdue", "followup due", "followup upcoming",
		"measure baseline", "measure follow-up", "matches", "consents", "contacts") {
		if first[k] == 0 {
			t.Errorf("the demo casework has no %s", k)
		}
	}
	// Every seeded match enrols the person on that activity's register.
	for _, r := range s.View().All(domain.KindMatch) {
		var m domain.Match
		r.Decode(&m)
		if _, ok := s.View().Get(domain.KindEnrolment, domain.EnrolmentID(m.ActivityID, m.PersonID)); !ok {
			t.Errorf("match %s has no enrolment", m.ID)
		}
	}
	if err := SeedDemo(s, today); err != nil {
		t.Fatal(err)
	}
	if again := count(); fmt.Sprint(again) != fmt.Sprint(first) {
		t.Errorf("seeding twice changed the data:\n%v\n%v", first, again)
	}
}

func TestScreensByRole(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	if err := SeedDemo(s, today); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		role string
		want []string
	}{
		{domain.RoleLinkWorker, []string{"casework-home", "referrals-inbox", "new-referral", "referral", "person-case", "matching", "follow-up",
			"wellbeing-ons4", "wellbeing-swemwbs", "wellbeing-self-completion", "contacts"}},
		{domain.RoleReception, []string{"referrals-inbox", "new-referral", "referral", "person-case", "contacts"}},
		{domain.RoleFacilitator, nil},
		{domain.RoleVolunteer, nil},
	}
	for _, tc := range cases {
		t.Run(tc.role, func(t *testing.T) {
			got := Screens(s, withRole(linkWorker(), tc.role))
			var names []string
			for _, sc := range got {
				names = append(names, sc.Name)
			}
			if fmt.Sprint(names) != fmt.Sprint(tc.want) {
				t.Errorf("screens %v, want %v", names, tc.want)
			}
		})
	}
}

// settle sizes a window and lays it out again, so that wrapped labels,
// whose height depends on the width they were given, are measured at their
// real width (a live window does this on its next frame).
func settle(w fyne.Window, size fyne.Size) {
	for i := 0; i < 3; i++ {
		w.Resize(size.SubtractWidthHeight(1, 1))
		w.Resize(size)
	}
}

// TestTouchTargets checks every button, entry and drop-down on every screen
// is at least 44 px high once laid out.
func TestTouchTargets(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	if err := SeedDemo(s, today); err != nil {
		t.Fatal(err)
	}
	for _, sc := range Screens(s, linkWorker()) {
		t.Run(sc.Name, func(t *testing.T) {
			w := test.NewWindow(sc.Content)
			defer w.Close()
			settle(w, fyne.NewSize(800, 1280))
			var walk func(fyne.CanvasObject)
			n := 0
			walk = func(o fyne.CanvasObject) {
				if o == nil || !o.Visible() {
					return
				}
				switch x := o.(type) {
				case *widget.Button, *widget.Entry, *widget.Select:
					n++
					if h := x.(fyne.CanvasObject).Size().Height; h < 44 {
						t.Errorf("%T %q is %.0f px high", x, uitest.ControlLabel(x), h)
					}
				case *container.Scroll:
					walk(x.Content)
				case *fyne.Container:
					for _, k := range x.Objects {
						walk(k)
					}
				}
			}
			walk(sc.Content)
			if n == 0 {
				t.Error("no controls found")
			}
		})
	}
}

// TestDemoPracticesAreOnTheList: every GP practice the demo's people and
// referrals name is on its list of practices, so the Practices screen is
// not empty and the self-referral's "GP practice" offers them.
func TestDemoPracticesAreOnTheList(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	if err := SeedDemo(s, today); err != nil {
		t.Fatal(err)
	}
	v := s.View()
	list := v.Practices()
	onList := map[string]bool{}
	for _, name := range domain.PracticeChoices(list) {
		onList[name] = true
	}
	named := map[string]bool{}
	for _, kind := range []record.Kind{domain.KindPerson, domain.KindReferral} {
		for _, r := range v.All(kind) {
			if p := r.Get("practice"); p != "" {
				named[p] = true
			}
		}
	}
	if len(named) < 3 {
		t.Fatalf("the demo names only %v", named)
	}
	for name := range named {
		if !onList[domain.PracticeName(list, name)] {
			t.Errorf("%q is named in the demo but not on its list of practices %v", name, domain.PracticeChoices(list))
		}
	}
	// What the self-referral's "GP practice" offers (domain.PracticeChoices
	// of the list).
	if len(onList) < len(named) {
		t.Errorf("the list offers %d practices for the %d named", len(onList), len(named))
	}
}

// TestSeedDemoRoutesGoToTheirOwnVenue: each demo match's route goes to
// the venue its activity meets at, naming that venue's street and no
// other venue's (a St Anne's Church Hall match once had the garden's
// "Bus 22 to Mill Lane"); an online activity has none.
func TestSeedDemoRoutesGoToTheirOwnVenue(t *testing.T) {
	s := openStore(t)
	if err := SeedDemo(s, today); err != nil {
		t.Fatal(err)
	}
	v := s.View()
	streets := map[string]string{} // venue id -> the street in its address
	for _, r := range v.All(domain.KindVenue) {
		var ven domain.Venue
		r.Decode(&ven)
		for _, st := range []string{"Mill Lane", "Church Street", "Market Square"} {
			if strings.Contains(ven.Address, st) {
				streets[ven.ID] = st
			}
		}
	}
	if len(streets) < 3 {
		t.Fatalf("the demo venues' streets: %v", streets)
	}
	for _, r := range v.All(domain.KindMatch) {
		var m domain.Match
		r.Decode(&m)
		a, ok := activity(v, m.ActivityID)
		if !ok {
			t.Fatalf("match %s: no activity %s", m.ID, m.ActivityID)
		}
		if a.Online {
			if m.TravelRoute != "" {
				t.Errorf("match %s, online, has a route %q", m.ID, m.TravelRoute)
			}
			continue
		}
		for venue, street := range streets {
			if says := strings.Contains(m.TravelRoute, street); says != (venue == a.VenueID) {
				t.Errorf("match %s to %s (venue %s): route %q, about %s: %v", m.ID, a.Name, a.VenueID, m.TravelRoute, street, says)
			}
		}
		if m.MeetBy == "" {
			t.Errorf("match %s has nobody to meet them", m.ID)
		}
	}
}
