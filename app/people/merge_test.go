package people

import (
	"os"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// twiceRegistered adds a second record of someone on today's garden
// register, as a tablet would have offline: the same name, a phone number
// and date of birth the first lacks or has otherwise, a mark at today's
// garden session and a referral. It returns the first record's id and the
// second's.
func twiceRegistered(t *testing.T, h *harness) (string, string) {
	t.Helper()
	r := openRegister(t, h, garden)
	first, _ := h.st.View().Person(r.expected[0])
	if first.Email != "" {
		// The second record alone has an email: the merge takes it by default.
		noEmail := first
		noEmail.Email = ""
		if err := h.st.Save("test", domain.Changed(domain.KindPerson, first.ID, first, noEmail)...); err != nil {
			t.Fatal(err)
		}
		first = noEmail
	}
	dup := domain.Person{ID: "dup-" + first.ID, GivenName: first.GivenName, FamilyName: first.FamilyName,
		Phone: "07700 900999", DateOfBirth: first.DateOfBirth, Email: "second@example.org"}
	if dup.DateOfBirth == "" {
		dup.DateOfBirth = "1950-02-03"
	}
	sid := r.info.Session.ID
	m := domain.Attendance{ID: domain.AttendanceID(sid, dup.ID), SessionID: sid, PersonID: dup.ID, ActivityID: garden,
		VenueID: r.info.Session.VenueID, Date: r.info.Session.Date, Status: domain.StatusPresent}
	e := domain.Enrolment{ID: domain.EnrolmentID(garden, dup.ID), ActivityID: garden, PersonID: dup.ID,
		VenueID: r.info.Session.VenueID, Started: r.info.Session.Date}
	ref := domain.Referral{ID: "ref-" + dup.ID, PersonID: dup.ID, Source: domain.SourceSelf, Status: domain.ReferralReceived,
		Received: r.info.Session.Date}
	if err := h.st.Save("tablet", record.Change{Kind: domain.KindPerson, ID: dup.ID, Fields: domain.Encode(dup)},
		record.Change{Kind: domain.KindEnrolment, ID: e.ID, Fields: domain.Encode(e)},
		record.Change{Kind: domain.KindAttendance, ID: m.ID, Fields: domain.Encode(m)},
		record.Change{Kind: domain.KindReferral, ID: ref.ID, Fields: domain.Encode(ref)}); err != nil {
		t.Fatal(err)
	}
	return first.ID, dup.ID
}

// openMerge opens a person's card and taps "Merge with another record…".
func openMerge(t *testing.T, h *harness, personID string) *Merge {
	t.Helper()
	h.sh.Push(NewCard(h.sh, personID))
	ps := h.sh.Top().(*Card)
	if !ps.mergeBtn.Visible() {
		t.Fatalf("no merge button on the card for a %s", h.sh.Who.Role)
	}
	test.Tap(ps.mergeBtn)
	ms, ok := h.sh.Top().(*Merge)
	if !ok {
		t.Fatalf("the merge button showed %T", h.sh.Top())
	}
	return ms
}

// topDialogText is the text of the dialog on top (dialogText), or "".
func topDialogText(h *harness) string { return uitest.DialogText(h.w) }

// mustShowLaidOut fails unless the window shows every text, reading radio
// options and form labels as drawn.
func mustShowLaidOut(t *testing.T, h *harness, want ...string) {
	t.Helper()
	got := uitest.LaidOutText(h.w.Canvas().Content())
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("the window does not show %q; it shows:\n%s", w, got)
		}
	}
}

// TestMergeScreenMergesTwoRecords drives the screen: from the card, the
// second record is offered as the same person, the two are shown side by
// side, the phone is taken from the second, and merging leaves one person
// with both records' history, in one audit entry, on the kept record's card.
func TestMergeScreenMergesTwoRecords(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	h.signIn(domain.RoleAdministrator)
	firstID, dupID := twiceRegistered(t, h)
	before, _ := h.st.View().Person(firstID)
	marksBefore := 0
	for _, m := range h.st.View().PersonAttendance(firstID) {
		if m.Status != "" {
			marksBefore++
		}
	}

	ms := openMerge(t, h, firstID)
	if len(ms.candidates) == 0 || ms.candidates[0].ID != dupID {
		t.Fatalf("the second record is not offered first: %v\n%s", ms.candidates, strings.Join(uitest.Texts(ms.Content()), "\n"))
	}
	test.Tap(ms.pickBtns[0])
	uitest.MustShow(t, ms.Content(), "Are these the same person?", "First record", "Second record")
	mustShowLaidOut(t, h, "Phone", "07700 900999", "Email", "second@example.org", "(none)", "Keep the first record")
	if ms.keep.Selected != keepLabels[0] {
		t.Errorf("the record with the history is not kept by default: %q", ms.keep.Selected)
	}
	phone := ms.choices["phone"]
	if phone == nil {
		t.Fatal("the phone numbers differ but are not offered")
	}
	// The email only the second has is taken by default; the phone is chosen.
	if got := ms.choices["email"].Selected; got != "second@example.org" {
		t.Errorf("email defaults to %q, want the only one recorded", got)
	}
	phone.SetSelected("07700 900999")
	test.Tap(ms.mergeBtn)
	if !strings.Contains(topDialogText(h), "Merge the two records?") {
		t.Fatalf("no confirmation: %q", topDialogText(h))
	}
	test.Tap(ms.confirmBtn)

	v := h.st.View()
	if row, _ := v.Get(domain.KindPerson, dupID); row == nil || row.Get(record.FieldMergedInto) != firstID {
		t.Fatalf("the second record is not merged into the first")
	}
	after, _ := v.Person(dupID)
	if after.ID != firstID || after.Phone != "07700 900999" || after.Email != "second@example.org" || after.GivenName != before.GivenName {
		t.Errorf("the kept record is %+v", after)
	}
	if rows := v.By(domain.KindReferral, "person_id", firstID); len(rows) != 1 || rows[0].Get("person_id") != firstID {
		t.Errorf("the second record's referral did not move: %d rows", len(rows))
	}
	marks := 0
	for _, m := range v.PersonAttendance(firstID) {
		if m.Status != "" {
			marks++
		}
	}
	if marks != marksBefore+1 {
		t.Errorf("the kept record has %d marks, want %d (theirs and the second record's)", marks, marksBefore+1)
	}
	var merged []domain.Audit
	for _, row := range v.By(domain.KindAudit, "entity_id", firstID) {
		var a domain.Audit
		row.Decode(&a)
		if a.Action == audit.ActionMerged {
			merged = append(merged, a)
		}
	}
	if len(merged) != 1 || !strings.Contains(merged[0].Detail, dupID) || !strings.Contains(merged[0].Detail, "phone") {
		t.Fatalf("audit entries for the merge: %+v", merged)
	}
	// What Admin › Audit reads in words ("taking the phone", "1 case
	// record": the window's TestMergeAuditReadsInWords).
	for _, want := range []string{"took: phone", "moved: 1;"} {
		if !strings.Contains(merged[0].Detail, want) {
			t.Errorf("the merge's audit detail is %q; want %q in it", merged[0].Detail, want)
		}
	}
	ps, ok := h.sh.Top().(*Card)
	if !ok || ps.personID != firstID {
		t.Fatalf("after merging the screen is %T, not the kept record's card", h.sh.Top())
	}
	uitest.MustShow(t, ps.Content(), "07700 900999")
}

// TestMergeScreenRefusesAndKeepsEverything: a record merged elsewhere while
// the screen was open is refused in words, and nothing is written.
func TestMergeScreenRefusesAndKeepsEverything(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	h.signIn(domain.RoleLinkWorker)
	firstID, dupID := twiceRegistered(t, h)
	ms := openMerge(t, h, firstID)
	ms.choose(dupID)
	if ms.mergeBtn == nil {
		t.Fatal("no comparison after choosing")
	}
	// Another device merged the second record into someone else meanwhile.
	if err := h.st.Save("office", record.Change{Kind: domain.KindPerson, ID: dupID, Fields: map[string]string{record.FieldMergedInto: "someone-else"}}); err != nil {
		t.Fatal(err)
	}
	version := h.st.Version()
	test.Tap(ms.mergeBtn)
	if txt := strings.Join(h.sh.Errors, "\n"); !strings.Contains(txt, "were not merged") || !strings.Contains(txt, "already merged") {
		t.Errorf("the refusal says %q", txt)
	}
	if h.st.Version() != version {
		t.Error("a refused merge wrote something")
	}
	if _, ok := h.sh.Top().(*Merge); !ok {
		t.Errorf("a refused merge left the screen for %T", h.sh.Top())
	}
}

// TestMergeOfferedByRole: only administrators and link workers merge.
func TestMergeOfferedByRole(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	for _, tc := range []struct {
		role string
		want bool
	}{
		{domain.RoleAdministrator, true}, {domain.RoleLinkWorker, true},
		{domain.RoleReception, false}, {domain.RoleFacilitator, false}, {domain.RoleVolunteer, false},
	} {
		t.Run(tc.role, func(t *testing.T) {
			h.signIn(tc.role)
			id := h.st.View().SearchPeople("a", 1)[0].ID
			ps := NewCard(h.sh, id)
			if ps.mergeBtn.Visible() != tc.want {
				t.Errorf("merge button shown %v, want %v", ps.mergeBtn.Visible(), tc.want)
			}
			if tc.role == domain.RoleAdministrator || tc.role == domain.RoleLinkWorker || tc.role == domain.RoleReception {
				h.sh.Push(NewFinder(h.sh, os.TempDir))
				people, ok := h.sh.Top().(*Finder)
				if !ok {
					t.Fatalf("Find a person shows %T", h.sh.Top())
				}
				if (people.mergeBtn != nil) != tc.want {
					t.Errorf("Find a person offers merging: %v, want %v", people.mergeBtn != nil, tc.want)
				}
			}
		})
	}
}

// TestMergeFromFindAPerson: "Merge two records…" asks for the first record
// by name, then offers the other records that look like the same person.
func TestMergeFromFindAPerson(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	h.signIn(domain.RoleLinkWorker)
	firstID, dupID := twiceRegistered(t, h)
	first, _ := h.st.View().Person(firstID)
	h.sh.Push(NewFinder(h.sh, os.TempDir))
	test.Tap(h.sh.Top().(*Finder).mergeBtn)
	ms, ok := h.sh.Top().(*Merge)
	if !ok {
		t.Fatalf("Merge two records… showed %T", h.sh.Top())
	}
	uitest.MustShow(t, ms.Content(), "Which two records are the same person?")
	if len(ms.pickBtns) != 0 {
		t.Errorf("%d records offered before a name was typed", len(ms.pickBtns))
	}
	test.Type(ms.search, first.FamilyName)
	i := -1
	for j, p := range ms.candidates {
		if p.ID == firstID {
			i = j
		}
	}
	if i < 0 {
		t.Fatalf("searching %q does not offer %s", first.FamilyName, first.FullName())
	}
	test.Tap(ms.pickBtns[i])
	uitest.MustShow(t, ms.Content(), "Which other record is "+first.FullName()+"?", "Looks like the same person")
	if len(ms.candidates) == 0 || ms.candidates[0].ID != dupID {
		t.Fatalf("the second record is not offered: %v", ms.candidates)
	}
	test.Tap(ms.pickBtns[0])
	if ms.mergeBtn == nil || !ms.mergeBtn.Visible() {
		t.Fatal("no comparison once both records were chosen")
	}
	test.Tap(ms.otherBtn)
	uitest.MustShow(t, ms.Content(), "Which other record is "+first.FullName()+"?")
}

// TestMergeScreenSetsPhotoConsentFromBothRecords: the first record has
// photo consent, on the card and in a consent record. Merging in a second
// record whose photo consent was withdrawn later leaves no "Photos OK"
// (the card kept said yes); merging in one never asked keeps it.
func TestMergeScreenSetsPhotoConsentFromBothRecords(t *testing.T) {
	for _, c := range []struct {
		name      string
		dupRecord *domain.Consent
		want      bool
	}{
		{"second record withdrew", &domain.Consent{Given: "2026-01-10", Withdrawn: "2026-02-01"}, false},
		{"second record never asked", nil, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, true, fyne.NewSize(1280, 800))
			h.signIn(domain.RoleAdministrator)
			firstID, dupID := twiceRegistered(t, h)
			changes := []record.Change{
				{Kind: domain.KindPerson, ID: firstID, Fields: map[string]string{"photo_consent": "true"}},
				domain.Create(domain.KindConsent, "photos-first", domain.Consent{PersonID: firstID, Purpose: domain.ConsentPhotos, Given: "2026-01-05"}),
			}
			if c.dupRecord != nil {
				x := *c.dupRecord
				x.PersonID, x.Purpose = dupID, domain.ConsentPhotos
				changes = append(changes, domain.Create(domain.KindConsent, "photos-dup", x))
			}
			if err := h.st.Save("seed", changes...); err != nil {
				t.Fatal(err)
			}

			ms := openMerge(t, h, firstID)
			test.Tap(ms.pickBtns[0])
			test.Tap(ms.mergeBtn)
			test.Tap(ms.confirmBtn)

			v := h.st.View()
			if p, _ := v.Person(dupID); p.ID != firstID || p.PhotoConsent != c.want {
				t.Errorf("after the merge the register's card is %s with photo_consent %v, want %v", p.ID, p.PhotoConsent, c.want)
			}
			for _, id := range []string{firstID, dupID} {
				if row, _ := v.Get(domain.KindPerson, id); row == nil || (row.Get("photo_consent") == "true") != c.want {
					t.Errorf("stored card %s: photo_consent %q, want %v", id, row.Get("photo_consent"), c.want)
				}
			}
		})
	}
}

// TestMergeShowsDatesOfBirthTheUKWay: the dates of birth to choose between
// read 16/03/1964, not as stored (1964-03-16), and the one chosen is saved
// as stored.
func TestMergeShowsDatesOfBirthTheUKWay(t *testing.T) {
	h := newHarness(t, true, portraitSize)
	h.signIn(domain.RoleLinkWorker)
	firstID, dupID := twiceRegistered(t, h)
	if err := h.st.Save("tablet",
		record.Change{Kind: domain.KindPerson, ID: firstID, Fields: map[string]string{"date_of_birth": "1964-03-16"}},
		record.Change{Kind: domain.KindPerson, ID: dupID, Fields: map[string]string{"date_of_birth": "1950-07-10"}}); err != nil {
		t.Fatal(err)
	}
	ms := openMerge(t, h, firstID)
	for i, c := range ms.candidates {
		if c.ID == dupID {
			test.Tap(ms.pickBtns[i])
		}
	}
	dob := ms.choices["date_of_birth"]
	if dob == nil {
		t.Fatal("the dates of birth differ but are not offered")
	}
	if want := []string{"16/03/1964", "10/07/1950"}; !slices.Equal(dob.Options, want) {
		t.Errorf("dates of birth offered as %q, want %q", dob.Options, want)
	}
	mustShowLaidOut(t, h, "16/03/1964", "10/07/1950")
	dob.SetSelected("10/07/1950")
	test.Tap(ms.mergeBtn)
	test.Tap(ms.confirmBtn)
	if p, _ := h.st.View().Person(firstID); p.DateOfBirth != "1950-07-10" {
		t.Errorf("date of birth saved as %q, want 1950-07-10", p.DateOfBirth)
	}
}

// TestMergeSaysWhenTheDeviceCannot: an administrator signed in on the
// reception desk may merge, but the server takes a merge only from a
// device enrolled for a role that may (sync/server's checkRole): the
// merge screen says so before anything is chosen, and its button does
// nothing, rather than the merge being refused at the next sync.
func TestMergeSaysWhenTheDeviceCannot(t *testing.T) {
	cases := []struct {
		role    string
		refused bool
	}{
		{domain.RoleReception, true},
		{"", true},
		{domain.RoleLinkWorker, false},
		{domain.RoleAdministrator, false},
	}
	for _, tc := range cases {
		t.Run("enrolled as "+tc.role, func(t *testing.T) {
			h := newHarness(t, true, fyne.NewSize(1280, 800))
			if err := h.st.SetMeta(map[string][]byte{shell.MetaSyncScope: []byte(`{"organisation":true}`), shell.MetaSyncRole: []byte(tc.role)}); err != nil {
				t.Fatal(err)
			}
			h.signIn(domain.RoleAdministrator)
			firstID, dupID := twiceRegistered(t, h)
			ms := openMerge(t, h, firstID)
			says := strings.Contains(strings.Join(uitest.Texts(ms.Content()), "\n"), "the server will not take a merge from it")
			if says != tc.refused {
				t.Errorf("the chooser says the device cannot merge: %v, want %v", says, tc.refused)
			}
			test.Tap(ms.pickBtns[0])
			if ms.mergeBtn.Disabled() != tc.refused {
				t.Errorf("the merge button is disabled: %v, want %v", ms.mergeBtn.Disabled(), tc.refused)
			}
			if tc.refused {
				uitest.MustShow(t, ms.Content(), "Do it on a device enrolled for an administrator or a link worker")
				test.Tap(ms.mergeBtn)
				if row, _ := h.st.View().Get(domain.KindPerson, dupID); row == nil || row.Get(record.FieldMergedInto) != "" {
					t.Errorf("the records were merged on a device the server takes no merge from")
				}
			}
		})
	}
}
