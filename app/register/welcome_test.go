package register

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/casework"
	"github.com/gather-sp/gather/app/shell/shelltest"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/storage/storagetest"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server/servertest"
)

// visibleWidgets calls fn for every visible object under o, looking into
// containers and widgets.
func visibleWidgets(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	fn(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, k := range x.Objects {
			visibleWidgets(k, fn)
		}
	case fyne.Widget:
		for _, k := range test.WidgetRenderer(x).Objects() {
			visibleWidgets(k, fn)
		}
	}
}

// TestWelcomeReachesTheVenueTablet: a link worker matches June to the
// memory café, writing who will meet her, that a friend is coming and a
// note for the facilitator, with her bus route. After sync, the café's
// tablet shows her on the register marked as her first session with that
// welcome, and holds none of the match: no route, no referral, no match
// record, no phone. Once she has come, the next session is not her first.
func TestWelcomeReachesTheVenueTablet(t *testing.T) {
	srv := servertest.New(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	code := srv.Code

	org := newHarness(t, false, desktopSize)
	org.sh.Who = domain.Staff{ID: "staff-priya", Name: "Priya Shah", Role: domain.RoleLinkWorker}
	if err := client.Enrol(ctx, org.st, srv.URL, code(protocol.Scope{Organisation: true}, domain.RoleLinkWorker)); err != nil {
		t.Fatal(err)
	}
	today := domain.DateOf(testNow)
	put := func(kind record.Kind, id string, v any) {
		t.Helper()
		if err := org.st.Save(org.sh.Who.ID, record.Change{Kind: kind, ID: id, Fields: domain.Encode(v)}); err != nil {
			t.Fatal(err)
		}
	}
	put(domain.KindVenue, "v-hall", domain.Venue{Name: "St Anne's Hall"})
	put(domain.KindActivity, "a-cafe", domain.Activity{Name: "Memory café", VenueID: "v-hall", Schedule: domain.ScheduleWeekly,
		Weekday: testNow.Weekday(), StartDate: domain.AddDays(today, -28), StartTime: "14:00", Capacity: 10})
	put(domain.KindStaff, "staff-bev", domain.Staff{Name: "Bev Okafor", Role: domain.RoleFacilitator})
	put(domain.KindPerson, "p-june", domain.Person{GivenName: "June", FamilyName: "Okonjo", Phone: "07700 900111", AccessNeeds: "uses a stick"})
	put(domain.KindReferral, "r-june", domain.Referral{PersonID: "p-june", Source: domain.SourceGP, Status: domain.ReferralAssessed,
		Received: domain.AddDays(today, -10), Notes: "bereaved in the spring"})

	// Matching, through the screen.
	m := casework.NewMatching(org.st, casework.Context{StaffID: org.sh.Who.ID, StaffName: org.sh.Who.Name, Role: org.sh.Who.Role,
		Now: org.sh.Now, Window: org.w, NoLiveRefresh: true}, "p-june", "")
	w := fyne.CurrentApp().NewWindow("Matching")
	w.Resize(desktopSize)
	w.SetContent(m.Content())
	entries := map[string]*widget.Entry{}
	buttons := map[string]*widget.Button{}
	visibleWidgets(m.Content(), func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Entry:
			entries[x.PlaceHolder] = x
		case *widget.Button:
			buttons[x.Text] = x
		}
	})
	type want struct{ placeholder, text string }
	for _, e := range []want{
		{"How they will get there: bus number, stop, which door", "Bus 22 to Mill Lane"},
		{"Who will meet them, and where", "Bev at the side door"},
		{"e.g. nervous about groups; likes to sit near the door", "Nervous about groups; likes tea"},
	} {
		x := entries[e.placeholder]
		if x == nil {
			t.Fatalf("the matching screen has no entry %q", e.placeholder)
		}
		test.Type(x, e.text)
	}
	for _, b := range []string{"Match", "Coming with a friend", "Match and enrol"} {
		if b == "Match and enrol" {
			// Shown once something is ticked: look again.
			visibleWidgets(m.Content(), func(o fyne.CanvasObject) {
				if x, ok := o.(*widget.Button); ok {
					buttons[x.Text] = x
				}
			})
		}
		if buttons[b] == nil {
			t.Fatalf("the matching screen has no %q button", b)
		}
		test.Tap(buttons[b])
	}
	en, ok := org.st.View().Get(domain.KindEnrolment, domain.EnrolmentID("a-cafe", "p-june"))
	if !ok || en.Get("welcome_meet_by") != "Bev at the side door" {
		t.Fatal("matching did not enrol June with her welcome")
	}
	if err := client.New(org.st, client.Options{}).SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}

	// The hall's tablet.
	tablet := storagetest.Open(t)
	if err := client.Enrol(ctx, tablet, srv.URL, code(protocol.Scope{Venues: []string{"v-hall"}}, domain.RoleFacilitator)); err != nil {
		t.Fatal(err)
	}
	if err := client.New(tablet, client.Options{}).SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	tv := tablet.View()
	for _, kind := range []record.Kind{domain.KindMatch, domain.KindReferral, domain.KindFollowUp} {
		if n := tv.Count(kind); n != 0 {
			t.Errorf("%d %s records reached the venue tablet", n, kind)
		}
	}
	for _, kind := range domain.Kinds {
		for _, row := range tv.All(kind) {
			for _, f := range []string{"travel_route", "notes", "phone", "venue_note"} {
				if v := row.Get(f); v != "" {
					t.Errorf("the tablet's %s %s holds %s %q", kind, row.ID, f, v)
				}
			}
			for _, secret := range []string{"Mill Lane", "bereaved", "07700"} {
				for field, v := range row.Values() {
					if strings.Contains(v, secret) {
						t.Errorf("the tablet's %s %s field %s holds %q", kind, row.ID, field, v)
					}
				}
			}
		}
	}

	tsh := shelltest.On(t, tablet, domain.Staff{}, desktopSize)
	tab := &harness{t: t, sh: tsh, st: tablet, w: tsh.Win}
	tab.signIn(domain.RoleFacilitator)
	r := tab.openRegister("a-cafe")
	row := tab.row(r, "p-june")
	wantLine := "★ First time here · ♿ uses a stick · met by Bev at the side door · coming with a friend · “Nervous about groups; likes tea”"
	if row.access.Text != wantLine || !row.access.Visible() {
		t.Fatalf("June's row says %q, want %q", row.access.Text, wantLine)
	}

	// She comes today: next week is not her first session.
	r.onMark("p-june")
	next := storage.SessionInfo{Activity: r.info.Activity, Session: domain.Session{Date: domain.AddDays(today, 7)}, Expected: []string{"p-june"}}
	if got := firstSessions(tablet.View(), next); len(got["p-june"]) != 0 {
		t.Errorf("next week is still shown as her first session: %q", got["p-june"])
	}
}
