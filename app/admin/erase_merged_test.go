package admin

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// addDuplicate registers the person of id a second time, merged into id,
// with a referral closed on closed ("" is open), and returns the
// duplicate's id.
func addDuplicate(t *testing.T, h *harness, id, closed string) string {
	t.Helper()
	v := h.st.View()
	p, _ := v.Person(id)
	dup := domain.Person{ID: domain.NewID(), GivenName: p.GivenName, FamilyName: p.FamilyName}
	if err := h.st.Save(demo.StaffAdmin,
		record.Change{Kind: domain.KindPerson, ID: dup.ID, Fields: domain.Encode(dup)},
		record.Change{Kind: domain.KindPerson, ID: dup.ID, Fields: map[string]string{record.FieldMergedInto: id}}); err != nil {
		t.Fatal(err)
	}
	addReferral(t, h, dup.ID, closed)
	return dup.ID
}

// addReferral saves a referral for a person id, closed on closed ("" is
// open), as a device that had not heard of a merge would.
func addReferral(t *testing.T, h *harness, person, closed string) {
	t.Helper()
	ref := domain.Referral{ID: domain.NewID(), PersonID: person, Source: domain.SourceGP, Received: "2022-01-05", Closed: closed, Status: "open"}
	if closed != "" {
		ref.Status = "closed"
	}
	if err := h.st.Save(demo.StaffAdmin, record.Change{Kind: domain.KindReferral, ID: ref.ID, Fields: domain.Encode(ref)}); err != nil {
		t.Fatal(err)
	}
}

// TestAdminRetentionErasesAMergedPersonWholly: Olwen was registered twice
// and merged, each record with a referral closed long ago. The list shows
// her once, and "Erase all" erases both her records and both referrals.
func TestAdminRetentionErasesAMergedPersonWholly(t *testing.T) {
	h, _, a := newAdminHarness(t, desktopSize)
	olwen := addCase(t, h, "Olwen", "Pryce", "2023-02-10")
	dup := addDuplicate(t, h, olwen, "2023-01-20")
	a.onSection(adminErase)
	s := a.erase
	s.retention.SetSelected("2 years after the case closed")
	if len(s.expired) != 1 || s.expired[0] != olwen || strings.Count(s.expiredList.Text, "Olwen Pryce") != 1 {
		t.Fatalf("expired %v, list %q: want Olwen once, by her surviving record", s.expired, s.expiredList.Text)
	}
	test.Tap(s.eraseAll)
	test.Tap(s.bulkDlg.yes)
	v := h.st.View()
	for _, id := range []string{olwen, dup} {
		if _, ok := v.Get(domain.KindPerson, id); ok {
			t.Errorf("person record %s is still there", id)
		}
	}
	if refs := v.All(domain.KindReferral); len(refs) != 0 {
		t.Errorf("%d referrals left", len(refs))
	}
	if !strings.Contains(s.msg.Text, "1 person was erased") {
		t.Errorf("after erasing: %q", s.msg.Text)
	}
}

// TestAdminRetentionKeepsACaseReopenedWhileAsking: while the administrator
// reads the list, a sync brings a new referral for Olwen, made offline
// under her duplicate record. "Erase all" keeps her, and says why.
func TestAdminRetentionKeepsACaseReopenedWhileAsking(t *testing.T) {
	h, _, a := newAdminHarness(t, desktopSize)
	olwen := addCase(t, h, "Olwen", "Pryce", "2023-02-10")
	dup := addDuplicate(t, h, olwen, "2023-01-20")
	a.onSection(adminErase)
	s := a.erase
	s.retention.SetSelected("2 years after the case closed")
	test.Tap(s.eraseAll)
	addReferral(t, h, dup, "")
	test.Tap(s.bulkDlg.yes)
	if _, ok := h.st.View().Person(olwen); !ok {
		t.Fatal("Olwen was erased with an open referral")
	}
	uitest.Shot(t, h.w, "admin-erase-kept")
	if !strings.Contains(s.msg.Text, "kept") {
		t.Errorf("after erasing: %q", s.msg.Text)
	}
}
