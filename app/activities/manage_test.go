package activities

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage/storagetest"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server/servertest"
)

func (h *harness) openActivityForm(id string) *activityForm {
	h.t.Helper()
	s := h.activitiesScreen()
	if id == "" {
		test.Tap(s.addBtn)
	} else {
		b := s.editBtns[id]
		if b == nil {
			h.t.Fatalf("no Edit button for %s", id)
		}
		test.Tap(b)
	}
	f, ok := h.current().(*activityForm)
	if !ok {
		h.t.Fatalf("the activity form is not showing: %T", h.current())
	}
	return f
}

// chooseVenue selects a venue by id in an activity form.
func chooseVenue(t *testing.T, f *activityForm, id string) {
	t.Helper()
	for i, vid := range f.venueIDs {
		if vid == id {
			f.venue.SetSelected(f.venue.Options[i])
			return
		}
	}
	t.Fatalf("venue %s is not offered: %v", id, f.venueIDs)
}

func activityNamed(t *testing.T, st shell.Store, name string) domain.Activity {
	t.Helper()
	for _, r := range st.View().All(domain.KindActivity) {
		if r.Get("name") == name {
			var a domain.Activity
			r.Decode(&a)
			return a
		}
	}
	t.Fatalf("no activity called %q", name)
	return domain.Activity{}
}

func venueNamed(t *testing.T, st shell.Store, name string) domain.Venue {
	t.Helper()
	for _, r := range st.View().All(domain.KindVenue) {
		if r.Get("name") == name {
			var x domain.Venue
			r.Decode(&x)
			return x
		}
	}
	t.Fatalf("no venue called %q", name)
	return domain.Venue{}
}

func sessionIDsOn(h *harness, date string) []string {
	var ids []string
	for _, si := range h.st.View().SessionsOfDay(date, h.DeviceVenues()) {
		ids = append(ids, si.Activity.ID)
	}
	return ids
}

// addVenue adds a venue through Activities > Venues > Add a venue.
func addVenue(t *testing.T, h *harness, x domain.Venue) domain.Venue {
	t.Helper()
	s := h.activitiesScreen()
	test.Tap(s.venuesBtn)
	vs, ok := h.current().(*venuesScreen)
	if !ok {
		t.Fatalf("Venues showed %T", h.current())
	}
	test.Tap(vs.addBtn)
	f, ok := h.current().(*venueForm)
	if !ok {
		t.Fatalf("Add a venue showed %T", h.current())
	}
	test.Type(f.name, x.Name)
	test.Type(f.address, x.Address)
	test.Type(f.postcode, x.Postcode)
	test.Type(f.phone, x.Phone)
	test.Type(f.directions, x.Directions)
	test.Type(f.accessInfo, x.AccessInfo)
	test.Tap(f.saveBtn)
	if h.current() != vs {
		t.Fatalf("after saving a venue: %T, problem %q", h.current(), f.problem.Text)
	}
	got := venueNamed(t, h.st, x.Name)
	if vs.editBtns[got.ID] == nil {
		t.Fatal("the new venue is not on the list of venues")
	}
	if !strings.HasPrefix(vs.notice.Text, "Added "+x.Name) {
		t.Fatalf("venues notice %q", vs.notice.Text)
	}
	h.Back()
	return got
}

func TestManageAddVenueAndWeeklyActivity(t *testing.T) {
	for _, tc := range []struct {
		name     string
		withDemo bool
	}{
		{"on a device with the demo data", true},
		{"on a new device used on its own", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, tc.withDemo, desktopSize)
			if tc.withDemo {
				h.signIn(domain.RoleLinkWorker)
			} else {
				h.signIn(domain.RoleLinkWorker) // on a new device, used on its own
			}
			rs := recordSaves(h)
			auditBefore := h.st.View().Count(domain.KindAudit)

			ven := addVenue(t, h, domain.Venue{Name: "Kirkby Vale Leisure Centre", Address: "Park Road, Kirkby Vale",
				Postcode: "kv3 1ab", Phone: "01632 960777", Directions: "Bus 12 to Park Road.", AccessInfo: "Lift to the first floor."})
			if ven.Postcode != "KV3 1AB" || ven.Address != "Park Road, Kirkby Vale" || ven.Phone != "01632 960777" ||
				ven.Directions != "Bus 12 to Park Road." || ven.AccessInfo != "Lift to the first floor." {
				t.Fatalf("venue saved as %+v", ven)
			}

			f := h.openActivityForm("")
			if f.startDate.Text != "21/11/2026" {
				t.Fatalf("a new weekly activity starts %q, want today", f.startDate.Text)
			}
			test.Type(f.name, "Walking football")
			chooseVenue(t, f, ven.ID)
			f.category.SetSelected("Exercise")
			f.level.SetSelected("Introductory")
			test.Type(f.capacity, "14")
			test.Type(f.description, "Football at walking pace.")
			f.weekday.SetSelected("Monday")
			test.Type(f.startTime, "18:00")
			test.Type(f.endTime, "7.30pm")
			test.Tap(f.mode.Buttons[modeInPerson])
			test.Type(f.cost, "£1")
			test.Type(f.facilitator, "Sam Patel")
			test.Type(f.contact, "Sam at reception")
			test.Type(f.bring, "Trainers and water.")
			if tc.withDemo {
				test.Tap(f.nextSteps.Buttons[garden])
			}
			if !f.preview.Visible() || !strings.Contains(f.preview.Text, "every Monday, 18:00–19:30") ||
				!strings.Contains(f.preview.Text, "Monday 23 November 2026") {
				t.Fatalf("preview %q", f.preview.Text)
			}
			test.Tap(f.saveBtn)
			s, ok := h.current().(*Screen)
			if !ok {
				t.Fatalf("after Save: %T, problem %q", h.current(), f.problem.Text)
			}

			a := activityNamed(t, h.st, "Walking football")
			want := domain.Activity{ID: a.ID, Name: "Walking football", VenueID: ven.ID, Category: domain.CategoryExercise,
				Level: domain.LevelIntroductory, Schedule: domain.ScheduleWeekly, Weekday: time.Monday, StartDate: "2026-11-21",
				StartTime: "18:00", EndTime: "19:30", Capacity: 14, Cost: "£1", Facilitator: "Sam Patel",
				Description: "Football at walking pace.", WhatToBring: "Trainers and water.", ContactName: "Sam at reception"}
			if tc.withDemo {
				want.NextSteps = []string{garden}
			}
			if !reflect.DeepEqual(a, want) {
				t.Fatalf("saved\n%+v\nwant\n%+v", a, want)
			}
			if s.editBtns[a.ID] == nil || !strings.HasPrefix(s.notice.Text, "Added Walking football") {
				t.Fatalf("not on the Activities list, or no notice: %q", s.notice.Text)
			}
			// Every save left audit entries.
			if got := h.st.View().Count(domain.KindAudit); got < auditBefore+2 {
				t.Fatalf("%d audit entries after two saves, had %d", got, auditBefore)
			}
			if w := rs.Writes(domain.KindActivity, a.ID); slices.Contains(w, "deleted") || slices.Contains(w, "online") {
				t.Fatalf("a new activity wrote empty fields: %v", w)
			}

			// Today: not on Saturday, there on Monday, with the register of
			// that date (the window's flow test TestManagedActivityOnToday
			// opens it from Today).
			if slices.Contains(sessionIDsOn(h, h.Today()), a.ID) {
				t.Fatal("a Monday activity shows on a Saturday")
			}
			found := false
			for _, si := range h.st.View().SessionsOfDay("2026-11-23", h.DeviceVenues()) {
				found = found || (si.Activity.ID == a.ID && si.Session.ID == domain.SessionID(a.ID, "2026-11-23"))
			}
			if !found {
				t.Fatal("not on Today on Monday 23 November 2026")
			}
		})
	}
}

func TestManageAddVenueFromTheActivityForm(t *testing.T) {
	h := newHarness(t, false, desktopSize)
	h.signIn(domain.RoleLinkWorker) // on a new device, used on its own
	s := h.activitiesScreen()
	if !strings.Contains(s.list.Objects[0].(*widget.Label).Text, "Add the venues") {
		t.Fatalf("an empty device says %q", s.list.Objects[0].(*widget.Label).Text)
	}
	f := h.openActivityForm("")
	test.Type(f.name, "Book club")
	test.Tap(f.addVenueBtn)
	vf := h.current().(*venueForm)
	test.Type(vf.name, "Kirkby Vale Library")
	test.Tap(vf.saveBtn)
	if h.current() != f {
		t.Fatalf("after adding the venue: %T", h.current())
	}
	lib := venueNamed(t, h.st, "Kirkby Vale Library")
	if f.venueID() != lib.ID || f.name.Text != "Book club" {
		t.Fatalf("the form chose venue %q and kept name %q", f.venueID(), f.name.Text)
	}
	f.weekday.SetSelected("Saturday")
	test.Type(f.startTime, "10:30")
	test.Tap(f.saveBtn)
	a := activityNamed(t, h.st, "Book club")
	if !slices.Contains(sessionIDsOn(h, h.Today()), a.ID) {
		t.Fatal("a Saturday activity from today is not on Today (a Saturday)")
	}
}

func TestManageOneOffActivity(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleAdministrator)
	f := h.openActivityForm("")
	test.Type(f.name, "Christmas lunch")
	chooseVenue(t, f, demo.VenueHall)
	test.Tap(f.schedule.Buttons[domain.ScheduleOneOff])
	if f.weekly.Visible() || !f.oneOff.Visible() {
		t.Fatal("a one-off still asks for a day of the week")
	}
	f.date.SetText("17/12/2026")
	test.Type(f.startTime, "12:00")
	test.Tap(f.mode.Buttons[modeOnline])
	test.Tap(f.saveBtn)
	a := activityNamed(t, h.st, "Christmas lunch")
	if a.Schedule != domain.ScheduleOneOff || a.StartDate != "2026-12-17" || !a.Online || a.EndDate != "" {
		t.Fatalf("saved %+v", a)
	}
	if !slices.Contains(sessionIDsOn(h, "2026-12-17"), a.ID) || slices.Contains(sessionIDsOn(h, "2026-12-24"), a.ID) {
		t.Fatal("a one-off should meet on its date only")
	}
}

func TestManageEditWritesOnlyWhatChanged(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleLinkWorker)
	rs := recordSaves(h)
	before, _ := h.st.View().Get(domain.KindActivity, garden)
	var was domain.Activity
	before.Decode(&was)

	f := h.openActivityForm(garden)
	if f.name.Text != was.Name || f.startTime.Text != was.StartTime || f.venueID() != was.VenueID ||
		f.weekday.Selected != was.Weekday.String() || f.capacity.Text != "16" {
		t.Fatalf("the form shows %q %q %q %q %q", f.name.Text, f.startTime.Text, f.venueID(), f.weekday.Selected, f.capacity.Text)
	}
	// Meanwhile another device changes the cost.
	if err := h.st.Save("someone-else", domain.Edit(domain.KindActivity, garden, false, was, withCost(was, "£1 for tea"))); err != nil {
		t.Fatal(err)
	}
	h.current().Refresh()
	f.name.SetText("Garden group (Saturdays)")
	f.endTime.SetText("12:30")
	test.Tap(f.saveBtn)
	if _, ok := h.current().(*Screen); !ok {
		t.Fatalf("after Save: %T, problem %q", h.current(), f.problem.Text)
	}
	if got := rs.Writes(domain.KindActivity, garden); !reflect.DeepEqual(got, []string{"end_time", "name"}) {
		t.Fatalf("an edit of the name and end time wrote %v", got)
	}
	a := activityNamed(t, h.st, "Garden group (Saturdays)")
	if a.EndTime != "12:30" || a.Cost != "£1 for tea" || a.StartTime != was.StartTime || a.Description != was.Description {
		t.Fatalf("after the edit: %+v", a)
	}

	// Saving again with nothing changed writes nothing.
	n := len(rs.Saved)
	f = h.openActivityForm(garden)
	test.Tap(f.saveBtn)
	if len(rs.Saved) != n {
		t.Fatalf("saving an unchanged form saved %v", rs.Saved[n:])
	}

	// A venue edit likewise.
	vs := h.activitiesScreen()
	test.Tap(vs.venuesBtn)
	test.Tap(h.current().(*venuesScreen).editBtns[demo.VenueGarden])
	vf := h.current().(*venueForm)
	vf.phone.SetText("01632 960999")
	test.Tap(vf.saveBtn)
	if got := rs.Writes(domain.KindVenue, demo.VenueGarden); !reflect.DeepEqual(got, []string{"phone"}) {
		t.Fatalf("an edit of the phone wrote %v", got)
	}
}

func TestManageBadInputKeepsTheForm(t *testing.T) {
	cases := []struct {
		name string
		fill func(f *activityForm)
		want string
	}{
		{"no name", func(f *activityForm) { f.name.SetText("  ") }, "Type the activity's name"},
		{"no venue", func(f *activityForm) { f.venue.ClearSelected() }, "Choose the venue"},
		{"no day", func(f *activityForm) { f.weekday.ClearSelected() }, "Choose the day of the week"},
		{"bad first date", func(f *activityForm) { f.startDate.SetText("31/02/2026") }, `"31/02/2026" is not a date`},
		{"last date before first", func(f *activityForm) { f.startDate.SetText("2026-12-01"); f.endDate.SetText("2026-11-01") }, "last date is before the first"},
		{"bad time", func(f *activityForm) { f.startTime.SetText("25:00") }, `"25:00" is not a time`},
		{"no start time", func(f *activityForm) { f.startTime.SetText("") }, "Type the time it starts"},
		{"ends before it starts", func(f *activityForm) { f.startTime.SetText("14:00"); f.endTime.SetText("13:00") }, "It ends before it starts"},
		{"negative places", func(f *activityForm) { f.capacity.SetText("-3") }, "cannot be less than 0"},
		{"places not a number", func(f *activityForm) { f.capacity.SetText("ten") }, "whole number"},
		{"one-off without a date", func(f *activityForm) {
			test.Tap(f.schedule.Buttons[domain.ScheduleOneOff])
			f.date.SetText("")
		}, "Type the date it happens"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, true, desktopSize)
			h.signIn(domain.RoleLinkWorker)
			rs := recordSaves(h)
			f := h.openActivityForm("")
			f.name.SetText("Pottery")
			chooseVenue(t, f, demo.VenueHall)
			f.weekday.SetSelected("Tuesday")
			f.startTime.SetText("10:00")
			f.endTime.SetText("12:00")
			test.Type(f.bring, "An apron")
			tc.fill(f)
			typed := map[*widget.Entry]string{}
			for _, e := range []*widget.Entry{f.name, f.startDate, f.endDate, f.date, f.startTime, f.endTime, f.capacity, f.bring} {
				typed[e] = e.Text
			}
			venue := f.venue.Selected
			test.Tap(f.saveBtn)
			if h.current() != f {
				t.Fatalf("the form closed on bad input: %T", h.current())
			}
			if !f.problem.Visible() || !strings.Contains(f.problem.Text, tc.want) {
				t.Fatalf("problem %q, want %q", f.problem.Text, tc.want)
			}
			if len(rs.Saved) != 0 {
				t.Fatalf("bad input was saved: %v", rs.Saved)
			}
			for e, text := range typed {
				if e.Text != text {
					t.Fatalf("the form lost what was typed: %q became %q", text, e.Text)
				}
			}
			if f.venue.Selected != venue {
				t.Fatal("the form lost the venue")
			}
		})
	}

	t.Run("several problems are listed together, then put right", func(t *testing.T) {
		h := newHarness(t, true, desktopSize)
		h.signIn(domain.RoleLinkWorker)
		f := h.openActivityForm("")
		f.startTime.SetText("9")
		test.Tap(f.saveBtn)
		for _, want := range []string{"Please put these right", "Type the activity's name", "Choose the venue", "Choose the day", `"9" is not a time`} {
			if !strings.Contains(f.problem.Text, want) {
				t.Fatalf("problem %q lacks %q", f.problem.Text, want)
			}
		}
		f.name.SetText("Pottery")
		chooseVenue(t, f, demo.VenueHall)
		f.weekday.SetSelected("Tuesday")
		f.startTime.SetText("9:30")
		test.Tap(f.saveBtn)
		if a := activityNamed(t, h.st, "Pottery"); a.StartTime != "09:30" {
			t.Fatalf("saved %+v", a)
		}
	})

	t.Run("a save that fails keeps the form", func(t *testing.T) {
		h := newHarness(t, true, desktopSize)
		h.signIn(domain.RoleLinkWorker)
		rs := recordSaves(h)
		f := h.openActivityForm(garden)
		f.name.SetText("Garden club")
		rs.Fail = errors.New("disk full")
		test.Tap(f.saveBtn)
		if h.current() != f || f.name.Text != "Garden club" {
			t.Fatalf("after a failed save: %T, name %q", h.current(), f.name.Text)
		}
		rs.Fail = nil
		test.Tap(f.saveBtn)
		activityNamed(t, h.st, "Garden club")
	})

	venueCases := []struct {
		name string
		fill func(f *venueForm)
		want string
	}{
		{"no name", func(f *venueForm) {}, "Type the venue's name"},
		{"same name as another venue", func(f *venueForm) { f.name.SetText("st anne's church hall") }, "already a venue called St Anne's Church Hall"},
		{"bad postcode", func(f *venueForm) { f.name.SetText("Library"); f.postcode.SetText("12345") }, `"12345" does not look like a UK postcode`},
		{"bad phone", func(f *venueForm) { f.name.SetText("Library"); f.phone.SetText("call Bev") }, `"call Bev" has something other than digits`},
	}
	for _, tc := range venueCases {
		t.Run("venue "+tc.name, func(t *testing.T) {
			h := newHarness(t, true, desktopSize)
			h.signIn(domain.RoleLinkWorker)
			rs := recordSaves(h)
			h.Push(newVenueForm(h, "", nil))
			f := h.current().(*venueForm)
			test.Type(f.directions, "Bus 7")
			tc.fill(f)
			name, pc := f.name.Text, f.postcode.Text
			test.Tap(f.saveBtn)
			if h.current() != f || !strings.Contains(f.problem.Text, tc.want) {
				t.Fatalf("problem %q, want %q", f.problem.Text, tc.want)
			}
			if len(rs.Saved) != 0 || f.name.Text != name || f.postcode.Text != pc || f.directions.Text != "Bus 7" {
				t.Fatal("bad input was saved, or the form lost what was typed")
			}
		})
	}
}

func TestManageButtonsOnlyForThoseWhoManage(t *testing.T) {
	for _, tc := range []struct {
		role   string
		manage bool
	}{
		{domain.RoleAdministrator, true},
		{domain.RoleLinkWorker, true},
		{domain.RoleReception, false},
		{domain.RoleFacilitator, false},
		{domain.RoleVolunteer, false},
	} {
		t.Run(tc.role, func(t *testing.T) {
			h := newHarness(t, true, desktopSize)
			h.signIn(tc.role)
			s := h.activitiesScreen()
			if len(s.printBtns) == 0 {
				t.Fatal("no activities listed")
			}
			if got := s.manageBar.Visible(); got != tc.manage {
				t.Fatalf("Add activity and Venues visible: %v", got)
			}
			if got := len(s.editBtns) > 0; got != tc.manage {
				t.Fatalf("Edit buttons: %d", len(s.editBtns))
			}
			// None of the buttons on screen for anyone else.
			seen := map[string]bool{}
			uitest.VisibleButtons(h.Win.Canvas().Content(), func(b *widget.Button) { seen[b.Text] = true })
			for _, label := range []string{"Edit", "Add activity", "Venues", "Show archived activities"} {
				if seen[label] != tc.manage {
					t.Errorf("%s sees %q: %v", tc.role, label, seen[label])
				}
			}
		})
	}
}

func TestManageOnAVenueDevice(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.st.SetMeta(map[string][]byte{shell.MetaSyncScope: []byte(`{"venues":["` + demo.VenueGarden + `"]}`)})
	h.signIn(domain.RoleLinkWorker)
	s := h.activitiesScreen()
	if !s.manageBar.Visible() || s.editBtns[garden] == nil {
		t.Fatal("a link worker cannot manage activities on a venue device")
	}
	test.Tap(s.venuesBtn)
	if vs := h.current().(*venuesScreen); vs.addBtn.Visible() {
		t.Fatal("a venue device offers to add venues, which the server would refuse")
	}
	h.Back()
	if f := h.openActivityForm(""); f.addVenueBtn.Visible() || f.venue.Disabled() {
		t.Fatal("the activity form offers to add a venue, or no venue to choose, on a venue device")
	}
	h.Back()
	if f := h.openActivityForm(garden); !f.venue.Disabled() {
		t.Fatal("a venue device offers to move an activity to another venue, which the server refuses")
	}
}

func TestManageArchiveHidesFromToday(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleLinkWorker)
	today := h.Today()
	if !slices.Contains(sessionIDsOn(h, today), garden) {
		t.Fatal("the garden group is not on Today to begin with")
	}
	pastMarks := 0
	for _, r := range h.st.View().All(domain.KindAttendance) {
		if r.Get("activity_id") == garden {
			pastMarks++
		}
	}
	if pastMarks == 0 {
		t.Fatal("the demo garden group has no history")
	}

	f := h.openActivityForm(garden)
	f.name.SetText("Something typed and then archived")
	test.Tap(f.archiveBtn)
	if f.archiveDlg == nil || f.archiveYes == nil {
		t.Fatal("Archive did not ask first")
	}
	if row, _ := h.st.View().Get(domain.KindActivity, garden); row.Get("deleted") == "true" {
		t.Fatal("archived before confirming")
	}
	test.Tap(f.archiveYes)
	s, ok := h.current().(*Screen)
	if !ok {
		t.Fatalf("after archiving: %T", h.current())
	}
	e, err := h.st.Entity(domain.KindActivity, garden)
	if err != nil || e.Get("deleted") != "true" || e.Get("name") != "Garden group" || e.Erased() {
		t.Fatalf("after archiving: %v, deleted %q, name %q", err, e.Get("deleted"), e.Get("name"))
	}
	if _, live := h.st.View().Get(domain.KindActivity, garden); live {
		t.Fatal("an archived activity is still in the read model")
	}
	if slices.Contains(sessionIDsOn(h, today), garden) {
		t.Fatal("an archived activity is still on Today")
	}
	if s.editBtns[garden] != nil || s.restoreBtns[garden] != nil {
		t.Fatal("the archived activity is still listed, or archived ones show unasked")
	}
	test.Tap(s.archivedBtn)
	if s.restoreBtns[garden] == nil {
		t.Fatal("the archived activity cannot be restored")
	}
	marks := 0
	for _, r := range h.st.View().All(domain.KindAttendance) {
		if r.Get("activity_id") == garden {
			marks++
		}
	}
	if marks != pastMarks {
		t.Fatalf("archiving lost history: %d marks, had %d", marks, pastMarks)
	}
	// Offered as nobody's next step any more.
	f = h.openActivityForm("")
	if f.nextSteps.Buttons[garden] != nil {
		t.Fatal("an archived activity is offered as a next step")
	}
	test.Tap(f.cancelBtn)

	test.Tap(s.restoreBtns[garden])
	if !slices.Contains(sessionIDsOn(h, today), garden) {
		t.Fatal("a restored activity is not back on Today")
	}
}

func TestManageVenueArchive(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleLinkWorker)
	s := h.activitiesScreen()
	test.Tap(s.venuesBtn)
	vs := h.current().(*venuesScreen)
	test.Tap(vs.editBtns[demo.VenueGallery])
	f := h.current().(*venueForm)
	test.Tap(f.archiveBtn)
	if f.archiveDlg != nil || !strings.Contains(f.problem.Text, "still has") {
		t.Fatalf("a venue with activities can be archived: %q", f.problem.Text)
	}
	test.Tap(f.cancelBtn)

	// Empty it first, then archive it.
	for _, a := range activitiesAt(h.st.View(), demo.VenueGallery) {
		if err := h.st.Save("x", domain.Archive(domain.KindActivity, a.ID)); err != nil {
			t.Fatal(err)
		}
	}
	vs.Refresh()
	test.Tap(vs.editBtns[demo.VenueGallery])
	f = h.current().(*venueForm)
	test.Tap(f.archiveBtn)
	test.Tap(f.archiveYes)
	test.Tap(vs.archivedBtn)
	if h.current() != vs || vs.editBtns[demo.VenueGallery] != nil || vs.restoreBtns[demo.VenueGallery] == nil {
		t.Fatal("the archived venue is still on the list, or cannot be restored")
	}
	af := newActivityForm(h, "", "", nil)
	af.Refresh()
	if slices.Contains(af.venueIDs, demo.VenueGallery) {
		t.Fatal("an archived venue is offered for new activities")
	}
	test.Tap(vs.restoreBtns[demo.VenueGallery])
	if vs.editBtns[demo.VenueGallery] == nil {
		t.Fatal("restoring did not bring the venue back")
	}
}

// TestManageSyncsToTheVenueTablet: a link worker on an organisation device
// adds a venue and an activity; after sync the server can enrol a tablet for
// the new venue, and the tablet gets the venue and its activity, and not
// another venue's; an edit follows.
func TestManageSyncsToTheVenueTablet(t *testing.T) {
	srv := servertest.New(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	orgCode := srv.Code(protocol.Scope{Organisation: true}, domain.RoleLinkWorker)

	h := newHarness(t, false, desktopSize)
	h.signIn(domain.RoleLinkWorker) // on a new device, used on its own
	if err := client.Enrol(ctx, h.st, srv.URL, orgCode); err != nil {
		t.Fatal(err)
	}
	office := client.New(h.st, client.Options{})
	lib := addVenue(t, h, domain.Venue{Name: "Kirkby Vale Library", Postcode: "KV1 2AA"})
	hall := addVenue(t, h, domain.Venue{Name: "Town Hall"})
	for _, a := range []struct{ name, venue string }{{"Book club", lib.ID}, {"Tea dance", hall.ID}} {
		f := h.openActivityForm("")
		test.Type(f.name, a.name)
		chooseVenue(t, f, a.venue)
		f.weekday.SetSelected("Saturday")
		test.Type(f.startTime, "10:30")
		test.Tap(f.saveBtn)
	}
	if err := office.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}

	tabletCode, _, err := srv.Store.CreateCode(protocol.Scope{Venues: []string{lib.ID}}, domain.RoleFacilitator, time.Hour)
	if err != nil {
		t.Fatalf("the server cannot enrol a tablet for the venue added in the app: %v", err)
	}
	tablet := storagetest.Open(t)
	if err := client.Enrol(ctx, tablet, srv.URL, tabletCode); err != nil {
		t.Fatal(err)
	}
	tc := client.New(tablet, client.Options{})
	if err := tc.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	book := activityNamed(t, h.st, "Book club")
	if got := venueNamed(t, tablet, "Kirkby Vale Library"); got.Postcode != "KV1 2AA" {
		t.Fatalf("the tablet has the venue as %+v", got)
	}
	if got := activityNamed(t, tablet, "Book club"); got.VenueID != lib.ID || got.StartTime != "10:30" || got.Weekday != time.Saturday {
		t.Fatalf("the tablet has the activity as %+v", got)
	}
	for _, r := range tablet.View().All(domain.KindActivity) {
		if r.Get("name") == "Tea dance" {
			t.Fatal("another venue's activity reached the tablet")
		}
	}

	f := h.openActivityForm(book.ID)
	f.startTime.SetText("11:00")
	test.Tap(f.saveBtn)
	if err := office.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if err := tc.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if got := activityNamed(t, tablet, "Book club"); got.StartTime != "11:00" {
		t.Fatalf("the edit did not reach the tablet: %+v", got)
	}
}

// withCost is a with its cost changed, as another device might change it.
func withCost(a domain.Activity, cost string) domain.Activity {
	a.Cost = cost
	return a
}

// TestFormsSayWhenSomethingIsUnsaved: the activity and venue forms are
// shell.Unsaved: untouched or typed back as they were, nothing is
// unsaved; a change typed is, so the shell asks before leaving it.
func TestFormsSayWhenSomethingIsUnsaved(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleLinkWorker)
	f := h.openActivityForm(garden)
	var u shell.Unsaved = f
	was := f.name.Text
	if u.Unsaved() {
		t.Fatal("an untouched activity form has unsaved changes")
	}
	f.name.SetText("Garden club")
	if !u.Unsaved() {
		t.Fatal("a typed name is not unsaved")
	}
	f.name.SetText(was)
	if u.Unsaved() {
		t.Fatal("a name typed back as it was is unsaved")
	}
	vs := h.activitiesScreen().venues()
	test.Tap(vs.editBtns[demo.VenueGarden])
	vf := h.current().(*venueForm)
	u = vf
	if u.Unsaved() {
		t.Fatal("an untouched venue form has unsaved changes")
	}
	vf.phone.SetText("01632 960999")
	if !u.Unsaved() {
		t.Fatal("a typed phone number is not unsaved")
	}
}
