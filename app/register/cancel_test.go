package register

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/app/shell/shelltest"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/storage/storagetest"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server/servertest"
)

// todayCard opens Today and returns it with the session of an activity.
func (h *harness) todayCard(activityID string) (*Today, storage.SessionInfo) {
	h.t.Helper()
	today := h.today()
	for _, si := range today.sessions {
		if si.Activity.ID == activityID {
			return today, si
		}
	}
	h.t.Fatalf("no session of %s on Today", activityID)
	return nil, storage.SessionInfo{}
}

func storedSession(st shell.Store, id string) domain.Session {
	var s domain.Session
	if row, ok := st.View().Get(domain.KindSession, id); ok {
		row.Decode(&s)
	}
	return s
}

// TestCancelSessionFromToday: a facilitator calls today's garden group off
// from Today. A reason is needed (Other needs words), and nothing is saved
// without one; once cancelled, Today and the register say so and why, the
// register takes no marks, and the people expected are listed by name
// only (a facilitator sees no contact details). Un-cancel puts it back.
func TestCancelSessionFromToday(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleFacilitator)
	today, si := h.todayCard(garden)
	if len(si.Expected) == 0 {
		t.Fatal("the demo's garden group expects nobody")
	}
	btn := today.cancelBtns[si.Session.ID]
	if btn == nil {
		t.Fatal("Today offers the facilitator no Cancel session")
	}
	test.Tap(btn)
	c := today.cancelDlg
	if c == nil {
		t.Fatal("Cancel session opened no dialog")
	}
	for _, tc := range []struct{ reason, detail, want string }{
		{"", "", "Choose why"},
		{domain.CancelOther, "", "Say in a few words"},
	} {
		c.reason.SetSelected(tc.reason)
		c.detail.SetText(tc.detail)
		test.Tap(c.confirm)
		if !c.errLabel.Visible() || !strings.Contains(c.errLabel.Text, tc.want) {
			t.Errorf("reason %q, detail %q: the dialog says %q, want %q", tc.reason, tc.detail, c.errLabel.Text, tc.want)
		}
		if storedSession(h.st, si.Session.ID).Cancelled {
			t.Fatalf("reason %q, detail %q: saved cancelled", tc.reason, tc.detail)
		}
	}
	c.reason.SetSelected(domain.CancelWeather)
	c.detail.SetText("beds waterlogged")
	test.Tap(c.confirm)
	got := storedSession(h.st, si.Session.ID)
	if !got.Cancelled || got.CancelReason != "Bad weather: beds waterlogged" || got.CancelledBy != h.sh.Who.ID {
		t.Fatalf("stored %+v", got)
	}
	// The people to let know come up at once: names only for a facilitator.
	_, si = h.todayCard(garden)
	lk := c.letKnow
	if lk == nil {
		t.Fatal("cancelling did not list the people to let know")
	}
	if len(lk.people) != len(si.Expected) {
		t.Errorf("%d people to let know, %d expected", len(lk.people), len(si.Expected))
	}
	for _, p := range lk.people {
		if p.Phone != "" || p.Ways != "" || p.Email != "" {
			t.Errorf("a facilitator is shown %s's contact details", p.Name)
		}
	}
	uitest.MustShow(t, lk.note, "link workers and reception")
	lk.d.Hide()

	today, si = h.todayCard(garden)
	uitest.MustShow(t, today.content, "Cancelled by Bev Okafor: Bad weather: beds waterlogged")
	if today.uncancelBtns[si.Session.ID] == nil || today.cancelBtns[si.Session.ID] != nil {
		t.Fatal("a cancelled session's card offers no Un-cancel, or still offers Cancel")
	}

	r := h.openRegister(garden)
	if !r.cancelled.box.Visible() || r.closeBtn.Visible() || !r.walkInBtn.Disabled() {
		t.Fatal("the register of a cancelled session shows no cancelled bar, or can still be closed or take walk-ins")
	}
	uitest.MustShow(t, r.cancelled.box, "Bad weather")
	pid := firstUnmarked(t, r)
	r.onMark(pid)
	if h.mark(r.sessionID, pid).Status != "" {
		t.Fatal("a cancelled session took a mark")
	}
	for top := h.w.Canvas().Overlays().Top(); top != nil; top = h.w.Canvas().Overlays().Top() {
		h.w.Canvas().Overlays().Remove(top)
	}

	test.Tap(r.cancelled.uncancel)
	if s := storedSession(h.st, si.Session.ID); s.Cancelled || s.CancelReason != "" {
		t.Fatalf("after Un-cancel: %+v", s)
	}
	if r.cancelled.box.Visible() || !r.closeBtn.Visible() {
		t.Fatal("the register still shows the session cancelled")
	}
	r.onMark(pid)
	if h.mark(r.sessionID, pid).Status != domain.StatusPresent {
		t.Fatal("after Un-cancel the register takes no marks")
	}
}

// TestCancelSessionVolunteer: volunteers take the register but do not call
// sessions off.
func TestCancelSessionVolunteer(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleVolunteer)
	today, si := h.todayCard(garden)
	if today.cancelBtns[si.Session.ID] != nil {
		t.Fatal("a volunteer is offered Cancel session")
	}
}

// TestLetKnowShowsContactWhereAllowed: a link worker on an organisation
// device sees how each person expected likes to be contacted, with their
// phone, and that seeing them is in the audit trail; on a venue's device
// the same link worker sees names only, and is told why.
func TestLetKnowShowsContactWhereAllowed(t *testing.T) {
	for _, tc := range []struct {
		name        string
		venueDevice bool
	}{{"organisation device", false}, {"venue device", true}} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, true, desktopSize)
			if tc.venueDevice {
				h.sh.SetVenueDevice(demo.VenueGarden)
			}
			h.signIn(domain.RoleLinkWorker)
			today, si := h.todayCard(garden)
			test.Tap(today.cancelBtns[si.Session.ID])
			today.cancelDlg.reason.SetSelected(domain.CancelHoliday)
			auditsBefore := h.st.View().Count(domain.KindAudit)
			test.Tap(today.cancelDlg.confirm)
			lk := today.cancelDlg.letKnow
			withPhone := 0
			for _, p := range lk.people {
				person, _ := h.st.View().Person(p.PersonID)
				switch {
				case tc.venueDevice && (p.Phone != "" || p.Ways != ""):
					t.Errorf("%s's contact details are shown on a venue device", p.Name)
				case !tc.venueDevice && (p.Phone != person.Phone || p.Ways != domain.ContactWaysWords(person, consentsOf(h.st.View(), person.ID), h.sh.Today())):
					t.Errorf("%s: shown %q %q, recorded %q %q", p.Name, p.Phone, p.Ways, person.Phone,
						domain.ContactWaysWords(person, consentsOf(h.st.View(), person.ID), h.sh.Today()))
				}
				if p.Phone != "" {
					withPhone++
					uitest.MustShow(t, lk.list, p.ContactLine())
				}
			}
			viewed := 0
			for _, row := range h.st.View().All(domain.KindAudit) {
				if row.Get("action") == "viewed" && strings.Contains(row.Get("detail"), "cancelled") {
					viewed++
				}
			}
			if tc.venueDevice {
				uitest.MustShow(t, lk.note, "stay with your organisation")
				if viewed != 0 {
					t.Errorf("%d contact views audited where none were shown", viewed)
				}
				return
			}
			if withPhone == 0 {
				t.Fatal("the demo's expected people have no phones: the test proves nothing")
			}
			if viewed != len(lk.people) {
				t.Errorf("%d views of contact details audited, %d people shown", viewed, len(lk.people))
			}
			if h.st.View().Count(domain.KindAudit) <= auditsBefore {
				t.Error("nothing was audited")
			}
		})
	}
}

// TestCancelSessionSyncsToTheTablet: a facilitator on the garden's tablet
// cancels today's garden group; after both sync, the organisation's device
// shows it cancelled on Today with the reason; un-cancelled there, it is back on at the tablet after the next sync.
func TestCancelSessionSyncsToTheTablet(t *testing.T) {
	srv := servertest.New(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	code := srv.Code

	// The organisation's device holds the demo and sends it to the server.
	org := newHarness(t, true, desktopSize)
	if err := client.Enrol(ctx, org.st, srv.URL, code(protocol.Scope{Organisation: true}, domain.RoleAdministrator)); err != nil {
		t.Fatal(err)
	}
	orgSync := client.New(org.st, client.Options{})
	if err := orgSync.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}

	// The garden's tablet, with its own window on the same app.
	tablet := storagetest.Open(t)
	if err := client.Enrol(ctx, tablet, srv.URL, code(protocol.Scope{Venues: []string{demo.VenueGarden}}, domain.RoleFacilitator)); err != nil {
		t.Fatal(err)
	}
	tabSync := client.New(tablet, client.Options{})
	if err := tabSync.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	tsh := shelltest.On(t, tablet, domain.Staff{}, desktopSize)
	tab := &harness{t: t, sh: tsh, st: tablet, w: tsh.Win}
	tab.signIn(domain.RoleFacilitator)
	today, si := tab.todayCard(garden)
	test.Tap(today.cancelBtns[si.Session.ID])
	today.cancelDlg.reason.SetSelected(domain.CancelUnwell)
	test.Tap(today.cancelDlg.confirm)
	if err := tabSync.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if err := orgSync.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}

	org.signIn(domain.RoleLinkWorker)
	orgToday, osi := org.todayCard(garden)
	if !osi.Session.Cancelled || osi.Session.CancelReason != domain.CancelUnwell {
		t.Fatalf("the organisation's device has the session as %+v", osi.Session)
	}
	uitest.MustShow(t, orgToday.content, "Cancelled by Bev Okafor: Facilitator unwell")

	test.Tap(orgToday.uncancelBtns[osi.Session.ID])
	if err := orgSync.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if err := tabSync.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if _, si := tab.todayCard(garden); si.Session.Cancelled {
		t.Fatal("the un-cancel did not reach the tablet")
	}
}

// TestCancelSaysWhoCameAndWhoSentApologies: cancelling a session in
// progress says how many came and how many sent apologies, each in plain
// words, and that the attendance of those who came will not count; it
// never adds them up as "4 people are already marked".
func TestCancelSaysWhoCameAndWhoSentApologies(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleFacilitator)
	today, si := h.todayCard(garden)
	if s := si.Summary; s.Present != 3 || s.Apologies != 1 || s.Absent != 0 {
		t.Fatalf("the demo's garden group has %d here, %d apologies, %d absent; this test wants 3, 1, 0", s.Present, s.Apologies, s.Absent)
	}
	test.Tap(today.cancelBtns[si.Session.ID])
	text := uitest.DialogText(h.w)
	for _, want := range []string{"3 people came and 1 sent apologies", "the attendance of the 3 who came will not count"} {
		if !strings.Contains(text, want) {
			t.Errorf("the cancel dialog does not say %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "4 people") {
		t.Errorf("the cancel dialog adds those who came and those who sent apologies together:\n%s", text)
	}

	for _, tc := range []struct {
		s    domain.Summary
		want string
	}{
		{domain.Summary{Present: 1}, "Already marked: 1 person came. The marks are kept, but the attendance of the person who came will not count"},
		{domain.Summary{Apologies: 2}, "Already marked: 2 sent apologies. The marks are kept, but a cancelled session counts in no report"},
		{domain.Summary{Present: 2, Apologies: 1, Absent: 1}, "Already marked: 2 people came, 1 sent apologies and 1 was marked absent."},
		{domain.Summary{}, ""},
	} {
		if got := cancelMarkedText(tc.s); !strings.HasPrefix(got, tc.want) || (tc.want == "") != (got == "") {
			t.Errorf("%+v: %q, want it to start %q", tc.s, got, tc.want)
		}
	}
}

// TestCancelDialogTakesTheHeightItNeeds: on a portrait tablet the
// cancel-session dialog is as tall as what it says, so nothing scrolls,
// even once it says why it cannot cancel yet; on a short window it stays
// inside the window and scrolls there.
func TestCancelDialogTakesTheHeightItNeeds(t *testing.T) {
	for _, tc := range []struct {
		size    fyne.Size
		largest bool
		scroll  bool // the window is too short for it all
	}{{fyne.NewSize(800, 1280), false, false}, {fyne.NewSize(800, 1280), true, false}, {desktopSize, false, false}, {fyne.NewSize(800, 480), false, true}} {
		name := sizeName(tc.size)
		if tc.largest {
			name += "-largest"
		}
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, true, tc.size)
			if tc.largest {
				uitest.UseTextSize(uitest.Largest)
			}
			h.signIn(domain.RoleFacilitator)
			today, si := h.todayCard(garden)
			test.Tap(today.cancelBtns[si.Session.ID])
			c := today.cancelDlg
			check := func(when string) {
				t.Helper()
				body, view := c.scroll.Content.MinSize().Height, c.scroll.Size().Height
				if !tc.scroll && body > view+0.5 {
					t.Errorf("%s: the dialog shows %.0f of the %.0f its body needs, with a scroll bar", when, view, body)
				}
				if tc.scroll && body <= view {
					t.Errorf("%s: a %.0f high body fits a %.0f high window?", when, body, tc.size.Height)
				}
				if pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(c.scroll); pos.Y < 0 || pos.Y+view > tc.size.Height {
					t.Errorf("%s: the dialog's body runs from %.0f to %.0f in a %.0f high window", when, pos.Y, pos.Y+view, tc.size.Height)
				}
			}
			check("opened")
			test.Tap(c.confirm) // no reason chosen: it says so
			if !c.errLabel.Visible() {
				t.Fatal("no reason chosen and the dialog says nothing")
			}
			check("saying why not")
		})
	}
}

// consentsOf are person id's consent records in v, as the card reads them.
func consentsOf(v *storage.View, id string) []domain.Consent {
	var out []domain.Consent
	for _, row := range v.By(domain.KindConsent, "person_id", id) {
		var c domain.Consent
		row.Decode(&c)
		if !c.Deleted {
			out = append(out, c)
		}
	}
	return out
}
